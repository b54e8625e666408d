"""Shared fixtures: one real spaCy pipeline per session, temporary stores, the shared eval data when present."""
from __future__ import annotations

from pathlib import Path

import pytest

from graphkit.config import Settings
from graphkit.extract import Extractor

ROOT = Path(__file__).resolve().parents[1]
SHARED_EVAL = ROOT.parent / "shared" / "eval"
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
