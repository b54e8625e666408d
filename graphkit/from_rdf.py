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
# Actors and relation types come back as IRIs and are named in Python from NAMES: Oxigraph evaluates property
# paths such as gk:subject/gk:code about twice as slowly as the plain patterns (measured at 100k assertions).
ASSERTIONS = PREFIXES + """
SELECT DISTINCT ?art ?a ?subject ?relation ?object ?polarity ?modality ?confidence ?evidence ?start ?end ?claimer
                ?role ?extractor WHERE {
  ?a a gk:Assertion ; prov:wasDerivedFrom ?art ; gk:relation ?relation ; gk:subject ?subject ; gk:object ?object ;
     gk:polarity ?polarity ; gk:modality ?modality ; gk:confidence ?confidence ; gk:evidence ?evidence .
  OPTIONAL { ?a gk:startChar ?start } OPTIONAL { ?a gk:endChar ?end } OPTIONAL { ?a gk:claimedBy ?claimer }
  OPTIONAL { ?a gk:role ?role } OPTIONAL { ?a gk:extractor ?extractor }
}"""
NAMES = PREFIXES + """
SELECT DISTINCT ?node ?name WHERE { { ?node gk:code ?name } UNION { ?node gk:relationName ?name } }"""
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
        items[row["a"]].append(row["label"])
    names = {row["node"]: row["name"] for row in _query(store, NAMES, named)}  # actor codes, relation names
    by_article: dict[str, list[Assertion]] = defaultdict(list)
    for row in _query(store, ASSERTIONS, named):
        if all(row[part] in names for part in ("subject", "relation", "object")):
            by_article[row["art"]].append(_assertion(row, names, items[row["a"]]))
    articles = sorted((_article(row) for row in _query(store, ARTICLES, named)), key=lambda pair: pair[1].id)
    for node, article in articles:
        yield article, sorted(by_article.get(node, []), key=lambda a: (a.start, a.relation, a.source, a.target))


def read_actors(graph: Graph | ox.Store) -> dict[str, Actor]:
    """Every actor in ``graph`` by id, with its name, kind and Wikidata id."""
    store, named = _oxigraph(graph)
    actors = {}
    for row in _query(store, ACTORS, named):
        wikidata = row["same"].rsplit("/", 1)[-1] if row["same"] else None
        actors[row["code"]] = Actor(row["code"], row["label"], row["kind"].rsplit("#", 1)[-1], wikidata)
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


def _query(store: ox.Store, query: str, named: bool) -> Iterator[dict[str, str | None]]:
    """Run a query of this module; rows come as plain ``{variable: value or None}``. With named graphs, every
    pattern is matched inside one graph."""
    if named and any(True for _ in store.named_graphs()):
        head, _, body = query.partition("WHERE {")
        query = f"{head}WHERE {{ GRAPH ?graph {{{body.rstrip().removesuffix('}')} }} }}"
    solutions = store.query(query)
    names = [variable.value for variable in solutions.variables]
    for row in solutions:  # by position: several times faster than pyoxigraph's lookup by name
        yield dict(zip(names, [None if term is None else term.value for term in row]))


def _article(row: dict) -> tuple[str, Article]:
    return row["art"], Article(id=row["id"], text="", title=row["title"] or "", date=row["date"], url=row["url"],
                               outlet=row["outlet"], stored_hash=row["hash"])


def _assertion(row: dict, names: dict[str, str], items: list[str]) -> Assertion:
    name, _, version = (row["extractor"] or "").partition(" ")
    return Assertion(
        article=_article_id(row["art"]), source=names[row["subject"]], relation=names[row["relation"]],
        target=names[row["object"]], evidence=row["evidence"], start=int(row["start"] or 0), end=int(row["end"] or 0),
        items=tuple(sorted(items)), claimed_by=names.get(row["claimer"]), polarity=row["polarity"],
        modality=row["modality"], confidence=float(row["confidence"]), role=row["role"],
        extractor=name or "graphkit.rules", extractor_version=version or "0", stored_id=row["a"].rsplit("/", 1)[-1])


def _article_id(iri: str) -> str:
    return unquote(iri.rsplit("/article/", 1)[-1])
