"""Intent classification by logistic regression over sparse n-grams and the embedding."""

from __future__ import annotations

import logging
from typing import Any

import numpy as np
import scipy.sparse
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from sklearn.preprocessing import normalize

from rasa_addons import regression_store
from rasa_addons.errors import UnreadableModel

logger = logging.getLogger(__name__)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class LinearIntentClassifier(LogisticRegressionClassifier):
    """Rasa's logistic regression, on feature blocks normalised and weighted one by one.

    The sparse n-gram block and the dense sentence embedding are each L2-normalised and
    weighted (``sparse_weight``, ``dense_weight``) before they are stacked, so neither drowns
    the other: word and character n-grams carry Chinese and exact terms (TRC20, nonce), the
    embedding carries English paraphrase. ``C`` is the regression's inverse regularisation,
    which Rasa's class leaves at scikit-learn's default. A message without features gets no
    intent rather than an error, and the fitted regression is saved as arrays and JSON
    (``regression_store``), not with skops as Rasa's class does.
    """

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """Return Rasa's defaults plus the block weights, ``C`` and a higher ``max_iter``."""
        return {
            **LogisticRegressionClassifier.get_default_config(),
            "C": 10.0,
            "sparse_weight": 1.0,
            "dense_weight": 1.0,
            "max_iter": 2000,
        }

    def __init__(
        self,
        config: dict[str, Any],
        name: str,
        model_storage: ModelStorage,
        resource: Resource,
    ) -> None:
        super().__init__(config, name, model_storage, resource)
        self.clf.set_params(C=self.config["C"])

    def _create_X(self, messages: list[Message]) -> scipy.sparse.csr_matrix:
        """Stack each message's sentence features: [sparse ; dense], each unit-length and weighted."""
        return scipy.sparse.vstack([self._message_row(m) for m in messages], format="csr")

    def _message_row(self, message: Message) -> scipy.sparse.csr_matrix:
        _, sparse = message.get_sparse_features(TEXT)
        _, dense = message.get_dense_features(TEXT)
        # A missing block is an empty one, as in Rasa's own _create_X.
        blocks = [scipy.sparse.csr_matrix((1, 0))]
        if sparse is not None:
            block = normalize(scipy.sparse.csr_matrix(sparse.features, dtype=np.float64))
            blocks.append(block * self.config["sparse_weight"])
        if dense is not None:
            block = normalize(np.asarray(dense.features, dtype=np.float64).reshape(1, -1))
            blocks.append(scipy.sparse.csr_matrix(block * self.config["dense_weight"]))
        return scipy.sparse.hstack(blocks).tocsr()

    def process(self, messages: list[Message]) -> list[Message]:
        """Classify the messages; one with no features (blank text) gets no intent, as before.

        Rasa's class expects features on every message and a trained regression, and fails
        otherwise; this one answers "no intent" then, as Rasa's SklearnIntentClassifier does,
        and the FallbackClassifier turns that into nlu_fallback.
        """
        trained = hasattr(self.clf, "classes_")
        featurized = []
        for message in messages:
            if trained and message.features_present(TEXT):
                featurized.append(message)
            else:
                message.set(INTENT, {INTENT_NAME_KEY: None, PREDICTED_CONFIDENCE_KEY: 0.0},
                            add_to_output=True)
                message.set(INTENT_RANKING_KEY, [], add_to_output=True)
        if featurized:
            super().process(featurized)
        return messages

    def persist(self) -> None:
        """Save the fitted regression as arrays and JSON, never as a pickle."""
        with self._model_storage.write_to(self._resource) as directory:
            regression_store.save(self.clf, directory)

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> LinearIntentClassifier:
        """Rebuild the trained regression from its arrays; untrained if training stored none."""
        component = cls(config, execution_context.node_name, model_storage, resource)
        try:
            with model_storage.read_from(resource) as directory:
                regression_store.restore(component.clf, directory)
        except regression_store.UnreadableRegression as e:
            raise UnreadableModel(cls.__name__, resource.name, str(e)) from e
        except ValueError:
            # The storage has no such resource (restore's own errors are handled above).
            logger.debug("no trained %s in %s", cls.__name__, resource.name)
        return component
