"""Build the index directory from the articles, re-embedding only what changed."""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import faiss
import numpy as np

from kb_index.articles import Article, load_articles
from kb_index.bilingual import AnyEmbedder, load_embedder, models_fingerprint
from kb_index.passages import Passage, article_passages
from kb_index.settings import KBSettings
from kb_index.vectors import make_faiss_index
from kb_index.versions import CURRENT_FILE, current_version_dir

logger = logging.getLogger(__name__)

# 2: the manifest names the Chinese encoder and both models' fingerprints.
FORMAT_VERSION = 2
KEEP_VERSIONS = 3


@dataclass(frozen=True)
class BuildReport:
    """What a build did."""

    version: str
    articles: int
    passages: int
    embedded_articles: int
    reused_articles: int
    removed_articles: int
    index_type: str
    seconds: float
    unchanged: bool


def build_index(
    settings: KBSettings,
    embedder: AnyEmbedder | None = None,
    articles: list[Article] | None = None,
) -> BuildReport:
    """Build a new index version if any article changed, and make it current.

    Vectors of articles whose content hash is unchanged are copied from the current
    version; only new and changed articles are embedded. The new version is written to
    its own directory and the ``CURRENT`` pointer is swapped atomically, so a running
    search service never sees a half-written index.
    """
    started = time.perf_counter()
    articles = load_articles(settings.faq_dir) if articles is None else articles
    hashes = {a.id: a.content_hash for a in articles}
    previous = _load_previous(settings.index_dir)

    fingerprint = embedder.fingerprint if embedder else models_fingerprint(
        settings.model, settings.chinese_model)
    if previous and previous["manifest"]["articles"] == hashes and (
            previous["manifest"]["fingerprint"] == fingerprint):
        manifest = previous["manifest"]
        return BuildReport(
            version=manifest["version"], articles=len(articles), passages=manifest["passages"],
            embedded_articles=0, reused_articles=len(articles), removed_articles=0,
            index_type=manifest["index_type"], seconds=time.perf_counter() - started,
            unchanged=True,
        )

    embedder = embedder or load_embedder(settings.model, settings.chinese_model)
    reusable = _reusable_vectors(previous, hashes, embedder.fingerprint)

    passages: list[Passage] = []
    vectors: list[np.ndarray] = []
    to_embed: list[Passage] = []
    for article in articles:
        own = article_passages(article)
        if article.id in reusable and len(reusable[article.id]) == len(own):
            passages.extend(own)
            vectors.append(reusable[article.id])
        else:
            to_embed.extend(own)
    embedded_ids = {p.article_id for p in to_embed}
    if to_embed:
        passages.extend(to_embed)
        vectors.append(embedder.embed([p.text for p in to_embed]))
    matrix = np.vstack(vectors) if vectors else np.zeros((0, embedder.dimensions), np.float32)

    index, index_type = make_faiss_index(matrix, settings)
    version = _next_version_name(settings.index_dir)
    manifest = {
        "format_version": FORMAT_VERSION,
        "version": version,
        "model": embedder.name,
        "model_path": embedder.model_path,
        "chinese_model_path": getattr(embedder, "chinese_model_path", ""),
        "fingerprint": embedder.fingerprint,
        "dimensions": embedder.dimensions,
        "index_type": index_type,
        "passages": len(passages),
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "articles": hashes,
    }
    _write_version(settings.index_dir, version, manifest, articles, passages, matrix, index)
    previous_ids = set(previous["manifest"]["articles"]) if previous else set()
    report = BuildReport(
        version=version, articles=len(articles), passages=len(passages),
        embedded_articles=len(embedded_ids), reused_articles=len(articles) - len(embedded_ids),
        removed_articles=len(previous_ids - set(hashes)), index_type=index_type,
        seconds=time.perf_counter() - started, unchanged=False,
    )
    logger.info("built %s", report)
    return report


def _version_dirs(index_dir: Path) -> list[Path]:
    """Return the built versions, oldest first (names sort in build order)."""
    if not Path(index_dir).exists():
        return []
    return sorted(p for p in Path(index_dir).iterdir() if p.is_dir() and p.name.startswith("v"))


def _next_version_name(index_dir: Path) -> str:
    """Name a new version: a sequence number that sorts in build order, then the time."""
    versions = _version_dirs(index_dir)
    number = int(versions[-1].name[1:7]) + 1 if versions else 1
    return f"v{number:06d}-" + time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())


def _load_previous(index_dir: Path) -> dict | None:
    version_dir = current_version_dir(index_dir)
    if version_dir is None:
        return None
    manifest = json.loads((version_dir / "manifest.json").read_text())
    if manifest.get("format_version") != FORMAT_VERSION:
        return None
    return {"dir": version_dir, "manifest": manifest}


def _reusable_vectors(
    previous: dict | None, hashes: dict[str, str], fingerprint: str
) -> dict[str, np.ndarray]:
    """Map each unchanged article to its rows of vectors in the previous version."""
    if previous is None or previous["manifest"]["fingerprint"] != fingerprint:
        return {}
    old_hashes = previous["manifest"]["articles"]
    unchanged = {aid for aid, h in hashes.items() if old_hashes.get(aid) == h}
    if not unchanged:
        return {}
    rows = json.loads((previous["dir"] / "passages.json").read_text(encoding="utf-8"))
    matrix = np.load(previous["dir"] / "vectors.npy")
    by_article: dict[str, list[int]] = {}
    for row, passage in enumerate(rows):
        if passage["article_id"] in unchanged:
            by_article.setdefault(passage["article_id"], []).append(row)
    return {aid: matrix[idx] for aid, idx in by_article.items()}


def _write_version(
    index_dir: Path,
    version: str,
    manifest: dict,
    articles: list[Article],
    passages: list[Passage],
    matrix: np.ndarray,
    index: faiss.Index,
) -> None:
    index_dir = Path(index_dir)
    staging = index_dir / f".{version}.tmp"
    staging.mkdir(parents=True)
    faiss.write_index(index, str(staging / "index.faiss"))
    np.save(staging / "vectors.npy", matrix)
    (staging / "passages.json").write_text(
        json.dumps([asdict(p) for p in passages], ensure_ascii=False), encoding="utf-8"
    )
    (staging / "articles.json").write_text(
        json.dumps([a.to_dict() for a in articles], ensure_ascii=False), encoding="utf-8"
    )
    (staging / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
    staging.rename(index_dir / version)

    pointer_tmp = index_dir / f".{CURRENT_FILE}.tmp"
    pointer_tmp.write_text(version)
    os.replace(pointer_tmp, index_dir / CURRENT_FILE)
    _prune(index_dir, keep=version)


def _prune(index_dir: Path, keep: str) -> None:
    """Delete old versions; a few stay so services mid-reload can finish reading them."""
    for old in _version_dirs(index_dir)[:-KEEP_VERSIONS]:
        if old.name != keep:
            shutil.rmtree(old, ignore_errors=True)
