"""The Rasa project's own checks: data validation and the conversation tests."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from devtools.validate import main as validate_project
from kb_index.settings import PROJECT_ROOT

pytestmark = pytest.mark.slow


def test_training_data_validates_without_warnings(capsys):
    assert validate_project() == 0, capsys.readouterr().out


def test_every_conversation_test_passes(desk_servers, tmp_path):
    """`rasa test` on tests/test_stories.yml: intents and every predicted action."""
    rasa = str(Path(sys.executable).parent / "rasa")
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT),
           "DESK_ACTIONS_PORT": str(desk_servers.actions_port),
           "DESK_RASA_TRACKER_DB": str(tmp_path / "tracker.db")}
    result = subprocess.run(
        [rasa, "test", "core", "--stories", "tests/test_stories.yml",
         "--model", "models/desk.tar.gz", "--endpoints", "endpoints.yml", "--out", str(tmp_path)],
        cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    report = json.loads((tmp_path / "story_report.json").read_text())
    failed = (tmp_path / "failed_test_stories.yml").read_text()
    assert report["conversation_accuracy"]["accuracy"] == 1.0, failed
    assert report["conversation_accuracy"]["total"] >= 19
