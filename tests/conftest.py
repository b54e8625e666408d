"""Shared fixtures: one real spaCy pipeline per session, temporary stores, the shared eval data when present."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from graphkit.config import Settings
from graphkit.extract import Extractor

ROOT = Path(__file__).resolve().parents[1]
# $GRAPHKIT_SHARED (as graphkit.training.corpus reads it), else the shared folder beside the repository: a git
# worktree elsewhere (/work/wt/NAME) would otherwise skip the dev-set floors without a word.
SHARED_EVAL = Path(os.environ.get("GRAPHKIT_SHARED") or ROOT.parent / "shared") / "eval"
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    """The real extractor with the real en_core_web_sm pipeline, loaded once."""
    return Extractor(Settings())


@pytest.fixture(scope="session")
def relations(extractor):
    """Extract from one sentence or short text: a set of (source, relation, target) triples."""
    from graphkit.model import Article

    def run(text: str, title: str = "") -> set[tuple[str, str, str]]:
        return {(a.source, a.relation, a.target) for a in extractor.extract_one(Article("t", text, title=title))}

    return run


@pytest.fixture(scope="session")
def assertions(extractor):
    """Extract from a short text: the Assertion objects."""
    from graphkit.model import Article

    return lambda text, title="": extractor.extract_one(Article("t", text, title=title))


@pytest.fixture
def store_path(tmp_path) -> Path:
    """A fresh store folder."""
    return tmp_path / "store"


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(home=tmp_path / "home")


@pytest.fixture(scope="session")
def shared_eval() -> Path:
    """../shared/eval, or skip: the gold data is read from there, never copied into the repo."""
    if not (SHARED_EVAL / "dev" / "gold.jsonl").is_file():
        pytest.skip("../shared/eval is not present")
    return SHARED_EVAL


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def neo4j_server(tmp_path_factory):
    """A real Neo4j Community server for the whole session, started as `graphkit neo4j start` does, on free
    ports in a temporary home (the jars are downloaded once into the user's cache)."""
    from graphkit.neo4j.server import LocalServer

    server = LocalServer(tmp_path_factory.mktemp("neo4j-home"), bolt_port=free_port(), http_port=free_port())
    server.start()
    yield server
    server.stop()


@pytest.fixture
def neo4j_target(neo4j_server):
    """Connection settings for the session server, with its database emptied first."""
    import neo4j

    from graphkit.neo4j.connection import Neo4jSettings

    target = Neo4jSettings(neo4j_server.bolt_uri, "neo4j", neo4j_server.password(), local=True, retry_seconds=3)
    with neo4j.GraphDatabase.driver(target.uri, auth=(target.user, target.password)) as driver:
        with driver.session() as session:  # an auto-commit transaction, as CALL ... IN TRANSACTIONS needs
            session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS").consume()
    return target


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory):
    """The embedded store with graphkit's sample articles ingested (read it, do not write it)."""
    from graphkit.demo import sample_dir
    from graphkit.ingest import ingest

    path = tmp_path_factory.mktemp("sample-store") / "store"
    ingest([sample_dir()], store=path, settings=Settings())
    return path


def pytest_configure(config):
    config.graphkit_figures = []  # PNGs the notebook and Browser tests save


def pytest_terminal_summary(terminalreporter, config):
    """List the figures the notebooks drew and the Browser screenshots, so they show in the run's output (CI's
    log included)."""
    if config.graphkit_figures:
        terminalreporter.section("figures and screenshots the tests saved")
        for path in config.graphkit_figures:
            terminalreporter.write_line(f"{path} ({path.stat().st_size:,} bytes)")
