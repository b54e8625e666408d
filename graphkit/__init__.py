"""graphkit: news articles in, a knowledge graph of relations between states out."""
__version__ = "0.1.0"

from .articles import read  # noqa: E402
from .errors import GraphkitError  # noqa: E402
from .extract import Extractor, extract  # noqa: E402
from .ingest import ingest  # noqa: E402
from .model import Actor, Article, Assertion  # noqa: E402
from .store import Store  # noqa: E402

__all__ = ["__version__", "read", "extract", "Extractor", "ingest", "Store", "Article", "Actor", "Assertion",
           "GraphkitError"]
