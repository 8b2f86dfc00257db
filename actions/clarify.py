"""Ask before handing off: offer the two or three likeliest readings of an unclear message.

When no article is confident enough, the bot does not hand off at once. It offers what
the message most likely means as buttons, "Did you mean: ..." in the user's language,
with a last button "None of these, talk to a person":

- *articles*: the knowledge base's top hits above a floor below the answer threshold; a
  pick sends ``/faq_general{"article": id}`` and the article is shown as a confident
  answer would be;
- *matters*: the classifier's top intents that the bot can take up on its own. A pick of
  a flow's intent sends ``/deposit_delay`` and Rasa runs that intent's own rule; a pick
  of a knowledge intent (``password_reset``) carries that intent's best article for the
  message, ``/password_reset{"article": id}``.

The offer is kept in the ``clarification_offered`` slot for the one message that answers
it (actions/language.py clears it after that). "None of these", or another miss right
after the offer, hands off with what was offered in the handoff's details.

The floors are the same share of what each signal needs to be acted on alone: an article
at 0.6 of the answer threshold, an intent at 0.6 of the NLU fallback threshold.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from desk.language import pick
from kb_index.articles import Article
from kb_index.search import Hit

SLOT = "clarification_offered"
# A candidate is offered at this share of the confidence that would act on it alone.
CANDIDATE_SHARE = 0.6
# config.yml's FallbackClassifier threshold: below it an intent is not acted on alone.
NLU_FALLBACK_THRESHOLD = 0.35
INTENT_FLOOR = CANDIDATE_SHARE * NLU_FALLBACK_THRESHOLD
MAX_CANDIDATES = 3
# The intent an article button sends: its rule is the knowledge-base answer.
ARTICLE_INTENT = "faq_general"
# The last button says "no" to the question, which hands off (actions/kb_answer.py).
NONE_OF_THESE = {"en": "None of these, talk to a person", "zh": "都不是，转人工客服"}
NONE_OF_THESE_PAYLOAD = "/deny"

# Matters the bot can take up itself, with the button's label in each language. The flows
# start with their own rule (data/rules/rules_flows.yml); the others are answered from the
# knowledge base, with the intent's best article for the message.
FLOW_MATTERS = {
    "deposit_delay": {"en": "My deposit hasn't arrived", "zh": "充币还没到账"},
    "withdrawal_delay": {"en": "My withdrawal is late or stuck", "zh": "提币延迟或卡住了"},
    "reset_2fa": {"en": "I can't use my 2FA / authenticator", "zh": "谷歌验证（2FA）用不了，需要重置"},
    "wrong_network_deposit": {"en": "I sent funds on the wrong network or without a memo",
                              "zh": "转错了网络（链）或漏填 Memo/标签"},
}
KNOWLEDGE_MATTERS = {
    "password_reset": {"en": "I forgot my password", "zh": "忘记登录密码"},
    "account_locked": {"en": "My account is locked or frozen", "zh": "账户被锁定或冻结"},
    "kyc_verification": {"en": "Identity verification (KYC)", "zh": "实名认证（KYC）"},
    "fees": {"en": "A question about fees", "zh": "手续费问题"},
}
# Articles about reaching a person: the last button already does that.
_PERSON_ARTICLE_INTENT = "request_human"


@dataclass(frozen=True)
class Candidate:
    """One thing the bot offers: an article to show, or a matter to take up."""

    kind: str  # "article" or "matter"
    title: str  # the button's title, in the user's language
    payload: str  # what the button sends
    confidence: float  # the knowledge-base confidence, or the intent's
    score: float  # the confidence as a share of what acting on it alone needs
    article: str | None = None  # the article a pick shows (articles, knowledge matters)
    intent: str | None = None  # the matter's intent

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form kept in the slot and sent in the handoff details."""
        return {k: v for k, v in asdict(self).items() if v is not None}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Candidate:
        """Rebuild a candidate from ``to_dict`` output."""
        return cls(**{k: data.get(k) for k in cls.__dataclass_fields__})


def button_payload(intent: str, article: str | None = None) -> str:
    """Return the message a button sends: the intent, with the article as its entity."""
    if article is None:
        return f"/{intent}"
    return f"/{intent}{json.dumps({'article': article}, separators=(',', ':'))}"


def classifier_ranking(parse_data: dict[str, Any]) -> list[tuple[str, float]]:
    """Return the classifier's intents and confidences, best first, without nlu_fallback."""
    return [
        (r.get("name") or "", float(r.get("confidence") or 0.0))
        for r in parse_data.get("intent_ranking") or []
        if r.get("name") != "nlu_fallback"
    ]


def choose_candidates(
    hits: Sequence[Hit],
    ranking: Sequence[tuple[str, float]],
    articles: dict[str, Article],
    language: str,
    threshold: float,
) -> list[Candidate]:
    """Return up to three plausible readings of the message, likeliest first.

    ``hits`` is the knowledge base's ranking for the message (all of it: a knowledge
    matter takes its intent's best article from it), ``ranking`` the classifier's.
    Each candidate is scored as a share of what would act on it alone, so articles and
    intents compare; nothing is offered twice (one article, one intent, once each).
    """
    pool: list[Candidate] = []
    for hit in hits[:MAX_CANDIDATES]:
        article = articles[hit.article_id]
        if hit.confidence < CANDIDATE_SHARE * threshold or article.intent == _PERSON_ARTICLE_INTENT:
            continue
        pool.append(Candidate(
            "article", _title(article, language), button_payload(ARTICLE_INTENT, article.id),
            round(hit.confidence, 4), round(hit.confidence / threshold, 4), article=article.id))
    for intent, confidence in ranking:
        if confidence < INTENT_FLOOR:
            break
        score = round(confidence / NLU_FALLBACK_THRESHOLD, 4)
        if intent in FLOW_MATTERS:
            pool.append(Candidate("matter", pick(FLOW_MATTERS[intent], language),
                                  button_payload(intent), round(confidence, 4), score,
                                  intent=intent))
        elif intent in KNOWLEDGE_MATTERS:
            best = next((h for h in hits if articles[h.article_id].intent == intent), None)
            if best is not None:
                pool.append(Candidate(
                    "matter", pick(KNOWLEDGE_MATTERS[intent], language),
                    button_payload(intent, best.article_id), round(confidence, 4), score,
                    article=best.article_id, intent=intent))
    chosen: list[Candidate] = []
    seen: set[str] = set()
    for candidate in sorted(pool, key=lambda c: -c.score):
        keys = {f"article:{candidate.article}" if candidate.article else "",
                f"intent:{candidate.intent}" if candidate.intent else ""} - {""}
        if keys & seen:
            continue
        seen |= keys
        chosen.append(candidate)
        if len(chosen) == MAX_CANDIDATES:
            break
    return chosen


def offer(
    dispatcher: CollectingDispatcher, question: str, candidates: Iterable[Candidate], language: str
) -> list[EventType]:
    """Ask "did you mean" with a button per candidate and a last "none of these" button."""
    offered = list(candidates)
    buttons = [{"title": c.title, "payload": c.payload} for c in offered]
    buttons.append({"title": pick(NONE_OF_THESE, language), "payload": NONE_OF_THESE_PAYLOAD})
    summary = [c.to_dict() for c in offered]
    dispatcher.utter_message(response="utter_clarify", buttons=buttons,
                             json_message={"clarification": {"candidates": summary}})
    return [SlotSet(SLOT, {"question": question, "candidates": summary}),
            SlotSet("awaiting_feedback", False)]


def pending(tracker: Tracker) -> dict[str, Any] | None:
    """Return the clarification this message answers, if the bot just asked one."""
    value = tracker.get_slot(SLOT)
    return value if isinstance(value, dict) and value.get("candidates") else None


def offered_candidates(clarification: dict[str, Any]) -> list[Candidate]:
    """Return the candidates of a pending clarification."""
    return [Candidate.from_dict(c) for c in clarification.get("candidates") or []]


def handoff_details(clarification: dict[str, Any], outcome: str, reply: str) -> dict[str, Any]:
    """What the agent sees of the clarification: the question, what was offered, the reply.

    ``outcome`` is ``none_of_these`` (the user said none fits) or ``missed_again`` (the
    reply was no clearer than the question).
    """
    return {"clarification": {
        "question": clarification.get("question"),
        "offered": [{k: c[k] for k in ("kind", "title", "article", "intent") if k in c}
                    for c in clarification.get("candidates") or []],
        "outcome": outcome,
        "reply": reply,
    }}


def offered_in_last_turn(tracker: Tracker) -> bool:
    """Whether the bot's turn before the latest user message asked a clarification."""
    users_seen = 0
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            users_seen += 1
            if users_seen == 2:
                return False
        elif users_seen == 1 and event.get("event") == "slot" and event.get("name") == SLOT:
            return bool(event.get("value"))
    return False


def _title(article: Article, language: str) -> str:
    return article.title.get(language) or article.title["en"]
