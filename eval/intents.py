"""Intent accuracy and macro-F1 per language on the held-out sets, with a trained model."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from pathlib import Path

from sklearn.metrics import accuracy_score, f1_score

from eval.heldout import Example, load_nlu_examples


@dataclass
class IntentResult:
    """Predictions for one language and the figures computed from them."""

    language: str
    examples: list[Example]
    predicted: list[str]
    confidences: list[float]
    accuracy: float = 0.0
    macro_f1: float = 0.0
    confusions: list[tuple[str, str, int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        truth = [e.label for e in self.examples]
        self.accuracy = float(accuracy_score(truth, self.predicted))
        self.macro_f1 = float(f1_score(truth, self.predicted, average="macro", zero_division=0))
        pairs: dict[tuple[str, str], int] = {}
        for t, p in zip(truth, self.predicted, strict=True):
            if t != p:
                pairs[(t, p)] = pairs.get((t, p), 0) + 1
        self.confusions = sorted(((t, p, n) for (t, p), n in pairs.items()), key=lambda x: -x[2])


def _classifier_top(parsed: dict) -> dict:
    """Return the classifier's best intent, skipping the fallback's ``nlu_fallback``."""
    for entry in parsed.get("intent_ranking") or []:
        if entry.get("name") != "nlu_fallback":
            return entry
    return {}


async def _parse_all(model_path: Path, texts: list[str]) -> list[dict]:
    import logging

    from rasa.core.agent import Agent

    logging.getLogger("rasa").setLevel(logging.WARNING)

    agent = Agent.load(str(model_path))
    return [await agent.parse_message(text) for text in texts]


def evaluate_intents(model_path: Path, languages: tuple[str, ...] = ("en", "zh")) -> dict:
    """Parse every held-out example with the model; return figures per language.

    The intent compared is the classifier's top intent, before the FallbackClassifier
    replaces low-confidence ones with ``nlu_fallback``.
    """
    results = {}
    for language in languages:
        examples = load_nlu_examples(language)
        started = time.perf_counter()
        parsed = asyncio.run(_parse_all(model_path, [e.text for e in examples]))
        elapsed = time.perf_counter() - started
        top = [_classifier_top(p) for p in parsed]
        results[language] = IntentResult(
            language, examples, [t.get("name") or "" for t in top],
            [float(t.get("confidence") or 0.0) for t in top],
        )
        results[language].seconds = elapsed
    return results
