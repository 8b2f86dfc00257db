"""The hub's settings: environment, defaults, and refusals of what cannot work."""

import pytest

from hub.settings import HubSettings


def test_the_rasa_url_follows_the_rasa_port(monkeypatch):
    monkeypatch.delenv("DESK_RASA_URL", raising=False)
    monkeypatch.setenv("DESK_RASA_PORT", "5011")
    assert HubSettings().rasa_url == "http://127.0.0.1:5011"
    monkeypatch.setenv("DESK_RASA_URL", "http://rasa.internal:5005/")
    assert HubSettings().rasa_url == "http://rasa.internal:5005"


def test_a_telegram_token_turns_polling_on(monkeypatch):
    monkeypatch.delenv("DESK_TELEGRAM_MODE", raising=False)
    monkeypatch.setenv("DESK_TELEGRAM_TOKEN", "123:abc")
    assert HubSettings().telegram_mode == "polling"


@pytest.mark.parametrize(("overrides", "reason"), [
    ({"business_hours": "9-5"}, ""),
    ({"timezone": "Mars/Olympus"}, ""),
    ({"limit_messages": "fast"}, "DESK_LIMIT_MESSAGES"),
    ({"identity_required": True}, "DESK_IDENTITY_SECRET"),
    ({"telegram_mode": "webhook", "telegram_token": "1:a"}, "DESK_TELEGRAM_SECRET"),
])
def test_settings_that_cannot_work_are_refused_with_the_reason(overrides, reason):
    with pytest.raises(ValueError, match=reason):
        HubSettings(**overrides)
