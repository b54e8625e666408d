"""The lexicon's schema is checked at load: a misspelt or unknown key fails with its name, a missing one too; so
do a construction no code registers and a registered one no frame lists."""
from __future__ import annotations

import json

import pytest

from graphkit.errors import OntologyError
from graphkit.extract.constructions import CONSTRUCTIONS
from graphkit.extract.gazetteer import DATA_DIR
from graphkit.extract.lexicon import FRAME_KEYS, TOP_KEYS, load_lexicon


@pytest.fixture
def lexicon_data():
    return json.loads((DATA_DIR / "lexicon.json").read_text(encoding="utf-8"))


def _load(tmp_path, data):
    path = tmp_path / "lexicon.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return load_lexicon.__wrapped__(path)


def test_the_packaged_lexicon_uses_every_key_the_loader_knows(lexicon_data):
    assert set(lexicon_data) == TOP_KEYS
    used = {key for spec in lexicon_data["relations"].values() for key in spec}
    assert used == FRAME_KEYS  # a key the loader reads that no frame uses would be dead code


def test_an_unknown_top_level_key_is_named(tmp_path, lexicon_data):
    with pytest.raises(OntologyError, match="unknown key.*reportng_verbs"):
        _load(tmp_path, {**lexicon_data, "reportng_verbs": ["say"]})


def test_an_unknown_frame_key_is_named(tmp_path, lexicon_data):
    lexicon_data["relations"]["SUPPLIES"]["item_verb"] = ["send"]
    with pytest.raises(OntologyError, match="relation SUPPLIES: unknown key.*item_verb"):
        _load(tmp_path, lexicon_data)


def test_a_missing_key_is_named(tmp_path, lexicon_data):
    del lexicon_data["pair_nouns"]
    with pytest.raises(OntologyError, match="missing key.*pair_nouns"):
        _load(tmp_path, lexicon_data)


def test_word_lists_come_from_the_data(tmp_path, lexicon_data):
    lexicon_data["relations"]["SUPPLIES"]["recipient_only_verbs"] = ["arm", "bankroll"]
    assert "bankroll" in _load(tmp_path, lexicon_data).frames["SUPPLIES"].recipient_only_verbs


def test_a_cue_that_repeats_a_trigger_is_named(tmp_path, lexicon_data):
    lexicon_data["relations"]["SUPPLIES"]["cue_verbs"].append("send")
    with pytest.raises(OntologyError, match="relation SUPPLIES: cue_verbs repeat.*send"):
        _load(tmp_path, lexicon_data)


def test_a_cue_signals_its_type_to_the_model_and_starts_no_rule(extractor):
    """"inked" is a cue of AGREES_WITH, not a trigger: the pair gets the trigger features the model weighs, and
    no construction matches it."""
    lexicon = extractor.lexicon
    assert "ink" in lexicon.cue_verbs and "ink" not in lexicon.verb_triggers
    sentence = extractor.read(extractor.nlp("Vietnam and the Philippines inked a memorandum.")).sentences[0]
    assert "trig_sent=AGREES_WITH" in sentence.features[0]
    assert sentence.rules == []


# ---------------------------------------------------------------- constructions


def test_an_unknown_construction_is_named_with_its_frame(tmp_path, lexicon_data):
    lexicon_data["relations"]["SUPPLIES"]["constructions"].append("transfer_too")
    with pytest.raises(OntologyError, match="relation SUPPLIES: unknown construction.*transfer_too"):
        _load(tmp_path, lexicon_data)


def test_a_construction_no_frame_lists_is_reported(tmp_path, lexicon_data):
    lexicon_data["relations"]["ACCUSES"]["constructions"].remove("drew_criticism")
    with pytest.raises(OntologyError, match="drew_criticism registered but listed by no relation"):
        _load(tmp_path, lexicon_data)


def test_every_registered_construction_is_listed_by_a_frame(lexicon_data):
    used = {name for spec in lexicon_data["relations"].values() for name in spec["constructions"]}
    assert used == set(CONSTRUCTIONS)


def test_a_frame_without_constructions_is_named(tmp_path, lexicon_data):
    del lexicon_data["relations"]["REQUESTS"]["constructions"]
    with pytest.raises(OntologyError, match="relation REQUESTS: no constructions listed"):
        _load(tmp_path, lexicon_data)


def test_unordered_pairs_are_only_for_symmetric_relations(tmp_path, lexicon_data):
    lexicon_data["relations"]["ATTACKS"]["constructions"].append("between")
    with pytest.raises(OntologyError, match="relation ATTACKS: construction.*between pair actors unordered"):
        _load(tmp_path, lexicon_data)


def test_an_unknown_item_kind_is_named(tmp_path, lexicon_data):
    lexicon_data["relations"]["SUPPLIES"]["items"] = "sold"
    with pytest.raises(OntologyError, match="relation SUPPLIES: items 'sold'"):
        _load(tmp_path, lexicon_data)


def test_reciprocal_verbs_need_their_frame_to_list_the_construction(tmp_path, lexicon_data):
    lexicon_data["relations"]["ATTACKS"]["constructions"].remove("reciprocal")
    with pytest.raises(OntologyError, match="reciprocal_verbs: relation ATTACKS"):
        _load(tmp_path, lexicon_data)


def test_a_frame_keeps_its_constructions_in_the_order_they_are_tried(tmp_path, lexicon_data):
    lexicon_data["relations"]["SUPPLIES"]["constructions"].reverse()
    frame = _load(tmp_path, lexicon_data).frames["SUPPLIES"]
    assert list(frame.constructions) == [name for name in CONSTRUCTIONS if name in frame.constructions]
