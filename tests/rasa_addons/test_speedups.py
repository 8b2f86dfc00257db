"""Rasa's action-response check still accepts and rejects what it did, only faster."""

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

import rasa_addons  # noqa: F401  (installs the faster check, as loading the model does)
from rasa_addons import speedups as rasa_speedups


def _remote_action() -> RemoteAction:
    return RemoteAction("action_kb_answer", action_endpoint=None)


def test_loading_the_nlu_components_installs_the_faster_check():
    assert RemoteAction._validate_action_result is rasa_speedups._validate_action_result


def test_a_valid_action_response_passes():
    response = {"events": [{"event": "slot", "name": "language", "value": "zh"}],
                "responses": [{"text": "hello"}]}
    assert _remote_action()._validate_action_result(response) is True


@pytest.mark.parametrize("response", [
    {"events": [{"event": "slot"}]},  # a slot event without its name
    {"events": "not a list"},
    {"responses": [["not", "an", "object"]]},
])
def test_an_invalid_action_response_is_rejected_with_rasas_message(response):
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        _remote_action()._validate_action_result(response)
