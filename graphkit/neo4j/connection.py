"""Connecting to Neo4j: any Neo4j 5+ by URI (bolt://, neo4j://, neo4j+s:// for Aura and clusters).

Settings come from the environment (``NEO4J_URI``, ``NEO4J_USERNAME``, ``NEO4J_PASSWORD``, ``NEO4J_DATABASE``),
else the config file's ``[neo4j]`` table (the password from the file ``password_file`` names), else graphkit's
own local server (``graphkit neo4j start``). A password is never taken from a command-line argument.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import neo4j

from ..config import Settings, load_settings
from ..errors import Neo4jError
from .server import LocalServer

__all__ = ["Neo4jSettings", "neo4j_settings", "connect", "local_server"]


@dataclass(frozen=True)
class Neo4jSettings:
    uri: str
    user: str
    password: str = field(repr=False)
    database: str | None = None
    local: bool = False
    retry_seconds: float = 30.0


def local_server(settings: Settings | None = None) -> LocalServer:
    """graphkit's local server, in ``$GRAPHKIT_HOME/neo4j`` with the configured ports."""
    settings = settings or load_settings()
    return LocalServer(settings.neo4j_home, settings.neo4j_bolt_port, settings.neo4j_http_port)


def neo4j_settings(settings: Settings | None = None) -> Neo4jSettings:
    """Where and as whom to connect, from the environment, the config file or the local server."""
    settings = settings or load_settings()
    database = settings.neo4j_database or None
    if not settings.neo4j_uri:
        server = local_server(settings)
        return Neo4jSettings(server.bolt_uri, "neo4j", server.password(), database, local=True,
                             retry_seconds=settings.neo4j_retry_seconds)
    password = os.environ.get("NEO4J_PASSWORD")
    if password is None and settings.neo4j_password_file:
        try:
            password = Path(settings.neo4j_password_file).expanduser().read_text(encoding="utf-8").strip()
        except OSError as err:
            raise Neo4jError(f"cannot read the Neo4j password file {settings.neo4j_password_file}: {err.strerror}") from None
    if password is None:
        raise Neo4jError(f"no password for {settings.neo4j_uri}: set NEO4J_PASSWORD, or neo4j.password_file in the "
                         "config file")
    return Neo4jSettings(settings.neo4j_uri, settings.neo4j_user, password, database,
                         retry_seconds=settings.neo4j_retry_seconds)


def connect(target: Neo4jSettings | None = None) -> neo4j.Driver:
    """An open, verified driver; the caller closes it (``with connect() as driver: ...``)."""
    target = target or neo4j_settings()
    # Server notifications (such as "property does not exist yet" on a fresh database) are not the user's business.
    driver = neo4j.GraphDatabase.driver(target.uri, auth=(target.user, target.password),
                                        notifications_min_severity="OFF",
                                        max_transaction_retry_time=target.retry_seconds)
    try:
        driver.verify_connectivity()
    except neo4j.exceptions.AuthError:
        driver.close()
        raise Neo4jError(f"Neo4j at {target.uri} refused user {target.user!r}: check the password") from None
    except (neo4j.exceptions.ServiceUnavailable, OSError) as err:
        driver.close()
        hint = "start it with graphkit neo4j start" if target.local else "check NEO4J_URI and the network"
        raise Neo4jError(f"cannot reach Neo4j at {target.uri}: {err}; {hint}") from None
    return driver
