"""Extraction on a Dask cluster: partitions of articles extracted on the workers, results written by partition.

>>> from distributed import Client                                      # doctest: +SKIP
>>> with Client("tcp://scheduler:8786") as client:                      # doctest: +SKIP
...     report = extract(["/data/news/"], client, "/data/partitions")
>>> load("graphkit-data/store", "/data/partitions", report.partitions)  # doctest: +SKIP

Extraction is a pure function of a batch of articles, so it runs as one Dask task a partition
(:mod:`graphkit.partitions`: groups of files, ranges of lines of big JSON lines and CSV files). Each worker reads its
partition itself — the paths must be open to every worker and to this process (a shared file system), and so must the
output folder — extracts it with the extractor ``graphkit ingest`` uses, loaded once per worker process (a worker
plugin loads it when the worker joins), and writes the partition's assertions (JSON lines), RDF (N-Quads) and
manifest, each under a temporary name renamed when complete. A partition already finished in the folder is not
extracted again, so an interrupted run is simply run again; given the store, articles it already holds with the same
content are not extracted either, as ``graphkit ingest`` skips them (the driver reads each partition and asks the
store just before sending it to a worker, a few partitions ahead). :func:`load` then bulk-loads the N-Quads into the
embedded store; ``graphkit export`` or ``graphkit load`` take the graph on to Neo4j.

Importing this module imports ``distributed`` (``pip install 'graphkit[dask]'``); nothing else in graphkit does.
"""
from __future__ import annotations

import itertools
import logging
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

from .articles import ReadOptions
from .config import Settings, load_settings
from .errors import ArticleError, GraphkitError, one_line
from .partitions import (PARTITION_SIZE, Partition, drop_articles, finished, load, plan, run_partition,
                         skip_stored)

try:
    from distributed import Client, LocalCluster, WorkerPlugin, as_completed
except ImportError as err:  # an extra: the other engines do not need it
    raise GraphkitError("the dask engine needs Dask: pip install 'graphkit[dask]' (or 'dask[distributed]')") from err

__all__ = ["extract", "ingest", "load", "cluster", "on_demand", "DistributedReport", "ExtractorPlugin"]

CONNECT_SECONDS = 10  # how long to wait for a scheduler to answer
# Partitions sent ahead a worker: enough that none waits for the driver, few enough that what the driver holds of
# them (their lists of stored articles to skip) stays small whatever the corpus.
AHEAD = 2


@dataclass
class DistributedReport:
    """What one distributed extraction did. ``partitions`` are the result files' names, in reading order."""

    folder: Path
    partitions: list[str] = field(default_factory=list)
    extracted: int = 0  # partitions extracted in this run
    resumed: int = 0  # partitions found finished in the folder
    articles: int = 0  # articles extracted (in the partitions of this run) or found (in the resumed ones)
    skipped: int = 0  # articles not extracted: the store had them with the same content
    failed: int = 0
    assertions: int = 0
    errors: list[str] = field(default_factory=list)
    workers: int = 0
    seconds: float = 0.0

    @property
    def articles_per_second(self) -> float:
        return self.articles / self.seconds if self.seconds else 0.0


def extract(paths: Iterable[str | Path], client: Client | Callable[[], Client], out_dir: str | Path,
            settings: Settings | None = None,
            options: ReadOptions | None = None, partition_size: int = PARTITION_SIZE,
            on_error: Callable[[ArticleError], None] | None = None,
            progress: Callable[[int], None] | None = None, store: str | Path | None = None) -> DistributedReport:
    """Extract the articles in ``paths`` (files, folders, globs) on ``client``'s cluster into ``out_dir``.

    ``client`` may be a function that returns one, called only if a partition is left to extract. Articles that the
    embedded ``store`` holds with the same content hash are skipped (counted in ``skipped``), as by
    :func:`graphkit.ingest.ingest`; without ``store`` every article is extracted.

    ``on_error`` receives each article that could not be read (without it, the first one raises once its partition
    is done); ``progress`` is called with the number of articles of each partition as it finishes. An article id
    taken by an earlier article with other content (in reading order, as :func:`graphkit.articles.read` decides) is
    reported and taken out of the later partition's files.
    """
    settings = replace(settings or load_settings(), processes=1)
    options = replace(options or ReadOptions(), max_article_bytes=settings.max_article_bytes)
    folder = Path(out_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise GraphkitError(f"cannot write the partitions to {folder}: {err.strerror or err}") from None
    begun = time.perf_counter()
    report = DistributedReport(folder.resolve())

    def failed(error: ArticleError) -> None:
        report.failed += 1
        report.errors.append(str(error))
        if on_error is None:
            raise error
        on_error(error)

    planned = plan(paths, options, partition_size, on_error=failed if on_error else None,
                   salt=_extraction_identity(settings))
    partitions: list[Partition] = []  # as run: without stored articles, and their lists of them

    def left() -> Iterator[Partition]:
        """The partitions left to extract, in reading order and as they are wanted; those finished in the folder,
        or whose articles the store all holds, are tallied on the way."""
        with _stored_hashes(store) as stored_hash:
            for partition in planned:
                manifest, everything = finished(folder, partition), False
                if manifest is None and stored_hash is not None:
                    partition, everything = skip_stored(partition, options, settings, stored_hash)
                    manifest = finished(folder, partition)
                resumed = manifest is not None
                if manifest is None and everything:
                    # nothing to extract: no worker needed, the driver writes its (empty) results and manifest
                    manifest = run_partition(partition, folder, _NothingToExtract(), options, settings)
                partitions.append(replace(partition, skip=()))
                if manifest is None:
                    yield partition
                    continue
                report.resumed += resumed
                _tally(report, manifest, failed, progress)

    todo = left()
    try:
        first = next(todo, None)
        if first is not None:
            if not isinstance(client, Client):
                client = client()
            report.workers = _start_workers(client, settings)
            _extract_on(client, itertools.chain([first], todo), folder, settings, options, report, failed, progress)
    finally:
        todo.close()  # the store, read-only, is closed: it is written next
    report.partitions = [p.name for p in partitions]
    _resolve_taken_ids(folder, partitions, failed, report)
    report.seconds = time.perf_counter() - begun
    return report


def _extract_on(client: Client, todo: Iterator[Partition], folder: Path, settings: Settings, options: ReadOptions,
                report: DistributedReport, failed: Callable[[ArticleError], None],
                progress: Callable[[int], None] | None) -> None:
    """Extract the partitions ``todo`` on the cluster, sending the next as each finishes, a few a worker ahead."""
    waiting: dict = {}
    running = as_completed()

    def send(partition: Partition) -> None:
        future = client.submit(_run, partition, str(folder), settings, options, pure=False,
                               key=f"graphkit-{partition.name}-{os.urandom(4).hex()}")
        waiting[future] = partition
        running.add(future)

    for partition in itertools.islice(todo, AHEAD * max(report.workers, 1)):
        send(partition)
    try:
        for future in running:
            partition = waiting.pop(future)
            try:
                summary = future.result()
            except Exception as err:  # noqa: BLE001 - whatever stopped a worker, named with its partition
                raise GraphkitError(f"partition {partition.name} ({_describe(partition)}) failed on a worker: "
                                    f"{type(err).__name__}: {one_line(str(err))}") from err
            report.extracted += 1
            _tally(report, summary, failed, progress)
            following = next(todo, None)
            if following is not None:
                send(following)
    finally:
        client.cancel(list(waiting))  # those not finished, when stopped early


@contextmanager
def _stored_hashes(store: str | Path | None) -> Iterator[Callable[[str], str | None] | None]:
    """The content hash the store holds for an article id (opened read-only), or None without a store or before
    the store exists: then nothing is stored, and the driver need not read the partitions to ask."""
    if store is None or not (Path(store) / "oxigraph").exists():
        yield None
    else:
        from .store import Store

        with Store.open(store, read_only=True) as kept:
            yield kept.article_hash


class _NothingToExtract:
    """The extractor of a partition whose every article is stored: none should reach it."""

    def extract_here(self, articles: Iterable) -> Iterator:
        for article in articles:
            raise GraphkitError(f"{article.source or article.id} changed while graphkit read it: run again")
        yield from ()


def ingest(paths: Iterable[str | Path], client: Client, out_dir: str | Path, store: str | Path | None = None,
           settings: Settings | None = None, options: ReadOptions | None = None,
           partition_size: int = PARTITION_SIZE, on_error: Callable[[ArticleError], None] | None = None,
           progress: Callable[[int], None] | None = None):
    """:func:`extract`, then :func:`load` of this run's partitions into the embedded store (default: the settings'
    store): ``graphkit ingest --engine dask``. Returns the load's :class:`~graphkit.ingest.IngestReport` (its
    ``failed`` counts every article that could not be read) and the extraction's :class:`DistributedReport`."""
    settings = settings or load_settings()
    store = store or settings.store_path
    extracted = extract(paths, client, out_dir, settings, options, partition_size, on_error, progress, store)
    loaded = load(store, out_dir, extracted.partitions)
    # the partitions' manifests list the articles they could not read; a path that could not be read is in none
    loaded.failed, loaded.errors = extracted.failed, extracted.errors
    loaded.skipped += extracted.skipped  # not extracted, so not in what was loaded
    return loaded, extracted


@contextmanager
def cluster(scheduler: str | None = None, workers: int | None = None) -> Iterator[Client]:
    """A client of the Dask scheduler at ``scheduler`` (``tcp://host:8786``), or of a cluster on this machine of
    ``workers`` processes (default: one a core), one thread each, closed at the end."""
    with on_demand(scheduler, workers) as connect:
        yield connect()


@contextmanager
def on_demand(scheduler: str | None = None, workers: int | None = None) -> Iterator[Callable[[], Client]]:
    """:func:`cluster`, connected (or started) only when the function it gives is first called: a run that finds
    every partition finished starts no cluster."""
    logging.getLogger("distributed").setLevel(logging.ERROR)  # its own chatter about starting and stopping
    opened: list = []

    def connect() -> Client:
        if not opened:
            opened.append(_connect(scheduler, workers))
        return opened[0][-1]

    try:
        yield connect
    finally:
        for thing in reversed(opened[0] if opened else ()):
            thing.close()


def _connect(scheduler: str | None, workers: int | None) -> tuple:
    if scheduler is None:
        local = LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                             dashboard_address=":0", silence_logs=logging.ERROR)  # any free port, never a clash
        return local, Client(local)
    try:
        return (Client(scheduler, timeout=CONNECT_SECONDS),)
    except (OSError, TimeoutError) as err:
        raise GraphkitError(f"cannot reach the Dask scheduler at {scheduler}: {err}") from None


# ---------------------------------------------------------------- on the workers

_lock = threading.Lock()  # a worker run with several threads extracts one partition at a time: the pipeline is one


@cache
def _extractor(settings: Settings):
    """The extractor of this worker process, loaded once (by the plugin when the worker joins, else at first use)."""
    from .extract import Extractor

    return Extractor(settings)


def _run(partition: Partition, folder: str, settings: Settings, options: ReadOptions) -> dict:
    with _lock:
        manifest = run_partition(partition, folder, _extractor(settings), options, settings)
    # the driver reads the article list from the manifest file when it needs it; a summary travels back
    return {key: manifest[key] for key in ("partition", "errors", "assertions", "seconds", "host")} | {
        "count": len(manifest["articles"]), "skipped": len(manifest.get("skipped", ()))}


class ExtractorPlugin(WorkerPlugin):
    """Loads graphkit's extractor (the spaCy pipeline, gazetteers, the relation model) when a worker starts, once."""

    name = "graphkit-extractor"

    def __init__(self, settings: Settings):
        self.settings = settings

    def setup(self, worker) -> None:
        _extractor(self.settings)


# ---------------------------------------------------------------- helpers


def _start_workers(client: Client, settings: Settings) -> int:
    try:
        client.wait_for_workers(1, timeout=120)
    except TimeoutError:
        raise GraphkitError("the Dask scheduler has no workers: start some with "
                            f"`dask worker {client.scheduler.address} --nthreads 1`") from None
    try:
        client.register_plugin(ExtractorPlugin(settings))
    except GraphkitError as err:
        raise GraphkitError(f"a Dask worker cannot load graphkit's extractor: {err}") from err
    except ImportError as err:
        raise GraphkitError(f"a Dask worker cannot import graphkit ({err}): install it on every worker") from err
    return len(client.scheduler_info().get("workers", {}))


def _tally(report: DistributedReport, manifest: dict, failed: Callable[[ArticleError], None],
           progress: Callable[[int], None] | None) -> None:
    count = manifest["count"] if "count" in manifest else len(manifest["articles"])
    skipped = manifest["skipped"] if isinstance(manifest.get("skipped"), int) else len(manifest.get("skipped", ()))
    report.articles += count
    report.skipped += skipped
    report.assertions += manifest["assertions"]
    for where, reason in manifest["errors"]:
        failed(ArticleError(where, reason))
    if progress is not None:
        progress(count + skipped + len(manifest["errors"]))


def _resolve_taken_ids(folder: Path, partitions: list[Partition], failed: Callable[[ArticleError], None],
                       report: DistributedReport) -> None:
    """Take out of later partitions the articles whose id an earlier one (in reading order) holds with other content:
    :func:`graphkit.articles.read` refuses them within one reading, the partitions did not see each other. Articles
    skipped as stored count as read: they hold their ids as they did when read in one run."""
    owners: dict[str, tuple[str, str]] = {}
    for partition in partitions:
        manifest = finished(folder, partition)
        dropped = {}
        skipped = manifest.get("skipped", [])
        for entry in manifest["articles"] + skipped:
            first = owners.setdefault(entry["id"], (entry["source"] or "", entry["hash"]))
            if first[1] != entry["hash"]:
                dropped[entry["id"]] = (f"id {entry['id']!r} is already taken in this run by {first[0]}; give the "
                                        "articles distinct ids (or file names)")
        if dropped:
            for entry in manifest["articles"] + skipped:
                if entry["id"] in dropped:
                    failed(ArticleError(entry["source"] or entry["id"], dropped[entry["id"]]))
            report.skipped -= sum(entry["id"] in dropped for entry in skipped)  # counted skipped, now failed
            drop_articles(folder, manifest, dropped)


def _extraction_identity(settings: Settings) -> str:
    """What the results depend on besides the files: a partition extracted otherwise has another name."""
    import json

    meta = Path(__file__).parent / "data" / "relation_model" / "meta.json"
    try:
        model = json.loads(meta.read_text(encoding="utf-8")).get("version")
    except (OSError, ValueError):
        model = None
    return f"{settings.model} {settings.relations} {model}"


def _describe(partition: Partition) -> str:
    if partition.kind is None:
        more = f" and {len(partition.files) - 1} more" if len(partition.files) > 1 else ""
        return f"{partition.files[0]}{more}"
    return f"{partition.files[0]} bytes {partition.start}-{partition.end}"

