"""The one error root of graphkit and its few subclasses.

Every error graphkit raises on purpose is a :class:`GraphkitError`; the command
line catches only that root, prints its message on one line and exits non-zero.
"""

__all__ = [
    "GraphkitError",
    "ArticleError",
    "ConfigError",
    "UsageError",
    "OntologyError",
    "StoreError",
    "StoreLockedError",
    "ModelError",
    "Neo4jError",
    "JavaNotFoundError",
    "one_line",
]


def one_line(message: str, limit: int = 200) -> str:
    """A parser's message cut to its first line and ``limit`` characters: SPARQL and Cypher parsers list every
    token they expected, which is a grammar dump, not an error message.

    >>> one_line("error at 1:9: expected one of DESCRIBE, [_]\\n  more")
    'error at 1:9: expected one of DESCRIBE, [_]'
    >>> len(one_line("x" * 500))
    200
    """
    first = " ".join(message.strip().splitlines()[0].split()) if message.strip() else ""
    return first if len(first) <= limit else first[:limit - 1] + "…"


class GraphkitError(Exception):
    """Base class of every error graphkit raises deliberately."""

    exit_code = 1


class ArticleError(GraphkitError):
    """An article could not be read; the message names the file (and line) and the reason."""

    exit_code = 3

    def __init__(self, where: str, reason: str):
        super().__init__(f"{where}: {reason}")
        self.where = where
        self.reason = reason


class ConfigError(GraphkitError):
    """A setting is missing or malformed."""

    exit_code = 2


class UsageError(GraphkitError):
    """The request cannot be run as given: a query that does not parse, a missing parameter, an unknown name or
    format, an output path of the wrong kind."""

    exit_code = 2


class OntologyError(GraphkitError):
    """The ontology, a gazetteer or a lexicon does not say what the code needs."""


class ModelError(GraphkitError):
    """The spaCy pipeline cannot be loaded."""


class StoreError(GraphkitError):
    """The embedded store cannot be opened, read or written."""

    exit_code = 4


class StoreLockedError(StoreError):
    """Another graphkit process is writing to the same store."""


class Neo4jError(GraphkitError):
    """Neo4j cannot be installed, started, reached or written to."""

    exit_code = 5


class JavaNotFoundError(Neo4jError):
    """No Java 17 or newer to run the local Neo4j server."""
