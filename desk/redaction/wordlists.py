"""The BIP39 wordlists the ``mnemonic`` package ships, in matching form, with a typo index."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from desk.redaction.normalise import fold

# How the words of each script are written and matched: Latin and Cyrillic words are folded
# (case, accents); kana and Hangul words are compared in NFKC form; Chinese is one character
# per word and has its own rules (desk/redaction/chinese.py).
ALPHA, KANA, HANGUL, HAN = "alpha", "kana", "hangul", "han"
# mnemonic 0.21's Russian list holds one word with its letter lost (U+FFFD twice); wallets
# built on that list show it so, others write the word it was.
_REPAIRED = {"сно\ufffd\ufffdа": "снова"}
_SCRIPTS = {"japanese": KANA, "korean": HANGUL, "chinese_simplified": HAN,
            "chinese_traditional": HAN}


@dataclass(frozen=True)
class Wordlist:
    """One language's 2,048 words in matching form."""

    language: str
    script: str
    bit: int
    words: frozenset[str]
    min_len: int
    max_len: int


@lru_cache(maxsize=65536)
def matching_form(word: str, script: str) -> str:
    """Return a word as the matcher compares it."""
    if word.isascii():
        return word.lower()
    word = unicodedata.normalize("NFKC", word)
    return fold(word) if script == ALPHA else word


class Lexicon:
    """Every wordlist, with the language(s) each word belongs to and a typo index."""

    def __init__(self, lists: dict[str, list[str]]) -> None:
        self.wordlists: list[Wordlist] = []
        self.exact: dict[str, int] = {}
        for bit_index, language in enumerate(sorted(lists)):
            script = _SCRIPTS.get(language, ALPHA)
            words = frozenset(matching_form(w, script) for word in lists[language]
                              for w in (word, _REPAIRED.get(word, word)))
            wordlist = Wordlist(language, script, 1 << bit_index, words,
                                min(map(len, words)), max(map(len, words)))
            self.wordlists.append(wordlist)
            if script == HAN:
                continue
            for word in words:
                self.exact[word] = self.exact.get(word, 0) | wordlist.bit
        # Each alpha word under every form with one letter left out: a typed word is within one
        # edit of a wordlist word when the two share the word itself or one of these forms.
        deletions: dict[str, set[str]] = {}
        for wordlist in self.wordlists:
            if wordlist.script == ALPHA:
                for word in wordlist.words:
                    for i in range(len(word)):
                        deletions.setdefault(word[:i] + word[i + 1:], set()).add(word)
        # Tuples of strings, not sets: the garbage collector stops tracking them, so a full
        # collection does not walk 90,000 containers on some unlucky message.
        self._deletions = {key: tuple(words) for key, words in deletions.items()}
        self._fuzzy_cache: dict[str, int] = {}
        self._segment_cache: dict[tuple[str, int], int] = {}

    def by_script(self, script: str) -> list[Wordlist]:
        """Return the wordlists written in one script."""
        return [w for w in self.wordlists if w.script == script]

    def fuzzy(self, word: str) -> int:
        """Return the languages with a word one typo (edit or swap) away from ``word``."""
        cached = self._fuzzy_cache.get(word)
        if cached is not None:
            return cached
        candidates = set(self._deletions.get(word, ()))
        for i in range(len(word)):
            shorter = word[:i] + word[i + 1:]
            if shorter in self.exact:
                candidates.add(shorter)
            candidates.update(self._deletions.get(shorter, ()))
        mask = 0
        for candidate in candidates:
            if candidate != word and _one_edit_apart(word, candidate):
                mask |= self.exact[candidate]
        if len(self._fuzzy_cache) > 100_000:
            self._fuzzy_cache.clear()
        self._fuzzy_cache[word] = mask
        return mask

    def segment(self, word: str, wordlist: Wordlist) -> int:
        """Return how many wordlist words ``word`` is made of when written together, or 0."""
        key = (word, wordlist.bit)
        cached = self._segment_cache.get(key)
        if cached is None:
            if len(self._segment_cache) > 100_000:
                self._segment_cache.clear()
            cached = self._segment_cache[key] = _segment(word, wordlist)
        return cached


def _segment(word: str, wordlist: Wordlist) -> int:
    """The fewest wordlist words that make up ``word`` exactly, or 0."""
    n = len(word)
    fewest = [0] + [-1] * n
    for end in range(1, n + 1):
        for length in range(wordlist.min_len, min(wordlist.max_len, end) + 1):
            start = end - length
            if fewest[start] >= 0 and word[start:end] in wordlist.words and (
                    fewest[end] < 0 or fewest[start] + 1 < fewest[end]):
                fewest[end] = fewest[start] + 1
    return max(fewest[n], 0)


def _one_edit_apart(a: str, b: str) -> bool:
    """Whether one substitution, insertion, deletion or swap of neighbours turns a into b."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) < len(b):
        return a[i:] == b[i + 1:]
    if a[i + 1:] == b[i + 1:]:
        return True
    return i + 1 < len(a) and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2:] == b[i + 2:]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """Return the lexicon of every wordlist ``mnemonic`` ships (built once, on first use)."""
    from mnemonic import Mnemonic

    return Lexicon({language: Mnemonic(language).wordlist for language in Mnemonic.list_languages()})
