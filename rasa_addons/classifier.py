"""Intent classification by logistic regression over sparse n-grams and the embedding."""

from __future__ import annotations

import logging
from typing import Any

import joblib
import numpy as np
import scipy.sparse
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.nlu.featurizers.featurizer import Featurizer
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import normalize

logger = logging.getLogger(__name__)

_MODEL_FILE = "linear_intent_classifier.joblib"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class LinearIntentClassifier(GraphComponent, IntentClassifier):
    """Logistic regression on [sparse n-gram counts ; dense sentence embedding].

    Each block is L2-normalised and weighted (``sparse_weight``, ``dense_weight``) before
    they are stacked, so neither drowns the other: word and character n-grams carry
    Chinese and exact terms (TRC20, nonce), the embedding carries English paraphrase.
    """

    @staticmethod
    def required_components() -> list[type]:
        """Features come from the featurizers before it."""
        return [Featurizer]

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """Return the default config."""
        return {
            "C": 10.0,
            "sparse_weight": 1.0,
            "dense_weight": 1.0,
            "max_iter": 2000,
            "ranking_length": 10,
        }

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        model: LogisticRegression | None = None,
    ) -> None:
        self._config = config
        self._model_storage = model_storage
        self._resource = resource
        self._model = model

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LinearIntentClassifier:
        """Create an untrained classifier."""
        return cls(config, model_storage, resource)

    def _features(self, message: Message) -> scipy.sparse.csr_matrix | None:
        _, sparse = message.get_sparse_features(TEXT)
        _, dense = message.get_dense_features(TEXT)
        blocks = []
        if sparse is not None:
            block = normalize(scipy.sparse.csr_matrix(sparse.features, dtype=np.float64))
            blocks.append(block * self._config["sparse_weight"])
        if dense is not None:
            block = normalize(np.asarray(dense.features, dtype=np.float64).reshape(1, -1))
            blocks.append(scipy.sparse.csr_matrix(block * self._config["dense_weight"]))
        return scipy.sparse.hstack(blocks).tocsr() if blocks else None

    def train(self, training_data: TrainingData) -> Resource:
        """Fit the regression on the intent examples."""
        rows, labels = [], []
        for example in training_data.intent_examples:
            features = self._features(example)
            if features is not None:
                rows.append(features)
                labels.append(example.get(INTENT))
        if len(set(labels)) < 2:
            logger.warning("LinearIntentClassifier needs two intents or more; not trained")
            return self._resource
        self._model = LogisticRegression(
            C=self._config["C"], max_iter=self._config["max_iter"], class_weight="balanced"
        )
        self._model.fit(scipy.sparse.vstack(rows), labels)
        with self._model_storage.write_to(self._resource) as directory:
            joblib.dump(self._model, directory / _MODEL_FILE)
        return self._resource

    def process(self, messages: list[Message]) -> list[Message]:
        """Set the intent and the intent ranking of each message."""
        for message in messages:
            features = self._features(message) if self._model is not None else None
            if features is None:
                message.set(INTENT, {INTENT_NAME_KEY: None, PREDICTED_CONFIDENCE_KEY: 0.0},
                            add_to_output=True)
                message.set("intent_ranking", [], add_to_output=True)
                continue
            probabilities = self._model.predict_proba(features)[0]
            order = np.argsort(probabilities)[::-1][: self._config["ranking_length"]]
            ranking = [
                {INTENT_NAME_KEY: str(self._model.classes_[i]),
                 PREDICTED_CONFIDENCE_KEY: float(probabilities[i])}
                for i in order
            ]
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set("intent_ranking", ranking, add_to_output=True)
        return messages

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> LinearIntentClassifier:
        """Load a trained classifier, or an untrained one if training stored nothing."""
        try:
            with model_storage.read_from(resource) as directory:
                model = joblib.load(directory / _MODEL_FILE)
        except (ValueError, FileNotFoundError):
            logger.debug("no trained LinearIntentClassifier in %s", resource.name)
            model = None
        return cls(config, model_storage, resource, model)
