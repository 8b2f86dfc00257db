"""Read knowledge-base articles: YAML front matter, one Markdown body per language."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path

import yaml

from kb_index.errors import ArticleError

LANGUAGES = ("en", "zh")
_LANG_MARKER = re.compile(r"^<!--\s*lang:\s*([a-z]{2})\s*-->\s*$", re.MULTILINE)
# A button that offers an article carries its id, and Telegram allows a
# button 64 bytes of data: '/faq_general{"article":"<id>"}' leaves 38.
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MAX_ID_LENGTH = 36


@dataclass(frozen=True)
class Article:
    """One help-centre article in every language it is written in."""

    id: str
    category: str
    intent: str | None
    tags: tuple[str, ...]
    updated: str
    title: dict[str, str]
    questions: dict[str, tuple[str, ...]]
    body: dict[str, str]

    @property
    def content_hash(self) -> str:
        """Hash everything that is indexed, so a rebuild can tell what changed."""
        payload = json.dumps(asdict(self), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()

    def to_dict(self) -> dict:
        """Return a JSON-serialisable form."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Article:
        """Rebuild an article from ``to_dict`` output."""
        return cls(
            id=data["id"],
            category=data["category"],
            intent=data.get("intent"),
            tags=tuple(data.get("tags", ())),
            updated=data["updated"],
            title=dict(data["title"]),
            questions={lang: tuple(qs) for lang, qs in data["questions"].items()},
            body=dict(data["body"]),
        )


def parse_article(text: str, source: str = "<string>") -> Article:
    """Parse one article file's text."""
    parts = text.split("---", 2)
    if len(parts) < 3 or parts[0].strip():
        raise ArticleError(source, "missing '---' front matter at the top")
    try:
        meta = yaml.safe_load(parts[1]) or {}
    except yaml.YAMLError as e:
        raise ArticleError(source, f"front matter is not valid YAML: {e}") from e
    for key in ("id", "category", "title", "questions"):
        if key not in meta:
            raise ArticleError(source, f"front matter has no '{key}'")
    article_id = str(meta["id"])
    if not _ID.fullmatch(article_id) or len(article_id) > MAX_ID_LENGTH:
        raise ArticleError(
            source,
            f"id '{article_id}' must be lowercase words joined by '-', "
            f"at most {MAX_ID_LENGTH} characters",
        )
    body = _split_languages(parts[2], source)
    for lang in LANGUAGES:
        if lang not in meta["title"] or lang not in body:
            raise ArticleError(source, f"the article has no '{lang}' title or body")
    return Article(
        id=article_id,
        category=str(meta["category"]),
        intent=meta.get("intent"),
        tags=tuple(str(t) for t in meta.get("tags") or ()),
        updated=str(meta.get("updated", "")),
        title={lang: str(t).strip() for lang, t in meta["title"].items()},
        questions={
            lang: tuple(str(q).strip() for q in (meta["questions"].get(lang) or ()))
            for lang in LANGUAGES
        },
        body=body,
    )


def _split_languages(markdown: str, source: str) -> dict[str, str]:
    markers = list(_LANG_MARKER.finditer(markdown))
    if not markers:
        raise ArticleError(source, "the body has no '<!-- lang: xx -->' markers")
    bodies = {}
    for marker, following in zip(markers, markers[1:] + [None], strict=True):
        end = following.start() if following else len(markdown)
        bodies[marker.group(1)] = markdown[marker.end() : end].strip()
    return bodies


def load_articles(faq_dir: Path) -> list[Article]:
    """Load every ``*.md`` article in the folder, sorted by id; ids must be unique."""
    articles: dict[str, Article] = {}
    for path in sorted(Path(faq_dir).glob("*.md")):
        article = parse_article(path.read_text(encoding="utf-8"), str(path))
        if article.id != path.stem:
            raise ArticleError(str(path), f"id '{article.id}' differs from the file name")
        if article.id in articles:
            raise ArticleError(str(path), f"duplicate id '{article.id}'")
        articles[article.id] = article
    return [articles[key] for key in sorted(articles)]
