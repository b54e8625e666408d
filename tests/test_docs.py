"""Every code block in README.md runs, as printed (sqlite-utils checks its docs the same way).

Shell blocks run line by line in bash, in a scratch folder that holds what the README assumes (``articles/``,
``news.jsonl``, ``feed.xml``, ``../shared`` when present), with ``graphkit`` and ``python`` on the PATH as an
activated environment has them; Python blocks run in that folder; SPARQL runs on the store the tour fills; the
Neo4j block and the Cypher block run against the session's test server, reached as ``graphkit-data/neo4j``.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from graphkit.demo import sample_dir

from .conftest import FIXTURES, ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS = [(lang, body) for lang, body in re.findall(r"^```(\w*)\n(.*?)^```", README, flags=re.S | re.M)]
SHARED = Path(os.environ.get("GRAPHKIT_SHARED") or ROOT.parent / "shared")  # as graphkit.training.corpus finds it

# Lines not run here, and why: each is run somewhere else.
NOT_RUN = {
    "python3 -m venv .venv": "the install: .ci/run does exactly this in a fresh environment",
    ".venv/bin/python -m pytest": "the test suite itself",
    "python scripts/bench_extract.py": "run small by tests/test_bench.py",
    "python scripts/bench_load.py": "run small by tests/test_bench.py",
    "python scripts/bench_processes.py": "run small by tests/test_bench.py",
    "python scripts/bench_distributed.py": "run small by tests/test_bench.py",
    "python scripts/bench_scale.py": "run small by tests/test_bench.py",
    "python scripts/train_relation_model.py": "rewrites the shipped model; tests/test_training.py fits on a slice",
    "python scripts/crossval.py": "minutes on the whole corpus; tests/test_training.py cross-validates a slice",
    "python scripts/misses.py": "minutes on the whole corpus; tests/test_training.py classifies a slice's misses",
    # a bulk load replaces the database: tests/test_bulk.py runs these on a server of its own, the neo4j-admin
    # line as the README prints it
    "graphkit load --bulk": "tests/test_bulk.py",
    "graphkit ingest news.jsonl --neo4j --bulk": "tests/test_bulk.py",
    "neo4j-admin database import full": "tests/test_bulk.py, with the admin tool of graphkit's Neo4j",
    "graphkit load --finish-import": "tests/test_bulk.py, after that import",
}
NEEDS_NEO4J = ("graphkit neo4j", "graphkit load", "graphkit query", "--neo4j")


def block_id(block) -> str:
    lang, body = block
    return f"{lang or 'text'}:{body.strip().splitlines()[0][:40]}"


def shell_lines(body: str) -> list[str]:
    lines = []
    for line in body.replace("\\\n", " ").splitlines():  # a line continued with a backslash is one command
        line = re.sub(r"\s{2,}#.*$", "", line).strip()
        if line and not line.startswith("#"):
            lines.append(line)
    return lines


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    """A folder laid out as the README assumes, with the sample articles ingested into graphkit-data/store."""
    from graphkit.config import Settings
    from graphkit.ingest import ingest

    root = tmp_path_factory.mktemp("readme")
    work = root / "graphkit"
    shutil.copytree(sample_dir(), work / "articles")
    (work / "news.jsonl").write_text(
        '{"id": "n1", "title": "Belarus and Russia hold drills", "date": "2024-05-02", '
        '"text": "Belarus held joint military exercises with Russia near the border."}\n'
        '{"id": "n2", "title": "Sanctions", "date": "2024-06-01", "text": "The EU imposed sanctions on Belarus."}\n',
        encoding="utf-8")
    shutil.copy(FIXTURES / "feed.xml", work / "feed.xml")
    if SHARED.is_dir():
        (root / "shared").symlink_to(SHARED)
    (work / "scripts").symlink_to(ROOT / "scripts")  # the README runs them from the repository's root
    bin_dir = root / "bin"
    bin_dir.mkdir()
    (bin_dir / "graphkit").write_text(f'#!/bin/sh\nexec "{sys.executable}" -m graphkit "$@"\n')
    (bin_dir / "graphkit").chmod(0o755)
    for name in ("python", "python3"):  # a wrapper, not a symlink: a venv's python finds its packages by its path
        (bin_dir / name).write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n')
        (bin_dir / name).chmod(0o755)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "GRAPHKIT_"))}
    env.update(PATH=f"{bin_dir}:{env['PATH']}", PYTHONPATH=str(ROOT), COLUMNS="120",
               GRAPHKIT_HOME=str(work / "graphkit-data"))
    ingest([work / "articles"], store=work / "graphkit-data" / "store", settings=Settings())
    return work, env


def run_shell(line: str, work, env) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", "-o", "pipefail", "-c", line], cwd=work, env=env, capture_output=True, text=True,
                          timeout=600)


def test_the_readme_has_the_blocks_this_file_runs():
    assert {lang for lang, _ in BLOCKS} <= {"", "sh", "sparql", "cypher", "python"}
    assert sum(lang == "sh" for lang, _ in BLOCKS) >= 5 and any(lang == "sparql" for lang, _ in BLOCKS)


@pytest.mark.parametrize("block", [b for b in BLOCKS if b[0] == "sh" and not any(n in b[1] for n in NEEDS_NEO4J)],
                         ids=block_id)
def test_shell_block_runs(block, workdir):
    work, env = workdir
    for line in shell_lines(block[1]):
        if any(line.startswith(skipped) for skipped in NOT_RUN):
            continue
        if "../shared" in line and not SHARED.is_dir():
            continue
        result = run_shell(line, work, env)
        assert result.returncode == 0, f"{line}\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}"
        assert "Traceback" not in result.stderr, line


@pytest.mark.parametrize("block", [b for b in BLOCKS if b[0] == "python"], ids=block_id)
def test_python_block_runs(block, workdir, monkeypatch, capsys):
    work, _ = workdir
    monkeypatch.chdir(work)
    exec(compile(block[1], "README.md", "exec"), {"__name__": "readme"})


@pytest.mark.parametrize("block", [b for b in BLOCKS if b[0] == "sparql"], ids=block_id)
def test_sparql_block_runs_and_answers(block, workdir):
    from graphkit.store import Store

    work, _ = workdir
    with Store.open(work / "graphkit-data" / "store", read_only=True) as store:
        rows = [{str(k): str(v) for k, v in row.asdict().items()} for row in store.sparql(block[1])]
    assert rows
    if "?claimant" in block[1]:  # who claims that Iran supplies Russia: not Iran, which denies it
        assert {"GBR", "UKR"} <= {row.get("claimant") for row in rows}
        assert "IRN" not in {row.get("claimant") for row in rows}
        assert not any("denied" in row["evidence"] for row in rows)


def test_neo4j_blocks_run(workdir, neo4j_server, neo4j_target):
    """The Neo4j shell block line by line and the Cypher block, on the session's server as graphkit's local one."""
    from graphkit.neo4j.queries import run_query

    work, env = workdir
    link = work / "graphkit-data" / "neo4j"
    if not link.exists():
        link.symlink_to(neo4j_server.home)
    env = {**env, "GRAPHKIT_NEO4J_BOLT_PORT": str(neo4j_server.bolt_port),
           "GRAPHKIT_NEO4J_HTTP_PORT": str(neo4j_server.http_port)}
    lines = [line for lang, body in BLOCKS if lang == "sh" and any(n in body for n in NEEDS_NEO4J)
             for line in shell_lines(body) if not line.startswith(tuple(NOT_RUN))]
    assert "graphkit neo4j stop" in lines
    try:
        for line in lines:
            result = run_shell(line, work, env)
            assert result.returncode == 0, f"{line}\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}"
            assert "Traceback" not in result.stderr, line
            if line.startswith("graphkit query"):
                assert result.stdout.strip(), line
        stopped = run_shell("graphkit neo4j status", work, env)
        assert stopped.returncode == 1  # the README's last line stopped it
    finally:
        neo4j_server.start()  # the session's server, for the tests after this one
    run_shell("graphkit load", work, env)
    for lang, body in BLOCKS:
        if lang == "cypher":
            columns, rows = run_query(body, {}, neo4j_target)
            assert columns and rows, body
