"""The desk's errors, each with a stable code; the edges (console API, widget events,
Telegram) turn them into answers."""


class DeskError(Exception):
    """Base class: ``code`` is a stable machine-readable reason."""

    code = "error"

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.code = code or self.code


class NotFound(DeskError):
    """The conversation, handoff or agent does not exist."""

    code = "not_found"


class Conflict(DeskError):
    """The request lost a race or does not fit the current state (already claimed, ...)."""

    code = "conflict"


class Invalid(DeskError):
    """The request itself is malformed (empty text, too long, bad score...)."""

    code = "invalid"


class Forbidden(DeskError):
    """The request is understood but this user or agent may not do it."""

    code = "forbidden"
