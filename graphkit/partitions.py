"""Articles in partitions and results by partition: the unit of work of the distributed engine.

A partition is a group of small files (text, HTML, feeds, small JSON or CSV files), or a range of lines of a big JSON
lines or CSV file, cut where a record ends. :func:`plan` lists them; :func:`run_partition` reads one with the same
readers as ``graphkit ingest`` (ids, line numbers and CSV row ids are the whole file's), extracts it and writes its
results into a folder, each file written under a temporary name and renamed when complete:

- ``NAME.jsonl`` — the assertions, one JSON line each, as ``graphkit extract --format jsonl`` writes them;
- ``NAME.nq`` — the articles' RDF as N-Quads, one named graph an article, as ``graphkit ingest`` stores it;
- ``NAME.json`` — the manifest, written last: the partition is finished when it exists. It lists the articles
  (id, content hash, relations found), the articles that could not be read, and those skipped because the store
  already held them with the same content (:func:`skip_stored`).

A partition's name holds a hash of what it reads (a group's paths, sizes and modification times; a range's bytes),
the reading options and the extraction settings: run again on the same folder, finished partitions are skipped, a
changed file or setting makes new ones, and lines appended to a big file or files added to a folder make new
partitions for themselves only. :func:`load` bulk-loads finished partitions into the embedded store; loading one twice
changes nothing (RDF is a set, and an article's graph name is stable).

>>> from graphkit.demo import sample_dir
>>> parts = plan([sample_dir()], size=3)
>>> sum(len(p.files) for p in parts), [p.name for p in parts] == [p.name for p in plan([sample_dir()], size=3)]
(5, True)
"""
from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import os
import re
import socket
import stat
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from . import __version__
from .articles import (BINARY_SHARE, CONTROL, ReadOptions, _expand, _format_of, _from_line, _guard,
                       _json_line_texts, _TakenIds, _unique, csv_articles, read)
from .config import Settings
from .errors import ArticleError, GraphkitError, UsageError
from .model import Article

__all__ = ["Partition", "plan", "read_partition", "skip_stored", "run_partition", "finished", "manifests", "load",
           "write_atomic", "PARTITION_SIZE", "Manifest"]

PARTITION_SIZE = 1_000  # articles a partition (files of one article, lines or rows of big files)
GROUP_CAP = 4  # a group of small files ends at this many times the partition size, even where no path says so
Manifest = dict  # what a finished partition's NAME.json holds
OnError = Callable[[ArticleError], None]


@dataclass(frozen=True)
class Partition:
    """Which articles one task reads: whole ``files`` (``kind`` None), or the bytes ``start`` to ``end`` of one
    JSON lines or CSV file (``kind`` "json" or "csv"), after ``first_line`` lines and ``first_row`` CSV data rows,
    with the file's CSV ``header`` where columns go by name. ``articles`` is how many it holds, where known.
    ``skip`` holds the (id, content hash) of articles not to extract: the store has them (:func:`skip_stored`)."""

    key: str
    files: tuple[str, ...]
    kind: str | None = None
    start: int = 0
    end: int = 0
    first_line: int = 0
    first_row: int = 0
    header: tuple[str, ...] | None = None
    articles: int | None = None
    skip: tuple[tuple[str, str], ...] = ()

    @property
    def name(self) -> str:
        """The name of its result files: the first file's name, and the key."""
        stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", Path(self.files[0]).name)[:48]
        return f"{stem}-{self.key}"


# ---------------------------------------------------------------- planning


def plan(sources: Iterable[str | Path], options: ReadOptions | None = None, size: int = PARTITION_SIZE,
         on_error: OnError | None = None, salt: str = "") -> list[Partition]:
    """The partitions of ``sources`` (files, folders, globs), in reading order, each about ``size`` articles.

    JSON lines and CSV files of more than ``size`` articles are cut into ranges of lines, read here once to find
    where records end; a file whose reading depends on its whole text (a byte-order mark, text that is not UTF-8,
    one JSON document over several lines) is read whole. Paths are made absolute: every worker must be able to open
    them. ``salt`` goes into every key (the extraction settings).
    """
    if size < 1:
        raise UsageError("the partition size must be at least 1 article")
    options = options or ReadOptions()
    salt = json.dumps([salt, __version__, options.read_as, repr(options.columns), options.id_prefix,
                       options.max_article_bytes])
    partitions: list[Partition] = []
    group: list[tuple[str, os.stat_result | None]] = []
    weight = 0
    unknown = False

    def close_group() -> None:
        nonlocal weight, unknown
        if group:
            partitions.append(Partition(_key(group, None, 0, 0, salt), tuple(p for p, _ in group),
                                        articles=None if unknown else weight))
        group.clear()
        weight, unknown = 0, False

    for source in map(str, sources):
        if source == "-" or source.startswith(("http://", "https://")):
            raise UsageError(f"{source}: the distributed engine reads files, folders and globs that every worker "
                             "can open, not standard input or URLs; save them to files first")
        for item in _expand(source, on_error):
            path = os.path.abspath(item)
            try:
                info = os.stat(path)
            except OSError:
                info = None  # the reader on the worker says why
            regular = info is not None and stat.S_ISREG(info.st_mode)
            kind = _kind(path, options) if regular else None
            cuts = _cuts(path, kind, size, options) if kind in ("json", "csv") else None
            if cuts is not None and len(cuts.ranges) > 1:
                close_group()
                partitions += [Partition(_range_key(path, kind, start, end, line, row, digest, cuts.header, salt),
                                         (path,), kind, start, end, line, row, cuts.header if start else None,
                                         articles)
                               for start, end, line, row, articles, digest in cuts.ranges]
                continue
            group.append((path, info))
            count = cuts.articles if cuts is not None else (None if kind == "feed" else 1)
            weight += count or 0
            unknown |= count is None
            if _boundary(path, size) or weight >= GROUP_CAP * size:
                close_group()
    close_group()
    return partitions


@dataclass
class _Cuts:
    ranges: list[tuple[int, int, int, int, int, str]]  # start, end, lines before, rows before, articles, digest
    header: tuple[str, ...] | None
    articles: int


def _kind(path: str, options: ReadOptions) -> str | None:
    try:
        return options.read_as or _format_of(Path(path))
    except ArticleError:
        return None  # an unknown extension: the reader on the worker reports it


def _key(files: list[tuple[str, os.stat_result | None]], kind: str | None, start: int, end: int, salt: str) -> str:
    what = [[path, info.st_size if info else None, info.st_mtime_ns if info else None] for path, info in files]
    return hashlib.sha256(json.dumps([what, kind, start, end, salt]).encode("utf-8")).hexdigest()[:16]


def _range_key(path: str, kind: str, start: int, end: int, line: int, row: int, digest: str,
               header: tuple[str, ...] | None, salt: str) -> str:
    what = [path, kind, start, end, line, row, digest, header if start else None, salt]
    return hashlib.sha256(json.dumps(what).encode("utf-8")).hexdigest()[:16]


def _boundary(path: str, size: int) -> bool:
    """Whether a group of files ends after ``path``: one path in ``size`` on average, chosen by a hash of the path,
    so that a file added to (or removed from) a folder changes its own group only, not every group after it."""
    name = os.path.basename(path).encode("utf-8", "surrogateescape")
    return int.from_bytes(hashlib.sha256(name).digest()[:8], "big") % size == 0


def _cuts(path: str, kind: str, size: int, options: ReadOptions) -> _Cuts | None:
    """Where a JSON lines or CSV file can be cut into ranges of ``size`` articles, or None when it must be read
    whole (its reading depends on the whole text: an encoding other than UTF-8, a JSON document, binary data)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(4 * 8192)  # 8,192 characters, as the reader tests them
            if not _plain_utf8_head(head):
                return None
            handle.seek(0)
            lines = _Lines(handle)
            if kind == "json":
                return _json_cuts(lines, size)
            return _csv_cuts(lines, size, options)
    except (OSError, UnicodeDecodeError, csv.Error):
        return None


def _plain_utf8_head(head: bytes) -> bool:
    """Whether the ordinary reader would take a file beginning with ``head`` as plain UTF-8 text: no other
    byte-order mark, and not judged binary (the test of :func:`graphkit.articles._decode`)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")) or b"\x00" in head[:8192]:
        return False
    start = head.decode("utf-8-sig", errors="ignore")[:8192]
    if not start.strip():
        return False
    return len(CONTROL.findall(start)) + start.count("\ufffd") <= BINARY_SHARE * len(start)


class _Lines:
    """A file's lines as the readers see them (cut at ``\\n`` for JSON, ``io.StringIO(newline="")`` for CSV),
    each with the byte offset after it; only line breaks that end a ``\\n``-terminated chunk are places to cut."""

    def __init__(self, handle):
        self.handle = handle
        self.decoder = codecs.getincrementaldecoder("utf-8-sig")("strict")
        self.offset = 0
        self.at_cut = True  # the lines given so far end exactly at self.offset
        self.hash = hashlib.sha256()

    def chunks(self) -> Iterator[str]:
        for raw in self.handle:
            self.offset += len(raw)
            self.hash.update(raw)
            yield self.decoder.decode(raw)
        self.decoder.decode(b"", final=True)

    def digest(self) -> str:
        """A hash of the bytes since the last call: what a range holds, so that lines appended to a file leave the
        ranges before them, and their names, as they were."""
        digest, self.hash = self.hash.hexdigest(), hashlib.sha256()
        return digest

    def csv_lines(self) -> Iterator[str]:
        for chunk in self.chunks():
            pieces = list(io.StringIO(chunk, newline=""))
            for number, piece in enumerate(pieces):
                self.at_cut = number == len(pieces) - 1
                yield piece


def _json_cuts(lines: _Lines, size: int) -> _Cuts | None:
    ranges, start, line, first_line, articles, total = [], 0, 0, 0, 0, 0
    checked = False
    for chunk in lines.chunks():  # one JSON line each: a file read in binary is cut at b"\n", as JSON lines are
        if chunk.strip():
            if not checked:  # a JSON document over several lines is one record: read it whole
                try:
                    json.loads(chunk)
                except (ValueError, RecursionError):
                    return None
                checked = True
            articles += 1
        line += 1
        if articles >= size:
            ranges.append((start, lines.offset, first_line, 0, articles, lines.digest()))
            total += articles
            start, first_line, articles = lines.offset, line, 0
    if articles or not ranges:
        ranges.append((start, lines.offset, first_line, 0, articles, lines.digest()))
        total += articles
    if total < 2:
        return None  # one object: a JSON document, however it is laid out
    return _Cuts(ranges, None, total)


def _csv_cuts(lines: _Lines, size: int, options: ReadOptions) -> _Cuts | None:
    # The first range starts at the file's beginning and is read as the whole file's beginning (its header too);
    # the others get the header, and the rows and lines before them, from here.
    rows = csv.reader(lines.csv_lines(), delimiter="\t" if str(lines.handle.name).lower().endswith(".tsv") else ",")
    header = None
    if options.columns is None or options.columns.header:
        header = next(rows, None)
        if not header:
            return None  # the reader reports an empty file
    ranges, start, first_line, first_row, row, articles, total = [], 0, 0, 0, 0, 0, 0
    for record in rows:
        row += 1
        articles += bool(record)
        if articles >= size and lines.at_cut:
            ranges.append((start, lines.offset, first_line, first_row, articles, lines.digest()))
            total += articles
            start, first_line, first_row, articles = lines.offset, rows.line_num, row, 0
    if articles or not ranges:
        ranges.append((start, lines.offset, first_line, first_row, articles, lines.digest()))
        total += articles
    return _Cuts(ranges, tuple(header) if header else None, total)


# ---------------------------------------------------------------- reading


def read_partition(partition: Partition, options: ReadOptions, settings: Settings | None = None,
                   on_error: OnError | None = None) -> Iterator[Article]:
    """The articles of ``partition``, read as :func:`graphkit.articles.read` reads the whole files."""
    if partition.kind is None:
        yield from read(partition.files, on_error=on_error, options=options, settings=settings)
        return
    path = partition.files[0]
    with open(path, "rb") as handle:
        handle.seek(partition.start)
        raw = handle.read(partition.end - partition.start)
    text = raw.decode("utf-8-sig" if partition.start == 0 else "utf-8")
    with _TakenIds() as taken:
        for article in _slice_articles(partition, text, path, options, on_error):
            yield from _guard(on_error, lambda article=article: _unique(article, taken))


def _slice_articles(partition: Partition, text: str, path: str, options: ReadOptions,
                    on_error: OnError | None) -> Iterator[Article]:
    if partition.kind == "csv":
        yield from csv_articles(text, path, Path(path).stem, on_error, options,
                                header=list(partition.header) if partition.header else None,
                                first_row=partition.first_row, first_line=partition.first_line)
        return
    for number, line in enumerate(_json_line_texts(text), partition.first_line + 1):
        if line.strip():
            yield from _guard(on_error, lambda line=line, n=number: [
                _from_line(line, f"{path}:{n}", options.max_article_bytes)])


def skip_stored(partition: Partition, options: ReadOptions, settings: Settings | None,
                stored_hash: Callable[[str], str | None]) -> tuple[Partition, bool]:
    """``partition`` made to skip the articles already stored with the content they have now (``stored_hash`` gives
    the content hash stored for an id, or None), as ``graphkit ingest`` skips them; and whether it skips every
    article it holds. Read here, on the driver, because only the driver can open the embedded store: what is kept is
    one partition's ids. A partition that skips some has a name of its own, as its results depend on what it skips.
    """
    skip: dict[str, str] = {}
    everything = True
    for article in read_partition(partition, options, settings, on_error=lambda error: None):  # the worker reports
        if stored_hash(article.id) == article.content_hash:
            skip[article.id] = article.content_hash
        else:
            everything = False
    if not skip:
        return partition, False
    pairs = tuple(sorted(skip.items()))
    key = hashlib.sha256(json.dumps([partition.key, pairs]).encode("utf-8")).hexdigest()[:16]
    return replace(partition, key=key, skip=pairs), everything


# ---------------------------------------------------------------- running and writing


def run_partition(partition: Partition, folder: str | Path, extractor, options: ReadOptions,
                  settings: Settings | None = None) -> Manifest:
    """Read, extract and write one partition into ``folder``; its manifest. Already finished: its manifest as
    found. Articles that cannot be read are listed in the manifest, never raised; those in ``partition.skip`` with
    the same content hash are listed as skipped, not extracted."""
    from .rdf import article_graph, graph_iri

    folder = Path(folder)
    done = finished(folder, partition)
    if done is not None:
        return done
    begun = time.perf_counter()
    folder.mkdir(parents=True, exist_ok=True)
    errors: list[list[str]] = []
    skip, skipped = dict(partition.skip), []

    def unstored(articles: Iterable[Article]) -> Iterator[Article]:
        for article in articles:
            if skip.get(article.id) == article.content_hash:
                skipped.append({"id": article.id, "hash": article.content_hash, "source": article.source})
            else:
                yield article

    articles = unstored(read_partition(partition, options, settings,
                                       on_error=lambda e: errors.append([e.where, e.reason])))
    entries, assertions, quads = [], 0, 0
    with write_atomic(folder / f"{partition.name}.jsonl") as lines, write_atomic(folder / f"{partition.name}.nq") as nq:
        for article, found in extractor.extract_here(articles):
            for assertion in found:
                lines.write(json.dumps(assertion.to_record(), ensure_ascii=False) + "\n")
            graph = f" <{graph_iri(article.id)}> .\n"
            triples = article_graph(article, found).serialize(format="nt", encoding="utf-8").decode("utf-8")
            for triple in triples.split("\n"):  # not splitlines(): a literal may hold U+2028, which N-Triples keeps
                if triple:
                    nq.write(triple[:-2] + graph)  # "s p o ." -> "s p o <graph> ."
                    quads += 1
            assertions += len(found)
            entries.append({"id": article.id, "hash": article.content_hash, "source": article.source,
                            "relations": dict(Counter(a.relation for a in found))})
    manifest = {"partition": partition.name, "plan": asdict(replace(partition, skip=())), "articles": entries,
                "errors": errors, "skipped": skipped, "assertions": assertions, "quads": quads,
                "seconds": round(time.perf_counter() - begun, 3), "host": socket.gethostname(), "pid": os.getpid()}
    with write_atomic(folder / f"{partition.name}.json") as handle:
        json.dump(manifest, handle, ensure_ascii=False)
    return manifest


class write_atomic:
    """A text file written under a temporary name beside ``path`` and renamed to it when the block ends without an
    error (flushed to disk first): readers see the old file or the whole new one, never a part."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.temporary = self.path.with_name(f".{self.path.name}.{socket.gethostname()}.{os.getpid()}.tmp")

    def __enter__(self):
        self.handle = open(self.temporary, "w", encoding="utf-8", newline="\n")
        return self.handle

    def __exit__(self, kind, error, trace) -> None:
        try:
            if kind is None:
                self.handle.flush()
                os.fsync(self.handle.fileno())
        finally:
            self.handle.close()
        if kind is None:
            os.replace(self.temporary, self.path)
        else:
            self.temporary.unlink(missing_ok=True)


def finished(folder: str | Path, partition: Partition) -> Manifest | None:
    """The manifest of ``partition`` in ``folder`` if it is finished there (its three files complete), else None."""
    folder = Path(folder)
    try:
        manifest = json.loads((folder / f"{partition.name}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not all((folder / f"{partition.name}{suffix}").is_file() for suffix in (".jsonl", ".nq")):
        return None
    return manifest


def manifests(folder: str | Path) -> list[Manifest]:
    """The manifests of every finished partition in ``folder``, the oldest first: loaded in this order, an article
    that a changed file gave again (in a newer partition) ends up as it was last extracted."""
    folder = Path(folder)
    if not folder.is_dir():
        raise UsageError(f"no folder {folder}: give the folder the distributed engine wrote its partitions to")
    found = []
    for path in folder.glob("*.json"):
        try:
            manifest = json.loads(path.read_text(encoding="utf-8"))
            written = path.stat().st_mtime_ns
        except (OSError, ValueError):
            continue
        name = manifest.get("partition") if isinstance(manifest, dict) else None
        if name == path.stem and (folder / f"{name}.nq").is_file():
            found.append((written, name, manifest))
    return [manifest for _, _, manifest in sorted(found, key=lambda item: item[:2])]


def drop_articles(folder: str | Path, manifest: Manifest, dropped: dict[str, str]) -> Manifest:
    """Take the articles ``dropped`` (id -> the reason, as an error) out of a finished partition's files."""
    from .rdf import graph_iri

    folder = Path(folder)
    name = manifest["partition"]
    graphs = {f" <{graph_iri(article)}> .\n" for article in dropped}
    with open(folder / f"{name}.jsonl", encoding="utf-8") as old, write_atomic(folder / f"{name}.jsonl") as new:
        new.writelines(line for line in old if json.loads(line)["article"] not in dropped)
    with open(folder / f"{name}.nq", encoding="utf-8") as old, write_atomic(folder / f"{name}.nq") as new:
        new.writelines(line for line in old if line[line.rfind(" <", 0, len(line) - 3):] not in graphs)
    kept = [entry for entry in manifest["articles"] if entry["id"] not in dropped]
    listed = manifest["articles"] + manifest.get("skipped", [])
    errors = manifest["errors"] + [[entry["source"] or entry["id"], dropped[entry["id"]]]
                                   for entry in listed if entry["id"] in dropped]
    manifest = {**manifest, "articles": kept, "errors": errors,
                "skipped": [entry for entry in manifest.get("skipped", []) if entry["id"] not in dropped],
                "assertions": sum(sum(e["relations"].values()) for e in kept)}
    with write_atomic(folder / f"{name}.json") as handle:
        json.dump(manifest, handle, ensure_ascii=False)
    return manifest


# ---------------------------------------------------------------- loading


def load(store: str | Path, folder: str | Path, names: Iterable[str] | None = None,
         progress: Callable[[int], None] | None = None):
    """Bulk-load finished partitions of ``folder`` (all, or those ``names``, in that order) into the embedded store
    in ``store``; an :class:`~graphkit.ingest.IngestReport` of what changed (``failed`` counts the articles the
    partitions could not read). An article stored with other content has its old graph dropped first; loading a
    partition again changes nothing."""
    from .ingest import IngestReport
    from .store import Store

    folder = Path(folder)
    if names is None:
        chosen = manifests(folder)
    else:
        chosen = []
        for name in names:
            try:
                chosen.append(json.loads((folder / f"{name}.json").read_text(encoding="utf-8")))
            except (OSError, ValueError) as err:
                raise GraphkitError(f"partition {name} in {folder} is not finished: {err}") from None
    report = IngestReport()
    with Store.open(store) as kept:
        before = len(kept)
        seen: dict[str, str] = {}
        for manifest in chosen:
            replaced = []
            for entry in manifest["articles"]:
                article, digest = entry["id"], entry["hash"]
                stored = seen.get(article) or kept.article_hash(article)
                if stored == digest:
                    report.skipped += 1
                    continue
                if stored is None:
                    report.new += 1
                else:
                    report.updated += 1
                    replaced.append(article)
                seen[article] = digest
                report.assertions.update(entry["relations"])
            report.failed += len(manifest["errors"])
            report.errors += [f"{where}: {reason}" for where, reason in manifest["errors"]]
            kept.load_nquads(folder / f"{manifest['partition']}.nq", replacing=replaced)
            if progress is not None:
                progress(len(manifest["articles"]) + len(manifest["errors"]))
        report.triples_added = len(kept) - before
    return report
