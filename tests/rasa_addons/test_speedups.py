"""The action-response speed-up: installed only when asked, only on Rasa 3.6, same verdicts."""

from __future__ import annotations

import logging
import subprocess
import sys

import pytest
import rasa
import rasa.__main__
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

from rasa_addons import server
from rasa_addons import speedups as rasa_speedups

RASAS_CHECK = RemoteAction._validate_action_result

INVALID_RESPONSES = [
    {"events": [{"event": "slot"}]},  # a slot event without its name
    {"events": "not a list"},
    {"responses": [["not", "an", "object"]]},
]


@pytest.fixture(autouse=True)
def rasas_own_check(monkeypatch):
    """Start each test from Rasa's own method, and put it back afterwards."""
    monkeypatch.setattr(RemoteAction, "_validate_action_result", RASAS_CHECK)


def _remote_action() -> RemoteAction:
    return RemoteAction("action_kb_answer", action_endpoint=None)


def test_install_replaces_rasas_check_on_rasa_3_6():
    assert rasa.__version__.startswith("3.6.")
    assert rasa_speedups.install() is True
    assert RemoteAction._validate_action_result is rasa_speedups._validate_action_result


def test_installing_twice_changes_nothing_more():
    rasa_speedups.install()
    assert rasa_speedups.install() is True
    assert RemoteAction._validate_action_result is rasa_speedups._validate_action_result


def test_another_rasa_version_is_left_alone_with_a_warning(monkeypatch, caplog):
    monkeypatch.setattr(rasa, "__version__", "3.7.0")
    with caplog.at_level(logging.WARNING, logger="rasa_addons.speedups"):
        assert rasa_speedups.install() is False
    assert RemoteAction._validate_action_result is RASAS_CHECK
    assert "found 3.7.0" in caplog.text


def test_a_rasa_without_the_patched_method_is_left_alone(monkeypatch, caplog):
    monkeypatch.delattr(RemoteAction, "_validate_action_result")
    with caplog.at_level(logging.WARNING, logger="rasa_addons.speedups"):
        assert rasa_speedups.install() is False
    assert not hasattr(RemoteAction, "_validate_action_result")
    assert "_validate_action_result" in caplog.text


def test_importing_the_components_changes_nothing_in_rasa():
    probe = ("import rasa_addons, rasa_addons.classifier, rasa_addons.embedding, "
             "rasa_addons.entities, rasa_addons.hub_channel, rasa_addons.tokenizer\n"
             "from rasa.core.actions.action import RemoteAction\n"
             "print(RemoteAction._validate_action_result.__module__)")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            check=True, timeout=120)
    assert result.stdout.strip() == "rasa.core.actions.action"


def test_the_server_entry_point_installs_it_before_running_rasas_cli(monkeypatch):
    seen = []
    monkeypatch.setattr(rasa.__main__, "main",
                        lambda: seen.append(RemoteAction._validate_action_result))
    server.main()
    assert seen == [rasa_speedups._validate_action_result]


def test_a_valid_action_response_passes():
    rasa_speedups.install()
    response = {"events": [{"event": "slot", "name": "language", "value": "zh"}],
                "responses": [{"text": "hello"}]}
    assert _remote_action()._validate_action_result(response) is True


@pytest.mark.parametrize("response", INVALID_RESPONSES)
def test_an_invalid_action_response_is_rejected_with_rasas_message(response):
    with pytest.raises(ValidationError) as rasas:
        _remote_action()._validate_action_result(response)
    rasa_speedups.install()
    with pytest.raises(ValidationError, match="Failed to validate Action server response") as ours:
        _remote_action()._validate_action_result(response)
    assert ours.value.message == rasas.value.message
