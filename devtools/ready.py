"""Wait until every service of ``make run`` answers, then say where to chat.

Runs as one of the Procfile's processes; it stays alive afterwards because honcho stops
all processes when any one of them exits.
"""

from __future__ import annotations

import os
import sys
import time
import urllib.error
import urllib.request

TIMEOUT_SECONDS = 300


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status < 500
    except (urllib.error.URLError, OSError):
        return False


def wait_for(urls: dict[str, str], timeout: float = TIMEOUT_SECONDS) -> list[str]:
    """Poll the services until all answer or time runs out; return those that never did."""
    deadline = time.monotonic() + timeout
    pending = dict(urls)
    while pending and time.monotonic() < deadline:
        pending = {name: url for name, url in pending.items() if not _answers(url)}
        if pending:
            time.sleep(1)
    return sorted(pending)


def warm_up(hub_channel_url: str, secret: str) -> None:
    """Ask one knowledge-base question, so the action server loads its index and model now
    and the first real user does not wait for it."""
    import json

    body = json.dumps({"sender": "warm-up", "message": "how do I set up an anti-phishing code"})
    request = urllib.request.Request(hub_channel_url, body.encode(),
                                     {"Content-Type": "application/json", "X-Desk-Secret": secret})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            response.read()
    except (urllib.error.URLError, OSError) as e:
        print(f"warm-up question failed: {e}", flush=True)


def main() -> int:
    """Wait for Rasa and the action server, print how to chat, then idle."""
    rasa_port = os.environ.get("DESK_RASA_PORT", "5005")
    actions_port = os.environ.get("DESK_ACTIONS_PORT", "5055")
    hub_port = os.environ.get("DESK_HUB_PORT", "8000")
    started = time.monotonic()
    missing = wait_for({
        "Rasa server": f"http://127.0.0.1:{rasa_port}/",
        "action server": f"http://127.0.0.1:{actions_port}/health",
        "hub": f"http://127.0.0.1:{hub_port}/healthz",
    })
    if missing:
        print(f"not answering after {TIMEOUT_SECONDS} s: {', '.join(missing)}", flush=True)
        return 1
    warm_up(f"http://127.0.0.1:{rasa_port}/webhooks/hub/webhook",
            os.environ.get("DESK_HUB_CHANNEL_SECRET", ""))
    demo = os.environ.get("DESK_DEMO_AGENT", "")
    hub = f"http://127.0.0.1:{hub_port}"
    print(
        f"\n  The desk is ready ({time.monotonic() - started:.0f} s).\n"
        f"  Chat as a user:         {hub}/  (English)   {hub}/zh  (中文)\n"
        f"  Agent console:          {hub}/console   {demo}\n"
        f"  Chat in the terminal:   make chat        (as a widget user, through the hub)\n"
        f"  Stop everything:        Ctrl-C\n",
        flush=True,
    )
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    sys.exit(main())
