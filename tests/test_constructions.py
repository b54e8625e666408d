"""The rules' named constructions: each has a docstring whose example sentence it reads, and the frames of the
lexicon, not the code, choose which a relation uses."""
from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from graphkit.extract import relations
from graphkit.extract.constructions import CONSTRUCTIONS
from graphkit.extract.gazetteer import DATA_DIR
from graphkit.extract.lexicon import load_lexicon
from graphkit.vocabulary import relation_types


def _matches(extractor, text: str, lexicon=None):
    reading = extractor.read(extractor.nlp(text))
    lexicon = lexicon or extractor.lexicon
    return [m for s in reading.sentences for m in relations.find_relations(s.sent, reading.resolver, lexicon)]


@pytest.mark.parametrize("name", list(CONSTRUCTIONS))
def test_each_construction_reads_its_own_example(extractor, name):
    construction = CONSTRUCTIONS[name]
    assert construction.example, f"{name}: no 'Example: \"...\"' in its docstring"
    found = _matches(extractor, construction.example)
    if construction.kind == "subject":  # it fills in a source; the match is the verb construction's
        assert found
    else:
        assert name in {m.construction for m in found}, found


def test_the_frames_choose_the_constructions(extractor, tmp_path):
    data = json.loads((DATA_DIR / "lexicon.json").read_text(encoding="utf-8"))
    data["relations"]["ATTACKS"]["constructions"].remove("weapon_owner")
    data["relations"]["SANCTIONS"]["constructions"].append("weapon_owner")
    path = tmp_path / "lexicon.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    text = CONSTRUCTIONS["weapon_owner"].example
    assert any(m.relation == "ATTACKS" for m in _matches(extractor, text))
    assert not any(m.relation == "ATTACKS" for m in _matches(extractor, text, load_lexicon.__wrapped__(path)))


@pytest.mark.parametrize("module", ["relations", "constructions", "syntax"])
def test_no_relation_type_is_named_in_the_rules_code(module):
    tree = ast.parse((Path(relations.__file__).parent / f"{module}.py").read_text(encoding="utf-8"))
    docstrings = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Expr)}
    named = sorted({node.value for node in ast.walk(tree) if isinstance(node, ast.Constant)
                    and node.value in relation_types() and id(node) not in docstrings})
    assert not named, f"{module}.py branches on {named}: list the construction in the frame instead"
