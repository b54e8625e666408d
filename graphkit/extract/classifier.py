"""The learned relation model: one logistic regression per relation type over a candidate's features.

The model is a data file, not code: ``graphkit/data/relation_model/`` holds ``weights.npz`` (the feature names, a
weight matrix and intercepts, read with ``allow_pickle=False``, so loading it runs no code) and ``meta.json``
(version, thresholds, calibration, how it was trained and what it scored). ``scripts/train_relation_model.py``
writes both.

>>> model = load_model()
>>> model.relations[:3]
('ACCUSES', 'AGREES_WITH', 'ATTACKS')
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from ..errors import ModelError
from .gazetteer import DATA_DIR

__all__ = ["RelationModel", "load_model", "MODEL_DIR"]

MODEL_DIR = DATA_DIR / "relation_model"


@dataclass(frozen=True)
class RelationModel:
    """Weights of one linear scorer per relation type, with per-type decision thresholds and a calibration map
    from raw probability to the share found correct in cross-validation."""

    version: str
    relations: tuple[str, ...]
    index: dict[str, int]  # feature -> row of ``weights``
    weights: np.ndarray  # features x relations
    intercepts: np.ndarray  # relations
    thresholds: np.ndarray  # relations: keep a pair for a type at or above this calibrated probability
    calibration: tuple[tuple[float, ...], tuple[float, ...]]  # (raw points, calibrated values), increasing
    meta: dict

    @property
    def name(self) -> str:
        return f"model:{self.version}"

    def probabilities(self, rows: Sequence[Sequence[str]]) -> np.ndarray:
        """Calibrated probabilities, one row per candidate's feature list, one column per relation type."""
        scores = np.tile(self.intercepts, (len(rows), 1))
        for n, features in enumerate(rows):
            columns = [self.index[f] for f in features if f in self.index]
            if columns:
                scores[n] += self.weights[columns].sum(axis=0)
        raw = 1.0 / (1.0 + np.exp(-scores))
        points, values = self.calibration
        return np.interp(raw, points, values) if points else raw


@cache
def load_model(path: Path = MODEL_DIR) -> RelationModel:
    """The model in ``path`` (default: the packaged one), loaded once per process."""
    try:
        meta = json.loads((Path(path) / "meta.json").read_text(encoding="utf-8"))
        with np.load(Path(path) / "weights.npz", allow_pickle=False) as data:
            features = [str(f) for f in data["features"]]
            weights = data["weights"].astype(np.float32)
            intercepts = data["intercepts"].astype(np.float32)
    except (OSError, ValueError, KeyError) as err:
        raise ModelError(f"cannot load the relation model in {path}: {err}. Rebuild it with "
                         "scripts/train_relation_model.py") from err
    relations = tuple(meta["relations"])
    if weights.shape != (len(features), len(relations)):
        raise ModelError(f"{path}: weights are {weights.shape}, expected {len(features)} x {len(relations)}")
    thresholds = np.array([meta["thresholds"][r] for r in relations], dtype=np.float32)
    calibration = meta.get("calibration") or {"raw": [], "calibrated": []}
    return RelationModel(meta["version"], relations, {f: n for n, f in enumerate(features)}, weights, intercepts,
                         thresholds, (tuple(calibration["raw"]), tuple(calibration["calibrated"])), meta)


def save_model(path: Path, version: str, relations: Sequence[str], features: Sequence[str], weights: np.ndarray,
               intercepts: np.ndarray, thresholds: dict[str, float], calibration: dict | None, meta: dict) -> None:
    """Write a model folder that :func:`load_model` reads (used by the training script)."""
    path.mkdir(parents=True, exist_ok=True)
    keep = np.abs(weights).max(axis=1) > 1e-6  # features the fit gave no weight cost space and time only
    np.savez_compressed(path / "weights.npz", features=np.array(list(features), dtype=str)[keep],
                        weights=weights[keep].astype(np.float32), intercepts=intercepts.astype(np.float32))
    record = {"version": version, "relations": list(relations), "thresholds": thresholds,
              "calibration": calibration, **meta}
    (path / "meta.json").write_text(json.dumps(record, indent=1, sort_keys=False) + "\n", encoding="utf-8")
