"""The ``graphkit`` command line: a thin skin over the library, one command a function.

Exit codes: 0 done; 1 error; 2 bad usage or settings; 3 some articles could not be read (the rest were
handled); 4 the store could not be opened or written.
"""
from __future__ import annotations

import functools
import json
import logging
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.logging import RichHandler
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from . import __version__
from .articles import read
from .config import load_settings
from .errors import ArticleError, GraphkitError

app = typer.Typer(
    name="graphkit",
    help="Turn news articles into a knowledge graph of relations between states.\n\n"
         "Start with `graphkit demo`, then `graphkit ingest ARTICLES...` and `graphkit sparql QUERY`.",
    no_args_is_help=True,
    rich_markup_mode="markdown",
    context_settings={"help_option_names": ["-h", "--help"]},
)
out = Console()
err = Console(stderr=True)
state = {"verbose": False}

StoreOption = Annotated[Optional[Path], typer.Option(
    "--store", help="Store folder (default: $GRAPHKIT_HOME/store, else ./graphkit-data/store).", show_default=False)]


class OnError(str, Enum):
    skip = "skip"
    raise_ = "raise"


class ExtractFormat(str, Enum):
    auto = "auto"
    jsonl = "jsonl"
    table = "table"
    turtle = "turtle"


class TableFormat(str, Enum):
    table = "table"
    jsonl = "jsonl"
    csv = "csv"


class ExportFormat(str, Enum):
    turtle = "turtle"
    nquads = "nquads"
    jsonld = "jsonld"
    trig = "trig"
    ntriples = "ntriples"


def main() -> None:
    """Entry point of the ``graphkit`` command."""
    app()


def clean_errors(command):
    """Let a command fail with one clear line and the error's exit code; ``--verbose`` adds the traceback."""

    @functools.wraps(command)
    def run(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except GraphkitError as error:
            if state["verbose"]:
                err.print_exception()
            err.print(f"[red]error:[/red] {error}", highlight=False, soft_wrap=True)
            raise typer.Exit(error.exit_code) from None

    return run


def _print_version(value: bool) -> None:
    if value:
        out.print(f"graphkit {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show tracebacks and progress detail.")] = False,
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.", is_eager=True,
                                          callback=_print_version)] = False,
) -> None:
    state["verbose"] = verbose
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(message)s",
                        handlers=[RichHandler(console=err, show_time=False, show_path=False)])


@app.command()
@clean_errors
def ingest(
    sources: Annotated[list[str], typer.Argument(help="Files, folders, globs, URLs, feeds, or - for stdin.")],
    store: StoreOption = None,
    on_error: Annotated[OnError, typer.Option(
        "--on-error", help="skip: report unreadable articles and go on (exit 3 at the end); raise: stop at the first.")
    ] = OnError.skip,
    processes: Annotated[Optional[int], typer.Option(help="Parse with this many processes.")] = None,
) -> None:
    """Read articles, extract relations and keep them in the embedded store.

    Articles already stored are skipped; changed ones are replaced.

    Example: `graphkit ingest news/ feed.xml --store data/`
    """
    from .ingest import ingest as run

    settings = load_settings(processes=processes)
    with _progress("ingesting") as bar:
        task = bar.add_task("ingesting", total=None)
        report = run(sources, store=store, settings=settings,
                     on_error=_report_error if on_error is OnError.skip else None,
                     progress=lambda article: bar.advance(task))
    table = Table(title="ingest", show_header=False)
    for label, value in (("new articles", report.new), ("updated", report.updated), ("skipped (unchanged)", report.skipped),
                         ("failed", report.failed), ("triples added", report.triples_added)):
        table.add_row(label, str(value))
    for relation, count in sorted(report.assertions.items()):
        table.add_row(f"  {relation}", str(count))
    err.print(table)
    if report.failed:
        raise typer.Exit(3)


@app.command()
@clean_errors
def extract(
    sources: Annotated[list[str], typer.Argument(help="Files, folders, globs, URLs, feeds, or - for stdin.")],
    format: Annotated[ExtractFormat, typer.Option(
        "--format", "-f", help="jsonl (one gold-style line a relation), table or turtle; auto: table on a terminal, "
                               "jsonl in a pipe.")] = ExtractFormat.auto,
    min_confidence: Annotated[float, typer.Option(help="Leave out relations below this confidence (0-1).")] = 0.0,
    on_error: Annotated[OnError, typer.Option("--on-error", help="skip or raise on unreadable articles.")] = OnError.skip,
    processes: Annotated[Optional[int], typer.Option(help="Parse with this many processes.")] = None,
) -> None:
    """Extract relations without storing them.

    Example: `graphkit extract articles/ --format jsonl > relations.jsonl`
    """
    from .extract import Extractor
    from .rdf import article_graph

    failures = []
    articles = read(sources, on_error=(lambda e: (failures.append(e), _report_error(e))) if on_error is OnError.skip else None)
    extractor = Extractor(load_settings(processes=processes))
    chosen = format.value if format is not ExtractFormat.auto else ("table" if out.is_terminal else "jsonl")
    rows = []
    for article, assertions in extractor.extract(articles):
        kept = [a for a in assertions if a.confidence >= min_confidence]
        if chosen == "jsonl":
            for assertion in kept:
                sys.stdout.write(json.dumps(assertion.to_record(), ensure_ascii=False) + "\n")
        elif chosen == "turtle":
            sys.stdout.write(article_graph(article, kept).serialize(format="turtle"))
        else:
            rows += kept
    if chosen == "table":
        _relations_table(rows)
    if failures:
        raise typer.Exit(3)


@app.command()
@clean_errors
def sparql(
    query: Annotated[str, typer.Argument(help="A SPARQL query, or @FILE.rq to read it from a file.")],
    store: StoreOption = None,
    format: Annotated[TableFormat, typer.Option("--format", "-f", help="table, jsonl or csv.")] = TableFormat.table,
) -> None:
    """Run a SPARQL query over the embedded store. Prefixes gk:, gkid:, prov:, dcterms: and schema: are bound.

    Example: `graphkit sparql 'SELECT ?s ?o WHERE { ?s gk:supplies ?o }'`
    """
    from .store import Store

    text = _query_text(query)
    with Store.open(store or load_settings().store_path, read_only=True) as kept:
        result = kept.sparql(text)
        if result.type != "SELECT":
            out.print(str(result.askAnswer) if result.type == "ASK" else result.serialize(format="turtle").decode())
            return
        names = [str(v) for v in result.vars]
        rows = [[_term(row[v]) for v in result.vars] for row in result]
    _print_rows(names, rows, format)


@app.command()
@clean_errors
def stats(store: StoreOption = None,
          format: Annotated[TableFormat, typer.Option("--format", "-f", help="table or jsonl.")] = TableFormat.table) -> None:
    """Count the triples, articles, assertions and actors in the store."""
    from .store import Store

    with Store.open(store or load_settings().store_path, read_only=True) as kept:
        counts = kept.stats()
    if format is not TableFormat.table:
        print(json.dumps(counts))
        return
    by_relation = counts.pop("by_relation")
    _print_rows(["what", "count"], [[k, v] for k, v in counts.items()] + [[f"  {k}", v] for k, v in by_relation.items()],
                format)


@app.command()
@clean_errors
def export(
    format: Annotated[ExportFormat, typer.Option("--format", "-f", help="RDF serialisation.")] = ExportFormat.turtle,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write here instead of stdout.")] = None,
    store: StoreOption = None,
) -> None:
    """Write the whole store as RDF (turtle, nquads, jsonld, trig, ntriples).

    Example: `graphkit export --format nquads -o graph.nq`
    """
    from .store import Store

    with Store.open(store or load_settings().store_path, read_only=True) as kept:
        data = kept.export(format.value)
    if output is None:
        sys.stdout.buffer.write(data)
    else:
        output.write_bytes(data)
        err.print(f"wrote {len(data):,} bytes to {output}")


@app.command("eval")
@clean_errors
def evaluate(
    gold: Annotated[Path, typer.Argument(help="Gold relations, one JSON object a line (GUIDELINES.md).")],
    sources: Annotated[list[str], typer.Argument(help="The articles the gold lines are about.")],
    format: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
    errors: Annotated[bool, typer.Option("--errors/--no-errors", help="List false positives and misses.")] = True,
    min_confidence: Annotated[float, typer.Option(help="Leave out relations below this confidence.")] = 0.0,
) -> None:
    """Score the extractor against gold relations: precision, recall, F1 per type, attribute accuracy, errors.

    Example: `graphkit eval ../shared/eval/dev/gold.jsonl ../shared/eval/dev/articles`
    """
    from .evaluate import read_jsonl, score
    from .extract import Extractor

    gold_rows = read_jsonl(gold)
    predicted = [a.to_record() for _, found in Extractor().extract(read(sources, on_error=_report_error))
                 for a in found if a.confidence >= min_confidence]
    result = score(gold_rows, predicted)
    if format == "json":
        print(json.dumps({"relations": result.relations.to_dict(), "roles": result.roles.to_dict(),
                          "articles": result.articles}, indent=1))
        return
    for name, table in (("relations", result.relations), ("roles", result.roles)):
        out.print(f"[bold]{name}[/bold]: P={table.precision:.3f} R={table.recall:.3f} F1={table.f1:.3f} "
                  f"(tp={table.tp} fp={table.fp} fn={table.fn})", highlight=False)
        for kind, (tp, fp, fn) in sorted(table.per_type.items()):
            out.print(f"  {kind:16} tp={tp:3} fp={fp:3} fn={fn:3}", highlight=False)
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
    from .demo import run_demo

    result = run_demo(store)
    out.print(f"[bold]graphkit demo[/bold]: {result.report.new + result.report.updated} new, "
              f"{result.report.skipped} unchanged sample articles in {result.store}")
    _relations_table(result.assertions)
    out.print("\n[bold]Try next[/bold]")
    for line in result.next_steps:
        out.print(f"  {line}", highlight=False, soft_wrap=True)


# ---------------------------------------------------------------- helpers


def _report_error(error: ArticleError) -> None:
    err.print(f"[yellow]skipped[/yellow] {error}", highlight=False, soft_wrap=True)


def _progress(label: str) -> Progress:
    return Progress(SpinnerColumn(), TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=err, transient=True, disable=not err.is_terminal)


def _relations_table(assertions) -> None:
    table = Table(show_lines=False)
    for column in ("article", "source", "relation", "target", "items", "claimed by", "polarity", "modality", "conf."):
        table.add_column(column, overflow="fold")
    for a in assertions:
        table.add_row(a.article, a.source, a.relation, a.target, ", ".join(a.items) or (a.role or ""),
                      a.claimed_by or "", a.polarity if a.role is None else "", a.modality if a.role is None else "",
                      f"{a.confidence:.2f}")
    out.print(table)


def _query_text(query: str) -> str:
    if not query.startswith("@"):
        return query
    try:
        return Path(query[1:]).read_text(encoding="utf-8")
    except OSError as error:
        raise GraphkitError(f"cannot read the query file {query[1:]}: {error.strerror}") from None


def _term(value) -> str:
    return "" if value is None else str(value)


def _print_rows(names: list[str], rows: list[list], format: TableFormat) -> None:
    if format is TableFormat.jsonl:
        for row in rows:
            print(json.dumps(dict(zip(names, row)), ensure_ascii=False))
    elif format is TableFormat.csv:
        import csv

        writer = csv.writer(sys.stdout)
        writer.writerow(names)
        writer.writerows(rows)
    else:
        table = Table(*names)
        for row in rows:
            table.add_row(*map(str, row))
        out.print(table)
