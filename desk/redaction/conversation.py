"""Find a seed phrase sent in pieces over several messages of one user.

Each earlier message was stored when it alone held no phrase, so its words are still in the
store. A message is a piece when it is mostly wordlist words (at least three, at least half
of its words: "part 2: above absent absorb abstract", "的一是在"). Going back from the
current message over consecutive pieces (messages without letters do not break the chain),
the pieces are joined and judged as one text with the single-message rules: 12 words, or 8
mostly exact, make a phrase; joined Chinese pieces are groups of characters that must not
read as words. When an earlier piece was already removed (the stored text holds the
placeholder where a phrase was), any piece that follows it continues the phrase.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from desk.redaction.chinese import HanChar, chinese_model
from desk.redaction.normalise import Normalised, normalise
from desk.redaction.phrases import (
    PIECE_MIN,
    Piece,
    Tally,
    Token,
    best_piece,
    candidate_wordlists,
    tokenize,
    units,
)
from desk.redaction.wordlists import HAN, Wordlist, lexicon

PLACEHOLDER = "[redacted]"
_PIECE_SHARE = 0.5  # of a message's letters, for its longest run of Chinese wordlist characters


@dataclass
class Message:
    """One message of the conversation, scanned (when needed) for a piece of a phrase."""

    text: str
    found: tuple[str, ...] | None = None  # what was removed from it before; None: not known

    def __post_init__(self) -> None:
        self._pieces: dict[str, Piece | None] = {}

    @classmethod
    def scanned(cls, normalised: Normalised, tokens: list[Token]) -> Message:
        """The current message, already normalised and cut into words."""
        message = cls(normalised.original)
        message.__dict__.update(normalised=normalised, tokens=tokens)
        return message

    @cached_property
    def normalised(self) -> Normalised:
        """The text in matching form."""
        return normalise(self.text)

    @cached_property
    def tokens(self) -> list[Token]:
        """The words of the text."""
        return tokenize(self.normalised.text, self.normalised.invisible)

    @cached_property
    def pieces(self) -> dict[str, Piece]:
        """The piece of each wordlist written in letters (not Chinese), by language."""
        out = {}
        for wordlist in candidate_wordlists(self.tokens, lexicon(), 2):
            piece = self.piece(wordlist)
            if piece is not None:
                out[wordlist.language] = piece
        return out

    def piece(self, wordlist: Wordlist) -> Piece | None:
        """The message's piece of a phrase in one wordlist, if it has one."""
        if wordlist.language not in self._pieces:
            in_script = sum(1 for t in self.tokens if t.script == wordlist.script)
            self._pieces[wordlist.language] = best_piece(
                units(self.tokens, wordlist, lexicon()), in_script)
        return self._pieces[wordlist.language]

    @cached_property
    def han_piece(self) -> list[HanChar] | None:
        """The longest run of Chinese wordlist characters, when it is most of the message."""
        if not any(t.script == HAN for t in self.tokens):
            return None
        runs = chinese_model().runs(self.normalised.text)
        longest = max(runs, key=len, default=[])
        letters = sum(len(t.form) if t.script == HAN else 1 for t in self.tokens)
        if len(longest) < PIECE_MIN or len(longest) < _PIECE_SHARE * letters:
            return None
        return longest

    @property
    def holds_removed_phrase(self) -> bool:
        """Whether a phrase (or, when not known, any secret) was already removed from it."""
        if PLACEHOLDER not in self.text:
            return False
        return self.found is None or "seed_phrase" in self.found

    @property
    def silent(self) -> bool:
        """Whether it has no letters at all (a "?" or "..." between two pieces)."""
        return not any(c.isalpha() for c in self.text)


def pieces_to_remove(messages: list[Message]) -> dict[int, list[tuple[int, int]]]:
    """Return, by message index, the spans of a phrase that spans several messages.

    ``messages`` ends with the current one; spans are in each message's normalised text.
    """
    current = messages[-1]
    spans: dict[int, list[tuple[int, int]]] = {}
    wordlists = {w.language: w for w in lexicon().wordlists}
    for language in current.pieces:
        wordlist = wordlists[language]
        chain, anchored = _chain(messages, lambda m, w=wordlist: m.piece(w) is not None)
        pieces = [p for p in (messages[i].piece(wordlist) for i in chain) if p is not None]
        for start in range(len(chain)):
            if anchored or sum((p.tally for p in pieces[start:]), Tally()).is_phrase():
                for i, piece in zip(chain[start:], pieces[start:], strict=True):
                    spans.setdefault(i, []).append((piece.start, piece.end))
                break
    if current.han_piece:
        _chinese_pieces(messages, spans)
    return spans


def _chain(messages: list[Message], is_piece) -> tuple[list[int], bool]:
    """Indexes of the consecutive pieces ending with the current message; whether they
    follow a message whose phrase was already removed."""
    chain = [len(messages) - 1]
    for i in range(len(messages) - 2, -1, -1):
        message = messages[i]
        if is_piece(message):
            chain.insert(0, i)
        elif message.holds_removed_phrase:
            return chain, True
        elif not message.silent:
            break
    return chain, False


def _chinese_pieces(messages: list[Message], spans: dict[int, list[tuple[int, int]]]) -> None:
    model = chinese_model()
    chain, anchored = _chain(messages, lambda m: m.han_piece is not None)
    if len(chain) < 2 and not anchored:
        return
    joined: list[HanChar] = []
    for i in chain:
        piece = messages[i].han_piece or []
        joined.append(HanChar(piece[0].char, i, piece[0].start, piece[0].end, False))
        joined.extend(HanChar(c.char, i, c.start, c.end, c.joined) for c in piece[1:])
    parts = model.phrase_parts(joined)
    if anchored:  # after a removed phrase, each piece that reads as random continues it
        offset = 0
        for i in chain:
            piece = messages[i].han_piece or []
            start, end = model.without_words_at_edges(piece)
            if start < end and model.looks_random(piece[start:end]):
                parts.append((offset + start, offset + end))
            offset += len(piece)
    for start, end in parts:
        by_message: dict[int, tuple[int, int]] = {}
        for char in joined[start:end]:
            first, last = by_message.get(char.message, (char.start, char.end))
            by_message[char.message] = (min(first, char.start), max(last, char.end))
        for i, span in by_message.items():
            spans.setdefault(i, []).append(span)
