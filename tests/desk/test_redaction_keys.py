"""Private keys, key files and their passwords are removed; addresses, ids and hashes stay."""

import hashlib
import json
import random

import pytest

from desk.redaction import PLACEHOLDER, Redaction, redact
from desk.redaction.ed25519 import is_keypair, public_key
from eval.redaction import (
    b58check,
    b58encode,
    extended_key,
    keystore,
    mini_key,
    pem,
    solana_keypair,
    wif,
)

RNG = random.Random(7)
SOLANA = solana_keypair(RNG)


@pytest.mark.parametrize(("seed", "public"), [
    # RFC 8032, section 7.1, tests 1 and 2
    ("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
     "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"),
    ("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
     "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c"),
])
def test_ed25519_public_keys_match_rfc_8032(seed, public):
    assert public_key(bytes.fromhex(seed)).hex() == public


def test_ed25519_agrees_with_cryptography():
    ed25519 = pytest.importorskip("cryptography.hazmat.primitives.asymmetric.ed25519")
    for _ in range(5):
        seed = RNG.randbytes(32)
        expected = ed25519.Ed25519PrivateKey.from_private_bytes(seed).public_key().public_bytes_raw()
        assert public_key(seed) == expected


@pytest.mark.parametrize(("key", "kind"), [
    ("4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318", "hex_private_key"),
    ("5HueCGU8rMjxEXxiPuD5BDku4MkFqeZyd4dZ1jvhTVqvbTLvyTJ", "wif_private_key"),
    ("KwDiBf89QgGbjEhKnhXJuH7LrciVrZi3qYjgd9M7rFU73sVHnoWn", "wif_private_key"),
    (wif(RNG, testnet=True), "wif_private_key"),
    (wif(RNG, testnet=True), "wif_private_key"),
    *[(extended_key(RNG, prefix), "extended_private_key")
      for prefix in ("xprv", "tprv", "yprv", "zprv", "Yprv", "Zprv", "uprv", "vprv", "Uprv", "Vprv")],
    (mini_key(RNG), "mini_private_key"),
    ("SzavMBLoXU6kDrqtUVmffv", "mini_private_key"),  # the 22-character example of the wiki
    (b58encode(SOLANA), "solana_private_key"),
    (json.dumps(list(SOLANA)), "solana_private_key"),
    (json.dumps(list(SOLANA), separators=(",", ":")), "solana_private_key"),
    (SOLANA.hex(), "solana_private_key"),
])
def test_each_key_format_is_removed(key, kind):
    for text in (f"here is my key {key} thanks", f"私钥：{key}", key):
        result = redact(text)
        assert key not in result.text and kind in result.found, text


def test_testnet_wif_keys_are_generated_right():
    key = wif(random.Random(1), testnet=True)
    assert key[0] in "9c" and len(key) in (51, 52)


def test_a_key_written_in_full_width_or_with_zero_width_characters():
    key = "KwDiBf89QgGbjEhKnhXJuH7LrciVrZi3qYjgd9M7rFU73sVHnoWn"
    wide = key.translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)})
    assert redact(f"key {wide}").text == f"key {PLACEHOLDER}"
    assert redact(f"key {key[:20]}\u200b{key[20:]}").text == f"key {PLACEHOLDER}"


@pytest.mark.parametrize("indent", [None, 2])
def test_an_ethereum_keystore_file_is_removed_whole(indent):
    document, ciphertext = keystore(RNG)
    document = json.dumps(json.loads(document), indent=indent)
    result = redact(f"my wallet file:\n{document}\nwhat do I do with it")
    assert result.text == f"my wallet file:\n{PLACEHOLDER}\nwhat do I do with it"
    assert result.found == ("keystore",)


def test_a_keystore_pasted_without_its_opening_brace():
    document, ciphertext = keystore(RNG)
    result = redact("here:\n" + document[document.index('"crypto"'):])
    assert ciphertext not in result.text and "keystore" in result.found


@pytest.mark.parametrize("said", ["the password is {p}", "password: {p}", "pwd={p}", "密码是 {p}",
                                  "密码：{p}", 'password is "{p}"', "Password was {p}."])
def test_the_password_sent_with_a_keystore(said):
    document, _ = keystore(RNG)
    result = redact(f"{document}\n{said.format(p='hunter')}")
    assert "hunter" not in result.text and "password" in result.found


def test_a_password_that_looks_like_one_is_removed_anywhere():
    assert redact("my password is Tr0ub4dor&3").text == f"my password is {PLACEHOLDER}"
    assert redact("登录密码是 qwe123456").text == f"登录密码是 {PLACEHOLDER}"


@pytest.mark.parametrize("text", ["my password is wrong even though I just reset it",
                                  "password: incorrect", "密码是对的，但是一直提示密码错误",
                                  "the password reset email never arrives", "密码错误次数太多账户被锁了",
                                  "password must have 8 characters"])
def test_ordinary_talk_about_passwords_survives(text):
    assert redact(text) == Redaction(text)


@pytest.mark.parametrize("cut_short", [False, True])
def test_pem_private_keys(cut_short):
    block, body = pem(RNG)
    if cut_short:
        block = block.split("-----END")[0]
    result = redact(f"server key:\n{block}\nis it ok")
    assert body[:64] not in result.text and result.found == ("pem_private_key",)


def test_public_keys_and_certificates_survive():
    text = "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----"
    assert redact(text) == Redaction(text)


ADDRESSES = [
    "0x52908400098527886E0F7030069857D2E4169EE7",  # Ethereum
    b58check(b"\x41" + bytes(range(20))),  # TRON, T + 33
    b58check(b"\x00" + bytes(range(1, 21))),  # BTC 1...
    b58check(b"\x05" + bytes(range(2, 22))),  # BTC 3...
    "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
    "bc1p5d7rjq7g6rdk2yhzks9smlaqtedr4dekq08ge8ztwac72sfr9rusxg3297",
    "xpub6CUGRUonZSQ4TWtTMmzXdrXDtypWKiKrhko4egpiMZbpiaQL2jkwSB1icqYh2cfDfVxdx4df189oLKnC5fSwqPfgyP3hooxujYzAu3fDVmz",
    "7EcDhSYGxXyscszYEp35KHN8vvw3svAuLKTzXwCFLtV",  # Solana address
    "KX-20261123-0042", "UID 12345678", "order 1896541237790214144",
]


@pytest.mark.parametrize("value", ADDRESSES)
def test_addresses_and_ids_survive(value):
    for text in (f"I sent it to {value} an hour ago", f"地址 {value} 对吗", value):
        assert redact(text) == Redaction(text)


def test_a_solana_signature_is_not_a_keypair():
    signature = b58encode(RNG.randbytes(64))
    assert not is_keypair(RNG.randbytes(64))
    assert redact(f"Solana deposit missing, signature {signature}").text.endswith(signature)
    assert redact(signature).text == signature
    # called a private key, a 64-byte string is taken for one even without the proof
    assert redact(f"my phantom private key {signature}").had_secret


def test_a_mini_key_needs_its_check():
    candidate = "S" + "1" * 29
    assert hashlib.sha256(candidate.encode() + b"?").digest()[0] != 0
    assert redact(f"code {candidate}").text == f"code {candidate}"
