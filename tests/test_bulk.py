"""Bulk loads into Neo4j: the CSV export imported by the README's own neo4j-admin command, `graphkit load --bulk`
on a local server, the commands printed for another one, and the refusals, against real servers.

The imports go into a second local server of its own home, so the session's server (where the incremental loader
writes the graph compared against) is never stopped or replaced."""
from __future__ import annotations

import os
import re
import shlex
import subprocess

import neo4j
import pytest
from typer.testing import CliRunner

from graphkit.cli import app
from graphkit.config import Settings, load_settings
from graphkit.demo import sample_dir
from graphkit.model import Article, Assertion
from graphkit.neo4j.connection import Neo4jSettings, local_server
from graphkit.neo4j.install import install
from graphkit.neo4j.loader import load_store
from graphkit.neo4j.server import ADMIN_TOOL, find_java
from graphkit.rdf import article_graph
from graphkit.store import Store
from graphkit.synthetic import synthetic_articles

from .conftest import ROOT, free_port
from .test_neo4j import cypher, snapshot


@pytest.fixture(scope="module")
def bulk_home(tmp_path_factory):
    """A graphkit home whose local server (free ports, not started yet) the bulk tests may stop and replace."""
    home = tmp_path_factory.mktemp("bulk-home")
    env = {"GRAPHKIT_HOME": str(home), "GRAPHKIT_NEO4J_BOLT_PORT": str(free_port()),
           "GRAPHKIT_NEO4J_HTTP_PORT": str(free_port())}
    with pytest.MonkeyPatch.context() as patch:
        for key, value in env.items():
            patch.setenv(key, value)
        server = local_server(load_settings())
    yield env, server
    server.stop()


@pytest.fixture
def bulk_server(bulk_home, monkeypatch):
    """The bulk home's server as graphkit's local server: GRAPHKIT_HOME and its ports in the environment."""
    env, server = bulk_home
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    for key in ("NEO4J_URI", "NEO4J_PASSWORD", "NEO4J_DATABASE"):
        monkeypatch.delenv(key, raising=False)
    return server


def target_of(server) -> Neo4jSettings:
    return Neo4jSettings(server.bolt_uri, "neo4j", server.password(), local=True, retry_seconds=3)


def emptied(server) -> Neo4jSettings:
    server.start()
    target = target_of(server)
    cypher(target, "MATCH (n) DETACH DELETE n")
    return target


def readme_import_command() -> str:
    """The neo4j-admin command of the README's bulk-load section, its continuation lines joined."""
    text = (ROOT / "README.md").read_text(encoding="utf-8").replace("\\\n", " ")
    [command] = re.findall(r"^neo4j-admin database import full .*$", text, flags=re.M)
    return command


def awkward_store(path, articles: int = 40):
    """A store of synthetic articles (many pairs, claimants, items and dates) and one article whose text fields hold
    what CSV gets wrong: quotes, commas, semicolons, a line break, an empty title, no date."""
    with Store.open(path) as kept:
        for article, found in synthetic_articles(articles, 10, seed=5, states=6):
            kept.replace_article(article.id, article_graph(article, found))
        odd = Article("odd, \"quoted\"", "Iran sent drones.\nRussia denied it.", title="", url="http://x.org/?a=1,2")
        found = [Assertion(odd.id, "IRN", "SUPPLIES", "RUS", 'Iran sent "shells; 155mm",\nand drones.', 0, 40,
                           items=('shells; "155mm"', "drones"), claimed_by="UKR", confidence=0.123),
                 Assertion(odd.id, "RUS", "SUPPLIES", "IRN", "Russia denied it.", 41, 58, polarity="denied")]
        kept.replace_article(odd.id, article_graph(odd, found))
    return path


def test_the_readme_command_imports_the_csv_export_as_the_loader_writes_it(bulk_server, neo4j_target, sample_store,
                                                                             tmp_path, monkeypatch):
    runner = CliRunner()
    monkeypatch.chdir(tmp_path)  # the README's command reads import/, where `graphkit export -f csv -o import/` writes
    exported = runner.invoke(app, ["export", "-f", "csv", "-o", "import/", "--store", str(sample_store)])
    assert exported.exit_code == 0, exported.output
    assert "neo4j-admin database import full neo4j" in exported.stderr
    bulk_server.stop()  # a no-op in a fresh home, where the import creates the database before the first start
    bulk_server._write_config()  # the tool reads the server's neo4j.conf, as on any Neo4j installation
    admin = [find_java(), "-cp", f"{install()}/*", ADMIN_TOOL]
    words = shlex.split(readme_import_command())
    result = subprocess.run(admin + words[1:], cwd=tmp_path, capture_output=True, text=True, timeout=600,
                            env={**os.environ, "NEO4J_HOME": str(bulk_server.home),
                                 "NEO4J_CONF": str(bulk_server.home / "conf")})
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    bulk_server.start()
    finished = runner.invoke(app, ["load", "--finish-import"])
    assert finished.exit_code == 0, finished.output
    imported = target_of(bulk_server)

    counts = cypher(imported, "MATCH (a:Article) WITH count(a) AS articles MATCH (s:Assertion) "
                              "RETURN articles, count(s) AS assertions")
    assert counts[0]["articles"] == 5 and counts[0]["assertions"] > 10
    [supplies] = cypher(imported, "MATCH (:Actor:State {id: 'IRN'})-[r:SUPPLIES]->(:State {id: 'RUS'}) RETURN properties(r) AS r")
    assert "attack drones" in supplies["r"]["items"] and "GBR" in supplies["r"]["claimed_by"]
    assert isinstance(supplies["r"]["first_seen"], neo4j.time.Date) and isinstance(supplies["r"]["assertions"], int)
    [role] = cypher(imported, "MATCH (:Person {id: 'person:David Lammy'})-[r:HOLDS_ROLE]->(:State {id: 'GBR'}) "
                              "RETURN r.roles AS roles, r.items AS items")
    assert role == {"roles": ["Foreign Secretary"], "items": []}
    assert {type(r["c"]) for r in cypher(imported, "MATCH (a:Assertion) RETURN a.confidence AS c")} == {float}
    constraints = {r["name"] for r in cypher(imported, "SHOW CONSTRAINTS YIELD name RETURN name")}
    assert {"graphkit_actor_id", "graphkit_article_id", "graphkit_assertion_id", "graphkit_item_name"} <= constraints

    load_store(sample_store, target=neo4j_target, settings=Settings())
    assert snapshot(imported) == snapshot(neo4j_target)


def test_load_bulk_equals_the_incremental_load(bulk_server, neo4j_target, tmp_path):
    store = awkward_store(tmp_path / "store")
    emptied(bulk_server)
    result = CliRunner().invoke(app, ["load", "--bulk", "--store", str(store)])
    assert result.exit_code == 0, result.output
    assert "bulk-loaded 41 articles and 402 assertions" in result.stderr
    assert bulk_server.status().running, "the server is left running"
    bulk = target_of(bulk_server)
    [odd] = cypher(bulk, "MATCH (a:Assertion {article: $id, polarity: 'affirmed'}) RETURN a", id='odd, "quoted"')
    assert odd["a"]["evidence"] == 'Iran sent "shells; 155mm",\nand drones.'
    assert sorted(odd["a"]["items"]) == ["drones", 'shells; "155mm"'] and odd["a"]["confidence"] == 0.123
    [article] = cypher(bulk, "MATCH (a:Article {id: $id}) RETURN properties(a) AS p", id='odd, "quoted"')
    assert "date" not in article["p"] and "title" not in article["p"] and article["p"]["url"] == "http://x.org/?a=1,2"
    load_store(store, target=neo4j_target, settings=Settings())
    assert snapshot(bulk) == snapshot(neo4j_target)


def test_load_bulk_refuses_a_database_that_has_data(bulk_server, sample_store):
    target = emptied(bulk_server)
    load_store(sample_store, target=target, settings=Settings())
    before = snapshot(target)
    result = CliRunner().invoke(app, ["load", "--bulk", "--store", str(sample_store)])
    assert result.exit_code == 5
    assert "holds" in result.stderr and "without --bulk" in result.stderr and result.stderr.count("\n") == 1
    assert snapshot(target) == before


def test_ingest_with_neo4j_bulk_loads_what_it_stored(bulk_server, tmp_path):
    target = emptied(bulk_server)
    result = CliRunner().invoke(app, ["ingest", str(sample_dir()), "--store", str(tmp_path / "s"), "--neo4j", "--bulk"])
    assert result.exit_code == 0, result.output
    assert "bulk-loaded 5 articles" in result.stderr
    assert cypher(target, "MATCH (a:Article) RETURN count(a) AS n") == [{"n": 5}]


def test_load_bulk_for_another_server_writes_the_files_and_prints_the_commands(bulk_server, neo4j_server, neo4j_target,
                                                                               sample_store, tmp_path, monkeypatch):
    from graphkit.neo4j.bulk import is_local

    monkeypatch.setenv("NEO4J_URI", neo4j_server.bolt_uri)  # not the bulk home's local server: another one
    bulk_server.start()
    assert is_local(bulk_server.bolt_uri.replace("127.0.0.1", "localhost"), bulk_server)
    assert not is_local(neo4j_server.bolt_uri, bulk_server)
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_server.password())
    runner = CliRunner()
    result = runner.invoke(app, ["load", "--bulk", "--store", str(sample_store), "--csv-dir", str(tmp_path / "csv")])
    assert result.exit_code == 0, result.output
    assert "neo4j-admin database import full neo4j" in result.stdout
    assert "graphkit load --finish-import" in result.stdout
    assert (tmp_path / "csv" / "summaries.csv").is_file()
    assert cypher(neo4j_target, "MATCH (n) RETURN count(n) AS n") == [{"n": 0}], "nothing is loaded there"
    load_store(sample_store, target=neo4j_target, settings=Settings())
    refused = runner.invoke(app, ["load", "--bulk", "--store", str(sample_store), "--csv-dir", str(tmp_path / "x")])
    assert refused.exit_code == 5 and "holds" in refused.stderr and refused.stderr.count("\n") == 1


def test_bad_input_is_one_line(bulk_server, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("not RDF")
    broken = tmp_path / "broken.ttl"
    broken.write_text("<a> <b> .")
    runner = CliRunner()
    for args, code in ((["load", "--bulk", str(notes)], 4), (["load", "--bulk", str(broken)], 4),
                       (["load", "--csv-dir", str(tmp_path)], 2), (["ingest", str(notes), "--bulk"], 2)):
        result = runner.invoke(app, args)
        assert result.exit_code == code, (args, result.output)
        assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1, result.stderr
