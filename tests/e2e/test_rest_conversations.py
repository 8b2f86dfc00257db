"""Whole conversations against the real Rasa server and action server (REST channel)."""

import uuid

import aiohttp
import pytest

from .conftest import RestChat, buttons, custom, texts

pytestmark = pytest.mark.slow


@pytest.fixture
async def chat(desk_servers):
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60)) as session:
        yield RestChat(session, desk_servers.rest_url, f"e2e-{uuid.uuid4().hex[:8]}")


async def test_2fa_reset_in_english(chat):
    reply = await chat.say("I lost my phone and can't get the google authenticator codes")
    assert "what do you still have access to" in texts(reply)
    offered = {b["title"]: b["payload"] for b in buttons(reply)}
    assert "My email and my phone number" in offered

    reply = await chat.say(offered["My email and my phone number"])
    answer = texts(reply)
    assert "Forgot 2FA?" in answer and "24 hours" in answer
    assert "will never ask for your password" in answer
    assert custom(reply, "handoff") == []


async def test_deposit_in_chinese_with_a_bad_then_a_good_hash(chat):
    reply = await chat.say("充的USDT两个小时了还没到账")
    assert "哪个网络" in texts(reply)
    assert "TRON (TRC20)" in [b["title"] for b in buttons(reply)]

    reply = await chat.say("波场")
    assert "交易哈希" in texts(reply)

    evm_hash = "0x5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060"
    reply = await chat.say(evm_hash)
    assert "不带 0x 前缀" in texts(reply)  # says exactly what is wrong, in Chinese
    assert "交易哈希" in texts(reply)  # and asks again

    reply = await chat.say(evm_hash[2:])
    assert "符合 TRON (TRC20) 的格式" in texts(reply)
    # two hours on TRON is past its 30 minutes: an agent takes it, with the details
    [handoff] = custom(reply, "handoff")
    assert handoff["reason"] == "overdue_transfer" and handoff["language"] == "zh"
    assert handoff["details"]["network"] == "TRON" and handoff["details"]["coin"] == "USDT"
    assert handoff["details"]["tx_hash"] == evm_hash[2:]
    assert handoff["intent_ranking"][0]["intent"] == "deposit_delay"
    assert "人工客服" in texts(reply)


async def test_question_the_knowledge_base_cannot_answer_is_escalated(chat):
    reply = await chat.say("Does Kestrel offer a staking program for DOGE, and what's the APY?")
    assert custom(reply, "article") == []
    if not custom(reply, "handoff"):
        # Unsure, the bot first offers its closest readings; none of them is it.
        offered = buttons(reply)
        assert offered and offered[-1]["payload"] == "/deny"
        reply = await chat.say("/deny")
    [handoff] = custom(reply, "handoff")
    assert handoff["reason"] == "low_confidence"
    assert "support agent" in texts(reply)


async def test_investment_advice_is_declined(chat):
    reply = await chat.say("will bitcoin go up next week? should I buy now")
    assert "can't give price predictions" in texts(reply)
    assert custom(reply, "article") == [] and custom(reply, "handoff") == []


async def test_answer_carries_its_source_and_asks_for_feedback(chat):
    reply = await chat.say("how do I set up an anti-phishing code?")
    [source] = custom(reply, "article")
    assert source["id"] == "anti-phishing-code" and source["title"] in texts(reply)
    assert [b["payload"] for b in buttons(reply)] == ["/affirm", "/deny"]

    reply = await chat.say("/deny")
    assert custom(reply, "feedback") == [{"article": "anti-phishing-code", "helped": False}]
    assert "/request_human" in [b["payload"] for b in buttons(reply)]
    assert custom(reply, "handoff") == []  # no loop of fallbacks after a "no"


async def test_compromised_account_gets_safety_steps_then_an_urgent_handoff(chat):
    reply = await chat.say("我的账号被盗了，有人把币都提走了")
    text = texts(reply)
    assert text.index("禁用账户") < text.index("优先")
    assert custom(reply, "handoff")[0]["priority"] == "urgent"
