"""``graphkit ingest --engine dask``: its options and its run, apart so that no other command imports Dask."""
from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..articles import ReadOptions
from ..config import Settings
from ..counting import count_articles
from ..errors import UsageError
from ..partitions import PARTITION_SIZE
from .output import err, progress

__all__ = ["Engine", "EngineOption", "SchedulerOption", "PartitionsOption", "PartitionSizeOption", "ingest_with_dask"]


class Engine(str, Enum):
    local = "local"
    dask = "dask"


EngineOption = Annotated[Engine, typer.Option(
    "--engine", help="local: this process, with --processes workers; dask: a Dask cluster (--scheduler's, else one "
                     "on this machine of --processes workers, default one a core) extracts partitions of the "
                     "articles into --partitions, then they are bulk-loaded into the store.")]
SchedulerOption = Annotated[Optional[str], typer.Option(
    "--scheduler", help="With --engine dask: a running Dask scheduler, e.g. tcp://host:8786. Its workers must open "
                        "the same paths (sources and --partitions) as this machine.", show_default=False)]
PartitionsOption = Annotated[Optional[Path], typer.Option(
    "--partitions", help="With --engine dask: the folder of partitioned results (assertions as JSON lines, RDF as "
                         "N-Quads). Default: $GRAPHKIT_HOME/partitions. Finished partitions are not extracted again.",
    show_default=False)]
PartitionSizeOption = Annotated[int, typer.Option(
    "--partition-size", min=1, help="With --engine dask: articles a partition (files, or lines of big JSON lines and "
                                    "CSV files).")]


def ingest_with_dask(sources: list[str], store: Path | None, settings: Settings, options: ReadOptions, on_error,
                     scheduler: str | None, processes: int | None, folder: Path | None,
                     size: int = PARTITION_SIZE):
    """Extract on a Dask cluster, then load this run's partitions into the store: the ingest's report."""
    from ..distributed import extract, on_demand
    from ..partitions import load

    if scheduler and processes:
        raise UsageError("--processes sets the workers of a cluster on this machine; a --scheduler's workers are "
                         "started with `dask worker ADDRESS --nworkers N --nthreads 1`")
    folder = folder or settings.home / "partitions"
    store = store or settings.store_path
    with progress("extracting") as bar:
        task = bar.add_task("extracting", total=None if bar.disable else count_articles(sources, options))
        with on_demand(scheduler, processes) as client:
            extracted = extract(sources, client, folder, settings, options, size, on_error,
                                progress=lambda count: bar.advance(task, count), store=store)
    err.print(f"dask: {len(extracted.partitions)} partitions in {folder} ({extracted.extracted} extracted on "
              f"{extracted.workers} workers, {extracted.resumed} found finished); {extracted.articles} articles, "
              f"{extracted.skipped} skipped (in the store), {extracted.assertions} assertions, {extracted.failed} "
              f"failed, in {extracted.seconds:.1f} s ({extracted.articles_per_second:.1f} articles/s)",
              highlight=False, soft_wrap=True)
    with progress("loading") as bar:
        task = bar.add_task("loading", total=len(extracted.partitions))
        report = load(store, folder, extracted.partitions, progress=lambda count: bar.advance(task))
    report.failed, report.errors = extracted.failed, extracted.errors
    report.skipped += extracted.skipped  # found in the store, so neither extracted nor loaded
    return report


def check_local(engine: Engine, scheduler: str | None, folder: Path | None) -> None:
    """The Dask options make sense with the dask engine only."""
    if engine is Engine.local and (scheduler or folder):
        raise UsageError(f"{'--scheduler' if scheduler else '--partitions'} needs --engine dask")
