"""Save a fitted scikit-learn LogisticRegression as arrays and JSON, and restore it, without pickle.

Loading a model archive must not be able to run code, as unpickling a joblib file can: the
fitted state is only numbers and class names, so it is stored as exactly that (``.npz``
read with ``allow_pickle=False``) and set on an estimator built from the component's config.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression

ARRAYS = "regression.npz"
META = "regression.json"
FORMAT = 1
# What the pickling LinearIntentClassifier wrote; recognised only to ask for a retrain.
LEGACY_FILE = "linear_intent_classifier.joblib"
_FITTED = ("coef", "intercept", "classes", "n_iter")


class UnreadableRegression(Exception):
    """The saved regression is missing, malformed or pickled; the message says which."""


def save(regression: LogisticRegression, directory: Path) -> None:
    """Write the fitted coefficients, intercepts and classes into ``directory``."""
    np.savez(directory / ARRAYS, coef=regression.coef_, intercept=regression.intercept_,
             classes=np.asarray(regression.classes_, dtype=str), n_iter=regression.n_iter_)
    (directory / META).write_text(json.dumps({"format": FORMAT,
                                              "sklearn_version": sklearn.__version__}))


def restore(regression: LogisticRegression, directory: Path) -> None:
    """Make the unfitted ``regression`` the one saved in ``directory`` (what predict_proba reads)."""
    if (directory / LEGACY_FILE).exists() and not (directory / ARRAYS).exists():
        raise UnreadableRegression("it was saved as a pickle by an older version; train it again")
    try:
        meta = json.loads((directory / META).read_text())
        with np.load(directory / ARRAYS, allow_pickle=False) as saved:
            coef, intercept, classes, n_iter = (saved[name] for name in _FITTED)
    except (OSError, KeyError, ValueError) as e:
        raise UnreadableRegression(str(e)) from e
    if meta.get("format") != FORMAT:
        raise UnreadableRegression(f"unknown format {meta.get('format')!r}")
    # A binary regression has one row of coefficients, a multinomial one a row per class.
    rows = 1 if len(classes) == 2 else len(classes)
    if (classes.dtype.kind != "U" or coef.dtype.kind != "f" or coef.ndim != 2
            or coef.shape[0] != rows or intercept.shape != (rows,)):
        raise UnreadableRegression(f"inconsistent arrays: coef {coef.shape}, "
                                   f"intercept {intercept.shape}, {len(classes)} classes")
    regression.coef_, regression.intercept_, regression.classes_ = coef, intercept, classes
    regression.n_iter_, regression.n_features_in_ = n_iter, coef.shape[1]
