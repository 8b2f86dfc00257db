"""Action-server settings: one model, read from ``DESK_*`` environment variables once."""

from __future__ import annotations

from functools import lru_cache

from pydantic import BaseSettings, Field

from kb_index.settings import KBSettings


class ActionSettings(BaseSettings):
    """How the actions decide between answering and handing off.

    A knowledge-base hit is shown only at or above the threshold, otherwise the
    conversation is escalated. Hybrid and lexical-only confidences (the latter for
    languages the embedding model does not cover) have different scales, so each has
    its own threshold. Both were chosen on the held-out in-scope and out-of-scope
    questions so that about one in ten out-of-scope questions gets an article
    (docs/evaluation.md has the curve).
    """

    kb: KBSettings = Field(default_factory=KBSettings)
    kb_answer_threshold: float = Field(0.45, ge=0, le=1)
    kb_answer_threshold_lexical: float = Field(0.30, ge=0, le=1)
    # Withdrawals may sit in manual review this long before they count as overdue.
    withdrawal_review_minutes: int = Field(24 * 60, gt=0)

    class Config:
        env_prefix = "DESK_"
        frozen = True

    def answer_threshold(self, language: str | None) -> float:
        """Return the confidence an article needs to be shown to a user of the language."""
        if language is None or language in self.kb.dense_languages:
            return self.kb_answer_threshold
        return self.kb_answer_threshold_lexical


@lru_cache(maxsize=1)
def get_settings() -> ActionSettings:
    """The action server's settings, built from the environment on first use."""
    return ActionSettings()
