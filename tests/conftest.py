"""Settings for the whole suite: no model hub, ever."""

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")


import pytest  # noqa: E402

from devtools.servers import ServersDidNotStart, run_desk  # noqa: E402


@pytest.fixture(scope="session")
def desk_servers(tmp_path_factory):
    """The real Rasa server and action server, once per test session, on free ports."""
    try:
        with run_desk(tmp_path_factory.mktemp("desk")) as desk:
            yield desk
    except (ServersDidNotStart, FileNotFoundError) as e:
        pytest.fail(str(e))


# Fixtures shared across packages: databases of each kind, and the hub with its clients.
pytest_plugins = ["tests.support.databases", "tests.support.hub"]
