"""Reading articles from files, folders, globs, standard input, feeds and URLs.

>>> from graphkit.articles import read
>>> [a.id for a in read(["articles/"])]          # doctest: +SKIP
['d00', 'p02']

A source that cannot be read raises :class:`~graphkit.errors.ArticleError`,
unless ``on_error`` is given: then the error is handed to it and reading goes on
with the next article, so one bad line or file never costs the others.
"""
from __future__ import annotations

import codecs
import fnmatch
import glob
import hashlib
import json
import logging
import os
import re
import sqlite3
import stat
import sys
import time
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import TYPE_CHECKING

from .config import Settings
from .errors import ArticleError
from .model import Article

if TYPE_CHECKING:
    from .csv_articles import CsvColumns

__all__ = ["read", "read_path", "normalise_date", "article_id", "clean_text", "ReadOptions", "SUFFIXES", "FORMATS"]

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
URL_TIMEOUT = 30  # the longest wait for any one piece of a page; the whole page has settings.url_seconds
# C0 controls (tab, line feed and carriage return aside), DEL, C1 controls and the two non-characters XML
# refuses: removed from every string read, so that what is stored can always be written as XML (GraphML).
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
# An HTML page may be this many times the article limit: markup is most of a news page, not of its cost.
HTML_PER_TEXT = 10
BINARY_SHARE = 0.02  # more control characters than this in a file's first 8 KB: binary, not text
# A file of JSON lines or CSV bigger than this is read line by line as its articles are wanted (not whole into
# memory, where a million articles took gigabytes): see _stream.
STREAM_BYTES = 1 << 20


@dataclass(frozen=True)
class ReadOptions:
    """How to read: ``read_as`` one of :data:`FORMATS` reads every file (and stdin) so, whatever its extension;
    ``columns`` and ``id_prefix`` are for CSV (:mod:`graphkit.csv_articles`); an article over ``max_article_bytes``
    (title and text in UTF-8) is an error, and a file of one article is refused on its size before it is read."""

    read_as: str | None = None
    columns: CsvColumns | None = None
    id_prefix: str | None = None
    max_article_bytes: int | None = None


def read(sources: Iterable[str | Path], on_error: OnError | None = None,
         options: ReadOptions | None = None, settings: Settings | None = None) -> Iterator[Article]:
    """Yield the articles in ``sources``: files, folders (recursive), globs, URLs, feeds or ``-`` for stdin.

    ``on_error`` receives each :class:`ArticleError`; without it the first one is raised. A file whose extension
    graphkit does not know is refused unless ``options.read_as`` says how to read it. ``settings`` give the URL
    deadline and size cap (and, unless ``options.max_article_bytes`` is given, the article limit); without them
    URLs get the defaults and articles no limit. Ids are unique within a
    call: an article whose id an earlier one with other content already took is an error, never a silent
    overwrite (the same article read twice is passed on twice).
    """
    options = options or ReadOptions()
    if settings is not None and options.max_article_bytes is None:
        options = replace(options, max_article_bytes=settings.max_article_bytes)
    limits = settings or Settings()
    web = (limits.url_seconds, limits.url_max_bytes)
    with _TakenIds() as taken:
        for source in sources:
            for item in _expand(str(source), on_error):
                for article in _guard(on_error, lambda item=item: _read_one(item, on_error, options, web)):
                    yield from _guard(on_error, lambda article=article: _unique(article, taken))


class _TakenIds:
    """Where and with what content hash each id was first read in one call of :func:`read`: in a dict for the
    first ``spill`` ids, then in a private SQLite database on disk (SQLite keeps ~2 MB of it in memory, and
    deletes the file when it is closed). A dict of every id cost ~370 bytes an article: 370 MB a million.

    >>> with _TakenIds(spill=1) as taken:
    ...     [taken.first(i, f"f:{i}", "h") for i in ("a", "b", "a")]
    [('f:a', 'h'), ('f:b', 'h'), ('f:a', 'h')]
    """

    def __init__(self, spill: int = 10_000):
        self.spill = spill
        self.memory: dict[str, tuple[str, str]] = {}
        self.db: sqlite3.Connection | None = None

    def first(self, article_id: str, where: str, content_hash: str) -> tuple[str, str]:
        """The (where, content hash) the id was first read with; this one's if it is the first."""
        if self.db is None:
            found = self.memory.setdefault(article_id, (where, content_hash))
            if len(self.memory) > self.spill:
                self.db = sqlite3.connect("")  # "": a temporary database on disk, gone when closed
                self.db.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; CREATE TABLE taken "
                                      "(id TEXT PRIMARY KEY, source TEXT, hash TEXT) WITHOUT ROWID")
                self.db.executemany("INSERT INTO taken VALUES (?, ?, ?)",
                                    ((key, *value) for key, value in self.memory.items()))
                self.memory.clear()
            return found
        row = self.db.execute("SELECT source, hash FROM taken WHERE id = ?", (article_id,)).fetchone()
        if row is not None:
            return row
        self.db.execute("INSERT INTO taken VALUES (?, ?, ?)", (article_id, where, content_hash))
        return where, content_hash

    def __enter__(self) -> "_TakenIds":
        return self

    def __exit__(self, *exc) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None


def _unique(article: Article, taken: _TakenIds) -> Iterator[Article]:
    first = taken.first(article.id, article.source or "", article.content_hash)
    if first[1] != article.content_hash:
        raise ArticleError(article.source or article.id,
                           f"id {article.id!r} is already taken in this run by {first[0]}; give the articles "
                           "distinct ids (or file names)")
    yield article


def read_path(path: str | Path) -> list[Article]:
    """All the articles in one file, raising on the first problem."""
    return list(_read_one(str(path), None, ReadOptions(), None))


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
    # ISO dates, optionally with a time ("2024-03-02T10:00:00Z", "2024-03-02 10:00"), but not "2024-03-02junk"
    match = re.match(r"^(\d{4})-(\d{2})-(\d{2})(?:$|[T ]\d{1,2}:\d{2})", text)
    if match:
        try:
            return date(*map(int, match.groups())).isoformat()
        except ValueError:
            raise ValueError(f"date {text!r} is not a date graphkit understands (use YYYY-MM-DD)") from None
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
    try:
        is_dir, exists = path.is_dir(), path.exists()
    except OSError as err:  # a folder on the way that cannot be entered, a name too long...
        # the reason is taken here: Python unbinds ``err`` when the except clause ends, and a lambda using it
        # would fail with NameError if it were ever called after that
        reason = f"cannot read the path: {err.strerror or err}"
        yield from _guard(on_error, lambda: _fail(source, reason))
        return
    if is_dir:
        yield from _walk(path, on_error)
    elif exists:
        yield source
    elif glob.has_magic(source):
        matches = sorted(_recursive_glob(source) if "**" in source else glob.glob(source))
        if not matches:
            yield from _guard(on_error, lambda: _fail(source, "no file matches this pattern"))
        for match in matches:
            yield from _expand(match, on_error)
    else:
        yield from _guard(on_error, lambda: _fail(source, "no such file or folder"))


def _walk(folder: Path, on_error: OnError | None) -> Iterator[str]:
    """The article files under ``folder``, sorted; a subfolder that cannot be read is reported, not skipped
    silently, and symbolic links to folders are not followed (they can loop)."""
    found, unreadable = [], []
    for root, dirs, files in os.walk(folder, onerror=unreadable.append):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found += [Path(root, name) for name in files if _is_article_file(Path(root, name))]
    for error in unreadable:
        yield from _guard(on_error, lambda error=error: _fail(
            error.filename, f"cannot read the folder: {error.strerror or error}; its articles were not read"))
    yield from (str(p) for p in sorted(found))


def _recursive_glob(pattern: str) -> Iterator[str]:
    """The files a ``**`` pattern matches, found by walking without following symbolic links to folders:
    ``glob.glob(recursive=True)`` follows them, and a link to its own folder sends it round forever."""
    parts = Path(pattern).parts
    fixed = next(n for n, part in enumerate(parts) if glob.has_magic(part))
    base, wanted = Path(*parts[:fixed]) if fixed else Path("."), parts[fixed:]
    for root, dirs, files in os.walk(base):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            path = Path(root, name)
            if _glob_match(path.relative_to(base).parts, wanted):
                yield str(path) if fixed else str(path.relative_to(base))


def _glob_match(parts: tuple[str, ...], pattern: tuple[str, ...]) -> bool:
    """Whether path ``parts`` match glob ``pattern`` parts, ``**`` standing for any number of folders."""
    if not pattern:
        return not parts
    if pattern[0] == "**":
        return any(_glob_match(parts[skip:], pattern[1:]) for skip in range(len(parts) + 1))
    return (bool(parts) and fnmatch.fnmatchcase(parts[0], pattern[0])
            and (not parts[0].startswith(".") or pattern[0].startswith("."))
            and _glob_match(parts[1:], pattern[1:]))


def _is_article_file(path: Path) -> bool:
    return not path.name.startswith(".") and path.suffix.lower() in SUFFIXES and path.is_file()


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


def _read_one(source: str, on_error: OnError | None, options: ReadOptions = ReadOptions(),
              web: tuple[float, int] | None = None) -> Iterator[Article]:
    limit = options.max_article_bytes
    if source == "-":
        raw = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read().encode("utf-8", "replace")
        if options.read_as:
            yield from _read_as(options.read_as, raw, "<stdin>", None, on_error, options)
        else:
            yield from _read_text_stream(_decode(raw, "<stdin>"), "<stdin>", on_error, limit)
    elif source.startswith(("http://", "https://")):
        defaults = Settings()
        yield from _read_url(source, limit, *(web or (defaults.url_seconds, defaults.url_max_bytes)))
    else:
        yield from _read_file(Path(source), on_error, options)


def _read_file(path: Path, on_error: OnError | None, options: ReadOptions = ReadOptions()) -> Iterator[Article]:
    where = str(path)
    limit = options.max_article_bytes
    try:
        info = path.stat()
        regular = stat.S_ISREG(info.st_mode)
        # a pipe (bash's <(...) is /dev/fd/63) has no extension to go by: its text is read as text
        kind = options.read_as or (_format_of(path) if regular or path.suffix else "text")
        if regular and limit is not None and kind in ("text", "html"):
            _check_size(info.st_size, limit, where, kind == "html")  # one article: refuse it unread
        streamed = _stream(path, kind, where, path.stem, on_error, options) \
            if regular and info.st_size > STREAM_BYTES else None
        if streamed is None:
            raw = _read_pipe(path) if stat.S_ISFIFO(info.st_mode) else path.read_bytes()
    except OSError as err:
        raise ArticleError(where, f"cannot read the file: {err.strerror or err}") from None
    if streamed is not None:
        try:
            yield from streamed
        except OSError as err:
            raise ArticleError(where, f"cannot read the file: {err.strerror or err}") from None
        return
    # A file's stem is its id; a pipe (bash's <(...) is /dev/fd/63) has no meaningful name, so its text gives it.
    yield from _read_as(kind, raw, where, path.stem if regular else None, on_error, options)


def _stream(path: Path, kind: str, where: str, stem: str | None, on_error: OnError | None,
            options: ReadOptions) -> Iterator[Article] | None:
    """The articles of a big file of JSON lines or CSV, read line by line as they are wanted, or None when the file
    must be read whole (any other format, a JSON document, a file that is not plainly text). What is read is what
    reading the file whole gives, article for article, error for error: only the memory differs."""
    if kind not in ("json", "csv"):
        return None
    encoding = _stream_encoding(path, where)
    if encoding is None or kind == "json" and not _json_lines(path, encoding):
        return None
    if kind == "json":
        return _from_json_lines(_text_lines(path, encoding), where, on_error, options.max_article_bytes)
    return _read_csv_stream(path, encoding, where, stem, on_error, options)


def _stream_encoding(path: Path, where: str, warn: bool = True) -> str | None:
    """How to decode a file read in pieces as :func:`_decode` decodes it whole: UTF-8, or Windows-1252 when it is
    not UTF-8 somewhere (with the same warning). None for what :func:`_decode` refuses or reads otherwise (a
    byte-order mark of UTF-16 or 32, control characters or blank space at the start): the whole read tells."""
    with open(path, "rb") as handle:
        head = handle.read(8192)
        if any(head.startswith(bom) for bom, _ in BOMS) or not head.strip() or b"\x00" in head:
            return None
        decoder, offset, problem = codecs.getincrementaldecoder("utf-8")(), 0, None
        handle.seek(0)
        try:
            for block in iter(lambda: handle.read(1 << 20), b""):
                decoder.decode(block)
                offset += len(block)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError as err:
            at = offset - (len(err.object) - len(block)) + err.start  # err.object: the bytes held back, then block
            problem = (err.object[err.start], at)
    encoding = "utf-8-sig" if problem is None else "cp1252"
    start = head.decode(encoding, errors="ignore" if problem is None else "replace")
    if CONTROL.search(start) or "\ufffd" in start:  # maybe binary: _decode judges
        return None
    if problem is not None and warn:
        log.warning("%s: not valid UTF-8 (byte 0x%02x at offset %d); read as Windows-1252", where, *problem)
    return encoding


def _text_lines(path: Path, encoding: str) -> Iterator[str]:
    """The file's JSON lines, one at a time, as :func:`_json_line_texts` cuts the whole text."""
    # newline="\n": cut at line feeds only, as _json_line_texts cuts (a bare "\r" is not a JSON lines break)
    with open(path, encoding=encoding, errors="replace", newline="\n") as handle:
        for line in handle:
            yield line.removesuffix("\n").removesuffix("\r")


def _json_line_texts(text: str) -> Iterator[str]:
    r"""The lines of JSON lines ``text``, cut at ``"\n"`` only (and a ``"\r"`` before it dropped), numbered as
    the file's lines. Not ``str.splitlines``: it also cuts at U+2028, U+2029, U+0085 and other characters a JSON
    string may hold unescaped, and would break one article into two bad lines.

    >>> list(_json_line_texts('{"text": "a\u2028b"}\r\n{"text": "c"}\n'))
    ['{"text": "a\u2028b"}', '{"text": "c"}', '']
    """
    for line in text.split("\n"):
        yield line.removesuffix("\r")


def _json_lines(path: Path, encoding: str) -> bool:
    """Whether reading the file whole would read it as JSON lines: its first line is a JSON value by itself, and
    more follows (a file that is one JSON document, or starts with a broken line, is left to the whole read)."""
    lines = (line for line in _text_lines(path, encoding) if line.strip())
    first = next(lines, "")
    if first.lstrip().startswith("["):
        return False
    try:
        json.loads(first)
    except (RecursionError, ValueError):
        return False
    return next(lines, None) is not None


def _read_csv_stream(path: Path, encoding: str, where: str, stem: str | None, on_error: OnError | None,
                     options: ReadOptions) -> Iterator[Article]:
    with open(path, encoding=encoding, errors="replace", newline="") as handle:
        yield from csv_articles(handle, where, stem, on_error, options)


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
    limit = options.max_article_bytes
    if kind == "html":
        yield _from_html(_require_content(raw, where), where, stem, limit=limit)
    elif kind == "feed":
        yield from _from_feed(_require_content(raw, where), where, limit)
    elif kind == "json":
        yield from _from_json(_decode(raw, where), where, stem, on_error, limit)
    elif kind == "csv":
        yield from csv_articles(_decode(raw, where), where, stem, on_error, options)
    else:
        yield _from_text(_decode(raw, where), where, stem, limit)


def csv_articles(text, where: str, stem: str | None, on_error: OnError | None, options: ReadOptions,
                 **part) -> Iterator[Article]:
    """The articles of CSV ``text`` (a string, or a file opened with ``newline=""`` and read as rows are wanted),
    checked and cleaned as every other reader's are; ``part`` says where a part of
    a bigger file starts (:func:`graphkit.csv_articles.read_csv`)."""
    from .csv_articles import read_csv

    for row in read_csv(text, where, stem, options.columns, options.id_prefix, on_error,
                        delimiter="\t" if where.lower().endswith(".tsv") else ",", **part):
        yield from _guard(on_error, lambda row=row: [_article(
            row.source or where, options.max_article_bytes, id=row.id, title=row.title, text=row.text,
            date=row.date, url=row.url, outlet=row.outlet)])


def _read_pipe(path: Path) -> bytes:
    """A named pipe's content. Opening one blocks until a writer comes, maybe never; opened without waiting, a pipe
    with a writer (bash's ``<(...)``) is read to its end and one without is empty."""
    handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    os.set_blocking(handle, True)
    with os.fdopen(handle, "rb") as pipe:
        return pipe.read()


def _read_url(url: str, limit: int | None, seconds: float, max_bytes: int) -> Iterator[Article]:
    raw, kind = _fetch(url, seconds, max_bytes)
    if "xml" in kind or "rss" in kind or "atom" in kind:
        yield from _from_feed(raw, url, limit)
    else:
        yield _from_html(_require_content(raw, url), url, None, url=url, limit=limit)


def _fetch(url: str, seconds: float, max_bytes: int) -> tuple[bytes, str]:
    """The body and content type of ``url``, streamed: past ``max_bytes`` or ``seconds`` in all it is an error
    (each wait for data is bounded too, so a server trickling a byte at a time cannot hold a run)."""
    start = time.monotonic()
    try:
        request = urllib.request.Request(url, headers={"User-Agent": "graphkit"})
        with urllib.request.urlopen(request, timeout=min(URL_TIMEOUT, seconds)) as response:
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise ArticleError(url, f"the page is {int(declared):,} bytes, over the limit of {max_bytes:,} "
                                        "(the url_max_bytes setting)")
            body = bytearray()
            while chunk := response.read1(1 << 16):
                body += chunk
                if len(body) > max_bytes:
                    raise ArticleError(url, f"the page is over the limit of {max_bytes:,} bytes "
                                            "(the url_max_bytes setting); stopped reading")
                if time.monotonic() - start > seconds:
                    raise ArticleError(url, f"the page took over {seconds:g} s to arrive (the url_seconds "
                                            "setting); stopped reading")
            return bytes(body), response.headers.get_content_type()
    except (OSError, ValueError) as err:
        if isinstance(err, TimeoutError) or "timed out" in str(err):
            raise ArticleError(url, f"no answer within {min(URL_TIMEOUT, seconds):g} s") from None
        raise ArticleError(url, f"cannot fetch the page: {err}") from None


def _read_text_stream(text: str, where: str, on_error: OnError | None, limit: int | None) -> Iterator[Article]:
    if not text.strip():
        raise ArticleError(where, "empty input")
    if text.lstrip().startswith(("{", "[")):
        yield from _from_json(text, where, None, on_error, limit)
    else:
        yield _from_text(text, where, None, limit)


# ---------------------------------------------------------------- formats


def clean_text(text: str) -> str:
    r"""``text`` without control characters (tab, line feed and carriage return are kept; vertical tab and form
    feed become line feeds), as every reader stores it.

    >>> clean_text("Peru\x00 thanked\x0cChile\x1b.")
    'Peru thanked\nChile.'
    """
    return CONTROL.sub(lambda m: "\n" if m.group() in "\x0b\x0c" else "", text)


def _article(where: str, limit: int | None, **fields) -> Article:
    """An Article from what a reader found, checked and cleaned the same way for every format."""
    for name, value in fields.items():
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError as err:
                raise ArticleError(where, f"the {name} holds a lone surrogate {value[err.start]!r} at character "
                                          f"{err.start}, which is not Unicode (a broken \\u escape?)") from None
            fields[name] = clean_text(value)
    if limit is not None:
        _check_size(len(fields["text"].encode("utf-8")) + len(fields.get("title", "").encode("utf-8")), limit, where)
    if not (fields["text"].strip() or fields.get("title", "").strip()):
        raise ArticleError(where, "no text")
    return Article(source=where, **fields)


def _check_size(size: int, limit: int, where: str, html: bool = False) -> None:
    if html and size > HTML_PER_TEXT * limit:
        raise ArticleError(where, f"the HTML page is {size:,} bytes, over {HTML_PER_TEXT} times the article limit "
                                  f"of {limit:,} (raise it with --max-article-bytes or the max_article_bytes setting)")
    if not html and size > limit:
        raise ArticleError(where, f"the article is {size:,} bytes, over the limit of {limit:,} "
                                  "(raise it with --max-article-bytes or the max_article_bytes setting)")


def _require_content(raw: bytes, where: str) -> bytes:
    if not raw.strip():
        raise ArticleError(where, "empty file")
    return raw


BOMS = ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"))


def _decode(raw: bytes, where: str) -> str:
    encoding = next((name for bom, name in BOMS if raw.startswith(bom)), None)
    if encoding is not None:  # UTF-16 and UTF-32 say so with a byte-order mark (and are full of NUL bytes)
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError as err:
            raise ArticleError(where, f"broken {encoding.upper()} text at byte {err.start}") from None
        if not text.strip():
            raise ArticleError(where, "empty file")
        return text
    if not raw.strip():
        raise ArticleError(where, "empty file")
    if b"\x00" in raw[:8192]:
        raise ArticleError(where, "binary file, not text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        # Legacy news exports are mostly Windows-1252; reading them so keeps the article, and we say so.
        log.warning("%s: not valid UTF-8 (byte 0x%02x at offset %d); read as Windows-1252",
                    where, raw[err.start], err.start)
        text = raw.decode("cp1252", errors="replace")
    start = text[:8192]
    controls = len(CONTROL.findall(start)) + start.count("\ufffd")
    if controls > BINARY_SHARE * len(start):
        raise ArticleError(where, f"binary file, not text ({controls} control characters in its first "
                                  f"{len(start):,})")
    return text


def _from_text(text: str, where: str, stem: str | None, limit: int | None = None) -> Article:
    lines = text.strip("\n").split("\n")
    header = HEADER.match(lines[0])
    if header:
        day, title = header.groups()
        body = "\n".join(lines[1:]).strip("\n")
        when = _date_or_warn(day, where)
    else:
        title, body, when = lines[0].strip(), "\n".join(lines[1:]).strip("\n"), None
    return _article(where, limit, id=stem or article_id(text=text), title=title.strip(), text=body, date=when)


def _from_json(text: str, where: str, stem: str | None, on_error: OnError | None,
               limit: int | None = None) -> Iterator[Article]:
    try:
        whole = json.loads(text)
    except json.JSONDecodeError:
        whole = None  # not one JSON document: JSON lines
    except (RecursionError, ValueError) as err:
        if "\n" not in text.strip():
            raise ArticleError(where, _json_trouble(err)) from None
        whole = None  # JSON lines, one of them bad: each line is read (and reported) on its own
    if isinstance(whole, dict):
        yield _from_record(whole, where, stem, limit)
    elif isinstance(whole, list):
        for number, record in enumerate(whole, 1):
            yield from _guard(on_error, lambda r=record, n=number: [_from_record(r, f"{where}[{n}]", None, limit)])
    else:
        yield from _from_json_lines(_json_line_texts(text), where, on_error, limit)


def _from_json_lines(lines: Iterable[str], where: str, on_error: OnError | None,
                     limit: int | None) -> Iterator[Article]:
    for number, line in enumerate(lines, 1):
        if line.strip():
            yield from _guard(on_error, lambda line=line, n=number: [_from_line(line, f"{where}:{n}", limit)])


def _from_line(line: str, where: str, limit: int | None) -> Article:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        raise ArticleError(where, f"broken JSON line: {err.msg} (column {err.colno})") from None
    except (RecursionError, ValueError) as err:
        raise ArticleError(where, _json_trouble(err)) from None
    return _from_record(record, where, None, limit)


def _json_trouble(err: Exception) -> str:
    if isinstance(err, RecursionError):
        return "JSON nested too deeply to read"
    return f"unreadable JSON: {str(err).split(';')[0]}"  # e.g. an integer of more than 4,300 digits


def _from_record(record: object, where: str, stem: str | None, limit: int | None = None) -> Article:
    if not isinstance(record, dict):
        raise ArticleError(where, f"expected a JSON object, found {type(record).__name__}")
    text = next((record[k] for k in TEXT_KEYS if isinstance(record.get(k), str) and record[k].strip()), None)
    if text is None:
        raise ArticleError(where, "no text: the object has none of the keys text, body, content")
    given = record.get("id")
    if given is not None and (isinstance(given, bool) or not isinstance(given, (str, int))):
        raise ArticleError(where, f"the id must be a string or an integer, not a JSON {_json_kind(given)}")
    url = _text_field(record, ("url", "link"), where)
    return _article(
        where, limit,
        id=article_id(given or stem, url, text),
        title=(_text_field(record, ("title",), where) or "").strip(),
        text=text,
        date=_date_or_warn(record.get("date") or record.get("published"), where),
        url=url,
        outlet=_text_field(record, ("outlet", "source"), where),
    )


def _text_field(record: dict, keys: tuple[str, ...], where: str) -> str | None:
    """The first of ``keys`` the record has, as text; a number is written out, an object or list is left out."""
    for key in keys:
        value = record.get(key)
        if value is None or value == "":
            continue
        if isinstance(value, str):
            return value
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
        log.warning("%s: %s is a JSON %s, not text; left out", where, key, _json_kind(value))
    return None


def _json_kind(value: object) -> str:
    return {dict: "object", list: "array", bool: "boolean"}.get(type(value), type(value).__name__)


def _from_html(raw: bytes, where: str, stem: str | None, url: str | None = None, limit: int | None = None) -> Article:
    import trafilatura  # slow import; only HTML needs it
    from trafilatura.settings import DEFAULT_CONFIG

    biggest = DEFAULT_CONFIG.getint("DEFAULT", "MAX_FILE_SIZE")
    if len(raw) > biggest:  # trafilatura would return nothing and the cause would be lost
        raise ArticleError(where, f"the HTML page is {len(raw):,} bytes, over the {biggest:,} the HTML reader "
                                  "(trafilatura) accepts")
    if limit is not None:  # trafilatura takes time and memory by the page's size (15 MB: 23 s, 0.9 GB)
        _check_size(len(raw), limit, where, html=True)
    found = trafilatura.bare_extraction(raw.decode("utf-8", errors="replace"), url=url, with_metadata=True)
    text = getattr(found, "text", None) if found is not None else None
    if not text:
        raise ArticleError(where, "no article text found in the HTML page")
    return _article(
        where, limit,
        id=stem or article_id(url=url, text=text),
        title=(found.title or "").strip(),
        text=text,
        date=_date_or_warn(found.date, where),
        url=url or found.url,
        outlet=found.sitename,
    )


def _from_feed(raw: bytes, where: str, limit: int | None = None) -> Iterator[Article]:
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
        yield _article(
            f"{where}[{number}]", limit,
            id=article_id(entry.get("id"), entry.get("link"), text),
            title=entry.get("title", "").strip(),
            text=text,
            date=_date_or_warn(entry.get("published") or entry.get("updated"), f"{where}[{number}]"),
            url=entry.get("link"),
            outlet=outlet,
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
