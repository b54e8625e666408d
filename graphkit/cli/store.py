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
from .app import app, clean_errors
from .articles import StoreOption
from .output import TableFormat, err, out, print_rows


class ExportFormat(str, Enum):
    turtle = "turtle"
    nquads = "nquads"
    jsonld = "jsonld"
    trig = "trig"
    ntriples = "ntriples"


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

    text = _query_text(query)
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
    format: Annotated[ExportFormat, typer.Option("--format", "-f", help="RDF serialisation.")] = ExportFormat.turtle,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write here instead of stdout.")] = None,
    store: StoreOption = None,
) -> None:
    """Write the whole store as RDF (turtle, nquads, jsonld, trig, ntriples).

    Example: `graphkit export --format nquads -o graph.nq`
    """
    from ..store import Store

    with Store.open(store or load_settings().store_path, read_only=True) as kept:
        data = kept.export(format.value)
    if output is None:
        sys.stdout.buffer.write(data)
    else:
        output.write_bytes(data)
        err.print(f"wrote {len(data):,} bytes to {output}")


def _query_text(query: str) -> str:
    if not query.startswith("@"):
        return query
    try:
        return Path(query[1:]).read_text(encoding="utf-8")
    except OSError as error:
        raise GraphkitError(f"cannot read the query file {query[1:]}: {error.strerror}") from None


def _term(value) -> str:
    return "" if value is None else str(value)
