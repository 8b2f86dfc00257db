"""Remove seed phrases and private keys from text before it is stored, logged or forwarded.

What counts as a secret:
- a BIP39 seed phrase: 12 or more consecutive words of the English wordlist (checksum or
  not: a phrase with a typo is still someone's phrase), or 12 or more characters of the
  Chinese wordlists written apart from each other;
- a private key: 64 hex characters with or without ``0x``, a WIF key (base58, 51-52
  characters starting with 5, K or L), an extended private key (``xprv``/``tprv``...).

A 64-hex string is also what a transaction hash looks like. It is kept as a hash only
when the message says so (tx, hash, TxID, 哈希, 交易...) or the bot has just asked for a
transaction hash; anywhere else it is treated as a key. Redacting a hash by mistake costs
the user a retry; storing a key would cost them their funds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

PLACEHOLDER = "[redacted]"

_HEX64 = re.compile(r"(?<![0-9A-Za-z])(?:0x)?[0-9a-fA-F]{64}(?![0-9A-Za-z])")
_BASE58 = "1-9A-HJ-NP-Za-km-z"
_WIF = re.compile(rf"(?<![{_BASE58}])[5KL][{_BASE58}]{{50,51}}(?![{_BASE58}])")
_XPRV = re.compile(rf"\b[xtyzuv]prv[{_BASE58}]{{100,112}}\b")
_HASH_CONTEXT = re.compile(
    r"\b(tx|txid|txn|tx ?hash|hash|transaction|explorer|etherscan|bscscan|tronscan)\b|"
    r"哈希|交易|转账记录|浏览器", re.IGNORECASE)
_KEY_CONTEXT = re.compile(r"private|priv ?key|secret key|私钥|密钥", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z]+")


@dataclass(frozen=True)
class Redaction:
    """The cleaned text and what kinds of secret were removed from it."""

    text: str
    found: tuple[str, ...] = field(default_factory=tuple)

    @property
    def had_secret(self) -> bool:
        """Whether anything was removed."""
        return bool(self.found)


@lru_cache(maxsize=1)
def _wordlists() -> tuple[frozenset[str], frozenset[str]]:
    from mnemonic import Mnemonic

    english = frozenset(Mnemonic("english").wordlist)
    chinese = frozenset(Mnemonic("chinese_simplified").wordlist) | frozenset(
        Mnemonic("chinese_traditional").wordlist
    )
    return english, chinese


def _redact_english_phrases(text: str) -> tuple[str, bool]:
    english, _ = _wordlists()
    words = list(_WORD.finditer(text))
    spans: list[tuple[int, int]] = []
    run: list[re.Match[str]] = []
    for word in words + [None]:
        # A run continues while the words are wordlist words separated only by spaces,
        # commas, numbers ("1. abandon 2. ability") or line breaks.
        if word is not None and word.group(0).lower() in english and (
            not run or re.fullmatch(r"[\s,.;:\d()\-]*", text[run[-1].end():word.start()])
        ):
            run.append(word)
            continue
        if len(run) >= 12:
            spans.append((run[0].start(), run[-1].end()))
        run = [word] if word is not None and word.group(0).lower() in english else []
    for start, end in reversed(spans):
        text = text[:start] + PLACEHOLDER + text[end:]
    return text, bool(spans)


# Chinese phrases are written as single characters with separators ("桂 徽 的 抬 ..."). The
# Chinese wordlists hold the 2,048 most common characters, so an ordinary sentence without
# separators must never count as a phrase.
_CJK_RUN = re.compile(r"(?:[\u4e00-\u9fff][\s,，、]+){11,}[\u4e00-\u9fff]")


def _redact_chinese_phrases(text: str) -> tuple[str, bool]:
    _, chinese = _wordlists()
    found = False

    def replace(match: re.Match[str]) -> str:
        nonlocal found
        if all(c in chinese for c in match.group(0) if not c.isspace() and c not in ",，、"):
            found = True
            return PLACEHOLDER
        return match.group(0)

    return _CJK_RUN.sub(replace, text), found


def redact(text: str, expecting_tx_hash: bool = False) -> Redaction:
    """Return the text with seed phrases and private keys replaced by ``[redacted]``."""
    found: list[str] = []
    text, had = _redact_english_phrases(text)
    if had:
        found.append("seed_phrase")
    text, had = _redact_chinese_phrases(text)
    if had and "seed_phrase" not in found:
        found.append("seed_phrase")
    for pattern, kind in ((_XPRV, "extended_private_key"), (_WIF, "wif_private_key")):
        text, count = pattern.subn(PLACEHOLDER, text)
        if count:
            found.append(kind)
    hash_context = expecting_tx_hash or bool(_HASH_CONTEXT.search(text))
    keep_hashes = hash_context and not _KEY_CONTEXT.search(text)
    if not keep_hashes:
        text, count = _HEX64.subn(PLACEHOLDER, text)
        if count:
            found.append("hex_private_key")
    return Redaction(text, tuple(found))
