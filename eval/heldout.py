"""Read the held-out evaluation sets in ``eval/heldout/``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

HELDOUT_DIR = Path(__file__).resolve().parent / "heldout"


@dataclass(frozen=True)
class Example:
    """One held-out message with its expected label and language."""

    text: str
    label: str
    language: str


def load_nlu_examples(language: str, directory: Path = HELDOUT_DIR) -> list[Example]:
    """Return the held-out intent examples of one language (``nlu_<lang>.yml``)."""
    data = yaml.safe_load((directory / f"nlu_{language}.yml").read_text(encoding="utf-8"))
    examples = []
    for block in data["nlu"]:
        for line in block["examples"].splitlines():
            line = line.strip()
            if line.startswith("- "):
                examples.append(Example(line[2:].strip(), block["intent"], language))
    return examples


def load_kb_questions(directory: Path = HELDOUT_DIR) -> tuple[list[Example], list[Example]]:
    """Return (in-scope questions labelled with their article, out-of-scope questions)."""
    data = yaml.safe_load((directory / "kb_questions.yml").read_text(encoding="utf-8"))
    in_scope = [
        Example(question, entry["article"], language)
        for entry in data["in_scope"]
        for language in ("en", "zh")
        for question in entry.get(language, [])
    ]
    out_of_scope = [
        Example(question, "", language)
        for language in ("en", "zh")
        for question in data["out_of_scope"].get(language, [])
    ]
    return in_scope, out_of_scope
