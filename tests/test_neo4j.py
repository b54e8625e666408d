"""Neo4j: the local server, the loader and Cypher queries, against a real server the suite starts."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import neo4j
import pytest
from typer.testing import CliRunner

from graphkit.cli import app
from graphkit.config import Settings
from graphkit.demo import sample_dir
from graphkit.ingest import ingest
from graphkit.neo4j.loader import load_file, load_store
from graphkit.neo4j.queries import named_queries, run_query
from graphkit.vocabulary import relation_types


def snapshot(target) -> dict:
    """Everything in the database, as comparable plain data: nodes by labels and properties, relationships by
    type, the ids (or names) of their ends, and properties."""
    with neo4j.GraphDatabase.driver(target.uri, auth=(target.user, target.password)) as driver:
        nodes = driver.execute_query(
            "MATCH (n) RETURN labels(n) AS labels, properties(n) AS props ORDER BY coalesce(n.id, n.name)").records
        rels = driver.execute_query(
            "MATCH (a)-[r]->(b) RETURN coalesce(a.id, a.name) AS a, type(r) AS t, coalesce(b.id, b.name) AS b, "
            "properties(r) AS props ORDER BY a, t, b").records
    # each value with its type (a date is not its text, nor an int a float); lists as sets, their order is the load's
    plain = lambda v: {k: (sorted(map(str, x)) if isinstance(x, list) else [type(x).__name__, str(x)])  # noqa: E731
                       for k, x in v.items()}
    return {"nodes": sorted(json.dumps([sorted(r["labels"]), plain(r["props"])], sort_keys=True) for r in nodes),
            "rels": sorted(json.dumps([r["a"], r["t"], r["b"], plain(r["props"])], sort_keys=True) for r in rels)}


def cypher(target, query, **params):
    with neo4j.GraphDatabase.driver(target.uri, auth=(target.user, target.password)) as driver:
        return [r.data() for r in driver.execute_query(query, params).records]


def test_server_binds_loopback_with_auth_and_a_private_password(neo4j_server):
    conf = (neo4j_server.home / "conf" / "neo4j.conf").read_text()
    assert "server.default_listen_address=127.0.0.1" in conf and "dbms.security.auth_enabled=true" in conf
    assert oct(neo4j_server.password_file.stat().st_mode & 0o777) == "0o600"
    with pytest.raises(neo4j.exceptions.AuthError):
        with neo4j.GraphDatabase.driver(neo4j_server.bolt_uri, auth=("neo4j", "neo4j")) as driver:
            driver.verify_connectivity()


def test_password_is_in_no_command_line_and_no_log(neo4j_server):
    password = neo4j_server.password().encode()
    for proc in Path("/proc").iterdir():
        try:
            assert password not in (proc / "cmdline").read_bytes()
        except OSError:
            continue
    for log in (neo4j_server.home / "logs").iterdir():
        assert password not in log.read_bytes(), log


def test_load_writes_the_property_graph(neo4j_target, sample_store):
    report = load_store(sample_store, target=neo4j_target, settings=Settings())
    assert report.articles_loaded == 5 and report.assertions > 10
    supplies = cypher(neo4j_target, "MATCH (s:Actor:State {id: 'IRN'})-[r:SUPPLIES]->(t:State {id: 'RUS'}) "
                                    "RETURN r.items AS items, r.assertions AS n, r.claimed_by AS claimants, "
                                    "toString(r.first_seen) AS first")
    assert supplies and "attack drones" in supplies[0]["items"] and "GBR" in supplies[0]["claimants"]
    assert supplies[0]["first"] == "2024-03-02"
    roles = cypher(neo4j_target, "MATCH (p:Actor:Person)-[r:HOLDS_ROLE]->(s:State) RETURN p.id AS p, s.id AS s, r.roles AS roles")
    assert {"p": "person:David Lammy", "s": "GBR", "roles": ["Foreign Secretary"]} in roles
    shape = cypher(neo4j_target, "MATCH (a:Assertion)-[:REPORTED_IN]->(:Article), (a)-[:SUBJECT]->(:Actor), "
                                 "(a)-[:OBJECT]->(:Actor) RETURN count(a) AS n")
    assert shape[0]["n"] == report.assertions
    constraints = {r["name"] for r in cypher(neo4j_target, "SHOW CONSTRAINTS YIELD name RETURN name")}
    assert {"graphkit_actor_id", "graphkit_article_id", "graphkit_assertion_id"} <= constraints


def test_assertions_carry_a_caption_and_their_quad_class_as_a_label(neo4j_target, sample_store):
    """What the Browser style reads: ``label`` ("SUPPLIES (denied)") and one quad-class label from the ontology."""
    from graphkit.vocabulary import quad_classes

    load_store(sample_store, target=neo4j_target, settings=Settings())
    rows = cypher(neo4j_target, "MATCH (a:Assertion) RETURN a.relation AS relation, a.polarity AS polarity, "
                                "a.label AS label, [l IN labels(a) WHERE l <> 'Assertion'] AS quads")
    kinds = relation_types()
    assert rows and all(row["quads"] == ([kinds[row["relation"]].quad] if kinds[row["relation"]].quad else [])
                        for row in rows)
    assert {row["quads"][0] for row in rows if row["quads"]} == set(quad_classes())
    assert all(row["label"].startswith(f"{row['relation']} (") for row in rows)
    denial = [row for row in rows if row["relation"] == "SUPPLIES" and row["polarity"] == "denied"]
    assert denial and denial[0]["label"] == "SUPPLIES (denied)"
    # A database an older graphkit loaded (no caption, no quad labels, no shape): loading again brings them.
    cypher(neo4j_target, "MATCH (a:Assertion) REMOVE a.label, a:VerbalCooperation, a:MaterialCooperation, "
                         "a:VerbalConflict, a:MaterialConflict")
    cypher(neo4j_target, "MATCH (art:Article) REMOVE art.graph_shape")
    again = load_store(sample_store, target=neo4j_target, settings=Settings())
    assert again.articles_loaded == 5 and again.articles_skipped == 0
    assert cypher(neo4j_target, "MATCH (a:Assertion) WHERE a.label IS NULL RETURN count(a) AS n")[0]["n"] == 0
    assert load_store(sample_store, target=neo4j_target, settings=Settings()).articles_skipped == 5


def test_loading_twice_changes_nothing(neo4j_target, sample_store):
    load_store(sample_store, target=neo4j_target, settings=Settings())
    before = snapshot(neo4j_target)
    again = load_store(sample_store, target=neo4j_target, settings=Settings())
    assert (again.articles_loaded, again.articles_skipped) == (0, 5)
    assert snapshot(neo4j_target) == before


def test_a_changed_article_replaces_its_assertions_and_summaries(neo4j_target, tmp_path):
    articles = tmp_path / "articles"
    shutil.copytree(sample_dir(), articles)
    store = tmp_path / "store"
    ingest([articles], store=store, settings=Settings())
    load_store(store, target=neo4j_target, settings=Settings())
    assert cypher(neo4j_target, "MATCH (:Actor {id: 'POL'})-[r:SANCTIONS]->(:Actor {id: 'BLR'}) RETURN r")
    (articles / "sanctions.txt").write_text(" date 2024-06-11 Correction\n\nBrazil thanked Argentina.\n")
    ingest([articles], store=store, settings=Settings())
    report = load_store(store, target=neo4j_target, settings=Settings())
    assert (report.articles_loaded, report.articles_skipped) == (1, 4)
    assert not cypher(neo4j_target, "MATCH (:Actor {id: 'POL'})-[r:SANCTIONS]->(:Actor {id: 'BLR'}) RETURN r")
    assert not cypher(neo4j_target, "MATCH (a:Assertion {article: 'sanctions', relation: 'SANCTIONS'}) RETURN a")
    assert cypher(neo4j_target, "MATCH (:Actor {id: 'BRA'})-[r:SUPPORTS]->(:Actor {id: 'ARG'}) RETURN r")


def test_load_from_an_exported_file_equals_load_from_the_store(neo4j_target, sample_store, tmp_path):
    from graphkit.store import Store

    load_store(sample_store, target=neo4j_target, settings=Settings())
    from_store = snapshot(neo4j_target)
    with Store.open(sample_store, read_only=True) as kept:
        (tmp_path / "graph.nq").write_bytes(kept.export("nquads"))
    cypher(neo4j_target, "MATCH (n) DETACH DELETE n")
    load_file(tmp_path / "graph.nq", target=neo4j_target, settings=Settings())
    assert snapshot(neo4j_target) == from_store


def test_summaries_extended_batch_by_batch_equal_summaries_counted_at_once(neo4j_target):
    from graphkit.neo4j.loader import load
    from graphkit.synthetic import synthetic_graph

    graph = synthetic_graph(articles=60, per_article=10, states=4)  # few pairs: most batches extend summaries
    load(graph, target=neo4j_target, settings=Settings(neo4j_batch_size=50))
    extended = snapshot(neo4j_target)
    cypher(neo4j_target, "MATCH (n) DETACH DELETE n")
    load(graph, target=neo4j_target, settings=Settings(neo4j_batch_size=100_000))
    assert snapshot(neo4j_target) == extended
    [row] = cypher(neo4j_target, "MATCH ()-[r]->() WHERE r.assertions > 5 AND size(r.claimed_by) > 1 "
                                 "AND r.first_seen < r.last_seen RETURN count(r) AS n")
    assert row["n"] > 10, "summaries should gather many assertions, claimants and dates"


def test_named_queries_run(neo4j_target, sample_store):
    load_store(sample_store, target=neo4j_target, settings=Settings())
    results = {name: run_query(q.cypher, q.params, neo4j_target) for name, q in named_queries().items()}
    columns, rows = results["who-supplies-whom"]
    assert columns[:3] == ["supplier", "recipient", "items"] and ["IRN", "RUS"] in [r[:2] for r in rows]
    assert results["denied-claims"][1] and results["denied-claims"][1][0][:3] == ["IRN", "SUPPLIES", "RUS"]
    assert results["path-between"][1], "GBR and IRN are linked in the samples"


def test_query_command_with_parameters(neo4j_target, neo4j_server, sample_store, monkeypatch):
    load_store(sample_store, target=neo4j_target, settings=Settings())
    monkeypatch.setenv("NEO4J_URI", neo4j_server.bolt_uri)
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_server.password())
    runner = CliRunner(env={"COLUMNS": "160"})
    result = runner.invoke(app, ["query", "MATCH (s:Actor {id: $who})-[r:SUPPLIES]->(t) RETURN t.id AS target",
                                 "--param", "who=IRN", "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    assert {"target": "RUS"} in [json.loads(line) for line in result.stdout.splitlines()]
    named = runner.invoke(app, ["query", "--name", "claims-by-claimant", "--param", "claimant=GBR", "-f", "jsonl"])
    assert named.exit_code == 0 and "IRN" in named.stdout
    for wrong in (["MATCH (n RETURN n"], ["MATCH (s:Actor {id: $who}) RETURN s"]):  # syntax; a missing $param
        bad = runner.invoke(app, ["query", *wrong])
        assert bad.exit_code == 2 and bad.stderr.startswith("error: Cypher: "), bad.output
        assert bad.stderr.count("\n") == 1 and len(bad.stderr) < 300, bad.stderr


def test_unreachable_neo4j_is_one_clear_line(monkeypatch):
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:1")
    monkeypatch.setenv("NEO4J_PASSWORD", "x")
    result = CliRunner().invoke(app, ["query", "RETURN 1"])
    assert result.exit_code == 5 and "cannot reach Neo4j at bolt://127.0.0.1:1" in result.stderr


def test_a_load_interrupted_by_a_crash_finishes_on_rerun_and_equals_a_clean_load(neo4j_server, neo4j_target):
    from graphkit.errors import Neo4jError
    from graphkit.neo4j.loader import load
    from graphkit.synthetic import synthetic_graph

    graph = synthetic_graph(articles=120, per_article=10)
    settings = Settings(neo4j_batch_size=150)  # about 14 batches
    batches = []

    def crash_after_three(count):
        batches.append(count)
        if len(batches) == 3:
            neo4j_server.kill()  # SIGKILL, as a crash would

    with pytest.raises(Neo4jError, match="run the load again"):
        load(graph, target=neo4j_target, settings=settings, progress=crash_after_three)
    neo4j_server.start()
    finished = load(graph, target=neo4j_target, settings=settings)
    assert 0 < finished.articles_skipped < 120 and finished.articles_loaded + finished.articles_skipped == 120
    after_crash = snapshot(neo4j_target)

    cypher(neo4j_target, "MATCH (n) DETACH DELETE n")
    clean = load(graph, target=neo4j_target, settings=settings)
    assert clean.articles_loaded == 120
    assert snapshot(neo4j_target) == after_crash


def test_ingest_with_neo4j_loads_what_it_stored(neo4j_target, neo4j_server, tmp_path, monkeypatch):
    monkeypatch.setenv("NEO4J_URI", neo4j_server.bolt_uri)
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_server.password())
    result = CliRunner().invoke(app, ["ingest", str(sample_dir()), "--store", str(tmp_path / "s"), "--neo4j"])
    assert result.exit_code == 0, result.output
    assert "loaded 5 articles" in result.stderr
    assert cypher(neo4j_target, "MATCH (a:Article) RETURN count(a) AS n") == [{"n": 5}]


def test_path_between_gives_each_step_its_direction_and_says_which_defaults_it_used(neo4j_target, neo4j_server,
                                                                                     sample_store, monkeypatch):
    load_store(sample_store, target=neo4j_target, settings=Settings())
    monkeypatch.setenv("NEO4J_URI", neo4j_server.bolt_uri)
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_server.password())
    result = CliRunner(env={"COLUMNS": "160"}).invoke(app, ["query", "--name", "path-between", "-f", "jsonl"])
    assert result.exit_code == 0, result.output
    assert "using the default from=GBR, to=IRN" in result.stderr
    [row] = [json.loads(line) for line in result.stdout.splitlines()]
    actors, steps, directions = row["actors"], row["steps"], row["directions"]
    assert actors[0] == "GBR" and actors[-1] == "IRN" and len(steps) == len(directions) == len(actors) - 1
    for i, (step, direction) in enumerate(zip(steps, directions)):
        source, relation, target = step["source"], step["relation"], step["target"]
        assert cypher(neo4j_target, f"MATCH (:Actor {{id: $s}})-[r:{relation}]->(:Actor {{id: $t}}) RETURN r",
                      s=source, t=target), step  # the step reads the way the relationship points
        assert (source, target) == ((actors[i], actors[i + 1]) if direction == "forward" else (actors[i + 1], actors[i]))


def test_reports_are_articles_and_assertions_are_kept_beside_them(neo4j_target, tmp_path):
    from graphkit.neo4j.loader import load
    from graphkit.rdf import article_graph

    from .test_analysis import repeated_claims

    for article, found in repeated_claims():  # the second load extends the summary the first made
        load(article_graph(article, found), target=neo4j_target, settings=Settings())
    [row] = cypher(neo4j_target, "MATCH (:Actor {id: 'IRN'})-[r:SUPPLIES]->(:Actor {id: 'RUS'}) "
                                 "RETURN r.articles AS articles, r.assertions AS assertions")
    assert row == {"articles": 2, "assertions": 5}
    columns, rows = run_query(named_queries()["who-supplies-whom"].cypher, {}, neo4j_target)
    found = dict(zip(columns, rows[0]))
    assert (found["reports"], found["assertions"]) == (2, 5)
    columns, rows = run_query(named_queries()["partners-over-time"].cypher, {"state": "RUS"}, neo4j_target)
    assert {(r[columns.index("partner")], r[columns.index("reports")], r[columns.index("assertions")]) for r in rows} \
        == {("IRN", 2, 5), ("CHN", 1, 1)}


def test_load_progress_shows_the_total_on_a_terminal(neo4j_target, neo4j_server, sample_store, monkeypatch):
    import io

    from rich.console import Console

    from graphkit.cli import output

    monkeypatch.setenv("NEO4J_URI", neo4j_server.bolt_uri)
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_server.password())
    screen = io.StringIO()
    monkeypatch.setattr(output, "err", Console(file=screen, force_terminal=True, width=120))
    result = CliRunner(env={"COLUMNS": "160"}).invoke(app, ["load", "--store", str(sample_store)])
    assert result.exit_code == 0, result.output
    assert "5/5" in screen.getvalue()
