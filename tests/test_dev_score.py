"""Extraction quality on the gold dev set in ../shared/eval (skipped where it is absent).

Floors sit just under what the extractor reaches, so a change that costs quality fails here.
"""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from graphkit.articles import read
from graphkit.evaluate import read_jsonl, score

FLOORS = {"relations_f1": 0.79, "relations_precision": 0.95, "roles_f1": 0.95}
ATTRIBUTE_FLOORS = {"items": 0.86, "claimed_by": 0.94, "polarity": 0.97, "modality": 0.92}


@pytest.fixture(scope="module")
def predictions(extractor, shared_eval, tmp_path_factory):
    rows = [a.to_record() for _, found in extractor.extract(read([shared_eval / "dev" / "articles"])) for a in found]
    path = tmp_path_factory.mktemp("dev") / "pred.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_our_scorer_agrees_with_the_reference_scorer(predictions, shared_eval):
    gold = shared_eval / "dev" / "gold.jsonl"
    reference = json.loads(subprocess.run([sys.executable, str(shared_eval / "score.py"), str(gold), str(predictions),
                                           "--json"], capture_output=True, text=True, check=True).stdout)
    ours = score(read_jsonl(gold), read_jsonl(predictions))
    for name, table in (("relations", ours.relations), ("roles", ours.roles)):
        mine = table.to_dict()
        for key in ("tp", "fp", "fn", "precision", "recall", "f1", "per_type", "attributes"):
            assert mine[key] == reference[name][key], (name, key)


def test_dev_set_scores_stay_above_their_floors(predictions, shared_eval):
    result = score(read_jsonl(shared_eval / "dev" / "gold.jsonl"), read_jsonl(predictions))
    reached = {"relations_f1": result.relations.f1, "relations_precision": result.relations.precision,
               "roles_f1": result.roles.f1}
    assert {k: v for k, v in reached.items() if v < FLOORS[k]} == {}, reached
    attributes = result.relations.attributes
    assert {k: v for k, v in attributes.items() if v < ATTRIBUTE_FLOORS[k]} == {}, attributes
