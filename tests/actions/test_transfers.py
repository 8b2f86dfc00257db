import pytest

from actions.transfers import ActionTransferStatus, ValidateDepositForm, format_duration

from .conftest import customs, make_tracker, responses, slot_events

EVM_HASH = "0x5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060"


def _form_turn(text, slots_set, slots=None, requested=None):
    """A deposit-form turn whose extraction just set ``slots_set``."""
    return make_tracker(
        text, "inform", slots={**(slots or {}), **slots_set, "requested_slot": requested},
        active_loop="deposit_form",
        events_after_user=[{"event": "slot", "name": k, "value": v} for k, v in slots_set.items()],
    )


async def test_malformed_hash_is_rejected_with_the_reason(dispatcher, domain):
    tracker = _form_turn(EVM_HASH[:-3], {"tx_hash": EVM_HASH[:-3]},
                         slots={"coin": "USDT", "network": "BSC"}, requested="tx_hash")
    events = await ValidateDepositForm().run(dispatcher, tracker, domain)
    assert slot_events(events)["tx_hash"] is None
    assert "yours has 61" in dispatcher.messages[0]["text"]


async def test_malformed_hash_is_explained_in_chinese(dispatcher, domain):
    tracker = _form_turn("哈希 abc", {"tx_hash": "0x" + "z" * 64},
                         slots={"coin": "USDT", "network": "ETH", "language": "zh"},
                         requested="tx_hash")
    await ValidateDepositForm().run(dispatcher, tracker, domain)
    assert "只包含 0-9 和 a-f" in dispatcher.messages[0]["text"]


async def test_good_hash_is_accepted(dispatcher, domain):
    tracker = _form_turn(EVM_HASH, {"tx_hash": EVM_HASH},
                         slots={"coin": "USDT", "network": "BSC"}, requested="tx_hash")
    events = await ValidateDepositForm().run(dispatcher, tracker, domain)
    assert slot_events(events)["tx_hash"] == EVM_HASH
    assert responses(dispatcher) == ["utter_tx_hash_ok"]


async def test_hash_given_before_the_network_is_checked_when_the_network_arrives(dispatcher, domain):
    tracker = _form_turn("bitcoin", {"network": "BTC"},
                         slots={"coin": "BTC", "tx_hash": EVM_HASH}, requested="network")
    events = await ValidateDepositForm().run(dispatcher, tracker, domain)
    assert slot_events(events) == {"network": "BTC", "tx_hash": None}
    assert "without the '0x' prefix" in dispatcher.messages[0]["text"]


async def test_coin_on_a_network_that_does_not_carry_it(dispatcher, domain):
    tracker = _form_turn("litecoin", {"network": "LTC"}, slots={"coin": "USDT"},
                         requested="network")
    events = await ValidateDepositForm().run(dispatcher, tracker, domain)
    assert slot_events(events)["network"] is None
    assert responses(dispatcher) == ["utter_network_coin_mismatch"]


async def test_single_network_coin_fills_the_network(dispatcher, domain):
    tracker = _form_turn("btc", {"coin": "BTC"}, requested="coin")
    events = await ValidateDepositForm().run(dispatcher, tracker, domain)
    assert slot_events(events)["network"] == "BTC"


async def test_unsupported_coin_is_refused(dispatcher, domain):
    tracker = _form_turn("DOGE", {"coin": "DOGE"}, requested="coin")
    events = await ValidateDepositForm().run(dispatcher, tracker, domain)
    assert slot_events(events)["coin"] is None
    assert responses(dispatcher) == ["utter_coin_unsupported"]


def _status_tracker(elapsed, form="deposit_form", **slots):
    return make_tracker(
        "x", "inform",
        slots={"coin": "USDT", "network": "TRON", "tx_hash": "skipped",
               "elapsed_minutes": elapsed, **slots},
        events_after_user=[{"event": "active_loop", "name": form},
                           {"event": "active_loop", "name": None}],
    )


async def test_overdue_deposit_escalates_with_the_details(dispatcher, domain):
    tracker = _status_tracker("120", tx_hash="a" * 64)
    events = await ActionTransferStatus().run(dispatcher, tracker, domain)
    [handoff] = customs(dispatcher, "handoff")
    assert handoff["reason"] == "overdue_transfer"
    assert handoff["details"]["transfer"] == "deposit"
    assert handoff["details"]["network"] == "TRON"
    assert handoff["details"]["elapsed_minutes"] == 120
    assert handoff["details"]["tx_hash"] == "a" * 64
    assert responses(dispatcher) == ["utter_handoff_overdue"]
    assert {k: v for k, v in slot_events(events).items() if k != "handoff_reason"
            and k != "awaiting_feedback"} == {
        "coin": None, "network": None, "tx_hash": None, "elapsed_minutes": None}


async def test_recent_deposit_gets_the_networks_figures(dispatcher, domain):
    tracker = _status_tracker("10")
    await ActionTransferStatus().run(dispatcher, tracker, domain)
    [message] = dispatcher.messages
    assert message["response"] == "utter_deposit_on_track"
    assert (message["confirmations"], message["usual"]) == (20, 2)  # from data/networks.yml
    assert customs(dispatcher, "handoff") == []


async def test_withdrawal_in_review_is_not_overdue_yet(dispatcher, domain):
    tracker = _status_tracker("120", form="withdrawal_form")
    await ActionTransferStatus().run(dispatcher, tracker, domain)
    assert responses(dispatcher) == ["utter_withdrawal_on_track"]


async def test_withdrawal_past_review_and_network_time_escalates(dispatcher, domain):
    tracker = _status_tracker(str(26 * 60), form="withdrawal_form")
    await ActionTransferStatus().run(dispatcher, tracker, domain)
    assert customs(dispatcher, "handoff")[0]["details"]["transfer"] == "withdrawal"


async def test_a_deposit_flow_reached_from_the_withdrawal_flow_is_a_deposit(dispatcher, domain):
    tracker = make_tracker(
        "x", "inform",
        slots={"coin": "USDT", "network": "TRON", "tx_hash": "skipped", "elapsed_minutes": "120"},
        events_after_user=[{"event": "active_loop", "name": "withdrawal_form"},
                           {"event": "active_loop", "name": None},
                           {"event": "active_loop", "name": "deposit_form"},
                           {"event": "active_loop", "name": None}])
    await ActionTransferStatus().run(dispatcher, tracker, domain)
    assert customs(dispatcher, "handoff")[0]["details"]["transfer"] == "deposit"


async def test_unknown_time_explains_what_to_check(dispatcher, domain):
    await ActionTransferStatus().run(dispatcher, _status_tracker("unknown"), domain)
    assert responses(dispatcher) == ["utter_deposit_unknown_time"]


@pytest.mark.parametrize(
    ("minutes", "language", "said"),
    [(45, "en", "45 minutes"), (90, "en", "1.5 hours"), (1440, "en", "1 day"),
     (120, "zh", "2 小时")],
)
def test_format_duration(minutes, language, said):
    assert format_duration(minutes, language) == said
