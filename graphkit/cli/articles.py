"""Commands over articles: ingest, extract, eval, demo."""
from __future__ import annotations

import json
from dataclasses import replace
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.table import Table

from ..articles import FORMATS, ReadOptions, read
from ..config import load_settings
from ..counting import count_articles
from ..errors import UsageError
from ..partitions import PARTITION_SIZE
from .app import app, clean_errors
from .distributed import (Engine, EngineOption, PartitionsOption, PartitionSizeOption, SchedulerOption, check_local,
                          ingest_with_dask)
from .output import err, out, progress, relations_csv, relations_table, report_error, track

MaxBytesOption = Annotated[Optional[int], typer.Option(
    "--max-article-bytes", help="Report and skip articles longer than this (default 500,000; see graphkit.toml).",
    show_default=False)]
StoreOption = Annotated[Optional[Path], typer.Option(
    "--store", help="Store folder (default: $GRAPHKIT_HOME/store, else ./graphkit-data/store).", show_default=False)]


ReadAs = Enum("ReadAs", {name: name for name in FORMATS}, type=str)
ReadAsOption = Annotated[Optional[ReadAs], typer.Option(
    "--as", help="Read every file as this format, whatever its extension (a file whose extension graphkit does not "
                 "know is refused without it).", show_default=False)]
ColumnsOption = Annotated[Optional[str], typer.Option(
    "--columns", help="CSV: which column is which, by 1-based number (then no header row), as title=2,text=3, or by "
                      "header name, as title=headline,text=body. Fields: id, title, text, date, url, outlet. Default: "
                      "the header's own names.", show_default=False)]
IdPrefixOption = Annotated[Optional[str], typer.Option(
    "--id-prefix", help="CSV rows without an id are <prefix><row>, the row counted from 0 (default: the file name "
                        "and '-').", show_default=False)]


def read_options(read_as: ReadAs | None, columns: str | None, id_prefix: str | None) -> ReadOptions:
    """The reading options the command line gave."""
    from ..csv_articles import CsvColumns

    return ReadOptions(read_as.value if read_as else None, CsvColumns.parse(columns) if columns else None, id_prefix)


class OnError(str, Enum):
    skip = "skip"
    raise_ = "raise"


class Decider(str, Enum):
    model = "model"
    rules = "rules"


class EvalFormat(str, Enum):
    table = "table"
    json = "json"


class ExtractFormat(str, Enum):
    auto = "auto"
    jsonl = "jsonl"
    table = "table"
    turtle = "turtle"
    csv = "csv"


@app.command()
@clean_errors
def ingest(
    sources: Annotated[list[str], typer.Argument(help="Files, folders, globs, URLs, feeds, or - for stdin.")],
    store: StoreOption = None,
    on_error: Annotated[OnError, typer.Option(
        "--on-error", help="skip: report unreadable articles and go on (exit 3 at the end); raise: stop at the first.")
    ] = OnError.skip,
    processes: Annotated[Optional[int], typer.Option(min=1, help="Extract with this many worker processes (with "
                                                                 "--engine dask: the local cluster's workers).")] = None,
    max_article_bytes: MaxBytesOption = None,
    neo4j: Annotated[bool, typer.Option("--neo4j", help="Then load the store into Neo4j (as graphkit load).")] = False,
    bulk: Annotated[bool, typer.Option("--bulk", help="With --neo4j: load an empty database with neo4j-admin "
                                                      "(as graphkit load --bulk).")] = False,
    read_as: ReadAsOption = None,
    columns: ColumnsOption = None,
    id_prefix: IdPrefixOption = None,
    engine: EngineOption = Engine.local,
    scheduler: SchedulerOption = None,
    partitions: PartitionsOption = None,
    partition_size: PartitionSizeOption = PARTITION_SIZE,
) -> None:
    """Read articles, extract relations and keep them in the embedded store.

    Articles already stored are skipped; changed ones are replaced.

    Example: `graphkit ingest news/ feed.xml --store data/`, `graphkit ingest news/ --neo4j`,
    `graphkit ingest ag_news_test.csv --columns title=2,text=3 --id-prefix ag`, or on a Dask cluster
    `graphkit ingest /shared/news/ --engine dask --scheduler tcp://host:8786`
    """
    from ..ingest import ingest as run

    if bulk and not neo4j:
        raise UsageError("--bulk goes with --neo4j: graphkit ingest ... --neo4j --bulk")
    check_local(engine, scheduler, partitions)
    options = read_options(read_as, columns, id_prefix)
    settings = load_settings(processes=processes, max_article_bytes=max_article_bytes)
    if engine is Engine.dask:
        report = ingest_with_dask(sources, store, settings, options, report_error if on_error is OnError.skip else None,
                                  scheduler, processes, partitions, partition_size)
    else:
        with progress("ingesting") as bar:
            task = bar.add_task("ingesting", total=None if bar.disable else count_articles(sources, options))
            report = run(sources, store=store, settings=settings,
                         on_error=report_error if on_error is OnError.skip else None,
                         progress=lambda article: bar.advance(task), options=options)
    table = Table(title="ingest", show_header=False)
    for label, value in (("new articles", report.new), ("updated", report.updated), ("skipped (unchanged)", report.skipped),
                         ("failed", report.failed), ("triples added", report.triples_added)):
        table.add_row(label, str(value))
    for relation, count in sorted(report.assertions.items()):
        table.add_row(f"  {relation}", str(count))
    err.print(table)
    if neo4j:
        from .neo4j import load

        load(None, store, bulk=bulk)
    if report.failed:
        raise typer.Exit(3)


@app.command()
@clean_errors
def extract(
    sources: Annotated[list[str], typer.Argument(help="Files, folders, globs, URLs, feeds, or - for stdin.")],
    format: Annotated[ExtractFormat, typer.Option(
        "--format", "-f", help="jsonl (one gold-style line a relation), csv (the same keys as columns), table or "
                               "turtle; auto: table on a terminal, jsonl in a pipe.")] = ExtractFormat.auto,
    min_confidence: Annotated[float, typer.Option(min=0.0, max=1.0, help="Leave out relations below this "
                                                                        "confidence (0-1).")] = 0.0,
    on_error: Annotated[OnError, typer.Option("--on-error", help="skip or raise on unreadable articles.")] = OnError.skip,
    processes: Annotated[Optional[int], typer.Option(min=1, help="Extract with this many worker processes.")] = None,
    read_as: ReadAsOption = None,
    columns: ColumnsOption = None,
    id_prefix: IdPrefixOption = None,
    relations: Annotated[Optional[Decider], typer.Option(
        "--relations", help="Who decides: model (the learned model; rule matches are kept) or rules (alone). "
                            "Default: the relations setting (model).", show_default=False)] = None,
    explain: Annotated[bool, typer.Option(
        "--explain", help="Per sentence, every candidate pair of actors and why each relation was kept or dropped "
                          "(as text, or JSON lines with --format jsonl).")] = False,
    max_article_bytes: MaxBytesOption = None,
) -> None:
    """Extract relations without storing them.

    Example: `graphkit extract articles/ --format jsonl > relations.jsonl`;
    `graphkit extract article.txt --explain` shows why each pair of actors was kept or dropped.
    """
    from ..extract import Extractor
    from ..rdf import article_graph
    from ..workers import workers_die_with_parent

    failures = []
    settings = load_settings(processes=processes, max_article_bytes=max_article_bytes,
                             relations=relations.value if relations else None)
    options = replace(read_options(read_as, columns, id_prefix), max_article_bytes=settings.max_article_bytes)
    articles = read(sources, on_error=(lambda e: (failures.append(e), report_error(e))) if on_error is OnError.skip else None,
                    options=options, settings=settings)
    extractor = Extractor(settings)
    chosen = format.value if format is not ExtractFormat.auto else ("table" if out.is_terminal else "jsonl")
    if explain:
        from ..extract.explain import explain as explanations, render

        records = explanations(extractor, articles)
        lines = (json.dumps(r, ensure_ascii=False) for r in records) if chosen == "jsonl" else render(records)
        for line in lines:
            sys.stdout.write(line + "\n")
        if failures:
            raise typer.Exit(3)
        return
    articles = track(articles, "extracting", lambda: count_articles(sources, options),
                     show=chosen == "table" or not out.is_terminal)  # not over lines written to the terminal
    rows = []
    write_csv = relations_csv() if chosen == "csv" else None
    with workers_die_with_parent():
        for article, assertions in extractor.extract(articles):
            kept = [a for a in assertions if a.confidence >= min_confidence]
            if chosen == "jsonl":
                for assertion in kept:
                    sys.stdout.write(json.dumps(assertion.to_record(), ensure_ascii=False) + "\n")
            elif write_csv is not None:
                write_csv(kept)
            elif chosen == "turtle":
                sys.stdout.write(article_graph(article, kept).serialize(format="turtle"))
            else:
                rows += kept
    if chosen == "table":
        relations_table(rows)
    if failures:
        raise typer.Exit(3)


@app.command("eval")
@clean_errors
def evaluate(
    gold: Annotated[Path, typer.Argument(help="Gold relations, one JSON object a line (GUIDELINES.md).")],
    sources: Annotated[list[str], typer.Argument(help="The articles the gold lines are about.")],
    format: Annotated[EvalFormat, typer.Option("--format", "-f", help="table or json.")] = EvalFormat.table,
    errors: Annotated[bool, typer.Option("--errors/--no-errors", help="List false positives and misses.")] = True,
    min_confidence: Annotated[float, typer.Option(min=0.0, max=1.0, help="Leave out relations below this "
                                                                        "confidence (0-1).")] = 0.0,
    relations: Annotated[Optional[Decider], typer.Option(
        "--relations", help="Who decides: model or rules (default: the relations setting).", show_default=False)] = None,
) -> None:
    """Score the extractor against gold relations: precision, recall, F1 per type, attribute accuracy, errors.

    Example: `graphkit eval ../shared/eval/dev/gold.jsonl ../shared/eval/dev/articles`; add `--relations rules`
    to score the hand-written constructions alone. Cross-validation on the training corpus: scripts/crossval.py.
    """
    from ..evaluate import read_jsonl, score
    from ..extract import Extractor

    gold_rows = read_jsonl(gold)
    extractor = Extractor(load_settings(relations=relations.value if relations else None))
    predicted = [a.to_record() for _, found in extractor.extract(read(sources, on_error=report_error))
                 for a in found if a.confidence >= min_confidence]
    result = score(gold_rows, predicted)
    if format is EvalFormat.json:
        print(json.dumps({"relations": result.relations.to_dict(), "roles": result.roles.to_dict(),
                          "articles": result.articles}, indent=1))
        return
    for name, table in (("relations", result.relations), ("roles", result.roles)):
        out.print(f"[bold]{name}[/bold]: P={table.precision:.3f} R={table.recall:.3f} F1={table.f1:.3f} "
                  f"(tp={table.tp} fp={table.fp} fn={table.fn})", highlight=False)
        for kind, (tp, fp, fn) in sorted(table.per_type.items()):
            p = tp / (tp + fp) if tp + fp else 0.0
            r = tp / (tp + fn) if tp + fn else 0.0
            f = 2 * p * r / (p + r) if p + r else 0.0
            out.print(f"  {kind:16} P={p:.3f} R={r:.3f} F1={f:.3f}  tp={tp:3} fp={fp:3} fn={fn:3}", highlight=False)
        if table.attribute_counts:
            out.print("  attributes: " + ", ".join(f"{n}={v:.3f}" for n, v in table.attributes.items()),
                      highlight=False)
    out.print(f"articles: {result.articles}")
    if errors:
        for table in (result.relations, result.roles):
            for kind, article, key, evidence in table.errors:
                out.print(f"{kind} {article} {' '.join(key)}\n    {evidence}", highlight=False, soft_wrap=True)


@app.command()
@clean_errors
def demo(store: StoreOption = None) -> None:
    """Run the whole flow on graphkit's own sample articles and show what it found."""
    from ..demo import run_demo

    result = run_demo(store)
    out.print(f"[bold]graphkit demo[/bold]: {result.report.new + result.report.updated} new, "
              f"{result.report.skipped} unchanged sample articles in {result.store}")
    relations_table(result.assertions)
    out.print("\n[bold]Try next[/bold]")
    for line in result.next_steps:
        out.print(f"  {line}", highlight=False, soft_wrap=True)
