import pytest

from desk.contract_errors import load_contract_errors, recognise_error


@pytest.mark.parametrize(
    ("pasted", "error_id"),
    [
        ("Error: execution reverted: TransferHelper: TRANSFER_FROM_FAILED", "allowance"),
        ("Fail with error 'UniswapV2Router: INSUFFICIENT_OUTPUT_AMOUNT'", "slippage"),
        ("swap failed: Price slippage check", "slippage"),
        ("ERC20: transfer amount exceeds allowance", "allowance"),
        ("insufficient funds for gas * price + value", "insufficient_funds_for_gas"),
        ("小狐狸钱包显示 gas费不够", "insufficient_funds_for_gas"),
        ("replacement transaction underpriced", "replacement_underpriced"),
        ("nonce too low: next nonce 42, tx nonce 41", "nonce_too_low"),
        ("Transaction ran out of gas", "out_of_gas"),
        ("Warning! Error encountered during contract execution [out of gas]", "out_of_gas"),
        ("execution reverted", "execution_reverted"),
        ("my tx has been stuck pending for hours", "pending"),
        ("合约调用报错 execution reverted: Ownable: caller is not the owner", "execution_reverted"),
        # "allowance" and "nonce" alone say nothing: these must not reach the approve or
        # nonce-too-low fixes.
        ("gas required exceeds allowance (30000000)", "gas_estimation_failed"),
        ("always failing transaction", "gas_estimation_failed"),
        ("Nonce too high. Expected nonce to be 3 but got 7.", "nonce_too_high"),
        ("my tx with nonce 12 is stuck pending", "pending"),
        ("OUT_OF_ENERGY", "tron_energy_bandwidth"),
        ("转USDT提示账户能量不足", "tron_energy_bandwidth"),
        # a revert reason inside a failed estimate names the real cause
        ('cannot estimate gas (reason="execution reverted: UniswapV2Router: INSUFFICIENT_OUTPUT_AMOUNT")',
         "slippage"),
    ],
)
def test_recognises_pasted_errors(pasted, error_id):
    assert recognise_error(pasted).id == error_id


@pytest.mark.parametrize("text", ["how do I set an anti-phishing code",
                                  "custom nonce in metamask, what number do I use"])
def test_unrelated_text_is_not_an_error(text):
    assert recognise_error(text) is None


def test_every_error_points_to_an_existing_article():
    from kb_index.settings import KBSettings

    faq_dir = KBSettings().faq_dir
    for error in load_contract_errors():
        assert (faq_dir / f"{error.article}.md").exists(), error.article
        assert error.name["en"] and error.name["zh"]
