"""Commands over the embedded store: sparql, stats, export."""
from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..config import load_settings
from ..errors import GraphkitError
from .app import app, clean_errors, query_text
from .articles import StoreOption
from .output import TableFormat, err, out, print_rows


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
    from ..store import Store

    text = query_text(query)
    with Store.open(store or load_settings().store_path, read_only=True) as kept:
        result = kept.sparql(text)
        if result.type != "SELECT":
            out.print(str(result.askAnswer) if result.type == "ASK" else result.serialize(format="turtle").decode())
            return
        names = [str(v) for v in result.vars]
        rows = [[_term(row[v]) for v in result.vars] for row in result]
    print_rows(names, rows, format)


@app.command()
@clean_errors
def stats(store: StoreOption = None,
          format: Annotated[TableFormat, typer.Option("--format", "-f", help="table or jsonl.")] = TableFormat.table) -> None:
    """Count the triples, articles, assertions and actors in the store."""
    from ..store import Store

    with Store.open(store or load_settings().store_path, read_only=True) as kept:
        counts = kept.stats()
    if format is not TableFormat.table:
        print(json.dumps(counts))
        return
    by_relation = counts.pop("by_relation")
    print_rows(["what", "count"], [[k, v] for k, v in counts.items()] + [[f"  {k}", v] for k, v in by_relation.items()],
                format)


@app.command()
@clean_errors
def export(
    format: Annotated[ExportFormat, typer.Option("--format", "-f", help="turtle, nquads, jsonld, trig, ntriples (RDF); "
                                                 "graphml, gexf (Gephi, Cytoscape); csv (a folder for neo4j-admin "
                                                 "database import); plover (event JSON lines).")] = ExportFormat.turtle,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write here instead of stdout (a folder "
                                                   "for csv).")] = None,
    store: StoreOption = None,
) -> None:
    """Write the store for other tools.

    Examples: `graphkit export --format nquads -o graph.nq`, `graphkit export -f graphml -o graph.graphml`,
    `graphkit export -f csv -o import/`, `graphkit export -f plover > events.jsonl`
    """
    from ..store import Store

    path = store or load_settings().store_path
    if format.value in GRAPH_FORMATS:
        _export_graph(format.value, path, output)
        return
    with Store.open(path, read_only=True) as kept:
        data = kept.export(format.value)
    if output is None:
        sys.stdout.buffer.write(data)
    else:
        output.write_bytes(data)
        err.print(f"wrote {len(data):,} bytes to {output}")


def _export_graph(fmt: str, store: Path, output: Path | None) -> None:
    from .. import exports
    from ..analysis import articles_from_store

    articles = articles_from_store(store)
    if fmt == "plover":
        if output is None:
            for event in exports.plover_events(articles):
                print(json.dumps(event, ensure_ascii=False))
        else:
            err.print(f"wrote {exports.write_plover(articles, output)} events to {output}")
        return
    if output is None:
        raise GraphkitError(f"--format {fmt} writes files: give --output")
    if fmt == "csv":
        files = exports.write_neo4j_csv(articles, output)
        err.print(f"wrote {len(files)} CSV files to {output}; import them with neo4j-admin database import full "
                  + " ".join(f"--{'relationships' if 'links' in f.name or 'summaries' in f.name else 'nodes'}={f.name}"
                             for f in files))
    else:
        graph = (exports.write_graphml if fmt == "graphml" else exports.write_gexf)(articles, output)
        err.print(f"wrote {graph.number_of_nodes()} actors and {graph.number_of_edges()} assertions to {output}")


def _term(value) -> str:
    return "" if value is None else str(value)
