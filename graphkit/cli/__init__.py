"""The ``graphkit`` command line; ``main`` is the console entry point."""
from . import articles, neo4j, store  # noqa: F401  (each registers its commands on the app)
from .app import app

__all__ = ["app", "main"]


def main() -> None:
    """Entry point of the ``graphkit`` command."""
    app()
