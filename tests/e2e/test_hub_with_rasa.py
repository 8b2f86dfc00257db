"""The whole desk on real parts: widget client -> hub -> Rasa -> action server -> console."""

import pytest
from mnemonic import Mnemonic
from sqlalchemy import select

from storage.schema import messages
from tests.bot.fake_telegram import FakeBotApi, text_update

pytestmark = pytest.mark.slow


async def test_escalation_reaches_the_console_and_they_talk_live(real_widget_user, real_console):
    agent = await real_console()
    await agent.open_ws()
    user = await real_widget_user()

    await user.say("I want to talk to a real person")
    await user.wait_for("handoff_state", lambda d: d["state"] == "queued")
    queued = await agent.wait_for(lambda e: e["type"] == "queue" and e["waiting"])
    handoff = queued["waiting"][0]
    assert handoff["reason"] == "asked_for_human"
    assert handoff["details"]["intent_ranking"][0]["intent"] == "request_human"

    await agent.api("POST", f"/api/handoffs/{handoff['id']}/claim")
    await user.wait_for("handoff_state", lambda d: d["state"] == "claimed")
    await agent.api("POST", f"/api/conversations/{handoff['conversation_id']}/messages",
                    {"text": "Hi, I'm Mia. How can I help?", "client_id": "a1"})
    await user.wait_for("bot_uttered", lambda d: d["sender"] == "agent")

    await agent.api("POST", f"/api/handoffs/{handoff['id']}/resolve")
    await user.wait_for("rating_request")
    await user.wait_for("bot_uttered", lambda d: d["sender"] == "bot"
                        and "sort this out" in d["text"])  # Rasa was told


async def test_handed_back_the_bot_answers_from_the_knowledge_base(real_widget_user, real_console):
    agent = await real_console()
    user = await real_widget_user()
    await user.say("can I speak to a human agent please")
    await user.wait_for("handoff_state", lambda d: d["state"] == "queued")
    handoff = (await agent.api("POST", "/api/queue/next"))["handoff"]
    await agent.api("POST", f"/api/handoffs/{handoff['id']}/return")
    await user.wait_for("bot_uttered", lambda d: "back with you" in d["text"])
    await user.say("how do I set up an anti-phishing code")
    answer = await user.wait_for("bot_uttered", lambda d: (d.get("article") or {}).get("id")
                                 == "anti-phishing-code")
    assert answer["sender"] == "bot"


async def test_a_deposit_hash_the_bot_asked_for_is_kept_and_checked(real_widget_user):
    user = await real_widget_user()
    await user.say("my USDT deposit hasn't arrived")
    await user.wait_for("bot_uttered", lambda d: "network" in d["text"])
    await user.say("TRC20")
    await user.wait_for("bot_uttered", lambda d: "TxID" in d["text"])
    await user.say("5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060")
    ok = await user.wait_for("bot_uttered", lambda d: "right format" in d["text"])
    assert "TRON" in ok["text"]


async def test_secrets_never_reach_rasas_tracker_store(real_widget_user, real_hub_server,
                                                       desk_servers):
    phrase = Mnemonic("english").generate(128)
    key = "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"
    user = await real_widget_user()
    await user.say(f"support told me to send my seed {phrase} and key {key}")
    await user.wait_for("bot_uttered", lambda d: d["sender"] == "bot")
    middle = " ".join(phrase.split()[2:10])
    tracker = (desk_servers.logs / "tracker.db").read_bytes()
    assert middle.encode() not in tracker and key.encode() not in tracker
    async with real_hub_server.hub.store.engine.connect() as db:
        stored = " ".join(r[0] for r in (await db.execute(select(messages.c.text))).all())
    assert middle not in stored and key not in stored


async def test_telegram_user_gets_the_2fa_flow_in_chinese(aiohttp_server, aiohttp_client, tmp_path,
                                                          desk_servers):
    from hub.app import create_app
    from hub.keys import hub_key
    from tests.support.hub import hub_settings_for

    api = FakeBotApi("123456:TEST-token")
    api_server = await aiohttp_server(api.app())
    settings = hub_settings_for(tmp_path, desk_servers, telegram_mode="webhook",
                                telegram_token="123456:TEST-token",
                                telegram_secret="s3cret-token-for-tests",
                                telegram_api_base=f"http://127.0.0.1:{api_server.port}")
    app = create_app(settings)
    client = await aiohttp_client(app)
    assert app[hub_key] is not None
    update = text_update(1, 42, "谷歌验证器丢了，换了新手机", "zh-hans")
    response = await client.post("/telegram/webhook", json=update,
                                 headers={"X-Telegram-Bot-Api-Secret-Token":
                                          "s3cret-token-for-tests"})
    assert response.status == 200
    keyboards = [m for m in api.sent if "reply_markup" in m]
    assert keyboards, api.sent
    assert any("验证" in m["text"] for m in api.sent)
