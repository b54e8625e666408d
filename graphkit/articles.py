"""Reading articles from files, folders, globs, standard input, feeds and URLs.

>>> from graphkit.articles import read
>>> [a.id for a in read(["articles/"])]          # doctest: +SKIP
['d00', 'p02']

A source that cannot be read raises :class:`~graphkit.errors.ArticleError`,
unless ``on_error`` is given: then the error is handed to it and reading goes on
with the next article, so one bad line or file never costs the others.
"""
from __future__ import annotations

import glob
import hashlib
import json
import logging
import re
import sys
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import ArticleError
from .model import Article

if TYPE_CHECKING:
    from .csv_articles import CsvColumns

__all__ = ["read", "read_path", "normalise_date", "article_id", "ReadOptions", "SUFFIXES", "FORMATS"]

log = logging.getLogger(__name__)

OnError = Callable[[ArticleError], None]
TEXT_SUFFIXES = {".txt", ".text", ".md"}
JSON_SUFFIXES = {".jsonl", ".ndjson", ".json"}
HTML_SUFFIXES = {".html", ".htm"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
CSV_SUFFIXES = {".csv", ".tsv"}
SUFFIXES = TEXT_SUFFIXES | JSON_SUFFIXES | HTML_SUFFIXES | FEED_SUFFIXES | CSV_SUFFIXES
FORMATS = ("text", "json", "html", "feed", "csv")
HEADER = re.compile(r"^\s*date\s+(\S+)\s*(.*)$")
TEXT_KEYS = ("text", "body", "content")
URL_TIMEOUT = 30


@dataclass(frozen=True)
class ReadOptions:
    """How to read files: ``read_as`` one of :data:`FORMATS` reads every file (and stdin) so whatever its
    extension; ``columns`` and ``id_prefix`` are for CSV (:mod:`graphkit.csv_articles`)."""

    read_as: str | None = None
    columns: CsvColumns | None = None
    id_prefix: str | None = None


def read(sources: Iterable[str | Path], on_error: OnError | None = None,
         options: ReadOptions | None = None) -> Iterator[Article]:
    """Yield the articles in ``sources``: files, folders (recursive), globs, URLs, feeds or ``-`` for stdin.

    ``on_error`` receives each :class:`ArticleError`; without it the first one is raised. A file whose extension
    graphkit does not know is refused unless ``options.read_as`` says how to read it.
    """
    options = options or ReadOptions()
    for source in sources:
        for item in _expand(str(source), on_error):
            yield from _guard(on_error, lambda item=item: _read_one(item, on_error, options))


def read_path(path: str | Path) -> list[Article]:
    """All the articles in one file, raising on the first problem."""
    return list(_read_one(str(path), None))


def normalise_date(value: object) -> str | None:
    """An ISO 8601 date (``YYYY-MM-DD``) from the date forms news sources write, or ``None``.

    >>> normalise_date("Tue, 19 Apr 2023 10:00:00 GMT")
    '2023-04-19'
    >>> normalise_date("April 19, 2023")
    '2023-04-19'
    """
    if value is None or value == "":
        return None
    if isinstance(value, (date, datetime)):
        return value.strftime("%Y-%m-%d")
    text = str(value).strip()
    match = re.match(r"^(\d{4})-(\d{2})-(\d{2})", text)
    if match:
        return date(*map(int, match.groups())).isoformat()
    for form in ("%d %B %Y", "%B %d, %Y", "%d %b %Y", "%b %d, %Y", "%Y/%m/%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, form).date().isoformat()
        except ValueError:
            pass
    try:
        return parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError):
        raise ValueError(f"date {text!r} is not a date graphkit understands (use YYYY-MM-DD)") from None


def article_id(given: object = None, url: str | None = None, text: str = "") -> str:
    """The given id, else a hash of the URL, else a hash of the whitespace-normalised text."""
    if given not in (None, ""):
        return str(given)
    basis = url or " ".join(text.split())
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()[:16]


# ---------------------------------------------------------------- sources


def _expand(source: str, on_error: OnError | None) -> Iterator[str]:
    if source == "-" or source.startswith(("http://", "https://")):
        yield source
        return
    path = Path(source)
    if path.is_dir():
        yield from (str(p) for p in sorted(path.rglob("*")) if _is_article_file(p, path))
    elif path.exists():
        yield source
    elif glob.has_magic(source):
        matches = sorted(glob.glob(source, recursive=True))
        if not matches:
            yield from _guard(on_error, lambda: _fail(source, "no file matches this pattern"))
        for match in matches:
            yield from _expand(match, on_error)
    else:
        yield from _guard(on_error, lambda: _fail(source, "no such file or folder"))


def _is_article_file(path: Path, folder: Path) -> bool:
    hidden = any(part.startswith(".") for part in path.relative_to(folder).parts)
    return path.is_file() and path.suffix.lower() in SUFFIXES and not hidden


def _guard(on_error: OnError | None, produce: Callable[[], Iterable]) -> Iterator:
    """Run ``produce`` and hand an ArticleError to ``on_error`` instead of raising, when it is given."""
    try:
        yield from produce()
    except ArticleError as err:
        if on_error is None:
            raise
        on_error(err)


def _fail(where: str, reason: str) -> Iterator[Article]:
    raise ArticleError(where, reason)


def _read_one(source: str, on_error: OnError | None, options: ReadOptions = ReadOptions()) -> Iterator[Article]:
    if source == "-" and options.read_as:
        yield from _read_as(options.read_as, sys.stdin.buffer.read(), "<stdin>", None, on_error, options)
    elif source == "-":
        yield from _read_text_stream(sys.stdin.read(), "<stdin>", on_error)
    elif source.startswith(("http://", "https://")):
        yield from _read_url(source)
    else:
        yield from _read_file(Path(source), on_error, options)


def _read_file(path: Path, on_error: OnError | None, options: ReadOptions = ReadOptions()) -> Iterator[Article]:
    where = str(path)
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise ArticleError(where, f"cannot read the file: {err.strerror or err}") from None
    yield from _read_as(options.read_as or _format_of(path), raw, where, path.stem, on_error, options)


def _format_of(path: Path) -> str:
    suffix = path.suffix.lower()
    for kind, suffixes in (("text", TEXT_SUFFIXES), ("json", JSON_SUFFIXES), ("html", HTML_SUFFIXES),
                           ("feed", FEED_SUFFIXES), ("csv", CSV_SUFFIXES)):
        if suffix in suffixes:
            return kind
    raise ArticleError(str(path), f"unknown file type {suffix or '(no extension)'}: graphkit reads "
                                  f"{' '.join(sorted(SUFFIXES))}; give --as text (or json, html, feed, csv) to read "
                                  "it anyway")


def _read_as(kind: str, raw: bytes, where: str, stem: str | None, on_error: OnError | None,
             options: ReadOptions) -> Iterator[Article]:
    if kind == "html":
        yield _from_html(_require_content(raw, where), where, stem)
    elif kind == "feed":
        yield from _from_feed(_require_content(raw, where), where)
    elif kind == "json":
        yield from _from_json(_decode(raw, where), where, stem, on_error)
    elif kind == "csv":
        from .csv_articles import read_csv

        yield from read_csv(_decode(raw, where), where, stem, options.columns, options.id_prefix, on_error,
                            delimiter="\t" if where.lower().endswith(".tsv") else ",")
    else:
        yield _from_text(_decode(raw, where), where, stem)


def _read_url(url: str) -> Iterator[Article]:
    try:
        request = urllib.request.Request(url, headers={"User-Agent": "graphkit"})
        with urllib.request.urlopen(request, timeout=URL_TIMEOUT) as response:
            raw, kind = response.read(), response.headers.get_content_type()
    except (OSError, ValueError) as err:
        raise ArticleError(url, f"cannot fetch the page: {err}") from None
    if "xml" in kind or "rss" in kind or "atom" in kind:
        yield from _from_feed(raw, url)
    else:
        yield _from_html(_require_content(raw, url), url, None, url=url)


def _read_text_stream(text: str, where: str, on_error: OnError | None) -> Iterator[Article]:
    if not text.strip():
        raise ArticleError(where, "empty input")
    if text.lstrip().startswith(("{", "[")):
        yield from _from_json(text, where, None, on_error)
    else:
        yield _from_text(text, where, None)


# ---------------------------------------------------------------- formats


def _require_content(raw: bytes, where: str) -> bytes:
    if not raw.strip():
        raise ArticleError(where, "empty file")
    return raw


def _decode(raw: bytes, where: str) -> str:
    if not raw.strip():
        raise ArticleError(where, "empty file")
    if b"\x00" in raw[:8192]:
        raise ArticleError(where, "binary file, not text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        # Legacy news exports are mostly Windows-1252; reading them so keeps the article, and we say so.
        log.warning("%s: not valid UTF-8 (byte 0x%02x at offset %d); read as Windows-1252",
                    where, raw[err.start], err.start)
        return raw.decode("cp1252", errors="replace")


def _from_text(text: str, where: str, stem: str | None) -> Article:
    lines = text.strip("\n").split("\n")
    header = HEADER.match(lines[0])
    if header:
        day, title = header.groups()
        body = "\n".join(lines[1:]).strip("\n")
        when = _date_or_warn(day, where)
    else:
        title, body, when = lines[0].strip(), "\n".join(lines[1:]).strip("\n"), None
    if not (title or body).strip():
        raise ArticleError(where, "no text")
    return Article(id=stem or article_id(text=text), title=title.strip(), text=body, date=when, source=where)


def _from_json(text: str, where: str, stem: str | None, on_error: OnError | None) -> Iterator[Article]:
    try:
        whole = json.loads(text)
    except json.JSONDecodeError:
        whole = None  # not one JSON document: JSON lines
    if isinstance(whole, dict):
        yield _from_record(whole, where, stem)
    elif isinstance(whole, list):
        for number, record in enumerate(whole, 1):
            yield from _guard(on_error, lambda r=record, n=number: [_from_record(r, f"{where}[{n}]", None)])
    else:
        for number, line in enumerate(text.splitlines(), 1):
            if line.strip():
                yield from _guard(on_error, lambda line=line, n=number: [_from_line(line, f"{where}:{n}")])


def _from_line(line: str, where: str) -> Article:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        raise ArticleError(where, f"broken JSON line: {err.msg} (column {err.colno})") from None
    return _from_record(record, where, None)


def _from_record(record: object, where: str, stem: str | None) -> Article:
    if not isinstance(record, dict):
        raise ArticleError(where, f"expected a JSON object, found {type(record).__name__}")
    text = next((record[k] for k in TEXT_KEYS if isinstance(record.get(k), str) and record[k].strip()), None)
    if text is None:
        raise ArticleError(where, "no text: the object has none of the keys text, body, content")
    url = record.get("url") or record.get("link")
    return Article(
        id=article_id(record.get("id") or stem, url, text),
        title=str(record.get("title") or "").strip(),
        text=text,
        date=_date_or_warn(record.get("date") or record.get("published"), where),
        url=url,
        outlet=record.get("outlet") or record.get("source"),
        source=where,
    )


def _from_html(raw: bytes, where: str, stem: str | None, url: str | None = None) -> Article:
    import trafilatura  # slow import; only HTML needs it

    found = trafilatura.bare_extraction(raw.decode("utf-8", errors="replace"), url=url, with_metadata=True)
    text = getattr(found, "text", None) if found is not None else None
    if not text:
        raise ArticleError(where, "no article text found in the HTML page")
    return Article(
        id=stem or article_id(url=url, text=text),
        title=(found.title or "").strip(),
        text=text,
        date=_date_or_warn(found.date, where),
        url=url or found.url,
        outlet=found.sitename,
        source=where,
    )


def _from_feed(raw: bytes, where: str) -> Iterator[Article]:
    import feedparser

    feed = feedparser.parse(raw)
    if feed.bozo and not feed.entries:
        raise ArticleError(where, f"not a readable RSS/Atom feed: {feed.bozo_exception}")
    outlet = feed.feed.get("title")
    for number, entry in enumerate(feed.entries, 1):
        html = entry.get("content", [{}])[0].get("value") or entry.get("summary") or ""
        text = _html_to_text(html)
        if not text:
            log.warning("%s[%d]: feed entry has no text; skipped", where, number)
            continue
        yield Article(
            id=article_id(entry.get("id"), entry.get("link"), text),
            title=entry.get("title", "").strip(),
            text=text,
            date=_date_or_warn(entry.get("published") or entry.get("updated"), f"{where}[{number}]"),
            url=entry.get("link"),
            outlet=outlet,
            source=f"{where}[{number}]",
        )


def _html_to_text(html: str) -> str:
    if "<" not in html:
        return html.strip()
    from lxml import html as lxml_html

    return lxml_html.fromstring(f"<div>{html}</div>").text_content().strip()


def _date_or_warn(value: object, where: str) -> str | None:
    try:
        return normalise_date(value)
    except ValueError as err:
        log.warning("%s: %s; the article is kept without a date", where, err)
        return None
