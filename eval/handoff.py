"""Answer or escalate: how the knowledge-base thresholds trade answers against handoffs."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from eval.heldout import load_kb_questions
from kb_index.search import KnowledgeBase


@dataclass(frozen=True)
class ThresholdPoint:
    """What happens to held-out questions at one threshold, for one language."""

    language: str
    threshold: float
    answered_right: float  # in-scope questions answered with the right article
    answered_wrong: float  # in-scope questions answered with a wrong article
    escalated: float  # in-scope questions handed to a person
    out_of_scope_answered: float  # out-of-scope questions that got an article anyway


def threshold_curve(kb: KnowledgeBase, thresholds: np.ndarray) -> list[ThresholdPoint]:
    """Search every held-out question once, then sweep the threshold."""
    in_scope, out_of_scope = load_kb_questions()
    scored = []
    for example in in_scope + out_of_scope:
        hits = kb.search(example.text, example.language, k=1)
        confidence = hits[0].confidence if hits else 0.0
        right = bool(hits) and hits[0].article_id == example.label
        scored.append((example.language, bool(example.label), confidence, right))
    points = []
    for language in ("en", "zh"):
        ins = [s for s in scored if s[0] == language and s[1]]
        oos = [s for s in scored if s[0] == language and not s[1]]
        for t in thresholds:
            points.append(ThresholdPoint(
                language, float(t),
                float(np.mean([c >= t and r for _, _, c, r in ins])),
                float(np.mean([c >= t and not r for _, _, c, r in ins])),
                float(np.mean([c < t for _, _, c, _ in ins])),
                float(np.mean([c >= t for _, _, c, _ in oos])),
            ))
    return points
