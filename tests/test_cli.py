"""The command line, through typer's CliRunner with a fixed terminal width, and as a real process."""
from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from graphkit.cli import app
from graphkit.demo import sample_dir

from .conftest import ROOT

runner = CliRunner(env={"COLUMNS": "160", "TERMINAL_WIDTH": "160"})
COMMANDS = sorted([c.name or c.callback.__name__ for c in app.registered_commands] +
                  [f"{group.name} {c.name}" for group in app.registered_groups for c in group.typer_instance.registered_commands])


def run(*args: str, input: str | None = None):
    return runner.invoke(app, list(args), input=input)


def test_demo_prints_relations_and_next_steps(tmp_path):
    result = run("demo", "--store", str(tmp_path / "s"))
    assert result.exit_code == 0, result.output
    assert "SUPPLIES" in result.output and "graphkit sparql" in result.output


def test_extract_jsonl_carries_the_gold_keys(tmp_path):
    result = run("extract", str(sample_dir() / "arms-deal.txt"), "--format", "jsonl")
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert lines and {"article", "source", "relation", "target", "items", "claimed_by", "polarity", "modality",
                      "evidence", "confidence", "start", "end"} <= set(lines[0])
    assert ("IRN", "SUPPLIES", "RUS") in {(r["source"], r["relation"], r["target"]) for r in lines}


def test_extract_min_confidence_filters(tmp_path):
    every = run("extract", str(sample_dir()), "--format", "jsonl").stdout.splitlines()
    confident = run("extract", str(sample_dir()), "--format", "jsonl", "--min-confidence", "0.75").stdout.splitlines()
    assert 0 < len(confident) < len(every)
    assert all(json.loads(line)["confidence"] >= 0.75 for line in confident)


def test_extract_turtle_is_rdf():
    from rdflib import Graph

    result = run("extract", str(sample_dir() / "summit.txt"), "--format", "turtle")
    assert len(Graph().parse(data=result.stdout, format="turtle")) > 20


def test_ingest_sparql_stats_export(tmp_path):
    store = str(tmp_path / "s")
    assert run("ingest", str(sample_dir()), "--store", store).exit_code == 0
    rows = run("sparql", "SELECT ?s ?o WHERE { ?s gk:supplies ?o }", "--store", store, "--format", "jsonl")
    pairs = {(r["s"].rsplit("/", 1)[1], r["o"].rsplit("/", 1)[1]) for r in map(json.loads, rows.stdout.splitlines())}
    assert ("IRN", "RUS") in pairs
    query = tmp_path / "q.rq"
    query.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?a a gk:Article }")
    assert json.loads(run("sparql", f"@{query}", "--store", store, "-f", "jsonl").stdout)["n"] == "5"
    assert json.loads(run("stats", "--store", store, "-f", "jsonl").stdout)["articles"] == 5
    assert "@prefix gk:" in run("export", "--store", store).stdout


def test_unreadable_input_is_one_line_and_exit_3(tmp_path):
    (tmp_path / "ok.txt").write_text("Peru thanks Chile\nPeru thanked Chile.")
    (tmp_path / "bad.jsonl").write_text("{broken\n")
    result = run("ingest", str(tmp_path), "--store", str(tmp_path / "s"))
    assert result.exit_code == 3
    assert re.search(r"skipped .*bad.jsonl:1: broken JSON line", result.stderr.replace("\n", ""))
    assert "Traceback" not in result.output


def test_errors_are_one_line_with_a_meaningful_exit_code(tmp_path):
    missing = run("stats", "--store", str(tmp_path / "none"))
    assert missing.exit_code == 4 and "run graphkit ingest first" in missing.stderr
    bad_query = run("sparql", "@" + str(tmp_path / "nope.rq"), "--store", str(tmp_path))
    assert bad_query.exit_code == 1 and "cannot read the query file" in bad_query.stderr
    raising = run("ingest", str(tmp_path / "nope.txt"), "--on-error", "raise", "--store", str(tmp_path / "s"))
    assert raising.exit_code == 3 and "no such file or folder" in raising.stderr


def test_pipes_from_stdin():
    result = run("extract", "-", "--format", "jsonl", input="Brazil sent medical supplies to Bolivia.\n")
    assert json.loads(result.stdout.splitlines()[0])["source"] == "BRA"


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_text_and_is_in_the_readme(command):
    result = run(*command.split(), "--help")
    assert result.exit_code == 0 and len(result.stdout) > 200
    assert f"graphkit {command}" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_installed_command_runs_as_a_process(tmp_path):
    result = subprocess.run([sys.executable, "-m", "graphkit", "stats", "--store", str(tmp_path / "none")],
                            capture_output=True, text=True)
    assert result.returncode == 4 and result.stderr.count("\n") == 1


def test_version_needs_no_command():
    from graphkit import __version__

    result = run("--version")
    assert result.exit_code == 0 and __version__ in result.stdout


def test_commands_that_do_not_extract_do_not_import_spacy(tmp_path, sample_store):
    script = f"""
import sys
from graphkit.cli import app
for args in (["--help"], ["stats", "--help"], ["stats", "--store", {str(sample_store)!r}],
             ["sparql", "ASK {{ ?s ?p ?o }}", "--store", {str(sample_store)!r}], ["query", "--list"]):
    try:
        app(args)
    except SystemExit as done:
        assert not done.code, (args, done.code)
print(sorted(m for m in sys.modules if m.split(".")[0] in ("spacy", "thinc")))
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "[]"


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_help_shows_flags_as_flags(command):
    result = run(*command.split(), "--help")
    assert result.exit_code == 0
    assert "<bool>" not in result.stdout
    assert re.search(r"--help\s+-h\s+Show this message", result.stdout)


@pytest.mark.parametrize("args", [
    ["sparql", "SELECT ?x WHERE { ?x gk:subject gkid:state/IRN }"],  # a '/' in a prefixed name
    ["sparql", "SELECT ?x WHERE { ?x gk:subject ?y"],
    ["sparql", "SELECT ?x WHERE { ?x nope:a ?y }"],
    ["sparql", "SELECT ?x WHERE { ?x ?p ?y }", "-f", "xml"],
    ["stats", "--format", "xml"],
    ["stats", "--no-such-option"],
    ["no-such-command"],
    ["query", "--name", "no-such-query"],
    ["query", "MATCH (n) RETURN n", "--param", "no-equals-sign"],
    ["query"],
])
def test_bad_usage_is_exit_2_and_one_line(args, sample_store):
    needs_store = args[0] in ("sparql", "stats") and "--no-such-option" not in args
    result = run(*args, *(["--store", str(sample_store)] if needs_store else []))
    assert result.exit_code == 2, result.output
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("error:"), result.stderr
    assert len(result.stderr) < 300


def test_an_unknown_prefix_is_named_in_words(sample_store):
    result = run("sparql", "SELECT ?x WHERE { ?x gk:subject gkid:state/IRN }", "--store", str(sample_store))
    assert "gkid:state/IRN is not a prefixed name" in result.stderr
    assert "<https://w3id.org/graphkit/id/state/IRN>" in result.stderr
    unknown = run("sparql", "SELECT ?x WHERE { ?x nope:a ?y }", "--store", str(sample_store))
    assert "unknown prefix" in unknown.stderr and "gkid:" in unknown.stderr


def test_export_csv_onto_a_file_is_one_line(sample_store, tmp_path):
    existing = tmp_path / "existing.csv"
    existing.write_text("")
    result = run("export", "-f", "csv", "-o", str(existing), "--store", str(sample_store))
    assert result.exit_code == 2 and "is a file" in result.stderr
    assert "Traceback" not in result.output and result.stderr.count("\n") == 1


def test_an_unforeseen_error_is_one_line_unless_verbose(sample_store, monkeypatch):
    from graphkit.store import Store

    def broken(self, *args):
        raise RuntimeError("something graphkit did not foresee")

    monkeypatch.setattr(Store, "stats", broken)
    quiet = run("stats", "--store", str(sample_store))
    assert quiet.exit_code == 1 and quiet.stderr.count("\n") == 1
    assert "RuntimeError: something graphkit did not foresee" in quiet.stderr and "Traceback" not in quiet.stderr
    verbose = run("--verbose", "stats", "--store", str(sample_store))
    assert verbose.exit_code == 1 and "Traceback" in verbose.stderr


@pytest.mark.parametrize("args", [["extract", str(sample_dir()), "-f", "jsonl"],
                                  ["sparql", "SELECT * WHERE { ?s ?p ?o }", "-f", "table"]])
def test_a_closed_pipe_ends_quietly(args, tmp_path, sample_store):
    """`graphkit extract ... | head`: the reader goes away; graphkit stops without a word, exit 0."""
    store = ["--store", str(sample_store)] if args[0] == "sparql" else []
    process = subprocess.Popen([sys.executable, "-m", "graphkit", *args, *store],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path)
    process.stdout.close()  # as head does once it has its lines
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=120) == 0, stderr
    assert stderr == ""


@pytest.mark.parametrize("args", [
    ["extract", "x.txt", "--min-confidence", "80"],
    ["extract", "x.txt", "--min-confidence", "-0.1"],
    ["eval", "gold.jsonl", "x.txt", "--min-confidence", "1.5"],
    ["extract", "x.txt", "--processes", "0"],
    ["ingest", "x.txt", "--processes", "-2"],
])
def test_out_of_range_values_are_refused(args, tmp_path):
    result = run(*args)
    assert result.exit_code == 2 and result.stderr.count("\n") == 1, result.output
    assert args[-2] in result.stderr and re.search(r"(less|greater) than", result.stderr)


def test_export_infers_the_format_from_the_extension_and_refuses_a_mismatch(sample_store, tmp_path):
    from rdflib import Dataset

    store = ["--store", str(sample_store)]
    assert run("export", "-o", str(tmp_path / "g.nq"), *store).exit_code == 0
    quads = Dataset()
    quads.parse(tmp_path / "g.nq", format="nquads")
    assert len(list(quads.graphs())) > 5  # one named graph an article, as N-Quads keeps them
    assert run("export", "-o", str(tmp_path / "g.graphml"), *store).exit_code == 0
    assert "<graphml" in (tmp_path / "g.graphml").read_text(encoding="utf-8")
    for wrong in (["-f", "turtle", "-o", str(tmp_path / "x.nq")], ["-o", str(tmp_path / "x.rdfxml")],
                  ["-f", "turtle", "-o", str(tmp_path)], ["-f", "csv"]):
        result = run("export", *wrong, *store)
        assert result.exit_code == 2 and result.stderr.count("\n") == 1, (wrong, result.output)
    assert not (tmp_path / "x.nq").exists()


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graphml_and_gexf_may_go_to_stdout(sample_store, fmt):
    result = run("export", "-f", fmt, "--store", str(sample_store))
    assert result.exit_code == 0 and result.stdout.startswith("<?xml") and f"<{fmt}" in result.stdout


def test_csv_cells_hold_json_arrays_not_python_lists():
    result = run("query", "--list", "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    by_name = {row["name"]: row for row in rows}
    assert set(json.loads(by_name["path-between"]["parameters"])) == {"from", "to"}


def test_extract_csv_has_the_jsonl_keys_as_columns():
    result = run("extract", str(sample_dir() / "arms-deal.txt"), "-f", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    supplies = [r for r in rows if (r["source"], r["relation"], r["target"]) == ("IRN", "SUPPLIES", "RUS")]
    assert supplies and isinstance(json.loads(supplies[0]["items"]), list) and float(supplies[0]["confidence"]) > 0


def test_every_format_offered_is_implemented(sample_store, tmp_path):
    stats_csv = run("stats", "--store", str(sample_store), "-f", "csv")
    assert stats_csv.exit_code == 0
    assert dict(csv.reader(io.StringIO(stats_csv.stdout)))["articles"] == "5"
    status = CliRunner(env={"COLUMNS": "160", "GRAPHKIT_HOME": str(tmp_path)}).invoke(app, ["neo4j", "status", "-f",
                                                                                            "csv"])
    assert next(csv.reader(io.StringIO(status.stdout)))[:2] == ["running", "pid"]
    assert run("eval", "gold.jsonl", "x.txt", "-f", "csv").exit_code == 2


def test_count_articles_knows_files_lines_and_rows(tmp_path):
    from graphkit.counting import count_articles

    (tmp_path / "a.txt").write_text("Peru thanks Chile\nPeru thanked Chile.")
    (tmp_path / "b.jsonl").write_text('{"text": "x"}\n\n{"text": "y"}\n{broken\n')
    (tmp_path / "c.json").write_text('[{"text": "x"}, {"text": "y"}]')
    (tmp_path / "d.csv").write_text('title,text\nA,"x\ny"\nB,z\n')
    assert count_articles([tmp_path]) == 1 + 3 + 2 + 2
    (tmp_path / "e.rss").write_text("<rss/>")
    assert count_articles([tmp_path]) is None and count_articles(["-"]) is None


@pytest.mark.parametrize("command", ["ingest", "extract"])
def test_progress_shows_the_total_on_a_terminal_and_nothing_in_a_pipe(command, tmp_path, monkeypatch):
    from rich.console import Console

    from graphkit.cli import output

    args = lambda store: [command, str(sample_dir()),  # noqa: E731
                          *(["--store", str(tmp_path / store)] if command == "ingest" else ["-f", "jsonl"])]
    piped = run(*args("piped"))
    assert piped.exit_code == 0 and "ingesting" not in piped.stderr and "extracting" not in piped.stderr
    screen = io.StringIO()
    monkeypatch.setattr(output, "err", Console(file=screen, force_terminal=True, width=120))
    shown = run(*args("shown"))
    assert shown.exit_code == 0, shown.output
    assert "5/5" in screen.getvalue() and "eta" in screen.getvalue()
    if command == "extract":  # what goes to stdout stays there, not redirected into the bar's console
        assert '"SUPPLIES"' in shown.stdout and '"SUPPLIES"' not in screen.getvalue()


def test_store_drop_deletes_a_store_and_nothing_else(sample_store, tmp_path):
    import shutil

    store = tmp_path / "store"
    shutil.copytree(sample_store, store)
    refused = run("store", "drop", "--store", str(store))  # not a terminal and no --yes
    assert refused.exit_code == 2 and "--yes" in refused.stderr and store.exists()
    dropped = run("store", "drop", "--store", str(store), "--yes")
    assert dropped.exit_code == 0 and not store.exists()
    assert run("stats", "--store", str(store)).exit_code == 4
    other = tmp_path / "notes"
    other.mkdir()
    (other / "keep.txt").write_text("mine")
    assert run("store", "drop", "--store", str(other), "--yes").exit_code == 4 and (other / "keep.txt").exists()
    shutil.copytree(sample_store, store)
    (store / "keep.txt").write_text("mine")
    result = run("store", "drop", "--store", str(store), "--yes")
    assert result.exit_code == 4 and "more than a graphkit store" in result.stderr and (store / "keep.txt").exists()


def test_neo4j_logs_prints_the_end_of_the_local_servers_log(tmp_path):
    logs = tmp_path / "neo4j" / "logs"
    logs.mkdir(parents=True)
    (logs / "console.log").write_text("".join(f"line {i}\n" for i in range(1000)))
    runner_here = CliRunner(env={"COLUMNS": "160", "GRAPHKIT_HOME": str(tmp_path)})
    result = runner_here.invoke(app, ["neo4j", "logs", "-n", "3"])
    assert result.exit_code == 0 and result.stdout.splitlines() == ["line 997", "line 998", "line 999"]
    missing = runner_here.invoke(app, ["neo4j", "logs", "--debug"])
    assert missing.exit_code == 5 and "graphkit neo4j start" in missing.stderr and missing.stderr.count("\n") == 1


def test_since_and_until_on_stats_and_export(sample_store, tmp_path):
    store = ["--store", str(sample_store)]
    counts = json.loads(run("stats", *store, "-f", "jsonl", "--since", "2024-03-01").stdout)
    assert counts["articles"] == 3 and 0 < counts["assertions"] < json.loads(run("stats", *store, "-f", "jsonl").stdout)["assertions"]
    early = json.loads(run("stats", *store, "-f", "jsonl", "--until", "2023-12-31").stdout)
    assert early["articles"] == 1
    events = [json.loads(line) for line in run("export", "-f", "plover", "--until", "2023-12-31", *store).stdout.splitlines()]
    assert events and {e["story_id"] for e in events} == {"grain"}
    from rdflib import Dataset

    assert run("export", "-o", str(tmp_path / "g.nq"), "--since", "2024-03-01", *store).exit_code == 0
    quads = Dataset()
    quads.parse(tmp_path / "g.nq", format="nquads")
    articles = {str(g.identifier) for g in quads.graphs() if "/graph/article/" in str(g.identifier)}
    assert len(articles) == 3
    bad = run("stats", *store, "--since", "March 2024")
    assert bad.exit_code == 2 and "YYYY-MM-DD" in bad.stderr


def test_sparql_compacts_iris_with_graphkits_prefixes(sample_store):
    store = ["--store", str(sample_store)]
    rows = [json.loads(line) for line in run("sparql", "SELECT ?s ?r WHERE { ?a gk:subject ?s ; gk:relation ?r }",
                                             *store, "-f", "jsonl").stdout.splitlines()]
    assert {"s": "gkid:state/IRN", "r": "gk:supplies"} in rows
    full = run("sparql", "SELECT ?r WHERE { ?a gk:relation ?r }", *store, "-f", "jsonl", "--full-iris").stdout
    assert "https://w3id.org/graphkit/ontology#supplies" in full
    construct = run("sparql", "CONSTRUCT { ?a gk:relation ?r } WHERE { ?a gk:relation ?r }", *store)
    assert construct.exit_code == 0 and "ns1:" not in construct.stdout and "gk:supplies" in construct.stdout
