"""The ONNX Runtime backend computes the vectors sentence-transformers computes."""

import json
import shutil

import numpy as np
import pytest

from kb_index.embedder import Embedder, resolve_model_path

TEXTS = [
    "hi",
    "实名认证审核要多久，我已经等了三天了还没有结果",
    "my USDT withdrawal on TRC20 has been pending for two hours although the address is "
    "right and the network matches",
    "ok",
]


def test_onnx_and_torch_backends_give_the_same_vectors_in_padded_batches(tmp_path,
                                                                          monkeypatch):
    monkeypatch.setenv("DESK_EMBEDDING_CACHE", str(tmp_path))
    onnx, torch = Embedder(backend="onnx"), Embedder(backend="torch")
    assert (onnx.backend, torch.backend) == ("onnx", "torch")
    expected = torch.embed(TEXTS)
    for batch_size in (1, 3, 64):
        vectors = onnx.embed(TEXTS, batch_size=batch_size)
        assert vectors.dtype == np.float32 and vectors.shape == expected.shape
        np.testing.assert_allclose(vectors, expected, atol=1e-5)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-5)
    assert len(list(tmp_path.glob("*.onnx"))) == 1 and not list(tmp_path.glob("*.partial"))


def test_a_model_onnx_cannot_reproduce_is_embedded_with_pytorch(tmp_path, monkeypatch):
    # The shipped model with max pooling: the ONNX path only does mean or CLS pooling.
    model = tmp_path / "max-pooled"
    shutil.copytree(resolve_model_path(""), model, symlinks=True)
    pooling = json.loads((model / "1_Pooling" / "config.json").read_text())
    pooling.update(pooling_mode_mean_tokens=False, pooling_mode_max_tokens=True)
    (model / "1_Pooling" / "config.json").write_text(json.dumps(pooling))
    monkeypatch.setenv("DESK_EMBEDDING_CACHE", str(tmp_path / "cache"))

    embedder = Embedder(str(model))

    assert embedder.backend == "torch"
    assert embedder.embed(["hello"]).shape == (1, embedder.dimensions)
    assert not (tmp_path / "cache").exists()


def test_an_unknown_backend_is_refused():
    with pytest.raises(ValueError, match="onnx or torch"):
        Embedder(backend="tensorflow")
