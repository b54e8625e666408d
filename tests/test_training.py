"""Training on the annotated corpus (needs ../shared and scikit-learn): deterministic fits, labels from gold,
cross-validation that runs the whole extractor on held-out articles."""
from __future__ import annotations

import numpy as np
import pytest

from graphkit.training.corpus import read_annotations, shared_dir

pytest.importorskip("sklearn")


@pytest.fixture(scope="module")
def small(extractor):
    if not (shared_dir() / "train" / "articles").is_dir():
        pytest.skip("../shared is not present")
    from graphkit.training.dataset import build_dataset

    lines = read_annotations()
    articles = sorted({line["article"] for line in lines if line["article"].startswith("t")})[:40]
    chosen = [line for line in lines if line["article"] in set(articles)]
    return chosen, build_dataset(chosen, extractor)


def test_gold_labels_land_on_candidate_pairs(small):
    lines, articles = small
    positives = [e for a in articles for e in a.examples if e.labels]
    relations = [line for line in lines if line["relation"] not in ("NONE", "HOLDS_ROLE")]
    unreachable = sum(len(a.unreachable) for a in articles)
    assert positives and unreachable < len(relations)
    # a triple stated again in another sentence is neither a positive nor a negative there
    assert all(not (e.labels & e.ignore) for a in articles for e in a.examples)


def test_fitting_is_deterministic(small):
    from graphkit.training.fit import fit

    _, articles = small
    examples = [e for a in articles for e in a.examples]
    first, second = fit(examples), fit(examples)
    assert first.index == second.index and np.array_equal(first.weights, second.weights)
    assert np.abs(first.weights).sum() > 0


def test_cross_validation_reads_held_out_articles_through_the_extractor(small, extractor):
    from graphkit.training.crossval import cross_validate

    _, articles = small
    result = cross_validate(articles, extractor, k=2)
    assert result.model.relations.tp + result.model.relations.fn == result.rules.relations.tp + result.rules.relations.fn
    assert result.model.relations.tp >= result.rules.relations.tp  # rule matches are kept by the model's decisions
    assert sum(n for _, _, n, _ in result.calibration) > 0
    assert 0.0 < result.ranking <= 1.0


def test_ranking_precision_is_one_for_a_perfect_ranking_and_lower_for_a_reversed_one(small):
    import numpy as np

    from graphkit.training.crossval import ranking_precision
    from graphkit.training.fit import RELATIONS

    _, articles = small
    truth = {n: np.array([[float(r in e.labels) for r in RELATIONS] for e in a.examples])
             for n, a in enumerate(articles) if a.examples}
    assert ranking_precision(articles, truth) == 1.0
    assert ranking_precision(articles, {n: 1.0 - rows for n, rows in truth.items()}) < 0.5


def test_every_miss_of_the_cross_validation_is_classified(small, extractor):
    from graphkit.training.crossval import cross_validate
    from graphkit.training.misses import CATEGORIES, find_misses
    from graphkit.vocabulary import symmetric_relations

    _, articles = small
    result = cross_validate(articles, extractor, k=2)
    misses = find_misses(articles, extractor, k=2)
    symmetric = symmetric_relations()
    triples = {(m.line["article"], *(sorted((m.triple[0], m.triple[2])) if m.triple[1] in symmetric
                                      else (m.triple[0], m.triple[2])), m.triple[1]) for m in misses}
    assert len(triples) == result.model.relations.fn  # the same folds, models and triples as the scores
    assert {m.category for m in misses} <= set(CATEGORIES)
    assert all(m.score is not None and m.score < m.threshold for m in misses if m.category == "c")
