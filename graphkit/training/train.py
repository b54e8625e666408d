"""Training the shipped relation model end to end: read the corpus, fit on all of it, calibrate and choose the
threshold on out-of-fold scores, and write the model folder with its provenance.

Deterministic: the same annotations and settings give the same files (fixed seeds, sorted features, a version
derived from a hash of the inputs).
"""
from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from ..extract.classifier import save_model
from ..extract.features import FEATURES_VERSION
from ..vocabulary import ROLE
from .annotation import NONE
from .crossval import article_folds, calibration_for, choose_thresholds, out_of_fold
from .dataset import AnnotatedArticle
from .fit import FitSettings, fit

__all__ = ["train", "corpus_summary", "model_version"]

SERIES = "1"


def model_version(lines: Sequence[dict], settings: FitSettings, articles: Sequence[AnnotatedArticle] = ()) -> str:
    """``<series>.<hash>``: the hash of the gold lines, the fit settings, the feature set's version and the
    examples as read (so a change of gazetteers shows), so a retrain on the same corpus with the same code gives
    the same version."""
    digest = hashlib.sha256()
    for line in sorted(json.dumps({k: v for k, v in l.items() if k != "file"}, sort_keys=True) for l in lines):
        digest.update(line.encode("utf-8"))
    digest.update(json.dumps(settings.__dict__, sort_keys=True).encode("utf-8"))
    digest.update(f"features {FEATURES_VERSION}".encode("utf-8"))
    for article in articles:
        for e in article.examples:
            digest.update(json.dumps([e.article, e.sentence, e.source, e.target, sorted(e.labels), e.features])
                          .encode("utf-8"))
    return f"{SERIES}.{digest.hexdigest()[:10]}"


def corpus_summary(lines: Sequence[dict]) -> dict:
    """Articles, relation lines per type, role lines and NONE lines of a set of gold lines."""
    types = Counter(line["relation"] for line in lines)
    return {"articles": len({line["article"] for line in lines}),
            "relation_lines": sum(v for k, v in types.items() if k not in (ROLE, NONE)),
            "role_lines": types.get(ROLE, 0), "none_lines": types.get(NONE, 0),
            "per_type": {k: v for k, v in sorted(types.items()) if k not in (ROLE, NONE)}}


def train(articles: Sequence[AnnotatedArticle], lines: Sequence[dict], out: Path,
          settings: FitSettings = FitSettings(), folds: int = 5) -> dict:
    """Fit the model on every article, calibrate it on out-of-fold scores, and write it to ``out``; returns its
    meta record."""
    _, raw = out_of_fold(articles, article_folds(articles, folds, settings.seed), settings)
    points, values = calibration_for(articles, raw, list(raw))
    calibrated = {n: np.interp(scores, points, values) for n, scores in raw.items() if scores is not None}
    thresholds = choose_thresholds(articles, calibrated)
    version = model_version(lines, settings, articles)
    final = fit([e for a in articles for e in a.examples], settings, version)
    meta = {"trained_on": corpus_summary(lines), "examples": sum(len(a.examples) for a in articles),
            "features": len(final.index), "settings": settings.__dict__, "folds": folds,
            "produced_by": "scripts/train_relation_model.py"}
    save_model(out, version, final.relations, sorted(final.index, key=final.index.get), final.weights,
               final.intercepts, {r: thresholds[r] for r in final.relations},
               {"raw": points, "calibrated": values}, meta)
    return {"version": version, "thresholds": thresholds, **meta}
