from pathlib import Path

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from kb_index.build import build_index
from kb_index.settings import PROJECT_ROOT, KBSettings


@pytest.fixture(scope="session", autouse=True)
def project_index() -> None:
    """The actions answer from the real knowledge base; build it if needed (incremental)."""
    build_index(KBSettings())


@pytest.fixture(scope="session")
def domain() -> dict:
    return yaml.safe_load(Path(PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()


def make_tracker(
    text: str,
    intent: str,
    slots: dict | None = None,
    entities: list[dict] | None = None,
    active_loop: str | None = None,
    events_after_user: list[dict] | None = None,
    confidence: float = 0.9,
    ranking: list[tuple[str, float]] | None = None,
    history: list[dict] | None = None,
) -> Tracker:
    """Build a tracker snapshot whose latest user message is ``text``.

    ``ranking`` is the classifier's ranking after the intent (by default the rest goes to
    faq_general); ``history`` are the events before the message, e.g. the bot's last turn.
    """
    after = ranking if ranking is not None else [("faq_general", round(1 - confidence, 4))]
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": confidence},
        "intent_ranking": [{"name": intent, "confidence": confidence}]
        + [{"name": name, "confidence": c} for name, c in after],
        "entities": entities or [],
    }
    events = [
        *(history or []),
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": text, "parse_data": latest},
        *(events_after_user or []),
    ]
    return Tracker.from_dict({
        "sender_id": "test-user",
        "slots": {"language": "en", "awaiting_feedback": False, **(slots or {})},
        "latest_message": latest,
        "events": events,
        "paused": False,
        "followup_action": None,
        "active_loop": {"name": active_loop} if active_loop else {},
        "latest_action_name": "action_listen",
    })


def responses(dispatcher: CollectingDispatcher) -> list[str]:
    return [m["response"] for m in dispatcher.messages if m.get("response")]


def customs(dispatcher: CollectingDispatcher, key: str) -> list[dict]:
    return [m["custom"][key] for m in dispatcher.messages if key in (m.get("custom") or {})]


def slot_events(events: list) -> dict:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
