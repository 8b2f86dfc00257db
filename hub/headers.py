"""Security headers on every answer the hub gives.

Pages get a Content-Security-Policy that allows scripts only from the hub itself (no
inline script, no eval), connections only back to the hub, and no framing by other
sites; every answer gets nosniff and a referrer policy. The widget's own files are
loaded by other sites' pages, so the host page's policy applies to them, not this one.
"""

from __future__ import annotations

from aiohttp import web

_PAGE_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
                "base-uri 'none'; form-action 'self'; frame-ancestors {ancestors}")


async def add_security_headers(request: web.Request, response: web.StreamResponse) -> None:
    """``on_response_prepare`` hook: the headers above."""
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    if response.content_type == "text/html":
        console = request.path.startswith("/console")
        response.headers.setdefault("Content-Security-Policy", _PAGE_POLICY.format(
            ancestors="'none'" if console else "'self'"))
        response.headers.setdefault("X-Frame-Options", "DENY" if console else "SAMEORIGIN")
