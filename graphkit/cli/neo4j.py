"""Commands for Neo4j: the local server (neo4j install|start|stop|status|password), load, query."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..config import load_settings
from ..errors import Neo4jError, UsageError
from .app import app, clean_errors, query_text
from .articles import StoreOption
from .output import TableFormat, err, out, print_rows, progress

server_app = typer.Typer(
    help="Run graphkit's own local Neo4j Community server: real Neo4j from Maven Central jars, no Docker, "
         "bound to 127.0.0.1 with a generated password.\n\nExample: `graphkit neo4j start`, then open "
         "http://localhost:7474/browser/ (user neo4j, password from `graphkit neo4j password`).",
    no_args_is_help=True)
app.add_typer(server_app, name="neo4j")


@server_app.command("install")
@clean_errors
def install_server() -> None:
    """Download the locked Neo4j jars from Maven Central into the cache and check every hash (once)."""
    from ..neo4j.install import install, read_lock

    lock = read_lock()
    with progress("downloading Neo4j jars") as bar:
        task = bar.add_task("jars", total=len(lock.jars))
        folder = install(progress=lambda jar: bar.advance(task))
    err.print(f"Neo4j Community {lock.neo4j_version}: {len(lock.jars)} jars, hashes checked, in {folder}")


@server_app.command("start")
@clean_errors
def start_server() -> None:
    """Start the local server (installing it first if needed) and return once it answers on Bolt."""
    from ..neo4j.connection import local_server

    server = local_server()
    status = server.start()
    out.print(f"Neo4j is running (pid {status.pid})\n  Bolt:    {status.bolt_uri}\n  Browser: {status.browser_url}\n"
              f"  user neo4j, password in {server.password_file} (graphkit neo4j password)\n"
              f"  the Browser applies graphkit's style and plays its guide on connecting (served at "
              f"{status.guide_url})\n  data and logs in {status.home}", highlight=False)


@server_app.command("stop")
@clean_errors
def stop_server() -> None:
    """Shut the local server down cleanly."""
    from ..neo4j.connection import local_server

    out.print("stopped" if local_server().stop() else "not running")


@server_app.command("status")
@clean_errors
def server_status(format: Annotated[TableFormat, typer.Option("--format", "-f", help="table, jsonl or csv.")]
                  = TableFormat.table) -> None:
    """Whether the local server runs, where, and its URIs. Exit code 1 when it is not running."""
    from ..neo4j.connection import local_server

    status = local_server().status()
    row = {"running": status.running, "pid": status.pid, "bolt": status.bolt_uri, "browser": status.browser_url,
           "guide": status.guide_url, "home": str(status.home)}
    if format is TableFormat.jsonl:
        print(json.dumps(row))
    else:
        print_rows(list(row), [list(row.values())], format)
    if not status.running:
        raise typer.Exit(1)


@server_app.command("logs")
@clean_errors
def server_logs(
    lines: Annotated[int, typer.Option("--lines", "-n", min=1, help="How many of the last lines.")] = 50,
    debug: Annotated[bool, typer.Option("--debug", help="debug.log instead of the server's console log.")] = False,
) -> None:
    """Print the end of the local server's log: why it did not start, what it complained about.

    Example: `graphkit neo4j logs -n 200`
    """
    from ..neo4j.connection import local_server

    for line in local_server().log_tail("debug" if debug else "console", lines):
        print(line)


@server_app.command("style")
@clean_errors
def browser_style() -> None:
    """Print graphkit's Neo4j Browser style (GraSS): actors captioned by name, articles by title, assertions by
    relation and polarity, cooperation in blues and conflict in reds (PLOVER quad classes).

    Example: `graphkit neo4j style > graphkit.grass`, then in the Browser run `:style` and drop the file on it.
    The local server (`graphkit neo4j start`) applies it by itself on every connection.
    """
    from ..neo4j.browser import grass

    sys.stdout.write(grass())
    err.print(_how_to_apply("style"), highlight=False, soft_wrap=True)


@server_app.command("guide")
@clean_errors
def browser_guide(
    serve: Annotated[bool, typer.Option("--serve", help="Serve the guide and the style on 127.0.0.1 until Ctrl-C, "
                                                        "for a Neo4j of your own.")] = False,
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="The port --serve listens on (0: any free "
                                                                        "port).")] = 0,
) -> None:
    """Print the Neo4j Browser guide (an HTML page to :play): how to read graphkit's graph, and each named query,
    ready to run.

    Example: `graphkit neo4j guide > guide.html`, or `graphkit neo4j guide --serve` and in the Browser
    `:play http://127.0.0.1:PORT/guide.html`. The local server plays it by itself on every connection.
    """
    # the module, not its serve(): imported by name it would take the place of the --serve flag in this function
    from ..neo4j import browser
    from ..neo4j.browser import GUIDE_PATH, STYLE_PATH, content_server, guide_html

    if not serve:
        sys.stdout.write(guide_html())
        err.print(_how_to_apply("guide"), highlight=False, soft_wrap=True)
        return
    server = content_server(port)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    err.print(f"serving the guide and the style until Ctrl-C; in the Neo4j Browser run\n  :play {base}{GUIDE_PATH}\n"
              f"  :style {base}{STYLE_PATH}\nYour Neo4j must allow the host: browser.remote_content_hostname_whitelist="
              f"127.0.0.1 in its neo4j.conf (browser.post_connect_cmd=style {base}{STYLE_PATH}; play {base}{GUIDE_PATH} "
              "runs both on connecting)", highlight=False, soft_wrap=True)
    browser.serve(server)


def _how_to_apply(what: str) -> str:
    """Where the local server serves the style or guide, or how to use the printed one."""
    from ..neo4j.browser import GUIDE_PATH, STYLE_PATH
    from ..neo4j.connection import local_server

    status = local_server().status()
    command = f":style {status.guide_url}{STYLE_PATH}" if what == "style" else f":play {status.guide_url}{GUIDE_PATH}"
    if status.guide_url:
        return (f"The local server's Browser ({status.browser_url}) gets this {what} on connecting; to get it back, "
                f"run {command}")
    if what == "style":
        return "In the Neo4j Browser, run :style and drop this file on the frame (or graphkit neo4j guide --serve)"
    return "Serve it to the Neo4j Browser with graphkit neo4j guide --serve, then :play its address"


@server_app.command("password")
@clean_errors
def server_password(reset: Annotated[bool, typer.Option(
        "--reset", help="Lost the password file? Give user neo4j a new password (the server must be stopped; "
                        "the graph is kept).")] = False) -> None:
    """Print the local server's generated password (for logging in to the Neo4j Browser)."""
    from ..neo4j.connection import local_server

    server = local_server()
    if reset:
        server.reset_password()
        err.print(f"new password set in {server.password_file}; start the server with graphkit neo4j start")
    print(server.password())


@app.command()
@clean_errors
def load(
    source: Annotated[Optional[Path], typer.Argument(help="An RDF file graphkit exported (.ttl, .nq, .trig, "
                                                          ".jsonld); without it, the store.")] = None,
    store: StoreOption = None,
    bulk: Annotated[bool, typer.Option(
        "--bulk", help="Load an empty database with neo4j-admin database import full, many times faster: for a first "
                       "load of a large corpus. The local server is stopped for the import and started again; for "
                       "another server the CSV files are written to --csv-dir and the commands to run are printed. A "
                       "database that has data is refused.")] = False,
    csv_dir: Annotated[Optional[Path], typer.Option(
        "--csv-dir", help="With --bulk and a server graphkit does not manage: write the CSV files here (default "
                          "./graphkit-import).", show_default=False)] = None,
    finish_import: Annotated[bool, typer.Option(
        "--finish-import", help="After a neo4j-admin import of graphkit's CSV files done by hand: create graphkit's "
                                "constraints and indexes and put back the empty lists the tool cannot write.")] = False,
) -> None:
    """Load the graph into Neo4j as a property graph: actors, articles, assertions and one summary relationship
    per related pair and type. Articles already loaded unchanged are skipped, so a stopped load is finished by
    running it again. Neo4j is the local server unless NEO4J_URI (or the config file) names another.

    Example: `graphkit load`, `graphkit load --bulk` (a first load into an empty database), or
    `NEO4J_URI=neo4j+s://xxxx.databases.neo4j.io NEO4J_PASSWORD=... graphkit load`
    """
    if finish_import:
        from ..neo4j.bulk import finish_import as finish
        from ..neo4j.connection import neo4j_settings

        target = neo4j_settings()
        relationships = finish(target)
        err.print(f"constraints and indexes created at {target.uri}; {relationships:,} relationships")
        return
    if bulk:
        _bulk_load(source, store, csv_dir)
        return
    if csv_dir is not None:
        raise UsageError("--csv-dir goes with --bulk")
    from ..neo4j.loader import load_file, load_store

    with progress("loading into Neo4j") as bar:
        task = bar.add_task("articles", total=None if bar.disable or source else _stored_articles(store))
        advance = lambda count: bar.advance(task, count)  # noqa: E731
        report = load_file(source, progress=advance) if source else load_store(store, progress=advance)
    err.print(f"loaded {report.articles_loaded} articles ({report.articles_skipped} unchanged, skipped), "
              f"{report.assertions} assertions, {report.summaries} summaries updated, in {report.batches} batches")


def _bulk_load(source: Path | None, store: Path | None, csv_dir: Path | None) -> None:
    """``load --bulk``: the import itself on the local server, the files and the commands for another one."""
    from ..neo4j import bulk
    from ..neo4j.connection import local_server, neo4j_settings

    settings = load_settings()
    server = local_server(settings)
    if not settings.neo4j_uri or bulk.is_local(settings.neo4j_uri, server):
        if csv_dir is not None:
            raise UsageError("--csv-dir is for a server graphkit does not manage; the local one imports from its own "
                             "import folder")
        say = lambda message: err.print(f"{message}…", highlight=False)  # noqa: E731
        database = settings.neo4j_database or None
        report = (bulk.bulk_load_file(source, server, database, say) if source
                  else bulk.bulk_load_store(store or settings.store_path, server, database, say))
        phases = ", ".join(f"{name} {seconds:.1f}s" for name, seconds in report.seconds.items())
        err.print(f"bulk-loaded {report.articles:,} articles and {report.assertions:,} assertions: {report.nodes:,} "
                  f"nodes and {report.relationships:,} relationships in {sum(report.seconds.values()):.1f}s "
                  f"({phases}); Neo4j is running at {server.bolt_uri}", highlight=False)
        return
    target = neo4j_settings(settings)
    count = bulk.node_count(target)
    if count:
        raise Neo4jError(f"the database at {target.uri} holds {count:,} nodes: --bulk only loads an empty database "
                         "(the import replaces it); add to it with graphkit load, without --bulk")
    from ..neo4j.loader import read_rdf_file
    from ..store import Store

    folder = csv_dir or Path("graphkit-import")
    if source:
        report = bulk.export_for_import(read_rdf_file(source), folder)
    else:
        with Store.open(store or settings.store_path, read_only=True) as kept:
            report = bulk.export_for_import(kept.oxigraph, folder)
    err.print(f"wrote {report.articles:,} articles and {report.assertions:,} assertions as CSV to {folder}",
              highlight=False)
    print(bulk.remote_steps(folder, target))


@app.command()
@clean_errors
def query(
    cypher: Annotated[Optional[str], typer.Argument(help="A Cypher query, or @FILE.cypher.")] = None,
    name: Annotated[Optional[str], typer.Option("--name", "-n", help="Run a named example query instead.")] = None,
    param: Annotated[Optional[list[str]], typer.Option("--param", "-p", help="A parameter, key=value (JSON values "
                                                                               "allowed); repeat for more.")] = None,
    list_: Annotated[bool, typer.Option("--list", help="List the named example queries.")] = False,
    format: Annotated[TableFormat, typer.Option("--format", "-f", help="table, jsonl or csv.")] = TableFormat.table,
) -> None:
    """Ask Neo4j in Cypher, always with parameters.

    Example: `graphkit query 'MATCH (s)-[r:SUPPLIES]->(t) WHERE s.id = $who RETURN t.id, r.items' --param who=IRN`,
    or `graphkit query --name who-supplies-whom`.
    """
    from ..neo4j.queries import named_queries, parse_params, run_query

    if list_:
        print_rows(["name", "about", "parameters"],
                   [[q.name, q.about, q.params] for q in named_queries().values()], format)
        return
    if name is not None:
        chosen = named_queries().get(name)
        if chosen is None:
            raise UsageError(f"no example query named {name!r}; see graphkit query --list")
        given = parse_params(param or [])
        defaults = {key: value for key, value in chosen.params.items() if key not in given}
        if defaults:  # say so, or the answer reads as if it were about nothing in particular
            err.print(f"{name}: using the default {', '.join(f'{k}={v}' for k, v in defaults.items())} "
                      f"(change with {' '.join(f'--param {k}=...' for k in defaults)})",
                      highlight=False, soft_wrap=True)
        text, params = chosen.cypher, {**chosen.params, **given}
    elif cypher is not None:
        text, params = query_text(cypher), parse_params(param or [])
    else:
        raise UsageError("give a Cypher query, --name NAME or --list")
    names, rows = run_query(text, params)
    print_rows(names, rows, format)


def _stored_articles(store: Path | None) -> int | None:
    """How many articles a load from the store goes through: the total of its progress bar."""
    from ..errors import StoreError
    from ..store import Store

    try:
        with Store.open(store or load_settings().store_path, read_only=True) as kept:
            return kept.stats()["articles"]
    except StoreError:
        return None  # the load itself says what is wrong
