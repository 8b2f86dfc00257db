"""Does a message carry a complaint beside its matter? ("withdrawal stuck for 3 days, this
is a joke, I'll report you")

Real users vent before they ask: the bot still runs the flow for the matter, and the hub
acknowledges the frustration and raises the priority if the case reaches a person. A
complaint is read from the classifier's runners-up (``complaint`` among the top intents)
or from words people use when they are angry, in either language.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

_ENGLISH = re.compile(
    r"\b(ridiculous|unacceptable|scam(?:mers?)?|fraud(?:ulent)?|worst|terrible|pathetic|"
    r"useless|disgusting|a joke|incompetent|rob(?:bing|bed)|stealing|thie(?:f|ves)|lawyer|"
    r"regulators?|report (?:you|this)|complain(?:t|ing)?|furious|angry|pissed|wtf|garbage|"
    r"trash|shame on|fed up|sick of|no one (?:answers|replies|responds)|nobody (?:answers|"
    r"replies|responds)|still no (?:answer|reply|response)|waste of time)\b", re.IGNORECASE)
_CHINESE = re.compile(
    r"垃圾|骗子|骗局|诈骗|欺诈|投诉|曝光|报警|监管|太差|什么破|坑人|坑爹|气死|凭什么|无语|恶心|"
    r"黑平台|跑路|差评|维权|起诉|律师|离谱|搞什么|有病|太离谱|没人(?:回|理|管)|不回复|"
    r"复读机|敷衍|忽悠|骗钱|吃相|还我|退钱|垃圾客服|说法")
_SHOUTING = re.compile(r"[!！]{3,}|[?？]{3,}")
COMPLAINT_INTENT = "complaint"
RUNNER_UP_CONFIDENCE = 0.3
# Intents the bot already treats as a complaint, sends to a person at once, or declines.
_HANDLED_AS_COMPLAINTS = {COMPLAINT_INTENT, "request_human", "account_compromised",
                          "out_of_scope"}


def sounds_like_complaint(text: str, ranking: Iterable[Mapping] = ()) -> bool:
    """Whether the message complains, whatever its main matter."""
    for entry in ranking:
        if entry.get("name") == COMPLAINT_INTENT and \
                float(entry.get("confidence") or 0) >= RUNNER_UP_CONFIDENCE:
            return True
    return bool(_ENGLISH.search(text) or _CHINESE.search(text) or _SHOUTING.search(text))


def complaint_beside_matter(intent: str | None, text: str, ranking: Iterable[Mapping] = ()) -> bool:
    """Whether to note a complaint beside the matter the bot takes up for ``intent``.

    Not for the intents whose own move already covers it (a complaint, a person asked for,
    a hacked account) or that the bot declines.
    """
    return intent not in _HANDLED_AS_COMPLAINTS and sounds_like_complaint(text, ranking)
