"""The intent examples are never the test: no held-out question is among them.

Chat has a closed vocabulary of short replies ("yes", "thx", "转人工", "USDT") that a
held-out set cannot avoid and training data must hold; those may coincide. Anything
longer that appears in a held-out set must not be trained on.
"""

from __future__ import annotations

import re

import pytest
import yaml

from tests.content.sources import ROOT, held_out_texts, text_key

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def _examples(language: str) -> list[tuple[str, str]]:
    found = []
    for path in sorted((ROOT / "data" / "nlu" / language).glob("*.yml")):
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
            for line in str(block.get("examples", "")).splitlines():
                if line.strip().startswith("- "):
                    found.append((path.name, line.strip()[2:]))
    return found


def _short_reply(key: str) -> bool:
    # A Chinese character counts twice: 转人工 and "bye bye" are short, 辛苦了谢谢 is not.
    return len(key) + len(_CJK.findall(key)) < 9


@pytest.mark.parametrize("language", ["en", "zh"])
def test_no_held_out_question_is_an_intent_example(language):
    trained = {text_key(text): name for name, text in _examples(language)}
    leaked = [(trained[text_key(t)], t) for t in held_out_texts(language)
              if text_key(t) in trained and not _short_reply(text_key(t))]
    assert not leaked
