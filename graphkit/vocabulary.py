"""The relation vocabulary, read from the ontology: the one source of truth for relation types.

>>> from graphkit.vocabulary import relation_types
>>> relation_types()["SUPPLIES"].plover
'AID'
>>> relation_types()["MEETS"].symmetric
True
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import OWL, RDF, Graph, URIRef

from .errors import OntologyError
from .namespace import GK

__all__ = ["RelationType", "relation_types", "relation", "symmetric_relations", "ontology_dir", "ontology_graph",
           "shapes_graph", "ROLE"]

ROLE = "HOLDS_ROLE"


@dataclass(frozen=True)
class RelationType:
    """One relation type of the ontology, with its PLOVER type and CAMEO root."""

    name: str  # SUPPLIES
    iri: URIRef  # gk:supplies
    symmetric: bool
    plover: str | None
    cameo: str | None


def ontology_dir() -> Path:
    """The folder holding graphkit.ttl and shapes.ttl: inside the installed package, else the source tree."""
    for candidate in (Path(__file__).parent / "ontology", Path(__file__).resolve().parents[1] / "ontology"):
        if (candidate / "graphkit.ttl").is_file():
            return candidate
    raise OntologyError("cannot find ontology/graphkit.ttl; reinstall graphkit")


@cache
def ontology_graph() -> Graph:
    """The OWL ontology as an rdflib graph (parsed once)."""
    return Graph().parse(ontology_dir() / "graphkit.ttl")


@cache
def shapes_graph() -> Graph:
    """The SHACL shapes every graph graphkit writes must satisfy."""
    return Graph().parse(ontology_dir() / "shapes.ttl")


@cache
def relation_types() -> dict[str, RelationType]:
    """Every relation type the ontology declares, by name."""
    graph = ontology_graph()
    found = {}
    for iri in graph.subjects(RDF.type, GK.RelationType):
        name = graph.value(iri, GK.relationName)
        if name is None:
            raise OntologyError(f"{iri} is a gk:RelationType without gk:relationName")
        found[str(name)] = RelationType(
            name=str(name),
            iri=iri,
            symmetric=(iri, RDF.type, OWL.SymmetricProperty) in graph,
            plover=_text(graph.value(iri, GK.ploverType)),
            cameo=_text(graph.value(iri, GK.cameoRoot)),
        )
    return dict(sorted(found.items()))


@cache
def symmetric_relations() -> frozenset[str]:
    """The names of the symmetric relation types, compared unordered.

    >>> sorted(symmetric_relations())
    ['AGREES_WITH', 'COOPERATES_WITH', 'MEETS']
    """
    return frozenset(name for name, kind in relation_types().items() if kind.symmetric)


def relation(name: str) -> RelationType:
    """The relation type called ``name``; an unknown name is an OntologyError that lists the known ones."""
    types = relation_types()
    try:
        return types[name]
    except KeyError:
        raise OntologyError(f"unknown relation type {name!r}; the ontology has {', '.join(types)}") from None


def _text(value) -> str | None:
    return None if value is None else str(value)
