"""Identity errors: a refused identity says why, with a stable code."""

from desk.errors import DeskError


class IdentityRefused(DeskError):
    """The user's proof of identity is missing, wrong or expired."""

    code = "identity_refused"
