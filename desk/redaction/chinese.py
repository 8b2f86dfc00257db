"""Tell a Chinese seed phrase from an ordinary Chinese sentence.

The Chinese wordlists are the 2,048 most common characters, so "every character is a
wordlist character" is true of most Chinese sentences. What differs is how the characters
follow each other. A sentence is made of words; a phrase is 12-24 characters drawn at random,
which rarely form a word with their neighbours. The model scores each character by how much
more likely it is under a word model of Chinese (jieba's dictionary, the same one the
tokenizer uses, plus the support desk's own words) than under a uniform draw from the
wordlist, after the best segmentation of its stretch of text.

Measured by eval/redaction.py on eval/redaction/ordinary_zh.txt, the held-out realistic
Chinese messages and the FAQ bodies (1,222 runs of 12 or more wordlist characters): no
12-character window of ordinary text scores below -0.07 per character, while 99.9% of random
12-character phrases score below -0.5 (their median is -2.1); so the threshold is -0.5.
Written in groups of at most four characters (one by one, "four together", or the message
boundaries of a phrase sent in pieces) a phrase is also told by how few of its characters
form words: at most a third for random phrases, at least half in the 39 such stretches of
ordinary text. A phrase of the very commonest characters written together
("的一是在不了有和人这中大为上个国我以要他") reads as text and is caught only after a word
such as 助记词 or "seed"; a random phrase is that almost never.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

# Below this mean score per character, 12 characters in a row are a phrase (see above).
WINDOW = 12
PHRASE_SCORE = -0.5
# Groups of at most four characters (the way phrases are written apart) totalling this many
# characters are a phrase when few of them form words or the mean score is low.
GROUPED_MIN = 12
GROUPED_MAX_COVERED = 1 / 3
GROUPED_SCORE = 0.0
# Characters written one by one with separators: eight in a row are most of a phrase.
SINGLES_MIN = 8
# After "助记词是", "seed:" and the like, 12 characters of which at most a third form words.
CONTEXT_MAX_COVERED = 1 / 3
CONTEXT = re.compile(r"(?:助记词|助記詞|记忆词|密语|密語|种子词|種子詞|seed|mnemonic|recovery phrase)"
                     r"\s*(?:[:：]|是|为|為|如下[:：]?)\s*", re.IGNORECASE)
# Separators between two characters of one phrase: spaces, punctuation, numbering.
MAX_GAP = 8
_LETTER = re.compile(r"[^\W\d_]")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_MAX_WORD = 4

# Words of the support desk that jieba's dictionary lacks or ranks low; each counts as a
# common word. Only words made of wordlist characters matter.
_DOMAIN_WORDS = (
    "助记词 密语 种子 钱包 充币 提币 币种 谷歌 验证码 客服 人工 合约 爆仓 主网 链上 哈希 实名 认证"
    " 冻结 解冻 风控 手续费 矿工费 资产 交易所 平台 授权 划转 现货 空投 挂单 撤单 滑点 充值 提现"
    " 出金 入金 卡单 盗币 搬砖 跑路 拉黑 放币 付款 买币 卖币 币圈 波场 比特币 法币 商家 申诉 退款"
    " 工单 截图 打码 邮箱 短信 手机号 身份证 人脸 护照 驾照 流水 限额 额度 节点 转人工 提币记录"
    " 充币记录 冷钱包 热钱包 交易哈希 合约地址 链上确认 区块 区块链 浏览器 网络 主链 跨链 闪兑"
).split()
_DOMAIN_FREQUENCY = 5000


@dataclass(frozen=True)
class HanChar:
    """One wordlist character of a message, in a run of them."""

    char: str  # the simplified form the model scores
    message: int
    start: int
    end: int
    joined: bool  # written right after the previous character of the run, no separator


class ChineseModel:
    """The wordlists and the word model, loaded once."""

    def __init__(self, simplified: list[str], traditional: list[str],
                 frequencies: dict[str, int]) -> None:
        # The two lists are in the same order: the i-th traditional character is the i-th
        # simplified one, which lets traditional text be scored with a simplified model.
        self.to_simplified = {t: s for t, s in zip(traditional, simplified, strict=True)}
        self.to_simplified.update({s: s for s in simplified})
        total = sum(frequencies.values()) or 1
        self.floor = math.log(1 / total)
        self.uniform = math.log(len(simplified))
        self.logp = {word: math.log(f / total) for word, f in frequencies.items()}

    def scores(self, group: str) -> list[tuple[float, bool]]:
        """Score each character of a group: (log-likelihood ratio, part of a word)."""
        n = len(group)
        best = [0.0] + [-math.inf] * n
        back = [0] * (n + 1)
        for i in range(n):
            for j in range(i + 1, min(n, i + _MAX_WORD) + 1):
                logp = self.logp.get(group[i:j], self.floor if j == i + 1 else None)
                if logp is not None and best[i] + logp > best[j]:
                    best[j], back[j] = best[i] + logp, i
        out: list[tuple[float, bool]] = []
        j = n
        while j > 0:
            i = back[j]
            word = group[i:j]
            score = self.logp.get(word, self.floor) / len(word) + self.uniform
            out[:0] = [(score, len(word) > 1)] * len(word)
            j = i
        return out

    def char_scores(self, chars: list[HanChar]) -> list[tuple[float, bool]]:
        """Score every character of a run, each group (characters written together) apart."""
        scored: list[tuple[float, bool]] = []
        for start, end in _groups(chars):
            scored.extend(self.scores("".join(c.char for c in chars[start:end])))
        return scored

    def without_words_at_edges(self, chars: list[HanChar]) -> tuple[int, int]:
        """The index range left when groups that read as words ("继续 ...") are taken off
        either end."""
        groups = _groups(chars)
        scored = self.char_scores(chars)
        while len(groups) > 1 and _reads_as_words(scored[groups[0][0]:groups[0][1]]):
            groups.pop(0)
        while len(groups) > 1 and _reads_as_words(scored[groups[-1][0]:groups[-1][1]]):
            groups.pop()
        return groups[0][0], groups[-1][1]

    def looks_random(self, chars: list[HanChar]) -> bool:
        """Whether the characters read as drawn at random: at most a third form words, or
        their mean score is below zero. Judges a short piece that follows a removed phrase."""
        scored = self.char_scores(chars)
        if not scored:
            return False
        covered = sum(1 for _, word in scored if word)
        return covered <= len(scored) / 3 or sum(s for s, _ in scored) < 0

    def runs(self, text: str, message: int = 0) -> list[list[HanChar]]:
        """Return the runs of wordlist characters, apart only by spaces, digits, punctuation."""
        runs: list[list[HanChar]] = []
        current: list[HanChar] = []
        for match in _HAN.finditer(text):
            simplified = self.to_simplified.get(match.group())
            start = match.start()
            if current:
                gap = text[current[-1].end:start]
                if simplified is None or len(gap) > MAX_GAP or _LETTER.search(gap):
                    runs.append(current)
                    current = []
            if simplified is not None:
                current.append(HanChar(simplified, message, start, match.end(),
                                       bool(current) and current[-1].end == start))
        if current:
            runs.append(current)
        return runs

    def phrase_parts(self, run: list[HanChar], context_starts: set[tuple[int, int]] = frozenset()
                     ) -> list[tuple[int, int]]:
        """Return the index ranges of the run that are (parts of) a seed phrase."""
        if len(run) < SINGLES_MIN:
            return []
        scored = self.char_scores(run)
        groups = _groups(run)
        together = self.scores("".join(c.char for c in run)) if len(groups) > 1 else scored
        parts = _grouped_parts(groups, scored, together)
        parts += [_trim(part, groups, scored) for part in _random_windows(scored)]
        for i, char in enumerate(run):
            if (char.message, char.start) in context_starts:
                parts += [_trim(part, groups, scored) for part in _after_context(scored, i)]
        return _merge(parts)


def _groups(run: list[HanChar]) -> list[tuple[int, int]]:
    groups: list[tuple[int, int]] = []
    start = 0
    for i in range(1, len(run) + 1):
        if i == len(run) or not run[i].joined:
            groups.append((start, i))
            start = i
    return groups


def _grouped_parts(groups: list[tuple[int, int]], scored: list[tuple[float, bool]],
                   together: list[tuple[float, bool]]) -> list[tuple[int, int]]:
    """Stretches of groups of at most four characters that do not read as words apart
    (``scored``), nor, when one by one, read together (``together``: "我 的 钱 呢 到 底" is a
    sentence typed with spaces)."""
    parts: list[tuple[int, int]] = []
    stretch: list[tuple[int, int]] = []
    for group in groups + [(0, _MAX_WORD + 1)]:
        if group[1] - group[0] <= _MAX_WORD:
            stretch.append(group)
            continue
        if stretch:
            start, end = stretch[0][0], stretch[-1][1]
            chars = scored[start:end]
            covered = sum(1 for _, word in chars if word) / len(chars)
            mean = sum(score for score, _ in chars) / len(chars)
            singles = all(e - s == 1 for s, e in stretch)
            apart = (singles and end - start >= SINGLES_MIN) or (end - start >= GROUPED_MIN and (
                covered <= GROUPED_MAX_COVERED or mean < GROUPED_SCORE))
            if apart and not (singles and _reads_as_sentence(together[start:end])):
                parts.append((start, end))
        stretch = []
    return parts


def _random_windows(scored: list[tuple[float, bool]]) -> list[tuple[int, int]]:
    """Windows of 12 characters whose mean score is that of random characters."""
    if len(scored) < WINDOW:
        return []
    parts: list[tuple[int, int]] = []
    total = sum(score for score, _ in scored[:WINDOW])
    for start in range(len(scored) - WINDOW + 1):
        if start:
            total += scored[start + WINDOW - 1][0] - scored[start - 1][0]
        if total / WINDOW < PHRASE_SCORE:
            parts.append((start, start + WINDOW))
    return [_widen(part, scored) for part in _merge(parts)]


def _trim(part: tuple[int, int], groups: list[tuple[int, int]],
          scored: list[tuple[float, bool]]) -> tuple[int, int]:
    """Leave out the sentence a phrase was written between: windows that reach past the
    phrase's own group stop short of a group at either edge that reads as words."""
    start, end = part
    inside = [(s, e) for s, e in groups if s < end and e > start]
    if len(inside) < 2:
        return part
    first, last = inside[0], inside[-1]
    if _reads_as_words(scored[max(start, first[0]):first[1]]):
        start = first[1]
    if _reads_as_words(scored[last[0]:min(end, last[1])]):
        end = last[0]
    return (start, end) if start < end else part


def _reads_as_sentence(scored: list[tuple[float, bool]]) -> bool:
    """Half the characters or more form words and the mean score is above zero: a sentence
    (typed with spaces), where random characters read together rarely make a third words."""
    return sum(1 for _, word in scored if word) >= len(scored) / 2 and \
        sum(score for score, _ in scored) > GROUPED_SCORE * len(scored)


def _reads_as_words(scored: list[tuple[float, bool]]) -> bool:
    """More than a third of the characters form words, and the mean score is not random's."""
    return sum(1 for _, word in scored if word) > len(scored) / 3 and \
        sum(score for score, _ in scored) >= PHRASE_SCORE * len(scored)


def _widen(part: tuple[int, int], scored: list[tuple[float, bool]]) -> tuple[int, int]:
    """Take in the phrase's own characters at the edges of a window: those outside words."""
    start, end = part
    while start > 0 and not scored[start - 1][1] and scored[start - 1][0] < 0:
        start -= 1
    while end < len(scored) and not scored[end][1] and scored[end][0] < 0:
        end += 1
    return start, end


def _after_context(scored: list[tuple[float, bool]], at: int) -> list[tuple[int, int]]:
    """After "助记词是" and the like: 12 characters that mostly do not form words."""
    end = at + WINDOW
    if end > len(scored):
        return []
    if sum(1 for _, word in scored[at:end] if word) > CONTEXT_MAX_COVERED * WINDOW:
        return []
    while end < len(scored) and sum(1 for _, w in scored[end - WINDOW + 1:end + 1] if w) \
            <= CONTEXT_MAX_COVERED * WINDOW:
        end += 1
    return [(at, end)]


def _merge(parts: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(parts):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def context_starts(text: str, message: int = 0) -> set[tuple[int, int]]:
    """Return where the text after a seed-phrase word (助记词, seed...) starts."""
    return {(message, m.end()) for m in CONTEXT.finditer(text)}


def _read_frequencies(simplified: frozenset[str]) -> dict[str, int]:
    import jieba

    frequencies: dict[str, int] = {}
    path = Path(jieba.__file__).with_name("dict.txt")
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            word, _, rest = line.partition(" ")
            if len(word) <= _MAX_WORD and all(c in simplified for c in word):
                frequencies[word] = int(rest.split(" ", 1)[0])
    for word in _DOMAIN_WORDS:
        if all(c in simplified for c in word):
            frequencies[word] = max(frequencies.get(word, 0), _DOMAIN_FREQUENCY)
    return frequencies


@lru_cache(maxsize=1)
def chinese_model() -> ChineseModel:
    """Return the model (reads jieba's dictionary once, on first use: about a third of a second)."""
    from mnemonic import Mnemonic

    simplified = Mnemonic("chinese_simplified").wordlist
    traditional = Mnemonic("chinese_traditional").wordlist
    return ChineseModel(simplified, traditional, _read_frequencies(frozenset(simplified)))
