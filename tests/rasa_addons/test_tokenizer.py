"""The tokenizer keeps English words whole, cuts Chinese, and knows where each token is."""

from __future__ import annotations

import re

import pytest
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.shared.nlu.training_data.message import Message

from kb_index.text import segment
from rasa_addons.tokenizer import BilingualTokenizer
from tests.rasa_addons.pipeline import component

_CJK = re.compile(r"[\u4e00-\u9fff]+")


@pytest.fixture(scope="module")
def tokenizer(tmp_path_factory) -> BilingualTokenizer:
    return component(BilingualTokenizer, LocalModelStorage(tmp_path_factory.mktemp("t")), "tok")


def _tokens(tokenizer, text: str):
    return tokenizer.tokenize(Message(data={"text": text}), "text")


def test_traditional_chinese_gives_the_simplified_words_at_the_typed_offsets(tokenizer):
    typed = "帳戶被凍結了, USDT 提幣不了"
    tokens = _tokens(tokenizer, typed)
    same = _tokens(tokenizer, "账户被冻结了, USDT 提币不了")
    assert [t.text for t in tokens] == [t.text for t in same]
    assert [(t.start, t.end) for t in tokens] == [(t.start, t.end) for t in same]
    assert typed[tokens[0].start:tokens[0].end] == "帳戶" and tokens[0].text == "账户"


@pytest.mark.parametrize("text, english", [
    ("我的USDT提币还没到账, TRC20 network", ["USDT", "TRC20", "network"]),
    ("Withdrawal of 0.5 ETH stuck 提现卡住了!", ["Withdrawal", "of", "0.5", "ETH", "stuck"]),
    ("tx 0xabc123 没到账", ["tx", "0xabc123"]),
    ("谷歌验证器丢失了", []),
    ("can't log in, 2FA reset please", ["can't", "log", "in", "2FA", "reset", "please"]),
])
def test_mixed_text_keeps_english_words_whole_and_cuts_chinese(tokenizer, text, english):
    tokens = _tokens(tokenizer, text)
    assert all(text[t.start:t.end] == t.text for t in tokens)
    assert [t.text for t in tokens if not _CJK.fullmatch(t.text)] == english
    chinese = [t.text for t in tokens if _CJK.fullmatch(t.text)]
    runs = _CJK.findall(text)
    assert "".join(chinese) == "".join(runs)
    assert len(chinese) > len(runs) or not runs  # each run here holds several words


def test_a_chinese_sentence_is_cut_into_words_at_their_offsets(tokenizer):
    tokens = _tokens(tokenizer, "我的USDT提币还没到账")
    assert [(t.text, t.start) for t in tokens] == [
        ("我", 0), ("的", 1), ("USDT", 2), ("提币", 6), ("还", 8), ("没到", 9), ("账", 11)]


def test_english_lemmas_are_lower_case(tokenizer):
    assert [t.lemma for t in _tokens(tokenizer, "USDT Withdrawal 提币")] == ["usdt", "withdrawal", "提币"]


@pytest.mark.parametrize("text", ["???", "😀", "  !!  "])
def test_a_message_without_words_still_gets_one_token(tokenizer, text):
    tokens = _tokens(tokenizer, text)
    assert [(t.text, t.start) for t in tokens] == [(text.strip(), text.find(text.strip()))]


@pytest.mark.parametrize("text", ["充币还没到账 after 2 hours", "Reset 谷歌验证 pls", "hello"])
def test_the_tokens_are_the_words_the_knowledge_base_search_uses(tokenizer, text):
    assert [t.text for t in _tokens(tokenizer, text)] == segment(text)
