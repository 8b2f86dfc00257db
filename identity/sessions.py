"""Anonymous widget sessions: ids the hub issues and signs, so a client cannot choose one.

A session token is ``s1.<session id>.<issued, unix seconds>.<signature>``; the signature is
an HMAC-SHA256 of the rest under the hub's session key, compared in constant time. A token
that was made up, altered or signed with another key is refused, and so is one whose
session sat idle for longer than the setting: the widget then starts a fresh session.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

_VERSION = "s1"


@dataclass(frozen=True)
class Session:
    """A verified session token's parts."""

    id: str
    issued_at: float
    token: str


def load_or_create_key(path: Path) -> bytes:
    """The session key kept in ``path`` (created, readable by its owner only, on first use)."""
    try:
        key = path.read_bytes()
        if len(key) >= 32:
            return key
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_bytes(32)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(key)
    return key


class SessionIssuer:
    """Issue and check signed session tokens."""

    def __init__(self, key: bytes, idle_seconds: float) -> None:
        if len(key) < 16:
            raise ValueError("the session key needs 16 bytes or more")
        self._key = key
        self.idle_seconds = idle_seconds

    def _sign(self, payload: str) -> str:
        digest = hmac.new(self._key, payload.encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest[:18]).decode().rstrip("=")

    def issue(self, now: float | None = None) -> Session:
        """A new session with a fresh random id."""
        session_id = secrets.token_urlsafe(16)
        issued = int(time.time() if now is None else now)
        payload = f"{_VERSION}.{session_id}.{issued}"
        return Session(session_id, issued, f"{payload}.{self._sign(payload)}")

    def read(self, token: object) -> Session | None:
        """The session a token names, or None if it is forged or malformed."""
        if not isinstance(token, str) or len(token) > 128:
            return None
        parts = token.split(".")
        if len(parts) != 4 or parts[0] != _VERSION or not parts[2].isdigit():
            return None
        payload = ".".join(parts[:3])
        if not hmac.compare_digest(parts[3].encode(), self._sign(payload).encode()):
            return None
        return Session(parts[1], float(parts[2]), token)

    def expired(self, session: Session, last_active: float | None = None,
                now: float | None = None) -> bool:
        """Whether the session sat idle too long: since ``last_active`` (its conversation's
        last change) if it was ever used, else since it was issued."""
        now = time.time() if now is None else now
        return now - max(session.issued_at, last_active or 0.0) > self.idle_seconds
