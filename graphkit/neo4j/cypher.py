"""All of graphkit's Cypher. Values always travel as parameters; the only text formatted into a query is a label
or relationship type, and those come from the ontology and are checked here."""
from __future__ import annotations

import re

from ..errors import Neo4jError
from ..vocabulary import quad_classes, relation_types

__all__ = ["CONSTRAINTS", "STORED_HASHES", "REMOVE_ASSERTIONS", "MERGE_ITEMS", "MERGE_ARTICLES",
           "LINK_CLAIMANTS", "LINK_ITEMS", "NODE_COUNT", "empty_lists",
           "merge_actors", "create_assertions", "summarise", "extend_summary", "ACTOR_LABELS"]

ACTOR_LABELS = ("State", "Organization", "Person")  # the ontology's Actor subclasses
NAME = re.compile(r"^[A-Z][A-Za-z_]*$")

CONSTRAINTS = (
    "CREATE CONSTRAINT graphkit_actor_id IF NOT EXISTS FOR (n:Actor) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT graphkit_article_id IF NOT EXISTS FOR (n:Article) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT graphkit_assertion_id IF NOT EXISTS FOR (n:Assertion) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT graphkit_item_name IF NOT EXISTS FOR (n:Item) REQUIRE n.name IS UNIQUE",
    "CREATE INDEX graphkit_assertion_article IF NOT EXISTS FOR (n:Assertion) ON (n.article)",
    "CREATE INDEX graphkit_assertion_pair IF NOT EXISTS FOR (n:Assertion) ON (n.relation, n.pair_source, n.pair_target)",
)

# neo4j-admin database import cannot write an empty list (an empty field is no property: neo4j/neo4j#13566), and
# the incremental loader writes them: assertions without items, summaries without claimants or roles. After a bulk
# import these put them back, so that both paths give one graph. Run in auto-commit sessions (IN TRANSACTIONS).
# The summaries are found by their types (the relationship type index), not by walking out of every actor: most
# of an actor's relationships are its assertions' links, and that walk took half the finishing time.


def empty_lists() -> tuple[str, str]:
    """The statements that give imported assertions and summaries their empty lists."""
    kinds = "|".join(_relationship_type(name) for name in sorted(relation_types()))
    return (
        "MATCH (a:Assertion) WHERE a.items IS NULL CALL (a) { SET a.items = [] } IN TRANSACTIONS OF 50000 ROWS",
        f"MATCH ()-[r:{kinds}]->() WHERE r.items IS NULL OR r.claimed_by IS NULL OR r.roles IS NULL "
        "CALL (r) { SET r.items = coalesce(r.items, []), r.claimed_by = coalesce(r.claimed_by, []), "
        "r.roles = coalesce(r.roles, []) } IN TRANSACTIONS OF 50000 ROWS",
    )


NODE_COUNT = "MATCH (n) RETURN count(n) AS n"

STORED_HASHES = ("UNWIND $ids AS id MATCH (a:Article {id: id}) "
                 "RETURN a.id AS id, a.content_hash AS hash, a.graph_shape AS shape")

# The assertions of articles being (re)loaded go, all of them: an article is replaced as a whole, and the
# pairs they touched get their summaries rebuilt.
REMOVE_ASSERTIONS = """
UNWIND $articles AS id
MATCH (a:Assertion {article: id})
WITH a, a.relation AS relation, a.pair_source AS source, a.pair_target AS target
DETACH DELETE a
RETURN DISTINCT relation, source, target
"""

MERGE_ITEMS = "UNWIND $names AS name MERGE (:Item {name: name})"

MERGE_ARTICLES = """
UNWIND $rows AS row
MERGE (a:Article {id: row.id})
SET a.title = row.title, a.date = CASE WHEN row.date IS NULL THEN null ELSE date(row.date) END,
    a.url = row.url, a.outlet = row.outlet, a.content_hash = row.hash, a.graph_shape = row.shape
"""


def create_assertions(quad: str | None) -> str:
    """Create a batch's assertions of one PLOVER quad class, labelled with it (``:Assertion:VerbalConflict``) so
    that the Browser style can colour them; ``None`` for relations without one (HOLDS_ROLE).

    After REMOVE_ASSERTIONS the batch's assertions are new, so CREATE (cheaper than MERGE) is safe. Properties are
    spelled out rather than set from a map, which would make the planner buffer every row (an Eager). The
    article's date is copied onto the assertion so that summaries are computed from assertion properties alone;
    ``label`` ("SUPPLIES (denied)") is what the Browser shows on the node."""
    labels = "Assertion" if quad is None else f"Assertion:{_quad_label(quad)}"
    return f"""
UNWIND $rows AS row
MATCH (s:Actor {{id: row.source}}), (t:Actor {{id: row.target}}), (art:Article {{id: row.article}})
CREATE (a:{labels} {{id: row.id, relation: row.relation, label: row.label, article: row.article, date: art.date,
                     source: row.source, target: row.target, pair_source: row.pair_source, pair_target: row.pair_target,
                     polarity: row.polarity, modality: row.modality, confidence: row.confidence,
                     evidence: row.evidence, start: row.start, end: row.end, role: row.role, items: row.items,
                     claimed_by: row.claimed_by, extractor: row.extractor}}),
       (a)-[:SUBJECT]->(s), (a)-[:OBJECT]->(t), (a)-[:REPORTED_IN]->(art)
"""


# Flat [assertion id, claimant id] and [assertion id, item] pairs: one plain UNWIND each is several times faster
# than a subquery per assertion.
LINK_CLAIMANTS = """
UNWIND $pairs AS pair
MATCH (a:Assertion {id: pair[0]}), (c:Actor {id: pair[1]})
CREATE (a)-[:CLAIMED_BY]->(c)
"""

LINK_ITEMS = """
UNWIND $pairs AS pair
MATCH (a:Assertion {id: pair[0]}), (i:Item {name: pair[1]})
CREATE (a)-[:ITEM]->(i)
"""


def merge_actors(label: str) -> str:
    """Upsert actors of one ontology class: ``(:Actor:State {id, name, wikidata})``."""
    if label not in ACTOR_LABELS:
        raise Neo4jError(f"{label!r} is not an actor class of the ontology ({', '.join(ACTOR_LABELS)})")
    return f"""
UNWIND $rows AS row
MERGE (n:Actor {{id: row.id}})
SET n:{label}, n.name = row.name, n.wikidata = row.wikidata
"""


def summarise(relation: str) -> str:
    """Rebuild the summary relationship of one type for the given ``[source, target]`` pairs from their affirmed
    assertions: ``(s)-[:SUPPLIES {assertions, articles, items, claimed_by, roles, first_seen, last_seen}]->(t)``
    (``articles``: how many articles report it, the reports; ``assertions``: how often they do), or none if
    no affirmed assertion is left. Reads assertion properties only (one index seek a pair, no traversal)."""
    kind = _relationship_type(relation)
    return f"""
UNWIND $pairs AS pair
MATCH (s:Actor {{id: pair[0]}}), (t:Actor {{id: pair[1]}})
OPTIONAL MATCH (s)-[old:{kind}]->(t)
DELETE old
WITH DISTINCT pair, s, t
CALL (pair) {{
  MATCH (a:Assertion {{relation: $relation, pair_source: pair[0], pair_target: pair[1]}})
  WHERE a.polarity = 'affirmed'
  RETURN count(a) AS assertions, count(DISTINCT a.article) AS articles, collect(a.items) AS items,
         collect(DISTINCT a.claimed_by) AS claimed_by,
         collect(DISTINCT a.role) AS roles, min(a.date) AS first_seen, max(a.date) AS last_seen
}}
WITH s, t, assertions, articles, items, claimed_by, roles, first_seen, last_seen WHERE assertions > 0
CREATE (s)-[r:{kind}]->(t)
SET r.assertions = assertions, r.articles = articles, r.claimed_by = claimed_by, r.roles = roles,
    r.first_seen = first_seen, r.last_seen = last_seen, r.items = COLLECT {{ UNWIND items AS some UNWIND some AS item RETURN DISTINCT item }}
"""


def extend_summary(relation: str) -> str:
    """Add a batch's new affirmed assertions to the summary relationship of one type, creating it where the pair
    had none: for pairs that only gained assertions, so nothing has to be recounted."""
    kind = _relationship_type(relation)
    return f"""
UNWIND $rows AS row
MATCH (s:Actor {{id: row.source}}), (t:Actor {{id: row.target}})
MERGE (s)-[r:{kind}]->(t)
WITH r, row, coalesce(r.items, []) AS items, coalesce(r.claimed_by, []) AS claimed_by, coalesce(r.roles, []) AS roles,
     date(row.first_seen) AS first_seen, date(row.last_seen) AS last_seen
SET r.assertions = coalesce(r.assertions, 0) + row.assertions,
    r.articles = coalesce(r.articles, 0) + row.articles,
    r.items = items + [i IN row.items WHERE NOT i IN items],
    r.claimed_by = claimed_by + [c IN row.claimed_by WHERE NOT c IN claimed_by],
    r.roles = roles + [x IN row.roles WHERE NOT x IN roles],
    r.first_seen = CASE WHEN r.first_seen IS NULL OR first_seen < r.first_seen THEN first_seen ELSE r.first_seen END,
    r.last_seen = CASE WHEN r.last_seen IS NULL OR last_seen > r.last_seen THEN last_seen ELSE r.last_seen END
"""


def _quad_label(quad: str) -> str:
    if quad not in quad_classes() or not NAME.match(quad):
        raise Neo4jError(f"{quad!r} is not a PLOVER quad class of the ontology")
    return quad


def _relationship_type(relation: str) -> str:
    if relation not in relation_types() or not NAME.match(relation):
        raise Neo4jError(f"{relation!r} is not a relation type of the ontology")
    return relation
