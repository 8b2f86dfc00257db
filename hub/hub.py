"""The hub: the services that own every conversation, wired together once.

The hub is the single writer of conversation state. A user message is stored (once),
cleaned of secrets, then goes to the bot (Rasa) or, during a handoff, to the agents;
the bot can never answer over an agent's head. Channels and the console call these
services and render what they hand back; docs/architecture.md shows how a message travels.
"""

from __future__ import annotations

from dataclasses import dataclass

from handoff.agents import AgentDirectory
from handoff.audit import AuditLog
from handoff.queue import HandoffQueue
from hub.bot_replies import BotReplies
from hub.channels import AgentFeed, ChannelRegistry
from hub.delivery import Delivery
from hub.handoffs import HandoffLifecycle
from hub.intake import UserIntake
from hub.limits import DeskLimits
from hub.rasa_client import RasaClient
from hub.settings import HubSettings
from hub.views import ConversationViews
from storage.conversations import ConversationStore


@dataclass(frozen=True)
class Hub:
    """The hub's services; each has one job."""

    store: ConversationStore
    queue: HandoffQueue
    directory: AgentDirectory
    channels: ChannelRegistry
    views: ConversationViews
    delivery: Delivery
    handoffs: HandoffLifecycle
    intake: UserIntake
    limits: DeskLimits
    audit: AuditLog


def build_hub(settings: HubSettings, store: ConversationStore, queue: HandoffQueue,
              directory: AgentDirectory, rasa: RasaClient, feed: AgentFeed,
              limits: DeskLimits) -> Hub:
    """Wire the services; channels register in ``hub.channels`` afterwards."""
    channels = ChannelRegistry()
    views = ConversationViews(store, queue, directory, feed, settings.hours)
    delivery = Delivery(store, queue, channels, feed, views)
    bot_replies = BotReplies(store, delivery, views)
    audit = AuditLog(store.engine)
    handoffs = HandoffLifecycle(store, queue, rasa, bot_replies, delivery, settings.hours,
                                settings.claim_timeout_seconds, limits.escalations, audit)
    intake = UserIntake(store, queue, rasa, bot_replies, handoffs, delivery, limits.messages)
    return Hub(store, queue, directory, channels, views, delivery, handoffs, intake, limits,
               audit)
