"""Helpers for chatting with the real Rasa server (the fixture is in tests/conftest.py)."""

from __future__ import annotations

import aiohttp


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
