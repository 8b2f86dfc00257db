"""The dead-letter table on SQLite and PostgreSQL: back-off, one try at a time, supervisors."""

import asyncio
from datetime import timedelta

import pytest
from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import create_engine as create_sync_engine
from sqlalchemy import inspect

from bot.telegram.dead_letters import DeadLetters, RetryPolicy, without_secrets
from desk.clock import utcnow
from storage.engine import MIGRATIONS, sync_url
from storage.schema import metadata

from .fake_telegram import text_update

NOW_TOLERANCE = timedelta(seconds=5)


@pytest.fixture
def letters(engine) -> DeadLetters:
    return DeadLetters(engine, RetryPolicy(delays_seconds=(30, 120)))


def _close(moment, expected) -> bool:
    return abs(moment - expected) < NOW_TOLERANCE


async def test_a_failed_update_is_kept_with_its_first_retry_scheduled(letters):
    update = text_update(1, 42, "充币还没到账")
    await letters.add(1, update, "OperationalError: disk I/O error")
    letter = await letters.get(1)
    assert letter.raw_update == update and letter.attempts == 1 and not letter.resolved
    assert _close(letter.next_attempt_at, utcnow() + timedelta(seconds=30))
    assert _close(letter.created_at, utcnow()) and letter.last_tried_at >= letter.created_at


async def test_each_failure_waits_longer_and_the_last_leaves_it_to_supervisors(letters):
    await letters.add(1, text_update(1, 42, "hi"), "first")
    await letters.add(1, text_update(1, 42, "hi"), "second")  # Telegram re-sent it
    letter = await letters.get(1)
    assert (letter.attempts, letter.error) == (2, "second")
    assert _close(letter.next_attempt_at, utcnow() + timedelta(seconds=120))
    await letters.failed(1, 3, "third")
    letter = await letters.get(1)
    assert letter.given_up and letter.next_attempt_at is None
    assert [p.update_id for p in await letters.pending()] == [1]
    assert await letters.due() == []


async def test_only_due_letters_are_handed_out_oldest_update_first(engine):
    now_letters = DeadLetters(engine, RetryPolicy(delays_seconds=(0,)))
    later_letters = DeadLetters(engine, RetryPolicy(delays_seconds=(3600,)))
    await now_letters.add(9, text_update(9, 42, "b"), "e")
    await later_letters.add(5, text_update(5, 42, "later"), "e")
    await now_letters.add(7, text_update(7, 42, "a"), "e")
    assert [letter.update_id for letter in await now_letters.due()] == [7, 9]


async def test_one_try_at_a_time_however_many_workers_claim(engine):
    letters = DeadLetters(engine, RetryPolicy(delays_seconds=(0, 0)))
    await letters.add(1, text_update(1, 42, "hi"), "e")
    [letter] = await letters.due()
    claims = await asyncio.gather(*(letters.claim(letter) for _ in range(5)))
    assert claims.count(True) == 1
    claimed = await letters.get(1)
    assert claimed.attempts == 2 and claimed.next_attempt_at > utcnow()  # leased
    assert await letters.due() == []


async def test_a_handled_letter_is_no_longer_pending(letters):
    await letters.add(1, text_update(1, 42, "hi"), "e")
    await letters.add(2, text_update(2, 42, "hi"), "e")
    await letters.succeeded(1)
    assert [letter.update_id for letter in await letters.pending()] == [2]
    assert (await letters.get(1)).resolved


async def test_update_ids_beyond_32_bits_are_kept(letters):
    await letters.add(2**40, text_update(2**40, 42, "hi"), "e")
    assert (await letters.get(2**40)).update_id == 2**40


async def test_long_errors_are_cut_short(letters):
    await letters.add(1, text_update(1, 42, "hi"), "x" * 10_000)
    assert len((await letters.get(1)).error) == 2000


def test_secrets_are_cut_from_every_string_of_an_update():
    key = "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"
    update = text_update(1, 42, "hello")
    update["message"]["reply_to_message"] = {"text": f"my key {key}", "entities": [{"x": 1}]}
    cleaned, found = without_secrets(update)
    assert found and key not in str(cleaned) and cleaned["message"]["text"] == "hello"
    assert cleaned["update_id"] == 1 and update["message"]["reply_to_message"]["text"].endswith(key)
    assert without_secrets(text_update(1, 42, "hello")) == (text_update(1, 42, "hello"), False)


async def test_the_table_matches_its_migration(engine):
    from alembic.autogenerate import compare_metadata

    def differences(connection):
        return compare_metadata(MigrationContext.configure(connection), metadata)

    async with engine.connect() as db:
        diffs = await db.run_sync(differences)
    assert [d for d in diffs if "telegram_dead_letters" in repr(d)] == []


def test_migration_0002_adds_and_removes_only_its_table(tmp_path):
    url = f"sqlite+aiosqlite:///{tmp_path / 'm.db'}"
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", sync_url(url))
    sync = create_sync_engine(sync_url(url))
    command.upgrade(config, "0001")
    before = set(inspect(sync).get_table_names())
    command.upgrade(config, "0002")
    assert set(inspect(sync).get_table_names()) - before == {"telegram_dead_letters"}
    command.downgrade(config, "0001")
    assert set(inspect(sync).get_table_names()) == before
    sync.dispose()
