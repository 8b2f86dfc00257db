"""Errors of the handoff layer; the web layer turns them into HTTP answers."""


class HandoffError(Exception):
    """Base class: ``code`` is a stable machine-readable reason."""

    code = "error"

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.code = code or self.code


class NotFound(HandoffError):
    """The conversation, handoff or agent does not exist."""

    code = "not_found"


class Conflict(HandoffError):
    """The request lost a race or does not fit the current state (already claimed, ...)."""

    code = "conflict"


class Invalid(HandoffError):
    """The request itself is malformed (empty text, too long, bad score...)."""

    code = "invalid"
