"""The relation vocabulary, read from the ontology: the one source of truth for relation types.

>>> from graphkit.vocabulary import relation_types
>>> relation_types()["SUPPLIES"].plover
'AID'
>>> relation_types()["MEETS"].symmetric
True
>>> relation_types()["REQUESTS"].quad, relation_types()["REQUESTS"].stance
('VerbalCooperation', 'cooperation')
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import OWL, RDF, RDFS, SKOS, Graph, URIRef

from .errors import OntologyError
from .namespace import GK

__all__ = ["RelationType", "QuadClass", "relation_types", "relation", "symmetric_relations", "quad_classes",
           "relations_of_stance", "ontology_dir", "ontology_graph", "shapes_graph", "ROLE"]

ROLE = "HOLDS_ROLE"


@dataclass(frozen=True)
class RelationType:
    """One relation type of the ontology, with its PLOVER type and CAMEO root."""

    name: str  # SUPPLIES
    iri: URIRef  # gk:supplies
    symmetric: bool
    plover: str | None
    cameo: str | None
    quad: str | None = None  # its PLOVER quad class: VerbalCooperation, MaterialConflict, ...
    stance: str | None = None  # "cooperation" or "conflict", the quad class's broader concept


@dataclass(frozen=True)
class QuadClass:
    """One of PLOVER's four quad classes: verbal or material, cooperation or conflict."""

    name: str  # VerbalCooperation (also the Neo4j label of its assertions)
    label: str  # verbal cooperation
    stance: str  # cooperation | conflict


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
    quads = {GK[name]: quad for name, quad in quad_classes().items()}
    found = {}
    for iri in graph.subjects(RDF.type, GK.RelationType):
        name = graph.value(iri, GK.relationName)
        if name is None:
            raise OntologyError(f"{iri} is a gk:RelationType without gk:relationName")
        quad_iri = graph.value(iri, GK.quadClass)
        if quad_iri is not None and quad_iri not in quads:
            raise OntologyError(f"{iri} has gk:quadClass {quad_iri}, which is not a gk:QuadClass")
        quad = quads.get(quad_iri)
        found[str(name)] = RelationType(
            name=str(name),
            iri=iri,
            symmetric=(iri, RDF.type, OWL.SymmetricProperty) in graph,
            plover=_text(graph.value(iri, GK.ploverType)),
            cameo=_text(graph.value(iri, GK.cameoRoot)),
            quad=quad.name if quad else None,
            stance=quad.stance if quad else None,
        )
    return dict(sorted(found.items()))


@cache
def quad_classes() -> dict[str, QuadClass]:
    """PLOVER's quad classes by name, cooperation first, verbal before material.

    >>> [(q.name, q.stance) for q in quad_classes().values()][:2]
    [('VerbalCooperation', 'cooperation'), ('MaterialCooperation', 'cooperation')]
    """
    graph = ontology_graph()
    found = []
    for iri in graph.subjects(RDF.type, GK.QuadClass):
        broader = graph.value(iri, SKOS.broader)
        if broader not in (GK.Cooperation, GK.Conflict):
            raise OntologyError(f"{iri}: a gk:QuadClass is skos:broader gk:Cooperation or gk:Conflict")
        name = str(iri).removeprefix(str(GK._NS))
        found.append(QuadClass(name, str(graph.value(iri, RDFS.label)), str(graph.value(broader, RDFS.label))))
    order = {"cooperation": 0, "conflict": 1}
    found.sort(key=lambda q: (order[q.stance], not q.name.startswith("Verbal"), q.name))
    return {quad.name: quad for quad in found}


@cache
def relations_of_stance(stance: str) -> tuple[str, ...]:
    """The relation types whose quad class is cooperation (or conflict), from the ontology.

    >>> relations_of_stance("conflict")
    ('ACCUSES', 'ATTACKS', 'SANCTIONS', 'THREATENS')
    >>> "REQUESTS" in relations_of_stance("cooperation")
    True
    """
    if stance not in ("cooperation", "conflict"):
        raise OntologyError(f"stance is cooperation or conflict, not {stance!r}")
    return tuple(name for name, kind in relation_types().items() if kind.stance == stance)


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
