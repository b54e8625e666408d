"""Reading graphkit's RDF back into articles, assertions and actors: the inverse of :mod:`graphkit.rdf`.

>>> from graphkit.rdf import article_graph
>>> from graphkit.model import Article, Assertion
>>> a = Assertion("a1", "IRN", "SUPPLIES", "RUS", "Iran sent drones to Russia.", 0, 27, items=("drones",))
>>> [(art.id, [x.id == a.id for x in found]) for art, found in read_articles(article_graph(Article("a1", "t"), [a]))]
[('a1', [True])]

Every article's named graph repeats the actors and relation types it uses. Joined over the union of all graphs,
each copy would multiply the rows, so in a store (a Dataset) every pattern is matched inside one graph.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from urllib.parse import unquote

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import Dataset, Graph

from .model import Actor, Article, Assertion

__all__ = ["read_articles", "read_actors", "oxigraph_of"]

PREFIXES = """
PREFIX gk: <https://w3id.org/graphkit/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX schema: <https://schema.org/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
"""
ARTICLES = PREFIXES + """
SELECT DISTINCT ?art ?id ?hash ?title ?date ?url ?outlet WHERE {
  ?art a gk:Article ; gk:articleId ?id ; gk:contentHash ?hash .
  OPTIONAL { ?art dcterms:title ?title } OPTIONAL { ?art dcterms:date ?date }
  OPTIONAL { ?art schema:url ?url } OPTIONAL { ?art gk:outlet ?outlet }
}"""
ASSERTIONS = PREFIXES + """
SELECT DISTINCT ?art ?a ?s ?rel ?o ?polarity ?modality ?confidence ?evidence ?start ?end ?claimant ?role ?extractor WHERE {
  ?a a gk:Assertion ; prov:wasDerivedFrom ?art ; gk:relation/gk:relationName ?rel ;
     gk:subject/gk:code ?s ; gk:object/gk:code ?o ; gk:polarity ?polarity ; gk:modality ?modality ;
     gk:confidence ?confidence ; gk:evidence ?evidence .
  OPTIONAL { ?a gk:startChar ?start } OPTIONAL { ?a gk:endChar ?end }
  OPTIONAL { ?a gk:claimedBy/gk:code ?claimant } OPTIONAL { ?a gk:role ?role } OPTIONAL { ?a gk:extractor ?extractor }
}"""
ITEMS = PREFIXES + "SELECT DISTINCT ?a ?label WHERE { ?a gk:item/rdfs:label ?label }"
ACTORS = PREFIXES + """
SELECT DISTINCT ?code ?label ?kind ?same WHERE {
  ?actor gk:code ?code ; rdfs:label ?label ; a ?kind .
  FILTER (?kind IN (gk:State, gk:Organization, gk:Person))
  OPTIONAL { ?actor owl:sameAs ?same }
}"""


def read_articles(graph: Graph | ox.Store) -> Iterator[tuple[Article, list[Assertion]]]:
    """Every article in ``graph`` with its assertions, articles in id order.

    ``graph`` is an rdflib graph or dataset, or a pyoxigraph store; either way the queries run in Oxigraph's
    native SPARQL engine (an rdflib graph is copied into an in-memory one first), which is many times faster
    than rdflib's own on graphs of this shape.
    """
    store, named = _oxigraph(graph)
    items: dict[str, list[str]] = defaultdict(list)
    for row in _query(store, ITEMS, named):
        items[row["a"].value].append(row["label"].value)
    by_article: dict[str, list[Assertion]] = defaultdict(list)
    for row in _query(store, ASSERTIONS, named):
        by_article[row["art"].value].append(_assertion(row, items[row["a"].value]))
    articles = sorted((_article(row) for row in _query(store, ARTICLES, named)), key=lambda pair: pair[1].id)
    for node, article in articles:
        yield article, sorted(by_article.get(node, []), key=lambda a: (a.start, a.relation, a.source, a.target))


def read_actors(graph: Graph | ox.Store) -> dict[str, Actor]:
    """Every actor in ``graph`` by id, with its name, kind and Wikidata id."""
    store, named = _oxigraph(graph)
    actors = {}
    for row in _query(store, ACTORS, named):
        same = _value(row, "same")
        wikidata = same.rsplit("/", 1)[-1] if same else None
        code = row["code"].value
        actors[code] = Actor(code, row["label"].value, row["kind"].value.rsplit("#", 1)[-1], wikidata)
    return actors


def oxigraph_of(graph: Graph | ox.Store) -> ox.Store:
    """The pyoxigraph store behind ``graph``, or an in-memory copy of it: read many times, convert once."""
    return _oxigraph(graph)[0] if not isinstance(graph, ox.Store) else graph


def _oxigraph(graph) -> tuple[ox.Store, bool]:
    """A pyoxigraph store holding ``graph``, and whether its data sits in named graphs (one per article)."""
    if isinstance(graph, ox.Store):
        return graph, True
    inner = getattr(graph.store, "_inner", None) if isinstance(graph.store, OxigraphStore) else None
    if inner is not None:
        return inner, True
    store = ox.Store()
    if isinstance(graph, Dataset):
        store.load(graph.serialize(format="nquads", encoding="utf-8"), format=ox.RdfFormat.N_QUADS)
        return store, True
    store.load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return store, False


def _query(store: ox.Store, query: str, named: bool):
    """Run a query of this module; with named graphs, every pattern is matched inside one graph."""
    if named and any(True for _ in store.named_graphs()):
        head, _, body = query.partition("WHERE {")
        query = f"{head}WHERE {{ GRAPH ?graph {{{body.rstrip().removesuffix('}')} }} }}"
    return store.query(query)


def _value(row, name: str) -> str | None:
    term = row[name]
    return None if term is None else term.value


def _article(row) -> tuple[str, Article]:
    return row["art"].value, Article(
        id=row["id"].value, text="", title=_value(row, "title") or "", date=_value(row, "date"),
        url=_value(row, "url"), outlet=_value(row, "outlet"), stored_hash=row["hash"].value)


def _assertion(row, items: list[str]) -> Assertion:
    name, _, version = (_value(row, "extractor") or "").partition(" ")
    start, end = _value(row, "start"), _value(row, "end")
    return Assertion(
        article=_article_id(row["art"].value), source=row["s"].value, relation=row["rel"].value,
        target=row["o"].value, evidence=row["evidence"].value, start=int(start) if start else 0,
        end=int(end) if end else 0, items=tuple(sorted(items)), claimed_by=_value(row, "claimant"),
        polarity=row["polarity"].value, modality=row["modality"].value, confidence=float(row["confidence"].value),
        role=_value(row, "role"), extractor=name or "graphkit.rules", extractor_version=version or "0",
        stored_id=row["a"].value.rsplit("/", 1)[-1])


def _article_id(iri: str) -> str:
    return unquote(iri.rsplit("/article/", 1)[-1])
