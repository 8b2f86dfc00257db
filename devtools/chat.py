"""A terminal chat with the running desk, as a widget user: socket.io to the hub.

It goes through the front door, like the website widget: the hub stores and redacts the
messages, and an agent can take the conversation over in the console. Type a message and
press Enter; when the bot offers buttons they are numbered: type the number to press one.
``/quit`` or Ctrl-D ends the chat.
"""

from __future__ import annotations

import asyncio
import os
import sys

import socketio


def show(message: dict) -> list[dict]:
    """Print one message from the hub; return its buttons."""
    who = {"bot": "bot", "agent": message.get("agent_name") or "agent", "system": "desk"}
    print(f"{who.get(message.get('sender'), 'bot')}> {message.get('text', '')}")
    buttons = message.get("buttons") or []
    for number, button in enumerate(buttons, start=1):
        print(f"     [{number}] {button['title']}")
    if message.get("article"):
        print(f"     (source: {message['article']['id']})")
    return buttons


async def chat(url: str) -> int:
    """Run the chat loop against the hub at ``url``."""
    client = socketio.AsyncClient(reconnection=True)
    buttons: list[dict] = []
    session: dict[str, str] = {}

    @client.on("session_confirm")
    async def confirmed(session_id):
        session["id"] = session_id

    @client.on("bot_uttered")
    async def uttered(message):
        nonlocal buttons
        if message.get("sender") != "user":
            buttons = show(message) or buttons

    @client.on("handoff_state")
    async def state(data):
        if data.get("state") == "queued":
            print(f"desk> you are number {data.get('position')} in the queue for an agent")

    @client.on("error")
    async def error(data):
        print(f"desk> {data.get('message')}")

    try:
        # python-engineio's websocket client needs a newer aiohttp than Rasa allows.
        await client.connect(url, socketio_path="socket.io", transports=["polling"])
    except socketio.exceptions.ConnectionError as e:
        print(f"the desk is not answering at {url} ({e}); is `make run` running?")
        return 1
    await client.emit("session_request", {"session_id": None})
    print("Chat with the Kestrel support desk. /quit to leave.")
    loop = asyncio.get_running_loop()
    while True:
        text = await loop.run_in_executor(None, _read_line)
        if text is None or text == "/quit":
            break
        if not text:
            continue
        if text.isdigit() and 1 <= int(text) <= len(buttons):
            text = buttons[int(text) - 1]["payload"]
        await client.call("user_uttered", {"message": text, "session_id": session.get("id")},
                          timeout=60)
        await asyncio.sleep(0.3)  # let the replies print before the next prompt
    await client.disconnect()
    return 0


def _read_line() -> str | None:
    try:
        return input("you> ").strip()
    except EOFError:
        return None


def main() -> int:
    """Chat with the hub of `make run`."""
    port = os.environ.get("DESK_HUB_PORT", "8000")
    return asyncio.run(chat(f"http://127.0.0.1:{port}"))


if __name__ == "__main__":
    sys.exit(main())
