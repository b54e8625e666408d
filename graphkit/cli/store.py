"""Commands over the embedded store: sparql, stats, export, store drop."""
from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional
from urllib.parse import quote

import typer

from ..config import load_settings
from ..errors import UsageError
from .app import app, clean_errors, query_text
from .articles import StoreOption
from .output import TableFormat, err, out, print_rows


# the format an output file's extension names; csv writes a folder, named without an extension
EXTENSIONS = {".ttl": "turtle", ".nq": "nquads", ".jsonld": "jsonld", ".json": "jsonld", ".trig": "trig",
              ".nt": "ntriples", ".graphml": "graphml", ".gexf": "gexf", ".jsonl": "plover", ".ndjson": "plover",
              "": "csv"}


SinceOption = Annotated[Optional[str], typer.Option(
    "--since", help="Only articles dated on or after this day (YYYY-MM-DD).", show_default=False)]
UntilOption = Annotated[Optional[str], typer.Option(
    "--until", help="Only articles dated on or before this day (YYYY-MM-DD).", show_default=False)]

store_app = typer.Typer(help="Housekeeping of the embedded store.\n\nExample: `graphkit store drop --yes`",
                        no_args_is_help=True)
app.add_typer(store_app, name="store")


class ExportFormat(str, Enum):
    turtle = "turtle"
    nquads = "nquads"
    jsonld = "jsonld"
    trig = "trig"
    ntriples = "ntriples"
    graphml = "graphml"
    gexf = "gexf"
    csv = "csv"
    plover = "plover"


GRAPH_FORMATS = {"graphml", "gexf", "csv", "plover"}


def export_format(format: ExportFormat | None, output: Path | None) -> str:
    """The format to write: ``--format``, else the one ``output``'s extension names, else Turtle; a format that
    contradicts the extension is refused (``-o graph.nq`` is N-Quads, never silently Turtle).

    >>> export_format(None, Path("graph.nq")), export_format(None, None), export_format(None, Path("import/"))
    ('nquads', 'turtle', 'csv')
    """
    if output is None:
        return format.value if format else "turtle"
    implied = "csv" if output.is_dir() else EXTENSIONS.get(output.suffix.lower())
    if format is not None and implied == "csv" and not output.is_dir():
        implied = None  # a new name without an extension: a file for any format, a folder for csv
    if format is None:
        if implied is None:
            raise UsageError(f"cannot tell the format from the extension {output.suffix!r} of {output}: give --format "
                             f"(extensions: {', '.join(e for e in EXTENSIONS if e)})")
        return implied
    if implied is not None and implied != format.value:
        raise UsageError(f"--format {format.value} does not match {output}, whose extension says {implied}: change "
                         "one of them")
    return format.value


@app.command()
@clean_errors
def sparql(
    query: Annotated[str, typer.Argument(help="A SPARQL query, or @FILE.rq to read it from a file.")],
    store: StoreOption = None,
    format: Annotated[TableFormat, typer.Option("--format", "-f", help="table, jsonl or csv.")] = TableFormat.table,
    full_iris: Annotated[bool, typer.Option("--full-iris", help="Print IRIs in full, not as gk:supplies, "
                                                                "gkid:state/IRN.")] = False,
) -> None:
    """Run a SPARQL query over the embedded store. Prefixes gk:, gkid:, prov:, dcterms: and schema: are bound,
    and IRIs in the answer are written with them.

    Example: `graphkit sparql 'SELECT ?s ?o WHERE { ?s gk:supplies ?o }'`
    """
    from ..store import Store

    text = query_text(query)
    with Store.open(store or load_settings().store_path, read_only=True) as kept:
        result = kept.sparql(text)
        if result.type == "ASK":
            out.print(str(result.askAnswer))
            return
        if result.type != "SELECT":  # CONSTRUCT, DESCRIBE: Turtle with graphkit's prefixes, not ns1:
            from rdflib import Graph

            from ..rdf import bind_prefixes

            graph = Graph()
            bind_prefixes(graph)
            for triple in result:
                graph.add(triple)
            sys.stdout.write(graph.serialize(format="turtle"))
            return
        names = [str(v) for v in result.vars]
        rows = [[_term(row[v], full_iris) for v in result.vars] for row in result]
    print_rows(names, rows, format)


@app.command()
@clean_errors
def stats(store: StoreOption = None,
          format: Annotated[TableFormat, typer.Option("--format", "-f", help="table, jsonl (one JSON object) or csv "
                                                                            "(what,count rows).")] = TableFormat.table,
          since: SinceOption = None, until: UntilOption = None) -> None:
    """Count the triples, articles, assertions and actors in the store (or in the articles of a date range).

    Example: `graphkit stats --since 2024-01-01`
    """
    from ..store import Store

    with Store.open(store or load_settings().store_path, read_only=True) as kept:
        counts = kept.stats(since, until)
    if format is TableFormat.jsonl:
        print(json.dumps(counts))
        return
    by_relation = counts.pop("by_relation")
    print_rows(["what", "count"], [[k, v] for k, v in counts.items()] + [[f"  {k}", v] for k, v in by_relation.items()],
                format)


@app.command()
@clean_errors
def export(
    format: Annotated[Optional[ExportFormat], typer.Option(
        "--format", "-f", help="turtle, nquads, jsonld, trig, ntriples (RDF); graphml, gexf (Gephi, Cytoscape); csv (a "
                               "folder for neo4j-admin database import); plover (event JSON lines). Default: the one "
                               "--output's extension names (.ttl .nq .jsonld .trig .nt .graphml .gexf .jsonl, a folder "
                               "for csv), else turtle.", show_default=False)] = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write here instead of stdout (a folder "
                                                   "for csv).")] = None,
    store: StoreOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
) -> None:
    """Write the store for other tools (or the articles of a date range: --since, --until).

    Examples: `graphkit export --format nquads -o graph.nq`, `graphkit export -f graphml -o graph.graphml`,
    `graphkit export -f csv -o import/`, `graphkit export -f plover > events.jsonl`
    """
    from ..store import Store

    chosen = export_format(format, output)
    path = store or load_settings().store_path
    if chosen in GRAPH_FORMATS:
        _export_graph(chosen, path, output, since, until)
        return
    with Store.open(path, read_only=True) as kept:
        data = kept.export(chosen, since, until)
    if output is None:
        sys.stdout.buffer.write(data)
    else:
        output.write_bytes(data)
        err.print(f"wrote {len(data):,} bytes to {output}")


def _export_graph(fmt: str, store: Path, output: Path | None, since: str | None, until: str | None) -> None:
    from .. import exports
    from ..analysis import articles_from_store
    from ..store import Store

    articles = articles_from_store(store)
    if since or until:
        with Store.open(store, read_only=True) as kept:
            dated = {graph.rsplit("/", 1)[1] for graph in kept.article_graphs(since, until)}
        articles = [(article, found) for article, found in articles if quote(article.id, safe="") in dated]
    if fmt == "plover":
        if output is None:
            for event in exports.plover_events(articles):
                print(json.dumps(event, ensure_ascii=False))
        else:
            err.print(f"wrote {exports.write_plover(articles, output)} events to {output}")
        return
    if fmt == "csv" and output is None:
        raise UsageError("--format csv writes a folder of files: give --output FOLDER")
    if fmt == "csv":
        from ..from_rdf import read_actors
        from ..neo4j.bulk import import_command

        with Store.open(store, read_only=True) as kept:
            actors = read_actors(kept.oxigraph)
        files = exports.write_neo4j_csv(articles, output, actors)
        err.print(f"wrote {len(files)} CSV files to {output}. Import them, with Neo4j stopped (this replaces the "
                  f"database), with\n{import_command(output)}\nthen start Neo4j and run graphkit load --finish-import",
                  highlight=False, soft_wrap=True)
    else:
        write = exports.write_graphml if fmt == "graphml" else exports.write_gexf
        graph = write(articles, output or sys.stdout.buffer)
        err.print(f"wrote {graph.number_of_nodes()} actors and {graph.number_of_edges()} assertions to "
                  f"{output or 'stdout'}")


def _term(value, full_iris: bool = False) -> str:
    from rdflib import URIRef

    from ..rdf import compact_iri

    if value is None:
        return ""
    return compact_iri(str(value)) if isinstance(value, URIRef) and not full_iris else str(value)


@store_app.command("drop")
@clean_errors
def drop(store: StoreOption = None,
         yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask first.")] = False) -> None:
    """Delete the embedded store (only a folder that holds a graphkit store and nothing else), e.g. to ingest
    again from scratch.

    Example: `graphkit store drop --store data/store --yes`
    """
    from ..store import Store

    path = store or load_settings().store_path
    if not yes:
        if not sys.stdin.isatty():
            raise UsageError(f"graphkit store drop deletes {path}: add --yes to confirm")
        typer.confirm(f"Delete the store in {path}?", abort=True, err=True)
    Store.drop(path)
    err.print(f"dropped the store in {path}")


@store_app.command("load")
@clean_errors
def load_partitions(
    folder: Annotated[Path, typer.Argument(help="A folder of partitioned results (graphkit ingest --engine dask "
                                                "--partitions, or graphkit.distributed.extract).")],
    store: StoreOption = None,
) -> None:
    """Bulk-load partitioned results into the embedded store: every finished partition's N-Quads, with Oxigraph's
    bulk loader. Loading a partition again changes nothing; an article stored with other content is replaced.

    Example: `graphkit store load graphkit-data/partitions`
    """
    from ..partitions import load, manifests
    from .output import progress

    with progress("loading") as bar:
        task = bar.add_task("loading", total=None if bar.disable else len(manifests(folder)))
        report = load(store or load_settings().store_path, folder, progress=lambda count: bar.advance(task))
    print_rows(["what", "count"], [["new articles", report.new], ["updated", report.updated],
                                   ["skipped (unchanged)", report.skipped],
                                   ["not read when extracted", report.failed],
                                   ["triples added", report.triples_added]], TableFormat.table)
