"""A terminal chat with the running desk through Rasa's REST channel.

Type a message and press Enter. When the bot offers buttons they are numbered: type the
number to press one. ``/quit`` or Ctrl-D ends the chat.
"""

from __future__ import annotations

import json
import os
import sys
import urllib.error
import urllib.request
import uuid


def send(url: str, sender: str, message: str) -> list[dict]:
    """Post one user message to the REST channel and return the bot's messages."""
    body = json.dumps({"sender": sender, "message": message}).encode("utf-8")
    request = urllib.request.Request(url, body, {"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read().decode("utf-8"))


def render(messages: list[dict]) -> list[dict]:
    """Print the bot's messages; return the buttons offered last."""
    buttons: list[dict] = []
    for message in messages:
        if message.get("text"):
            print(f"bot> {message['text']}")
        for number, button in enumerate(message.get("buttons") or [], start=1):
            print(f"     [{number}] {button['title']}")
        if message.get("buttons"):
            buttons = message["buttons"]
        custom = message.get("custom") or {}
        if "article" in custom:
            print(f"     (source: {custom['article']['id']})")
        if "handoff" in custom:
            print(f"     (handed off to an agent: {custom['handoff']['reason']})")
    return buttons


def main() -> int:
    """Run the chat loop."""
    port = os.environ.get("DESK_RASA_PORT", "5005")
    url = f"http://127.0.0.1:{port}/webhooks/rest/webhook"
    sender = f"terminal-{uuid.uuid4().hex[:8]}"
    print("Chat with the Kestrel support desk. /quit to leave.")
    buttons: list[dict] = []
    while True:
        try:
            text = input("you> ").strip()
        except EOFError:
            return 0
        if text == "/quit":
            return 0
        if not text:
            continue
        if text.isdigit() and 1 <= int(text) <= len(buttons):
            text = buttons[int(text) - 1]["payload"]
        try:
            buttons = render(send(url, sender, text))
        except (urllib.error.URLError, OSError) as e:
            print(f"the desk is not answering at {url} ({e}); is `make run` running?")


if __name__ == "__main__":
    sys.exit(main())
