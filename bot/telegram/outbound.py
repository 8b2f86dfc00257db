"""Send the hub's messages and states to Telegram users (the hub's ``UserChannel``).

``deliver`` raises when Telegram refuses (the hub's ``Delivery`` logs it); the queue place
and the rating buttons are sent in the middle of an agent's or the queue's work, which a
Telegram outage must not fail, so those only log.
"""

from __future__ import annotations

import contextlib
import logging

from bot.telegram.api import BotApi, TelegramError
from hub.texts import say
from storage.conversations import Conversation, Sender, StoredMessage

logger = logging.getLogger(__name__)


class TelegramSender:
    """Turn stored messages into Bot API calls."""

    def __init__(self, api: BotApi) -> None:
        self.api = api
        self._last_state: dict[str, tuple] = {}

    async def deliver(self, conversation: Conversation, message: StoredMessage) -> None:
        """Send a bot, agent or system message as a Telegram message."""
        text = message.text
        if message.sender is Sender.AGENT and message.agent_name:
            text = f"{message.agent_name}: {text}"
        if message.payload.get("article"):
            text += f"\n\n({message.payload['article']['title']})"
        await self.api.send_message(conversation.channel_user_id, text,
                                    message.payload.get("buttons"))

    async def state(self, conversation: Conversation, state: dict) -> None:
        """Tell the user their place in the queue when it changes (joins come as messages)."""
        if state.get("state") != "queued":
            self._last_state.pop(conversation.id, None)
            return
        key = (state["position"], state.get("offline"))
        if self._last_state.get(conversation.id) == key:
            return
        self._last_state[conversation.id] = key
        minutes = max(1, round(state["eta_seconds"] / 60))
        text = (f"您前面还有 {state['position'] - 1} 位用户，预计等待约 {minutes} 分钟。"
                if conversation.language == "zh" else
                f"You are number {state['position']} in the queue; about {minutes} min.")
        try:
            await self.api.send_message(conversation.channel_user_id, text)
        except TelegramError as e:
            self._last_state.pop(conversation.id, None)  # not told: the next change tells
            logger.warning("queue place not sent to %s: %s", conversation.id, e)

    async def typing(self, conversation: Conversation, who: str, typing: bool,
                     agent_name: str | None = None) -> None:
        """Show Telegram's "typing..." status."""
        if typing:
            with contextlib.suppress(Exception):
                await self.api.call("sendChatAction", {"chat_id": conversation.channel_user_id,
                                                       "action": "typing"})

    async def request_rating(self, conversation: Conversation, handoff_id: int) -> None:
        """Send the 1-5 rating buttons."""
        buttons = [{"title": "★" * n, "payload": f"rate:{n}"} for n in range(1, 6)]
        try:
            await self.api.send_message(conversation.channel_user_id,
                                        say("rate_prompt", conversation.language), buttons)
        except TelegramError as e:
            logger.warning("rating buttons not sent to %s: %s", conversation.id, e)
