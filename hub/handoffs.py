"""The handoff lifecycle: escalate, claim, release, transfer, return, resolve, time out."""

from __future__ import annotations

import logging

from desk.clock import utcnow
from desk.errors import Conflict
from desk.redaction import redact
from handoff.audit import AuditLog
from handoff.models import Agent, Handoff, HandoffRequest, HandoffState, Priority
from handoff.queue import HandoffQueue
from hub.bot_replies import BotReplies
from hub.delivery import Delivery
from hub.hours import BusinessHours
from hub.limits import RateLimited, RateLimiter
from hub.rasa_client import BotUnavailable, RasaClient
from hub.texts import say
from storage.conversations import (
    Conversation,
    ConversationStore,
    Sender,
    StoredMessage,
    check_user_text,
)

logger = logging.getLogger(__name__)
COMPLAINT_MEMORY = 50  # messages back that a complaint is remembered for



class HandoffLifecycle:
    """Moves a conversation between the bot, the queue and the agents, and says so."""

    def __init__(self, store: ConversationStore, queue: HandoffQueue, rasa: RasaClient,
                 bot_replies: BotReplies, delivery: Delivery, hours: BusinessHours,
                 claim_timeout_seconds: int, escalation_limit: RateLimiter,
                 audit: AuditLog) -> None:
        self.escalation_limit = escalation_limit
        self.audit = audit
        self.store = store
        self.queue = queue
        self.rasa = rasa
        self.bot_replies = bot_replies
        self.delivery = delivery
        self.hours = hours
        self.claim_timeout_seconds = claim_timeout_seconds

    async def escalate(self, conversation: Conversation, request: HandoffRequest
                       ) -> Handoff | None:
        """Queue the conversation for an agent, as the bot (or the hub) asks.

        A conversation that already asked for agents too often in the window is told so
        and not queued again (None).
        """
        if await self.queue.open_for(conversation.id) is None:
            try:
                self.escalation_limit.hit(conversation.id)
            except RateLimited as e:
                logger.warning("escalation limit reached for %s", conversation.id)
                await self.delivery.notice(conversation, say(
                    "escalation_limited", conversation.language,
                    minutes=str(max(1, round(e.retry_after / 60)))))
                return None
        priority, details = request.effective_priority, request.queue_details()
        if await self._complained(conversation):
            # The user vented beside their matter: the agent should know, and not make them wait.
            details["complaint"] = True
            priority = min(priority, Priority.HIGH, key=lambda p: p.rank)
        handoff, created = await self.queue.create(
            conversation.id, request.reason.value, priority, conversation.channel,
            request.language or conversation.language, details)
        if request.language and not conversation.language:
            await self.store.update(conversation.id, language=request.language)
            conversation = await self.store.get(conversation.id)
        if created:
            await self.delivery.notice(conversation, say("ticket_opened", conversation.language,
                                                         ticket=handoff.ticket))
        if created and not self.hours.is_open(utcnow()):
            next_open = self.hours.next_opening(utcnow())
            await self.delivery.notice(conversation, say(
                "offline", conversation.language, next_open=next_open.strftime("%Y-%m-%d %H:%M %Z")))
        await self.delivery.queue_changed()
        return handoff

    async def _audit(self, agent: Agent, action: str, handoff: Handoff, **details) -> None:
        await self.audit.record(agent.id, action, handoff.conversation_id, handoff.id, details)

    async def _complained(self, conversation: Conversation) -> bool:
        recent = await self.store.recent_messages(conversation.id, COMPLAINT_MEMORY)
        return any(m.payload.get("complaint") for m in recent)

    async def claim(self, agent: Agent, handoff_id: int) -> Handoff:
        """An agent takes a waiting conversation."""
        handoff = await self.queue.claim(handoff_id, agent.id)
        await self._audit(agent, "claim", handoff)
        await self._joined(handoff, agent, "agent_joined")
        return handoff

    async def take_next(self, agent: Agent) -> Handoff:
        """An agent takes the first conversation in the queue."""
        handoff = await self.queue.take_next(agent.id)
        await self._audit(agent, "claim", handoff, next_in_queue=True)
        await self._joined(handoff, agent, "agent_joined")
        return handoff

    async def release(self, agent: Agent, handoff_id: int) -> Handoff:
        """Put a held conversation back in the queue."""
        handoff = await self.queue.release(handoff_id, agent.id)
        await self._audit(agent, "release", handoff)
        await self._released(handoff)
        return handoff

    async def force_release(self, supervisor: Agent, handoff_id: int) -> Handoff:
        """A supervisor puts a conversation back in the queue, whoever holds it."""
        supervisor.require_supervisor()
        holder = (await self.queue.get(handoff_id)).claimed_by
        handoff = await self.queue.force_release(handoff_id)
        await self._audit(supervisor, "force_release", handoff, holder=holder)
        await self._released(handoff)
        return handoff

    async def transfer(self, agent: Agent, handoff_id: int, to_agent: Agent) -> Handoff:
        """Hand a held conversation to another agent."""
        handoff = await self.queue.transfer(handoff_id, agent.id, to_agent.id)
        await self._audit(agent, "transfer", handoff, to_agent=to_agent.id)
        await self._joined(handoff, to_agent, "agent_transferred")
        return handoff

    async def reassign(self, supervisor: Agent, handoff_id: int, to_agent: Agent) -> Handoff:
        """A supervisor gives a waiting or held conversation to an agent."""
        supervisor.require_supervisor()
        if not to_agent.active:
            raise Conflict(f"{to_agent.display_name} is deactivated.", "agent_inactive")
        handoff = await self.queue.reassign(handoff_id, to_agent.id)
        await self._audit(supervisor, "reassign", handoff, to_agent=to_agent.id)
        await self._joined(handoff, to_agent, "agent_transferred")
        return handoff

    async def return_to_bot(self, agent: Agent, handoff_id: int) -> Handoff:
        """End the handoff; the bot greets the user again and asks for a rating."""
        handoff = await self.queue.return_to_bot(handoff_id, agent.id)
        await self._audit(agent, "return", handoff)
        await self._closed(handoff, "returned", "EXTERNAL_handoff_returned")
        return handoff

    async def resolve(self, agent: Agent, handoff_id: int) -> Handoff:
        """Close the handoff as resolved and ask the user for a rating."""
        handoff = await self.queue.resolve(handoff_id, agent.id)
        await self._audit(agent, "resolve", handoff)
        await self._closed(handoff, "resolved", "EXTERNAL_handoff_resolved")
        return handoff

    async def may_read(self, agent: Agent, conversation_id: str) -> bool:
        """Supervisors read everything; agents the queue's and the ones they hold or held."""
        if agent.is_supervisor:
            return True
        open_handoff = await self.queue.open_for(conversation_id)
        if open_handoff is not None and open_handoff.state is HandoffState.QUEUED:
            return True
        return await self.queue.was_held_by(conversation_id, agent.id)

    async def agent_message(self, agent: Agent, conversation_id: str, text: object,
                            client_id: str | None = None) -> StoredMessage:
        """Send an agent's message to the user; only the agent holding the conversation may."""
        text = check_user_text(text)
        conversation = await self.store.get(conversation_id)
        handoff = await self.queue.open_for(conversation_id)
        if handoff is None or handoff.state is not HandoffState.CLAIMED \
                or handoff.claimed_by != agent.id:
            raise Conflict("Claim the conversation before writing to the user.", "not_yours")
        cleaned = redact(text, expecting_tx_hash=True)
        inbound = f"agent:{client_id}" if client_id else None
        message, new = await self.store.add_message(conversation_id, Sender.AGENT, cleaned.text,
                                                    {}, inbound, agent_id=agent.id)
        if new:
            await self.delivery.message(conversation, message)
        return message

    async def add_note(self, agent: Agent, conversation_id: str, text: object) -> dict:
        """Store an agent's internal note, cleaned of secrets like every typed text."""
        text = check_user_text(text)
        note = await self.store.add_note(conversation_id, agent.id,
                                         redact(text, expecting_tx_hash=True).text)
        await self.audit.record(agent.id, "note", conversation_id, details={"note": note["id"]})
        return note

    async def agent_typing(self, agent: Agent, conversation_id: str, typing: bool) -> None:
        """Show the user that the agent is typing."""
        conversation = await self.store.get(conversation_id)
        await self.delivery.typing(conversation, "agent", bool(typing), agent.display_name)

    async def notify_timeouts(self) -> int:
        """Tell users whose handoff nobody claimed in time; return how many were told."""
        told = 0
        for handoff in await self.queue.overdue(self.claim_timeout_seconds):
            if await self.queue.mark_timeout_notified(handoff.id):
                conversation = await self.store.get(handoff.conversation_id)
                await self.delivery.notice(conversation, say("timeout", conversation.language))
                told += 1
        return told

    async def _joined(self, handoff: Handoff, agent: Agent, text_key: str) -> None:
        conversation = await self.store.get(handoff.conversation_id)
        await self.delivery.notice(conversation, say(text_key, conversation.language,
                                                     agent=agent.display_name))
        await self.delivery.queue_changed()

    async def _released(self, handoff: Handoff) -> None:
        conversation = await self.store.get(handoff.conversation_id)
        await self.delivery.notice(conversation, say("released", conversation.language))
        await self.delivery.queue_changed()

    async def _closed(self, handoff: Handoff, text_key: str, intent: str) -> None:
        conversation = await self.store.get(handoff.conversation_id)
        await self.delivery.notice(conversation, say(text_key, conversation.language))
        await self.delivery.state(conversation, {"state": handoff.state.value})
        try:
            replies = await self.rasa.trigger_intent(conversation.id, intent)
        except BotUnavailable as e:
            logger.warning("could not tell Rasa about %s: %s", intent, e)
        else:
            request = await self.bot_replies.store_and_deliver(conversation, replies)
            if request is not None:
                await self.escalate(conversation, request)
        await self.delivery.request_rating(conversation, handoff.id)
        await self.delivery.queue_changed()
