"""Cross-validation by article folds: what the extractor scores on annotated articles it was not trained on.

Each fold's model is fitted on the other folds; its calibration map and decision threshold come from the other
folds' out-of-fold scores too, so nothing about a test article shapes the model that reads it. Test articles go
through the whole extractor (decisions, attributes, one line per triple), and are scored as ``graphkit eval``
scores (``graphkit.evaluate.score``), pooled over folds.
"""
from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from ..evaluate import Score, score
from ..extract import Extractor
from ..extract.classifier import RelationModel
from ..extract.lexicon import load_lexicon
from ..vocabulary import ROLE, symmetric_relations
from .annotation import NONE
from .dataset import AnnotatedArticle
from .fit import RELATIONS, FitSettings, calibration_map, fit, predict_raw

__all__ = ["CrossValidation", "cross_validate", "article_folds", "out_of_fold", "fold_models", "extract_with",
           "choose_thresholds", "ranking_precision", "calibration_for", "calibration_table", "TARGET_PRECISION"]

TARGET_PRECISION = 0.88  # the goal on text nobody tuned to
CONFIDENCE_BINS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0001)


@dataclass
class CrossValidation:
    """Pooled out-of-fold scores of the model and of the rules alone, with the confidence calibration table."""

    model: Score
    rules: Score
    calibration: list[tuple[float, float, int, int]]  # (low, high, assertions, correct)
    thresholds: list[dict[str, float]] = field(default_factory=list)  # each fold's, per relation type
    unreachable: int = 0  # gold relation lines whose pair was no candidate: actors the extractor did not find
    gold_relations: int = 0
    ranking: float = 0.0  # average precision of the out-of-fold scores over candidate pairs and types


def article_folds(articles: Sequence[AnnotatedArticle], k: int, seed: int) -> list[list[int]]:
    """``k`` folds of article indices, shuffled with ``seed``."""
    order = list(range(len(articles)))
    random.Random(seed).shuffle(order)
    return [sorted(order[n::k]) for n in range(k)]


def out_of_fold(articles: Sequence[AnnotatedArticle], folds: list[list[int]], settings: FitSettings,
                fraction: float = 1.0) -> tuple[list[RelationModel], dict[int, np.ndarray | None]]:
    """Each fold's model, fitted on the other folds (``fraction`` of them, sampled with the settings' seed), and
    every article's raw scores from the model that did not see it (None for an article without pairs)."""
    rng = random.Random(settings.seed)
    models, raw = [], {}
    for test in folds:
        held = set(test)
        train = [n for n in range(len(articles)) if n not in held]
        if fraction < 1.0:
            train = sorted(rng.sample(train, max(1, round(len(train) * fraction))))
        models.append(fit([e for n in train for e in articles[n].examples], settings))
        for n in test:
            raw[n] = predict_raw(models[-1], articles[n].examples) if articles[n].examples else None
    return models, raw


def cross_validate(articles: Sequence[AnnotatedArticle], extractor: Extractor, k: int = 5, seed: int = 13,
                   settings: FitSettings = FitSettings(), fraction: float = 1.0) -> CrossValidation:
    """Fit on k-1 folds, read the k-th, for each fold; ``fraction`` of each training part is used (learning
    curves)."""
    folds = article_folds(articles, k, seed)
    models, raw = out_of_fold(articles, folds, settings, fraction)
    models, thresholds = _calibrated(articles, folds, models, raw)
    predictions, gold = [], []
    for model, test in zip(models, folds):
        predictions += extract_with(extractor, model, [articles[n] for n in test])
        gold += [line for n in test for line in articles[n].gold]
    rules = extract_with(extractor, None, articles)
    everything = [line for a in articles for line in a.gold]
    return CrossValidation(
        model=score(gold, predictions), rules=score(everything, rules),
        calibration=calibration_table(gold, predictions), thresholds=thresholds,
        unreachable=sum(len(a.unreachable) for a in articles),
        gold_relations=sum(1 for line in everything if line["relation"] not in (NONE, ROLE)),
        ranking=ranking_precision(articles, raw))


def fold_models(articles: Sequence[AnnotatedArticle], folds: list[list[int]], settings: FitSettings = FitSettings(),
                fraction: float = 1.0) -> tuple[list[RelationModel], list[dict[str, float]]]:
    """Each fold's model as the extractor uses it, fitted without that fold, with the calibration map and the
    thresholds chosen on the other folds' out-of-fold scores; and each fold's thresholds per relation type.
    ``cross_validate`` reads each fold's articles with its model; the misses analysis
    (:mod:`graphkit.training.misses`) asks the same models why a gold line was not found."""
    return _calibrated(articles, folds, *out_of_fold(articles, folds, settings, fraction))


def _calibrated(articles: Sequence[AnnotatedArticle], folds: list[list[int]], models: list[RelationModel],
                raw: dict[int, np.ndarray | None]) -> tuple[list[RelationModel], list[dict[str, float]]]:
    ready, thresholds = [], []
    for number in range(len(folds)):
        others = [n for m, fold in enumerate(folds) if m != number for n in fold]
        points, values = calibration_for(articles, raw, others)
        calibrated = {n: np.interp(raw[n], points, values) for n in others if raw[n] is not None}
        chosen = choose_thresholds(articles, calibrated)
        thresholds.append(chosen)
        ready.append(replace(models[number], calibration=(tuple(points), tuple(values)),
                             thresholds=np.array([chosen[r] for r in models[number].relations], dtype=np.float32)))
    return ready, thresholds


def ranking_precision(articles: Sequence[AnnotatedArticle], raw: dict[int, np.ndarray | None]) -> float:
    """How well out-of-fold scores rank what gold states above what it does not, whatever the threshold: the
    average precision over every candidate pair and relation type (a type the article states elsewhere for the
    pair counts neither way). The learning curve's F1 is read at the precision goal, where the model adds little;
    this says whether the ranking itself improves with more annotation."""
    from sklearn.metrics import average_precision_score

    scores, labels = _scored_labels(articles, raw, list(raw))
    return float(average_precision_score(labels, scores)) if labels.any() else 0.0


def choose_thresholds(articles: Sequence[AnnotatedArticle], probabilities: dict[int, np.ndarray],
                      target: float = TARGET_PRECISION, per_type: bool = False) -> dict[str, float]:
    """A decision threshold per relation type: the best triple-level F1 whose precision reaches ``target`` or,
    where the rules alone fall short of it, stays within a point of the rules' own precision (the model may add
    recall, never cost precision); from calibrated scores of articles whose gold is known. One threshold for all
    types; with ``per_type``, each type's is then moved in turn (most frequent first) while the whole improves —
    measured to overfit (out of fold: F1 0.372 but precision 0.813, against 0.349 at 0.848 with one threshold),
    so it is off. The rules' matches are kept whatever the thresholds, as the extractor keeps them."""
    symmetric = symmetric_relations()
    best_score: dict[tuple, float] = {}
    gold: set[tuple] = set()
    ruled: set[tuple] = set()
    places = load_lexicon().place_target_relations
    for n, scores in probabilities.items():
        article = articles[n]
        name = article.article.id
        gold |= {_triple(name, g["source"], g["relation"], g["target"], symmetric)
                 for g in article.gold if g["relation"] not in (NONE, ROLE)}
        ruled |= {_triple(name, m.source.actor, m.relation, m.target.actor, symmetric)
                  for s in article.reading.sentences for m in s.rules}
        for example, row in zip(article.examples, scores):
            for column, value in enumerate(row):
                if not _may_keep(example.standing, RELATIONS[column], places):
                    continue
                key = _triple(name, example.source, RELATIONS[column], example.target, symmetric)
                best_score[key] = max(best_score.get(key, 0.0), float(value))
    floor = min(target, (len(ruled & gold) / len(ruled) if ruled else 1.0) - 0.01)
    added = [(k, v) for k, v in best_score.items() if k not in ruled]
    base_tp = len(ruled & gold)

    def quality(thresholds: dict[str, float]) -> tuple:
        kept = [k for k, v in added if v >= thresholds[k[2]]]
        tp = base_tp + sum(k in gold for k in kept)
        size = len(ruled) + len(kept)
        precision = tp / size if size else 1.0
        recall = tp / len(gold) if gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return (precision >= floor, f1 if precision >= floor else precision)

    grid = [round(float(t), 3) for t in np.arange(0.20, 0.96, 0.025)] + [1.01]
    common = max(grid, key=lambda t: (quality(dict.fromkeys(RELATIONS, t)), t))
    chosen = dict.fromkeys(RELATIONS, common)
    if not per_type:
        return chosen
    support = {r: sum(k[2] == r for k in gold) for r in RELATIONS}
    for relation in sorted(RELATIONS, key=lambda r: -support[r]):
        chosen[relation] = max(grid, key=lambda t: (quality({**chosen, relation: t}), t == common, t))
    return chosen


def _may_keep(standing: str, relation: str, places: frozenset[str]) -> bool:
    return standing == "actors" or standing == "place" and relation in places


def calibration_table(gold: Sequence[dict], predicted: Sequence[dict]) -> list[tuple[float, float, int, int]]:
    """Per confidence bin: how many predicted relation lines, and how many of their triples are in the gold."""
    symmetric = symmetric_relations()
    truth = {_triple(g["article"], g["source"], g["relation"], g["target"], symmetric)
             for g in gold if g["relation"] not in (NONE, ROLE)}
    rows = []
    for low, high in zip(CONFIDENCE_BINS, CONFIDENCE_BINS[1:]):
        lines = [p for p in predicted if p["relation"] != ROLE and low <= p["confidence"] < high]
        correct = sum(_triple(p["article"], p["source"], p["relation"], p["target"], symmetric) in truth for p in lines)
        rows.append((low, min(high, 1.0), len(lines), correct))
    return rows


def calibration_for(articles: Sequence[AnnotatedArticle], raw: dict[int, np.ndarray | None],
                    indices: Sequence[int]) -> tuple[list[float], list[float]]:
    """The calibration map fitted on the raw scores of the articles ``indices`` name, against their labels (a pair
    whose type the article states elsewhere counts neither way)."""
    scores, labels = _scored_labels(articles, raw, indices)
    return calibration_map(scores, labels.astype(float))


def _scored_labels(articles: Sequence[AnnotatedArticle], raw: dict[int, np.ndarray | None],
                   indices: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
    """The raw score of every candidate pair and relation type in the articles ``indices`` name, and whether gold
    states it there; a type the article states for the pair elsewhere is left out (it counts neither way)."""
    scores, labels = [], []
    for n in indices:
        if raw[n] is None:
            continue
        for example, row in zip(articles[n].examples, raw[n]):
            for column, relation in enumerate(RELATIONS):
                if relation not in example.ignore:
                    scores.append(row[column])
                    labels.append(relation in example.labels)
    return np.array(scores), np.array(labels, dtype=bool)


def extract_with(extractor: Extractor, model: RelationModel | None, articles: Sequence[AnnotatedArticle]) -> list[dict]:
    """The records the extractor gives for already read articles with ``model`` deciding (None: the rules alone)."""
    saved = extractor.model
    extractor.model = model
    try:
        return [a.to_record() for article in articles
                for a in extractor.assertions(article.article, article.reading.doc, article.reading)]
    finally:
        extractor.model = saved


def _triple(article: str, source: str, relation: str, target: str, symmetric: set[str]) -> tuple:
    if relation in symmetric and target < source:
        source, target = target, source
    return article, source, relation, target

