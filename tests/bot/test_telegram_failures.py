"""Telegram never stalls: a failed update is acknowledged, kept, retried, and handled once."""

import asyncio

import pytest
from sqlalchemy.exc import OperationalError

import bot.telegram.setup
from bot.telegram.dead_letters import RetryPolicy
from bot.telegram.setup import retrier_key
from handoff.agents import AgentDirectory
from hub.app import create_app
from hub.keys import hub_key

from .fake_telegram import button_update, text_update
from .telegram_hub import post_update, stored_user_texts, telegram_settings


class BrokenWrites:
    """Make the conversation store's message writes fail while ``on`` (for ``only`` texts)."""

    def __init__(self, store, only: str | None = None) -> None:
        self.on = True
        self.only = only
        self.calls = 0
        self._real = store.add_message

    async def add_message(self, conversation_id, sender, text, *args, **kwargs):
        self.calls += 1
        if self.on and (self.only is None or text == self.only):
            raise OperationalError("INSERT INTO messages ...", {}, Exception("disk I/O error"))
        return await self._real(conversation_id, sender, text, *args, **kwargs)


@pytest.fixture
def broken_writes(webhook_hub, monkeypatch) -> BrokenWrites:
    store = webhook_hub.hub.store
    broken = BrokenWrites(store)
    monkeypatch.setattr(store, "add_message", broken.add_message)
    return broken


async def test_an_update_whose_handling_fails_is_200_kept_and_retried_once(
        webhook_hub, bot_api, fake_rasa, broken_writes):
    fake_rasa.down = True  # the bot is down and the database refuses the message
    update = text_update(7, 42, "hi")
    assert (await post_update(webhook_hub, update)).status == 200
    letters = webhook_hub.retrier.letters
    [letter] = await letters.pending()
    assert (letter.update_id, letter.raw_update, letter.attempts) == (7, update, 1)
    assert "OperationalError" in letter.error and "disk I/O error" in letter.error
    assert not letter.resolved and letter.next_attempt_at is not None
    # Telegram re-sends it while the fault lasts: still 200, one more failed try.
    assert (await post_update(webhook_hub, update)).status == 200
    assert (await letters.get(7)).attempts == 2

    broken_writes.on, fake_rasa.down = False, False
    assert await webhook_hub.retrier.run_once() == 1
    assert (await letters.get(7)).resolved and await letters.pending() == []
    assert await stored_user_texts(webhook_hub.hub) == ["hi"]
    assert fake_rasa.texts()[-1] == "hi" and len(bot_api.texts_to(42)) == 1

    # Handled once, however it arrives again.
    assert (await post_update(webhook_hub, update)).status == 200
    assert await webhook_hub.retrier.run_once() == 0
    assert await stored_user_texts(webhook_hub.hub) == ["hi"] and len(bot_api.texts_to(42)) == 1


async def test_a_failure_inside_the_hubs_intake_is_kept_too(webhook_hub, bot_api, monkeypatch):
    intake = webhook_hub.hub.intake
    real = intake.user_message

    async def crash(*args, **kwargs):
        raise RuntimeError("intake bug")

    monkeypatch.setattr(intake, "user_message", crash)
    assert (await post_update(webhook_hub, text_update(1, 42, "hi"))).status == 200
    assert "RuntimeError: intake bug" in (await webhook_hub.retrier.letters.get(1)).error
    monkeypatch.setattr(intake, "user_message", real)
    assert await webhook_hub.retrier.run_once() == 1
    assert await stored_user_texts(webhook_hub.hub) == ["hi"] and bot_api.texts_to(42)


async def test_newer_updates_are_not_held_back_by_a_failing_one(webhook_hub, bot_api,
                                                              broken_writes):
    broken_writes.only = "boom"
    assert (await post_update(webhook_hub, text_update(1, 42, "boom"))).status == 200
    assert (await post_update(webhook_hub, text_update(2, 42, "hi"))).status == 200
    assert await stored_user_texts(webhook_hub.hub) == ["hi"]
    assert [letter.update_id for letter in await webhook_hub.retrier.letters.pending()] == [1]


async def test_retries_back_off_then_leave_the_update_to_supervisors(webhook_hub,
                                                                   broken_writes):
    retrier = webhook_hub.retrier
    await post_update(webhook_hub, text_update(1, 42, "hi"))
    tries = [broken_writes.calls]
    for _ in range(retrier.policy.max_attempts + 2):
        await retrier.run_once()
        tries.append(broken_writes.calls)
    assert tries[-1] == retrier.policy.max_attempts  # one write per try, then no more
    [letter] = await retrier.letters.pending()
    assert letter.given_up and letter.attempts == retrier.policy.max_attempts
    assert "disk I/O error" in letter.error


async def test_the_webhook_refuses_only_when_the_update_cannot_be_kept_either(
        webhook_hub, bot_api, broken_writes, monkeypatch):
    letters = webhook_hub.retrier.letters

    async def database_gone(*args, **kwargs):
        raise OperationalError("INSERT INTO telegram_dead_letters ...", {}, Exception("gone"))

    monkeypatch.setattr(letters, "add", database_gone)
    response = await post_update(webhook_hub, text_update(1, 42, "hi"))
    assert response.status == 503  # nothing kept: Telegram must send it again
    broken_writes.on = False
    assert (await post_update(webhook_hub, text_update(1, 42, "hi"))).status == 200
    assert await stored_user_texts(webhook_hub.hub) == ["hi"]


async def test_a_failed_answer_callback_query_does_not_fail_the_update(webhook_hub, bot_api,
                                                                     fake_rasa):
    bot_api.failing = {"answerCallbackQuery"}
    await post_update(webhook_hub, text_update(1, 42, "my deposit has not arrived"))
    response = await post_update(webhook_hub, button_update(2, 42, '/inform{"network":"TRC20"}'))
    assert response.status == 200
    assert fake_rasa.texts()[-1] == '/inform{"network":"TRC20"}'
    assert "TxID" in bot_api.texts_to(42)[-1]
    assert await webhook_hub.retrier.letters.pending() == []


@pytest.mark.parametrize("update, expected", [
    (text_update(1, 42, "/start"), "/human"),
    (button_update(1, 42, "rate:x"), "couldn't read that rating"),
    (text_update(1, 42, "x" * 2500), "too long"),
], ids=["help", "bad-rating", "too-long"])
async def test_a_reply_telegram_refused_is_sent_once_it_is_back(webhook_hub, bot_api, update,
                                                               expected):
    bot_api.failing = {"sendMessage"}
    assert (await post_update(webhook_hub, update)).status == 200
    assert bot_api.sent == [] and len(await webhook_hub.retrier.letters.pending()) == 1
    bot_api.failing = set()
    assert await webhook_hub.retrier.run_once() == 1
    [reply] = bot_api.texts_to(42)
    assert expected in reply
    assert (await post_update(webhook_hub, update)).status == 200
    assert len(bot_api.texts_to(42)) == 1


async def test_the_hubs_answers_and_an_agents_work_survive_telegram_refusing(webhook_hub,
                                                                           bot_api):
    hub = webhook_hub.hub
    bot_api.failing = {"sendMessage"}
    assert (await post_update(webhook_hub, text_update(1, 42, "/human"))).status == 200
    agent = await AgentDirectory(hub.store.engine).create("mia", "Mia", "correct horse 1")
    handoff = await hub.handoffs.take_next(agent)
    await hub.handoffs.agent_message(agent, handoff.conversation_id, "Hi, Mia here", "c1")
    await hub.handoffs.resolve(agent, handoff.id)  # the rating buttons cannot be sent
    assert (await hub.queue.latest_for(handoff.conversation_id)).state.value == "resolved"
    assert await webhook_hub.retrier.letters.pending() == []  # stored by the hub


async def test_secrets_are_cut_out_of_a_kept_update_and_the_user_still_warned(
        webhook_hub, bot_api, broken_writes):
    from mnemonic import Mnemonic

    phrase = Mnemonic("english").generate(128)
    middle = " ".join(phrase.split()[2:10])
    update = text_update(1, 42, f"I cannot withdraw, my words are {phrase}")
    update["message"]["reply_to_message"] = {"message_id": 1, "text": f"backup: {phrase}"}
    await post_update(webhook_hub, update)
    [letter] = await webhook_hub.retrier.letters.pending()
    assert middle not in str(letter.raw_update) and letter.redacted
    assert letter.raw_update["message"]["text"].startswith("I cannot withdraw")

    broken_writes.on = False
    assert await webhook_hub.retrier.run_once() == 1
    stored = " ".join(await stored_user_texts(webhook_hub.hub))
    assert "I cannot withdraw" in stored and middle not in stored
    assert (await webhook_hub.hub.store.get_by_channel("telegram", "42")).flagged_secret
    assert sum("never ask" in t for t in bot_api.texts_to(42)) == 1


async def test_a_hash_the_bot_asked_for_is_kept_in_a_dead_letter(webhook_hub, bot_api,
                                                               broken_writes):
    broken_writes.on = False
    await post_update(webhook_hub, text_update(1, 42, "TRC20"))  # the bot asks for the TxID
    tx_hash = "a" * 64
    broken_writes.on = True
    await post_update(webhook_hub, text_update(2, 42, tx_hash))
    [letter] = await webhook_hub.retrier.letters.pending()
    assert letter.raw_update["message"]["text"] == tx_hash and not letter.redacted


async def test_two_workers_racing_for_one_update_handle_it_once(webhook_hub, bot_api,
                                                              broken_writes):
    await post_update(webhook_hub, text_update(1, 42, "hi"))
    broken_writes.on = False
    results = await asyncio.gather(*(webhook_hub.retrier.run_once() for _ in range(3)))
    assert sorted(results) == [0, 0, 1]
    assert await stored_user_texts(webhook_hub.hub) == ["hi"] and len(bot_api.texts_to(42)) == 1


async def _until(condition, timeout: float = 10):
    deadline = asyncio.get_running_loop().time() + timeout
    while not await condition():
        assert asyncio.get_running_loop().time() < deadline, "timed out"
        await asyncio.sleep(0.05)


async def test_the_worker_retries_in_the_background(aiohttp_client, tmp_path, fake_rasa,
                                                   bot_api, monkeypatch):
    monkeypatch.setattr(bot.telegram.setup, "RETRY_POLICY",
                        RetryPolicy(delays_seconds=(0.1, 0.1), check_every_seconds=0.05))
    app = create_app(telegram_settings(tmp_path, fake_rasa, bot_api, "webhook"))
    client = await aiohttp_client(app)
    broken = BrokenWrites(app[hub_key].store)
    monkeypatch.setattr(app[hub_key].store, "add_message", broken.add_message)
    assert (await post_update(client, text_update(1, 42, "hi"))).status == 200
    broken.on = False

    async def handled():
        letter = await app[retrier_key].letters.get(1)
        return letter is not None and letter.resolved

    await _until(handled)
    assert await stored_user_texts(app[hub_key]) == ["hi"] and len(bot_api.texts_to(42)) == 1


async def test_polling_moves_past_a_failed_update_once_it_is_kept(aiohttp_server, tmp_path,
                                                                fake_rasa, bot_api,
                                                                retry_on_request,
                                                                monkeypatch):
    app = create_app(telegram_settings(tmp_path, fake_rasa, bot_api, "polling"))
    hub = app[hub_key]
    broken = BrokenWrites(hub.store, only="boom")
    monkeypatch.setattr(hub.store, "add_message", broken.add_message)
    await aiohttp_server(app)
    bot_api.push_update(text_update(100, 77, "boom"))
    bot_api.push_update(text_update(101, 77, "hi"))

    async def moved_on():
        return bool(bot_api.texts_to(77)) and max(bot_api.offsets()) == 102

    await _until(moved_on)
    assert [letter.update_id for letter in await app[retrier_key].letters.pending()] == [100]
    broken.on = False
    assert await app[retrier_key].run_once() == 1
    assert await stored_user_texts(hub) == ["hi", "boom"]


async def test_polling_fetches_an_update_again_when_it_could_not_be_kept(
        aiohttp_server, tmp_path, fake_rasa, bot_api, retry_on_request, monkeypatch):
    app = create_app(telegram_settings(tmp_path, fake_rasa, bot_api, "polling"))
    hub, letters = app[hub_key], app[retrier_key].letters
    broken = BrokenWrites(hub.store)
    monkeypatch.setattr(hub.store, "add_message", broken.add_message)
    real_add = letters.add

    async def database_gone(*args, **kwargs):
        raise OperationalError("INSERT INTO telegram_dead_letters ...", {}, Exception("gone"))

    monkeypatch.setattr(letters, "add", database_gone)
    await aiohttp_server(app)
    bot_api.push_update(text_update(100, 77, "hi"))

    async def tried():
        return broken.calls >= 1

    await _until(tried)
    assert max(bot_api.offsets()) <= 100  # not acknowledged: nothing was kept
    broken.on = False
    monkeypatch.setattr(letters, "add", real_add)

    async def answered():
        return bool(bot_api.texts_to(77))

    await _until(answered)  # fetched again after the back-off, handled this time
    assert await stored_user_texts(hub) == ["hi"]
