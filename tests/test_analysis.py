"""Analysis and exports: projections from every source agree, and every export reads back."""
from __future__ import annotations

import csv
import json
import re

import networkx as nx
import pytest
from typer.testing import CliRunner

from graphkit import analysis, exports
from graphkit.analysis import articles_from_store, example_articles, project
from graphkit.cli import app
from graphkit.neo4j.bulk import ARRAY_DELIMITER
from graphkit.config import Settings


def edges(graph):
    return sorted((u, d["relation"], v, d["polarity"]) for u, v, d in graph.edges(data=True))


def test_store_projection_equals_the_extracted_one(sample_store):
    assert edges(project(articles_from_store(sample_store), polarity=None)) == \
        edges(project(example_articles(), polarity=None))


def test_neo4j_projection_equals_the_store_one(neo4j_target, sample_store):
    from graphkit.neo4j.loader import load_store

    load_store(sample_store, target=neo4j_target, settings=Settings())
    from graphkit.neo4j.queries import read_articles

    from_neo4j = project(read_articles(neo4j_target), polarity=None)
    assert edges(from_neo4j) == edges(project(articles_from_store(sample_store), polarity=None))


def test_filters():
    every = project(example_articles(), polarity=None)
    assert {d["polarity"] for _, _, d in every.edges(data=True)} == {"affirmed", "denied"}
    dated = project(example_articles(), since="2024-05-01", until="2024-05-31")
    assert {d["article"] for _, _, d in dated.edges(data=True)} == {"summit"}
    confident = project(example_articles(), min_confidence=0.75)
    assert 0 < confident.number_of_edges() < project(example_articles()).number_of_edges()
    assert all(d["claimed_by"] == "GBR" for _, _, d in project(example_articles(), claimant="GBR").edges(data=True))


def test_graphml_and_gexf_read_back_with_networkx(tmp_path):
    written = exports.write_graphml(example_articles(), tmp_path / "g.graphml")
    graphml = nx.read_graphml(tmp_path / "g.graphml", force_multigraph=True)
    assert graphml.number_of_edges() == written.number_of_edges() > 10
    assert graphml.nodes["RUS"]["name"] == "Russia"
    exports.write_gexf(example_articles(), tmp_path / "g.gexf")
    gexf = nx.read_gexf(tmp_path / "g.gexf")
    assert gexf.number_of_edges() == written.number_of_edges()
    relations = {d["relation"] for _, _, d in gexf.edges(data=True)}
    assert {"SUPPLIES", "SANCTIONS"} <= relations


def test_neo4j_admin_csv_layout(tmp_path):
    files = exports.write_neo4j_csv(example_articles(), tmp_path)
    headers = {path.name: next(csv.reader(open(path, encoding="utf-8"))) for path in files}
    spaces = {re.search(r":ID\((\w+)\)", header[0]).group(1) for name, header in headers.items() if ":ID(" in header[0]}
    assert spaces == {"Article", "Actor", "Assertion", "Item"}
    for name, header in headers.items():
        if header[0].startswith(":START_ID"):  # both ends name an ID space that a node file declares
            ends = {re.search(r"\((\w+)\)", column).group(1) for column in header[:2]}
            assert ends <= spaces, (name, header)
    actors = {row[0] for row in csv.reader(open(tmp_path / "actors.csv", encoding="utf-8"))}
    links = list(csv.DictReader(open(tmp_path / "assertion_actors.csv", encoding="utf-8")))
    assert {row[":TYPE"] for row in links} == {"SUBJECT", "OBJECT", "CLAIMED_BY"}
    assert {row[":END_ID(Actor)"] for row in links} <= actors, "every relationship ends at a node the import defines"
    summaries = list(csv.DictReader(open(tmp_path / "summaries.csv", encoding="utf-8")))
    assert any(r[":START_ID(Actor)"] == "IRN" and r[":TYPE"] == "SUPPLIES" and r[":END_ID(Actor)"] == "RUS"
               for r in summaries)
    assertions = list(csv.DictReader(open(tmp_path / "assertions.csv", encoding="utf-8")))
    denial = next(r for r in assertions if r["relation"] == "SUPPLIES" and r["polarity"] == "denied")
    assert denial["label"] == "SUPPLIES (denied)"
    assert denial[":LABEL"].split(ARRAY_DELIMITER) == ["Assertion", "MaterialCooperation"]


def test_plover_events_carry_the_fields(tmp_path):
    count = exports.write_plover(example_articles(), tmp_path / "events.jsonl")
    events = [json.loads(line) for line in open(tmp_path / "events.jsonl", encoding="utf-8")]
    assert count == len(events) > 10
    first = events[0]
    assert {"event_id", "event_type", "event_mode", "actor", "recipient", "event_date", "story_id", "source_text",
            "source_start", "source_end"} <= set(first)
    assert {e["event_type"] for e in events} <= {"AID", "COOPERATE", "CONSULT", "AGREE", "SUPPORT", "ACCUSE",
                                                 "THREATEN", "SANCTION", "ASSAULT", "REQUEST"}


@pytest.mark.parametrize("fmt,name", [("graphml", "g.graphml"), ("gexf", "g.gexf"), ("csv", "csv"), ("plover", "e.jsonl")])
def test_export_command(sample_store, tmp_path, fmt, name):
    result = CliRunner().invoke(app, ["export", "-f", fmt, "-o", str(tmp_path / name), "--store", str(sample_store)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / name).exists()


def repeated_claims():
    """One article that says four times that Iran supplies Russia, another that says it once (and RUS meets CHN)."""
    from graphkit.model import Article, Assertion

    def claim(article, n, relation="SUPPLIES", target="RUS", source="IRN"):
        return Assertion(article, source, relation, target, f"claim {n}", start=10 * n, end=10 * n + 5,
                         items=("drones",), claimed_by="GBR")

    return [(Article("a1", "text", "Four times", "2024-03-02"), [claim("a1", n) for n in range(4)]
             + [claim("a1", 9, "MEETS", "CHN", "RUS")]),
            (Article("a2", "text", "Once", "2024-03-20"), [claim("a2", 0)])]


def test_reports_count_distinct_articles_beside_the_assertions():
    graph = project(repeated_claims())
    [row] = analysis.suppliers(graph)
    assert (row["reports"], row["assertions"]) == (2, 5)
    assert analysis.partners(graph, "RUS")["partners"] == {"IRN": 2, "CHN": 1}
    assert analysis.timeline(graph, "IRN", "RUS") == {"2024-03": {"SUPPLIES": 2}}


def test_neo4j_csv_summaries_count_articles(tmp_path):
    exports.write_neo4j_csv(repeated_claims(), tmp_path)
    rows = {(r[":START_ID(Actor)"], r[":TYPE"]): r
            for r in csv.DictReader(open(tmp_path / "summaries.csv", encoding="utf-8"))}
    assert (rows["IRN", "SUPPLIES"]["articles:long"], rows["IRN", "SUPPLIES"]["assertions:long"]) == ("2", "5")
