"""Knowledge-base search speed against index size, exact (flat) against HNSW.

The real articles' passage vectors are padded with synthetic ones up to each size: unit
vectors drawn around random centres, so the space has clusters as real text does. Queries
are the held-out questions' embeddings. HNSW recall@10 is measured against flat search.
The HNSW graph is built as the index builds it (`kb_index.vectors.make_faiss_index`), with
the knowledge base's settings; at the largest size efSearch is swept, to show what more
recall costs.
"""

from __future__ import annotations

import time

import faiss
import numpy as np

from eval.heldout import load_kb_questions
from eval.timing import percentiles_ms
from kb_index.search import KnowledgeBase
from kb_index.vectors import make_faiss_index, tune_for_search

EF_SEARCH_SWEEP = (64, 128, 256, 512)


def _synthetic(n: int, dimensions: int, rng: np.random.Generator) -> np.ndarray:
    centres = rng.normal(size=(max(1, n // 200), dimensions)).astype(np.float32)
    vectors = centres[rng.integers(0, len(centres), n)] + 0.35 * rng.normal(
        size=(n, dimensions)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def _percentiles(seconds: list[float]) -> tuple[float, float]:
    return tuple(percentiles_ms(seconds).values())


def measure(kb: KnowledgeBase, sizes: tuple[int, ...] = (1_000, 10_000, 100_000, 1_000_000),
            queries: int = 200) -> dict:
    """Return embedding time, and per size: build and search times, HNSW recall@10."""
    graph_settings = kb.settings.copy(update={"ann_min_vectors": 0})  # always HNSW
    real = np.load(kb.version_dir / "vectors.npy")
    in_scope, _ = load_kb_questions()
    texts = [e.text for e in in_scope][:queries]
    embed_times = []
    for text in texts:
        started = time.perf_counter()
        kb.embed_query(text)
        embed_times.append(time.perf_counter() - started)
    query_vectors = kb.embedder.embed(texts)
    rng = np.random.default_rng(7)
    rows = []
    for size in sizes:
        data = np.vstack([real, _synthetic(max(0, size - len(real)), real.shape[1], rng)])[:size]
        flat = faiss.IndexFlatIP(data.shape[1])
        flat.add(data)
        started = time.perf_counter()
        hnsw = tune_for_search(make_faiss_index(data, graph_settings)[0], kb.settings)
        hnsw_build = time.perf_counter() - started
        flat_times, exact = [], []
        for vector in query_vectors:
            started = time.perf_counter()
            exact.append(set(flat.search(vector.reshape(1, -1), 10)[1][0]))
            flat_times.append(time.perf_counter() - started)
        hnsw_times, recall = _search_hnsw(hnsw, query_vectors, exact)
        flat_p50, flat_p95 = _percentiles(flat_times)
        hnsw_p50, hnsw_p95 = _percentiles(hnsw_times)
        # With the query embedding: each query's own embedding time plus its search time.
        _, flat_embed_p95 = _percentiles([e + t for e, t in zip(embed_times, flat_times,
                                                                strict=True)])
        _, hnsw_embed_p95 = _percentiles([e + t for e, t in zip(embed_times, hnsw_times,
                                                                strict=True)])
        rows.append({"vectors": size, "flat_p50": flat_p50, "flat_p95": flat_p95,
                     "hnsw_p50": hnsw_p50, "hnsw_p95": hnsw_p95,
                     "flat_with_embedding_p95": flat_embed_p95,
                     "hnsw_with_embedding_p95": hnsw_embed_p95,
                     "hnsw_recall_at_10": recall, "hnsw_build_seconds": hnsw_build})
    ef_sweep = []
    for ef_search in EF_SEARCH_SWEEP:  # on the largest graph, the last one built
        hnsw.hnsw.efSearch = ef_search
        times, recall = _search_hnsw(hnsw, query_vectors, exact)
        p50, p95 = _percentiles(times)
        ef_sweep.append({"ef_search": ef_search, "p50": p50, "p95": p95, "recall_at_10": recall})
    embed_p50, embed_p95 = _percentiles(embed_times)
    full_search = []
    for text in texts[:100]:
        started = time.perf_counter()
        kb.search(text, None, k=3)
        full_search.append(time.perf_counter() - started)
    search_p50, search_p95 = _percentiles(full_search)
    return {"query_embedding_p50": embed_p50, "query_embedding_p95": embed_p95,
            "hybrid_search_p50": search_p50, "hybrid_search_p95": search_p95,
            "real_vectors": int(len(real)), "sizes": rows,
            "hnsw_m": kb.settings.hnsw_m, "ef_search": kb.settings.hnsw_ef_search,
            "ef_search_sweep": {"vectors": sizes[-1], "rows": ef_sweep}}


def _search_hnsw(hnsw, query_vectors: np.ndarray, exact: list[set]) -> tuple[list[float], float]:
    """Time each query alone (embeddings are timed separately); return times and recall@10."""
    times, hits = [], 0
    for vector, truth in zip(query_vectors, exact, strict=True):
        started = time.perf_counter()
        _, approx = hnsw.search(vector.reshape(1, -1), 10)
        times.append(time.perf_counter() - started)
        hits += len(truth & set(approx[0]))
    return times, hits / (10 * len(query_vectors))
