"""The benchmark scripts run and print their ratio (their figures are measured, never asserted, here)."""
from __future__ import annotations

import json
import os
import subprocess
import sys

from .conftest import ROOT


def test_bench_extract_prints_a_ratio_on_a_small_corpus():
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "bench_extract.py"), "--articles", "60", "--ag-news", "/nonexistent"],
        capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    first = json.loads(result.stdout.splitlines()[0])
    assert first["articles"] == 60 and first["assertions"] > 60 and first["ratio"] > 0
    assert result.stdout.splitlines()[-1].startswith("ratio (graphkit / bare spaCy")


def test_bench_load_prints_a_ratio_against_rdflib_neo4j(neo4j_server, neo4j_target):
    env = {**os.environ, "NEO4J_URI": neo4j_server.bolt_uri, "NEO4J_PASSWORD": neo4j_server.password()}
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "bench_load.py"), "--compare", "100", "--rounds", "1", "--sizes", "200"],
                            capture_output=True, text=True, timeout=600, env=env)
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert rows[0]["graphkit_relationships"] > 100 and rows[0]["rdflib_neo4j_relationships"] > 100
    assert rows[1]["assertions"] == 200 and rows[1]["graphkit_rel_per_s"] > 0
    assert result.stdout.splitlines()[-1].startswith("ratio (graphkit / rdflib-neo4j")


def test_bench_load_bulk_prints_a_ratio_against_rdflib_neo4j():
    """--bulk starts a server of its own (the bulk load stops and replaces its database)."""
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "bench_load.py"), "--bulk", "200"],
                            capture_output=True, text=True, timeout=1200)
    assert result.returncode == 0, result.stderr
    [row] = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert row["assertions"] == 200 and row["bulk_relationships"] > 200 and row["rdflib_neo4j_relationships"] > 200
    assert set(row["bulk_phases_s"]) == {"read", "csv", "stop", "import", "restart", "finish"}
    assert result.stdout.splitlines()[-1].startswith("ratio (bulk / rdflib-neo4j")


def test_bench_processes_prints_the_ratio_of_two_processes_to_one():
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "bench_processes.py"), "--articles", "40",
                             "--rounds", "1", "--only", "extract"], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert [r["processes"] for r in rows] == [1, 2] and all(r["articles_per_s"] > 0 for r in rows)
    assert result.stdout.splitlines()[-1].startswith("ratio extract (2 / 1 processes")


def test_bench_distributed_prints_the_ratio_of_two_workers_to_one():
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "bench_distributed.py"), "--articles", "40",
                             "--rounds", "1", "--partition-size", "10"], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert [r["workers"] for r in rows[:2]] == [1, 2] and all(r["articles"] == 40 for r in rows[:2])
    assert rows[2]["load_articles"] == 40 and rows[2]["load_quads"] > 1000
    assert result.stdout.splitlines()[-1].startswith("ratio (2 / 1 workers")


def test_bench_scale_prints_peak_memory_and_throughput_per_size():
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "bench_scale.py"), "--sizes", "20,40"],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert [row["articles"] for row in rows] == [20, 40] and [row["new"] for row in rows] == [20, 40]
    assert all(row["peak_rss_mb"] > 50 and row["articles_per_s"] > 0 and row["assertions"] > 0 for row in rows)
    assert result.stdout.splitlines()[-1].startswith("ratio (40 / 20 articles): peak RSS ")
