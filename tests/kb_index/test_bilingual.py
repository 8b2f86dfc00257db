"""English through the English model, Chinese through the distilled encoder, one vector space."""

from __future__ import annotations

import os
import shutil

import numpy as np
import pytest

from kb_index.bilingual import BilingualEmbedder, has_chinese, load_embedder, models_fingerprint
from kb_index.build import build_index
from kb_index.embedder import Embedder, resolve_model_path
from kb_index.errors import EncoderNotBuilt
from kb_index.search import KnowledgeBase
from kb_index.settings import KBSettings


class RecordingEmbedder:
    """Embeds every text as a constant vector and remembers what it was given."""

    def __init__(self, value: float, name: str) -> None:
        self.value, self.name, self.model_path = value, name, f"/models/{name}"
        self.dimensions, self.backend, self.fingerprint = 3, "onnx", f"{name}-1"
        self.seen: list[str] = []

    def embed(self, texts, batch_size=64):
        self.seen.extend(texts)
        return np.full((len(texts), 3), self.value, dtype=np.float32)


def test_each_text_goes_to_the_model_for_its_script_and_rows_keep_their_order():
    english, chinese = RecordingEmbedder(1.0, "en"), RecordingEmbedder(2.0, "zh")
    embedder = BilingualEmbedder(english, chinese)

    vectors = embedder.embed(["hello", "USDT 提不了", "帳戶被凍結", "2FA reset"])

    assert vectors[:, 0].tolist() == [1.0, 2.0, 2.0, 1.0]
    assert english.seen == ["hello", "2FA reset"]
    # Traditional characters reach the encoder as the simplified ones it learned.
    assert chinese.seen == ["USDT 提不了", "账户被冻结"]
    assert embedder.name == "en+zh" and embedder.fingerprint == "en-1+zh-1"
    assert embedder.embed([]).shape == (0, 3)


def test_chinese_is_recognised_by_its_characters():
    assert has_chinese("提币") and has_chinese("my 充值") and has_chinese("帳")
    assert not has_chinese("withdrawal ４２") and not has_chinese("")


def test_models_of_different_sizes_cannot_be_paired():
    other = RecordingEmbedder(2.0, "zh")
    other.dimensions = 4
    with pytest.raises(ValueError, match="dimensions"):
        BilingualEmbedder(RecordingEmbedder(1.0, "en"), other)


def test_a_chinese_encoder_that_was_never_built_is_an_error_not_a_fallback(tmp_path):
    with pytest.raises(EncoderNotBuilt, match="make encoder"):
        load_embedder("", str(tmp_path / "encoder-zh"))
    assert isinstance(load_embedder("", ""), Embedder)


def test_the_fingerprint_changes_when_the_encoder_is_retrained(tmp_path):
    encoder = tmp_path / "encoder-zh"
    shutil.copytree(resolve_model_path(""), encoder, symlinks=False)
    before = models_fingerprint("", str(encoder))
    weights = encoder / "model.safetensors"
    stat = weights.stat()
    os.utime(weights, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert models_fingerprint("", str(encoder)) != before
    assert models_fingerprint("", "").startswith("model-")
    assert models_fingerprint("", str(tmp_path / "missing")).endswith("(not built)")


def test_a_rebuilt_encoder_re_embeds_every_article(settings, tmp_path):
    encoder = tmp_path / "encoder-zh"
    shutil.copytree(resolve_model_path(""), encoder, symlinks=False)
    settings = KBSettings(**{**settings.dict(), "chinese_model": str(encoder)})
    first = build_index(settings)
    assert build_index(settings).unchanged
    weights = encoder / "model.safetensors"
    stat = weights.stat()
    os.utime(weights, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    again = build_index(settings)
    assert not again.unchanged and again.embedded_articles == first.articles


def test_english_questions_are_compared_with_english_passages_only(settings):
    build_index(settings)
    kb = KnowledgeBase.load(settings)
    vector = kb.embed_query("how do I reset my authenticator")
    english = kb._dense_scores(vector, "en")
    both = kb._dense_scores(vector, "zh")
    assert set(english) == set(both) == set(kb.articles)
    # The best English passage of each article is what an English question scores.
    assert all(english[a] <= both[a] + 1e-6 for a in english)
    assert max(english, key=english.get) == "reset-2fa"


def test_a_chinese_question_finds_the_article_by_meaning(settings):
    build_index(settings)
    kb = KnowledgeBase.load(settings)
    # No word of the question is in the article: only the encoder can connect them.
    hits = kb.search("开发者接口的密钥在哪里生成", "zh", k=1, mode="dense")
    assert hits[0].article_id == "api-keys"


def test_the_dense_weight_decides_how_much_meaning_counts_against_words(settings):
    build_index(settings)
    lexical_only = KnowledgeBase.load(KBSettings(**{**settings.dict(),
                                                     "dense_weights": {"zh": 0.0}}))
    query = "现货手续费"
    fused = lexical_only.search(query, "zh", k=4)
    lexical = lexical_only.search(query, "zh", k=4, mode="lexical")
    assert [h.article_id for h in fused] == [h.article_id for h in lexical]
