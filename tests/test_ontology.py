"""The ontology is the one source of the relation vocabulary, and the generated namespace matches it."""
from __future__ import annotations

import subprocess
import sys

import pytest
from rdflib import Graph

from graphkit.extract.lexicon import load_lexicon
from graphkit.namespace import GK
from graphkit.vocabulary import ontology_dir, relation_types

from .conftest import ROOT

# The table of ../shared/eval/GUIDELINES.md, which the ontology must carry.
EXPECTED = {
    "SUPPLIES": ("AID", "07", False), "COOPERATES_WITH": ("COOPERATE", "06", True), "MEETS": ("CONSULT", "04", True),
    "AGREES_WITH": ("AGREE", "05/03", True), "SUPPORTS": ("SUPPORT", "05", False), "ACCUSES": ("ACCUSE", "11", False),
    "THREATENS": ("THREATEN", "13", False), "SANCTIONS": ("SANCTION", "16", False), "ATTACKS": ("ASSAULT", "18/19", False),
    "REQUESTS": ("REQUEST", "02", False), "HOLDS_ROLE": (None, None, False),
}


def test_relation_types_carry_plover_cameo_and_symmetry():
    found = {name: (t.plover, t.cameo, t.symmetric) for name, t in relation_types().items()}
    assert found == EXPECTED


def test_relation_types_carry_their_plover_quad_class():
    """Cooperation and conflict come from the ontology: REQUESTS (CAMEO 02, appeal) is verbal cooperation."""
    from graphkit.vocabulary import quad_classes, relations_of_stance

    found = {name: t.quad for name, t in relation_types().items()}
    assert found == {"SUPPLIES": "MaterialCooperation", "COOPERATES_WITH": "MaterialCooperation",
                     "MEETS": "VerbalCooperation", "AGREES_WITH": "VerbalCooperation", "SUPPORTS": "VerbalCooperation",
                     "REQUESTS": "VerbalCooperation", "ACCUSES": "VerbalConflict", "THREATENS": "VerbalConflict",
                     "SANCTIONS": "MaterialConflict", "ATTACKS": "MaterialConflict", "HOLDS_ROLE": None}
    assert [q.label for q in quad_classes().values()] == ["verbal cooperation", "material cooperation",
                                                          "verbal conflict", "material conflict"]
    assert relations_of_stance("conflict") == ("ACCUSES", "ATTACKS", "SANCTIONS", "THREATENS")


def test_generated_namespace_is_current():
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "gen_namespace.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_misspelt_term_fails_loudly():
    with pytest.raises(AttributeError):
        GK.suplies  # noqa: B018


def test_ontology_and_shapes_parse():
    assert len(Graph().parse(ontology_dir() / "graphkit.ttl")) > 100
    assert len(Graph().parse(ontology_dir() / "shapes.ttl")) > 20


def test_lexicon_names_only_ontology_relations():
    assert set(load_lexicon().frames) <= set(relation_types())
