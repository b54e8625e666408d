"""The one error root of graphkit and its few subclasses.

Every error graphkit raises on purpose is a :class:`GraphkitError`; the command
line catches only that root, prints its message on one line and exits non-zero.
"""

__all__ = [
    "GraphkitError",
    "ArticleError",
    "ConfigError",
    "OntologyError",
    "StoreError",
    "StoreLockedError",
    "ModelError",
    "Neo4jError",
    "JavaNotFoundError",
]


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
