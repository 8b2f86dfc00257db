"""The hub's application factory: settings in, a ready aiohttp application out.

It reads like the architecture: the resources (database, Rasa client, knowledge base,
background tasks) each own a cleanup context; the hub's services are wired once; then
each channel and the console register their routes and join the hub's channel registry.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from aiohttp import web

from bot.widget.channel import CHANNEL as WIDGET_CHANNEL
from bot.widget.channel import WidgetChannel, WidgetSecurity
from bot.widget.pages import register_pages
from console.auth import LoginRoutes, auth_middleware, errors_middleware
from console.feed import ConsoleFeed
from console.routes import ConsoleRoutes, load_canned_responses
from console.suggestions import ArticleSuggestions
from handoff.agents import AgentDirectory
from handoff.queue import HandoffQueue
from hub.handoffs import HandoffLifecycle
from hub.headers import add_security_headers
from hub.hub import build_hub
from hub.keys import directory_key, hub_key, settings_key
from hub.limits import DeskLimits
from hub.origins import engineio_policy
from hub.rasa_client import RasaClient
from hub.settings import HubSettings
from identity.sessions import SessionIssuer, load_or_create_key
from identity.users import UserVerifier
from storage.conversations import ConversationStore
from storage.engine import create_engine, migrate

logger = logging.getLogger(__name__)

MAX_REQUEST_BYTES = 64 * 1024
TIMEOUT_CHECK_SECONDS = 10.0


def create_app(settings: HubSettings, kb_store=None) -> web.Application:
    """Build the hub: database, Rasa client, widget, console, Telegram, background tasks.

    ``kb_store`` is the knowledge base for the console's suggestions; by default it is
    loaded from the index when ``settings.load_knowledge_base`` is set.
    """
    app = web.Application(middlewares=[errors_middleware, auth_middleware],
                          client_max_size=MAX_REQUEST_BYTES)
    app[settings_key] = settings

    engine = create_engine(settings.database_url)  # connects on first use, after migrating
    rasa = RasaClient(settings.rasa_url, settings.rasa_timeout_seconds,
                      token=settings.rasa_token, channel_secret=settings.hub_channel_secret)
    feed = ConsoleFeed()
    directory = AgentDirectory(engine)
    limits = DeskLimits.from_specs(settings.limit_new_conversations, settings.limit_messages,
                                   settings.limit_escalations, settings.limit_failed_logins)
    hub = build_hub(settings, ConversationStore(engine),
                    HandoffQueue(engine, settings.average_handle_seconds), directory, rasa, feed,
                    limits)
    app[hub_key] = hub
    app[directory_key] = directory
    if kb_store is None and settings.load_knowledge_base:
        from kb_index.search import KnowledgeBaseStore
        from kb_index.settings import KBSettings

        kb_store = KnowledgeBaseStore(KBSettings())
    suggestions = ArticleSuggestions(kb_store)

    app.cleanup_ctx.append(_database(settings.database_url, engine))
    app.cleanup_ctx.append(_opened(rasa))
    app.cleanup_ctx.append(_warmed_up(suggestions))
    app.cleanup_ctx.append(_every(TIMEOUT_CHECK_SECONDS, hub.handoffs))

    widget = WidgetChannel(hub, _widget_security(settings, limits))
    widget.attach(app)
    hub.channels.register(WIDGET_CHANNEL, widget)
    register_pages(app)
    LoginRoutes(settings.secure_cookies, limits).register(app)
    ConsoleRoutes(hub, feed, suggestions, load_canned_responses(settings.canned_responses_file),
                  settings.allowed_origins(settings.console_origins)).register(app)
    app.on_response_prepare.append(add_security_headers)
    app.on_shutdown.append(feed.close_all)
    if settings.telegram_mode != "off":
        from bot.telegram.setup import attach_telegram

        attach_telegram(app, hub, settings)
    app.router.add_get("/healthz", _health)
    return app


def _widget_security(settings: HubSettings, limits: DeskLimits) -> WidgetSecurity:
    key = settings.session_secret.encode() or load_or_create_key(settings.session_key_file)
    return WidgetSecurity(
        origin_policy=engineio_policy(settings.allowed_origins(settings.widget_origins)),
        sessions=SessionIssuer(key, settings.session_idle_hours * 3600),
        users=UserVerifier(settings.identity_secret),
        identity_required=settings.identity_required,
        new_conversations=limits.new_conversations)


def _database(url: str, engine):
    async def context(app: web.Application):
        # Alembic is synchronous: run the migrations off the event loop.
        await asyncio.get_running_loop().run_in_executor(None, migrate, url)
        yield
        await engine.dispose()

    return context


def _opened(resource):
    """A cleanup context for anything with ``start()`` and ``close()``."""
    async def context(app: web.Application):
        await resource.start()
        yield
        await resource.close()

    return context


def _warmed_up(suggestions: ArticleSuggestions):
    async def context(app: web.Application):
        await asyncio.get_running_loop().run_in_executor(None, suggestions.warm_up)
        yield

    return context


def _every(seconds: float, handoffs: HandoffLifecycle):
    """Tell users whose wait ran past the claim timeout, every few seconds."""
    async def loop() -> None:
        while True:
            await asyncio.sleep(seconds)
            try:
                await handoffs.notify_timeouts()
            except Exception:  # noqa: BLE001 - e.g. the database blinked: try again next round
                logger.exception("timeout check failed")

    async def context(app: web.Application):
        task = asyncio.create_task(loop())
        yield
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    return context


async def _health(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})
