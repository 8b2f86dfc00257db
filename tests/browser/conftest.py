"""Real pages in a real headless Chromium (Debian's package), driven by Playwright."""

from __future__ import annotations

import os
import shutil

import pytest
from playwright.async_api import async_playwright

from handoff.agents import AgentDirectory
from hub.app import create_app
from hub.keys import hub_key
from hub.settings import HubSettings

CHROMIUM = os.environ.get("DESK_CHROMIUM", "/usr/bin/chromium")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture
async def browser():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"no Chromium at {CHROMIUM}: .ci/run installs Debian's chromium")
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield browser
        await browser.close()


@pytest.fixture
def widget_origins() -> str:
    """Other sites whose pages may open the widget's socket; a test module can override it."""
    return ""


@pytest.fixture
async def hub(aiohttp_server, tmp_path, desk_servers, widget_origins):
    settings = HubSettings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'hub.db'}",
                           load_knowledge_base=True, widget_origins=widget_origins,
                           **desk_servers.hub_settings())
    app = create_app(settings)
    server = await aiohttp_server(app)
    server.url = f"http://127.0.0.1:{server.port}"
    server.hub = app[hub_key]
    await AgentDirectory(server.hub.store.engine).create("mia", "Mia", "correct horse 1")
    return server
