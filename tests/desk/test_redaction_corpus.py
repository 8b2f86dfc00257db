"""Ordinary support messages come through redaction unchanged.

eval/redaction/ordinary_{en,zh}.txt were written for this (long, messy messages with tx
hashes after "txid"/"哈希", addresses, order ids, amounts, error strings); the held-out
realistic messages and the FAQ bodies are the project's own ordinary text.
"""

import pytest

from desk.redaction import Earlier, Redaction, redact
from eval.redaction import ordinary_corpora

CORPORA = ordinary_corpora()


@pytest.mark.parametrize("name", sorted(CORPORA))
def test_ordinary_messages_are_not_changed(name):
    changed = []
    for text in CORPORA[name]:
        result = redact(text)
        if result == Redaction(text):
            continue
        # The only change allowed: a bare 64-hex string without a word saying it is a hash,
        # which is a key unless the bot has just asked for a hash (and then it survives).
        if result.found == ("hex_private_key",) and redact(text, expecting_tx_hash=True) == Redaction(text):
            continue
        changed.append((text, result.text))
    assert changed == []


@pytest.mark.parametrize("name", ["ordinary_en", "ordinary_zh", "realistic_en", "realistic_zh"])
def test_consecutive_ordinary_messages_are_not_taken_for_pieces(name):
    texts = CORPORA[name]
    for i in range(len(texts) - 4):
        window = texts[i:i + 5]
        result = redact(window[-1], recent=[Earlier(t, ()) for t in window[:-1]])
        assert result.also_redact == (), window


def test_the_corpora_are_big_enough():
    assert len(CORPORA["ordinary_en"]) >= 150 and len(CORPORA["ordinary_zh"]) >= 150
