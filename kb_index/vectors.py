"""The FAISS index over the passage vectors: exact search when small, HNSW past a size."""

from __future__ import annotations

import faiss
import numpy as np

from kb_index.settings import KBSettings


def make_faiss_index(vectors: np.ndarray, settings: KBSettings) -> tuple[faiss.Index, str]:
    """Return an exact index for small collections, an HNSW graph past the setting."""
    dimensions = vectors.shape[1]
    if len(vectors) >= settings.ann_min_vectors:
        index = faiss.IndexHNSWFlat(dimensions, settings.hnsw_m, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = 80
        index_type = "hnsw"
    else:
        index = faiss.IndexFlatIP(dimensions)
        index_type = "flat"
    if len(vectors):
        index.add(vectors)
    return index, index_type


def tune_for_search(index: faiss.Index, settings: KBSettings) -> faiss.Index:
    """Apply the search-time settings (HNSW's efSearch) to a built or loaded index."""
    if isinstance(index, faiss.IndexHNSW):
        index.hnsw.efSearch = settings.hnsw_ef_search
    return index
