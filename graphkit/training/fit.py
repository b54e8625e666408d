"""Fitting the relation model: one L2-regularised logistic regression per relation type (scikit-learn's liblinear,
deterministic), over binary features seen at least ``min_count`` times, and the calibration of its scores.

scikit-learn is needed here only; the extractor reads the weights this writes with numpy.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from ..extract.classifier import RelationModel
from ..vocabulary import ROLE, relation_types
from .dataset import Example

__all__ = ["FitSettings", "fit", "calibration_map", "predict_raw", "RELATIONS"]

RELATIONS = tuple(sorted(set(relation_types()) - {ROLE}))  # the model's columns, in this order


@dataclass(frozen=True)
class FitSettings:
    """The knobs of a fit; the training script records them in the model's meta.json."""

    C: float = 0.2
    min_count: int = 2
    class_weight: float = 1.0  # weight of positive examples against negatives
    seed: int = 13


def fit(examples: Sequence[Example], settings: FitSettings = FitSettings(), version: str = "dev",
        calibration: tuple[Sequence[float], Sequence[float]] = ((), ()), threshold: float = 0.5) -> RelationModel:
    """A model fitted on ``examples``: raw probabilities, unless a ``calibration`` map is given."""
    from sklearn.linear_model import LogisticRegression

    relations = RELATIONS
    counts = Counter(f for e in examples for f in set(e.features))
    features = sorted(f for f, n in counts.items() if n >= settings.min_count)
    index = {f: n for n, f in enumerate(features)}
    matrix = _matrix(examples, index)
    weights = np.zeros((len(features), len(relations)), dtype=np.float64)
    intercepts = np.full(len(relations), -8.0)
    for column, relation in enumerate(relations):
        rows = np.array([relation not in e.ignore for e in examples])
        y = np.array([relation in e.labels for e in examples])[rows]
        if y.sum() == 0 or y.sum() == len(y):
            continue  # nothing to learn from: the type is never (or always) there
        learner = LogisticRegression(C=settings.C, solver="liblinear", random_state=settings.seed,
                                     class_weight={0: 1.0, 1: settings.class_weight}, max_iter=1000)
        learner.fit(matrix[rows], y)
        weights[:, column] = learner.coef_[0]
        intercepts[column] = learner.intercept_[0]
    points, values = calibration
    return RelationModel(version, relations, index, weights.astype(np.float32), intercepts.astype(np.float32),
                         np.full(len(relations), threshold, dtype=np.float32), (tuple(points), tuple(values)),
                         {"settings": settings.__dict__})


def predict_raw(model: RelationModel, examples: Sequence[Example]) -> np.ndarray:
    """Uncalibrated probabilities of the examples, one column per relation type."""
    return replace(model, calibration=((), ())).probabilities([e.features for e in examples])


def calibration_map(raw: np.ndarray, correct: np.ndarray, points: int = 40) -> tuple[list[float], list[float]]:
    """An increasing map from raw probability to the share of pairs found correct (isotonic regression), as at
    most ``points`` knots for ``numpy.interp``."""
    from sklearn.isotonic import IsotonicRegression

    iso = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip").fit(raw, correct)
    xs, ys = iso.X_thresholds_, iso.y_thresholds_
    if len(xs) > points:
        keep = np.unique(np.linspace(0, len(xs) - 1, points).round().astype(int))
        xs, ys = xs[keep], ys[keep]
    return [round(float(x), 6) for x in xs], [round(float(y), 6) for y in ys]


def _matrix(examples: Sequence[Example], index: dict[str, int]):
    from scipy.sparse import csr_matrix

    rows, columns = [], []
    for n, example in enumerate(examples):
        for column in {index[f] for f in example.features if f in index}:
            rows.append(n)
            columns.append(column)
    return csr_matrix((np.ones(len(rows)), (rows, columns)), shape=(len(examples), len(index)))
