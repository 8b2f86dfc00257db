"""The realistic held-out sets load as labelled, and the bot's first moves are judged right."""

from pathlib import Path

import pytest

from eval.first_move import (
    FirstMove,
    in_scope_outcome,
    out_of_scope_outcome,
    read_first_move,
    second_matter_noticed,
    summarise_moves,
)
from eval.heldout import RealisticExample, load_realistic_examples

REALISTIC_EN = """\
version: 1
language: en
examples:
  - text: "lost my phone, 2fa gone"
    intent: reset_2fa
    article: 2fa-reset-lost-authenticator
  - text: |-
      withdrawal stuck for 3 days.
      and your support never answers!!!
    intent: withdrawal_delay
    also: [complaint]
  - text: "will BTC hit 200k"
    intent: out_of_scope
    kind: price
"""


def write_set(directory: Path, text: str, language: str = "en") -> Path:
    (directory / f"realistic_{language}.yml").write_text(text, encoding="utf-8")
    return directory


def test_loader_reads_intent_second_matter_article_and_kind(tmp_path):
    examples = load_realistic_examples("en", write_set(tmp_path, REALISTIC_EN))

    assert examples == [
        RealisticExample("lost my phone, 2fa gone", "reset_2fa", "en",
                         article="2fa-reset-lost-authenticator"),
        RealisticExample("withdrawal stuck for 3 days.\nand your support never answers!!!",
                         "withdrawal_delay", "en", also=("complaint",)),
        RealisticExample("will BTC hit 200k", "out_of_scope", "en", kind="price"),
    ]
    assert [e.in_scope for e in examples] == [True, True, False]
    assert examples[0].label == "reset_2fa"


@pytest.mark.parametrize("broken, message", [
    (REALISTIC_EN.replace("    kind: price\n", ""), "out_of_scope needs a kind"),
    (REALISTIC_EN.replace("kind: price", "kind: weather"), "out_of_scope needs a kind"),
    (REALISTIC_EN.replace("    intent: reset_2fa\n", ""), "example 1: needs a text and an intent"),
    (REALISTIC_EN.replace("language: en", "language: zh"), "says language 'zh'"),
])
def test_loader_refuses_an_example_the_format_does_not_allow(tmp_path, broken, message):
    with pytest.raises(ValueError, match=message):
        load_realistic_examples("en", write_set(tmp_path, broken))


@pytest.mark.parametrize("language, n, two_matters, with_article, out_of_scope", [
    ("en", 333, 45, 180, 43),
    ("zh", 312, 34, 169, 43),
])
def test_shipped_sets_hold_the_counts_their_readme_states(language, n, two_matters,
                                                          with_article, out_of_scope):
    examples = load_realistic_examples(language)

    assert len(examples) == n
    assert sum(bool(e.also) for e in examples) == two_matters
    assert sum(bool(e.article) for e in examples) == with_article
    assert sum(not e.in_scope for e in examples) == out_of_scope


def session(*events: dict) -> list[dict]:
    """A new conversation's tracker events around one user message."""
    return [{"event": "action", "name": "action_session_start"},
            {"event": "session_started"}, {"event": "action", "name": "action_listen"},
            *events, {"event": "action", "name": "action_listen"}]


def user(intent: str, *ranking: str) -> dict:
    names = ranking or (intent,)
    return {"event": "user", "text": "...",
            "parse_data": {"intent": {"name": intent},
                           "intent_ranking": [{"name": n} for n in names]}}


def test_reads_an_article_answer():
    replies = [{"text": "Here is how."},
               {"custom": {"article": {"id": "withdrawal-fees", "confidence": 0.71}}}]
    events = session(user("fees"), {"event": "action", "name": "action_kb_answer"},
                     {"event": "bot", "metadata": {"utter_action": "utter_ask_feedback"}})

    move = read_first_move(replies, events)

    assert move == FirstMove("fees", "withdrawal-fees", "", (),
                             ("action_session_start", "action_kb_answer", "utter_ask_feedback"),
                             ("fees",))


def test_a_low_confidence_handoff_shows_no_article():
    replies = [{"text": "A colleague will help."},
               {"custom": {"handoff": {"reason": "low_confidence",
                                       "details": {"kb_best": {"id": "fees", "confidence": 0.2}}}}}]

    move = read_first_move(replies, session(user("nlu_fallback", "nlu_fallback", "fees")))

    assert (move.article, move.handoff_reason, move.intent) == ("", "low_confidence", "nlu_fallback")
    assert move.ranking == ("nlu_fallback", "fees")


def test_reads_the_form_a_flow_started_and_a_recognised_contract_error():
    flow = read_first_move([{"text": "Which coin?"}], session(
        user("deposit_delay"), {"event": "action", "name": "deposit_form"},
        {"event": "active_loop", "name": "deposit_form"}, {"event": "active_loop", "name": None}))
    contract = read_first_move(
        [{"custom": {"article": {"id": "contract-slippage"}}}, {"custom": {"contract_error": "slip"}}],
        session(user("smart_contract_error"), {"event": "action", "name": "action_contract_error"}))

    assert flow.forms == ("deposit_form",)
    assert contract.actions[-1] == "contract_error"


def test_reads_a_complaint_beside_the_matter_as_the_hub_would_note_it():
    def said(text: str, intent: str) -> dict:
        return {**user(intent), "text": text}

    angry = read_first_move([], session(said("withdrawal stuck 3 days, what a joke", "withdrawal_delay")))
    calm = read_first_move([], session(said("withdrawal stuck for 3 days", "withdrawal_delay")))
    own = read_first_move([], session(said("this is a joke, I want a refund", "complaint")))

    assert angry.complaint_noted and not calm.complaint_noted
    assert not own.complaint_noted  # a complaint on its own is the matter, handed to a person


def move(intent="", article="", reason="", forms=(), actions=(), offered=(),
         complaint_noted=False) -> FirstMove:
    return FirstMove(intent, article, reason, tuple(forms), tuple(actions), (intent,),
                     tuple(offered), complaint_noted)


def example(intent, article="", also=(), kind="") -> RealisticExample:
    return RealisticExample("a message", intent, "en", tuple(also), article, kind)


@pytest.mark.parametrize("labelled, did, outcome", [
    (example("fees", "withdrawal-fees"), move("fees", article="withdrawal-fees"), "right_article"),
    # The right article counts whatever intent brought it.
    (example("fees", "withdrawal-fees"), move("nlu_fallback", article="withdrawal-fees"),
     "right_article"),
    (example("fees", "withdrawal-fees"), move("fees", article="deposit-fees"), "wrong_article"),
    (example("faq_general"), move("faq_general", article="deposit-fees"), "article_unlabelled"),
    # A flow intent's first move is its flow, even before any article.
    (example("deposit_delay", "deposit-not-credited-checklist"),
     move("deposit_delay", forms=["deposit_form"]), "right_flow"),
    # A flow that finished at once and went to a person on its own is still the right flow.
    (example("deposit_delay"), move("deposit_delay", reason="overdue_transfer",
                                    forms=["deposit_form"]), "right_flow"),
    (example("deposit_delay"), move("withdrawal_delay", forms=["withdrawal_form"]), "wrong_flow"),
    (example("reset_2fa", "2fa-passkey"),
     move("reset_2fa", article="2fa-reset-lost-authenticator", forms=["twofa_form"]),
     "wrong_article"),
    (example("account_compromised", "api-key-leaked"),
     move("account_compromised", reason="urgent"), "policy_handoff"),
    (example("complaint"), move("complaint", reason="complaint"), "policy_handoff"),
    (example("complaint"), move("request_human", reason="asked_for_human"), "other_handoff"),
    (example("request_human"), move("nlu_fallback", reason="low_confidence"), "low_confidence"),
    (example("greet"), move("greet", actions=["utter_greet"]), "own_reply"),
    (example("ticket_status"), move("ticket_status", actions=["action_ticket_status"]),
     "own_reply"),
    (example("smart_contract_error"),
     move("smart_contract_error", article="contract-slippage", actions=["contract_error"]),
     "own_reply"),
    (example("withdrawal_delay"), move("out_of_scope", actions=["utter_out_of_scope"]), "declined"),
    (example("withdrawal_delay"), move("greet", actions=["utter_greet"]), "other"),
])
def test_in_scope_outcome(labelled, did, outcome):
    assert in_scope_outcome(labelled, did) == outcome


def test_reads_what_a_clarification_offered():
    candidates = [{"kind": "article", "article": "withdrawal-fees", "title": "Withdrawal fees"},
                  {"kind": "matter", "intent": "deposit_delay", "title": "My deposit..."},
                  {"kind": "matter", "intent": "password_reset", "article": "password-reset"}]
    replies = [{"text": "Did you mean:", "buttons": [{"title": "...", "payload": "/deny"}]},
               {"custom": {"clarification": {"candidates": candidates}}}]

    move = read_first_move(replies, session(user("nlu_fallback", "nlu_fallback", "fees"),
                                            {"event": "action", "name": "action_kb_answer"}))

    assert move.clarified and not move.shown and move.handoff_reason == ""
    assert move.offered == (("", "withdrawal-fees"), ("deposit_delay", ""),
                            ("password_reset", "password-reset"))
    assert move.offered_articles == ("withdrawal-fees", "password-reset")
    assert move.offered_intents == ("deposit_delay", "password_reset")


ASKED = dict(intent="nlu_fallback", actions=["action_kb_answer", "utter_clarify"])


@pytest.mark.parametrize("labelled, offered, outcome", [
    # The labelled article offered, as an article or as a knowledge matter's article.
    (example("fees", "withdrawal-fees"), [("", "withdrawal-fees"), ("deposit_delay", "")],
     "clarified_right"),
    (example("password_reset", "password-reset"), [("password_reset", "password-reset")],
     "clarified_right"),
    # A flow's matter offered: its pick starts the flow, whatever article the label names.
    (example("deposit_delay", "deposit-how-to-find-txid"), [("deposit_delay", "")],
     "clarified_right"),
    # A knowledge matter that would show another article than the labelled one.
    (example("kyc_verification", "kyc-rejected-reasons"),
     [("kyc_verification", "kyc-review-time")], "clarified_wrong"),
    # A knowledge matter for a message that names no article: the best that can be judged.
    (example("kyc_verification"), [("kyc_verification", "kyc-review-time")], "clarified_right"),
    (example("withdrawal_delay"), [("", "withdrawal-fees"), ("deposit_delay", "")],
     "clarified_wrong"),
    (example("complaint"), [("", "complaints-process")], "clarified_wrong"),
])
def test_a_clarification_is_right_when_the_user_would_pick_the_right_move(labelled, offered,
                                                                          outcome):
    assert in_scope_outcome(labelled, move(offered=offered, **ASKED)) == outcome


@pytest.mark.parametrize("did, outcome", [
    (move("nlu_fallback", offered=[("", "withdrawal-fees")]), "clarified"),
    (move("out_of_scope", actions=["utter_out_of_scope"]), "declined"),
    (move("nlu_fallback", article="password-reset"), "article"),
    (move("nlu_fallback", reason="low_confidence"), "handed_off_low_confidence"),
    (move("account_compromised", reason="urgent"), "handed_off_other"),
    (move("deposit_delay", forms=["deposit_form"]), "other"),
])
def test_out_of_scope_outcome(did, outcome):
    assert out_of_scope_outcome(did) == outcome


def test_a_second_matter_is_noticed_only_when_the_bot_acts_on_it():
    two = example("withdrawal_delay", also=["complaint"])

    assert not second_matter_noticed(two, move("withdrawal_delay", forms=["withdrawal_form"]))
    assert second_matter_noticed(two, move("complaint", reason="complaint"))
    assert second_matter_noticed(two, move("withdrawal_delay", forms=["withdrawal_form"],
                                           complaint_noted=True))
    assert not second_matter_noticed(example("withdrawal_delay"), move("complaint",
                                                                       reason="complaint"))


def test_summary_counts_each_message_once_and_breaks_out_of_scope_down_by_kind():
    examples = [example("fees", "withdrawal-fees"),
                example("deposit_delay", also=["complaint"]),
                example("complaint"),
                example("out_of_scope", kind="price"),
                example("out_of_scope", kind="price"),
                example("out_of_scope", kind="off_topic")]
    moves = [move("fees", article="withdrawal-fees", complaint_noted=True),
             move("deposit_delay", forms=["deposit_form"]),
             move("nlu_fallback", reason="low_confidence"),
             move("out_of_scope", actions=["utter_out_of_scope"]),
             move("nlu_fallback", article="fees"),
             move("out_of_scope", actions=["utter_out_of_scope"])]

    summary = summarise_moves(examples, moves)

    in_scope, out_of_scope = summary["in_scope"], summary["out_of_scope"]
    assert in_scope["n"] == 3 and in_scope["handled_right"] == pytest.approx(2 / 3)
    assert in_scope["low_confidence"] == pytest.approx(1 / 3)
    assert sum(in_scope["counts"].values()) == 3
    assert out_of_scope["declined"] == pytest.approx(2 / 3)
    assert out_of_scope["by_kind"]["price"]["counts"] == {
        "declined": 1, "article": 1, "clarified": 0, "handed_off_low_confidence": 0,
        "handed_off_other": 0, "other": 0}
    assert out_of_scope["by_kind"]["off_topic"]["declined"] == 1.0
    assert summary["two_matters"] == {"n": 1, "main_handled_right": 1, "second_noticed": 0,
                                      "both": 0, "by_second_intent": {"complaint":
                                                                      {"n": 1, "noticed": 0}},
                                      # the fees question was calm, yet noted as a complaint
                                      "calm_messages": 1, "calm_noted_as_complaint": 1}
    # Only the wrong moves are listed for review: the low-confidence handoff, the answered price.
    assert [r["outcome"] for r in summary["review"]] == ["low_confidence", "article"]


def test_summary_says_how_often_a_clarification_offered_the_right_thing():
    examples = [example("fees", "withdrawal-fees"), example("deposit_delay"),
                example("withdrawal_delay"), example("complaint"),
                example("out_of_scope", kind="price")]
    moves = [move(offered=[("", "withdrawal-fees"), ("deposit_delay", "")], **ASKED),
             move(offered=[("deposit_delay", ""), ("", "deposit-below-minimum"),
                           ("fees", "withdrawal-fees")], **ASKED),
             move(offered=[("", "withdrawal-fees")], **ASKED),
             move("nlu_fallback", reason="low_confidence"),
             move(offered=[("", "kst-fee-discount")], **ASKED)]

    summary = summarise_moves(examples, moves)

    assert summary["clarification"] == {
        "in_scope_offered": 3, "in_scope_right": 2, "offered_share": 0.75,
        "right_share_of_offered": pytest.approx(2 / 3), "mean_candidates": 2.0,
        "with_a_matter": 2, "out_of_scope_offered": 1}
    in_scope = summary["in_scope"]
    assert in_scope["low_confidence"] == 0.25 and in_scope["handled_right"] == 0.0
    assert in_scope["right_after_one_question"] == 0.5
    assert summary["out_of_scope"]["clarified"] == 1.0
    wrong = [r for r in summary["review"] if r["outcome"] == "clarified_wrong"]
    assert [r["offered"] for r in wrong] == [["withdrawal-fees"]]
