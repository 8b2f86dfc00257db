"""The parallel sentences that will teach a Chinese-capable encoder: well formed, and never the test.

`data/parallel/*.yml` pairs an English sentence with a Chinese one that means the same. A
held-out question that slipped in would be trained on and then measured, so no pair may
repeat one, in either language, up to case, spacing and punctuation.
"""

from __future__ import annotations

import re

import pytest
import yaml

from tests.content.sources import ROOT, held_out_texts, text_key

PARALLEL_DIR = ROOT / "data" / "parallel"
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


def _pairs() -> list[tuple[str, str, str]]:
    found = []
    for path in sorted(PARALLEL_DIR.glob("*.yml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert set(document) == {"pairs"}, f"{path.name}: only a 'pairs' list is allowed"
        for item in document["pairs"]:
            assert isinstance(item, dict) and set(item) == {"en", "zh"}, f"{path.name}: {item!r}"
            found.append((path.name, str(item["en"]).strip(), str(item["zh"]).strip()))
    return found


PAIRS = _pairs()


def test_there_are_pairs_in_every_file():
    assert len(PAIRS) >= 1000
    assert all(en and zh for _, en, zh in PAIRS)


def test_each_side_is_in_its_language():
    english_with_chinese = [(name, en) for name, en, _ in PAIRS if _CJK.search(en)]
    chinese_without_chinese = [(name, zh) for name, _, zh in PAIRS if not _CJK.search(zh)]
    assert not english_with_chinese
    assert not chinese_without_chinese


def test_no_sentence_is_written_twice():
    seen: dict[str, str] = {}
    repeated = []
    for name, en, zh in PAIRS:
        for text in (en, zh):
            if text_key(text) in seen:
                repeated.append((name, text, seen[text_key(text)]))
            seen[text_key(text)] = name
    assert not repeated


@pytest.mark.parametrize("language", ["en", "zh"])
def test_no_held_out_question_is_trained_on(language):
    held_out = held_out_texts(language)
    side = 1 if language == "en" else 2
    trained = {text_key(pair[side]) for pair in PAIRS}
    leaked = [text for text in held_out if text_key(text) in trained]
    assert not leaked
