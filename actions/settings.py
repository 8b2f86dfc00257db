"""Action-server settings, read from the environment once."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache

from kb_index.settings import KBSettings


@dataclass(frozen=True)
class ActionSettings:
    """How the actions decide between answering and handing off.

    ``kb_answer_threshold``: a knowledge-base hit is shown only at or above this
    confidence, otherwise the conversation is escalated. Chosen from the held-out
    in-scope and out-of-scope questions, see docs/evaluation.md.
    """

    kb: KBSettings = field(default_factory=KBSettings)
    kb_answer_threshold: float = 0.5
    # Withdrawals may sit in manual review this long before they count as overdue.
    withdrawal_review_minutes: int = 24 * 60


@lru_cache(maxsize=1)
def get_settings() -> ActionSettings:
    """Build the settings from ``DESK_*`` environment variables."""
    defaults = ActionSettings()
    return ActionSettings(
        kb=KBSettings.from_env(),
        kb_answer_threshold=float(
            os.environ.get("DESK_KB_ANSWER_THRESHOLD", defaults.kb_answer_threshold)
        ),
    )
