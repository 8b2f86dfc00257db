"""Action-server settings: one model, read from ``DESK_*`` environment variables once."""

from __future__ import annotations

from functools import lru_cache

from pydantic import BaseSettings, Field

from kb_index.settings import KBSettings


class ActionSettings(BaseSettings):
    """How the actions decide between answering and handing off.

    A knowledge-base hit is shown only at or above the threshold, otherwise the bot
    asks or escalates. Confidences have different scales for English (the English
    model's cosine), Chinese (the Chinese encoder's) and languages searched with BM25
    alone, so each has its own threshold, chosen from the curves of held-out in-scope
    and out-of-scope questions in docs/evaluation.md. Chinese: 0.50 answers as many
    out-of-scope questions as the lexical 0.30 did before the encoder (0.14) and
    0.80 of in-scope ones rightly (0.72 before).
    """

    kb: KBSettings = Field(default_factory=KBSettings)
    kb_answer_threshold: float = Field(0.45, ge=0, le=1)
    kb_answer_threshold_zh: float = Field(0.50, ge=0, le=1)
    kb_answer_threshold_lexical: float = Field(0.30, ge=0, le=1)
    # Withdrawals may sit in manual review this long before they count as overdue.
    withdrawal_review_minutes: int = Field(24 * 60, gt=0)

    class Config:
        env_prefix = "DESK_"
        frozen = True

    def answer_threshold(self, language: str | None) -> float:
        """Return the confidence an article needs to be shown to a user of the language."""
        if language is not None and language not in self.kb.dense_languages:
            return self.kb_answer_threshold_lexical
        if language == "zh":
            return self.kb_answer_threshold_zh
        return self.kb_answer_threshold


@lru_cache(maxsize=1)
def get_settings() -> ActionSettings:
    """The action server's settings, built from the environment on first use."""
    return ActionSettings()
