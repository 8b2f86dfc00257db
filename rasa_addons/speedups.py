"""Remove a per-call cost from Rasa 3.6's server: re-checking a fixed JSON schema.

Rasa validates every action server response with ``jsonschema.validate(result, schema)``.
That call first checks the *schema* against the JSON Schema meta-schema, then builds a new
validator — about 100 ms of CPU on these machines, for a schema that never changes, on
every custom action (the slot-validation action alone runs on every user message). Here
the validator is built and checked once and reused; responses are validated exactly as
before and invalid ones raise the same error.

It replaces a private method of Rasa's, so ``install()`` checks first that it runs on the
Rasa it was written for and leaves Rasa alone otherwise; the server entry point
(``python -m rasa_addons.server``) calls it, nothing does on import.
"""

from __future__ import annotations

import functools
import logging
from typing import Any

import rasa
from jsonschema.exceptions import best_match
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL

logger = logging.getLogger(__name__)

# The Rasa release line whose RemoteAction this replacement reproduces.
WRITTEN_FOR = "3.6."


@functools.lru_cache(maxsize=1)
def _response_validator() -> Any:
    schema = RemoteAction.action_response_format_spec()
    cls = validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def _validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    error = best_match(_response_validator().iter_errors(result))
    if error is None:
        return True
    error.message += (
        ". Failed to validate Action server response from API, "
        "make sure your response from the Action endpoint is valid. "
        f"For more information about the format visit {DOCS_BASE_URL}/custom-actions"
    )
    raise error


def install() -> bool:
    """Make Rasa reuse one compiled validator for action server responses; say if it did.

    Does nothing, with a warning, on a Rasa other than 3.6 or one whose ``RemoteAction``
    lacks the methods this relies on. Calling it again changes nothing.
    """
    if not rasa.__version__.startswith(WRITTEN_FOR):
        logger.warning("action-response speed-up not installed: written for Rasa %sx, found %s",
                       WRITTEN_FOR, rasa.__version__)
        return False
    missing = [name for name in ("_validate_action_result", "action_response_format_spec")
               if not callable(getattr(RemoteAction, name, None))]
    if missing:
        logger.warning("action-response speed-up not installed: RemoteAction has no %s",
                       ", ".join(missing))
        return False
    RemoteAction._validate_action_result = _validate_action_result  # type: ignore[method-assign]
    logger.debug("action-response speed-up installed")
    return True
