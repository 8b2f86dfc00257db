"""The Chinese encoder against the English model alone, on every held-out set.

Two configurations, measured in one run on the same data:

- *English model only*: all-MiniLM-L6-v2 embeds every text, and Chinese questions are
  searched with BM25 alone (dense languages "en"), as the desk shipped before the encoder;
- *with the Chinese encoder* (shipped): text with Chinese characters is embedded by
  ``models/encoder-zh`` (``python -m encoder build``), and dense retrieval counts for both
  languages at the shipped dense weights.

Retrieval is measured on ``kb_questions.yml``; intents with an NLU model trained for each
configuration on ``nlu_*.yml`` and ``realistic_*.yml``.
"""

from __future__ import annotations

import json
import os
from contextlib import contextmanager
from pathlib import Path

from eval.heldout import load_realistic_examples
from eval.intents import evaluate_intents
from eval.realistic import intent_figures, parse_with_model
from eval.retrieval import evaluate_retrieval
from eval.training import PROJECT_ROOT, train
from kb_index.build import build_index
from kb_index.search import KnowledgeBase
from kb_index.settings import KBSettings

LANGUAGES = ("en", "zh")


@contextmanager
def _environment(**values: str):
    """Set environment variables for the block (the NLU featurizer reads them on load)."""
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def configurations() -> dict[str, dict[str, str]]:
    """The settings of each configuration, as environment variables."""
    shipped = KBSettings()
    return {
        "english_only": {"DESK_EMBEDDING_MODEL_ZH": "", "DESK_KB_DENSE_LANGUAGES": "en"},
        "chinese_encoder": {"DESK_EMBEDDING_MODEL_ZH": shipped.chinese_model,
                            "DESK_KB_DENSE_LANGUAGES": ",".join(shipped.dense_languages)},
    }


def compare_encoders(work: Path) -> dict:
    """Retrieval and intents for each configuration, and how the encoder was trained."""
    results: dict = {}
    for name, env in configurations().items():
        print(f"  {name}: retrieval ...", flush=True)
        with _environment(**env):
            settings = KBSettings(index_dir=work / f"index-{name}")
            build_index(settings)
            retrieval = [vars(f) for f in evaluate_retrieval(KnowledgeBase.load(settings))]
        print(f"  {name}: training an NLU model and parsing the held-out sets ...", flush=True)
        model = train(work, f"nlu-{name}", PROJECT_ROOT / "config.yml", nlu_only=True, env=env)
        with _environment(**env):
            intents = {f"nlu_{lang}": r.accuracy for lang, r in evaluate_intents(model.path).items()}
            for lang in LANGUAGES:
                examples = load_realistic_examples(lang)
                figures = intent_figures(examples, parse_with_model(model.path, examples))
                intents[f"realistic_{lang}"] = figures["accuracy"]
        results[name] = {"retrieval": retrieval, "intents": intents,
                         "training_seconds": model.seconds}
    trained = Path(KBSettings().chinese_model) / "distillation.json"
    results["build"] = json.loads(trained.read_text()) if trained.exists() else None
    return results
