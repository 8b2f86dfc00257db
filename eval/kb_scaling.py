"""Knowledge-base search speed against index size, exact (flat) against HNSW.

The real articles' passage vectors are padded with synthetic ones up to each size: unit
vectors drawn around random centres, so the space has clusters as real text does. Queries
are the held-out questions' embeddings. HNSW recall@10 is measured against flat search.
"""

from __future__ import annotations

import time

import faiss
import numpy as np

from eval.heldout import load_kb_questions
from kb_index.search import KnowledgeBase


def _synthetic(n: int, dimensions: int, rng: np.random.Generator) -> np.ndarray:
    centres = rng.normal(size=(max(1, n // 200), dimensions)).astype(np.float32)
    vectors = centres[rng.integers(0, len(centres), n)] + 0.35 * rng.normal(
        size=(n, dimensions)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def _percentiles(seconds: list[float]) -> tuple[float, float]:
    ms = np.array(seconds) * 1000
    return float(np.percentile(ms, 50)), float(np.percentile(ms, 95))


def measure(kb: KnowledgeBase, sizes: tuple[int, ...] = (1_000, 10_000, 100_000, 1_000_000),
            queries: int = 200, hnsw_m: int = 32, ef_search: int = 128) -> dict:
    """Return embedding time, and per size: build and search times, HNSW recall@10."""
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
        hnsw = faiss.IndexHNSWFlat(data.shape[1], hnsw_m, faiss.METRIC_INNER_PRODUCT)
        hnsw.hnsw.efConstruction = 80
        hnsw.add(data)
        hnsw_build = time.perf_counter() - started
        hnsw.hnsw.efSearch = ef_search
        timings = {"flat": [], "hnsw": []}
        recall_hits = 0
        for vector in query_vectors:
            q = vector.reshape(1, -1)  # embeddings timed separately above, per query
            started = time.perf_counter()
            _, exact = flat.search(q, 10)
            timings["flat"].append(time.perf_counter() - started)
            started = time.perf_counter()
            _, approx = hnsw.search(q, 10)
            timings["hnsw"].append(time.perf_counter() - started)
            recall_hits += len(set(exact[0]) & set(approx[0]))
        flat_p50, flat_p95 = _percentiles(timings["flat"])
        hnsw_p50, hnsw_p95 = _percentiles(timings["hnsw"])
        # With the query embedding: each query's own embedding time plus its search time.
        _, flat_embed_p95 = _percentiles([e + t for e, t in zip(embed_times, timings["flat"],
                                                                strict=True)])
        _, hnsw_embed_p95 = _percentiles([e + t for e, t in zip(embed_times, timings["hnsw"],
                                                                strict=True)])
        rows.append({"vectors": size, "flat_p50": flat_p50, "flat_p95": flat_p95,
                     "hnsw_p50": hnsw_p50, "hnsw_p95": hnsw_p95,
                     "flat_with_embedding_p95": flat_embed_p95,
                     "hnsw_with_embedding_p95": hnsw_embed_p95,
                     "hnsw_recall_at_10": recall_hits / (10 * len(query_vectors)),
                     "hnsw_build_seconds": hnsw_build})
    embed_p50, embed_p95 = _percentiles(embed_times)
    full_search = []
    for text in texts[:100]:
        started = time.perf_counter()
        kb.search(text, None, k=3)
        full_search.append(time.perf_counter() - started)
    search_p50, search_p95 = _percentiles(full_search)
    return {"query_embedding_p50": embed_p50, "query_embedding_p95": embed_p95,
            "hybrid_search_p50": search_p50, "hybrid_search_p95": search_p95,
            "real_vectors": int(len(real)), "sizes": rows}
