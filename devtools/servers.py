"""Start the Rasa server and the action server as child processes (tests, benchmarks)."""

from __future__ import annotations

import os
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

    @property
    def rasa_url(self) -> str:
        """Base URL of the Rasa server."""
        return f"http://127.0.0.1:{self.rasa_port}"

    @property
    def rest_url(self) -> str:
        """Rasa's REST channel webhook."""
        return f"{self.rasa_url}/webhooks/rest/webhook"


def free_port() -> int:
    """Return a TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def run_desk(logs: Path, model: Path = DEFAULT_MODEL, timeout: float = 240) -> Iterator[RunningDesk]:
    """Run `rasa run actions` and `rasa run` on free ports with a tracker database in ``logs``."""
    import time

    if not Path(model).exists():
        raise FileNotFoundError(f"{model} is missing: `make model` trains it")
    logs.mkdir(parents=True, exist_ok=True)
    rasa_port, actions_port = free_port(), free_port()
    env = {
        **os.environ,
        **SERVING_ENV,
        "PYTHONPATH": str(PROJECT_ROOT),
        "DESK_ACTIONS_PORT": str(actions_port),
        "DESK_RASA_TRACKER_DB": str(logs / "tracker.db"),
    }
    rasa = str(Path(sys.executable).parent / "rasa")
    commands = {
        "actions": [rasa, "run", "actions", "--actions", "actions", "--port", str(actions_port)],
        "rasa": [sys.executable, "-m", "rasa_addons.server", "run", "--enable-api",
                 "--port", str(rasa_port), "--model", str(model),
                 "--endpoints", "endpoints.yml", "--credentials", "credentials.yml"],
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
                          {name: p.pid for name, p in processes.items()})
    finally:
        for process in processes.values():
            process.terminate()
        for process in processes.values():
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


@contextmanager
def run_hub(logs: Path, rasa_url: str, timeout: float = 120) -> Iterator[tuple[str, int]]:
    """Run ``python -m hub`` on a free port with its own SQLite file; yield (url, pid)."""
    logs.mkdir(parents=True, exist_ok=True)
    port = free_port()
    env = {**os.environ, **SERVING_ENV, "PYTHONPATH": str(PROJECT_ROOT), "DESK_HUB_PORT": str(port),
           "DESK_RASA_URL": rasa_url,
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
