"""Wire the Telegram channel into the hub's app: webhook route or long polling."""

from __future__ import annotations

from aiohttp import web

from bot.telegram.api import BotApi
from bot.telegram.inbound import CHANNEL, TelegramReceiver
from bot.telegram.outbound import TelegramSender
from bot.telegram.updates import UpdateLog
from hub.hub import Hub
from hub.settings import HubSettings


def attach_telegram(app: web.Application, hub: Hub, settings: HubSettings) -> None:
    """Receive updates the configured way and deliver the hub's messages to Telegram."""
    api = BotApi(settings.telegram_api_base, settings.telegram_token)
    receiver = TelegramReceiver(hub, api, UpdateLog(hub.store.engine), settings.telegram_secret)
    hub.channels.register(CHANNEL, TelegramSender(api))

    async def session(app: web.Application):
        await api.start()
        yield
        await api.close()

    app.cleanup_ctx.append(session)
    if settings.telegram_mode == "webhook":
        app.router.add_post("/telegram/webhook", receiver.webhook)
    else:
        app.cleanup_ctx.append(receiver.polling)  # after the session: polling needs it
