"""A user in the widget and an agent in the console, both in headless Chromium."""

import pytest
from playwright.async_api import expect

pytestmark = pytest.mark.slow
TIMEOUT = 30_000


async def _user_says(page, text):
    await page.get_by_test_id("widget-input").fill(text)
    await page.get_by_test_id("widget-send").click()


async def test_user_and_agent_from_escalation_to_rating(browser, hub):
    user = await (await browser.new_context()).new_page()
    agent = await (await browser.new_context()).new_page()

    # The user opens the help page, the bot answers, the user asks for a person.
    await user.goto(hub.url + "/")
    await user.get_by_test_id("widget-launcher").click()
    await _user_says(user, "hi")
    messages = user.get_by_test_id("widget-messages")
    await expect(messages.locator('[data-sender="bot"]').first).to_contain_text(
        "Kestrel", timeout=TIMEOUT)
    await _user_says(user, "I want to talk to a real person")
    banner = user.get_by_test_id("handoff-banner")
    await expect(banner).to_contain_text("1", timeout=TIMEOUT)  # first in the queue

    # The agent logs in and sees it arrive.
    await agent.goto(hub.url + "/console")
    await agent.get_by_test_id("login-username").fill("mia")
    await agent.get_by_test_id("login-password").fill("correct horse 1")
    await agent.get_by_test_id("login-submit").click()
    waiting = agent.get_by_test_id("queue-waiting").get_by_test_id("queue-item")
    await expect(waiting).to_have_count(1, timeout=TIMEOUT)
    await waiting.first.click()
    await expect(agent.get_by_test_id("escalation-reason")).to_contain_text(
        "Asked for human", timeout=TIMEOUT)
    await agent.get_by_test_id("action-claim").click()
    await expect(agent.get_by_test_id("queue-mine").get_by_test_id("queue-item")).to_have_count(
        1, timeout=TIMEOUT)
    await expect(messages).to_contain_text("Mia", timeout=TIMEOUT)  # joined, in the widget

    # They talk, both ways; markup stays text on both pages.
    await agent.get_by_test_id("composer-input").fill("Hi, I'm Mia. What can I do for you?")
    await agent.get_by_test_id("composer-send").click()
    await expect(messages.locator('[data-sender="agent"]')).to_contain_text(
        "What can I do for you?", timeout=TIMEOUT)
    attack = '<img src=x onerror="window.__pwned=1">my withdrawal is stuck'
    await _user_says(user, attack)
    transcript = agent.get_by_test_id("transcript")
    await expect(transcript.locator('[data-sender="user"]').last).to_contain_text(
        "my withdrawal is stuck", timeout=TIMEOUT)
    await expect(transcript).to_contain_text("<img src=x", timeout=TIMEOUT)
    assert await agent.evaluate("window.__pwned") is None
    assert await user.evaluate("window.__pwned") is None

    # The agent resolves; the user is asked to rate, and does.
    await agent.get_by_test_id("action-resolve").click()
    await user.get_by_test_id("rating-star-5").click(timeout=TIMEOUT)
    await user.get_by_test_id("rating-comment").fill("Quick and kind")
    await user.get_by_test_id("rating-submit").click()
    await expect(user.get_by_test_id("rating-thanks")).to_be_visible(timeout=TIMEOUT)
    await expect(messages).to_contain_text("resolved", timeout=TIMEOUT)


async def test_reload_keeps_the_conversation(browser, hub):
    page = await (await browser.new_context()).new_page()
    await page.goto(hub.url + "/")
    await page.get_by_test_id("widget-launcher").click()
    await _user_says(page, "how do I set up an anti-phishing code")
    messages = page.get_by_test_id("widget-messages")
    await expect(page.get_by_test_id("article-source").first).to_be_visible(timeout=TIMEOUT)
    count = await messages.get_by_test_id("message").count()

    await page.reload()
    await page.get_by_test_id("widget-launcher").click()
    await expect(messages.get_by_test_id("message")).to_have_count(count, timeout=TIMEOUT)
    await expect(messages).to_contain_text("anti-phishing code", timeout=TIMEOUT)


async def test_widget_fills_a_phone_screen(browser, hub):
    context = await browser.new_context(viewport={"width": 375, "height": 740},
                                        is_mobile=True, has_touch=True)
    page = await context.new_page()
    await page.goto(hub.url + "/zh")
    await page.get_by_test_id("widget-launcher").click()
    box = await page.get_by_test_id("widget-panel").bounding_box()
    assert box["width"] >= 370 and box["height"] >= 700
    await _user_says(page, "你好")
    await expect(page.get_by_test_id("widget-messages").locator('[data-sender="bot"]').first
                 ).to_contain_text("您好", timeout=TIMEOUT)
