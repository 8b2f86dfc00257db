"""Remove seed phrases and private keys from text before it is stored, logged or forwarded.

What counts as a secret:

- a BIP39 seed phrase in any wordlist the ``mnemonic`` package ships, checksum or not (a
  phrase with a typo is still someone's phrase): 12 or more wordlist words in a row with at
  most two that are mistyped or foreign, or 8 or more with at most one (most of a phrase is
  already a secret); separated by anything that is not a letter (spaces, commas of either
  width, 、, slashes, pipes, bullets, underscores, hyphens, numbering, JSON, line breaks) or
  written together; Chinese phrases written apart, four together, or without separators
  (desk/redaction/chinese.py tells them from sentences); and a phrase sent in pieces over
  several messages (``recent``, below);
- a private key, key file or key password: see desk/redaction/keys.py for the formats.

Matching runs on a normalised copy of the text (NFKC, no zero-width characters), and what is
removed is the user's own characters, each secret replaced by ``[redacted]``.

A 64-hex string is also what a transaction hash looks like. It is kept as a hash only when
the message says so (tx, hash, TxID, 哈希, 交易...) or the bot has just asked for a
transaction hash; anywhere else it is treated as a key. Redacting a hash by mistake costs
the user a retry; storing a key would cost them their funds.

A phrase sent in pieces (desk/redaction/conversation.py): the earlier pieces were stored
before the phrase was complete, so the caller passes the same user's recent messages of the
conversation as it stored them, oldest first, and rewrites those the result names::

    earlier = [Earlier(m.text, tuple(m.payload.get("redacted", ()))) for m in last_user_messages]
    result = redact(text, expecting_tx_hash=..., recent=earlier)
    store(result.text, payload={"redacted": list(result.found)})
    for entry in result.also_redact:          # in the same transaction
        row = last_user_messages[entry.index]
        rewrite(row, text=entry.text, redacted=set(row.payload["redacted"]) | set(entry.found))
        tell the consoles that the message changed

Everything here is pure: no storage, no clock; ``recent`` is the caller's window (the last
ten user messages is plenty). Passing the kinds each earlier message had removed lets a
piece that follows a removed phrase be taken for its continuation, but not a message that
follows a removed key.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from desk.redaction.chinese import chinese_model, context_starts
from desk.redaction.conversation import PLACEHOLDER, Message, pieces_to_remove
from desk.redaction.keys import HASH_CONTEXT, KEY_CONTEXT, Span, find_keys, find_passwords, has_key_file
from desk.redaction.normalise import Normalised, normalise
from desk.redaction.phrases import Token, candidate_wordlists, phrase_spans, tokenize, units
from desk.redaction.wordlists import HAN, lexicon

__all__ = ["PLACEHOLDER", "Earlier", "Redaction", "Retraction", "redact"]

_PHRASE_MIN_EXACT = 7  # no phrase (8 words, one not exact) has fewer exact words
_KINDS = ("seed_phrase", "hex_private_key", "wif_private_key", "extended_private_key",
          "mini_private_key", "solana_private_key", "pem_private_key", "keystore", "password")


@dataclass(frozen=True)
class Earlier:
    """One of the user's earlier messages as stored: its text and what was removed from it."""

    text: str
    found: tuple[str, ...] | None = None  # the message's "redacted" kinds; None: not known


@dataclass(frozen=True)
class Retraction:
    """An earlier message that held part of a phrase, and the text to store instead."""

    index: int  # into ``recent``
    text: str
    found: tuple[str, ...] = ("seed_phrase",)


@dataclass(frozen=True)
class Redaction:
    """The cleaned text, what kinds of secret were removed, and earlier messages to clean."""

    text: str
    found: tuple[str, ...] = field(default_factory=tuple)
    also_redact: tuple[Retraction, ...] = field(default_factory=tuple)

    @property
    def had_secret(self) -> bool:
        """Whether anything was removed, here or from an earlier message."""
        return bool(self.found or self.also_redact)


def redact(text: str, expecting_tx_hash: bool = False,
           recent: Sequence[str | Earlier] = ()) -> Redaction:
    """Return the text with seed phrases and private keys replaced by ``[redacted]``.

    ``recent`` holds the same user's previous messages in this conversation, oldest first,
    as stored (a plain string counts as an ``Earlier`` whose removed kinds are not known).
    """
    normalised = normalise(text)
    tokens = tokenize(normalised.text, normalised.invisible)
    earlier = [r if isinstance(r, Earlier) else Earlier(r) for r in recent]
    key_file_nearby = any(has_key_file(e.text) or "keystore" in (e.found or ()) for e in earlier)
    spans = _secrets(normalised.text, tokens, expecting_tx_hash, key_file_nearby)

    retractions: list[Retraction] = []
    if earlier:
        messages = [Message(e.text, e.found) for e in earlier]
        messages.append(Message.scanned(normalised, tokens))
        by_message = pieces_to_remove(messages)
        spans += [(s, e, "seed_phrase") for s, e in by_message.pop(len(earlier), [])]
        for index, pieces in sorted(by_message.items()):
            cleaned = _replace(messages[index].normalised, [(s, e, "seed_phrase") for s, e in pieces])
            if cleaned != earlier[index].text:
                retractions.append(Retraction(index, cleaned))

    # What a key file holds (its 64-hex ciphertext) is reported as the file only.
    kinds = {kind for s, e, kind in spans
             if not any(o_s <= s and e <= o_e and (o_s, o_e) != (s, e) for o_s, o_e, _ in spans)}
    return Redaction(_replace(normalised, spans), tuple(k for k in _KINDS if k in kinds),
                     tuple(retractions))


def _secrets(text: str, tokens: list[Token], expecting_tx_hash: bool,
             key_file_nearby: bool) -> list[Span]:
    """Every secret of one message, as spans of its normalised text."""
    key_context = bool(KEY_CONTEXT.search(text))
    keep_hashes = (expecting_tx_hash or bool(HASH_CONTEXT.search(text))) and not key_context
    spans = find_keys(text, keep_hashes, key_context)
    key_file_nearby = key_file_nearby or any(kind == "keystore" for _, _, kind in spans)
    spans += find_passwords(text, key_file_nearby)
    lex = lexicon()
    for wordlist in candidate_wordlists(tokens, lex, _PHRASE_MIN_EXACT):
        spans += [(s, e, "seed_phrase") for s, e in phrase_spans(units(tokens, wordlist, lex))]
    if any(t.script == HAN for t in tokens):
        model = chinese_model()
        contexts = context_starts(text)
        for run in model.runs(text):
            for start, end in model.phrase_parts(run, contexts):
                spans.append((run[start].start, run[end - 1].end, "seed_phrase"))
    return spans


def _replace(normalised: Normalised, spans: list[Span]) -> str:
    """Replace the original characters behind the spans with the placeholder."""
    original = [normalised.original_span(s, e) for s, e, _ in spans]
    merged: list[tuple[int, int]] = []
    for start, end in sorted(original):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    text = normalised.original
    for start, end in reversed(merged):
        text = text[:start] + PLACEHOLDER + text[end:]
    return text
