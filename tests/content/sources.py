"""The content the checks read: articles, domain.yml's responses, the knowledge-base guide.

Set ``CONTENT_CHECK_ROOT`` to a copy of the project to check another tree, for example a
deployment's edited content.
"""

from __future__ import annotations

import os
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import yaml

from eval.heldout import load_kb_questions, load_nlu_examples, load_realistic_examples
from kb_index.articles import Article, load_articles
from kb_index.settings import PROJECT_ROOT

ROOT = Path(os.environ.get("CONTENT_CHECK_ROOT") or PROJECT_ROOT)
FAQ_DIR = ROOT / "data" / "faq"
LANGS = ("en", "zh")


@lru_cache(maxsize=1)
def articles() -> tuple[Article, ...]:
    return tuple(load_articles(FAQ_DIR))


def article(article_id: str) -> Article:
    return next(a for a in articles() if a.id == article_id)


@lru_cache(maxsize=1)
def domain_responses() -> tuple[tuple[str, str, str], ...]:
    """(response name, language, text) for every response variant in domain.yml."""
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    found = []
    for name, variants in domain["responses"].items():
        for variant in variants:
            if "text" not in variant:
                continue
            language = "en"
            for condition in variant.get("condition", []):
                if condition.get("name") == "language":
                    language = condition["value"]
            found.append((name, language, variant["text"]))
    return tuple(found)


_NOT_WORD = re.compile(r"[\W_]+")


def text_key(text: str) -> str:
    """A text up to case, spacing and punctuation: what makes two sentences the same."""
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", text).casefold())


def held_out_texts(language: str) -> list[str]:
    """Every held-out question of a language: intents, realistic messages, kb questions."""
    texts = [e.text for e in load_nlu_examples(language)]
    texts += [e.text for e in load_realistic_examples(language)]
    in_scope, out_of_scope = load_kb_questions()
    texts += [e.text for e in in_scope + out_of_scope if e.language == language]
    return texts
