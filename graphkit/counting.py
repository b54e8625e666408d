"""How many articles the sources hold, when that can be told cheaply: the total of a progress bar and its ETA.

>>> from graphkit.demo import sample_dir
>>> count_articles([sample_dir()])
5
>>> count_articles(["-"]) is None   # standard input, URLs and feeds: not known before reading
True
"""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from pathlib import Path

# the same expansion, format and line-by-line rules as reading
from .articles import (STREAM_BYTES, ReadOptions, _expand, _format_of, _json_line_texts, _json_lines,
                       _stream_encoding, _text_lines)
from .errors import ArticleError

__all__ = ["count_articles"]


def count_articles(sources: Iterable[str | Path], options: ReadOptions | None = None) -> int | None:
    """The number of articles in ``sources`` (files and folders), or ``None`` where it cannot be known without
    reading them as graphkit does (standard input, URLs, feeds). A file that cannot be read counts as one."""
    options = options or ReadOptions()
    total = 0
    for source in map(str, sources):
        if source == "-" or source.startswith(("http://", "https://")):
            return None
        for item in _expand(source, on_error=lambda error: None):
            count = _count_file(Path(item), options)
            if count is None:
                return None
            total += count
    return total


def _count_file(path: Path, options: ReadOptions) -> int | None:
    try:
        kind = options.read_as or _format_of(path)
    except ArticleError:
        return 1
    if kind in ("text", "html"):
        return 1
    if kind == "feed":
        return None
    try:
        if kind in ("json", "csv") and path.stat().st_size > STREAM_BYTES:
            counted = _count_streamed(path, kind, options)
            if counted is not None:
                return counted
        raw = path.read_bytes()
    except OSError:
        return 1
    text = raw.decode("utf-8", errors="replace")
    if kind == "csv":
        records = sum(1 for row in csv.reader(io.StringIO(text, newline=""),
                                              delimiter="\t" if path.suffix.lower() == ".tsv" else ",") if row)
        header = options.columns is None or options.columns.header
        return max(records - header, 0)
    if text.lstrip().startswith("["):
        try:
            whole = json.loads(text)
            return len(whole) if isinstance(whole, list) else 1
        except json.JSONDecodeError:
            pass
    stripped = [line for line in _json_line_texts(text) if line.strip()]
    return 1 if len(stripped) > 1 and text.lstrip().startswith("{") and _one_object(text) else len(stripped)


def _count_streamed(path: Path, kind: str, options: ReadOptions) -> int | None:
    """The count of a big file of JSON lines or CSV, read line by line as the reader reads it (None: read whole)."""
    encoding = _stream_encoding(path, str(path), warn=False)
    if encoding is None or kind == "json" and not _json_lines(path, encoding):
        return None
    if kind == "json":
        return sum(1 for line in _text_lines(path, encoding) if line.strip())
    with open(path, encoding=encoding, errors="replace", newline="") as handle:
        records = sum(1 for row in csv.reader(handle, delimiter="\t" if path.suffix.lower() == ".tsv" else ",") if row)
    return max(records - (options.columns is None or options.columns.header), 0)


def _one_object(text: str) -> bool:
    try:
        return isinstance(json.loads(text), dict)
    except json.JSONDecodeError:
        return False
