"""BANKING77 with 10 examples per intent: the project's pipeline against two baselines.

Read from ../shared/datasets/banking77 (not copied into the repo). The sample is fixed:
rows of train.csv grouped by intent in file order, 10 drawn per intent with
random.Random(77), the same for every system. Every system is scored on the full
test set (3,080 questions) in the same run.
"""

from __future__ import annotations

import asyncio
import csv
import logging
import random
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATASET = PROJECT_ROOT.parent / "shared" / "datasets" / "banking77"
SEED = 77
PER_INTENT = 10


def _rows(name: str) -> list[tuple[str, str]]:
    with (DATASET / name).open(encoding="utf-8") as f:
        return [(r["text"], r["category"]) for r in csv.DictReader(f)]


def sample_train(per_intent: int = PER_INTENT, seed: int = SEED) -> list[tuple[str, str]]:
    """The fixed few-shot sample: ``per_intent`` rows per intent."""
    by_intent: dict[str, list[str]] = defaultdict(list)
    for text, intent in _rows("train.csv"):
        by_intent[intent].append(text)
    rng = random.Random(seed)
    return [(text, intent) for intent in sorted(by_intent)
            for text in rng.sample(by_intent[intent], per_intent)]


def _write_nlu(rows: list[tuple[str, str]], path: Path) -> None:
    by_intent: dict[str, list[str]] = defaultdict(list)
    for text, intent in rows:
        by_intent[intent].append(text)
    lines = ['version: "3.1"', "nlu:"]
    for intent, texts in by_intent.items():
        lines.append(f"- intent: {intent}")
        lines.append("  examples: |")
        lines.extend("    - " + t.replace("\n", " ").strip() for t in texts)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _train_rasa(config: Path, nlu: Path, out: Path, name: str) -> tuple[Path, float]:
    rasa = str(Path(sys.executable).parent / "rasa")
    started = time.perf_counter()
    result = subprocess.run([rasa, "train", "nlu", "--config", str(config), "--nlu", str(nlu),
                             "--out", str(out), "--fixed-model-name", name],
                            cwd=PROJECT_ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(result.stdout[-2000:] + result.stderr[-2000:])
    return out / f"{name}.tar.gz", time.perf_counter() - started


async def _predict_rasa(model: Path, texts: list[str]) -> list[str]:
    from rasa.core.agent import Agent

    logging.getLogger("rasa").setLevel(logging.WARNING)
    agent = Agent.load(str(model))
    predictions = []
    for text in texts:
        parsed = await agent.parse_message(text)
        ranking = [r for r in parsed.get("intent_ranking") or [] if r["name"] != "nlu_fallback"]
        predictions.append(ranking[0]["name"] if ranking else "")
    return predictions


def _score(name: str, truth: list[str], predicted: list[str], seconds: float) -> dict:
    return {"system": name, "accuracy": float(accuracy_score(truth, predicted)),
            "macro_f1": float(f1_score(truth, predicted, average="macro")),
            "train_seconds": seconds}


def run(work: Path, include_rasa_default: bool = True) -> list[dict]:
    """Train and score every system; return one row per system."""
    train = sample_train()
    test = _rows("test.csv")
    texts, truth = [t for t, _ in test], [i for _, i in test]
    nlu = work / "banking77_10shot.yml"
    _write_nlu(train, nlu)
    results = []

    model, seconds = _train_rasa(PROJECT_ROOT / "config.yml", nlu, work, "b77_project")
    results.append(_score("this project's pipeline (config.yml)", truth,
                          asyncio.run(_predict_rasa(model, texts)), seconds))

    from kb_index.embedder import Embedder

    embedder = Embedder()
    started = time.perf_counter()
    classifier = LogisticRegression(C=10, max_iter=3000).fit(
        embedder.embed([t for t, _ in train]), [i for _, i in train])
    seconds = time.perf_counter() - started
    results.append(_score("all-MiniLM-L6-v2 + logistic regression", truth,
                          list(classifier.predict(embedder.embed(texts))), seconds))

    if include_rasa_default:
        model, seconds = _train_rasa(Path(__file__).parent / "configs" / "rasa_default.yml",
                                     nlu, work, "b77_default")
        results.append(_score("Rasa's default pipeline (rasa init)", truth,
                              asyncio.run(_predict_rasa(model, texts)), seconds))
    return results


if __name__ == "__main__":
    import json
    import tempfile

    print(json.dumps(run(Path(tempfile.mkdtemp(prefix="b77-")), "--skip-default" not in sys.argv),
                     indent=2))
