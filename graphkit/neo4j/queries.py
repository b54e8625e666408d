"""Running Cypher from the command line and the named example queries of ``queries.cypher``.

>>> sorted(named_queries())[:2]
['adversaries', 'claims-by-claimant']
>>> named_queries()["path-between"].params
{'from': 'GBR', 'to': 'IRN'}
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..errors import Neo4jError, UsageError, one_line
from ..model import Article, Assertion
from .connection import Neo4jSettings, connect, neo4j_settings

__all__ = ["NamedQuery", "named_queries", "run_query", "parse_params", "read_articles"]

QUERIES = Path(__file__).with_name("queries.cypher")


@dataclass(frozen=True)
class NamedQuery:
    name: str
    about: str
    cypher: str
    params: dict


@cache
def named_queries() -> dict[str, NamedQuery]:
    """The example queries by name."""
    found = {}
    for block in QUERIES.read_text(encoding="utf-8").split("// name: ")[1:]:
        name, _, rest = block.partition("\n")
        about, params, body = "", {}, []
        for line in rest.splitlines():
            if line.startswith("// about: "):
                about = line.removeprefix("// about: ")
            elif line.startswith("// param: "):
                key, _, value = line.removeprefix("// param: ").partition("=")
                params[key] = value
            elif line.strip():
                body.append(line)
        found[name.strip()] = NamedQuery(name.strip(), about, "\n".join(body).rstrip(";"), params)
    return found


def parse_params(pairs: list[str]) -> dict:
    """``["state=IRN", "limit=5"]`` -> ``{"state": "IRN", "limit": 5}``: values are JSON where they parse, else text.

    >>> parse_params(["state=IRN", "limit=5", "ids=[\\"a\\"]"])
    {'state': 'IRN', 'limit': 5, 'ids': ['a']}
    """
    params = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise UsageError(f"--param wants key=value, got {pair!r}")
        try:
            params[key] = json.loads(value)
        except json.JSONDecodeError:
            params[key] = value
        except RecursionError:
            raise UsageError(f"--param {key}: the JSON value is nested too deeply") from None
        except ValueError as err:  # an integer of thousands of digits
            raise UsageError(f"--param {key}: {str(err).split(';')[0]}") from None
        _check_integers(key, params[key])
    return params


def _check_integers(key: str, value: object) -> None:
    """Neo4j integers are 64-bit: a bigger one is a usage error here, not a driver traceback later."""
    if isinstance(value, int) and not isinstance(value, bool) and not -2**63 <= value < 2**63:
        raise UsageError(f"--param {key}: {value} does not fit Neo4j's 64-bit integers")
    for item in value.values() if isinstance(value, dict) else value if isinstance(value, list) else ():
        _check_integers(key, item)


def run_query(cypher: str, params: dict | None = None, target: Neo4jSettings | None = None) -> tuple[list[str], list[list]]:
    """Run one Cypher statement with parameters; return its column names and rows (values made JSON-friendly)."""
    import neo4j

    target = target or neo4j_settings()
    with connect(target) as driver:
        try:
            records, _, keys = driver.execute_query(cypher, parameters_=params or {}, database_=target.database)
        except neo4j.exceptions.Neo4jError as err:
            # Neo.ClientError.Statement.*: a syntax error, a missing $parameter, a type error — the query's fault
            if (err.code or "").startswith("Neo.ClientError.Statement."):
                raise UsageError(f"Cypher: {one_line(err.message or str(err))}") from None
            raise Neo4jError(f"Cypher failed: {err.message}") from None
    return list(keys), [[_plain(record[key]) for key in keys] for record in records]


def read_articles(target: Neo4jSettings | None = None) -> list[tuple[Article, list[Assertion]]]:
    """Every article and its assertions in Neo4j (the configured one, or ``target``), for
    :func:`graphkit.analysis.project`."""
    columns, rows = run_query(
        "MATCH (a:Assertion)-[:REPORTED_IN]->(art:Article) "
        "RETURN art.id AS article, toString(art.date) AS date, art.title AS title, a AS assertion "
        "ORDER BY article, a.start", target=target)
    by_article: dict[str, tuple[Article, list[Assertion]]] = {}
    for article_id, date, title, props in rows:
        article, found = by_article.setdefault(article_id, (Article(article_id, "", title or "", date), []))
        found.append(Assertion(
            article=article_id, source=props["source"], relation=props["relation"], target=props["target"],
            evidence=props.get("evidence", ""), start=props.get("start", 0), end=props.get("end", 0),
            items=tuple(props.get("items") or ()), claimed_by=props.get("claimed_by"), polarity=props["polarity"],
            modality=props["modality"], confidence=props.get("confidence", 0.5), role=props.get("role"),
            stored_id=props.get("id")))
    return list(by_article.values())


def _plain(value):
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if hasattr(value, "iso_format"):
        return value.iso_format()
    if hasattr(value, "element_id") and hasattr(value, "items"):
        return dict(value.items())
    return value
