"""Leaving one guided flow for another."""

from actions.flows import ActionResetFlowSlots, flow_slots

from .conftest import make_tracker, slot_events


def test_every_form_slot_is_a_flow_slot(domain):
    assert flow_slots(domain) == ["twofa_access", "coin", "network", "tx_hash",
                                  "elapsed_minutes", "deposit_problem"]


async def test_the_left_flows_answers_are_forgotten(dispatcher, domain):
    tracker = make_tracker(
        "actually my BTC withdrawal is stuck", "withdrawal_delay",
        slots={"coin": "USDT", "network": "TRON", "tx_hash": "a" * 64, "requested_slot": "tx_hash"})
    events = await ActionResetFlowSlots().run(dispatcher, tracker, domain)
    assert slot_events(events) == {"requested_slot": None, "coin": None, "network": None,
                                   "tx_hash": None}
    assert dispatcher.messages == []
