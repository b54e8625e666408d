"""The ``graphkit`` command line: a thin skin over the library, one command a function.

Exit codes: 0 done; 1 error; 2 bad usage or settings; 3 some articles could not be read (the rest were
handled); 4 the store could not be opened or written; 5 Neo4j could not be installed, started or reached.
"""
from __future__ import annotations

import functools
import logging
from pathlib import Path
from typing import Annotated

import typer
from rich.logging import RichHandler

from .. import __version__
from ..errors import GraphkitError
from .output import err, out

__all__ = ["app", "clean_errors", "state", "query_text"]

def _flags_take_no_value() -> None:
    """Show a flag in ``--help`` as a flag: typer 0.2x renders every flag's type as ``<bool>``, as if it took a
    value (``--neo4j <bool>``), because its rich help asks the type of every option, flags included."""
    from typer.core import TyperOption

    shown = TyperOption.display_type_rich
    if getattr(shown, "flags_take_no_value", False):
        return

    def display_type_rich(self, ctx):
        return None if self.is_flag else shown(self, ctx)

    display_type_rich.flags_take_no_value = True
    TyperOption.display_type_rich = display_type_rich


_flags_take_no_value()

app = typer.Typer(
    name="graphkit",
    help="Turn news articles into a knowledge graph of relations between states.\n\n"
         "Start with `graphkit demo`, then `graphkit ingest ARTICLES...` and `graphkit sparql QUERY`; "
         "`graphkit neo4j start` and `graphkit load` put the graph in Neo4j.",
    no_args_is_help=True,
    rich_markup_mode="markdown",
    context_settings={"help_option_names": ["-h", "--help"]},
)
state = {"verbose": False}


def clean_errors(command):
    """Let a command fail with one clear line and the error's exit code; ``--verbose`` adds the traceback."""

    @functools.wraps(command)
    def run(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except GraphkitError as error:
            if state["verbose"]:
                err.print_exception()
            err.print(f"[red]error:[/red] {error}", highlight=False, soft_wrap=True)
            raise typer.Exit(error.exit_code) from None

    return run


def _print_version(value: bool) -> None:
    if value:
        out.print(f"graphkit {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show tracebacks and progress detail.")] = False,
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.", is_eager=True,
                                          callback=_print_version)] = False,
) -> None:
    state["verbose"] = verbose
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(message)s",
                        handlers=[RichHandler(console=err, show_time=False, show_path=False)])


def query_text(query: str) -> str:
    """A query given on the command line, or read from the file named after an ``@``."""
    if not query.startswith("@"):
        return query
    try:
        return Path(query[1:]).read_text(encoding="utf-8")
    except OSError as error:
        raise GraphkitError(f"cannot read the query file {query[1:]}: {error.strerror}") from None
