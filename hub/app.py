"""The hub's application factory: settings in, a ready aiohttp application out."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from pathlib import Path

import aiohttp
from aiohttp import web

from bot.widget.channel import WidgetChannel
from console.routes import ConsoleFeed, ConsoleRoutes, auth_middleware, errors_middleware
from handoff.agents import AgentDirectory
from handoff.queue import HandoffQueue
from hub.hub import Hub
from hub.rasa_client import RasaClient
from hub.settings import HubSettings
from storage.conversations import ConversationStore
from storage.engine import create_engine, migrate

logger = logging.getLogger(__name__)
STATIC = Path(__file__).resolve().parent.parent / "bot" / "widget" / "static"

hub_key = web.AppKey("hub", Hub)
settings_key = web.AppKey("settings", HubSettings)


def create_app(settings: HubSettings, kb_store=None) -> web.Application:
    """Build the hub: database, Rasa client, widget, console, Telegram, background tasks.

    ``kb_store`` is the knowledge base for the console's suggestions; by default it is
    loaded from the index when ``settings.load_knowledge_base`` is set.
    """
    settings.check()
    app = web.Application(middlewares=[errors_middleware, auth_middleware],
                          client_max_size=64 * 1024)
    app[settings_key] = settings
    migrate(settings.database_url)
    engine = create_engine(settings.database_url)
    feed = ConsoleFeed()
    store = ConversationStore(engine)
    # The HTTP session is opened on startup: it must belong to the loop that serves the app.
    rasa = RasaClient(None, settings.rasa_url, settings.rasa_timeout_seconds)
    directory = AgentDirectory(engine)
    hub = Hub(settings, store, HandoffQueue(engine, settings.average_handle_seconds), directory,
              rasa, feed)
    feed.hub = hub
    app[hub_key] = hub
    app["agent_directory"] = directory

    widget = WidgetChannel(hub)
    widget.attach(app)
    if kb_store is None and settings.load_knowledge_base:
        from kb_index.search import KnowledgeBaseStore
        from kb_index.settings import KBSettings

        kb_store = KnowledgeBaseStore(KBSettings.from_env())
    ConsoleRoutes(hub, feed, kb_store, settings.canned_responses_file,
                  settings.cookie_secure).register(app)
    telegram = None
    if settings.telegram_mode != "off":
        from bot.telegram.channel import TelegramChannel

        telegram = TelegramChannel(hub, settings)

    app.router.add_get("/", _page("index.html"))
    app.router.add_get("/zh", _page("zh.html"))
    app.router.add_get("/widget.js", _page("widget.js"))
    app.router.add_get("/widget.css", _page("widget.css"))
    app.router.add_get("/help-center.css", _page("help-center.css"))
    app.router.add_static("/static/vendor", STATIC / "vendor")
    app.router.add_get("/healthz", _health)

    async def resources(app: web.Application):
        http = aiohttp.ClientSession()
        rasa.session = http
        if telegram is not None:
            telegram.http = http
        if kb_store is not None:
            # Load the index and the embedding model now, not on an agent's first click.
            await asyncio.get_running_loop().run_in_executor(None, _warm_up, kb_store)
        tasks = [asyncio.create_task(_timeouts(hub))]
        yield
        # Close widget connections first: a pending long-poll would hold the shutdown up.
        await widget.sio.shutdown()
        for task in tasks:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await http.close()
        await engine.dispose()

    app.cleanup_ctx.append(resources)
    if telegram is not None:
        telegram.register(app)  # after resources: polling needs the HTTP session
    return app


def _warm_up(kb_store) -> None:
    try:
        kb_store.current().embed_query("warm up")
    except Exception:  # noqa: BLE001 - no index yet: suggestions stay empty, the hub runs
        logger.warning("knowledge base not available for suggestions", exc_info=True)


def _page(name: str):
    async def handler(request: web.Request) -> web.FileResponse:
        return web.FileResponse(STATIC / name)

    return handler


async def _health(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


async def _timeouts(hub: Hub, every_seconds: float = 10) -> None:
    """Tell users whose wait ran past the claim timeout, and refresh queue estimates."""
    while True:
        await asyncio.sleep(every_seconds)
        try:
            await hub.notify_timeouts()
        except Exception:  # noqa: BLE001 - e.g. the database blinked: try again next round
            logger.exception("timeout check failed")
