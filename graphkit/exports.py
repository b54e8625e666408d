"""Exports other tools read: GraphML and GEXF (Gephi, Cytoscape), the CSV files ``neo4j-admin database import``
reads, and PLOVER-style event records (one JSON object an event) that line up with political event datasets.

>>> from graphkit.analysis import example_articles
>>> events = list(plover_events(example_articles()))
>>> events[0]["event_type"], events[0]["actor"], events[0]["recipient"]
('AID', 'IRN', 'RUS')
"""
from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

import networkx as nx

from .analysis import Articles, project
from .errors import UsageError
from .vocabulary import ROLE, relation_types, symmetric_relations

__all__ = ["write_graphml", "write_gexf", "write_neo4j_csv", "plover_events", "write_plover", "NEO4J_CSV_FILES"]

NEO4J_CSV_FILES = ("actors.csv", "articles.csv", "assertions.csv", "items.csv", "assertion_links.csv", "summaries.csv")


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


def write_neo4j_csv(articles: Articles, folder: str | Path) -> list[Path]:
    """CSV files in the layout ``neo4j-admin database import full`` reads, for bulk loads of very large graphs:

        neo4j-admin database import full --nodes=actors.csv --nodes=articles.csv --nodes=assertions.csv \\
            --nodes=items.csv --relationships=assertion_links.csv --relationships=summaries.csv neo4j

    The same shape as ``graphkit load`` writes, summaries included.
    """
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder} is a file: the csv export writes a folder of CSV files; give a folder")
    folder.mkdir(parents=True, exist_ok=True)
    articles = list(articles)
    symmetric = symmetric_relations()
    actors = project(articles, polarity=None, relations=relation_types())
    items: set[str] = set()
    summaries: dict[tuple[str, str, str], dict] = {}
    with _writer(folder / "articles.csv", ["id:ID(Article)", "title", "date:date", "url", "outlet", ":LABEL"]) as w:
        for article, _ in articles:
            w.writerow([article.id, article.title, article.date or "", article.url or "", article.outlet or "", "Article"])
    kinds = relation_types()
    with _writer(folder / "assertions.csv", ["id:ID(Assertion)", "relation", "label", "polarity", "modality",
                                             "confidence:float", "evidence", "start:int", "end:int", "role",
                                             "items:string[]", ":LABEL"]) as w, \
            _writer(folder / "assertion_links.csv", [":START_ID(Assertion)", ":END_ID", ":TYPE"]) as links:
        for article, found in articles:
            for a in found:
                quad = kinds[a.relation].quad  # a second label, as the loader writes it, for the Browser style
                w.writerow([a.id, a.relation, a.caption, a.polarity, a.modality, a.confidence, a.evidence, a.start,
                            a.end, a.role or "", ";".join(a.items), f"Assertion;{quad}" if quad else "Assertion"])
                links.writerow([a.id, a.source, "SUBJECT"])
                links.writerow([a.id, a.target, "OBJECT"])
                links.writerow([a.id, article.id, "REPORTED_IN"])
                if a.claimed_by:
                    links.writerow([a.id, a.claimed_by, "CLAIMED_BY"])
                for item in a.items:
                    items.add(item.lower())
                    links.writerow([a.id, f"item:{item.lower()}", "ITEM"])
                if a.polarity == "affirmed":
                    pair = tuple(sorted((a.source, a.target))) if a.relation in symmetric else (a.source, a.target)
                    row = summaries.setdefault((a.relation, *pair), {"assertions": 0, "articles": set(), "items": [],
                                                                     "dates": []})
                    row["assertions"] += 1
                    row["articles"].add(article.id)
                    row["items"] += [i for i in a.items if i not in row["items"]]
                    row["dates"] += [article.date] if article.date else []
    with _writer(folder / "actors.csv", ["id:ID", "name", ":LABEL"]) as w:
        for node, data in sorted(actors.nodes(data=True)):
            w.writerow([node, data["name"], f"Actor;{data['kind']}"])
    with _writer(folder / "items.csv", ["id:ID", "name", ":LABEL"]) as w:
        for item in sorted(items):
            w.writerow([f"item:{item}", item, "Item"])
    with _writer(folder / "summaries.csv", [":START_ID", ":END_ID", ":TYPE", "assertions:int", "articles:int",
                                            "items:string[]", "first_seen:date", "last_seen:date"]) as w:
        for (relation, source, target), row in sorted(summaries.items()):
            dates = sorted(row["dates"])
            w.writerow([source, target, relation, row["assertions"], len(row["articles"]), ";".join(row["items"]),
                        dates[0] if dates else "", dates[-1] if dates else ""])
    return [folder / name for name in NEO4J_CSV_FILES]


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


@contextmanager
def _writer(path: Path, header: list[str]):
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        yield writer
