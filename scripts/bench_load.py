#!/usr/bin/env python3
"""Neo4j load speed: graphkit's loader against rdflib-neo4j (Neo4j Labs' RDFLib store) on the same RDF and the
same server, from one run; then graphkit alone at larger sizes.

    python scripts/bench_load.py                          # compare on 2,000 assertions; graphkit at 10k and 100k
    python scripts/bench_load.py --compare 500 --sizes 1000
    python scripts/bench_load.py --bulk 100000            # graphkit load --bulk against rdflib-neo4j, 100k assertions

Without NEO4J_URI (and NEO4J_PASSWORD) it starts a fresh graphkit-managed Neo4j server in a temporary folder.
Both load the same Turtle file, each as it is meant to be used (`graphkit load FILE`; rdflib-neo4j's
`Graph(store=Neo4jStore(...)).parse(FILE)`). Each first loads the file once untimed (query plans and the JIT of a
fresh JVM dominate a first load); then they alternate for --rounds rounds, each from an empty database, and the
best round of each counts. The figure is relationships written per second of wall time (every relationship either
side creates, parsing included); the ratio is graphkit's over rdflib-neo4j's.

With --bulk N it measures graphkit's bulk load instead (`graphkit load --bulk FILE`: the CSV files, the server
stopped, neo4j-admin database import full, the server started, constraints and indexes: all of it timed) against
rdflib-neo4j on the same Turtle file of N assertions, on the same fresh server. The bulk load needs a server whose
files it can reach, so it always starts its own (NEO4J_URI is not used). Both sides first load a small file once
untimed; then they alternate for --rounds rounds (default 1 with --bulk), each from an empty database.
"""
from __future__ import annotations

import argparse
import json
import os
import socket
import sys
import tempfile
import time
from pathlib import Path

import neo4j

from graphkit.config import Settings
from graphkit.neo4j.connection import Neo4jSettings
from graphkit.neo4j.loader import load_file, load_store
from graphkit.neo4j.server import LocalServer
from graphkit.rdf import article_graph
from graphkit.store import Store
from graphkit.synthetic import synthetic_articles, synthetic_graph

PER_ARTICLE = 10


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--compare", type=int, default=2000, help="assertions loaded by both (default 2,000)")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds of the comparison (default 3)")
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000],
                        help="assertions loaded by graphkit alone (default 10,000 and 100,000)")
    parser.add_argument("--bulk", type=int, metavar="N",
                        help="instead: graphkit load --bulk against rdflib-neo4j on N assertions (e.g. 100000)")
    args = parser.parse_args(argv)
    if args.bulk:
        return bulk_main(args.bulk, args.rounds if "--rounds" in argv else 1)
    with tempfile.TemporaryDirectory() as work:
        server = None
        if os.environ.get("NEO4J_URI"):
            target = Neo4jSettings(os.environ["NEO4J_URI"], os.environ.get("NEO4J_USERNAME", "neo4j"),
                                   os.environ["NEO4J_PASSWORD"], os.environ.get("NEO4J_DATABASE"))
        else:
            server = LocalServer(Path(work) / "neo4j", bolt_port=_free_port(), http_port=_free_port(), heap="1g")
            server.start()
            target = Neo4jSettings(server.bolt_uri, "neo4j", server.password(), local=True)
        try:
            results = [compare(args.compare, target, Path(work), args.rounds)]
            results += [graphkit_alone(size, target, Path(work)) for size in args.sizes]
        finally:
            if server is not None:
                server.stop()
    for result in results:
        print(json.dumps(result))
    print(f"ratio (graphkit / rdflib-neo4j, relationships/s, {args.compare} assertions): {results[0]['ratio']:.1f}")
    return 0


def bulk_main(assertions: int, rounds: int) -> int:
    with tempfile.TemporaryDirectory() as work:
        server = LocalServer(Path(work) / "neo4j", bolt_port=_free_port(), http_port=_free_port(), heap="1g")
        server.start()
        try:
            result = compare_bulk(assertions, server, Path(work), rounds)
        finally:
            server.stop()
    print(json.dumps(result))
    print(f"ratio (bulk / rdflib-neo4j, relationships/s, {assertions} assertions): {result['ratio']:.1f} "
          f"(wall time: rdflib-neo4j {result['rdflib_neo4j_s']} s, bulk {result['bulk_s']} s, "
          f"{result['time_ratio']:.1f}x less)")
    return 0


def compare_bulk(assertions: int, server: LocalServer, work: Path, rounds: int) -> dict:
    """`graphkit load --bulk FILE` and rdflib-neo4j's parse into its store, on the same Turtle file and server."""
    from graphkit.neo4j.bulk import bulk_load_file

    target = Neo4jSettings(server.bolt_uri, "neo4j", server.password(), local=True)
    warm, path = work / "warm.ttl", work / "graph.ttl"
    synthetic_graph(articles=max(1, min(assertions, 1000) // PER_ARTICLE), per_article=PER_ARTICLE,
                    seed=1).serialize(warm, format="turtle")
    started = time.perf_counter()
    graph = synthetic_graph(articles=max(1, assertions // PER_ARTICLE), per_article=PER_ARTICLE)
    graph.serialize(path, format="turtle")
    triples, made = len(graph), round(time.perf_counter() - started, 1)
    del graph
    bulk = lambda file: bulk_load_file(file, server)  # noqa: E731
    for loader in (lambda: _rdflib_neo4j(warm, target), lambda: bulk(warm)):  # plans and JIT, both sides, untimed
        _clear(target)
        loader()
    ours_runs, theirs_runs, phases = [], [], []
    for _ in range(rounds):
        _clear(target)
        theirs_runs.append(_timed(lambda: _rdflib_neo4j(path, target), target))
        _clear(target)
        ours_runs.append(_timed(lambda: phases.append(bulk(path).seconds), target))
    (ours_s, ours_rels), (theirs_s, theirs_rels) = min(ours_runs), min(theirs_runs)
    ours, theirs = ours_rels / ours_s, theirs_rels / theirs_s
    return {"assertions": assertions, "triples": triples, "rdf_file_mb": round(path.stat().st_size / 1e6, 1),
            "rdf_generated_s": made, "rounds": rounds,
            "bulk_runs_s": [round(r[0], 2) for r in ours_runs], "rdflib_neo4j_runs_s": [round(r[0], 2) for r in theirs_runs],
            "bulk_s": round(ours_s, 2), "bulk_phases_s": phases[ours_runs.index(min(ours_runs))],
            "bulk_relationships": ours_rels, "bulk_rel_per_s": round(ours),
            "rdflib_neo4j_s": round(theirs_s, 2), "rdflib_neo4j_relationships": theirs_rels,
            "rdflib_neo4j_rel_per_s": round(theirs), "ratio": round(ours / theirs, 2),
            "time_ratio": round(theirs_s / ours_s, 2)}


def compare(assertions: int, target: Neo4jSettings, work: Path, rounds: int) -> dict:
    """Both load the same Turtle file, as each is used: `graphkit load FILE`, and rdflib's parse into the store."""
    path = work / "graph.ttl"
    graph = synthetic_graph(articles=max(1, assertions // PER_ARTICLE), per_article=PER_ARTICLE)
    graph.serialize(path, format="turtle")
    # Plans and JIT, both sides. rdflib-neo4j goes first: its first run creates its constraint, and that schema
    # change would empty the plan cache graphkit had just filled.
    for loader in (lambda: _rdflib_neo4j(path, target), lambda: load_file(path, target=target, settings=Settings())):
        _clear(target)
        loader()
    ours_runs, theirs_runs = [], []
    for _ in range(rounds):  # alternating, so that drift in the server hits both; the best round of each counts
        _clear(target)
        ours_runs.append(_timed(lambda: load_file(path, target=target, settings=Settings()), target))
        _clear(target)
        theirs_runs.append(_timed(lambda: _rdflib_neo4j(path, target), target))
    (ours_s, ours_rels), (theirs_s, theirs_rels) = min(ours_runs), min(theirs_runs)
    ours, theirs = ours_rels / ours_s, theirs_rels / theirs_s
    return {"assertions": assertions, "triples": len(graph), "rounds": rounds,
            "graphkit_runs_s": [round(r[0], 2) for r in ours_runs], "rdflib_neo4j_runs_s": [round(r[0], 2) for r in theirs_runs],
            "graphkit_s": round(ours_s, 2),
            "graphkit_relationships": ours_rels, "graphkit_rel_per_s": round(ours),
            "rdflib_neo4j_s": round(theirs_s, 2), "rdflib_neo4j_relationships": theirs_rels,
            "rdflib_neo4j_rel_per_s": round(theirs), "ratio": round(ours / theirs, 2)}


def graphkit_alone(assertions: int, target: Neo4jSettings, work: Path) -> dict:
    store = work / f"store-{assertions}"
    with Store.open(store) as kept:  # as a real load reads it: from the Oxigraph store
        for article, found in synthetic_articles(max(1, assertions // PER_ARTICLE), PER_ARTICLE, seed=assertions):
            kept.replace_article(article.id, article_graph(article, found))
    _clear(target)
    seconds, relationships = _timed(lambda: load_store(store, target=target, settings=Settings()), target)
    return {"assertions": assertions, "graphkit_s": round(seconds, 2), "graphkit_relationships": relationships,
            "graphkit_rel_per_s": round(relationships / seconds), "assertions_per_s": round(assertions / seconds)}


def _rdflib_neo4j(path: Path, target: Neo4jSettings) -> None:
    from rdflib import Graph
    from rdflib_neo4j import HANDLE_VOCAB_URI_STRATEGY, Neo4jStore, Neo4jStoreConfig

    config = Neo4jStoreConfig(auth_data={"uri": target.uri, "database": target.database or "neo4j",
                                         "user": target.user, "pwd": target.password},
                              handle_vocab_uri_strategy=HANDLE_VOCAB_URI_STRATEGY.IGNORE, batching=True)
    store = Graph(store=Neo4jStore(config=config))
    store.parse(path, format="turtle")
    store.close(True)


def _timed(work, target: Neo4jSettings) -> tuple[float, int]:
    start = time.perf_counter()
    work()
    seconds = time.perf_counter() - start
    with neo4j.GraphDatabase.driver(target.uri, auth=(target.user, target.password)) as driver:
        relationships = driver.execute_query("MATCH ()-[r]->() RETURN count(r) AS n").records[0]["n"]
    return seconds, relationships


def _clear(target: Neo4jSettings) -> None:
    """Delete the data and keep the schema: both sides' constraints stay, as they would for a user, because a schema
    change empties the server's query plan cache and the side that ran after it would pay for the other's."""
    with neo4j.GraphDatabase.driver(target.uri, auth=(target.user, target.password)) as driver:
        with driver.session(database=target.database) as session:
            session.run("MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS").consume()
            session.run("MATCH (n) CALL (n) { DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
