"""Check a transaction hash against the format of the network it was sent on."""

from __future__ import annotations

import re
from dataclasses import dataclass

_HEX = re.compile(r"^[0-9a-fA-F]+$")
_BASE58 = re.compile(r"^[1-9A-HJ-NP-Za-km-z]+$")
_BASE64URL = re.compile(r"^[A-Za-z0-9_\-+/=]+$")

# Anything in a message that could be someone's attempt at a hash.
HASH_CANDIDATE = re.compile(r"(?<![A-Za-z0-9])(?:0x)?[A-Za-z0-9_\-+/=]{30,120}(?![A-Za-z0-9])")


@dataclass(frozen=True)
class HashCheck:
    """The verdict on one hash: valid, or what is wrong with it in both languages."""

    valid: bool
    problem: dict[str, str] | None = None


def _problem(en: str, zh: str) -> HashCheck:
    return HashCheck(valid=False, problem={"en": en, "zh": zh})


def _check_hex64(value: str, network_name: str, allow_0x: bool) -> HashCheck:
    body = value[2:] if value.lower().startswith("0x") else value
    if value.lower().startswith("0x") and not allow_0x:
        return _problem(
            f"A {network_name} transaction ID is 64 hexadecimal characters without the "
            f"'0x' prefix; yours starts with '0x', which is how Ethereum-style hashes look. "
            f"Check that you copied the hash from the right network.",
            f"{network_name} 的交易哈希（TxID）是 64 位十六进制字符，不带 0x 前缀；您发来的以 0x "
            f"开头，这是以太坊类网络的格式。请确认复制的是这个网络上的交易哈希。",
        )
    if not _HEX.match(body):
        bad = sorted({c for c in body if c not in "0123456789abcdefABCDEF"})
        shown = " ".join(f"'{c}'" for c in bad[:5])
        return _problem(
            f"A {network_name} transaction ID only contains the characters 0-9 and a-f; "
            f"yours also contains {shown}. It may be an address or a hash from another network.",
            f"{network_name} 的交易哈希只包含 0-9 和 a-f；您发来的还包含 {shown}，"
            f"可能是地址或其他网络的哈希。",
        )
    if len(body) != 64:
        return _problem(
            f"A {network_name} transaction ID is exactly 64 hexadecimal characters; yours has "
            f"{len(body)}. Part of it may be missing: copy it again from the sending wallet.",
            f"{network_name} 的交易哈希正好是 64 位十六进制字符；您发来的是 {len(body)} 位，"
            f"可能没有复制完整，请从转出钱包重新复制。",
        )
    return HashCheck(valid=True)


def _check_evm(value: str, network_name: str) -> HashCheck:
    if not value.lower().startswith("0x"):
        if _HEX.match(value) and len(value) == 64:
            return HashCheck(valid=True)  # wallets sometimes drop the prefix
        return _problem(
            f"A {network_name} transaction hash starts with '0x' followed by 64 hexadecimal "
            f"characters (0-9, a-f). Yours does not start with '0x'.",
            f"{network_name} 的交易哈希以 0x 开头，后面是 64 位十六进制字符（0-9、a-f）。"
            f"您发来的不是以 0x 开头。",
        )
    result = _check_hex64(value, network_name, allow_0x=True)
    if not result.valid and len(value) == 42:
        return _problem(
            "That looks like a wallet address (0x + 40 characters), not a transaction hash "
            "(0x + 64 characters). In your wallet's history, open the transfer and copy its "
            "transaction hash.",
            "这看起来是钱包地址（0x + 40 位），不是交易哈希（0x + 64 位）。请在钱包记录里打开这笔"
            "转账，复制它的交易哈希。",
        )
    return result


def _check_solana(value: str, network_name: str) -> HashCheck:
    if not _BASE58.match(value):
        return _problem(
            f"A {network_name} transaction signature uses base58 letters and digits only "
            f"(no 0, O, I or l, no '0x'); yours contains other characters.",
            f"{network_name} 的交易签名只使用 base58 字符（没有 0、O、I、l，也没有 0x 前缀）；"
            f"您发来的包含其他字符。",
        )
    if not 64 <= len(value) <= 88:
        return _problem(
            f"A {network_name} transaction signature is 87 or 88 characters long; yours has "
            f"{len(value)}. Copy it again from the explorer or your wallet.",
            f"{network_name} 的交易签名一般是 87 或 88 个字符；您发来的是 {len(value)} 个，"
            f"请从浏览器或钱包重新复制。",
        )
    return HashCheck(valid=True)


def _check_ton(value: str, network_name: str) -> HashCheck:
    if _HEX.match(value) and len(value) == 64:
        return HashCheck(valid=True)
    if _BASE64URL.match(value) and len(value) == 44:
        return HashCheck(valid=True)
    return _problem(
        f"A {network_name} transaction hash is 64 hexadecimal characters, or 44 characters in "
        f"base64 as some explorers show it; yours has {len(value)} characters.",
        f"{network_name} 的交易哈希是 64 位十六进制字符，或部分浏览器显示的 44 位 base64 格式；"
        f"您发来的是 {len(value)} 个字符。",
    )


def check_tx_hash(value: str, tx_format: str, network_name: str) -> HashCheck:
    """Say whether ``value`` is a well-formed transaction hash for the network.

    ``tx_format`` comes from ``data/networks.yml``: ``evm`` (0x + 64 hex), ``hex64``
    (Bitcoin-style and TRON: 64 hex, no prefix), ``solana`` (base58 signature) or ``ton``.
    """
    value = value.strip()
    if tx_format == "evm":
        return _check_evm(value, network_name)
    if tx_format == "hex64":
        return _check_hex64(value, network_name, allow_0x=False)
    if tx_format == "solana":
        return _check_solana(value, network_name)
    if tx_format == "ton":
        return _check_ton(value, network_name)
    raise ValueError(f"unknown tx_format {tx_format!r}")


def find_hash_candidate(text: str) -> str | None:
    """Return the longest token in the text that looks like an attempt at a hash."""
    candidates = [m.group(0) for m in HASH_CANDIDATE.finditer(text)]
    candidates = [c for c in candidates if sum(ch.isdigit() for ch in c) >= 4]
    return max(candidates, key=len) if candidates else None
