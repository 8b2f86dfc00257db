"""Embed English with the English model and Chinese with the encoder distilled from it.

The Chinese encoder (``python -m encoder build``) was trained so that a Chinese sentence
lands where the English model puts its translation: both write into one vector space, so
an index can hold English passages embedded by one and Chinese passages by the other, and
a Chinese question finds an English passage as readily as a Chinese one. Each text goes to
one model by its script: any Chinese character sends it to the Chinese encoder ("USDT 提不了"
included), everything else to the English model, which embeds English exactly as before.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from kb_index.embedder import Embedder, resolve_model_path, weights_fingerprint
from kb_index.errors import EncoderNotBuilt
from kb_index.text import has_chinese, to_simplified


class BilingualEmbedder:
    """Two embedders behind one ``embed``: the same interface as ``Embedder``."""

    def __init__(self, english: Embedder, chinese: Embedder) -> None:
        if english.dimensions != chinese.dimensions:
            raise ValueError(
                f"the Chinese encoder has {chinese.dimensions} dimensions, "
                f"the English model {english.dimensions}")
        self.english = english
        self.chinese = chinese
        self.dimensions = english.dimensions
        self.model_path = english.model_path
        self.chinese_model_path = chinese.model_path

    @property
    def backend(self) -> str:
        """The English model's backend ("onnx" or "torch")."""
        return self.english.backend

    @property
    def name(self) -> str:
        """Both models, so an index built with other ones is not reused."""
        return f"{self.english.name}+{self.chinese.name}"

    @property
    def fingerprint(self) -> str:
        """Both models' fingerprints: a retrained Chinese encoder changes it."""
        return f"{self.english.fingerprint}+{self.chinese.fingerprint}"

    @property
    def identity(self) -> str:
        """Both models, and the inputs the Chinese encoder was trained from."""
        stamp = Path(self.chinese_model_path) / "inputs.sha256"
        trained_from = stamp.read_text().strip()[:16] if stamp.exists() else "unknown"
        return f"{self.english.identity}+{self.chinese.identity}@{trained_from}"

    def embed(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        """Embed each text with the model for its script; rows keep the callers' order."""
        vectors = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        is_chinese = [has_chinese(t) for t in texts]
        chinese = [i for i, c in enumerate(is_chinese) if c]
        english = [i for i, c in enumerate(is_chinese) if not c]
        if english:
            vectors[english] = self.english.embed([texts[i] for i in english], batch_size)
        if chinese:
            # The encoder learned simplified characters; 帳戶 is read as 账户.
            vectors[chinese] = self.chinese.embed(
                [to_simplified(texts[i]) for i in chinese], batch_size)
        return vectors


# What search, the index build and the NLU featurizer take.
AnyEmbedder = Embedder | BilingualEmbedder


def load_embedder(model: str = "", chinese_model: str = "",
                  threads: int | None = None) -> AnyEmbedder:
    """The embedder for the settings: one model, or the English model with the Chinese encoder.

    ``chinese_model`` empty means one model for every language (a multilingual one, or the
    English model alone). A set path that holds no encoder is an error, not a silent
    fallback to the English model, which reads most Chinese as unknown tokens.
    """
    english = Embedder(model, threads=threads)
    if not chinese_model:
        return english
    if not (Path(chinese_model) / "modules.json").exists():
        raise EncoderNotBuilt(
            f"no Chinese encoder in {chinese_model}: build it with `make encoder` "
            "(python -m encoder build), or set DESK_EMBEDDING_MODEL_ZH= to use one model")
    return BilingualEmbedder(english, Embedder(chinese_model, threads=threads))


def models_fingerprint(model: str = "", chinese_model: str = "") -> str:
    """What ``load_embedder(model, chinese_model).fingerprint`` is, without loading them."""
    english = weights_fingerprint(Path(resolve_model_path(model)))
    if not chinese_model:
        return english
    if not (Path(chinese_model) / "modules.json").exists():
        return f"{english}+(not built)"
    return f"{english}+{weights_fingerprint(Path(chinese_model))}"
