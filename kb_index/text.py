"""Segment English and Chinese text into tokens for lexical search."""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from typing import NamedTuple

# One Chinese character: CJK Unified Ideographs, Extension A and the compatibility block.
CJK_CHARACTER = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_TOKEN = re.compile(
    rf"(?P<cjk>{CJK_CHARACTER.pattern}+)|(?P<word>[A-Za-z0-9]+(?:['._-][A-Za-z0-9]+)*)"
)


def has_chinese(text: str) -> bool:
    """Whether the text holds a Chinese character."""
    return CJK_CHARACTER.search(text) is not None

# Function words that carry no meaning for matching a question to an article.
STOPWORDS = frozenset(
    """a an the and or but if of to in on at by for with from as is are was were be been being
    it its this that these those i me my we our you your he she they them do does did done
    have has had can could would should will shall may might must not no so than then there
    what which who whom how when where why am pls please hi hello just still yet also any
    的 了 吗 呢 吧 啊 呀 是 在 我 你 我们 你们 他 她 它 这 那 有 和 与 就 都 也 还 把 被 给 让 么
    怎么 怎么办 怎样 如何 什么 为什么 一下 一个 可以 能 要 想 请问 请 嗯""".split()
)


@lru_cache(maxsize=1)
def _traditional_to_simplified():
    from opencc import OpenCC

    return OpenCC("t2s")


# Variants the conversion leaves, written as the articles write them: 帳 becomes 帐, and
# users type 帐户/到帐 for 账户/到账 (on an exchange, 帐 is never a tent).
_VARIANTS = str.maketrans({"帐": "账"})


def to_simplified(text: str) -> str:
    """Write traditional Chinese characters in their simplified form, one for one.

    Users from Hong Kong and Taiwan write 帳戶被凍結; the articles, the training data and
    jieba's dictionary are in simplified Chinese. The conversion is character for
    character ("t2s", not the regional phrase tables), so offsets into the text stay
    true; simplified text and other scripts come back unchanged.
    """
    converted = _traditional_to_simplified().convert(text)
    return (converted if len(converted) == len(text) else text).translate(_VARIANTS)


@lru_cache(maxsize=1)
def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


class Word(NamedTuple):
    """One word of a text and where it starts in that text."""

    text: str
    start: int

    @property
    def end(self) -> int:
        """The offset just after the word."""
        return self.start + len(self.text)


def segment_with_offsets(text: str) -> list[Word]:
    """Split text into words with their offsets: English words whole, Chinese cut by jieba.

    Chinese words are given in simplified characters (``to_simplified``), at the offsets
    of the characters the user typed.
    """
    words: list[Word] = []
    for match in _TOKEN.finditer(text):
        run = match.group("cjk")
        if run:
            run = to_simplified(run)
            offset = match.start()
            for word in _jieba().lcut(run):
                if word.strip():
                    words.append(Word(word, offset))
                offset += len(word)
        else:
            words.append(Word(match.group("word"), match.start()))
    return words


def segment(text: str) -> list[str]:
    """Split text into words: English words whole, Chinese runs cut by jieba."""
    return [word.text for word in segment_with_offsets(text)]


def lexical_terms(text: str) -> list[str]:
    """Return the lower-cased terms that lexical search indexes and queries.

    Chinese is cut in jieba's search mode, which adds the shorter words inside long
    compounds (提币地址 -> 提币, 地址, 提币地址), and each Chinese run also contributes its
    character bigrams: segmentation of short, informal questions is unreliable, and
    bigrams still match where the cut went wrong. Traditional characters are matched as
    their simplified forms.
    """
    terms: list[str] = []
    for match in _TOKEN.finditer(to_simplified(text.lower())):
        run = match.group("cjk")
        if run:
            terms.extend(w for w in _jieba().lcut_for_search(run) if w not in STOPWORDS)
            terms.extend(run[i : i + 2] for i in range(len(run) - 1))
        else:
            word = match.group("word")
            if word not in STOPWORDS:
                terms.append(word)
    return terms
