"""What the commands print: consoles, tables, rows in table, JSON lines or CSV, progress bars."""
from __future__ import annotations

import csv
import json
import sys
from enum import Enum

from rich.console import Console
from rich.progress import (BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn,
                           TimeRemainingColumn)
from rich.table import Table

from ..errors import ArticleError

__all__ = ["out", "err", "TableFormat", "relations_table", "relations_csv", "print_rows", "progress", "track",
           "report_error",
           "RELATION_COLUMNS"]

# the columns of `graphkit extract --format csv`: the keys of a JSON line (Assertion.to_record), role last
RELATION_COLUMNS = ["article", "source", "relation", "target", "items", "claimed_by", "polarity", "modality",
                    "evidence", "confidence", "start", "end", "role"]

class _Console(Console):
    def on_broken_pipe(self) -> None:
        # rich exits 1 here; the command line ends quietly with 0 instead (graphkit.cli.app.clean_errors)
        self.quiet = True
        raise BrokenPipeError


out = _Console()
err = _Console(stderr=True)


class TableFormat(str, Enum):
    table = "table"
    jsonl = "jsonl"
    csv = "csv"


def report_error(error: ArticleError) -> None:
    """One line on stderr for an article that could not be read."""
    err.print(f"[yellow]skipped[/yellow] {error}", highlight=False, soft_wrap=True)


def progress(label: str, show: bool = True) -> Progress:
    """A progress bar on stderr, shown only on a terminal (and when ``show``) so that pipes and logs stay clean.

    Its tasks show done/total and the time left when they are given a total. What the command prints on stdout
    meanwhile stays on stdout (no redirection into the bar's console).
    """
    return Progress(SpinnerColumn(), TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    TextColumn("eta"), TimeRemainingColumn(), console=err, transient=True,
                    disable=not (show and err.is_terminal), redirect_stdout=False, redirect_stderr=False)


def track(items, label: str, total=None, show: bool = True):
    """Yield ``items``, advancing a :func:`progress` bar for each; ``total`` is called only when the bar shows,
    so counting costs nothing in a pipe."""
    bar = progress(label, show)
    with bar:
        task = bar.add_task(label, total=None if bar.disable or total is None else total())
        for item in items:
            yield item
            bar.advance(task)


def relations_table(assertions) -> None:
    table = Table(show_lines=False)
    for column in ("article", "source", "relation", "target", "items", "claimed by", "polarity", "modality", "conf."):
        table.add_column(column, overflow="fold")
    for a in assertions:
        table.add_row(a.article, a.source, a.relation, a.target, ", ".join(a.items) or (a.role or ""),
                      a.claimed_by or "", a.polarity if a.role is None else "", a.modality if a.role is None else "",
                      f"{a.confidence:.2f}")
    out.print(table)


def relations_csv():
    """A function that writes assertions as CSV rows on stdout, the header first (lists as JSON arrays)."""
    writer = csv.writer(sys.stdout)
    writer.writerow(RELATION_COLUMNS)

    def write(assertions) -> None:
        for assertion in assertions:
            record = assertion.to_record()
            writer.writerow([_csv_cell(record.get(name)) for name in RELATION_COLUMNS])

    return write


def print_rows(names: list[str], rows: list[list], format: TableFormat) -> None:
    """Rows as a table, JSON lines (one object a row) or CSV (a list or map in a cell as JSON)."""
    if format is TableFormat.jsonl:
        for row in rows:
            print(json.dumps(dict(zip(names, row)), ensure_ascii=False, default=str))
    elif format is TableFormat.csv:
        writer = csv.writer(sys.stdout)
        writer.writerow(names)
        writer.writerows([_csv_cell(value) for value in row] for row in rows)
    else:
        table = Table(*names)
        for row in rows:
            table.add_row(*(_cell(value) for value in row))
        out.print(table)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def _csv_cell(value):
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return "" if value is None else value
