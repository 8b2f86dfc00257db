"""Cut articles into the passages that are embedded and the documents BM25 indexes."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kb_index.articles import LANGUAGES, Article

# Long enough to hold a paragraph, short enough for the model's 256-token window.
MAX_PASSAGE_CHARS = 600


@dataclass(frozen=True)
class Passage:
    """A piece of an article that gets its own vector."""

    article_id: str
    language: str
    kind: str  # "title", "question" or "body"
    text: str


def article_passages(article: Article) -> list[Passage]:
    """Return the title, each example question and the body chunks, per language."""
    passages: list[Passage] = []
    for lang in LANGUAGES:
        passages.append(Passage(article.id, lang, "title", article.title[lang]))
        passages.extend(Passage(article.id, lang, "question", q) for q in article.questions[lang])
        passages.extend(
            Passage(article.id, lang, "body", chunk) for chunk in _chunks(article.body[lang])
        )
    return passages


def lexical_document(article: Article, lang: str) -> str:
    """Return the text BM25 indexes for one language of an article.

    The title and questions are the densest statement of what the article answers, so
    they are repeated to weigh more than the body.
    """
    head = " ".join([article.title[lang], *article.questions[lang]])
    return "\n".join([head, head, " ".join(article.tags), article.body[lang]])


def plain_paragraphs(markdown: str) -> list[str]:
    """Return a Markdown body's paragraphs as plain text, in order."""
    return [_plain(p) for p in re.split(r"\n\s*\n", markdown) if p.strip()]


def _chunks(markdown: str) -> list[str]:
    paragraphs = plain_paragraphs(markdown)
    chunks: list[str] = []
    current = ""
    for paragraph in paragraphs:
        if current and len(current) + len(paragraph) + 1 > MAX_PASSAGE_CHARS:
            chunks.append(current)
            current = ""
        current = f"{current}\n{paragraph}".strip()
    if current:
        chunks.append(current)
    return chunks


def _plain(markdown: str) -> str:
    text = re.sub(r"[*_`#>|]+", " ", markdown)
    return re.sub(r"[ \t]+", " ", text).strip()
