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
    ],
)
def test_recognises_pasted_errors(pasted, error_id):
    assert recognise_error(pasted).id == error_id


def test_unrelated_text_is_not_an_error():
    assert recognise_error("how do I set an anti-phishing code") is None


def test_every_error_points_to_an_existing_article():
    from kb_index.settings import KBSettings

    faq_dir = KBSettings().faq_dir
    for error in load_contract_errors():
        assert (faq_dir / f"{error.article}.md").exists(), error.article
        assert error.name["en"] and error.name["zh"]
