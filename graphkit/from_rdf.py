"""Reading graphkit's RDF back into articles, assertions and actors: the inverse of :mod:`graphkit.rdf`.

>>> from graphkit.rdf import article_graph
>>> from graphkit.model import Article, Assertion
>>> a = Assertion("a1", "IRN", "SUPPLIES", "RUS", "Iran sent drones to Russia.", 0, 27, items=("drones",))
>>> [(art.id, [x.id == a.id for x in found]) for art, found in read_articles(article_graph(Article("a1", "t"), [a]))]
[('a1', [True])]

Every article's named graph repeats the actors and relation types it uses, so the queries are DISTINCT.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from rdflib import Graph

from .model import Actor, Article, Assertion

__all__ = ["read_articles", "read_actors"]

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


def read_articles(graph: Graph) -> Iterator[tuple[Article, list[Assertion]]]:
    """Every article in ``graph`` with its assertions, articles in id order."""
    items: dict[str, list[str]] = defaultdict(list)
    for row in graph.query(ITEMS):
        items[str(row.a)].append(str(row.label))
    by_article: dict[str, list[Assertion]] = defaultdict(list)
    for row in graph.query(ASSERTIONS):
        by_article[str(row.art)].append(_assertion(row, items[str(row.a)]))
    articles = sorted((_article(row) for row in graph.query(ARTICLES)), key=lambda pair: pair[1].id)
    for node, article in articles:
        yield article, sorted(by_article.get(node, []), key=lambda a: (a.start, a.relation, a.source, a.target))


def read_actors(graph: Graph) -> dict[str, Actor]:
    """Every actor in ``graph`` by id, with its name, kind and Wikidata id."""
    actors = {}
    for row in graph.query(ACTORS):
        wikidata = str(row.same).rsplit("/", 1)[-1] if row.same is not None else None
        actors[str(row.code)] = Actor(str(row.code), str(row.label), str(row.kind).rsplit("#", 1)[-1], wikidata)
    return actors


def _article(row) -> tuple[str, Article]:
    text = lambda value: str(value) if value is not None else None  # noqa: E731
    return str(row.art), Article(id=str(row.id), text="", title=text(row.title) or "", date=text(row.date),
                                 url=text(row.url), outlet=text(row.outlet), stored_hash=str(row.hash))


def _assertion(row, items: list[str]) -> Assertion:
    name, _, version = str(row.extractor or "").partition(" ")
    article = str(row.art)
    return Assertion(
        article=_article_id(article), source=str(row.s), relation=str(row.rel), target=str(row.o),
        evidence=str(row.evidence), start=int(row.start) if row.start is not None else 0,
        end=int(row.end) if row.end is not None else 0, items=tuple(sorted(items)),
        claimed_by=str(row.claimant) if row.claimant is not None else None, polarity=str(row.polarity),
        modality=str(row.modality), confidence=float(row.confidence), role=str(row.role) if row.role else None,
        extractor=name or "graphkit.rules", extractor_version=version or "0", stored_id=str(row.a).rsplit("/", 1)[-1])


def _article_id(iri: str) -> str:
    from urllib.parse import unquote

    return unquote(iri.rsplit("/article/", 1)[-1])
