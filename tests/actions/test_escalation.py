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


async def test_ticket_status_is_honest_until_the_hub_answers(dispatcher, domain):
    await ActionTicketStatus().run(dispatcher, make_tracker("any news on my ticket", "ticket_status"),
                                   domain)
    assert responses(dispatcher) == ["utter_ticket_status_unavailable"]
