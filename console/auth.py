"""Console logins: the session cookie, the CSRF token, and the error answers of the API."""

from __future__ import annotations

import hmac
import json
from typing import Any

from aiohttp import web

from desk.errors import Conflict, DeskError, Forbidden, Invalid, NotFound
from handoff.models import Agent
from hub.keys import directory_key
from hub.limits import DeskLimits, RateLimited

COOKIE = "desk_session"
SESSION_SECONDS = 12 * 3600

agent_key = "agent"  # request key: the logged-in Agent
csrf_key = "csrf_token"  # request key: that session's CSRF token

_STATUS = {NotFound: 404, Conflict: 409, Invalid: 400, Forbidden: 403, RateLimited: 429}


def json_error(status: int, code: str, message: str) -> web.Response:
    """The API's error shape: ``{"error": code, "message": ...}``."""
    return web.json_response({"error": code, "message": message}, status=status)


@web.middleware
async def errors_middleware(request: web.Request, handler):
    """Turn the desk's errors into JSON answers with the right status."""
    try:
        return await handler(request)
    except RateLimited as e:
        response = json_error(429, e.code, str(e))
        response.headers["Retry-After"] = str(e.retry_after)
        return response
    except DeskError as e:
        status = next((s for cls, s in _STATUS.items() if isinstance(e, cls)), 400)
        return json_error(status, e.code, str(e))


async def current_session(request: web.Request) -> tuple[Agent, str] | None:
    """The logged-in agent and their CSRF token, from the session cookie."""
    return await request.app[directory_key].session(request.cookies.get(COOKIE))


def csrf_ok(request: web.Request, csrf: str) -> bool:
    """Whether the request carries the session's CSRF token."""
    return hmac.compare_digest(request.headers.get("X-CSRF-Token", "").encode(), csrf.encode())


@web.middleware
async def auth_middleware(request: web.Request, handler):
    """Require a logged-in agent for /api/, and the CSRF token for changes."""
    if not request.path.startswith("/api/"):
        return await handler(request)
    current = await current_session(request)
    if current is None:
        return json_error(401, "not_logged_in", "Log in to the console first.")
    agent, csrf = current
    if request.method not in ("GET", "HEAD", "OPTIONS") and not csrf_ok(request, csrf):
        return json_error(403, "bad_csrf_token", "Missing or wrong X-CSRF-Token header.")
    request[agent_key] = agent
    request[csrf_key] = csrf
    return await handler(request)


async def read_body(request: web.Request) -> dict[str, Any]:
    """The request's JSON object (or form fields)."""
    if request.content_type == "application/json":
        try:
            data = await request.json()
        except (json.JSONDecodeError, UnicodeDecodeError) as e:
            raise Invalid("The request body is not valid JSON.", "bad_json") from e
    else:
        data = dict(await request.post())
    if not isinstance(data, dict):
        raise Invalid("Send a JSON object.", "bad_json")
    return data


class LoginRoutes:
    """``/console/login`` and ``/console/logout``.

    Failed logins are limited per username and per client IP (``limits``): past the limit
    the answer is 429 with the wait, before the password is even checked.
    """

    def __init__(self, cookie_secure: bool, limits: DeskLimits) -> None:
        self.cookie_secure = cookie_secure
        self.by_user = limits.failed_logins_by_user
        self.by_ip = limits.failed_logins_by_ip

    def register(self, app: web.Application) -> None:
        """Add the routes."""
        app.router.add_post("/console/login", self.login)
        app.router.add_post("/console/logout", self.logout)

    async def login(self, request: web.Request) -> web.Response:
        data = await read_body(request)
        username = str(data.get("username", ""))[:64]
        user_key, ip_key = username.strip().lower(), request.remote or "unknown"
        self.by_user.check(user_key)
        self.by_ip.check(ip_key)
        directory = request.app[directory_key]
        agent = await directory.authenticate(username, str(data.get("password", ""))[:1024])
        if agent is None:
            self.by_user.record(user_key)
            self.by_ip.record(ip_key)
            return json_error(401, "bad_credentials", "Wrong username or password.")
        self.by_user.reset(user_key)
        token, csrf = await directory.start_session(agent.id)
        response = web.json_response({"agent": agent.to_json(), "csrf_token": csrf})
        response.set_cookie(COOKIE, token, httponly=True, samesite="Strict",
                            secure=self.cookie_secure, path="/", max_age=SESSION_SECONDS)
        return response

    async def logout(self, request: web.Request) -> web.Response:
        token = request.cookies.get(COOKIE)
        current = await current_session(request)
        if current and not csrf_ok(request, current[1]):
            return json_error(403, "bad_csrf_token", "Missing or wrong X-CSRF-Token header.")
        if token:
            await request.app[directory_key].end_session(token)
        response = web.json_response({"ok": True})
        response.del_cookie(COOKIE, path="/")
        return response
