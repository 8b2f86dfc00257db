"""Every setting a service reads is in the README's configuration table, and nothing else is."""

import re
from pathlib import Path

import pytest

from actions.settings import ActionSettings
from hub.settings import HubSettings
from kb_index.settings import KBSettings
from storage.settings import DatabaseSettings

README = Path(__file__).resolve().parents[2] / "README.md"
# Variables read outside the settings models: by the Makefile and Procfile, endpoints.yml
# or the embedder.
READ_ELSEWHERE = {"DESK_ACTIONS_PORT", "DESK_RASA_TRACKER_DB", "DESK_EMBEDDING_BACKEND",
                  "DESK_EMBEDDING_CACHE", "DESK_RASA_HOST", "DESK_ACTIONS_HOST"}
NESTED = {"DESK_KB"}  # ActionSettings.kb is the KBSettings model itself


def _env_names(model) -> set[str]:
    return {name.upper() for field in model.__fields__.values()
            for name in field.field_info.extra["env_names"]}


def _documented() -> set[str]:
    table = README.read_text(encoding="utf-8").split("## Configure", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"`(DESK_[A-Z0-9_]+)`", table))


@pytest.mark.parametrize("model", [HubSettings, KBSettings, ActionSettings, DatabaseSettings])
def test_every_setting_is_in_the_readme(model):
    assert _env_names(model) - NESTED <= _documented()


def test_the_readme_lists_no_setting_that_nothing_reads():
    read = set().union(*(_env_names(m) for m in (HubSettings, KBSettings, ActionSettings,
                                                 DatabaseSettings)))
    assert _documented() - read - READ_ELSEWHERE == set()
