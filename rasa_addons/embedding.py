"""Dense features from a sentence-transformers model, for intent classification."""

from __future__ import annotations

from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.nlu.tokenizers.tokenizer import Tokenizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from kb_index.embedder import Embedder


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class SentenceEmbeddingFeaturizer(DenseFeaturizer, GraphComponent):
    """Add the sentence embedding as sentence features, repeated per token as sequence ones.

    ``model`` is a sentence-transformers directory; empty means the packaged
    all-MiniLM-L6-v2, or the ``DESK_EMBEDDING_MODEL`` the deployment sets.
    """

    @staticmethod
    def required_components() -> list[type]:
        """Tokens are needed to shape the sequence features."""
        return [Tokenizer]

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """Return the default config."""
        return {**DenseFeaturizer.get_default_config(), "model": "", "batch_size": 64}

    def __init__(self, config: dict[str, Any], name: str) -> None:
        super().__init__(name, config)
        import os

        self._embedder = Embedder(config["model"] or os.environ.get("DESK_EMBEDDING_MODEL", ""))

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SentenceEmbeddingFeaturizer:
        """Create the featurizer and load the model."""
        return cls(config, execution_context.node_name)

    @staticmethod
    def required_packages() -> list[str]:
        """The embedding library."""
        return ["sentence_transformers"]

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Featurize every training example that has text."""
        self.process(training_data.training_examples)
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        """Featurize messages, embedding them in batches."""
        with_text = [m for m in messages if m.get(TEXT) and m.get(TOKENS_NAMES[TEXT])]
        if not with_text:
            return messages
        vectors = self._embedder.embed(
            [m.get(TEXT) for m in with_text], batch_size=self._config["batch_size"]
        )
        for message, vector in zip(with_text, vectors, strict=True):
            n_tokens = len(message.get(TOKENS_NAMES[TEXT]))
            sentence = vector.reshape(1, -1)
            sequence = np.repeat(sentence, n_tokens, axis=0)
            self.add_features_to_message(
                sequence=sequence, sentence=sentence, attribute=TEXT, message=message
            )
        return messages

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        """Nothing to check beyond the defaults."""
