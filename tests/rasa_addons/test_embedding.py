"""The sentence-embedding featurizer: one unit-length vector per message, and the models it used."""

from __future__ import annotations

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message

from rasa_addons.embedding import SentenceEmbeddingFeaturizer
from rasa_addons.errors import UnreadableModel
from rasa_addons.tokenizer import BilingualTokenizer
from tests.rasa_addons.pipeline import component, messages, training_data


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


def _load(storage, resource: Resource, **config) -> SentenceEmbeddingFeaturizer:
    context = ExecutionContext(GraphSchema({}), node_name="embedding")
    return SentenceEmbeddingFeaturizer.load(
        {**SentenceEmbeddingFeaturizer.get_default_config(), **config}, storage, resource, context)


def test_chinese_is_embedded_by_the_chinese_encoder_and_english_as_before(storage):
    english, chinese = (m.get_dense_features("text")[1].features[0] for m in _embedded(
        storage, "my deposit has not arrived", "充币还没到账"))
    # The encoder was taught to put a Chinese sentence next to its English meaning.
    assert english @ chinese > 0.6


def test_the_model_records_its_embedding_models_and_another_server_refuses_it(storage,
                                                                             monkeypatch):
    trained = component(SentenceEmbeddingFeaturizer, storage, "embedding")
    resource = trained.train(training_data())
    assert isinstance(_load(storage, resource), SentenceEmbeddingFeaturizer)

    # A server without the Chinese encoder would feed the classifier other vectors.
    monkeypatch.setenv("DESK_EMBEDDING_MODEL_ZH", "")
    with pytest.raises(UnreadableModel, match="retrain it"):
        _load(storage, resource)


def test_a_model_trained_before_models_were_recorded_still_loads(storage):
    assert isinstance(_load(storage, Resource("never-trained")), SentenceEmbeddingFeaturizer)


def test_processing_writes_nothing_into_the_model(storage, tmp_path):
    _embedded(storage, "hello")
    assert not any(tmp_path.rglob("*"))


def test_rasa_caches_the_vectors_of_one_set_of_models_only(monkeypatch):
    # Rasa's training cache keys a component's output by config and this add-on: vectors
    # computed without the Chinese encoder must not be reused by a training with it.
    config = SentenceEmbeddingFeaturizer.get_default_config()
    with_encoder = SentenceEmbeddingFeaturizer.fingerprint_addon(config)
    monkeypatch.setenv("DESK_EMBEDDING_MODEL_ZH", "")
    assert SentenceEmbeddingFeaturizer.fingerprint_addon(config) != with_encoder
