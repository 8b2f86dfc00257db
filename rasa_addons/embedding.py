"""Dense features from a sentence-transformers model, for intent classification."""

from __future__ import annotations

import json
import logging
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

from kb_index.bilingual import load_embedder, models_fingerprint
from kb_index.settings import KBSettings
from rasa_addons.errors import UnreadableModel

logger = logging.getLogger(__name__)
_IDENTITY_FILE = "embedding.json"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=True)
class SentenceEmbeddingFeaturizer(DenseFeaturizer, GraphComponent):
    """Add the sentence embedding as sentence features, repeated per token as sequence ones.

    ``model`` is a sentence-transformers directory; empty means the knowledge base's
    setting (``DESK_EMBEDDING_MODEL``, by default the packaged all-MiniLM-L6-v2). Text with
    Chinese characters goes to the Chinese encoder, as in search (``kb_index.bilingual``):
    ``chinese_model`` empty means ``DESK_EMBEDDING_MODEL_ZH``.

    The classifier after it learned from these vectors, so the trained model records which
    models made them, and a server whose models differ (another encoder, or none) refuses
    to load it rather than classify Chinese from vectors it was not trained on.
    """

    @staticmethod
    def required_components() -> list[type]:
        """Tokens are needed to shape the sequence features."""
        return [Tokenizer]

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """Return the default config."""
        return {**DenseFeaturizer.get_default_config(), "model": "", "chinese_model": "",
                "batch_size": 64}

    def __init__(self, config: dict[str, Any], name: str, model_storage: ModelStorage,
                 resource: Resource) -> None:
        super().__init__(name, config)
        self._model_storage = model_storage
        self._resource = resource
        settings = KBSettings()
        self._embedder = load_embedder(config["model"] or settings.model,
                                       config["chinese_model"] or settings.chinese_model)

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SentenceEmbeddingFeaturizer:
        """Create the featurizer and load the model."""
        return cls(config, execution_context.node_name, model_storage, resource)

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str | None:
        """The models' weights, so Rasa's training cache never reuses another model's vectors."""
        settings = KBSettings()
        return models_fingerprint(config["model"] or settings.model,
                                  config["chinese_model"] or settings.chinese_model)

    def train(self, training_data: TrainingData) -> Resource:
        """Record which models embed the messages; nothing else is learned."""
        with self._model_storage.write_to(self._resource) as directory:
            (directory / _IDENTITY_FILE).write_text(
                json.dumps({"embedder": self._embedder.identity}))
        return self._resource

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> SentenceEmbeddingFeaturizer:
        """Load the embedding models, refusing ones other than those the model was trained with."""
        component = cls(config, execution_context.node_name, model_storage, resource)
        try:
            with model_storage.read_from(resource) as directory:
                recorded = json.loads((directory / _IDENTITY_FILE).read_text())["embedder"]
        except json.JSONDecodeError as e:
            raise UnreadableModel(cls.__name__, resource.name, str(e)) from e
        except ValueError:
            # The storage has no such resource: a model trained before models were recorded.
            logger.debug("%s in %s recorded no embedding models", cls.__name__, resource.name)
            return component
        except (OSError, KeyError) as e:
            raise UnreadableModel(cls.__name__, resource.name, str(e)) from e
        current = component._embedder.identity
        if recorded != current:
            raise UnreadableModel(
                cls.__name__, resource.name,
                f"the model was trained on vectors of {recorded}, and this server embeds with "
                f"{current}; retrain it (make model) or point DESK_EMBEDDING_MODEL and "
                "DESK_EMBEDDING_MODEL_ZH at the models it was trained with")
        return component

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
