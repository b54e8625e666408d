"""The embedded RDF store: an rdflib Dataset on a persistent Oxigraph store, one named graph per article.

>>> with Store.open("graphkit-data/store") as store:      # doctest: +SKIP
...     store.stats()["articles"]
13

Writers take an exclusive lock on the folder, so a second ``graphkit ingest``
on the same store fails at once with a clear message instead of corrupting it;
readers open Oxigraph read-only and never wait.
"""
from __future__ import annotations

import fcntl
import gc
import hashlib
import os
import shutil
import time
from datetime import date
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.query import Result

from .errors import StoreError, StoreLockedError, UsageError, one_line
from .heap import trim_heap
from .namespace import GK
from .rdf import PREFIXES, article_iri, bind_prefixes, graph_iri
from .vocabulary import ontology_dir, ontology_graph, relation_types

__all__ = ["Store", "EXPORT_FORMATS", "ONTOLOGY_GRAPH"]

ONTOLOGY_GRAPH = "https://w3id.org/graphkit/ontology"  # the ontology's own IRI names the graph that holds it

EXPORT_FORMATS = {"turtle": "turtle", "nquads": "nquads", "jsonld": "json-ld", "trig": "trig", "ntriples": "nt"}
# Oxigraph's RocksDB keeps what is written in memory tables of 128 MB for each of its dozen column families, several
# deep, before it writes them out: left alone, an ingest's memory grew by ~78 KB an article (1.8 GB after 30,000
# synthetic ones). Flushed after this many bytes of N-Triples written (~400 articles), they stay near 30 MB.
FLUSH_BYTES = 4 << 20
# Flushed, they still cost: the open database holds more of the C library's heap the more it has written (for the
# store's writes alone, 60 MB in use after 5,000 synthetic articles, 80 MB after 10,000; 36 MB again on reopening).
# Closed and reopened after this many bytes (~2,000 generated news articles), and the heap trimmed, an ingest's
# resident memory stayed at 316-321 MB from 1,000 to 7,000 articles where it had grown from 317 to 341 MB.
REOPEN_BYTES = 16 << 20


class Store:
    """A graphkit store in ``path``; use :meth:`open` as a context manager."""

    def __init__(self, path: Path, oxigraph: ox.Store, lock: int | None):
        self.path = path
        self._lock = lock
        self._attach(oxigraph)

    def _attach(self, oxigraph: ox.Store) -> None:
        """Work on the open database ``oxigraph``: the query layer over it, its write counters at zero."""
        self.oxigraph = oxigraph
        self.dataset = Dataset(store=OxigraphStore(store=oxigraph), default_union=True)
        bind_prefixes(self.dataset)
        self._unflushed = 0  # bytes written since the memory tables were last flushed
        self._unopened = 0  # ... and since the database was last opened

    @classmethod
    @contextmanager
    def open(cls, path: str | Path, read_only: bool = False) -> Iterator["Store"]:
        """Open (creating if needed) the store in ``path``; ``read_only`` for queries while another process writes."""
        path = Path(path)
        if read_only and not (path / "oxigraph").exists():
            raise StoreError(f"no graphkit store in {path}: run graphkit ingest first (or pass --store)")
        lock = None if read_only else _lock(path)
        try:
            try:
                oxigraph = _open_read_only(path / "oxigraph") if read_only else ox.Store(str(path / "oxigraph"))
            except OSError as err:
                raise StoreError(f"cannot open the store in {path}: {err}") from err
            store = cls(path, oxigraph, lock)
            del oxigraph
            if not read_only:
                store._ensure_ontology()
            try:
                yield store
            except BaseException:
                store._close(failing=True)  # the error that stopped the work is the one to report
                raise
            store._close()
        finally:
            if lock is not None:
                _unlock(path, lock)

    # ------------------------------------------------------------ articles

    def article_hash(self, article_id: str) -> str | None:
        """The content hash stored for an article, or None if it is not in the store."""
        quads = self.oxigraph.quads_for_pattern(
            ox.NamedNode(str(article_iri(article_id))), ox.NamedNode(str(GK.contentHash)), None,
            ox.NamedNode(str(graph_iri(article_id))))
        for quad in quads:
            return quad.object.value
        return None

    def replace_article(self, article_id: str, graph: Graph) -> None:
        """Put ``graph`` in the article's named graph, replacing whatever the article contributed before.

        One SPARQL update is one Oxigraph transaction, so a crash leaves the old version or the new one.
        """
        name = graph_iri(article_id)
        triples = graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
        try:
            self.oxigraph.update(f"DROP SILENT GRAPH <{name}> ; INSERT DATA {{ GRAPH <{name}> {{ {triples} }} }}")
            self._unflushed += len(triples)
            self._unopened += len(triples)
            if self._unopened >= REOPEN_BYTES:  # memory stays flat however many articles a run writes
                self._reopen()
            elif self._unflushed >= FLUSH_BYTES:
                self.oxigraph.flush()
                self._unflushed = 0
        except (OSError, SyntaxError) as err:
            raise StoreError(f"cannot write article {article_id!r} to {self.path}: {err}") from err

    def load_nquads(self, path: str | Path, replacing: list[str] = ()) -> None:
        """Bulk-load an N-Quads file of article graphs (:mod:`graphkit.partitions`), after dropping the graphs of the
        articles ``replacing`` (stored with other content). Oxigraph's bulk loader writes its files directly, fast
        and not as one transaction: a load cut short is completed by loading the file again, which adds nothing twice
        (RDF is a set)."""
        try:
            for article_id in replacing:
                self.oxigraph.update(f"DROP SILENT GRAPH <{graph_iri(article_id)}>")
            self.oxigraph.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
        except (OSError, SyntaxError, ValueError) as err:
            raise StoreError(f"cannot load {path} into {self.path}: {one_line(str(err))}") from err

    # ------------------------------------------------------------ reading

    def sparql(self, query: str) -> Result:
        """Run SPARQL over all articles (the default graph is their union)."""
        try:
            return self.dataset.query(query)
        except SyntaxError as err:  # Oxigraph's parser
            raise UsageError(f"SPARQL syntax: {_syntax_message(str(err), query)}") from None
        except Exception as err:  # noqa: BLE001 - parse errors come as several library types
            raise StoreError(f"SPARQL failed: {err}") from err

    def __len__(self) -> int:
        return len(self.oxigraph)

    def stats(self, since: str | None = None, until: str | None = None) -> dict:
        """Counts of triples, articles, assertions (by relation) and actors; with ``since``/``until`` (ISO dates,
        inclusive) of the articles dated in that range only."""
        if since or until:
            return self._stats_of(self.article_graphs(since, until))
        by_relation = self._count_by_relation()
        return {
            "triples": len(self),
            "articles": self._count("SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a gk:Article }"),
            "assertions": sum(by_relation.values()),
            "actors": self._count("SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a gk:Actor }"),
            "by_relation": by_relation,
        }

    def article_graphs(self, since: str | None = None, until: str | None = None) -> list[str]:
        """The named graphs of the articles dated from ``since`` to ``until`` (ISO dates, inclusive; an article
        without a date is outside any range)."""
        bounds = [f'?d >= "{_iso_date(since, "--since")}"^^xsd:date' if since else "",
                  f'?d <= "{_iso_date(until, "--until")}"^^xsd:date' if until else ""]
        result = self.oxigraph.query(
            f"PREFIX gk: <{GK._NS}> PREFIX dcterms: <http://purl.org/dc/terms/> "
            "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#> SELECT DISTINCT ?g WHERE { GRAPH ?g { "
            f"?a a gk:Article ; dcterms:date ?d }} FILTER({' && '.join(b for b in bounds if b) or 'true'}) }}")
        return sorted(row["g"].value for row in result)

    def export(self, fmt: str, since: str | None = None, until: str | None = None) -> bytes:
        """The whole store serialised: turtle, nquads, jsonld, trig or ntriples; with ``since``/``until``, the
        articles dated in that range (and the ontology)."""
        if fmt not in EXPORT_FORMATS:
            raise StoreError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
        source = self.dataset
        if since or until:
            source = Dataset(default_union=True)
            for name in [ONTOLOGY_GRAPH, *self.article_graphs(since, until)]:
                graph = source.graph(URIRef(name))
                for quad in self.oxigraph.quads_for_pattern(None, None, None, ox.NamedNode(name)):
                    graph.add(_triple(quad))
            bind_prefixes(source)
        if fmt in ("nquads", "trig"):
            return source.serialize(format=EXPORT_FORMATS[fmt], encoding="utf-8")
        union = Graph()
        bind_prefixes(union)
        for triple in source.triples((None, None, None)):
            union.add(triple)
        return union.serialize(format=EXPORT_FORMATS[fmt], encoding="utf-8")

    @staticmethod
    def drop(path: str | Path) -> None:
        """Delete the store in ``path``, which must be a graphkit store no other process is writing to."""
        path = Path(path)
        if not (path / "oxigraph").is_dir():
            raise StoreError(f"no graphkit store in {path}: nothing dropped")
        unknown = sorted(p.name for p in path.iterdir() if p.name not in ("oxigraph", "write.lock"))
        if unknown:
            raise StoreError(f"{path} holds more than a graphkit store ({', '.join(unknown[:5])}): not dropped; "
                             "delete it yourself if you mean to")
        lock = _lock(path)
        try:
            shutil.rmtree(path / "oxigraph")
            (path / "write.lock").unlink(missing_ok=True)
            path.rmdir()
        except OSError as err:
            raise StoreError(f"cannot delete the store in {path}: {err}") from err
        finally:
            os.close(lock)

    # ------------------------------------------------------------ helpers

    def _stats_of(self, graphs: list[str]) -> dict:
        """:meth:`stats` of the named graphs ``graphs`` (articles) only."""
        if not graphs:
            return {"triples": 0, "articles": 0, "assertions": 0, "actors": 0, "by_relation": {}}
        within = f"PREFIX gk: <{GK._NS}> SELECT ?r (COUNT(DISTINCT ?a) AS ?n) WHERE {{ VALUES ?g {{ " \
                 + " ".join(f"<{g}>" for g in graphs) + " } GRAPH ?g { "
        names = {str(kind.iri): name for name, kind in relation_types().items()}
        by_relation = {names.get(row["r"].value, row["r"].value): int(row["n"].value) for row in
                       self.oxigraph.query(within + "?a a gk:Assertion ; gk:relation ?r } } GROUP BY ?r")}
        [actors] = self.oxigraph.query(within.replace("?r (COUNT", "(COUNT") + "?a a gk:Actor } }")
        triples = sum(1 for g in graphs for _ in self.oxigraph.quads_for_pattern(None, None, None, ox.NamedNode(g)))
        return {"triples": triples, "articles": len(graphs), "assertions": sum(by_relation.values()),
                "actors": int(actors["n"].value), "by_relation": dict(sorted(by_relation.items()))}

    def _ensure_ontology(self) -> None:
        """Keep the ontology in its own named graph (its IRI), so queries can name relation types by label, PLOVER
        type, CAMEO root or symmetry; rewritten when ontology/graphkit.ttl changes (its hash is kept there too)."""
        text = (ontology_dir() / "graphkit.ttl").read_bytes()
        digest = hashlib.sha256(text).hexdigest()
        name = ox.NamedNode(ONTOLOGY_GRAPH)
        stored = next(iter(self.oxigraph.quads_for_pattern(name, ox.NamedNode(str(GK.contentHash)), None, name)), None)
        if stored is not None and stored.object.value == digest:
            return
        triples = ontology_graph().serialize(format="nt", encoding="utf-8").decode("utf-8")
        try:
            self.oxigraph.update(f"DROP SILENT GRAPH <{ONTOLOGY_GRAPH}> ; INSERT DATA {{ GRAPH <{ONTOLOGY_GRAPH}> "
                                 f"{{ {triples} <{ONTOLOGY_GRAPH}> <{GK.contentHash}> \"{digest}\" . }} }}")
        except (OSError, SyntaxError) as err:
            raise StoreError(f"cannot write the ontology to {self.path}: {err}") from err

    def _close(self, failing: bool = False) -> None:
        # pyoxigraph has no close(): its files are released when the last reference goes, and rdflib's
        # Dataset keeps cycles that only the collector breaks.
        try:
            if self._lock is not None and self.oxigraph is not None:  # None: a reopening failed
                self.oxigraph.flush()
        except OSError as err:  # a full disk: what was committed is kept (each write is a transaction)
            if not failing:
                raise StoreError(f"cannot write to the store in {self.path}: {err}") from err
        finally:
            self._release()

    def _reopen(self) -> None:
        """Close the database (flushing it) and open it again: what RocksDB holds for the data it has written goes
        with the closing (see REOPEN_BYTES), and the C library's heap gives the freed pages back to the system."""
        self.oxigraph.flush()
        self._release()
        self._attach(ox.Store(str(self.path / "oxigraph")))
        trim_heap()

    def _release(self) -> None:
        if self.dataset is not None:
            self.dataset.store._store = None
        self.dataset = None
        self.oxigraph = None
        gc.collect()

    def _count(self, where: str) -> int:
        result = self.oxigraph.query(f"PREFIX gk: <{GK._NS}> {where}", use_default_graph_as_union=True)
        return int(next(iter(result))["n"].value)

    def _count_by_relation(self) -> dict[str, int]:
        result = self.oxigraph.query(
            f"PREFIX gk: <{GK._NS}> SELECT ?r (COUNT(DISTINCT ?a) AS ?n) "
            "WHERE { ?a a gk:Assertion ; gk:relation ?r } GROUP BY ?r", use_default_graph_as_union=True)
        names = {str(kind.iri): name for name, kind in relation_types().items()}
        return dict(sorted((names.get(row["r"].value, row["r"].value), int(row["n"].value)) for row in result))


def _iso_date(value: str, option: str) -> str:
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise UsageError(f"{option} wants a date as YYYY-MM-DD, got {value!r}") from None


def _triple(quad: ox.Quad):
    return tuple(_term(t) for t in (quad.subject, quad.predicate, quad.object))


def _term(term):
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    return Literal(term.value, lang=term.language, datatype=None if term.language else URIRef(term.datatype.value))


# Paths this process holds the write lock of: POSIX locks are per process, so a second writer in the same
# process must be refused here (opening and closing the lock file again would even release the lock).
_held: set[Path] = set()


def _lock(path: Path) -> int:
    """Take the store's write lock. It is a POSIX record lock (``lockf``), which belongs to this process alone:
    unlike ``flock``, the parser's forked worker processes do not inherit it, so if this process is killed the
    lock goes with it even while orphaned workers live on."""
    try:
        path.mkdir(parents=True, exist_ok=True)
        key = path.resolve()
        if key in _held:
            raise StoreLockedError(
                f"another graphkit process is writing to {path}; wait for it to finish or use another --store")
        handle = os.open(path / "write.lock", os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as err:  # a read-only folder, a file where the folder should be...
        raise StoreError(f"cannot open the store in {path} for writing: {err.strerror or err}") from None
    try:
        fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(handle)
        raise StoreLockedError(
            f"another graphkit process is writing to {path}; wait for it to finish or use another --store") from None
    _held.add(key)
    return handle


def _syntax_message(message: str, query: str) -> str:
    """Oxigraph's parse error on one line, with the usual slip named: ``gkid:state/IRN`` is not a prefixed name."""
    slash = re.search(r"(?<![<\w/#])([A-Za-z][\w-]*):([\w-]+)/([\w-]+)(?![\w-]*:)", query)
    if slash:
        prefix, local, rest = slash.groups()
        full = f"<{PREFIXES[prefix]}{local}/{rest}>" if prefix in PREFIXES else "the full <IRI>"
        return (f"{one_line(message, 80)}; {slash.group(0)} is not a prefixed name (a '/' cannot follow the prefix): "
                f"write {full}")
    if "Prefix not found" in message:
        where = ":".join(message.split(":", 2)[:2])
        return (f"{where}: unknown prefix; bound prefixes: {', '.join(p + ':' for p in PREFIXES)}, rdf:, rdfs:, owl:, "
                f"xsd:")
    return one_line(message)


def _open_read_only(folder: Path, attempts: int = 8) -> "ox.Store":
    """A read-only view of the store's files. A writer in another process (or this one) may be compacting them at
    that moment: a file the view's manifest names can be gone when it is opened, which RocksDB reports as
    corruption. The files on disk are fine; opening again, a moment later, reads the new manifest."""
    for attempt in range(attempts):
        try:
            return ox.Store.read_only(str(folder))
        except RuntimeError as err:
            if "No such file" not in str(err) or attempt == attempts - 1:
                raise StoreError(f"cannot open the store in {folder.parent} for reading: {one_line(str(err))}") \
                    from err
            time.sleep(0.05 * 2 ** attempt)
    raise AssertionError("unreachable")


def _unlock(path: Path, handle: int) -> None:
    _held.discard(path.resolve())
    os.close(handle)
