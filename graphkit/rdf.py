"""Mapping articles and assertions onto the ontology with rdflib.

Each assertion becomes an n-ary ``gk:Assertion`` node derived (PROV) from its
``gk:Article``; an affirmed assertion also gives the direct edge between the
actors (``<RUS> gk:supplies <IRN>``). IRIs are stable, so mapping the same
article twice gives the same triples.

>>> from graphkit.model import Article, Assertion
>>> art = Article("a1", "Iran sent drones to Russia.")
>>> a = Assertion("a1", "IRN", "SUPPLIES", "RUS", "Iran sent drones to Russia.", 0, 27, items=("drones",))
>>> g = article_graph(art, [a])
>>> (actor_iri("IRN"), GK.supplies, actor_iri("RUS")) in g
True
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from urllib.parse import quote

from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, SDO

from .model import Article, Assertion
from .namespace import GK
from .vocabulary import relation

__all__ = ["article_graph", "actor_iri", "article_iri", "graph_iri", "item_iri", "ID", "PREFIXES", "bind_prefixes",
           "compact_iri"]

ID = Namespace("https://w3id.org/graphkit/id/")
WIKIDATA = Namespace("http://www.wikidata.org/entity/")
CLASS_OF = {"State": GK.State, "Organization": GK.Organization, "Person": GK.Person}


def article_graph(article: Article, assertions: Iterable[Assertion]) -> Graph:
    """All the triples one article contributes: the article, its assertions and the actors they name."""
    graph = Graph()
    bind_prefixes(graph)
    node = article_iri(article.id)
    graph.add((node, RDF.type, GK.Article))
    graph.add((node, GK.articleId, Literal(article.id)))
    graph.add((node, GK.contentHash, Literal(article.content_hash)))
    if article.title:
        graph.add((node, DCTERMS.title, Literal(article.title)))
    if article.date:
        graph.add((node, DCTERMS.date, Literal(article.date, datatype=XSD.date)))
    if article.url:
        graph.add((node, SDO.url, Literal(article.url, datatype=XSD.anyURI)))
    if article.outlet:
        graph.add((node, GK.outlet, Literal(article.outlet)))
    actors = set()
    for assertion in assertions:
        _add_assertion(graph, assertion, node)
        actors.update(a for a in (assertion.source, assertion.target, assertion.claimed_by) if a)
    for actor in sorted(actors):
        _add_actor(graph, actor)
    return graph


def actor_iri(actor_id: str) -> URIRef:
    """``RUS`` -> id/state/RUS, ``org:NATO`` -> id/org/NATO, ``person:Vladimir Putin`` -> id/person/Vladimir%20Putin."""
    kind, _, name = actor_id.partition(":")
    if not name:
        return ID[f"state/{quote(actor_id, safe='')}"]
    return ID[f"{kind}/{quote(name, safe='')}"]


def article_iri(article_id: str) -> URIRef:
    return ID[f"article/{quote(article_id, safe='')}"]


def graph_iri(article_id: str) -> URIRef:
    """The named graph that holds everything one article contributes."""
    return ID[f"graph/article/{quote(article_id, safe='')}"]


def item_iri(item: str) -> URIRef:
    return ID[f"item/{quote(' '.join(item.lower().split()), safe='')}"]


PREFIXES = {"gk": GK._NS, "gkid": ID, "prov": PROV, "dcterms": DCTERMS, "schema": SDO, "wd": WIKIDATA}
_COMPACT = sorted({**PREFIXES, "rdf": RDF._NS, "rdfs": RDFS._NS, "owl": OWL._NS, "xsd": XSD._NS}.items(),
                  key=lambda pair: -len(str(pair[1])))


def compact_iri(iri: str) -> str:
    """An IRI as graphkit's prefixes name it, for people to read (``gkid:state/IRN`` is readable, but in a query
    write it in full: a ``/`` cannot follow a prefix there); other IRIs unchanged.

    >>> compact_iri("https://w3id.org/graphkit/ontology#supplies"), compact_iri("https://example.org/x")
    ('gk:supplies', 'https://example.org/x')
    """
    for prefix, namespace in _COMPACT:
        if iri.startswith(str(namespace)) and len(iri) > len(str(namespace)):
            return f"{prefix}:{iri[len(str(namespace)):]}"
    return iri


def bind_prefixes(graph: Graph) -> None:
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)


def _add_assertion(graph: Graph, a: Assertion, article: URIRef) -> None:
    kind = relation(a.relation)
    node = ID[f"assertion/{a.id}"]
    source, target = actor_iri(a.source), actor_iri(a.target)
    graph.add((node, RDF.type, GK.Assertion))
    graph.add((node, GK.subject, source))
    graph.add((node, GK.object, target))
    graph.add((node, GK.relation, kind.iri))
    graph.add((kind.iri, RDF.type, GK.RelationType))  # self-describing: readers need not load the ontology
    graph.add((kind.iri, GK.relationName, Literal(kind.name)))
    graph.add((node, GK.polarity, Literal(a.polarity)))
    graph.add((node, GK.modality, Literal(a.modality)))
    graph.add((node, GK.confidence, Literal(Decimal(str(round(a.confidence, 3))), datatype=XSD.decimal)))
    graph.add((node, GK.evidence, Literal(a.evidence)))
    graph.add((node, GK.startChar, Literal(a.start)))
    graph.add((node, GK.endChar, Literal(a.end)))
    graph.add((node, GK.extractor, Literal(f"{a.extractor} {a.extractor_version}")))
    graph.add((node, PROV.wasDerivedFrom, article))
    if a.claimed_by:
        graph.add((node, GK.claimedBy, actor_iri(a.claimed_by)))
    if a.role:
        graph.add((node, GK.role, Literal(a.role)))
    for item in a.items:
        graph.add((node, GK.item, item_iri(item)))
        graph.add((item_iri(item), RDF.type, GK.Item))
        graph.add((item_iri(item), RDFS.label, Literal(" ".join(item.lower().split()))))
    if a.polarity == "affirmed":
        graph.add((source, kind.iri, target))


def _add_actor(graph: Graph, actor_id: str) -> None:
    # imported here: graphkit.extract's package imports spaCy, which reading the store does not need
    from .extract.gazetteer import load_gazetteer

    node = actor_iri(actor_id)
    known = load_gazetteer().actors.get(actor_id)
    if actor_id.startswith("person:"):
        kind, name, wikidata = "Person", actor_id.removeprefix("person:"), None
    elif known is not None:
        kind, name, wikidata = known.kind, known.name, known.wikidata
    else:
        # an organisation found in the text only (graphkit.extract.groups): named from its id, linked to nothing
        kind, wikidata = ("Organization" if actor_id.startswith("org:") else "State"), None
        name = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", actor_id.removeprefix("org:"))
    graph.add((node, RDF.type, CLASS_OF[kind]))
    graph.add((node, RDF.type, GK.Actor))
    graph.add((node, GK.code, Literal(actor_id)))
    graph.add((node, RDFS.label, Literal(name)))
    if wikidata:
        graph.add((node, OWL.sameAs, WIKIDATA[wikidata]))
