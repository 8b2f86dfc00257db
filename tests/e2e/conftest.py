"""Start the real Rasa server and action server once for the end-to-end tests."""

from __future__ import annotations

import aiohttp
import pytest

from desk.servers import ServersDidNotStart, run_desk


@pytest.fixture(scope="session")
def desk_servers(tmp_path_factory):
    """The running desk: Rasa's REST channel and the action server on free ports."""
    try:
        with run_desk(tmp_path_factory.mktemp("desk")) as desk:
            yield desk
    except (ServersDidNotStart, FileNotFoundError) as e:
        pytest.fail(str(e))


class RestChat:
    """One user's conversation through Rasa's REST channel."""

    def __init__(self, session: aiohttp.ClientSession, url: str, sender: str) -> None:
        self.session, self.url, self.sender = session, url, sender

    async def say(self, message: str) -> list[dict]:
        async with self.session.post(self.url, json={"sender": self.sender, "message": message}) as r:
            assert r.status == 200, await r.text()
            return await r.json()


def texts(messages: list[dict]) -> str:
    return "\n".join(m.get("text", "") for m in messages)


def custom(messages: list[dict], key: str) -> list[dict]:
    return [m["custom"][key] for m in messages if key in (m.get("custom") or {})]


def buttons(messages: list[dict]) -> list[dict]:
    return [b for m in messages for b in m.get("buttons") or []]
