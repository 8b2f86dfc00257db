"""The widget on another site's page: one script tag, its ES modules fetched cross-origin."""

import pytest
from aiohttp import web
from aiohttp.test_utils import unused_port
from playwright.async_api import expect

pytestmark = pytest.mark.slow
TIMEOUT = 30_000


@pytest.fixture
async def shop(aiohttp_server):
    """A shop's site on its own origin; its page embeds the widget of the hub in `shop.hub_url`."""
    async def page(request: web.Request) -> web.Response:
        return web.Response(content_type="text/html", text=(
            '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A shop</title>'
            '<link rel="icon" href="data:,"></head><body><h1>A shop</h1>'
            f'<script src="{server.hub_url}/widget.js" defer></script></body></html>'))

    app = web.Application()
    app.router.add_get("/", page)
    # The port is chosen first: the hub is told this origin before the page exists.
    server = await aiohttp_server(app, port=unused_port())
    server.url = f"http://127.0.0.1:{server.port}"
    return server


@pytest.fixture
def widget_origins(shop) -> str:
    return shop.url  # the hub lets the shop's page open the widget's socket


async def test_widget_embedded_on_another_origin_loads_and_chats(browser, hub, shop):
    shop.hub_url = hub.url
    assert shop.url != hub.url
    page = await (await browser.new_context()).new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))

    await page.goto(shop.url + "/")
    launcher = page.get_by_test_id("widget-launcher")
    await expect(launcher).to_be_visible(timeout=TIMEOUT)
    loaded = await page.evaluate("performance.getEntriesByType('resource').map((entry) => entry.name)")
    assert hub.url + "/static/widget/app.js" in loaded  # the modules came from the hub...
    assert hub.url + "/static/shared/markdown.js" in loaded
    assert await page.evaluate("location.origin") == shop.url  # ...into the shop's page

    await launcher.click()
    await page.get_by_test_id("widget-input").fill("hi")
    await page.get_by_test_id("widget-send").click()
    messages = page.get_by_test_id("widget-messages")
    await expect(messages.locator('[data-sender="user"]')).to_have_attribute("data-state", "sent",
                                                                             timeout=TIMEOUT)
    await expect(messages.locator('[data-sender="bot"]').first).to_contain_text("Kestrel", timeout=TIMEOUT)
    assert errors == []
