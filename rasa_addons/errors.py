"""Errors of the project's Rasa components."""

from __future__ import annotations

from rasa.shared.exceptions import RasaException


class UnreadableModel(RasaException):
    """A component's saved state is missing, malformed or in a format it no longer reads."""

    def __init__(self, component: str, resource: str, reason: str) -> None:
        self.component = component
        self.resource = resource
        self.reason = reason
        super().__init__(f"{component} cannot load '{resource}': {reason}")
