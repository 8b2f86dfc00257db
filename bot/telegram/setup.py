"""Wire the Telegram channel into the hub's app: webhook route or long polling, and retries."""

from __future__ import annotations

from aiohttp import web

from bot.telegram.api import BotApi
from bot.telegram.dead_letters import DeadLetters, RetryPolicy
from bot.telegram.inbound import CHANNEL, TelegramReceiver
from bot.telegram.outbound import TelegramSender
from bot.telegram.retries import DeadLetterRetrier
from bot.telegram.updates import UpdateLog
from hub.hub import Hub
from hub.settings import HubSettings

# Not a setting yet: HubSettings has no Telegram retry fields; tests pass their own policy.
RETRY_POLICY = RetryPolicy()
retrier_key = web.AppKey("telegram_retrier", DeadLetterRetrier)


def attach_telegram(app: web.Application, hub: Hub, settings: HubSettings,
                    policy: RetryPolicy | None = None) -> None:
    """Receive updates the configured way, retry failed ones, deliver the hub's messages."""
    policy = policy or RETRY_POLICY
    engine = hub.store.engine
    api = BotApi(settings.telegram_api_base, settings.telegram_token)
    letters = DeadLetters(engine, policy)
    receiver = TelegramReceiver(hub, api, UpdateLog(engine), letters, settings.telegram_secret)
    retrier = DeadLetterRetrier(letters, receiver.retry, policy)
    app[retrier_key] = retrier
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
    app.cleanup_ctx.append(retrier.running)  # after the session: retries send messages
