"""Find seed phrases written in words: the Latin, Cyrillic, kana and Hangul wordlists.

A message is cut into words: runs of letters of one script, so any run of other characters
(spaces, commas, slashes, pipes, bullets, numbering, JSON quotes, line breaks) separates
them; where a zero-width character stood inside a run, each wordlist cuts it there or not,
whichever makes more of its words. For each wordlist, a word is exact (in the list), a typo
(one edit or swap of neighbours away from a word of the list, three letters or more), a run
of list words written together (``abandonability``), an English word of every sentence
("the", "to", "is": it ends an English stretch), or another word. A phrase is a stretch of
list words with single other words allowed between them:

- 12 words or more, of which at most 2 (or one in six, for long phrases) are not exact;
- 8 to 11 words with at most one that is not exact: most of a phrase is already a secret;
- and not mostly the commonest English words (at most two thirds of 12 or more, three in
  eight of a shorter run): "you approve only what you need now, you approve again next time" is
  twelve wordlist words and a sentence (desk/redaction/english.py).

Ordinary English uses many wordlist words ("you can check that", "please"), but rarely eight
in a row: the rates are in eval/redaction.py's report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from desk.redaction.english import COMMON, GLUE
from desk.redaction.wordlists import ALPHA, HAN, HANGUL, KANA, Lexicon, Wordlist, matching_form

# Accents NFKC leaves apart from their letter (t̀ has no single character): part of the word.
_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3\uf900-\ufaff"
_TOKEN = re.compile(
    rf"(?P<{KANA}>[\u3041-\u309f\u30a0-\u30ff]+)|(?P<{HANGUL}>[\uac00-\ud7a3]+)"
    rf"|(?P<{HAN}>[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+)|(?P<{ALPHA}>(?:[^\W\d_{_CJK}]|[{_MARKS}]|\ufffd)+)"
)

EXACT, TYPO, OTHER, BREAK = "exact", "typo", "other", "break"
PIECE_MIN = 3  # words in one message that may be a piece of a phrase sent in parts
_FUZZY_MIN = 3  # letters of a word that may be a typo of a wordlist word
_TOGETHER_MIN = 8  # letters of a Latin word that may be list words written together
_LONGEST = 30  # words of the longest stretch judged at once: 24 and six typos or others


def _together_min(wordlist: Wordlist) -> int:
    """Letters of a token that may be two or more list words written together."""
    return _TOGETHER_MIN if wordlist.script == ALPHA else 2 * wordlist.min_len


@dataclass(frozen=True)
class Token:
    """A run of letters of one script."""

    script: str
    form: str  # as the wordlists are compared
    start: int
    end: int
    # Where zero-width characters were left out inside it: the pieces between them.
    parts: tuple[tuple[int, int, str], ...] = ()


@dataclass(frozen=True)
class Unit:
    """A token as one wordlist sees it."""

    kind: str
    words: int  # wordlist words it stands for (several when written together)
    start: int
    end: int
    common: bool = False  # one of the commonest English words (desk/redaction/english.py)

    @property
    def good(self) -> bool:
        """Whether it is a wordlist word, exact or mistyped."""
        return self.kind in (EXACT, TYPO)


@dataclass(frozen=True)
class Tally:
    """Counts over a stretch of units: words, exact ones, and common English ones among those."""

    words: int = 0
    exact: int = 0
    common: int = 0

    @property
    def bad(self) -> int:
        """Words that are not exact wordlist words (typos, other words)."""
        return self.words - self.exact

    def add(self, unit: Unit) -> Tally:
        """Return the tally with one more unit."""
        if unit.kind == EXACT:
            return Tally(self.words + unit.words, self.exact + unit.words,
                         self.common + unit.common)
        return Tally(self.words + 1, self.exact, self.common)

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.words + other.words, self.exact + other.exact, self.common + other.common)

    def is_phrase(self) -> bool:
        """Whether these counts make a seed phrase (see the module's docstring)."""
        if self.words >= 12 and self.bad <= max(2, self.words // 6):
            return self.common <= 2 * self.words // 3
        return self.words >= 8 and self.bad <= 1 and self.common <= 3 * self.words // 8


@dataclass(frozen=True)
class Piece:
    """The stretch of a message that may be one part of a phrase sent in several messages."""

    start: int
    end: int
    tally: Tally


def tokenize(text: str, invisible: tuple[int, ...] = ()) -> list[Token]:
    """Cut normalised text into runs of letters of one script, in matching form.

    A run that had zero-width characters inside keeps the pieces between them: for each
    wordlist it is one word or several (``aban\u200bdon``, ``abandon\u200bability``).
    """
    tokens = []
    for match in _TOKEN.finditer(text):
        script = match.lastgroup or ALPHA
        start, end = match.span()
        cuts = [k for k in invisible if start < k < end]
        parts = tuple((a, b, matching_form(text[a:b], script))
                      for a, b in zip([start, *cuts], [*cuts, end], strict=True)) if cuts else ()
        tokens.append(Token(script, matching_form(match.group(), script), start, end, parts))
    return tokens


def _cut(token: Token, wordlist: Wordlist, lexicon: Lexicon) -> list[tuple[int, int, str]]:
    """Join the token's pieces into the most words of the wordlist (a word counts 2, a typo
    of one 1, anything else -1), then into the fewest pieces."""
    parts = token.parts
    Best = tuple[int, int, list[tuple[int, int, str]]]  # words, minus pieces, the pieces
    reach: list[Best] = [(0, 0, [])]
    for j in range(1, len(parts) + 1):
        options: list[Best] = []
        for i in range(j):
            words, pieces, spans = reach[i]
            form = "".join(p[2] for p in parts[i:j])
            if lexicon.exact.get(form, 0) & wordlist.bit:
                worth = 2
            elif token.script == ALPHA and len(form) >= _FUZZY_MIN and lexicon.fuzzy(form) & wordlist.bit:
                worth = 1
            else:
                worth = -1
            options.append((words + worth, pieces - 1, spans + [(parts[i][0], parts[j - 1][1], form)]))
        reach.append(max(options, key=lambda option: option[:2]))
    return reach[-1][2]


def candidate_wordlists(tokens: list[Token], lexicon: Lexicon, minimum: int) -> list[Wordlist]:
    """Return the wordlists with at least ``minimum`` words here, exact or written together."""
    counts: dict[int, int] = {}
    for token in tokens:
        mask = lexicon.exact.get(token.form, 0)
        for _, _, form in token.parts:
            mask |= lexicon.exact.get(form, 0)
        while mask:
            bit = mask & -mask
            counts[bit] = counts.get(bit, 0) + 1
            mask ^= bit
    long_tokens: dict[str, list[Token]] = {}
    for token in tokens:
        if len(token.form) >= _TOGETHER_MIN or token.script != ALPHA and len(token.form) >= 4:
            long_tokens.setdefault(token.script, []).append(token)
    out = []
    for wordlist in lexicon.wordlists:
        if wordlist.script == HAN:
            continue
        count = counts.get(wordlist.bit, 0)
        if count < minimum:
            shortest = _together_min(wordlist)
            count += sum(lexicon.segment(t.form, wordlist) for t in long_tokens.get(wordlist.script, ())
                         if len(t.form) >= shortest and not lexicon.exact.get(t.form, 0) & wordlist.bit)
        if count >= minimum:
            out.append(wordlist)
    return out


def units(tokens: list[Token], wordlist: Wordlist, lexicon: Lexicon) -> list[Unit]:
    """Classify each token for one wordlist."""
    out = []
    for token in tokens:
        if token.script != wordlist.script:
            out.append(Unit(BREAK, 0, token.start, token.end))
        elif token.parts and not lexicon.exact.get(token.form, 0) & wordlist.bit:
            out.extend(_unit(form, token.script, start, end, wordlist, lexicon)
                       for start, end, form in _cut(token, wordlist, lexicon))
        else:
            out.append(_unit(token.form, token.script, token.start, token.end, wordlist, lexicon))
    return out


def _unit(form: str, script: str, start: int, end: int, wordlist: Wordlist, lexicon: Lexicon) -> Unit:
    if lexicon.exact.get(form, 0) & wordlist.bit:
        return Unit(EXACT, 1, start, end, form in COMMON)
    if form in GLUE and wordlist.language == "english":  # English text is not a phrase of another list
        return Unit(BREAK, 0, start, end)
    if script == ALPHA and len(form) >= _FUZZY_MIN and lexicon.fuzzy(form) & wordlist.bit:
        return Unit(TYPO, 1, start, end)
    if len(form) >= _together_min(wordlist) and (n := lexicon.segment(form, wordlist)) >= 2:
        return Unit(EXACT, n, start, end)
    return Unit(OTHER, 1, start, end)


def _chains(units: list[Unit]) -> list[tuple[int, int]]:
    """Maximal stretches of wordlist words, with single other words between them."""
    chains = []
    i, n = 0, len(units)
    while i < n:
        if not units[i].good:
            i += 1
            continue
        j = i + 1
        while j < n:
            if units[j].good:
                j += 1
            elif units[j].kind == OTHER and j + 1 < n and units[j + 1].good:
                j += 2
            else:
                break
        chains.append((i, j))
        i = j
    return chains


def _stretches(units: list[Unit], start: int, end: int, keep) -> list[tuple[int, int, Tally]]:
    """For each first word of the chain, the longest stretch from it whose tally ``keep`` accepts."""
    out = []
    for i in range(start, end):
        if not units[i].good:
            continue
        tally, best = Tally(), None
        for j in range(i, min(end, i + _LONGEST)):
            tally = tally.add(units[j])
            if units[j].good and keep(tally):
                best = (i, j + 1, tally)
            if tally.bad > 2 + (tally.words + 2 * (end - j)) // 6:
                break  # too many non-exact words for any longer stretch to pass
        if best:
            out.append(best)
    return out


def phrase_spans(units: list[Unit]) -> list[tuple[int, int]]:
    """Return the spans (in the normalised text) of the phrases among the units."""
    spans = []
    for start, end in _chains(units):
        if sum(u.words for u in units[start:end] if u.kind == EXACT) < 7:
            continue  # no phrase has fewer exact words
        for i, j, _ in _stretches(units, start, end, Tally.is_phrase):
            i, j = _take_in_edges(units, i, j)
            spans.append((units[i].start, units[j - 1].end))
    return spans


_EDGE = 3  # words next to a phrase that may still be its own, mistyped or run together


def _take_in_edges(units: list[Unit], i: int, j: int) -> tuple[int, int]:
    """Widen a phrase over the last wordlist word within three words of either end, across
    single other words.

    The budget of non-exact words keeps a phrase's worst-typed words out of it: two typos
    next to each other, or a typo written together with its neighbour, at an end.
    """
    first = i
    for k in range(1, _EDGE + 1):
        unit = units[i - k] if i - k >= 0 else None
        if unit is None or unit.kind == BREAK or (not unit.good and not units[i - k + 1].good):
            break  # the start, an English word, or two other words in a row
        if unit.good:
            first = i - k
    last = j
    for k in range(_EDGE):
        unit = units[j + k] if j + k < len(units) else None
        if unit is None or unit.kind == BREAK or (not unit.good and not units[j + k - 1].good):
            break
        if unit.good:
            last = j + k + 1
    return first, last


def best_piece(units: list[Unit], script_tokens: int) -> Piece | None:
    """Return the message's likeliest piece of a phrase sent in parts, if it has one.

    A piece is at least three wordlist words with at most one typo or other word among
    them, and makes up at least half the message's words: "part 2: above absent absorb".
    It is judged by its exact words; what is removed takes in the typos at its edges.
    """
    best: tuple[int, int, Tally] | None = None
    for start, end in _chains(units):
        for i, j, tally in _stretches(units, start, end,
                                      lambda t: t.words >= PIECE_MIN and t.bad <= 1):
            while units[i].kind != EXACT:
                i, tally = i + 1, Tally(tally.words - 1, tally.exact, tally.common)
            while units[j - 1].kind != EXACT:
                j, tally = j - 1, Tally(tally.words - 1, tally.exact, tally.common)
            if tally.words >= PIECE_MIN and (best is None or (tally.exact, -tally.words) >
                                             (best[2].exact, -best[2].words)):
                best = (i, j, tally)
    if best is None or 2 * best[2].words < script_tokens:
        return None
    i, j, tally = best
    while i > 0 and units[i - 1].kind == TYPO:
        i -= 1
    while j < len(units) and units[j].kind == TYPO:
        j += 1
    return Piece(units[i].start, units[j - 1].end, tally)
