"""The knowledge base as the actions see it: one shared store, articles sent as answers."""

from __future__ import annotations

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


def user_language(tracker: Tracker) -> str:
    """Return the conversation's language slot, English by default."""
    return tracker.get_slot("language") or "en"


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
    dispatcher.utter_message(
        text=f"**{article.title[lang]}**\n\n{article.body[lang]}",
        json_message={"article": source},
        metadata={"article": source},
    )
    events: list[EventType] = [SlotSet("last_article", article.id)]
    if ask_feedback:
        dispatcher.utter_message(response="utter_ask_feedback")
        events.append(SlotSet("awaiting_feedback", True))
    return events
