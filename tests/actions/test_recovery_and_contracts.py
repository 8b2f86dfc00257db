import pytest

from actions.contracts import ActionContractError
from actions.recovery import ARTICLE_BY_PROBLEM, ActionRecoveryAnswer

from .conftest import customs, make_tracker, responses


@pytest.mark.parametrize("problem", sorted(ARTICLE_BY_PROBLEM))
async def test_recovery_answer_sends_the_cases_article_and_offers_a_case(dispatcher, domain,
                                                                         problem):
    tracker = make_tracker("x", "inform", slots={"deposit_problem": problem})
    await ActionRecoveryAnswer().run(dispatcher, tracker, domain)
    assert customs(dispatcher, "article")[0]["id"] == ARTICLE_BY_PROBLEM[problem]
    assert responses(dispatcher) == ["utter_recovery_next"]


@pytest.mark.parametrize(
    ("pasted", "article"),
    [
        ("MetaMask says: nonce too low", "contract-nonce-too-low"),
        ("swap failed Fail with error 'UniswapV2Router: INSUFFICIENT_OUTPUT_AMOUNT'",
         "contract-slippage"),
        ("提示 insufficient funds for gas * price + value 怎么办", "contract-insufficient-funds-for-gas"),
    ],
)
async def test_pasted_error_is_named_and_explained(dispatcher, domain, pasted, article):
    tracker = make_tracker(pasted, "smart_contract_error")
    await ActionContractError().run(dispatcher, tracker, domain)
    assert responses(dispatcher)[0] == "utter_contract_error_recognised"
    assert customs(dispatcher, "article")[0]["id"] == article
    assert customs(dispatcher, "contract_error")


async def test_unrecognised_error_falls_back_to_search(dispatcher, domain):
    tracker = make_tracker("my swap on the DEX does nothing when I press the button",
                           "smart_contract_error")
    await ActionContractError().run(dispatcher, tracker, domain)
    assert customs(dispatcher, "article") or customs(dispatcher, "handoff")
    assert "utter_contract_error_recognised" not in responses(dispatcher)
