"""The ``graphkit`` command line: a thin skin over the library, one command a function.

Exit codes: 0 done; 1 error; 2 bad usage or settings; 3 some articles could not be read (the rest were
handled); 4 the store could not be opened or written; 5 Neo4j could not be installed, started or reached.
"""
from __future__ import annotations

import functools
import logging
import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from typer.core import TyperGroup
from rich.logging import RichHandler

from .. import __version__
from ..errors import GraphkitError, one_line
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


class _Commands(TyperGroup):
    """The command group, with click's usage errors (unknown option or command, a value not among the choices)
    on one line and exit code 2, instead of a usage block and a framed panel."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            # not standalone: click raises its errors here, and returns the exit code a command exits with
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except typer.TyperException as error:  # click's errors, as typer vendors click
            if type(error).__name__ == "NoArgsIsHelpError":  # typer has printed the help already
                sys.exit(error.exit_code)
            where = f" (see {error.ctx.command_path} --help)" if getattr(error, "ctx", None) else ""
            err.print(f"[red]error:[/red] {one_line(error.format_message())}{where}", highlight=False,
                      soft_wrap=True)
            sys.exit(error.exit_code)
        except typer.Abort:
            err.print("aborted")
            sys.exit(1)
        except Exception as error:  # noqa: BLE001 - outside any command (commands have clean_errors)
            if state["verbose"]:
                raise
            err.print(f"[red]error:[/red] {type(error).__name__}: {one_line(str(error))} (--verbose shows where)",
                      highlight=False, soft_wrap=True)
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


app = typer.Typer(
    cls=_Commands,
    pretty_exceptions_enable=False,
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
    """Let a command fail with one clear line and the error's exit code; ``--verbose`` adds the traceback.

    Errors graphkit did not foresee (a bug) are one line too, exit code 1, never a traceback without ``--verbose``.
    A reader that stops reading (``graphkit extract ... | head``) ends the command quietly, exit code 0.
    """

    @functools.wraps(command)
    def run(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except BrokenPipeError:
            _silence_stdout()
            raise typer.Exit(0) from None
        except (typer.Exit, typer.Abort, typer.TyperException):
            raise
        except GraphkitError as error:
            if state["verbose"]:
                err.print_exception()
            err.print(f"[red]error:[/red] {error}", highlight=False, soft_wrap=True)
            raise typer.Exit(error.exit_code) from None
        except Exception as error:  # noqa: BLE001 - the last line of defence against a traceback
            if state["verbose"]:
                err.print_exception()
            err.print(f"[red]error:[/red] {type(error).__name__}: {one_line(str(error))} (a bug in graphkit: "
                      f"--verbose before the command shows where)", highlight=False, soft_wrap=True)
            raise typer.Exit(1) from None

    return run


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so that flushing it at exit does not raise again on the closed pipe."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # not a real file (tests capture stdout)
        pass


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
