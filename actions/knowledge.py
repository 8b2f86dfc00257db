"""The knowledge base as the actions see it: one shared store, articles sent as answers."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.settings import get_settings
from kb_index.articles import Article
from kb_index.search import KnowledgeBaseStore


@lru_cache(maxsize=1)
def knowledge_base() -> KnowledgeBaseStore:
    """Return the process-wide store; it reloads the index when a rebuild swaps it."""
    return KnowledgeBaseStore(get_settings().kb)


def titles_in(language: str) -> dict[str, str]:
    """Map every article id to its title in the language (for cross-references)."""
    kb = knowledge_base().current()
    return {aid: a.title.get(language) or a.title["en"] for aid, a in kb.articles.items()}


def user_language(tracker: Tracker) -> str:
    """Return the conversation's language slot, English by default."""
    return tracker.get_slot("language") or "en"


# Articles point at each other by id: "(see: deposit-how-to-find-txid)", "（见：a、b）".
_CROSS_REFERENCE = re.compile(
    r"[(（]\s*(?:see|见|参见)\s*[:：]\s*"
    r"([a-z0-9-]+(?:\s*[,，、]\s*[a-z0-9-]+)*)\s*[)）]"
)


def _ids(match: re.Match[str]) -> list[str]:
    return re.split(r"\s*[,，、]\s*", match.group(1))


def cross_references(body: str) -> list[str]:
    """Return the ids of the articles a body refers to, in order."""
    return [i for match in _CROSS_REFERENCE.finditer(body) for i in _ids(match)]


def render_body(article: Article, language: str, titles: dict[str, str]) -> str:
    """Return the article's body with cross-references shown as the other articles' titles."""

    def replace(match: re.Match[str]) -> str:
        ids = _ids(match)
        named = [titles.get(i) for i in ids]
        if not all(named):
            return match.group(0)
        if language == "zh":
            return "（参见：" + "、".join(f"《{t}》" for t in named) + "）"
        return "(see: " + "; ".join(f"\"{t}\"" for t in named) + ")"

    return _CROSS_REFERENCE.sub(replace, article.body[language])


def send_article(
    dispatcher: CollectingDispatcher,
    article: Article,
    language: str,
    confidence: float | None = None,
    ask_feedback: bool = True,
    related: list[dict[str, Any]] | None = None,
) -> list[EventType]:
    """Send an article as the answer, with its source in the message metadata.

    The ``article`` metadata (id, title, language, confidence) lets a channel show the
    source and reports count which article answered.
    """
    lang = language if language in article.title else "en"
    source: dict[str, Any] = {"id": article.id, "title": article.title[lang], "language": lang}
    if confidence is not None:
        source["confidence"] = round(confidence, 4)
    if related:
        source["related"] = related
    titles = titles_in(language)
    dispatcher.utter_message(
        text=f"**{article.title[lang]}**\n\n{render_body(article, lang, titles)}",
        json_message={"article": source},
        metadata={"article": source},
    )
    # An answer closes any "did you mean" question (actions/clarify.py).
    events: list[EventType] = [SlotSet("last_article", article.id),
                               SlotSet("clarification_offered", None)]
    if ask_feedback:
        dispatcher.utter_message(response="utter_ask_feedback")
        events.append(SlotSet("awaiting_feedback", True))
    return events
