"""Which web pages may open the widget's socket and the console's websocket.

A browser sends the page's origin with every socket; without a check, any site could
open the console's websocket with an agent's cookie (cross-site WebSocket hijacking) or
embed the widget against the exchange's wishes. The hub's own pages are always allowed;
others only when listed. Clients that send no Origin (not a browser) carry no cookies of
a user, so they are let through to the usual checks.
"""

from __future__ import annotations

from collections.abc import Mapping


def _same_host(origin: str, host: str) -> bool:
    # The page's host:port against the Host the browser sent; forwarded headers are not
    # trusted (behind a proxy, list the public URL instead: DESK_PUBLIC_URL).
    return bool(host) and origin.split("://", 1)[-1] == host.lower()


def origin_allowed(origin: str | None, host: str, allowed: frozenset[str]) -> bool:
    """Whether a socket from a page at ``origin`` may connect to the hub reached as ``host``."""
    if not origin:
        return True
    origin = origin.rstrip("/").lower()
    return "*" in allowed or origin in allowed or _same_host(origin, host)


def engineio_policy(allowed: frozenset[str]):
    """The check in the form python-engineio's ``cors_allowed_origins`` takes."""
    def check(origin: str | None, environ: Mapping[str, str]) -> bool:
        return origin_allowed(origin, environ.get("HTTP_HOST", ""), allowed)

    return check
