"""The learned relation model: shipped as data, loaded without running code, used by the extractor beside the
rules, retrained deterministically, and explained."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from graphkit.cli import app
from graphkit.config import Settings
from graphkit.extract import Extractor
from graphkit.extract.classifier import MODEL_DIR, load_model, save_model
from graphkit.model import Article

runner = CliRunner()


def test_the_shipped_model_is_small_data_with_its_provenance():
    size = sum(p.stat().st_size for p in MODEL_DIR.iterdir())
    assert size < 50 * 2**20
    model = load_model()
    meta = json.loads((MODEL_DIR / "meta.json").read_text())
    assert meta["trained_on"]["relation_lines"] >= 1500 and meta["produced_by"]
    assert "HOLDS_ROLE" not in model.relations and len(model.relations) == 10
    raw, calibrated = model.calibration
    assert list(raw) == sorted(raw) and list(calibrated) == sorted(calibrated)  # a monotone map
    assert np.all((model.thresholds > 0) & (model.thresholds < 1))


def test_assertions_name_what_produced_them(extractor):
    found = extractor.extract_one(Article("x", "Iran sent hundreds of drones to Russia, the UK says."))
    supplies = [a for a in found if a.relation == "SUPPLIES"]
    assert supplies and supplies[0].extractor == f"model:{load_model().version}+rule:transfer_to"
    assert 0.0 < supplies[0].confidence <= 1.0


def test_rules_alone_give_rule_names():
    rules = Extractor(Settings(relations="rules"))
    found = rules.extract_one(Article("x", "Iran sent hundreds of drones to Russia."))
    assert [(a.relation, a.extractor) for a in found] == [("SUPPLIES", "rule:transfer_to")]


def test_a_model_without_rules_behind_it_can_keep_a_pair(extractor, tmp_path):
    """A model whose threshold is low keeps pairs no rule matched: the model decides, not only the rules."""
    model = load_model()
    permissive = type(model)(model.version, model.relations, model.index, model.weights, model.intercepts,
                             np.full(len(model.relations), 0.01, dtype=np.float32), model.calibration, model.meta)
    extractor = Extractor(Settings(), model=permissive)
    found = extractor.extract_one(Article("x", "Talks between Kenya and Uganda on the border ended on Monday."))
    assert any(a.extractor == f"model:{model.version}" for a in found)


def test_save_and_load_round_trip(tmp_path):
    model = load_model()
    features = sorted(model.index, key=model.index.get)
    save_model(tmp_path, "test", model.relations, features, model.weights, model.intercepts,
               dict(zip(model.relations, map(float, model.thresholds))),
               {"raw": list(model.calibration[0]), "calibrated": list(model.calibration[1])}, {})
    again = load_model.__wrapped__(tmp_path)
    rows = [features[:5], ["rule=SUPPLIES", "trig_path=SUPPLIES"], []]
    assert np.allclose(again.probabilities(rows), model.probabilities(rows))


def test_a_broken_model_file_is_a_clear_error(tmp_path):
    from graphkit.errors import ModelError

    (tmp_path / "meta.json").write_text("{}")
    with pytest.raises(ModelError, match="train_relation_model"):
        load_model.__wrapped__(tmp_path)


def test_extract_explain_says_why(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Pipeline deal\n\nIran sent hundreds of drones to Russia, the UK says.\n")
    result = runner.invoke(app, ["extract", str(article), "--explain", "--format", "table"], terminal_width=200)
    assert result.exit_code == 0, result.output
    assert "IRN -> RUS" in result.output and "kept: rule transfer_to matched; model" in result.output
    assert "dropped" in result.output
    jsonl = runner.invoke(app, ["extract", str(article), "--explain", "--format", "jsonl"])
    records = [json.loads(line) for line in jsonl.output.splitlines()]
    assert {r["verdict"] for r in records} == {"kept", "dropped"}


def test_eval_can_score_the_rules_alone(shared_eval):
    result = runner.invoke(app, ["eval", str(shared_eval / "dev" / "gold.jsonl"), str(shared_eval / "dev" / "articles"),
                                 "--relations", "rules", "--no-errors", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["relations"]["tp"] > 0


def test_eval_reports_precision_recall_and_f1_per_type(shared_eval):
    result = runner.invoke(app, ["eval", str(shared_eval / "dev" / "gold.jsonl"), str(shared_eval / "dev" / "articles"),
                                 "--no-errors"], terminal_width=200)
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if line.strip().startswith("SUPPLIES")]
    assert lines and "P=" in lines[0] and "R=" in lines[0] and "F1=" in lines[0]


# ------------------------------------------------------------------ the model's inputs, as data

FEATURE_CASES = Path(__file__).parent / "data" / "features"
PATH_FEATURES = ("path=", "lca=", "lca_dirs=", "sdep=", "tdep=", "s_gov=", "t_gov=", "trig_path=", "plen=")


def _feature_cases():
    for path in sorted(FEATURE_CASES.glob("*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                yield pytest.param(json.loads(line), id=f"{path.stem}:{number}")


def _pair_features(sentence, pair) -> list[str]:
    keys = [c.key for c in sentence.candidates]
    return sentence.features[keys.index(tuple(pair))]


@pytest.mark.parametrize("case", list(_feature_cases()))
def test_feature_cases(extractor, case):
    """``tests/data/features/*.jsonl``: ``text``, a candidate ``pair``, its ``coord`` marker (null: none), and
    what its parse path must read as: the same path features as the pair ``reads_as``, or the ``path`` feature."""
    sentence, = extractor.read(extractor.nlp(case["text"])).sentences
    features = _pair_features(sentence, case["pair"])
    coord = [f[len("coord="):] for f in features if f.startswith("coord=")]
    assert coord == ([case["coord"]] if case["coord"] else []), case["note"]
    if "reads_as" in case:
        like = _pair_features(sentence, case["reads_as"])
        assert [f for f in features if f.startswith(PATH_FEATURES)] == \
            [f for f in like if f.startswith(PATH_FEATURES)], case["note"]
    if "path" in case:
        assert f"path={case['path']}" in features, case["note"]
