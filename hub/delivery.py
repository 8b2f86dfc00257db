"""Delivery: every message and state change reaches the user's channel and the consoles."""

from __future__ import annotations

import logging
from typing import Any

from handoff.queue import HandoffQueue
from hub.channels import AgentFeed, ChannelRegistry
from hub.views import ConversationViews
from storage.conversations import Conversation, ConversationStore, Sender, StoredMessage

logger = logging.getLogger(__name__)


class Delivery:
    """Send stored messages, notices and states out; a failed send never fails the caller."""

    def __init__(self, store: ConversationStore, queue: HandoffQueue, channels: ChannelRegistry,
                 feed: AgentFeed, views: ConversationViews) -> None:
        self.store = store
        self.queue = queue
        self.channels = channels
        self.feed = feed
        self.views = views

    async def message(self, conversation: Conversation, message: StoredMessage) -> None:
        """Show a stored message to the user and to the consoles."""
        await self.feed.broadcast({"type": "message", "message": message.to_json()})
        try:
            await self.channels.for_conversation(conversation).deliver(conversation, message)
        except Exception:  # noqa: BLE001 - stored: the user gets it on their next reconnect
            logger.exception("could not deliver message %s", message.id)

    async def notice(self, conversation: Conversation, text: str) -> StoredMessage:
        """Store and deliver one of the hub's own messages (agent joined, queue place...)."""
        message, _ = await self.store.add_message(conversation.id, Sender.SYSTEM, text)
        await self.message(conversation, message)
        return message

    async def state(self, conversation: Conversation, state: dict[str, Any]) -> None:
        """Tell the user who is in charge now."""
        await self.channels.for_conversation(conversation).state(conversation, state)

    async def typing(self, conversation: Conversation, who: str, typing: bool,
                     agent_name: str | None = None) -> None:
        """Show or hide the bot's or the agent's typing indicator."""
        await self.channels.for_conversation(conversation).typing(conversation, who, typing,
                                                                   agent_name)

    async def request_rating(self, conversation: Conversation, handoff_id: int) -> None:
        """Ask the user to rate the handoff."""
        await self.channels.for_conversation(conversation).request_rating(conversation, handoff_id)

    async def to_consoles(self, event: dict[str, Any]) -> None:
        """Send an event to every console."""
        await self.feed.broadcast(event)

    async def queue_changed(self) -> None:
        """Tell the consoles, and every waiting or served user their new state."""
        await self.feed.send_each(lambda agent: self._queue_event(agent))
        waiting = [h.conversation_id for h in await self.queue.waiting()]
        for conversation_id in waiting + await self.queue.claimed_conversation_ids():
            conversation = await self.store.get(conversation_id)
            await self.state(conversation, await self.views.state_of(conversation))

    async def _queue_event(self, agent) -> dict[str, Any]:
        return {"type": "queue", **await self.views.queue_view(agent)}
