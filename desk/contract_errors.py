"""Recognise the smart-contract errors users paste, from ``data/contract_errors.yml``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

DEFAULT_ERRORS_FILE = Path(__file__).resolve().parent.parent / "data" / "contract_errors.yml"


@dataclass(frozen=True)
class ContractError:
    """A known error: its id, the article that explains it and its name per language."""

    id: str
    article: str
    name: dict[str, str]
    patterns: tuple[re.Pattern[str], ...]


@lru_cache(maxsize=4)
def load_contract_errors(path: Path = DEFAULT_ERRORS_FILE) -> tuple[ContractError, ...]:
    """Load the known errors, in the order they are tried."""
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))["errors"]
    return tuple(
        ContractError(
            id=entry["id"],
            article=entry["article"],
            name=dict(entry["name"]),
            patterns=tuple(re.compile(p, re.IGNORECASE) for p in entry["patterns"]),
        )
        for entry in raw
    )


def recognise_error(text: str, errors: tuple[ContractError, ...] | None = None) -> ContractError | None:
    """Return the first known error whose pattern occurs in the text."""
    for error in errors if errors is not None else load_contract_errors():
        if any(pattern.search(text) for pattern in error.patterns):
            return error
    return None
