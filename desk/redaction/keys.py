"""Find private keys, key files and their passwords in normalised text.

Each finder returns spans of the normalised text with the kind of secret. The formats:

- 64 hex characters (with or without ``0x``): an Ethereum/Bitcoin private key, but also what
  a transaction hash looks like. Kept as a hash only when the message says so (tx, hash,
  TxID, 哈希, 交易...) or the bot has just asked for one, and never when it says "private key";
- WIF keys: base58, 51 characters starting with 5 (9 on testnet) or 52 starting with K or L
  (c on testnet; the testnet forms must also pass their checksum, being less distinctive);
- extended private keys: xprv/tprv and the SLIP-132 forms yprv, zprv, Yprv, Zprv, uprv, vprv,
  Uprv, Vprv;
- mini private keys (``S`` + 21, 25 or 29 base58 characters that pass the ``?`` check);
- Solana keypairs: 64 bytes as base58 (87-88 characters, fewer with leading zero bytes) or
  128 hex characters, whose second half is the public key of the first; without that proof
  only when called a key (a transaction signature has the same length); and byte arrays of
  32 or 64 numbers 0-255, as ``solana-keygen``'s id.json holds;
- passwords: "password: ..." / "密码是 ..." when the value looks like one, and any value when
  a keystore is in this message or the recent ones (find_passwords);
- Ethereum keystore files (JSON with ``ciphertext``/``cipherparams``/``kdfparams``);
- PEM and PGP private key blocks (``-----BEGIN ... PRIVATE KEY-----``).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator

from desk.redaction.ed25519 import is_keypair

Span = tuple[int, int, str]

_B58 = "1-9A-HJ-NP-Za-km-z"
_B58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_B58_INDEX = {c: i for i, c in enumerate(_B58_ALPHABET)}

_HEX64 = re.compile(r"(?<![0-9A-Za-z])(?:0x)?[0-9a-fA-F]{64}(?![0-9A-Za-z])")
_HEX128 = re.compile(r"(?<![0-9A-Za-z])(?:0x)?[0-9a-fA-F]{128}(?![0-9A-Za-z])")
_WIF = re.compile(rf"(?<![{_B58}])(?:[5][{_B58}]{{50}}|[KL][{_B58}]{{51}})(?![{_B58}])")
_TESTNET_WIF = re.compile(rf"(?<![{_B58}])(?:9[{_B58}]{{50}}|c[{_B58}]{{51}})(?![{_B58}])")
_EXTENDED = re.compile(rf"(?<![{_B58}])[xtyzuvYZUV]prv[{_B58}]{{100,112}}(?![{_B58}])")
_MINI = re.compile(rf"(?<![{_B58}])S(?:[{_B58}]{{29}}|[{_B58}]{{25}}|[{_B58}]{{21}})(?![{_B58}])")
_BASE58_64 = re.compile(rf"(?<![{_B58}])[{_B58}]{{64,90}}(?![{_B58}])")  # 64 bytes: 87-88 usually
_BYTES = re.compile(r"\[?\s*(?:\d{1,3}\s*,\s*){31,}\d{1,3}\s*\]?")
_PEM = re.compile(
    r"-{3,}\s*BEGIN[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?\s*-{3,}.*?"
    r"(?:-{3,}\s*END[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?\s*-{3,}|\Z)", re.DOTALL | re.IGNORECASE)
_KEYSTORE_FIELD = re.compile(r"[\"']?(?:ciphertext|cipherparams|kdfparams)[\"']?\s*:", re.IGNORECASE)
_PASSWORD = re.compile(
    r"(?:\b(?:pass ?word|passphrase|passcode|pwd)\b\s*(?:(?:is|was)\b\s*[:=：]?|[:=：])"
    r"|(?:密码|密碼|口令)\s*(?:是|为|為|:|：|=))"
    r"\s*(?:[\"'“‘「](?P<quoted>[^\"'”’」\n]{1,64})[\"'”’」]|(?P<bare>[^\s\"'”，,。;；]{4,64}))",
    re.IGNORECASE)
# Words that follow "password" in ordinary messages ("my password is wrong").
_NOT_PASSWORDS = frozenset(
    "wrong incorrect correct right invalid expired reset changed forgotten forgot lost not none "
    "required needed ok okay fine same different weak strong too also still again now here there "
    "does doesn't doesnt isn't isnt wasn't field manager protected change please and or the"
    .split())

_KEY_FILE_WORDS = ("ciphertext", "cipherparams", "kdfparams", "keystore", "utc--", "wallet file",
                   "json file", "钱包文件", "密钥库")

HASH_CONTEXT = re.compile(
    r"(?<![A-Za-z])(tx|txid|txn|tx ?hash|hash|transaction|explorer|etherscan|bscscan|tronscan"
    r"|solscan|signature)(?![A-Za-z])|哈希|交易|转账记录|浏览器|签名", re.IGNORECASE)
KEY_CONTEXT = re.compile(r"private|priv ?key|secret key|keypair|id\.json|私钥|密钥|秘钥",
                         re.IGNORECASE)


def find_keys(text: str, keep_hashes: bool, key_context: bool) -> list[Span]:
    """Return the spans of private keys and key files in normalised text."""
    spans: list[Span] = []
    spans += [(m.start(), m.end(), "pem_private_key") for m in _PEM.finditer(text)]
    spans += [(s, e, "keystore") for s, e in _keystores(text)]
    spans += [(m.start(), m.end(), "extended_private_key") for m in _EXTENDED.finditer(text)]
    spans += [(m.start(), m.end(), "wif_private_key") for m in _WIF.finditer(text)]
    spans += [(m.start(), m.end(), "wif_private_key") for m in _TESTNET_WIF.finditer(text)
              if _base58check(m.group())]
    spans += [(m.start(), m.end(), "mini_private_key") for m in _MINI.finditer(text)
              if hashlib.sha256(m.group().encode() + b"?").digest()[0] == 0]
    for match in _BASE58_64.finditer(text):
        data = _base58(match.group())
        if len(data) == 64 and (key_context or is_keypair(data)):
            spans.append((match.start(), match.end(), "solana_private_key"))
    for match in _HEX128.finditer(text):
        if key_context or is_keypair(bytes.fromhex(match.group()[-128:])):
            spans.append((match.start(), match.end(), "solana_private_key"))
    for match in _BYTES.finditer(text):
        numbers = [int(n) for n in re.findall(r"\d+", match.group())]
        if len(numbers) in (32, 64) and max(numbers) <= 255:
            spans.append((match.start(), match.end(), "solana_private_key"))
    if not keep_hashes:
        spans += [(m.start(), m.end(), "hex_private_key") for m in _HEX64.finditer(text)]
    return spans


def find_passwords(text: str, key_file_nearby: bool) -> list[Span]:
    """Return the spans of passwords given in the text ("password: ...", "密码是 ...").

    A value is taken for a password when it looks like one (digits or symbols besides
    letters, or mixed case), or whatever it is when a key file is in this message or the
    recent ones: "my password is wrong" stays.
    """
    key_file_nearby = key_file_nearby or has_key_file(text)
    spans: list[Span] = []
    for match in _PASSWORD.finditer(text):
        group = "quoted" if match.group("quoted") is not None else "bare"
        value = match.group(group).rstrip(".!?)")
        if value.casefold() in _NOT_PASSWORDS or not value:
            continue
        if key_file_nearby or _looks_like_password(value):
            start = match.start(group)
            spans.append((start, start + len(value), "password"))
    return spans


def has_key_file(text: str) -> bool:
    """Whether the text holds (part of) a keystore file or speaks of one."""
    lowered = text.lower()
    return any(word in lowered for word in _KEY_FILE_WORDS)


def _looks_like_password(value: str) -> bool:
    if len(value) < 6:
        return False
    if not value.isascii():
        return False
    has_letter = any(c.isalpha() for c in value)
    has_other = any(not c.isalpha() for c in value)
    mixed_case = any(c.isupper() for c in value[1:]) and any(c.islower() for c in value)
    return (has_letter and has_other) or mixed_case or value.isdigit()


def _keystores(text: str) -> Iterator[tuple[int, int]]:
    """The JSON objects (outermost braces) holding keystore fields; to the end if unclosed."""
    fields = [m.start() for m in _KEYSTORE_FIELD.finditer(text)]
    if not fields:
        return
    objects = list(_top_level_objects(text))
    for position in fields:
        inside = [(s, e) for s, e in objects if s <= position < e]
        if inside:
            yield inside[0]
        else:  # a keystore pasted without its opening brace: from its line to the end
            yield text.rfind("\n", 0, position) + 1, len(text)


def _top_level_objects(text: str) -> Iterator[tuple[int, int]]:
    depth, start, in_string, escaped = 0, 0, False, False
    for i, char in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"' and depth:
            in_string = True
        elif char == "{":
            if depth == 0:
                start = i
            depth += 1
        elif char == "}" and depth:
            depth -= 1
            if depth == 0:
                yield start, i + 1
    if depth:
        yield start, len(text)


def _base58(value: str) -> bytes:
    number = 0
    for char in value:
        number = number * 58 + _B58_INDEX[char]
    leading = len(value) - len(value.lstrip("1"))
    return b"\0" * leading + number.to_bytes((number.bit_length() + 7) // 8, "big")


def _base58check(value: str) -> bool:
    data = _base58(value)
    return hashlib.sha256(hashlib.sha256(data[:-4]).digest()).digest()[:4] == data[-4:]
