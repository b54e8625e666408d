"""graphkit: news articles in, a knowledge graph of relations between states out."""
import sys
import types

__version__ = "0.1.0"

__all__ = ["__version__", "read", "extract", "Extractor", "ingest", "Store", "Article", "Actor", "Assertion",
           "GraphkitError"]

# Names resolved on first use, so that `graphkit --help` and the commands that only read the store do not
# import spaCy (or Oxigraph) before they need them.
_LAZY = {"read": "articles", "GraphkitError": "errors", "Extractor": "extract", "extract": "extract",
         "ingest": "ingest", "Actor": "model", "Article": "model", "Assertion": "model", "Store": "store"}


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'graphkit' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(__all__))


class _Package(types.ModuleType):
    def __setattr__(self, name, value):
        # Importing the subpackage graphkit.extract would bind its module to the name `extract`, which
        # graphkit.extract (the function) keeps, as it did when this file imported everything eagerly.
        if name in ("extract", "ingest") and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
