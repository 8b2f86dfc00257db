"""Normalise text for matching while keeping the way back to the characters the user sent.

Matching runs on the NFKC form without invisible characters: full-width letters and digits
become ASCII, NBSP and the ideographic space become spaces, and zero-width spaces, joiners,
BOMs, soft hyphens and direction marks disappear. Every normalised character remembers the
span of original characters it came from, so what is removed is exactly what the user typed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Format characters (Cf: zero-width space/joiners, BOM, soft hyphen, direction marks) and the
# combining marks and conjoining jamo that NFKC composes with the character before them.
_SPECIAL = re.compile(
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064"
    "\u2066-\u206f\ufeff\ufff9-\ufffb\U000e0001\U000e0020-\U000e007f"
    "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f\u3099\u309a\u1100-\u11ff]"
)


# JSON's escapes: a character by its code (full-width digits too), and the line breaks and
# tab of a JSON string, which would otherwise glue an "n" to the next word.
_ESCAPE = re.compile(r"\\(?:[uｕ]([0-9a-fA-F０-９ａ-ｆＡ-Ｆ]{4})|([nrt]))")
_CONTROL = {"n": "\n", "r": "\r", "t": "\t"}


class _NFKCTable(dict):
    """``str.translate`` table mapping each character to its NFKC form, filled on demand."""

    def __missing__(self, codepoint: int) -> str:
        char = chr(codepoint)
        value = "" if unicodedata.category(char) == "Cf" else unicodedata.normalize("NFKC", char)
        self[codepoint] = value
        return value


_TABLE = _NFKCTable()


@dataclass(frozen=True)
class Normalised:
    """A message in matching form, with each character's span in the original text."""

    text: str
    original: str
    starts: tuple[int, ...] | None = None  # None: the same offsets as the original
    ends: tuple[int, ...] | None = None
    invisible: tuple[int, ...] = ()  # where in ``text`` a zero-width character was left out

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Return the span of the original text that ``text[start:end]`` came from."""
        if self.starts is None or self.ends is None:
            return start, end
        if start >= end:
            position = self.starts[start] if start < len(self.starts) else len(self.original)
            return position, position
        return self.starts[start], self.ends[end - 1]


def normalise(text: str) -> Normalised:
    """Return the NFKC form of ``text`` without invisible characters, with its offsets.

    JSON's escapes (``\\uXXXX``, ``\\n``) are read as the characters they stand for.
    """
    escaped = "\\" in text and _ESCAPE.search(text) is not None
    if text.isascii() and not escaped:
        return Normalised(text, text)
    if not escaped and not _SPECIAL.search(text):
        mapped = text.translate(_TABLE)
        if len(mapped) == len(text):  # every character mapped to exactly one
            return Normalised(mapped, text)
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    invisible: list[int] = []
    i, n = 0, len(text)
    while i < n:
        cluster, j = _read(text, i, escaped)
        while j < n:  # combining marks, and the vowels and finals of a Hangul syllable in jamo
            char, after = _read(text, j, escaped)
            while unicodedata.category(char) == "Cf" and after < n:
                char, after = _read(text, after, escaped)  # zero-width inside a letter
            if not (unicodedata.combining(char) or "\u1160" <= char <= "\u11ff"):
                break
            cluster, j = cluster + char, after
        if len(cluster) == 1:
            form = cluster.translate(_TABLE)
        else:
            form = unicodedata.normalize("NFKC", "".join(
                c for c in cluster if unicodedata.category(c) != "Cf"))
        if not form and (not invisible or invisible[-1] != len(starts)):
            invisible.append(len(starts))
        out.append(form)
        starts.extend([i] * len(form))
        ends.extend([j] * len(form))
        i = j
    return Normalised("".join(out), text, tuple(starts), tuple(ends), tuple(invisible))


def _read(text: str, i: int, escaped: bool) -> tuple[str, int]:
    """The character at ``i`` (a JSON escape counts as one) and where the next one starts."""
    if escaped and text[i] == "\\":
        escape = _ESCAPE.match(text, i)
        if escape and escape.group(2):
            return _CONTROL[escape.group(2)], escape.end()
        if escape:
            return chr(int(unicodedata.normalize("NFKC", escape.group(1)), 16)), escape.end()
    return text[i], i + 1


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """Return the matching form of a Latin or Cyrillic word: case-folded, without accents.

    Turkish dotless ı folds to i, as upper case cannot tell them apart (TIPKI is tıpkı).
    """
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().replace("ı", "i")
