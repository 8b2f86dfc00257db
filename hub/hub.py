"""The hub's core: who answers each conversation, and delivery of every message.

The hub is the single writer of conversation state. A user message is stored (once),
cleaned of secrets, then goes to the bot (Rasa) or, during a handoff, to the agents;
the bot can never answer over an agent's head. Channels (widget, Telegram) and the agent
console only call these methods and render what the hub hands them.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from datetime import datetime, timezone
from typing import Any, Protocol

from desk.errors import Conflict, Invalid
from desk.redaction import redact
from handoff.agents import AgentDirectory
from handoff.queue import HandoffQueue, handoff_json, ticket_number
from hub.rasa_client import BotUnavailable, RasaClient
from hub.settings import HubSettings
from hub.texts import say
from storage.conversations import ConversationStore, StoredMessage, check_user_text
from storage.schema import iso

logger = logging.getLogger(__name__)

# Escalations the hub itself raises, beside the bot's own (see actions/escalation.py).
HUB_PRIORITIES = {"bot_unavailable": "normal"}


class UserChannel(Protocol):
    """How the hub reaches users of one channel."""

    async def deliver(self, conversation: dict[str, Any], message: StoredMessage) -> None:
        """Show a bot, agent or system message to the user."""

    async def state(self, conversation: dict[str, Any], state: dict[str, Any]) -> None:
        """Tell the user who is in charge now (queue position, agent joined...)."""

    async def typing(self, conversation: dict[str, Any], who: str, typing: bool,
                     agent_name: str | None = None) -> None:
        """Show or hide a typing indicator."""

    async def request_rating(self, conversation: dict[str, Any], handoff_id: int) -> None:
        """Ask the user to rate the help they got."""


class AgentFeed(Protocol):
    """How the hub reaches connected agent consoles."""

    async def broadcast(self, event: dict[str, Any]) -> None:
        """Send an event to every connected console."""

    async def queue_changed(self) -> None:
        """Send every console its fresh view of the queue."""

    def online_agents(self) -> int:
        """How many agents have a console open."""


class Hub:
    """Routes user and agent messages and moves conversations through handoffs."""

    def __init__(self, settings: HubSettings, store: ConversationStore, queue: HandoffQueue,
                 directory: AgentDirectory, rasa: RasaClient, agents: AgentFeed) -> None:
        self.settings = settings
        self.store = store
        self.queue = queue
        self.directory = directory
        self.rasa = rasa
        self.agents = agents
        self.channels: dict[str, UserChannel] = {}
        # A lock lives while a message of that user is being handled or waits; held weakly,
        # so the hub does not keep one for every user it has ever seen.
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = \
            weakref.WeakValueDictionary()

    # --- users -----------------------------------------------------------------------

    async def user_message(self, channel: str, channel_user_id: str, text: Any,
                           inbound_id: str | None = None, language: str | None = None
                           ) -> StoredMessage:
        """Take a user's message: store it once, then let the bot or the agent answer."""
        text = check_user_text(text)
        # One user's messages are taken one at a time, in the order they arrived.
        async with self._user_lock(f"{channel}:{channel_user_id}"):
            conversation = await self.store.get_or_create(channel, channel_user_id)
            cleaned = redact(text, expecting_tx_hash=conversation["expecting"] == "tx_hash")
            payload = {"redacted": list(cleaned.found)} if cleaned.had_secret else {}
            shown = cleaned.text
            title = await self._button_title(conversation["id"], cleaned.text)
            if title:
                # A pressed button: people read its title, the bot gets its payload.
                shown, payload = title, {**payload, "button_payload": cleaned.text}
            updates: dict[str, Any] = {"expecting": None}
            if language in ("en", "zh"):
                updates["language"] = language
            if cleaned.had_secret:
                updates["flagged_secret"] = True
            message, new = await self.store.add_message(
                conversation["id"], "user", shown, payload, inbound_id,
                conversation_updates=updates)
            if not new:
                return message  # a retry: already handled
            conversation = {**conversation, **updates}
            await self.agents.broadcast({"type": "message", "message": message.to_json()})
            if cleaned.had_secret:
                await self._system(conversation, say("secret_warning", conversation["language"]))
            if conversation["mode"] == "handoff":
                return message  # an agent answers; the bot stays quiet
            if cleaned.text.strip() and cleaned.text.strip() != "[redacted]":
                await self._ask_bot(conversation, cleaned.text, language)
            return message

    def _user_lock(self, address: str) -> asyncio.Lock:
        lock = self._locks.get(address)
        if lock is None:
            lock = self._locks[address] = asyncio.Lock()
        return lock

    async def _button_title(self, conversation_id: str, text: str) -> str | None:
        """The title of the button whose payload the user sent, if it was one."""
        if not text.startswith("/"):
            return None
        # The buttons the user can press are on the bot's last turn: a few messages back.
        for message in await self.store.recent_messages(conversation_id, 20):
            for button in message.payload.get("buttons") or []:
                if button.get("payload") == text:
                    return button.get("title")
            if message.sender == "user":
                break
        return None

    async def user_typing(self, channel: str, channel_user_id: str, typing: bool) -> None:
        """Show the agent that the user is typing."""
        try:
            conversation = await self.store.get_by_channel(channel, channel_user_id)
        except Exception:  # noqa: BLE001 - no conversation yet: nobody to tell
            return
        await self.agents.broadcast({"type": "user_typing", "conversation_id": conversation["id"],
                                     "typing": bool(typing)})

    async def rate(self, channel: str, channel_user_id: str, score: Any, comment: str | None) -> None:
        """Store the user's rating of their latest handoff."""
        conversation = await self.store.get_by_channel(channel, channel_user_id)
        handoff = await self.queue.latest_for(conversation["id"])
        if handoff is None or handoff["state"] not in ("resolved", "returned"):
            raise Invalid("There is no finished conversation with an agent to rate.",
                          "nothing_to_rate")
        await self.store.rate(conversation["id"], handoff["id"], score, comment)
        await self.agents.broadcast({"type": "rating", "conversation_id": conversation["id"],
                                     "score": score})

    async def state_of(self, conversation: dict[str, Any]) -> dict[str, Any]:
        """Who is in charge of the conversation, as the widget shows it."""
        handoff = await self.queue.open_for(conversation["id"])
        if handoff is None:
            return {"state": "bot"}
        if handoff["state"] == "claimed":
            agent = (await self.directory.get(handoff["claimed_by"]))["display_name"]
            return {"state": "claimed", "agent_name": agent, "handoff_id": handoff["id"]}
        place = await self.queue.position(handoff, self.agents.online_agents())
        now = datetime.now(timezone.utc)
        hours = self.settings.business_hours
        state = {"state": "queued", "handoff_id": handoff["id"], "position": place.position,
                 "eta_seconds": place.eta_seconds, "offline": not hours.is_open(now)}
        if state["offline"]:
            state["next_open"] = hours.next_opening(now).isoformat()
        return state

    # --- the bot -----------------------------------------------------------------------

    async def _ask_bot(self, conversation: dict[str, Any], text: str, language: str | None) -> None:
        channel = self.channels[conversation["channel"]]
        await channel.typing(conversation, "bot", True)
        try:
            metadata = {"language": language} if language else {}
            turn = await self.rasa.send(conversation["id"], text, metadata)
        except BotUnavailable as e:
            logger.warning("Rasa unavailable for %s: %s", conversation["id"], e)
            await channel.typing(conversation, "bot", False)
            await self._system(conversation, say("bot_unavailable", conversation["language"]))
            await self.escalate(conversation, {"reason": "bot_unavailable", "priority": "normal",
                                               "details": {"error": str(e)[:200]}})
            return
        await channel.typing(conversation, "bot", False)
        await self.handle_bot_replies(conversation, turn.messages, turn.intent)

    async def handle_bot_replies(self, conversation: dict[str, Any], replies: list[dict[str, Any]],
                                 intent: dict[str, Any] | None = None) -> None:
        """Store and deliver Rasa's messages; act on the handoff event if there is one.

        Rasa's REST channel sends an answer's custom payload (its source article, the
        handoff event) as a message of its own; it is folded into the message before it.
        """
        outgoing: list[dict[str, Any]] = []
        handoff_event = None
        expecting = None
        wants_status = False
        for reply in replies:
            custom = reply.get("custom") or {}
            if "handoff" in custom:
                handoff_event = custom["handoff"]
            if custom.get("expect"):
                expecting = custom["expect"]
            if custom.get("ticket_status"):
                wants_status = True
            if "article" in custom and outgoing:
                outgoing[-1]["payload"]["article"] = {
                    k: custom["article"][k] for k in ("id", "title") if k in custom["article"]}
            if reply.get("text") is not None or reply.get("buttons"):
                payload: dict[str, Any] = {"buttons": reply.get("buttons") or []}
                if intent:
                    payload["intent"] = intent
                outgoing.append({"text": reply.get("text") or "", "payload": payload})
        stored = await self.store.add_bot_messages(
            conversation["id"], [(item["text"], item["payload"]) for item in outgoing],
            {"expecting": expecting} if expecting else None)
        for message in stored:
            await self._deliver(conversation, message)
        if wants_status:
            await self._system(conversation, await self.ticket_status(conversation))
        if handoff_event:
            await self.escalate(conversation, handoff_event)

    async def ticket_status(self, conversation: dict[str, Any]) -> str:
        """Say what the conversation's case is doing, for a user who asks."""
        language = conversation["language"]
        handoff = await self.queue.open_for(conversation["id"]) or \
            await self.queue.latest_for(conversation["id"])
        if handoff is None:
            return say("ticket_none", language)
        ticket = ticket_number(handoff)
        state = await self.state_of(conversation)
        if state["state"] == "queued":
            return say("ticket_queued", language, ticket=ticket, position=str(state["position"]),
                       minutes=str(max(1, round(state["eta_seconds"] / 60))))
        if state["state"] == "claimed":
            return say("ticket_claimed", language, ticket=ticket, agent=state["agent_name"] or "")
        closed = {"resolved": {"en": "resolved", "zh": "解决"},
                  "returned": {"en": "closed", "zh": "关闭"}}[handoff["state"]]
        return say("ticket_closed", language, ticket=ticket, state=closed.get(language or "en",
                   closed["en"]), date=(iso(handoff["closed_at"]) or "")[:10])

    async def escalate(self, conversation: dict[str, Any], event: dict[str, Any]) -> dict[str, Any]:
        """Queue the conversation for an agent, as the bot's handoff event asks."""
        reason = event.get("reason", "asked_for_human")
        priority = event.get("priority") or HUB_PRIORITIES.get(reason, "normal")
        details = {k: v for k, v in event.items() if k not in ("reason", "priority")}
        handoff, created = await self.queue.create(
            conversation["id"], reason, priority, conversation["channel"],
            event.get("language") or conversation["language"], details)
        if event.get("language") in ("en", "zh") and not conversation["language"]:
            await self.store.update(conversation["id"], language=event["language"])
            conversation = await self.store.get(conversation["id"])
        if created:
            await self._system(conversation, say("ticket_opened", conversation["language"],
                                                 ticket=ticket_number(handoff)))
        if created and not self.settings.business_hours.is_open(datetime.now(timezone.utc)):
            next_open = self.settings.business_hours.next_opening(datetime.now(timezone.utc))
            await self._system(conversation, say("offline", conversation["language"],
                                                 next_open=next_open.strftime("%Y-%m-%d %H:%M %Z")))
        await self._queue_changed()
        return handoff

    # --- agents ------------------------------------------------------------------------

    async def claim(self, agent: dict[str, Any], handoff_id: int) -> dict[str, Any]:
        """An agent takes a waiting conversation."""
        handoff = await self.queue.claim(handoff_id, agent["id"])
        await self._joined(handoff, agent, "agent_joined")
        return handoff

    async def take_next(self, agent: dict[str, Any]) -> dict[str, Any]:
        """An agent takes the first conversation in the queue."""
        handoff = await self.queue.take_next(agent["id"])
        await self._joined(handoff, agent, "agent_joined")
        return handoff

    async def release(self, agent: dict[str, Any], handoff_id: int) -> dict[str, Any]:
        """Put a held conversation back in the queue."""
        handoff = await self.queue.release(handoff_id, agent["id"])
        conversation = await self.store.get(handoff["conversation_id"])
        await self._system(conversation, say("released", conversation["language"]))
        await self._queue_changed()
        return handoff

    async def transfer(self, agent: dict[str, Any], handoff_id: int, to_agent: dict[str, Any]
                       ) -> dict[str, Any]:
        """Hand a held conversation to another agent."""
        handoff = await self.queue.transfer(handoff_id, agent["id"], to_agent["id"])
        await self._joined(handoff, to_agent, "agent_transferred")
        return handoff

    async def return_to_bot(self, agent: dict[str, Any], handoff_id: int) -> dict[str, Any]:
        """End the handoff; the bot greets the user again and asks for a rating."""
        handoff = await self.queue.return_to_bot(handoff_id, agent["id"])
        await self._closed(handoff, "returned", "EXTERNAL_handoff_returned")
        return handoff

    async def resolve(self, agent: dict[str, Any], handoff_id: int) -> dict[str, Any]:
        """Close the handoff as resolved and ask the user for a rating."""
        handoff = await self.queue.resolve(handoff_id, agent["id"])
        await self._closed(handoff, "resolved", "EXTERNAL_handoff_resolved")
        return handoff

    async def agent_message(self, agent: dict[str, Any], conversation_id: str, text: Any,
                            client_id: str | None = None) -> StoredMessage:
        """Send an agent's message to the user; only the agent holding the conversation may."""
        text = check_user_text(text)
        conversation = await self.store.get(conversation_id)
        handoff = await self.queue.open_for(conversation_id)
        if handoff is None or handoff["state"] != "claimed" or handoff["claimed_by"] != agent["id"]:
            raise Conflict("Claim the conversation before writing to the user.", "not_yours")
        cleaned = redact(text, expecting_tx_hash=True)
        inbound = f"agent:{client_id}" if client_id else None
        message, new = await self.store.add_message(conversation_id, "agent", cleaned.text,
                                                    {}, inbound, agent_id=agent["id"])
        if new:
            await self._deliver(conversation, message)
        return message

    async def agent_typing(self, agent: dict[str, Any], conversation_id: str, typing: bool) -> None:
        """Show the user that the agent is typing."""
        conversation = await self.store.get(conversation_id)
        await self.channels[conversation["channel"]].typing(
            conversation, "agent", bool(typing), agent["display_name"])

    async def queue_view(self, agent: dict[str, Any]) -> dict[str, Any]:
        """The queue as one agent's console shows it."""
        waiting = [await self._handoff_view(h, i + 1)
                   for i, h in enumerate(await self.queue.waiting())]
        mine = [await self._handoff_view(h) for h in await self.queue.held_by(agent["id"])]
        return {"waiting": waiting, "mine": mine}

    async def _handoff_view(self, handoff: dict[str, Any], position: int | None = None
                            ) -> dict[str, Any]:
        conversation = await self.store.get(handoff["conversation_id"])
        last = await self.store.last_message(handoff["conversation_id"])
        return {**handoff_json(handoff), "position": position,
                "flagged": bool(conversation["flagged_secret"]),
                "last_message": last.to_json() if last else None}

    # --- delivery ----------------------------------------------------------------------

    async def _joined(self, handoff: dict[str, Any], agent: dict[str, Any], text_key: str) -> None:
        conversation = await self.store.get(handoff["conversation_id"])
        await self._system(conversation, say(text_key, conversation["language"],
                                             agent=agent["display_name"]))
        await self._queue_changed()

    async def _closed(self, handoff: dict[str, Any], text_key: str, intent: str) -> None:
        conversation = await self.store.get(handoff["conversation_id"])
        await self._system(conversation, say(text_key, conversation["language"]))
        channel = self.channels[conversation["channel"]]
        await channel.state(conversation, {"state": handoff["state"]})
        try:
            replies = await self.rasa.trigger_intent(conversation["id"], intent)
            await self.handle_bot_replies(conversation, replies)
        except BotUnavailable as e:
            logger.warning("could not tell Rasa about %s: %s", intent, e)
        await channel.request_rating(conversation, handoff["id"])
        await self._queue_changed()

    async def _system(self, conversation: dict[str, Any], text: str) -> StoredMessage:
        message, _ = await self.store.add_message(conversation["id"], "system", text)
        await self._deliver(conversation, message)
        return message

    async def _deliver(self, conversation: dict[str, Any], message: StoredMessage) -> None:
        await self.agents.broadcast({"type": "message", "message": message.to_json()})
        try:
            await self.channels[conversation["channel"]].deliver(conversation, message)
        except Exception:  # noqa: BLE001 - stored: the user gets it on their next reconnect
            logger.exception("could not deliver message %s", message.id)

    async def _queue_changed(self) -> None:
        """Tell the consoles, and every waiting user their new place in the queue."""
        await self.agents.queue_changed()
        for handoff in await self.queue.waiting():
            conversation = await self.store.get(handoff["conversation_id"])
            await self.channels[conversation["channel"]].state(
                conversation, await self.state_of(conversation))
        for conversation_id in await self.queue.claimed_conversation_ids():
            conversation = await self.store.get(conversation_id)
            await self.channels[conversation["channel"]].state(
                conversation, await self.state_of(conversation))

    # --- timeouts ----------------------------------------------------------------------

    async def notify_timeouts(self) -> int:
        """Tell users whose handoff nobody claimed in time; return how many were told."""
        told = 0
        for handoff in await self.queue.overdue(self.settings.claim_timeout_seconds):
            if await self.queue.mark_timeout_notified(handoff["id"]):
                conversation = await self.store.get(handoff["conversation_id"])
                await self._system(conversation, say("timeout", conversation["language"]))
                told += 1
        return told
