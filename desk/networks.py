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
        lowered = text.lower()
        best: tuple[int, Network] | None = None
        for network in self.networks.values():
            for alias in (network.code.lower(), *network.aliases):
                if _mentions(lowered, alias) and (best is None or len(alias) > best[0]):
                    best = (len(alias), network)
        return best[1] if best else None

    def find_coin(self, text: str) -> str | None:
        """Return the coin ticker named in the text, if it is one we support."""
        for token in re.findall(r"[A-Za-z]{2,6}", text):
            if token.upper() in self.coins:
                return token.upper()
        lowered = text.lower()
        for word, coin in _COIN_WORDS.items():
            if word in lowered:
                return coin
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
    "瑞波币": "XRP",
    "波场币": "TRX",
    "tether": "USDT",
    "bitcoin": "BTC",
    "ether": "ETH",
    "litecoin": "LTC",
}


def _mentions(lowered_text: str, alias: str) -> bool:
    if re.search(r"[\u4e00-\u9fff]", alias):
        return alias in lowered_text
    # Latin aliases must stand as whole words: "eth" must not match "method".
    return re.search(rf"(?<![a-z0-9]){re.escape(alias)}(?![a-z0-9])", lowered_text) is not None


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
