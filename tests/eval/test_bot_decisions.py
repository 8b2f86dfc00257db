"""The knowledge-base decisions benchmark names a "did you mean" question as such."""

import numpy as np

from eval.bot_decisions import classify, decision_curve
from eval.heldout import Example

CLARIFICATION = {"custom": {"clarification": {"candidates": [
    {"kind": "article", "article": "deposit-wrong-network", "title": "Wrong network"},
    {"kind": "matter", "intent": "deposit_delay", "title": "My deposit has not arrived"},
]}}}


def test_a_clarification_is_its_own_route_right_when_the_article_is_offered():
    asked = Example("sent usdt on the wrong chain??", "deposit-wrong-network", "en")
    missed = Example("where is my deposit", "deposit-not-credited-checklist", "en")

    right, wrong = classify(asked, [CLARIFICATION], []), classify(missed, [CLARIFICATION], [])

    assert (right.route, right.article) == ("clarified", "deposit-wrong-network")
    assert (wrong.route, wrong.article) == ("clarified", "")
    assert right.offered == ("deposit-wrong-network",)


def test_clarifications_are_counted_apart_from_flows_and_declines():
    decisions = [
        classify(Example("sent usdt on the wrong chain??", "deposit-wrong-network", "en"),
                 [CLARIFICATION], []),
        classify(Example("where is my deposit", "deposit-not-credited-checklist", "en"),
                 [CLARIFICATION], []),
        classify(Example("best coin to buy", "", "en"), [CLARIFICATION], []),
        classify(Example("weather in paris", "", "en"), [],
                 [{"event": "bot", "metadata": {"utter_action": "utter_out_of_scope"}}]),
    ]

    [point] = decision_curve(decisions, np.array([0.5]))[:1]

    assert (point.in_scope_clarified_right, point.in_scope_clarified_wrong) == (0.5, 0.5)
    assert point.in_scope_guided == 0.0
    assert (point.out_of_scope_clarified, point.out_of_scope_declined) == (0.5, 0.5)
    assert point.out_of_scope_other == 0.0
