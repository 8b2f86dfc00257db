"""Deposits and withdrawals that have not arrived: collect details, check, escalate."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.escalation import escalate
from actions.knowledge import user_language
from actions.settings import get_settings
from desk.language import pick
from desk.networks import Network, load_networks
from desk.tx_hash import check_tx_hash

_FORM_SLOTS = ("coin", "network", "tx_hash", "elapsed_minutes")


def _network_list(coin: str) -> str:
    return ", ".join(n.name for n in load_networks().networks_for_coin(coin))


def _check_hash(
    value: str, network: Network, dispatcher: CollectingDispatcher, language: str
) -> str | None:
    """Return the hash if well formed for the network; otherwise say what's wrong."""
    if value == "skipped":
        return value
    result = check_tx_hash(value, network.tx_format, network.name)
    if result.valid:
        dispatcher.utter_message(response="utter_tx_hash_ok", network=network.name)
        return value
    dispatcher.utter_message(text=pick(result.problem, language))
    return None


class _TransferSlotValidation:
    """Validation shared by the deposit and withdrawal forms.

    A mixin, not an action: the action server registers every Action subclass it finds.
    """

    def validate_coin(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Accept a supported coin; pick the network when the coin has only one."""
        coin = str(value).upper()
        catalog = load_networks()
        if coin not in catalog.coins:
            dispatcher.utter_message(response="utter_coin_unsupported", coin=coin)
            return {"coin": None}
        slots: dict[str, Any] = {"coin": coin}
        networks = catalog.networks_for_coin(coin)
        if len(networks) == 1 and not tracker.get_slot("network"):
            slots["network"] = networks[0].code
        return slots

    def validate_network(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Accept a network that carries the coin; re-check a hash given before it."""
        catalog = load_networks()
        network = catalog.get(str(value))
        if network is None:
            return {"network": None}
        coin = tracker.get_slot("coin")
        if coin and coin in catalog.coins and coin not in network.coins:
            dispatcher.utter_message(
                response="utter_network_coin_mismatch", coin=coin, network=network.name,
                networks=_network_list(coin),
            )
            return {"network": None}
        slots: dict[str, Any] = {"network": network.code}
        pending_hash = tracker.get_slot("tx_hash")
        if pending_hash and pending_hash != "skipped":
            slots["tx_hash"] = _check_hash(
                pending_hash, network, dispatcher, user_language(tracker)
            )
        return slots

    def validate_tx_hash(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Check the hash's format for the network; explain exactly what is wrong."""
        network = load_networks().get(tracker.get_slot("network"))
        if network is None:
            return {"tx_hash": str(value)}  # checked once the network is known
        return {"tx_hash": _check_hash(str(value), network, dispatcher, user_language(tracker))}

    def validate_elapsed_minutes(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Accept a number of minutes, or "unknown"."""
        if value == "unknown":
            return {"elapsed_minutes": "unknown"}
        try:
            return {"elapsed_minutes": str(max(0, int(float(value))))}
        except (TypeError, ValueError):
            return {"elapsed_minutes": None}


class ValidateDepositForm(_TransferSlotValidation, FormValidationAction):
    """Validate the deposit form's slots."""

    def name(self) -> str:
        """Return the action's name."""
        return "validate_deposit_form"


class ValidateWithdrawalForm(_TransferSlotValidation, FormValidationAction):
    """Validate the withdrawal form's slots."""

    def name(self) -> str:
        """Return the action's name."""
        return "validate_withdrawal_form"


class ActionAskNetwork(Action):
    """Ask for the network, offering the networks that carry the coin as buttons."""

    def name(self) -> str:
        """Return the action's name."""
        return "action_ask_network"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Send the question with one button per network."""
        coin = tracker.get_slot("coin") or ""
        buttons = [
            {"title": n.name, "payload": f'/inform{{"network":"{n.code}"}}'}
            for n in load_networks().networks_for_coin(coin)
        ]
        dispatcher.utter_message(response="utter_ask_network_for_coin", coin=coin,
                                 buttons=buttons)
        return []


def format_duration(minutes: int, language: str) -> str:
    """Say a number of minutes the way a person would."""
    if minutes >= 1440:
        days = round(minutes / 1440, 1)
        return f"{days:g} 天" if language == "zh" else f"{days:g} day{'s' if days != 1 else ''}"
    if minutes >= 60:
        hours = round(minutes / 60, 1)
        return f"{hours:g} 小时" if language == "zh" else f"{hours:g} hour{'s' if hours != 1 else ''}"
    return f"{minutes} 分钟" if language == "zh" else f"{minutes} minutes"


class ActionTransferStatus(Action):
    """Say what is normal for the network, and escalate when the transfer is overdue."""

    def name(self) -> str:
        """Return the action's name."""
        return "action_transfer_status"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Compare the time since sending with the network's usual and overdue times."""
        # The flow that just finished is the last transfer form to have been active: a user
        # may have switched from one to the other on the way.
        last_form = next((e.get("name") for e in reversed(tracker.events)
                          if e.get("event") == "active_loop"
                          and e.get("name") in ("deposit_form", "withdrawal_form")), None)
        is_withdrawal = last_form == "withdrawal_form"
        kind = "withdrawal" if is_withdrawal else "deposit"
        network = load_networks().get(tracker.get_slot("network"))
        coin = tracker.get_slot("coin")
        clear = [SlotSet(slot, None) for slot in _FORM_SLOTS]
        if network is None or not coin:
            dispatcher.utter_message(response="utter_how_can_help")
            return clear

        language = user_language(tracker)
        raw_elapsed = tracker.get_slot("elapsed_minutes")
        elapsed = int(raw_elapsed) if raw_elapsed and raw_elapsed.isdigit() else None
        overdue_after = network.overdue_minutes + (
            get_settings().withdrawal_review_minutes if is_withdrawal else 0
        )
        facts = {
            "coin": coin, "network": network.name, "confirmations": network.confirmations,
            "usual": network.usual_minutes, "overdue": network.overdue_minutes,
        }
        if elapsed is not None and elapsed >= overdue_after:
            details = {"transfer": kind, "coin": coin, "network": network.code,
                       "elapsed_minutes": elapsed, "overdue_after_minutes": overdue_after}
            tx_hash = tracker.get_slot("tx_hash")
            if tx_hash and tx_hash != "skipped":
                details["tx_hash"] = tx_hash
            kind_word = ("提币" if is_withdrawal else "充币") if language == "zh" else kind
            summary = [f"{coin} {kind_word}", network.name, format_duration(elapsed, language)]
            if "tx_hash" in details:
                summary.append(f"TxID {tx_hash[:10]}…")
            return escalate(dispatcher, tracker, "overdue_transfer", details,
                            details=", ".join(summary)) + clear
        if elapsed is None:
            dispatcher.utter_message(response=f"utter_{kind}_unknown_time", **facts)
        else:
            dispatcher.utter_message(
                response=f"utter_{kind}_on_track", elapsed=format_duration(elapsed, language),
                **facts,
            )
        return clear
