import pytest

from desk.tx_hash import check_tx_hash, find_hash_candidate

EVM = "0x5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060"
BTC = "f4184fc596403b9d638783cf57adfe4c75c605f6356fbc91338530e9831e9e16"
SOLANA = "5VERv8NMvzbJMEkV8xnrLkEaWRtSz9CosKDYjCJjBRnbJLgp8uirBgmQpjKhoR4tjF3ZpRzrFmBV6UjKdiSZkQUW"


@pytest.mark.parametrize(
    ("value", "tx_format"),
    [
        (EVM, "evm"),
        (EVM[2:], "evm"),  # some wallets drop the prefix
        (BTC, "hex64"),
        (BTC.upper(), "hex64"),
        (SOLANA, "solana"),
        (BTC, "ton"),
        ("Kx3zJGKHl0qtTmIE2BRJ3lWH1Lz-nNvXUoLcLVAeK8k=", "ton"),
    ],
)
def test_well_formed_hashes_pass(value, tx_format):
    assert check_tx_hash(value, tx_format, "Network").valid


@pytest.mark.parametrize(
    ("value", "tx_format", "says"),
    [
        (EVM[:-2], "evm", "yours has 62"),
        ("0x" + "g" * 64, "evm", "'g'"),
        ("0x71C7656EC7ab88b098defB751B7401B5f6d8976F", "evm", "wallet address"),
        (EVM, "hex64", "without the '0x' prefix"),
        (BTC[:40] + "zz" + BTC[42:], "hex64", "'z'"),
        (BTC + "ab", "hex64", "yours has 66"),
        (SOLANA[:40], "solana", "87 or 88"),
        ("0OIl" + SOLANA[4:], "solana", "base58"),
        ("abc", "ton", "yours has 3"),
    ],
)
def test_malformed_hashes_say_what_is_wrong(value, tx_format, says):
    result = check_tx_hash(value, tx_format, "Network")
    assert not result.valid
    assert says in result.problem["en"]
    assert result.problem["zh"]  # every problem is explained in Chinese too


def test_unknown_format_is_a_programming_error():
    with pytest.raises(ValueError):
        check_tx_hash(BTC, "morse", "Network")


def test_find_hash_candidate_picks_the_hash_out_of_a_sentence():
    assert find_hash_candidate(f"my txid is {EVM}, please check") == EVM
    assert find_hash_candidate(f"哈希是{BTC}帮我查一下") == BTC
    assert find_hash_candidate("my deposit of 250 USDT has not arrived") is None
