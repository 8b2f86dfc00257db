import pytest

from actions.language import ValidateSlotMappings

from .conftest import make_tracker


@pytest.mark.parametrize(
    ("text", "before", "after"),
    [
        ("充币没到账", "en", "zh"),
        ("my deposit is late", "zh", "en"),
        ("USDT", "zh", "zh"),  # no signal: the conversation keeps its language
        ("0x5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060", "zh", "zh"),
    ],
)
async def test_language_follows_the_user(dispatcher, domain, text, before, after):
    tracker = make_tracker(text, "inform", slots={"language": before})
    events = await ValidateSlotMappings().run(dispatcher, tracker, domain)
    language = [e for e in events if e.get("name") == "language"]
    assert (language[-1]["value"] if language else before) == after
    assert dispatcher.messages == []
