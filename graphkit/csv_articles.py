"""Articles from CSV: one article a row, with a column mapping that says which column is the title, the text...

>>> columns = CsvColumns.parse("title=2,text=3")          # AG News: class, title, description; no header
>>> [(a.id, a.title, a.text) for a in read_csv('"1","Peru thanks Chile ","Peru thanked Chile."\\n', "x.csv", "x",
...                                              columns, id_prefix="ag")]
[('ag0', 'Peru thanks Chile', 'Peru thanked Chile.')]

Columns are given by 1-based number (then the file has no header row) or by header name (then its first row is
the header). Without a mapping the first row is a header, read by the names JSON lines use (``id``, ``title``,
``text``/``body``/``content``/``description``, ``date``, ``url``, ``outlet``). A row without an ``id`` column
(or with it empty) gets ``<prefix><row>``, the row counted from 0 over the data rows of the whole file (the
header is not a row; rows that cannot be read still count), so ids stay put when rows are skipped — the ids
:mod:`graphkit.training.corpus` gives AG News rows with the prefix ``ag``.
"""
from __future__ import annotations

import csv
import io
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TextIO

from .errors import ArticleError, UsageError
from .model import Article

__all__ = ["CsvColumns", "read_csv", "FIELDS"]

log = logging.getLogger(__name__)

FIELDS = ("id", "title", "text", "date", "url", "outlet")
HEADER_NAMES = {"id": ("id",), "title": ("title", "headline"), "text": ("text", "body", "content", "description"),
                "date": ("date", "published"), "url": ("url", "link"), "outlet": ("outlet", "source")}


@dataclass(frozen=True)
class CsvColumns:
    """Which column holds which field: 0-based numbers (``header=False``) or header names (``header=True``)."""

    fields: tuple[tuple[str, int | str], ...]
    header: bool

    @classmethod
    def parse(cls, spec: str) -> CsvColumns:
        """``title=2,text=3`` (1-based column numbers, no header row) or ``title=headline,text=body`` (names).

        >>> CsvColumns.parse("title=2,text=3")
        CsvColumns(fields=(('title', 1), ('text', 2)), header=False)
        >>> CsvColumns.parse("text=body").header
        True
        """
        pairs = []
        for part in filter(None, (p.strip() for p in spec.split(","))):
            field, sep, column = (s.strip() for s in part.partition("="))
            if not sep or not field or not column:
                raise UsageError(f"--columns wants field=column pairs such as title=2,text=3; got {part!r}")
            if field not in FIELDS:
                raise UsageError(f"--columns: unknown field {field!r}; the fields are {', '.join(FIELDS)}")
            pairs.append((field, column))
        if "text" not in dict(pairs):
            raise UsageError("--columns must name the text column, e.g. title=2,text=3")
        numbered = [column.isdigit() for _, column in pairs]
        if any(numbered) and not all(numbered):
            raise UsageError("--columns: give every column by number (no header row) or every one by name")
        if all(numbered):
            if any(int(column) < 1 for _, column in pairs):
                raise UsageError("--columns: column numbers start at 1")
            return cls(tuple((field, int(column) - 1) for field, column in pairs), header=False)
        return cls(tuple(pairs), header=True)


def read_csv(text: str | TextIO, where: str, stem: str | None, columns: CsvColumns | None = None, id_prefix: str | None = None,
             on_error: Callable[[ArticleError], None] | None = None, delimiter: str = ",",
             header: list[str] | None = None, first_row: int = 0, first_line: int = 0) -> Iterator[Article]:
    """The articles in CSV ``text`` (or a file opened with ``newline=""``, read as they are wanted) read from ``where``, one a row; a bad row goes to ``on_error`` (else raises).

    A part of a bigger file (:mod:`graphkit.partitions`) is read with the file's ``header`` row (where columns go by
    name), and ``first_row`` data rows and ``first_line`` lines before it, so its ids and line numbers are the
    whole file's."""
    rows = csv.reader(io.StringIO(text, newline="") if isinstance(text, str) else text, delimiter=delimiter)
    if columns is None or columns.header:
        index = _index_from_header(header if header is not None else next(rows, None), where, columns)
    else:
        index = dict(columns.fields)
    prefix = f"{stem or 'csv'}-" if id_prefix is None else id_prefix
    for row_number, row in enumerate(rows, first_row):
        here = f"{where}:{first_line + rows.line_num}"
        try:
            yield _article(row, index, f"{prefix}{row_number}", here)
        except ArticleError as error:
            if on_error is None:
                raise
            on_error(error)


def _index_from_header(header: list[str] | None, where: str, columns: CsvColumns | None) -> dict[str, int]:
    if not header:
        raise ArticleError(where, "empty CSV file")
    position = {name.strip().lower(): i for i, name in reversed(list(enumerate(header)))}
    if columns is not None:
        missing = [name for _, name in columns.fields if name.strip().lower() not in position]
        if missing:
            raise ArticleError(where, f"no column named {', '.join(map(repr, missing))} in the header "
                                      f"({_cells(header)})")
        return {field: position[name.strip().lower()] for field, name in columns.fields}
    index = {}
    for field, names in HEADER_NAMES.items():
        found = next((position[n] for n in names if n in position), None)
        if found is not None:
            index[field] = found
    if "text" not in index:
        raise ArticleError(where, f"no text column in the header ({_cells(header)}): name it text, or give "
                                  "--columns title=2,text=3 (column numbers, no header) or header names")
    return index


def _cells(row: list[str]) -> str:
    cells = [cell if len(cell) <= 20 else cell[:19] + "…" for cell in row[:8]]
    return ", ".join(cells) + (", …" if len(row) > 8 else "")


def _article(row: list[str], index: dict[str, int], row_id: str, where: str) -> Article:
    if not any(cell.strip() for cell in row):
        raise ArticleError(where, "empty row")
    if max(index.values()) >= len(row):
        raise ArticleError(where, f"the row has {len(row)} columns, the mapping needs {max(index.values()) + 1}")
    value = {field: row[i] for field, i in index.items()}
    text = value["text"]
    if not text.strip():
        raise ArticleError(where, f"no text in column {index['text'] + 1}")
    return Article(id=value.get("id", "").strip() or row_id, title=value.get("title", "").strip(), text=text,
                   date=_date(value.get("date"), where), url=value.get("url") or None,
                   outlet=value.get("outlet") or None, source=where)


def _date(value: str | None, where: str) -> str | None:
    from .articles import normalise_date

    try:
        return normalise_date(value.strip() if value else None)
    except ValueError as error:
        log.warning("%s: %s; the article is kept without a date", where, error)
        return None
