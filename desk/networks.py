"""The networks the exchange supports, read from ``data/networks.yml``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

DEFAULT_NETWORKS_FILE = Path(__file__).resolve().parent.parent / "data" / "networks.yml"


@dataclass(frozen=True)
class Network:
    """One blockchain network and what the exchange requires of deposits on it."""

    code: str
    name: str
    confirmations: int
    usual_minutes: int
    overdue_minutes: int
    tx_format: str
    memo: str | None
    coins: tuple[str, ...]
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class NetworkCatalog:
    """All supported networks, with lookups by code, alias and coin."""

    networks: dict[str, Network]

    def get(self, code: str | None) -> Network | None:
        """Return the network with this code (case-insensitive), if any."""
        return self.networks.get((code or "").upper())

    @property
    def coins(self) -> set[str]:
        """Every coin ticker supported on at least one network."""
        return {coin for network in self.networks.values() for coin in network.coins}

    def networks_for_coin(self, coin: str) -> list[Network]:
        """Return the networks that carry this coin."""
        return [n for n in self.networks.values() if coin.upper() in n.coins]

    def find_network(self, text: str) -> Network | None:
        """Return the network named in the text, preferring the longest alias."""
        span = self.find_network_span(text)
        return span[0] if span else None

    def find_network_span(self, text: str) -> tuple[Network, int, int] | None:
        """Return the network named in the text and where, preferring the longest alias."""
        lowered = text.lower()
        best: tuple[Network, int, int] | None = None
        for network in self.networks.values():
            for alias in (network.code.lower(), *network.aliases):
                match = _mention(lowered, alias)
                if match and (best is None or match[1] - match[0] > best[2] - best[1]):
                    best = (network, match[0], match[1])
        return best

    def find_coin(self, text: str) -> str | None:
        """Return the coin ticker named in the text, if it is one we support."""
        span = self.find_coin_span(text)
        return span[0] if span else None

    def find_coin_span(self, text: str) -> tuple[str, int, int] | None:
        """Return the supported coin named in the text and where."""
        for match in re.finditer(r"(?<![A-Za-z])[A-Za-z]{2,6}(?![A-Za-z])", text):
            if match.group(0).upper() in self.coins:
                return match.group(0).upper(), match.start(), match.end()
        lowered = text.lower()
        for word, coin in _COIN_WORDS.items():
            position = lowered.find(word)
            if position >= 0:
                return coin, position, position + len(word)
        return None


# Names users type for coins instead of the ticker.
_COIN_WORDS = {
    "比特币": "BTC",
    "大饼": "BTC",
    "以太币": "ETH",
    "姨太": "ETH",
    "泰达币": "USDT",
    "u币": "USDT",
    "莱特币": "LTC",
    "瑞波": "XRP",
    "波场币": "TRX",
    "tether": "USDT",
    "bitcoin": "BTC",
    "ether": "ETH",
    "litecoin": "LTC",
}


def _mention(lowered_text: str, alias: str) -> tuple[int, int] | None:
    if re.search(r"[\u4e00-\u9fff]", alias):
        position = lowered_text.find(alias)
        return (position, position + len(alias)) if position >= 0 else None
    # Latin aliases must stand as whole words: "eth" must not match "method".
    match = re.search(rf"(?<![a-z0-9]){re.escape(alias)}(?![a-z0-9])", lowered_text)
    return match.span() if match else None


@lru_cache(maxsize=4)
def load_networks(path: Path = DEFAULT_NETWORKS_FILE) -> NetworkCatalog:
    """Load the network catalog from a YAML file."""
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))["networks"]
    networks = {
        code.upper(): Network(
            code=code.upper(),
            name=spec["name"],
            confirmations=int(spec["confirmations"]),
            usual_minutes=int(spec["usual_minutes"]),
            overdue_minutes=int(spec["overdue_minutes"]),
            tx_format=spec["tx_format"],
            memo=spec.get("memo"),
            coins=tuple(c.upper() for c in spec["coins"]),
            aliases=tuple(str(a).lower() for a in spec.get("aliases", [])),
        )
        for code, spec in raw.items()
    }
    return NetworkCatalog(networks)
