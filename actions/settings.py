"""Action-server settings, read from the environment once."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache

from kb_index.settings import KBSettings


@dataclass(frozen=True)
class ActionSettings:
    """How the actions decide between answering and handing off.

    A knowledge-base hit is shown only at or above the threshold, otherwise the
    conversation is escalated. Hybrid and lexical-only confidences (the latter for
    languages the embedding model does not cover) have different scales, so each has
    its own threshold. Both were chosen on the held-out in-scope and out-of-scope
    questions so that about one in ten out-of-scope questions gets an article
    (docs/evaluation.md has the curve).
    """

    kb: KBSettings = field(default_factory=KBSettings)
    kb_answer_threshold: float = 0.45
    kb_answer_threshold_lexical: float = 0.30
    # Withdrawals may sit in manual review this long before they count as overdue.
    withdrawal_review_minutes: int = 24 * 60

    def answer_threshold(self, language: str | None) -> float:
        """Return the confidence an article needs to be shown to a user of the language."""
        if language is None or language in self.kb.dense_languages:
            return self.kb_answer_threshold
        return self.kb_answer_threshold_lexical


@lru_cache(maxsize=1)
def get_settings() -> ActionSettings:
    """Build the settings from ``DESK_*`` environment variables."""
    defaults = ActionSettings()
    return ActionSettings(
        kb=KBSettings.from_env(),
        kb_answer_threshold=float(
            os.environ.get("DESK_KB_ANSWER_THRESHOLD", defaults.kb_answer_threshold)
        ),
        kb_answer_threshold_lexical=float(
            os.environ.get(
                "DESK_KB_ANSWER_THRESHOLD_LEXICAL", defaults.kb_answer_threshold_lexical
            )
        ),
    )
