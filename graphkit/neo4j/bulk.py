"""Bulk loads into an empty Neo4j database with Neo4j's own ``neo4j-admin database import full``.

>>> from graphkit.neo4j.bulk import bulk_load_store
>>> from graphkit.neo4j.connection import local_server
>>> report = bulk_load_store("graphkit-data/store", local_server())    # doctest: +SKIP
>>> report.articles, report.assertions                                 # doctest: +SKIP
(13, 94)

The import tool writes store files directly, far faster than Cypher, but only into an empty database with the
server stopped: a first load of a large corpus. Adding articles to a database that has data stays with the
incremental loader (:mod:`graphkit.neo4j.loader`). The graph is the one that loader writes (the same labels,
relationship types, properties and property types, summaries included), and graphkit's constraints and indexes are
created once the server is back.

The CSV layout (``write_import_csv``), one ID space a node kind, so every relationship file names the ID space
of both its ends:

>>> print(import_command("import"))
neo4j-admin database import full neo4j --overwrite-destination --array-delimiter=U+001F \\
    --multiline-fields=true --nodes=import/articles.csv --nodes=import/actors.csv --nodes=import/assertions.csv \\
    --nodes=import/items.csv --relationships=import/assertion_actors.csv \\
    --relationships=import/assertion_articles.csv --relationships=import/assertion_items.csv \\
    --relationships=import/summaries.csv
"""
from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import textwrap
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pyoxigraph as ox
from rdflib import Graph

from ..errors import Neo4jError, UsageError
from ..from_rdf import oxigraph_of, read_actors, read_articles
from ..model import Actor, Article, Assertion
from ..store import Store
from ..vocabulary import relation_types, symmetric_relations
from . import cypher
from .connection import Neo4jSettings, connect
from .install import install
from .loader import GRAPH_SHAPE, _fallback_actor, read_rdf_file
from .server import ADMIN_TOOL, JVM_FLAGS, LocalServer, find_java

__all__ = ["write_import_csv", "import_arguments", "import_command", "finish_import", "bulk_load", "bulk_load_store",
           "bulk_load_file", "export_for_import", "remote_steps", "node_count", "is_local", "BulkReport", "NODE_FILES",
           "RELATIONSHIP_FILES"]

NODE_FILES = ("articles.csv", "actors.csv", "assertions.csv", "items.csv")
RELATIONSHIP_FILES = ("assertion_actors.csv", "assertion_articles.csv", "assertion_items.csv", "summaries.csv")
# Lists are joined with the ASCII unit separator: graphkit removes control characters from all it reads, so no
# item, role or name holds one (";", the tool's default, could be in an item's name). Labels are split on it too.
ARRAY_DELIMITER = "\x1f"
OPTIONS = ("--overwrite-destination", "--array-delimiter=U+001F", "--multiline-fields=true")
HEADERS = {
    "articles.csv": ["id:ID(Article)", ":LABEL", "title", "date:date", "url", "outlet", "content_hash",
                     "graph_shape:long"],
    "actors.csv": ["id:ID(Actor)", ":LABEL", "name", "wikidata"],
    "assertions.csv": ["id:ID(Assertion)", ":LABEL", "relation", "label", "article", "date:date", "source", "target",
                       "pair_source", "pair_target", "polarity", "modality", "confidence:double", "evidence",
                       "start:long", "end:long", "role", "items:string[]", "claimed_by", "extractor"],
    "items.csv": ["name:ID(Item)", ":LABEL"],
    "assertion_actors.csv": [":START_ID(Assertion)", ":END_ID(Actor)", ":TYPE"],
    "assertion_articles.csv": [":START_ID(Assertion)", ":END_ID(Article)", ":TYPE"],
    "assertion_items.csv": [":START_ID(Assertion)", ":END_ID(Item)", ":TYPE"],
    "summaries.csv": [":START_ID(Actor)", ":END_ID(Actor)", ":TYPE", "assertions:long", "articles:long",
                      "items:string[]", "claimed_by:string[]", "roles:string[]", "first_seen:date", "last_seen:date"],
}
IMPORT_TIMEOUT = 6 * 3600


@dataclass
class BulkReport:
    articles: int = 0
    assertions: int = 0
    nodes: int = 0
    relationships: int = 0
    seconds: dict[str, float] = field(default_factory=dict)  # by phase: (read,) csv, stop, import, restart, finish


# ---------------------------------------------------------------- the CSV files


def write_import_csv(articles: Iterable[tuple[Article, list[Assertion]]], actors: dict[str, Actor],
                     folder: str | Path) -> BulkReport:
    """Write the files ``neo4j-admin database import full`` reads (``import_command`` gives the command) for the
    graph the incremental loader writes. ``actors`` names the actors by id (``read_actors``); one not in it is
    named from its id, as the loader does. Returns the counts; a folder that is a file is refused."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder} is a file: the CSV export writes a folder of CSV files; give a folder")
    folder.mkdir(parents=True, exist_ok=True)
    symmetric = symmetric_relations()
    kinds = relation_types()
    report = BulkReport()
    needed: set[str] = set()
    items: set[str] = set()
    summaries: dict[tuple[str, str, str], _Summary] = {}
    files = {name: open(folder / name, "w", encoding="utf-8", newline="") for name in HEADERS}
    try:
        for name, handle in files.items():
            handle.write(",".join(HEADERS[name]) + "\n")
        write = {name: handle.write for name, handle in files.items()}
        for article, found in articles:
            report.articles += 1
            write["articles.csv"](_line([article.id, "Article", article.title or None, article.date, article.url,
                                         article.outlet, article.content_hash, GRAPH_SHAPE]))
            for a in found:
                cypher._relationship_type(a.relation)  # a relation outside the ontology is refused, as the loader does
                report.assertions += 1
                pair = tuple(sorted((a.source, a.target))) if a.relation in symmetric else (a.source, a.target)
                quad = kinds[a.relation].quad  # a second label, as the loader writes it, for the Browser style
                labels = f"Assertion{ARRAY_DELIMITER}{quad}" if quad else "Assertion"
                write["assertions.csv"](_line([
                    a.id, labels, a.relation, a.caption, a.article, article.date, a.source, a.target, pair[0], pair[1],
                    a.polarity, a.modality, a.confidence, a.evidence, a.start, a.end, a.role, list(a.items),
                    a.claimed_by, f"{a.extractor} {a.extractor_version}"]))
                links = [_line([a.id, a.source, "SUBJECT"]), _line([a.id, a.target, "OBJECT"])]
                if a.claimed_by:
                    links.append(_line([a.id, a.claimed_by, "CLAIMED_BY"]))
                write["assertion_actors.csv"]("".join(links))
                write["assertion_articles.csv"](_line([a.id, article.id, "REPORTED_IN"]))
                for item in a.items:
                    write["assertion_items.csv"](_line([a.id, item, "ITEM"]))
                needed.update(x for x in (a.source, a.target, a.claimed_by) if x)
                items.update(a.items)
                if a.polarity == "affirmed":
                    summaries.setdefault((a.relation, *pair), _Summary()).add(a, article)
        for actor_id in sorted(needed):
            actor = actors.get(actor_id) or _fallback_actor(actor_id)
            write["actors.csv"](_line([actor.id, f"Actor{ARRAY_DELIMITER}{actor.kind}", actor.name, actor.wikidata]))
        for item in sorted(items):
            write["items.csv"](_line([item, "Item"]))
        for (relation, source, target), summary in sorted(summaries.items()):
            write["summaries.csv"](_line([source, target, relation, *summary.row()]))
    finally:
        for handle in files.values():
            handle.close()
    report.nodes = report.articles + report.assertions + len(needed) + len(items)
    return report


class _Summary:
    """One pair's summary relationship as the loader counts it (``cypher.summarise``): affirmed assertions, the
    articles reporting them, their items, claimants and roles in first-seen order, the first and last date."""

    __slots__ = ("assertions", "articles", "items", "claimed_by", "roles", "dates")

    def __init__(self):
        self.assertions, self.articles, self.dates = 0, set(), []
        self.items, self.claimed_by, self.roles = {}, {}, {}  # dicts: ordered sets

    def add(self, a: Assertion, article: Article) -> None:
        self.assertions += 1
        self.articles.add(article.id)
        self.items.update(dict.fromkeys(a.items))
        if a.claimed_by:
            self.claimed_by[a.claimed_by] = None
        if a.role:
            self.roles[a.role] = None
        if article.date:
            self.dates.append(article.date)

    def row(self) -> list:
        return [self.assertions, len(self.articles), list(self.items), list(self.claimed_by), list(self.roles),
                min(self.dates, default=None), max(self.dates, default=None)]


def _line(values: list) -> str:
    """One CSV line as the import tool reads it: None is an empty field (no property), a string is always quoted
    (so "" stays an empty string and line breaks stay inside the field), a list is joined by ARRAY_DELIMITER."""
    fields = []
    for value in values:
        if value is None:
            fields.append("")
        elif isinstance(value, str):
            fields.append('"' + value.replace('"', '""') + '"')
        elif isinstance(value, list):
            fields.append('"' + ARRAY_DELIMITER.join(value).replace('"', '""') + '"' if value else "")
        else:  # int, float: repr round-trips a float exactly
            fields.append(repr(value))
    return ",".join(fields) + "\n"


# ---------------------------------------------------------------- the command


def import_arguments(folder: str | Path, database: str = "neo4j") -> list[str]:
    """The arguments of ``neo4j-admin`` that import the files of ``folder`` into ``database`` (replacing it:
    the tool only writes a new database)."""
    folder = str(folder).rstrip("/") or "."
    # The database first: --nodes and --relationships take any number of files, and would read it as one more.
    return ["database", "import", "full", database, *OPTIONS, *(f"--nodes={folder}/{name}" for name in NODE_FILES),
            *(f"--relationships={folder}/{name}" for name in RELATIONSHIP_FILES)]


def import_command(folder: str | Path, database: str = "neo4j") -> str:
    """The shell command, as a person types it on the server's machine."""
    words = ["neo4j-admin", *(shlex.quote(arg) for arg in import_arguments(folder, database))]
    lines = textwrap.wrap(" ".join(words), 110, break_on_hyphens=False, break_long_words=False)
    return " \\\n    ".join(lines)


# ---------------------------------------------------------------- loading


def bulk_load_store(store: str | Path, server: LocalServer, database: str | None = None,
                    log: Callable[[str], None] | None = None) -> BulkReport:
    """Bulk-load everything in the embedded store into the local server's empty database."""
    with Store.open(store, read_only=True) as kept:
        return bulk_load(kept.oxigraph, server, database, log)


def bulk_load_file(path: str | Path, server: LocalServer, database: str | None = None,
                   log: Callable[[str], None] | None = None) -> BulkReport:
    """Bulk-load an RDF file graphkit wrote (as ``graphkit load FILE`` reads it)."""
    seconds: dict[str, float] = {}
    with _timed(seconds, "read"):
        graph = read_rdf_file(path)
    report = bulk_load(graph, server, database, log)
    report.seconds = {**seconds, **report.seconds}
    return report


def export_for_import(graph: Graph | ox.Store, folder: str | Path) -> BulkReport:
    """Write the CSV files of graphkit's RDF in ``graph`` for ``neo4j-admin database import full``."""
    graph = oxigraph_of(graph)
    return write_import_csv(read_articles(graph), read_actors(graph), folder)


def bulk_load(graph: Graph | ox.Store, server: LocalServer, database: str | None = None,
              log: Callable[[str], None] | None = None) -> BulkReport:
    """Load graphkit's RDF in ``graph`` into the local server's database, which must be empty: write the CSV
    files, stop the server, run ``neo4j-admin database import full``, start it again and create graphkit's
    constraints and indexes. The server is left running."""
    say = log or (lambda message: None)
    database = database or "neo4j"
    if database != "neo4j":
        raise UsageError(f"the local server is Neo4j Community, whose one database is neo4j, not {database!r}")
    _refuse_unless_empty(server, database)
    folder = server.home / "import" / "graphkit-bulk"
    shutil.rmtree(folder, ignore_errors=True)
    seconds: dict[str, float] = {}
    with _timed(seconds, "csv"):
        say("writing the CSV files")
        report = export_for_import(graph, folder)
    with _timed(seconds, "stop"):
        if server.stop():
            say("stopped Neo4j for the import")
    with _timed(seconds, "import"):
        say("importing with neo4j-admin database import full")
        try:
            _run_import(server, folder, database)
        except Neo4jError:
            server.start()  # the database is as empty as it was; leave the server as the user had it
            raise
    shutil.rmtree(folder, ignore_errors=True)
    with _timed(seconds, "restart"):
        say("starting Neo4j")
        server.start()
    with _timed(seconds, "finish"):
        say("creating constraints and indexes")
        target = Neo4jSettings(server.bolt_uri, "neo4j", server.password(), database, local=True)
        report.relationships = finish_import(target)
    report.seconds = seconds
    return report


@contextmanager
def _timed(seconds: dict[str, float], phase: str) -> Iterator[None]:
    """Time the block as ``phase`` in ``seconds`` (a block that raises is not timed: the load failed)."""
    started = time.perf_counter()
    yield
    seconds[phase] = round(time.perf_counter() - started, 2)


def finish_import(target: Neo4jSettings) -> int:
    """After ``neo4j-admin database import full`` of graphkit's CSV files, with the server started: create
    graphkit's constraints and indexes and put back the empty lists the tool cannot write, so the graph is the
    one the incremental loader writes. Returns the number of relationships."""
    with connect(target) as driver:
        driver.execute_query("RETURN 1", database_=target.database)  # retried while the database comes online
        for statement in cypher.CONSTRAINTS:
            driver.execute_query(statement, database_=target.database)
        with driver.session(database=target.database) as session:  # auto-commit, as IN TRANSACTIONS needs
            for statement in cypher.empty_lists():
                session.run(statement).consume()
        driver.execute_query("CALL db.awaitIndexes(600)", database_=target.database)
        return driver.execute_query("MATCH ()-[r]->() RETURN count(r) AS n",
                                    database_=target.database).records[0]["n"]


def node_count(target: Neo4jSettings) -> int:
    """How many nodes the target database holds."""
    with connect(target) as driver:
        return driver.execute_query(cypher.NODE_COUNT, database_=target.database).records[0]["n"]


def is_local(target_uri: str, server: LocalServer) -> bool:
    """Whether a URI names graphkit's local server: ``bolt://`` or ``neo4j://`` on its Bolt port of 127.0.0.1, where
    it runs (another Neo4j on that port is not one whose files graphkit may replace)."""
    parts = urlsplit(target_uri)
    return (parts.scheme in ("bolt", "neo4j") and parts.hostname in ("127.0.0.1", "localhost", "::1")
            and (parts.port or 7687) == server.bolt_port and server.status().running)


def remote_steps(folder: str | Path, target: Neo4jSettings) -> str:
    """What to run for a server graphkit does not manage: the import runs on that server's machine."""
    database = target.database or "neo4j"
    return "\n".join([
        f"The CSV files are in {folder}. neo4j-admin writes store files, so it runs on the machine of the Neo4j "
        f"at {target.uri}, with database {database} stopped (Community: the server stopped) and empty:",
        f"  1. copy the folder there, e.g.  scp -r {shlex.quote(str(folder))} HOST:",
        "  2. there, stop it:            neo4j stop       (Enterprise: STOP DATABASE " f"{database}, in Cypher)",
        f"  3. there, beside the folder {Path(folder).name}, import (this replaces the database):",
        "     " + import_command(Path(folder).name, database).replace("\n", "\n     "),
        "  4. there, start it:           neo4j start      (Enterprise: START DATABASE " f"{database})",
        "  5. here, finish:              graphkit load --finish-import",
        "     (graphkit's constraints and indexes, and the empty lists the import tool cannot write)",
        "Aura has no neo4j-admin: load it with graphkit load, without --bulk.",
    ])


def _refuse_unless_empty(server: LocalServer, database: str) -> None:
    """The import replaces the database: refuse unless it is empty. A database that was never created is."""
    if not (server.home / "data" / "databases" / database).exists():
        return
    was_running = server.status().running
    server.start()
    try:
        count = node_count(Neo4jSettings(server.bolt_uri, "neo4j", server.password(), database, local=True))
    finally:
        if not was_running:
            server.stop()
    if count:
        raise Neo4jError(f"database {database} of the local Neo4j holds {count:,} nodes: --bulk only loads an empty "
                         "database (the import replaces it); add to it with graphkit load, without --bulk")


def _run_import(server: LocalServer, folder: Path, database: str) -> None:
    java, lib = find_java(), install()
    server._write_config()  # the tool reads the server's neo4j.conf: where the data is, the page cache
    log = server.home / "logs" / "import.log"
    command = [java, "-cp", f"{lib}/*", *JVM_FLAGS, ADMIN_TOOL, *import_arguments(folder, database),
               f"--report-file={server.home / 'logs' / 'import.report'}"]
    env = {**os.environ, "NEO4J_HOME": str(server.home), "NEO4J_CONF": str(server.home / "conf")}
    with open(log, "w", encoding="utf-8") as output:
        result = subprocess.run(command, env=env, stdout=output, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                cwd=server.home, timeout=IMPORT_TIMEOUT)
    if result.returncode != 0:
        raise Neo4jError(f"neo4j-admin database import failed: {_import_error(log)} (the whole output: {log}; the "
                         f"CSV files: {folder})")


def _import_error(log: Path) -> str:
    """The line of the tool's output that says what went wrong."""
    lines = [line.strip() for line in log.read_text(encoding="utf-8", errors="replace").splitlines() if line.strip()]
    for line in lines:
        if line.startswith(("Caused by:", "Error", "org.neo4j")) or "Exception:" in line:
            return line.split("Exception: ", 1)[-1][:300]
    return lines[-1][:300] if lines else "no output"
