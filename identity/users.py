"""Logged-in users the exchange vouches for, verified at the channel edge.

Two ways, as Chatwoot and Intercom do it, both with a secret only the exchange's backend
and the hub know (``DESK_IDENTITY_SECRET``):

- ``user_hash``: the hex HMAC-SHA256 of the user id. It proves the id; a name and
  attributes sent beside it are shown to agents marked as *not verified*.
- ``user_token``: a short-lived JWT (HS256) with ``sub`` (the user id), ``exp``, and
  optional ``name`` and ``attributes`` (e.g. VIP level, KYC level, region); all verified.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import time
from dataclasses import dataclass, field
from typing import Any

import jwt

from identity.errors import IdentityRefused

MAX_TOKEN_SECONDS = 24 * 3600
_USER_ID = re.compile(r"^[A-Za-z0-9_.:@-]{1,64}$")
_MAX_ATTRIBUTES = 20
_MAX_VALUE_CHARS = 100


@dataclass(frozen=True)
class VerifiedUser:
    """A user the exchange vouched for."""

    id: str
    name: str | None = None
    attributes: dict[str, str] = field(default_factory=dict)
    attributes_verified: bool = False


def user_hash(user_id: str, secret: str) -> str:
    """What the exchange's backend computes for a logged-in user (and tests use)."""
    return hmac.new(secret.encode(), user_id.encode(), hashlib.sha256).hexdigest()


def clean_attributes(attributes: Any) -> dict[str, str]:
    """Keep at most 20 short string attributes; drop anything else."""
    if not isinstance(attributes, dict):
        return {}
    cleaned = {}
    for key, value in list(attributes.items())[:_MAX_ATTRIBUTES]:
        if isinstance(key, str) and isinstance(value, (str, int, float, bool)) and key.strip():
            cleaned[key.strip()[:40]] = str(value)[:_MAX_VALUE_CHARS]
    return cleaned


def _clean_name(name: Any) -> str | None:
    return name.strip()[:64] or None if isinstance(name, str) else None


class UserVerifier:
    """Check a user's proof of identity with the exchange's shared secret."""

    def __init__(self, secret: str) -> None:
        self.secret = secret

    @property
    def enabled(self) -> bool:
        """Whether the exchange set up identity verification."""
        return bool(self.secret)

    def verify(self, claim: Any, now: float | None = None) -> VerifiedUser:
        """Return the verified user for ``{"id", "hash", "name", "attributes"}`` or
        ``{"token"}``; raise ``IdentityRefused`` with the reason otherwise."""
        if not self.enabled:
            raise IdentityRefused("This desk does not verify users.", "identity_not_configured")
        if not isinstance(claim, dict):
            raise IdentityRefused("Send the user as an object.", "identity_malformed")
        if claim.get("token"):
            return self._from_token(claim["token"], now)
        user_id, sent_hash = claim.get("id"), claim.get("hash")
        if not isinstance(user_id, str) or not _USER_ID.match(user_id):
            raise IdentityRefused("The user id is missing or malformed.", "identity_malformed")
        if not isinstance(sent_hash, str) or not hmac.compare_digest(
                sent_hash.lower().encode(), user_hash(user_id, self.secret).encode()):
            raise IdentityRefused("The user's identity could not be verified.", "identity_invalid")
        return VerifiedUser(user_id, _clean_name(claim.get("name")),
                            clean_attributes(claim.get("attributes")), attributes_verified=False)

    def _from_token(self, token: Any, now: float | None) -> VerifiedUser:
        if not isinstance(token, str) or len(token) > 4096:
            raise IdentityRefused("The user token is malformed.", "identity_malformed")
        try:
            claims = jwt.decode(token, self.secret, algorithms=["HS256"],
                                options={"require": ["sub", "exp"]})
        except jwt.ExpiredSignatureError as e:
            raise IdentityRefused("The user token has expired.", "identity_expired") from e
        except jwt.InvalidTokenError as e:
            raise IdentityRefused("The user's identity could not be verified.",
                                  "identity_invalid") from e
        now = time.time() if now is None else now
        if float(claims["exp"]) - now > MAX_TOKEN_SECONDS:
            raise IdentityRefused("The user token lives too long (24 hours at most).",
                                  "identity_invalid")
        user_id = str(claims["sub"])
        if not _USER_ID.match(user_id):
            raise IdentityRefused("The user id is malformed.", "identity_malformed")
        return VerifiedUser(user_id, _clean_name(claims.get("name")),
                            clean_attributes(claims.get("attributes")), attributes_verified=True)
