import pytest

from actions.security import Action2faGuidance

from .conftest import make_tracker, responses, slot_events


@pytest.mark.parametrize(
    ("access", "response"),
    [
        ("old_device", "utter_2fa_old_device"),
        ("email_and_phone", "utter_2fa_email_and_phone"),
        ("email_only", "utter_2fa_partial_access"),
        ("phone_only", "utter_2fa_partial_access"),
        ("none", "utter_2fa_no_access"),
    ],
)
async def test_guidance_fits_what_the_user_can_reach(dispatcher, domain, access, response):
    tracker = make_tracker("x", "inform", slots={"twofa_access": access})
    events = await Action2faGuidance().run(dispatcher, tracker, domain)
    assert responses(dispatcher) == [response, "utter_never_share_secrets"]
    assert slot_events(events) == {"twofa_access": None}


async def test_partial_access_names_what_is_missing(dispatcher, domain):
    tracker = make_tracker("x", "inform", slots={"twofa_access": "email_only", "language": "zh"})
    await Action2faGuidance().run(dispatcher, tracker, domain)
    assert dispatcher.messages[0]["available"] == "邮箱"
    assert dispatcher.messages[0]["missing"] == "手机号"


def test_no_2fa_response_asks_for_a_code_or_password(domain):
    """The reset flow explains; it never asks the user to send a secret."""
    for name, variants in domain["responses"].items():
        if not name.startswith(("utter_2fa", "utter_ask_twofa")):
            continue
        for variant in variants:
            text = variant["text"].lower()
            assert "send us your code" not in text and "your password is" not in text
            assert "seed phrase" not in text or "never" in text
