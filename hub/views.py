"""What users and agents see of a conversation: who is in charge, the queue, the case."""

from __future__ import annotations

from typing import Any

from desk.clock import iso, utcnow
from handoff.agents import AgentDirectory
from handoff.models import Agent, Handoff, HandoffState
from handoff.queue import HandoffQueue
from hub.channels import AgentFeed
from hub.hours import BusinessHours
from hub.texts import say
from storage.conversations import Conversation, ConversationStore, StoredMessage

_CLOSED_WORDS = {HandoffState.RESOLVED: {"en": "resolved", "zh": "解决"},
                 HandoffState.RETURNED: {"en": "closed", "zh": "关闭"}}


class ConversationViews:
    """Read-only views for the widget, Telegram and the console."""

    def __init__(self, store: ConversationStore, queue: HandoffQueue, directory: AgentDirectory,
                 feed: AgentFeed, hours: BusinessHours) -> None:
        self.store = store
        self.queue = queue
        self.directory = directory
        self.feed = feed
        self.hours = hours

    async def state_of(self, conversation: Conversation) -> dict[str, Any]:
        """Who is in charge of the conversation, as the widget shows it."""
        handoff = await self.queue.open_for(conversation.id)
        if handoff is None:
            return {"state": "bot"}
        if handoff.state is HandoffState.CLAIMED:
            agent = await self.directory.get(handoff.claimed_by)
            return {"state": "claimed", "agent_name": agent.display_name, "handoff_id": handoff.id}
        place = await self.queue.position(handoff, self.feed.online_agents())
        now = utcnow()
        state = {"state": "queued", "handoff_id": handoff.id, "position": place.position,
                 "eta_seconds": place.eta_seconds, "offline": not self.hours.is_open(now)}
        if state["offline"]:
            state["next_open"] = self.hours.next_opening(now).isoformat()
        return state

    async def ticket_status(self, conversation: Conversation) -> str:
        """Say what the conversation's case is doing, for a user who asks."""
        language = conversation.language
        handoff = await self.queue.open_for(conversation.id) or \
            await self.queue.latest_for(conversation.id)
        if handoff is None:
            return say("ticket_none", language)
        state = await self.state_of(conversation)
        if state["state"] == "queued":
            return say("ticket_queued", language, ticket=handoff.ticket,
                       position=str(state["position"]),
                       minutes=str(max(1, round(state["eta_seconds"] / 60))))
        if state["state"] == "claimed":
            return say("ticket_claimed", language, ticket=handoff.ticket,
                       agent=state["agent_name"] or "")
        closed = _CLOSED_WORDS[handoff.state]
        return say("ticket_closed", language, ticket=handoff.ticket,
                   state=closed.get(language or "en", closed["en"]),
                   date=(iso(handoff.closed_at) or "")[:10])

    async def queue_view(self, agent: Agent) -> dict[str, Any]:
        """The queue as one agent's console shows it."""
        waiting = [await self.handoff_view(h, i + 1)
                   for i, h in enumerate(await self.queue.waiting())]
        mine = [await self.handoff_view(h) for h in await self.queue.held_by(agent.id)]
        return {"waiting": waiting, "mine": mine}

    async def handoff_view(self, handoff: Handoff, position: int | None = None) -> dict[str, Any]:
        """One queue entry: the handoff, its place, the flag and the last message."""
        conversation = await self.store.get(handoff.conversation_id)
        last = await self.store.last_message(handoff.conversation_id)
        return {**handoff.to_json(), "position": position,
                "flagged": conversation.flagged_secret,
                "last_message": last.to_json() if last else None}

    async def transcript(self, conversation_id: str, after_id: int = 0,
                         messages: list[StoredMessage] | None = None) -> dict[str, Any]:
        """A conversation for the console: its messages after ``after_id`` (or the
        ``messages`` the caller already read), notes, handoff."""
        conversation = await self.store.get(conversation_id)
        if messages is None:
            messages = await self.store.messages_after(conversation_id, after_id)
        handoff = await self.queue.open_for(conversation_id) or \
            await self.queue.latest_for(conversation_id)
        return {
            "conversation": {"id": conversation.id, "channel": conversation.channel,
                             "language": conversation.language, "mode": conversation.mode.value,
                             "flagged": conversation.flagged_secret,
                             "flagged_secret": conversation.flagged_secret,
                             "created_at": iso(conversation.created_at),
                             "identity": conversation.identity_json()},
            "handoff": handoff.to_json() if handoff else None,
            "messages": [m.to_json() for m in messages],
            "notes": await self.store.notes(conversation_id),
        }
