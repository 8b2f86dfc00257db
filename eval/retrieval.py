"""Knowledge-base retrieval on held-out questions: Recall@1, Recall@3 and MRR per language."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from eval.heldout import Example, load_kb_questions
from kb_index.search import KnowledgeBase

MODES = ("dense", "lexical", "hybrid")


@dataclass(frozen=True)
class RetrievalFigures:
    """Ranking quality for one language and one search mode."""

    language: str
    mode: str
    questions: int
    recall_at_1: float
    recall_at_3: float
    mrr: float


def rank_of_answer(kb: KnowledgeBase, example: Example, mode: str, vector=None) -> int | None:
    """Return the 1-based rank of the expected article in the top 10, or None."""
    hits = kb.search(example.text, example.language, k=10, mode=mode, query_vector=vector)
    for rank, hit in enumerate(hits, start=1):
        if hit.article_id == example.label:
            return rank
    return None


def evaluate_retrieval(kb: KnowledgeBase, modes: tuple[str, ...] = MODES) -> list[RetrievalFigures]:
    """Rank every held-out in-scope question in each mode; return figures per language."""
    in_scope, _ = load_kb_questions()
    vectors = kb.embedder.embed([e.text for e in in_scope])
    figures = []
    for mode in modes:
        for language in ("en", "zh"):
            ranks = [
                rank_of_answer(kb, e, mode, vectors[i])
                for i, e in enumerate(in_scope) if e.language == language
            ]
            reciprocal = [1.0 / r if r else 0.0 for r in ranks]
            figures.append(RetrievalFigures(
                language, mode, len(ranks),
                float(np.mean([r == 1 for r in ranks])),
                float(np.mean([r is not None and r <= 3 for r in ranks])),
                float(np.mean(reciprocal)),
            ))
    return figures
