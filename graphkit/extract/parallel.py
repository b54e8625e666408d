"""Extraction in several processes: each worker runs the whole extractor on chunks of articles.

spaCy's own ``nlp.pipe(n_process=N)`` parallelises the parse alone: every parsed ``Doc`` is serialised in the worker,
sent through a pipe and rebuilt in the parent, which then does the rest of the extraction (actors, rules, the model)
by itself — and, in ``ingest``, maps and writes the RDF too. On a 2-core machine the parent became the bottleneck
and two processes were slower than one. Here the workers do all of it and send back assertions, a few hundred bytes
an article; the parent only reads articles and writes results.

>>> from graphkit.config import Settings
>>> from graphkit.extract import Extractor
>>> from graphkit.model import Article
>>> articles = [Article(f"a{n}", "Iran sent drones to Russia.") for n in range(3)]
>>> [len(found) for _, found in Extractor(Settings(processes=2, batch_size=1)).extract(articles)]
[1, 1, 1]
"""
from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from itertools import islice
from typing import TYPE_CHECKING

from ..errors import GraphkitError
from ..model import Article, Assertion

if TYPE_CHECKING:
    from . import Extractor

__all__ = ["extract_in_processes", "CHUNK"]

CHUNK = 16  # articles a task: small enough to keep two workers busy on a short input, big enough to batch the parse
AHEAD = 2  # chunks in flight per worker: one being extracted, one waiting, so a worker never idles on the parent

_inherited: Extractor | None = None  # the parent's extractor, which forked workers share instead of loading another
_worker: Extractor | None = None


def extract_in_processes(extractor: Extractor, articles: Iterable[Article], processes: int,
                         chunk: int = CHUNK) -> Iterator[tuple[Article, list[Assertion]]]:
    """Yield ``(article, assertions)`` in order, extracted by ``processes`` worker processes.

    The articles are read here, lazily, at most ``processes * AHEAD`` chunks ahead of what was yielded, so memory
    stays bounded whatever the input's size. On Linux the workers are forked from this process and share its loaded
    pipeline, gazetteers and model (no load per worker); elsewhere each loads its own once.
    """
    global _inherited
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    _inherited = extractor
    pool = ProcessPoolExecutor(processes, mp_context=context, initializer=_start,
                               initargs=(replace(extractor.settings, processes=1), extractor.model))
    pending: deque[tuple[list[Article], Future]] = deque()
    finished = False
    try:
        source = iter(articles)
        while part := list(islice(source, chunk)):
            pending.append((part, pool.submit(_extract_chunk, part)))
            while len(pending) >= processes * AHEAD:
                yield from _results(*pending.popleft())
        while pending:
            yield from _results(*pending.popleft())
        finished = True
    finally:
        _inherited = None
        if finished:
            pool.shutdown(wait=True)
        else:  # stopped early (an error, Ctrl-C, a reader that went away): what the workers do is not wanted
            pool.shutdown(wait=False, cancel_futures=True)
            _terminate(pool)


def _results(part: list[Article], future: Future) -> Iterator[tuple[Article, list[Assertion]]]:
    try:
        found = future.result()
    except BrokenProcessPool:
        raise GraphkitError(f"an extraction worker died while it held the articles from {_where(part[0])} to "
                            f"{_where(part[-1])} (killed, or out of memory: try fewer --processes or a lower "
                            "--max-article-bytes); run again to pick up where it stopped") from None
    yield from zip(part, found)


def _where(article: Article) -> str:
    return article.source or article.id


def _start(settings, model) -> None:
    """Worker start: take over the parent's extractor when forked from it, else load one (once per process)."""
    global _worker
    if _inherited is not None:
        _worker = _inherited
    else:
        from . import Extractor

        _worker = Extractor(settings, model=model)


def _extract_chunk(articles: list[Article]) -> list[list[Assertion]]:
    return [found for _, found in _worker.extract_here(articles)]


def _terminate(pool: ProcessPoolExecutor) -> None:
    stop = getattr(pool, "terminate_workers", None)  # Python 3.14
    if stop is not None:
        stop()
        return
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.terminate()
