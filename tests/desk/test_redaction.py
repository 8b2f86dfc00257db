import pytest
from mnemonic import Mnemonic

from desk.redaction import PLACEHOLDER, redact

TX = "5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060"


@pytest.mark.parametrize("strength", [128, 256])
def test_english_seed_phrases_are_removed(strength):
    phrase = Mnemonic("english").generate(strength)
    result = redact(f"support asked for my seed: {phrase} is that ok?")
    assert " ".join(phrase.split()[1:-1]) not in result.text
    assert PLACEHOLDER in result.text and "seed_phrase" in result.found
    assert result.text.startswith("support asked for my") and result.text.endswith("ok?")


def test_a_phrase_with_a_bad_checksum_is_still_a_phrase():
    words = Mnemonic("english").generate(128).split()
    words[-1] = "zoo" if words[-1] != "zoo" else "abandon"
    assert redact(" ".join(words)).had_secret


def test_numbered_phrase_over_lines():
    words = Mnemonic("english").generate(128).split()
    text = "\n".join(f"{i}. {w}" for i, w in enumerate(words, 1))
    assert redact(text).had_secret


def test_chinese_phrases_are_removed_but_chinese_sentences_are_not():
    phrase = Mnemonic("chinese_simplified").generate(128)
    assert redact(f"助记词 {phrase}").had_secret
    assert not redact("我的充币一直没有到账怎么办呢请帮我看看是什么原因").had_secret


@pytest.mark.parametrize(
    "key",
    [
        "0x" + "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318",
        "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318",
        "5HueCGU8rMjxEXxiPuD5BDku4MkFqeZyd4dZ1jvhTVqvbTLvyTJ",
        "KwDiBf89QgGbjEhKnhXJuH7LrciVrZi3qYjgd9M7rFU73sVHnoWn",
        "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHi",
    ],
)
def test_private_keys_are_removed(key):
    result = redact(f"here is my key {key} thanks")
    assert key not in result.text and result.had_secret


def test_a_transaction_hash_survives_when_it_is_one():
    assert redact(f"txid {TX}").text == f"txid {TX}"
    assert redact(f"交易哈希 0x{TX}").text == f"交易哈希 0x{TX}"
    assert redact(TX, expecting_tx_hash=True).text == TX
    # the same string alone, or called a key, is treated as a key
    assert not redact(TX).text.count(TX)
    assert redact(f"my private key, not the tx: {TX}").had_secret


def test_ordinary_text_is_untouched():
    text = "I want to abandon this order because the ability to withdraw is absent today"
    assert redact(text).text == text and not redact(text).had_secret
