"""Featurize messages as config.yml does, for the tests of the components after it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import CountVectorsFeaturizer
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from rasa_addons.embedding import SentenceEmbeddingFeaturizer
from rasa_addons.tokenizer import BilingualTokenizer
from tests.rasa_addons.pipeline import component, training_data


@pytest.fixture(scope="session")
def featurize(tmp_path_factory: pytest.TempPathFactory) -> Callable[[list[Message]], list[Message]]:
    """Tokenize and featurize messages as config.yml does before the classifier."""
    storage = LocalModelStorage(Path(tmp_path_factory.mktemp("featurizers")))
    tokenizer = component(BilingualTokenizer, storage, "tokenizer")
    words = component(CountVectorsFeaturizer, storage, "words", analyzer="word",
                      min_ngram=1, max_ngram=2, use_lemma=True)
    chars = component(CountVectorsFeaturizer, storage, "chars", analyzer="char",
                      min_ngram=1, max_ngram=4)
    embedding = component(SentenceEmbeddingFeaturizer, storage, "embedding")
    data = training_data()
    tokenizer.process_training_data(data)
    words.train(data)
    chars.train(data)

    def run(batch: list[Message]) -> list[Message]:
        tokenizer.process(batch)
        words.process(batch)
        chars.process(batch)
        return embedding.process(batch)

    return run


@pytest.fixture
def featurized_training_data(featurize) -> TrainingData:
    """The training set with every feature the classifier reads."""
    data = training_data()
    featurize(data.training_examples)
    return data
