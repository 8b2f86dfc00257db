"""Hybrid search over a built index: FAISS dense ranking fused with BM25."""

from __future__ import annotations

import json
import math
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import bm25s
import faiss
import numpy as np

from kb_index.articles import LANGUAGES, Article
from kb_index.bilingual import AnyEmbedder, load_embedder
from kb_index.errors import IndexNotBuilt
from kb_index.passages import lexical_document
from kb_index.settings import KBSettings
from kb_index.text import lexical_terms
from kb_index.vectors import tune_for_search
from kb_index.versions import current_version_dir

Mode = Literal["hybrid", "dense", "lexical"]

# Enough passage neighbours that every plausible article gets a dense score.
_DENSE_CANDIDATES = 200


@dataclass(frozen=True)
class Hit:
    """One ranked article.

    ``score`` orders the hits (reciprocal-rank fusion in hybrid mode); ``confidence`` in
    [0, 1] says how well the article matches and is what answer thresholds compare to:
    the mean of the best passage's cosine similarity and the share of the query's
    informative terms (weighted by IDF) that the article contains. For a query in a
    language the embedding model does not cover, both use the lexical side only.
    """

    article_id: str
    language: str
    score: float
    confidence: float
    dense: float
    lexical: float
    title: str


class KnowledgeBase:
    """A loaded index version: articles, passage vectors, FAISS index and BM25."""

    def __init__(self, version_dir: Path, settings: KBSettings, embedder: AnyEmbedder | None = None):
        self.version_dir = Path(version_dir)
        self.settings = settings
        self.manifest = json.loads((self.version_dir / "manifest.json").read_text())
        self.version: str = self.manifest["version"]
        articles = json.loads((self.version_dir / "articles.json").read_text(encoding="utf-8"))
        self.articles: dict[str, Article] = {a["id"]: Article.from_dict(a) for a in articles}
        passages = json.loads((self.version_dir / "passages.json").read_text(encoding="utf-8"))
        self._passage_article = [p["article_id"] for p in passages]
        self._passage_language = [p["language"] for p in passages]
        self._index = tune_for_search(
            faiss.read_index(str(self.version_dir / "index.faiss")), settings)
        self._embedder = embedder
        self._build_lexical()

    @classmethod
    def load(cls, settings: KBSettings, embedder: AnyEmbedder | None = None) -> KnowledgeBase:
        """Load the current version from the settings' index directory."""
        version_dir = current_version_dir(settings.index_dir)
        if version_dir is None:
            raise IndexNotBuilt(
                f"no index in {settings.index_dir}; build it with `python -m kb_index build`"
            )
        return cls(version_dir, settings, embedder)

    @property
    def embedder(self) -> AnyEmbedder:
        """The query embedder, loaded on first use."""
        if self._embedder is None:
            self._embedder = load_embedder(self.manifest["model_path"],
                                           self.manifest["chinese_model_path"])
        return self._embedder

    def _build_lexical(self) -> None:
        self._doc_keys: list[tuple[str, str]] = []
        corpus: list[list[str]] = []
        for article in self.articles.values():
            for lang in LANGUAGES:
                self._doc_keys.append((article.id, lang))
                corpus.append(lexical_terms(lexical_document(article, lang)) or ["∅"])
        self._doc_terms = [set(terms) for terms in corpus]
        document_frequency = Counter(t for terms in self._doc_terms for t in terms)
        n_docs = len(corpus)
        self._idf = {
            t: math.log(1 + (n_docs - df + 0.5) / (df + 0.5)) for t, df in document_frequency.items()
        }
        self._unseen_idf = math.log(1 + (n_docs + 0.5) / 0.5)
        vocabulary = {t: i for i, t in enumerate(sorted(document_frequency))}
        self._vocabulary = vocabulary
        self._bm25 = bm25s.BM25()
        self._bm25.index(
            bm25s.tokenization.Tokenized(
                ids=[[vocabulary[t] for t in terms] for terms in corpus], vocab=vocabulary
            ),
            show_progress=False,
        )

    def article(self, article_id: str) -> Article:
        """Return an article by id."""
        return self.articles[article_id]

    def embed_query(self, query: str) -> np.ndarray:
        """Embed a query (exposed so benchmarks can time search without it)."""
        return self.embedder.embed([query])

    def search(
        self,
        query: str,
        language: str | None = None,
        k: int = 3,
        mode: Mode = "hybrid",
        query_vector: np.ndarray | None = None,
    ) -> list[Hit]:
        """Return up to ``k`` articles for the query, best first.

        Each hit is labelled with the user's language when the article has it, so the
        caller shows the article in the language the user wrote in.
        """
        if not query.strip() or not self.articles:
            return []
        dense: dict[str, float] = {}
        if mode in ("hybrid", "dense"):
            vector = self.embed_query(query) if query_vector is None else query_vector
            dense = self._dense_scores(vector, language)
        lexical: dict[str, float] = {}
        coverage: dict[str, float] = {}
        if mode in ("hybrid", "lexical"):
            lexical, coverage = self._lexical_scores(query, language)

        dense_counts = language is None or language in self.settings.dense_languages
        if mode == "dense":
            ranking = dense
        elif mode == "lexical":
            ranking = lexical
        else:
            weight = self.settings.dense_weights.get(language or "", 1.0)
            ranking = self._fuse([(dense, weight), (lexical, 1.0)] if dense_counts
                                 else [(lexical, 1.0)])

        def confidence(article_id: str) -> float:
            dense_score = max(dense.get(article_id, 0.0), 0.0)
            if mode == "dense":
                return dense_score
            cover = coverage.get(article_id, 0.0)
            if mode == "lexical" or not dense_counts:
                return cover
            return (dense_score + cover) / 2

        # Fusion ties often: first in one ranking and second in the other, both ways
        # round. The more confident article of the two goes first.
        best = sorted(ranking, key=lambda a: (-ranking[a], -confidence(a)))[:k]
        hits = []
        for article_id in best:
            article = self.articles[article_id]
            lang = language if language in article.title else "en"
            hits.append(
                Hit(article_id, lang, float(ranking[article_id]), float(confidence(article_id)),
                    max(dense.get(article_id, 0.0), 0.0), float(lexical.get(article_id, 0.0)),
                    article.title[lang])
            )
        return hits

    def _dense_scores(self, vector: np.ndarray, language: str | None) -> dict[str, float]:
        # An English question is compared with English passages only; a Chinese one with
        # both languages, as the Chinese encoder was trained to land on English meaning.
        # Held-out English questions: dense Recall@1 0.784 against English passages, 0.771
        # with the Chinese ones added (docs/evaluation.md).
        english_only = language == "en"
        n = min(_DENSE_CANDIDATES * (2 if english_only else 1), self._index.ntotal)
        scores, rows = self._index.search(np.asarray(vector, dtype=np.float32).reshape(1, -1), n)
        best: dict[str, float] = {}
        for score, row in zip(scores[0], rows[0], strict=True):
            if row < 0 or (english_only and self._passage_language[row] != "en"):
                continue
            article_id = self._passage_article[row]
            if score > best.get(article_id, -1.0):
                best[article_id] = float(score)
        return best

    def _lexical_scores(
        self, query: str, language: str | None
    ) -> tuple[dict[str, float], dict[str, float]]:
        terms = lexical_terms(query)
        known = [self._vocabulary[t] for t in terms if t in self._vocabulary]
        if not known:
            return {}, {}
        scores = self._bm25.get_scores(known)
        weights = {t: self._idf.get(t, self._unseen_idf) for t in set(terms)}
        total_weight = sum(weights.values())
        best: dict[str, float] = {}
        coverage: dict[str, float] = {}
        rows = zip(self._doc_keys, scores, self._doc_terms, strict=True)
        for (article_id, lang), score, doc_terms in rows:
            if score <= 0:
                continue
            # The user's own language wins ties between the two halves of an article.
            adjusted = float(score) * (1.05 if lang == language else 1.0)
            if adjusted > best.get(article_id, 0.0):
                best[article_id] = adjusted
            covered = sum(w for t, w in weights.items() if t in doc_terms) / total_weight
            coverage[article_id] = max(coverage.get(article_id, 0.0), covered)
        return best, coverage

    def _fuse(self, rankings: list[tuple[dict[str, float], float]]) -> dict[str, float]:
        """Weighted reciprocal-rank fusion of (ranking, weight) pairs."""
        fused: dict[str, float] = {}
        for ranking, weight in rankings:
            if weight <= 0:
                continue
            ordered = sorted(ranking.items(), key=lambda kv: -kv[1])
            for rank, (article_id, _) in enumerate(ordered, start=1):
                fused[article_id] = (fused.get(article_id, 0.0)
                                     + weight / (self.settings.rrf_k + rank))
        return fused


class KnowledgeBaseStore:
    """Hand out the current index, reloading it when a rebuild has swapped versions.

    A long-running service (the action server) keeps one store; each search calls
    ``current()``, which looks at the ``CURRENT`` pointer at most every few seconds.
    """

    def __init__(self, settings: KBSettings, embedder: AnyEmbedder | None = None) -> None:
        self.settings = settings
        self._embedder = embedder
        self._kb: KnowledgeBase | None = None
        self._checked_at = 0.0
        self._lock = threading.Lock()

    def current(self) -> KnowledgeBase:
        """Return the newest built index, loading or reloading as needed."""
        now = time.monotonic()
        if self._kb is not None and now - self._checked_at < self.settings.reload_check_seconds:
            return self._kb
        with self._lock:
            self._checked_at = now
            version_dir = current_version_dir(self.settings.index_dir)
            if version_dir is None:
                if self._kb is not None:
                    return self._kb
                raise IndexNotBuilt(
                    f"no index in {self.settings.index_dir}; "
                    "build it with `python -m kb_index build`"
                )
            if self._kb is None or self._kb.version_dir != version_dir:
                embedder = self._kb.embedder if self._kb is not None else self._embedder
                self._kb = KnowledgeBase(version_dir, self.settings, embedder)
            return self._kb
