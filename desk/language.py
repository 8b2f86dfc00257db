"""Tell English from Simplified Chinese in a chat message."""

from __future__ import annotations

import re

ENGLISH = "en"
CHINESE = "zh"
SUPPORTED = (ENGLISH, CHINESE)

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Hex strings, hashes and addresses say nothing about the language.
_OPAQUE = re.compile(r"\b(?:0x)?[0-9a-fA-F]{16,}\b|\b[1-9A-HJ-NP-Za-km-z]{25,}\b")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")

# Words that appear inside Chinese messages too and so prove nothing on their own.
_NEUTRAL_WORDS = frozenset(
    "usdt usdc btc eth bnb sol trx xrp ton ltc trc erc bep bsc api kyc id ok gas memo tag "
    "txid hash uid vip kst defi nft metamask tron solana polygon arbitrum".split()
)


def detect_language(text: str) -> str | None:
    """Return "zh" or "en" for the message, or None when it carries no signal.

    Any Chinese character makes a message Chinese: Chinese users mix in English terms
    (USDT, TRC20, gas), English users almost never type Chinese. Hashes, coin tickers and
    other neutral tokens are ignored, so "0x5c50..." or "USDT" alone returns None and the
    conversation keeps the language it had.
    """
    if _CJK.search(text):
        return CHINESE
    stripped = _OPAQUE.sub(" ", text)
    words = [w.lower() for w in _LATIN_WORD.findall(stripped)]
    if any(w not in _NEUTRAL_WORDS for w in words):
        return ENGLISH
    return None


def pick(texts: dict[str, str], language: str | None) -> str:
    """Return the text in the given language, falling back to English."""
    return texts.get(language or ENGLISH) or texts[ENGLISH]
