"""The graph a notebook works on: a store built once from a corpus of articles and cached, a store of your own,
or what a Neo4j database holds.

>>> work = open_workspace()                                     # doctest: +SKIP
>>> work.about                                                  # doctest: +SKIP
'260 articles of /work/shared/train/articles (cached store ~/.cache/graphkit/stores/3f9c.../store)'
>>> G = graphkit.analysis.project(work.articles)                # doctest: +SKIP

By default the corpus is the training articles in ``../shared/train/articles`` when they are there (as they are
beside a clone of the project), else the sample articles graphkit ships. Ingesting a corpus takes a while, so the
store is kept in a cache keyed by the articles' contents and graphkit's extractor version: the second notebook,
and the second run, read it at once.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .model import Article, Assertion

__all__ = ["Workspace", "open_workspace", "default_corpus", "cached_store", "store_cache_dir"]


@dataclass
class Workspace:
    """Articles with their assertions, where they came from, and the embedded store holding them (if any)."""

    articles: list[tuple[Article, list[Assertion]]]
    about: str
    store: Path | None = None


def default_corpus() -> Path:
    """``../shared/train/articles`` (or ``$GRAPHKIT_SHARED/train/articles``) when present, else the samples."""
    from .demo import sample_dir
    from .training.corpus import shared_dir

    train = shared_dir() / "train" / "articles"
    return train if train.is_dir() and any(train.glob("*.txt")) else sample_dir()


def store_cache_dir() -> Path:
    """Where cached stores live: ``$GRAPHKIT_CACHE`` or ``~/.cache/graphkit``, folder ``stores``."""
    from .config import cache_root

    return cache_root() / "stores"


def cached_store(sources: Iterable[str | Path], cache: str | Path | None = None) -> Path:
    """An embedded store holding ``sources`` ingested, built on first use and then reused.

    The cache key is the sources' file contents and graphkit's extractor and model versions, so an edited article
    or a new model builds a new store. A build that was interrupted is finished by the next call (ingest is
    incremental); a store counts as built once ``built.json`` is written beside it.
    """
    from .ingest import ingest

    sources = [Path(source) for source in sources]
    folder = Path(cache or store_cache_dir()) / _key(sources)
    store, done = folder / "store", folder / "built.json"
    if not done.is_file():
        folder.mkdir(parents=True, exist_ok=True)
        report = ingest(sources, store=store)
        done.write_text(json.dumps({"sources": [str(s) for s in sources], "articles": report.articles,
                                    "assertions": sum(report.assertions.values())}) + "\n", encoding="utf-8")
    return store


def open_workspace(corpus: str | Path | None = None, store: str | Path | None = None, neo4j_uri: str | None = None,
                   cache: str | Path | None = None) -> Workspace:
    """The articles a notebook analyses: from the Neo4j at ``neo4j_uri`` (only read; the password from
    ``NEO4J_PASSWORD``), else from ``store``, else from a cached store of ``corpus`` (default :func:`default_corpus`)."""
    from .analysis import articles_from_store

    if neo4j_uri:
        from dataclasses import replace

        from .config import load_settings
        from .neo4j.connection import neo4j_settings
        from .neo4j.queries import read_articles

        target = neo4j_settings(replace(load_settings(), neo4j_uri=neo4j_uri))
        articles = read_articles(target)
        return Workspace(articles, f"{len(articles)} articles in Neo4j at {target.uri}")
    if store is not None:
        articles = articles_from_store(store)
        return Workspace(articles, f"{len(articles)} articles of the store {store}", Path(store))
    corpus = Path(corpus) if corpus is not None else default_corpus()
    kept = cached_store([corpus], cache)
    articles = articles_from_store(kept)
    return Workspace(articles, f"{len(articles)} articles of {corpus} (cached store {kept})", kept)


def _key(sources: list[Path]) -> str:
    from . import __version__
    from .extract import EXTRACTOR_VERSION
    from .extract.classifier import load_model

    digest = hashlib.sha256(f"{__version__} {EXTRACTOR_VERSION} {load_model().version}\n".encode())
    for source in sources:
        files = sorted(p for p in source.rglob("*") if p.is_file()) if source.is_dir() else [source]
        for path in files:
            digest.update(f"{path.relative_to(source) if source.is_dir() else path.name}\n".encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]
