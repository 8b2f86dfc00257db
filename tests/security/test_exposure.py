"""Nothing but the hub is reachable: Rasa's API needs the token, its hub channel the
secret, both servers answer on loopback only, and no model file is a pickle."""

import shlex
import socket
import subprocess
import tarfile
from pathlib import Path

import aiohttp
import pytest
import yaml

from devtools.servers import DEFAULT_MODEL

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]

RASA_API = [("GET", "/status"), ("GET", "/conversations/victim/tracker"),
            ("POST", "/conversations/victim/tracker/events"),
            ("POST", "/conversations/victim/trigger_intent"),
            ("PUT", "/model"), ("DELETE", "/model"), ("POST", "/model/parse")]


@pytest.fixture
async def http():
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30)) as session:
        yield session


@pytest.mark.parametrize(("method", "path"), RASA_API)
@pytest.mark.parametrize("token", [None, "guessed-token"])
async def test_rasas_http_api_refuses_requests_without_the_token(desk_servers, http, method, path,
                                                                 token):
    params = {"token": token} if token else {}
    async with http.request(method, desk_servers.rasa_url + path, params=params,
                            json={"url": "http://attacker.example/model.tar.gz"}) as r:
        assert r.status == 401, await r.text()


async def test_rasas_api_answers_the_hub_with_the_token(desk_servers, http):
    async with http.get(desk_servers.rasa_url + "/status",
                        params={"token": desk_servers.token}) as r:
        assert r.status == 200


@pytest.mark.parametrize("secret", [None, "", "not-the-secret-at-all"])
async def test_the_hub_channel_refuses_anyone_without_the_secret(desk_servers, http, secret):
    headers = {"X-Desk-Secret": secret} if secret is not None else {}
    async with http.post(f"{desk_servers.rasa_url}/webhooks/hub/webhook", headers=headers,
                         json={"sender": "attacker", "message": "hi"}) as r:
        assert r.status == 403


def _other_addresses() -> list[str]:
    """This machine's IPv4 addresses other than loopback."""
    try:
        out = subprocess.run(["hostname", "-I"], capture_output=True, text=True, timeout=5).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    return [a for a in out.split() if "." in a and not a.startswith("127.")]


@pytest.mark.parametrize("server", ["rasa", "actions"])
def test_rasa_and_the_action_server_listen_on_loopback_only(desk_servers, server):
    port = desk_servers.rasa_port if server == "rasa" else desk_servers.actions_port
    addresses = _other_addresses()
    if not addresses:
        pytest.skip("this machine has no address besides loopback")
    for address in addresses:
        with socket.socket() as s, pytest.raises(OSError):
            s.settimeout(3)
            s.connect((address, port))


def test_the_served_channels_leave_out_rasas_open_rest_channel():
    channels = yaml.safe_load((ROOT / "credentials.yml").read_text())
    assert set(channels) == {"rasa_addons.hub_channel.HubInput"}
    procfile = (ROOT / "Procfile").read_text()
    assert "--credentials credentials.yml" in procfile and "--auth-token=" in procfile
    assert '--interface "$DESK_RASA_HOST"' in procfile and 'SANIC_HOST="$DESK_ACTIONS_HOST"' in procfile


def test_no_file_of_the_trained_model_is_a_pickle():
    with tarfile.open(DEFAULT_MODEL) as archive:
        members = [m for m in archive.getmembers() if m.isfile()]
        assert members
        for member in members:
            assert not member.name.endswith((".pkl", ".pickle", ".joblib")), member.name
            head = archive.extractfile(member).read(2)
            # Pickle protocols 2-5 start with PROTO (0x80) and the protocol number.
            assert not (head[:1] == b"\x80" and head[1:2] in (b"\x02", b"\x03", b"\x04", b"\x05")), \
                member.name


DASHED_TOKEN = "-Ab3_leading-dash"  # secrets.token_urlsafe draws one like it once in 64


def _rasa_run_arguments(command: list[str]):
    from rasa.__main__ import create_argument_parser

    return create_argument_parser().parse_args(command[command.index("run"):])


def test_a_token_that_starts_with_a_dash_reaches_rasa_as_the_token():
    from devtools.servers import rasa_server_command

    arguments = _rasa_run_arguments(rasa_server_command(DASHED_TOKEN, 5005, DEFAULT_MODEL,
                                                        "credentials.yml"))
    assert arguments.auth_token == DASHED_TOKEN


def test_the_procfile_hands_rasa_a_dashed_token_whole():
    line = next(line for line in (ROOT / "Procfile").read_text().splitlines()
                if line.startswith("rasa:"))
    expanded = line.removeprefix("rasa:").replace("$DESK_RASA_TOKEN", DASHED_TOKEN) \
        .replace("$DESK_RASA_HOST", "127.0.0.1").replace("$DESK_RASA_PORT", "5005")
    assert _rasa_run_arguments(shlex.split(expanded)).auth_token == DASHED_TOKEN
