"""Exports other tools read: GraphML and GEXF (Gephi, Cytoscape), the CSV files ``neo4j-admin database import``
reads, and PLOVER-style event records (one JSON object an event) that line up with political event datasets.

>>> from graphkit.analysis import example_articles
>>> events = list(plover_events(example_articles()))
>>> events[0]["event_type"], events[0]["actor"], events[0]["recipient"]
('AID', 'IRN', 'RUS')
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import networkx as nx

from .analysis import Articles, project
from .model import Actor
from .vocabulary import ROLE, relation_types

__all__ = ["write_graphml", "write_gexf", "write_neo4j_csv", "plover_events", "write_plover"]


def write_graphml(articles: Articles, path: str | Path | BinaryIO) -> nx.MultiDiGraph:
    """The projected graph (every relation, either polarity) as GraphML, to a path or a binary file; lists become
    "; "-joined text."""
    graph = _flat(project(articles, polarity=None))
    nx.write_graphml(graph, path)
    return graph


def write_gexf(articles: Articles, path: str | Path | BinaryIO) -> nx.MultiDiGraph:
    """The projected graph as GEXF, for Gephi, to a path or a binary file."""
    graph = _flat(project(articles, polarity=None))
    nx.write_gexf(graph, path)
    return graph


def write_neo4j_csv(articles: Articles, folder: str | Path, actors: dict[str, Actor] | None = None) -> list[Path]:
    """CSV files in the layout ``neo4j-admin database import full`` reads, for bulk loads of very large graphs:
    the graph ``graphkit load`` writes, summaries included. ``actors`` names the actors by id (default: the
    gazetteer's). :func:`graphkit.neo4j.bulk.import_command` gives the command that imports them; then, with the
    server started, ``graphkit load --finish-import`` creates the constraints and indexes.
    """
    from .neo4j.bulk import NODE_FILES, RELATIONSHIP_FILES, write_import_csv

    if actors is None:
        from .analysis import _gazetteer_actors

        actors = _gazetteer_actors()
    write_import_csv(articles, actors, folder)
    return [Path(folder) / name for name in (*NODE_FILES, *RELATIONSHIP_FILES)]


def plover_events(articles: Articles) -> Iterator[dict]:
    """One PLOVER/POLECAT-style event per assertion between actors (``HOLDS_ROLE`` is not an event).

    Fields: ``event_id``, ``event_type`` (the PLOVER type), ``event_mode`` (graphkit's modality), ``cameo_root``,
    ``actor``, ``recipient``, ``event_date``, ``story_id``, ``source_text`` and its character offsets, plus
    graphkit's ``polarity``, ``claimed_by`` and ``confidence``.
    """
    types = relation_types()
    for article, found in articles:
        for a in found:
            if a.relation == ROLE:
                continue
            yield {"event_id": a.id, "event_type": types[a.relation].plover, "event_mode": a.modality,
                   "cameo_root": types[a.relation].cameo, "actor": a.source, "recipient": a.target,
                   "event_date": article.date, "story_id": article.id, "source_text": a.evidence,
                   "source_start": a.start, "source_end": a.end, "polarity": a.polarity, "claimed_by": a.claimed_by,
                   "confidence": a.confidence, "items": list(a.items)}


def write_plover(articles: Articles, path: str | Path) -> int:
    """PLOVER events as JSON lines; returns how many."""
    count = 0
    with open(path, "w", encoding="utf-8") as out:
        for event in plover_events(articles):
            out.write(json.dumps(event, ensure_ascii=False) + "\n")
            count += 1
    return count


def _flat(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """GraphML and GEXF hold no lists and no None: lists become "; "-joined text, None is left out."""
    flat = nx.MultiDiGraph()
    flat.add_nodes_from(graph.nodes(data=True))
    for u, v, key, data in graph.edges(keys=True, data=True):
        flat.add_edge(u, v, key=key, **{k: "; ".join(x) if isinstance(x, list) else x
                                        for k, x in data.items() if x is not None})
    return flat
