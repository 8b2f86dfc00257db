"""The content the checks read: articles, domain.yml's responses, the knowledge-base guide.

Set ``CONTENT_CHECK_ROOT`` to a copy of the project to check another tree, for example a
deployment's edited content.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import yaml

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
