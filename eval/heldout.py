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


OUT_OF_SCOPE_KINDS = ("price", "other_company", "off_topic")


@dataclass(frozen=True)
class RealisticExample:
    """One realistic held-out message: its main intent, any second matter, its article."""

    text: str
    intent: str
    language: str
    also: tuple[str, ...] = ()  # intents of a second matter in the same message
    article: str = ""  # the article that clearly answers it, "" when none was named
    kind: str = ""  # out_of_scope only: one of OUT_OF_SCOPE_KINDS

    @property
    def label(self) -> str:
        """The expected intent, under the name the intent figures read (``Example.label``)."""
        return self.intent

    @property
    def in_scope(self) -> bool:
        """Whether the desk should take the message up at all."""
        return self.intent != "out_of_scope"


def load_realistic_examples(language: str, directory: Path = HELDOUT_DIR
                            ) -> list[RealisticExample]:
    """Return the realistic held-out messages of one language (``realistic_<lang>.yml``).

    Raises ``ValueError`` for a file of another language or an example the format does not
    allow (no text or intent, an out_of_scope message without a known ``kind``).
    """
    path = directory / f"realistic_{language}.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if data.get("language") != language:
        raise ValueError(f"{path.name} says language {data.get('language')!r}, not {language!r}")
    examples = []
    for number, entry in enumerate(data["examples"], start=1):
        text, intent = str(entry.get("text") or "").strip(), entry.get("intent")
        kind = entry.get("kind") or ""
        if not text or not intent:
            raise ValueError(f"{path.name}, example {number}: needs a text and an intent")
        if intent == "out_of_scope" and kind not in OUT_OF_SCOPE_KINDS:
            raise ValueError(f"{path.name}, example {number}: out_of_scope needs a kind "
                             f"({', '.join(OUT_OF_SCOPE_KINDS)}), not {kind!r}")
        examples.append(RealisticExample(text, intent, language, tuple(entry.get("also") or ()),
                                         entry.get("article") or "", kind))
    return examples
