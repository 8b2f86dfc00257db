"""What the hub needs from a channel and from the agent consoles, and the channel registry."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from handoff.models import Agent
from storage.conversations import Conversation, StoredMessage


class UserChannel(Protocol):
    """How the hub reaches users of one channel."""

    async def deliver(self, conversation: Conversation, message: StoredMessage) -> None:
        """Show a bot, agent or system message to the user."""

    async def state(self, conversation: Conversation, state: dict[str, Any]) -> None:
        """Tell the user who is in charge now (queue position, agent joined...)."""

    async def typing(self, conversation: Conversation, who: str, typing: bool,
                     agent_name: str | None = None) -> None:
        """Show or hide a typing indicator."""

    async def request_rating(self, conversation: Conversation, handoff_id: int) -> None:
        """Ask the user to rate the help they got."""


class AgentFeed(Protocol):
    """How the hub reaches connected agent consoles."""

    async def broadcast(self, event: dict[str, Any]) -> None:
        """Send an event to every connected console."""

    async def send_each(self, make_event: Callable[[Agent], Awaitable[dict[str, Any]]]) -> None:
        """Send every console an event made for its agent."""

    def online_agents(self) -> int:
        """How many agents have a console open."""


class ChannelRegistry:
    """The user channels by name ("web", "telegram"); filled by the app factory."""

    def __init__(self) -> None:
        self._channels: dict[str, UserChannel] = {}

    def register(self, name: str, channel: UserChannel) -> None:
        """Make the hub deliver conversations of channel ``name`` through ``channel``."""
        self._channels[name] = channel

    def for_conversation(self, conversation: Conversation) -> UserChannel:
        """The channel the conversation's user is on."""
        return self._channels[conversation.channel]
