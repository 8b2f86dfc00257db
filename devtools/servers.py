"""Start the Rasa server and the action server as child processes (tests, benchmarks)."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from devtools.ready import wait_for

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_MODEL = PROJECT_ROOT / "models" / "desk.tar.gz"

# Each service embeds one short text per message, where a second torch/OpenMP thread saves
# nothing; with three services on two cores the extra threads only fight (4 replies/s
# instead of 17 with knowledge-base search). The Makefile's `run` sets the same.
SERVING_ENV = {"OMP_NUM_THREADS": "1", "RASA_TELEMETRY_ENABLED": "false"}


class ServersDidNotStart(RuntimeError):
    """A service did not answer in time; the message holds the end of its log."""


@dataclass(frozen=True)
class RunningDesk:
    """Where the started services listen, and where their logs are."""

    rasa_port: int
    actions_port: int
    logs: Path
    started_seconds: float
    pids: dict[str, int]
    # Rasa's API token and the hub channel's secret, as the hub must send them.
    token: str = ""
    hub_secret: str = ""

    @property
    def rasa_url(self) -> str:
        """Base URL of the Rasa server."""
        return f"http://127.0.0.1:{self.rasa_port}"

    @property
    def rest_url(self) -> str:
        """Rasa's REST channel webhook (enabled by credentials-dev.yml only)."""
        return f"{self.rasa_url}/webhooks/rest/webhook"

    def hub_settings(self) -> dict[str, str]:
        """What a hub needs to talk to these servers (HubSettings fields)."""
        return {"rasa_url": self.rasa_url, "rasa_token": self.token,
                "hub_channel_secret": self.hub_secret}


def free_port() -> int:
    """Return a TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rasa_server_command(token: str, port: int, model: Path, credentials: str) -> list[str]:
    """`rasa run` on loopback with its API behind ``token``.

    The token goes in as ``--auth-token=TOKEN``: a URL-safe token starts with "-" once in 64
    draws, and as a separate argument argparse would take it for an option.
    """
    return [sys.executable, "-m", "rasa_addons.server", "run", "--enable-api",
            f"--auth-token={token}", "--interface", "127.0.0.1", "--port", str(port),
            "--model", str(model), "--endpoints", "endpoints.yml", "--credentials", credentials]


@contextmanager
def run_desk(logs: Path, model: Path = DEFAULT_MODEL, timeout: float = 240,
             credentials: str = "credentials-dev.yml") -> Iterator[RunningDesk]:
    """Run `rasa run actions` and `rasa run` on free loopback ports, with a tracker database
    in ``logs``, Rasa's API behind a fresh token and its hub channel behind a fresh secret.

    ``credentials-dev.yml`` adds Rasa's REST channel for the benchmarks and the REST tests;
    pass ``credentials.yml`` for exactly what `make run` serves.
    """
    import time

    if not Path(model).exists():
        raise FileNotFoundError(f"{model} is missing: `make model` trains it")
    logs.mkdir(parents=True, exist_ok=True)
    rasa_port, actions_port = free_port(), free_port()
    token, hub_secret = secrets.token_urlsafe(24), secrets.token_urlsafe(24)
    env = {
        **os.environ,
        **SERVING_ENV,
        "PYTHONPATH": str(PROJECT_ROOT),
        "DESK_ACTIONS_PORT": str(actions_port),
        "DESK_RASA_TRACKER_DB": str(logs / "tracker.db"),
        "DESK_HUB_CHANNEL_SECRET": hub_secret,
        "SANIC_HOST": "127.0.0.1",  # the action server's interface
    }
    rasa = str(Path(sys.executable).parent / "rasa")
    commands = {
        "actions": [rasa, "run", "actions", "--actions", "actions", "--port", str(actions_port)],
        "rasa": rasa_server_command(token, rasa_port, model, credentials),
    }
    started = time.monotonic()
    processes = {
        name: subprocess.Popen(command, cwd=PROJECT_ROOT, env=env,
                               stdout=open(logs / f"{name}.log", "w"), stderr=subprocess.STDOUT)
        for name, command in commands.items()
    }
    try:
        missing = wait_for({"rasa": f"http://127.0.0.1:{rasa_port}/",
                            "actions": f"http://127.0.0.1:{actions_port}/health"}, timeout)
        if missing:
            tails = {n: (logs / f"{n}.log").read_text()[-3000:] for n in missing}
            raise ServersDidNotStart(f"not answering after {timeout} s: {missing}\n{tails}")
        yield RunningDesk(rasa_port, actions_port, logs, time.monotonic() - started,
                          {name: p.pid for name, p in processes.items()}, token, hub_secret)
    finally:
        for process in processes.values():
            process.terminate()
        for process in processes.values():
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


@contextmanager
def run_hub(logs: Path, desk: RunningDesk, timeout: float = 120) -> Iterator[tuple[str, int]]:
    """Run ``python -m hub`` on a free port with its own SQLite file; yield (url, pid)."""
    logs.mkdir(parents=True, exist_ok=True)
    port = free_port()
    env = {**os.environ, **SERVING_ENV, "PYTHONPATH": str(PROJECT_ROOT), "DESK_HUB_PORT": str(port),
           "DESK_RASA_URL": desk.rasa_url, "DESK_RASA_TOKEN": desk.token,
           "DESK_HUB_CHANNEL_SECRET": desk.hub_secret,
           "DESK_DATABASE_URL": f"sqlite+aiosqlite:///{logs / 'hub.db'}"}
    process = subprocess.Popen([sys.executable, "-m", "hub"], cwd=PROJECT_ROOT, env=env,
                               stdout=open(logs / "hub.log", "w"), stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}"
        if wait_for({"hub": f"{url}/healthz"}, timeout):
            raise ServersDidNotStart((logs / "hub.log").read_text()[-3000:])
        yield url, process.pid
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def rss_megabytes(pid: int) -> float:
    """Resident memory of a process and its children, in MB (Linux /proc)."""
    total = 0
    pids = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        pids += [int(c) for c in children]
    except OSError:
        pass
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024
