"""The intent classifier: trained, saved without pickle, loaded again, predicting the same."""

from __future__ import annotations

import json
import pickle
import zipfile
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse
import scipy.sparse.linalg
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource

from rasa_addons.classifier import LinearIntentClassifier
from rasa_addons.errors import UnreadableModel
from tests.rasa_addons.pipeline import EXAMPLES, UNSEEN, component, messages

CONFIG = {"C": 10.0, "sparse_weight": 1.0, "dense_weight": 1.0}  # as in config.yml


@pytest.fixture
def storage(tmp_path: Path) -> LocalModelStorage:
    return LocalModelStorage(tmp_path)


def _trained(storage, featurized_training_data, **config) -> LinearIntentClassifier:
    classifier = component(LinearIntentClassifier, storage, "classifier", **{**CONFIG, **config})
    classifier.train(featurized_training_data)
    return classifier


def _load(storage, name: str = "classifier") -> LinearIntentClassifier:
    return LinearIntentClassifier.load({**CONFIG}, storage, Resource(name),
                                       ExecutionContext(GraphSchema({}), node_name=name))


def _predict(classifier, featurize, texts) -> list[tuple[str, list[tuple[str, float]]]]:
    processed = classifier.process(featurize(messages(*texts)))
    return [(m.get("intent")["name"],
             [(r["name"], r["confidence"]) for r in m.get("intent_ranking")]) for m in processed]


def test_unseen_questions_get_the_expected_intent_in_both_languages(storage, featurize,
                                                                    featurized_training_data):
    classifier = _trained(storage, featurized_training_data)
    predicted = [intent for intent, _ in _predict(classifier, featurize, [t for t, _ in UNSEEN])]
    assert predicted == [intent for _, intent in UNSEEN]


def test_a_loaded_classifier_predicts_exactly_what_the_trained_one_did(storage, featurize,
                                                                       featurized_training_data):
    trained = _trained(storage, featurized_training_data)
    texts = [t for t, _ in UNSEEN] + ["something else entirely", "完全无关的话"]
    assert _predict(_load(storage), featurize, texts) == _predict(trained, featurize, texts)


def test_the_ranking_is_sorted_complete_and_headed_by_the_intent(storage, featurize,
                                                                 featurized_training_data):
    classifier = _trained(storage, featurized_training_data, ranking_length=3)
    for message in classifier.process(featurize(messages("提币卡住了", "hello there"))):
        ranking = message.get("intent_ranking")
        confidences = [r["confidence"] for r in ranking]
        assert message.get("intent") == ranking[0]
        assert len(ranking) == 3
        assert confidences == sorted(confidences, reverse=True)
        assert {r["name"] for r in ranking} <= set(EXAMPLES)


def test_config_yml_parameters_reach_the_regression(storage, featurized_training_data):
    regression = _trained(storage, featurized_training_data, max_iter=1234).clf
    assert (regression.C, regression.max_iter, regression.class_weight) == (10.0, 1234, "balanced")


@pytest.mark.parametrize("sparse_weight, dense_weight", [(1.0, 1.0), (0.5, 2.0), (0.0, 1.0)])
def test_each_feature_block_is_unit_length_times_its_weight(storage, featurized_training_data,
                                                            sparse_weight, dense_weight):
    classifier = component(LinearIntentClassifier, storage, "classifier",
                           sparse_weight=sparse_weight, dense_weight=dense_weight)
    examples = featurized_training_data.intent_examples
    X = classifier._create_X(examples)
    n_sparse = examples[0].get_sparse_features("text")[1].features.shape[1]
    sparse_norms = scipy.sparse.linalg.norm(X[:, :n_sparse], axis=1)
    dense_norms = scipy.sparse.linalg.norm(X[:, n_sparse:], axis=1)
    assert X.shape == (len(examples), n_sparse + 384)
    np.testing.assert_allclose(sparse_norms, sparse_weight)
    np.testing.assert_allclose(dense_norms, dense_weight)


def test_the_saved_model_is_arrays_and_json_with_no_pickle(storage, featurized_training_data):
    _trained(storage, featurized_training_data)
    with storage.read_from(Resource("classifier")) as directory:
        files = sorted(p.name for p in directory.iterdir())
        assert files == ["regression.json", "regression.npz"]
        json.loads((directory / "regression.json").read_text())
        with zipfile.ZipFile(directory / "regression.npz") as archive:
            assert all(name.endswith(".npy") for name in archive.namelist())
        with np.load(directory / "regression.npz", allow_pickle=False) as arrays:
            assert all(arrays[name].dtype != object for name in arrays.files)


_unpickled = []


class _RunsCodeWhenUnpickled:
    def __reduce__(self):
        return (_unpickled.append, ("code ran",))


def test_a_pickled_model_from_the_old_format_is_refused_not_unpickled(storage):
    with storage.write_to(Resource("classifier")) as directory:
        (directory / "linear_intent_classifier.joblib").write_bytes(
            pickle.dumps(_RunsCodeWhenUnpickled()))
    with pytest.raises(UnreadableModel, match="train it again"):
        _load(storage)
    assert _unpickled == []


@pytest.mark.parametrize("tamper, error", [
    (lambda saved: {**saved, "classes": saved["classes"].astype(object)}, "allow_pickle"),
    (lambda saved: {**saved, "classes": saved["classes"][:-1]}, "inconsistent arrays"),
    (lambda saved: {k: v for k, v in saved.items() if k != "intercept"}, "intercept"),
])
def test_saved_arrays_that_are_not_what_training_wrote_are_refused(storage, featurized_training_data,
                                                                   tamper, error):
    _trained(storage, featurized_training_data)
    with storage.read_from(Resource("classifier")) as directory:
        with np.load(directory / "regression.npz") as arrays:
            saved = dict(arrays)
        np.savez(directory / "regression.npz", **tamper(saved))
    with pytest.raises(UnreadableModel, match=error):
        _load(storage)


def test_a_two_intent_classifier_survives_persist_and_load(storage, featurize,
                                                           featurized_training_data):
    two = featurized_training_data.filter_training_examples(
        lambda m: m.get("intent") in {"greet", "deposit_delay"})
    trained = _trained(storage, two)
    texts = ["hi", "我的充币还没到", "where is my USDT deposit"]
    assert trained.clf.coef_.shape[0] == 1
    assert _predict(_load(storage), featurize, texts) == _predict(trained, featurize, texts)
    assert [intent for intent, _ in _predict(trained, featurize, texts)] == [
        "greet", "deposit_delay", "deposit_delay"]


@pytest.mark.parametrize("blank", ["", "   "])
def test_a_blank_message_gets_no_intent_and_the_others_are_still_classified(
        storage, featurize, featurized_training_data, blank):
    classifier = _trained(storage, featurized_training_data)
    blank_message, greeting = classifier.process(featurize(messages(blank, "hi")))
    assert blank_message.get("intent") == {"name": None, "confidence": 0.0}
    assert blank_message.get("intent_ranking") == []
    assert greeting.get("intent")["name"] == "greet"


def test_a_classifier_that_stored_nothing_loads_untrained_and_answers_no_intent(storage, featurize):
    (message,) = _load(storage).process(featurize(messages("hi")))
    assert message.get("intent") == {"name": None, "confidence": 0.0}
