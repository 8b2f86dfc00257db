"""The sentence-embedding featurizer: one unit-length vector per message, and no saved state."""

from __future__ import annotations

import numpy as np
import pytest
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.shared.nlu.training_data.message import Message

from rasa_addons.embedding import SentenceEmbeddingFeaturizer
from rasa_addons.tokenizer import BilingualTokenizer
from tests.rasa_addons.pipeline import component, messages


@pytest.fixture
def storage(tmp_path) -> LocalModelStorage:
    return LocalModelStorage(tmp_path)


def _embedded(storage, *texts: str) -> list[Message]:
    tokenizer = component(BilingualTokenizer, storage, "tokenizer")
    featurizer = component(SentenceEmbeddingFeaturizer, storage, "embedding")
    return featurizer.process(tokenizer.process(messages(*texts)))


def test_each_message_gets_its_sentence_vector_and_one_copy_per_token(storage):
    for message in _embedded(storage, "my USDT deposit has not arrived", "充币还没到账"):
        sequence, sentence = message.get_dense_features("text")
        n_tokens = len(message.get("text_tokens"))
        assert sentence.features.shape == (1, 384)
        assert sequence.features.shape == (n_tokens, 384)
        np.testing.assert_allclose(np.linalg.norm(sentence.features), 1.0, rtol=1e-5)
        np.testing.assert_array_equal(sequence.features, np.repeat(sentence.features, n_tokens, 0))


def test_a_paraphrase_is_closer_than_another_topic(storage):
    lost, gone, fees = (m.get_dense_features("text")[1].features[0] for m in _embedded(
        storage, "I lost the phone with my authenticator", "my 2FA device is gone",
        "what are the spot trading fees"))
    assert lost @ gone > lost @ fees


def test_a_message_without_text_is_left_alone(storage):
    (message,) = _embedded(storage, "")
    assert message.get_dense_features("text") == (None, None)


def test_the_featurizer_writes_nothing_into_the_model(storage, tmp_path):
    _embedded(storage, "hello")
    assert not any(tmp_path.rglob("*"))
