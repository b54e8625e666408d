"""Loading graphkit's RDF into Neo4j as a property graph.

>>> from graphkit.neo4j.loader import load_store
>>> report = load_store("graphkit-data/store")                 # doctest: +SKIP
>>> report.articles_loaded, report.assertions                   # doctest: +SKIP
(13, 94)

The shape (DESIGN.md): ``(:Actor:State|Organization|Person {id, name, wikidata})``, ``(:Article {id, title,
date, url, outlet})``, ``(:Assertion {id, relation, polarity, modality, confidence, evidence, ...})`` with
``SUBJECT``, ``OBJECT``, ``ITEM``, ``CLAIMED_BY`` and ``REPORTED_IN`` relationships, and one summary relationship
per related pair and type (``(:State)-[:SUPPLIES {items, assertions, claimed_by, first_seen, last_seen}]->``,
``(:Person)-[:HOLDS_ROLE {roles}]->``), kept true for every pair a load touches: recounted where assertions went
away, extended where they were only added.

Each batch of articles is one transaction, retried on transient errors; an article already in Neo4j with the same
content hash is skipped, so a load that stopped half-way (Neo4j went away) is finished by running it again.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import neo4j
import pyoxigraph as ox
from rdflib import Graph

from ..config import Settings, load_settings
from ..errors import Neo4jError, StoreError
from ..from_rdf import oxigraph_of, read_actors, read_articles
from ..model import Actor, Article, Assertion
from ..store import Store
from ..vocabulary import relation_types, symmetric_relations
from . import cypher
from .connection import Neo4jSettings, connect, neo4j_settings

__all__ = ["load", "load_store", "load_file", "read_rdf_file", "LoadReport"]

# The version of the property-graph shape the loader writes: an article loaded in an older shape (before assertion
# captions and quad-class labels, shape 2) is loaded again, as a changed article is.
GRAPH_SHAPE = 2
RDF_FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".nq": ox.RdfFormat.N_QUADS,
               ".trig": ox.RdfFormat.TRIG, ".jsonld": ox.RdfFormat.JSON_LD, ".rdf": ox.RdfFormat.RDF_XML}


@dataclass
class LoadReport:
    articles_loaded: int = 0
    articles_skipped: int = 0
    assertions: int = 0
    batches: int = 0
    summaries: int = 0  # pair-and-type summaries recounted or extended
    by_relation: dict[str, int] = field(default_factory=lambda: defaultdict(int))


def load_store(store: str | Path | None = None, target: Neo4jSettings | None = None,
               settings: Settings | None = None, progress: Callable[[int], None] | None = None) -> LoadReport:
    """Load everything in the embedded store into Neo4j."""
    settings = settings or load_settings()
    with Store.open(store or settings.store_path, read_only=True) as kept:
        return load(kept.dataset, target, settings, progress)


def load_file(path: str | Path, target: Neo4jSettings | None = None, settings: Settings | None = None,
              progress: Callable[[int], None] | None = None) -> LoadReport:
    """Load an RDF file that graphkit wrote (``graphkit export``): Turtle, N-Triples, N-Quads, TriG or JSON-LD."""
    return load(read_rdf_file(path), target, settings, progress)


def read_rdf_file(path: str | Path) -> ox.Store:
    """An RDF file graphkit wrote, read into an in-memory Oxigraph store (its parser is many times faster than
    rdflib's); a file of another kind, or one that does not parse, is a StoreError."""
    path = Path(path)
    fmt = RDF_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise StoreError(f"{path}: not an RDF file graphkit reads ({', '.join(RDF_FORMATS)})")
    store = ox.Store()
    try:
        store.bulk_load(path=str(path), format=fmt)
    except (OSError, SyntaxError, ValueError) as err:
        raise StoreError(f"{path}: cannot read it as {fmt}: {err}") from err
    return store


def load(graph: Graph | ox.Store, target: Neo4jSettings | None = None, settings: Settings | None = None,
         progress: Callable[[int], None] | None = None) -> LoadReport:
    """Load graphkit's RDF in ``graph`` into Neo4j; ``progress`` gets the number of articles each batch handled."""
    settings = settings or load_settings()
    target = target or neo4j_settings(settings)
    graph = oxigraph_of(graph)  # read once, by Oxigraph's native SPARQL
    actors = read_actors(graph)
    report = LoadReport()
    with connect(target) as driver:
        for statement in cypher.CONSTRAINTS:
            driver.execute_query(statement, database_=target.database)
        with driver.session(database=target.database) as session:
            for batch in _batches(read_articles(graph), settings.neo4j_batch_size):
                try:
                    fresh = _unchanged_removed(session, batch, report)
                    if fresh:
                        _write(session, fresh, actors, report)
                except (neo4j.exceptions.ServiceUnavailable, neo4j.exceptions.SessionExpired, OSError) as err:
                    raise Neo4jError(
                        f"lost Neo4j at {target.uri} after {report.articles_loaded} articles were loaded: {err}. "
                        "Nothing of the failed batch was kept; run the load again to finish (loaded articles are "
                        "skipped)") from None
                if progress is not None:
                    progress(len(batch))
    return report


# ---------------------------------------------------------------- batches


def _batches(articles: Iterable[tuple[Article, list[Assertion]]], size: int) -> Iterator[list]:
    batch, count = [], 0
    for article, assertions in articles:
        batch.append((article, assertions))
        count += len(assertions) + 1
        if count >= size:
            yield batch
            batch, count = [], 0
    if batch:
        yield batch


def _unchanged_removed(session: neo4j.Session, batch: list, report: LoadReport) -> list:
    found = session.run(cypher.STORED_HASHES, ids=[a.id for a, _ in batch])
    stored = {r["id"]: (r["hash"], r["shape"]) for r in found}
    fresh = [(a, found) for a, found in batch if stored.get(a.id) != (a.content_hash, GRAPH_SHAPE)]
    report.articles_skipped += len(batch) - len(fresh)
    return fresh


def _write(session: neo4j.Session, batch: list, actors: dict[str, Actor], report: LoadReport) -> None:
    rows = _rows(batch, actors)
    touched = session.execute_write(_transaction, rows)  # one transaction, retried on transient errors
    report.batches += 1
    report.articles_loaded += len(batch)
    report.assertions += len(rows["assertions"])
    report.summaries += touched
    for row in rows["assertions"]:
        report.by_relation[row["relation"]] += 1


def _transaction(tx: neo4j.ManagedTransaction, rows: dict) -> int:
    """One batch, all or nothing: replace the articles' assertions, then bring the touched pairs' summaries up to
    date: recounted where assertions went away, extended where they were only added."""
    emptied = {(r["relation"], r["source"], r["target"])
               for r in tx.run(cypher.REMOVE_ASSERTIONS, articles=[a["id"] for a in rows["articles"]])}
    tx.run(cypher.MERGE_ARTICLES, rows=rows["articles"])
    for label, actor_rows in rows["actors"].items():
        tx.run(cypher.merge_actors(label), rows=actor_rows)
    tx.run(cypher.MERGE_ITEMS, names=rows["items"])
    by_quad = defaultdict(list)
    for row in rows["assertions"]:
        by_quad[row["quad"]].append(row)
    for quad, quad_rows in by_quad.items():
        tx.run(cypher.create_assertions(quad), rows=quad_rows)
    tx.run(cypher.LINK_CLAIMANTS, pairs=rows["claimants"])
    tx.run(cypher.LINK_ITEMS, pairs=rows["item_links"])
    for relation, pairs in _by_relation(sorted(emptied)).items():
        tx.run(cypher.summarise(relation), pairs=[[source, target] for _, source, target in pairs], relation=relation)
    gains = {pair: gain for pair, gain in rows["gains"].items() if pair not in emptied}
    for relation, pairs in _by_relation(sorted(gains)).items():
        tx.run(cypher.extend_summary(relation), rows=[gains[pair] for pair in pairs])
    return len(emptied | set(gains))


def _by_relation(pairs: list[tuple[str, str, str]]) -> dict[str, list[tuple[str, str, str]]]:
    grouped = defaultdict(list)
    for pair in pairs:
        grouped[pair[0]].append(pair)
    return grouped


def _gains(assertions: list[dict], dates: dict[str, str | None]) -> dict[tuple[str, str, str], dict]:
    """What the batch's affirmed assertions add to each pair's summary (the rows of ``cypher.extend_summary``).

    Its articles are new to the pairs extended: an article loaded before had its old assertions removed, and a
    pair that lost any is recounted instead."""
    gains: dict[tuple[str, str, str], dict] = {}
    for row in assertions:
        if row["polarity"] != "affirmed":
            continue
        key = (row["relation"], row["pair_source"], row["pair_target"])
        gain = gains.setdefault(key, {"source": key[1], "target": key[2], "assertions": 0, "articles": 0, "items": [],
                                      "claimed_by": [], "roles": [], "first_seen": None, "last_seen": None,
                                      "article_ids": []})
        gain["assertions"] += 1
        if row["article"] not in gain["article_ids"]:
            gain["article_ids"].append(row["article"])
            gain["articles"] += 1
        for name, value in (("items", row["items"]), ("claimed_by", [row["claimed_by"]]), ("roles", [row["role"]])):
            gain[name].extend(v for v in value if v and v not in gain[name])
        date = dates.get(row["article"])
        if date:
            gain["first_seen"] = min(gain["first_seen"] or date, date)
            gain["last_seen"] = max(gain["last_seen"] or date, date)
    return gains


def _rows(batch: list, actors: dict[str, Actor]) -> dict:
    symmetric = symmetric_relations()
    kinds = relation_types()
    articles, assertions, needed, claimants, item_links = [], [], set(), [], []
    for article, found in batch:
        articles.append({"id": article.id, "title": article.title or None, "date": article.date, "url": article.url,
                         "outlet": article.outlet, "hash": article.content_hash, "shape": GRAPH_SHAPE})
        for a in found:
            needed.update(x for x in (a.source, a.target, a.claimed_by) if x)
            item_links.extend([a.id, item] for item in a.items)
            if a.claimed_by:
                claimants.append([a.id, a.claimed_by])
            pair = tuple(sorted((a.source, a.target))) if a.relation in symmetric else (a.source, a.target)
            assertions.append({"id": a.id, "relation": a.relation, "label": a.caption, "quad": kinds[a.relation].quad,
                               "article": a.article, "source": a.source,
                               "target": a.target, "pair_source": pair[0], "pair_target": pair[1],
                               "polarity": a.polarity, "modality": a.modality, "confidence": a.confidence,
                               "evidence": a.evidence, "start": a.start, "end": a.end, "role": a.role,
                               "items": list(a.items), "claimed_by": a.claimed_by,
                               "extractor": f"{a.extractor} {a.extractor_version}"})
    by_label = defaultdict(list)
    for actor_id in sorted(needed):
        actor = actors.get(actor_id) or _fallback_actor(actor_id)
        by_label[actor.kind].append({"id": actor.id, "name": actor.name, "wikidata": actor.wikidata})
    return {"articles": articles, "assertions": assertions, "items": sorted({name for _, name in item_links}),
            "actors": dict(by_label),
            "claimants": claimants, "item_links": item_links,
            "gains": _gains(assertions, {article["id"]: article["date"] for article in articles})}


def _fallback_actor(actor_id: str) -> Actor:
    kind = "Person" if actor_id.startswith("person:") else "Organization" if actor_id.startswith("org:") else "State"
    return Actor(actor_id, actor_id.split(":", 1)[-1], kind)
