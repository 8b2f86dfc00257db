import pytest

from actions.escalation import ActionEscalate
from actions.tickets import ActionTicketStatus

from .conftest import customs, make_tracker, responses


@pytest.mark.parametrize(
    ("intent", "reason", "priority", "response"),
    [
        ("account_compromised", "urgent", "urgent", "utter_handoff_urgent"),
        ("complaint", "complaint", "high", "utter_handoff_complaint"),
        ("request_human", "asked_for_human", "normal", "utter_handoff_human"),
    ],
)
async def test_escalation_reason_follows_the_intent(dispatcher, domain, intent, reason, priority,
                                                    response):
    tracker = make_tracker("text", intent, slots={"language": "zh", "coin": "USDT"})
    await ActionEscalate().run(dispatcher, tracker, domain)
    [handoff] = customs(dispatcher, "handoff")
    assert (handoff["reason"], handoff["priority"]) == (reason, priority)
    assert handoff["language"] == "zh"
    assert handoff["details"] == {"coin": "USDT"}
    assert responses(dispatcher) == [response]


async def test_ticket_status_asks_the_hub_for_the_case(dispatcher, domain):
    await ActionTicketStatus().run(dispatcher, make_tracker("any news on my ticket", "ticket_status"),
                                   domain)
    assert responses(dispatcher) == ["utter_ticket_status"]
    assert all(v["custom"] == {"ticket_status": True} for v in domain["responses"]["utter_ticket_status"])


async def test_handoff_ranks_the_message_that_raised_the_matter(dispatcher, domain):
    opening = {"intent": {"name": "deposit_delay", "confidence": 0.97},
               "intent_ranking": [{"name": "deposit_delay", "confidence": 0.97}]}
    tracker = make_tracker(
        "2 hours", "inform", slots={"coin": "USDT"},
    )
    tracker.events.insert(0, {"event": "user", "text": "my deposit is late", "parse_data": opening})
    await ActionEscalate().run(dispatcher, tracker, domain)
    assert customs(dispatcher, "handoff")[0]["intent_ranking"] == [
        {"intent": "deposit_delay", "confidence": 0.97}
    ]
