"""Analysis of the relations graph with networkx: plain functions of a graph that return plain data.

Start with :func:`project`, which turns stored assertions into a ``networkx.MultiDiGraph`` (one edge an assertion),
then ask it questions:

>>> G = project(example_articles())
>>> suppliers(G)[0]["supplier"], suppliers(G)[0]["recipient"]
('IRN', 'RUS')

The same projection works on what Neo4j holds: ``project(graphkit.neo4j.queries.read_articles())``.

Every function here has an example that runs in the test suite on :func:`example_articles`, the assertions
graphkit extracts from its own sample articles.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import networkx as nx

from .model import Actor, Article, Assertion
from .vocabulary import ROLE, relation_types, relations_of_stance

__all__ = ["project", "example_articles", "articles_from_store", "suppliers", "partners",
           "centrality", "communities", "ego", "timeline", "contested", "claims_by", "COOPERATIVE", "HOSTILE",
           "QUAD_COLOURS", "relation_colour", "relation_counts", "pair_counts", "signed_ties", "blocs",
           "between_blocs"]

# Cooperation and conflict as the ontology's PLOVER quad classes say (REQUESTS is verbal cooperation, not hostile).
COOPERATIVE = relations_of_stance("cooperation")
HOSTILE = relations_of_stance("conflict")
# One colour a quad class, the same as the Neo4j Browser style (graphkit/neo4j/browser.grass): blues for
# cooperation, reds for conflict, the material class darker than the verbal one.
QUAD_COLOURS = {"VerbalCooperation": "#6BAED6", "MaterialCooperation": "#08519C",
                "VerbalConflict": "#FC9272", "MaterialConflict": "#CB181D"}

Articles = Iterable[tuple[Article, list[Assertion]]]


def project(articles: Articles, relations: Iterable[str] | None = None, since: str | None = None,
            until: str | None = None, polarity: str | None = "affirmed", modality: str | None = None,
            claimant: str | None = None, min_confidence: float = 0.0, actors: dict[str, Actor] | None = None,
            ) -> nx.MultiDiGraph:
    """A ``MultiDiGraph`` of actors and assertions, one edge an assertion (keyed by its id), filtered.

    ``articles`` are ``(article, assertions)`` pairs: :func:`articles_from_store`,
    :func:`graphkit.neo4j.queries.read_articles` (from Neo4j), or straight from :meth:`graphkit.Extractor.extract`. Dates are ISO strings (``since``/``until`` inclusive);
    ``polarity=None`` keeps denied assertions too; ``HOLDS_ROLE`` is left out unless ``relations`` names it.

    >>> G = project(example_articles(), relations=["SANCTIONS"])
    >>> sorted({(u, v) for u, v in G.edges()})
    [('GBR', 'BLR'), ('POL', 'BLR'), ('org:EU', 'BLR')]
    >>> G.nodes["BLR"]["name"], G.nodes["BLR"]["kind"]
    ('Belarus', 'State')
    """
    wanted = set(relations) if relations is not None else set(relation_types()) - {ROLE}
    known = actors if actors is not None else _gazetteer_actors()
    graph = nx.MultiDiGraph()
    for article, found in articles:
        if (since and (not article.date or article.date < since)) or (until and (not article.date or article.date > until)):
            continue
        for a in found:
            if (a.relation not in wanted or (polarity and a.polarity != polarity) or (modality and a.modality != modality)
                    or (claimant and a.claimed_by != claimant) or a.confidence < min_confidence):
                continue
            for node in (a.source, a.target):
                if node not in graph:
                    actor = known.get(node) or _unknown(node)
                    graph.add_node(node, name=actor.name, kind=actor.kind)
            graph.add_edge(a.source, a.target, key=a.id, relation=a.relation, items=list(a.items),
                           claimed_by=a.claimed_by, polarity=a.polarity, modality=a.modality,
                           confidence=a.confidence, date=article.date, article=article.id, evidence=a.evidence)
    return graph


@cache
def example_articles() -> tuple[tuple[Article, tuple[Assertion, ...]], ...]:
    """The sample articles graphkit ships, with the assertions it extracts from them (computed once).

    >>> [article.id for article, _ in example_articles()]
    ['arms-deal', 'grain', 'sanctions', 'strikes', 'summit']
    """
    from .articles import read
    from .demo import sample_dir
    from .extract import Extractor

    return tuple((article, tuple(found)) for article, found in Extractor().extract(read([sample_dir()])))


def articles_from_store(store: str | Path) -> list[tuple[Article, list[Assertion]]]:
    """Every article and its assertions in an embedded store (read-only, so it works while an ingest runs).

    >>> import tempfile
    >>> from graphkit import ingest
    >>> from graphkit.demo import sample_dir
    >>> store = tempfile.mkdtemp() + "/store"
    >>> _ = ingest([sample_dir()], store=store)
    >>> [(article.id, len(found) > 0) for article, found in articles_from_store(store)][:2]
    [('arms-deal', True), ('grain', True)]
    """
    from .from_rdf import read_articles
    from .store import Store

    with Store.open(store, read_only=True) as kept:
        return list(read_articles(kept.oxigraph))


def suppliers(graph: nx.MultiDiGraph) -> list[dict]:
    """Who supplies whom with what, most reported first: ``reports`` counts the articles that say so (an article
    repeating a claim is one report), ``assertions`` every time they say it.

    >>> rows = suppliers(project(example_articles()))
    >>> rows[0]["supplier"], rows[0]["recipient"], "attack drones" in rows[0]["items"], rows[0]["reports"] >= 1
    ('IRN', 'RUS', True, True)
    """
    pairs: dict[tuple[str, str], dict] = {}
    for u, v, data in graph.edges(data=True):
        if data["relation"] != "SUPPLIES":
            continue
        row = pairs.setdefault((u, v), {"supplier": u, "recipient": v, "items": [], "reports": set(), "assertions": 0,
                                        "claimed_by": []})
        row["reports"].add(data["article"])
        row["assertions"] += 1
        row["items"] += [i for i in data["items"] if i not in row["items"]]
        if data["claimed_by"] and data["claimed_by"] not in row["claimed_by"]:
            row["claimed_by"].append(data["claimed_by"])
    rows = [{**row, "reports": len(row["reports"])} for row in pairs.values()]
    return sorted(rows, key=lambda r: (-r["reports"], -r["assertions"], r["supplier"], r["recipient"]))


def partners(graph: nx.MultiDiGraph, actor: str) -> dict[str, dict[str, int]]:
    """An actor's partners (cooperative relations, either direction) and adversaries (hostile ones), with the
    number of reports each (the articles that report a tie, however often each repeats it).

    >>> partners(project(example_articles()), "RUS")["partners"]["CHN"] >= 1
    True
    >>> "UKR" in partners(project(example_articles()), "RUS")["adversaries"]
    True
    """
    found: dict[str, dict[str, set]] = {"partners": defaultdict(set), "adversaries": defaultdict(set)}
    for u, v, data in graph.edges(data=True):
        if actor not in (u, v) or u == v:
            continue
        other = v if u == actor else u
        if data["relation"] in COOPERATIVE:
            found["partners"][other].add(data["article"])
        elif data["relation"] in HOSTILE:
            found["adversaries"][other].add(data["article"])
    return {kind: dict(Counter({o: len(a) for o, a in others.items()}).most_common()) for kind, others in found.items()}


def centrality(graph: nx.MultiDiGraph, relations: Iterable[str] = COOPERATIVE, top: int | None = None) -> list[tuple[str, float]]:
    """Betweenness centrality on the undirected ties of ``relations``: which actors sit between blocs.

    >>> ranked = centrality(project(example_articles()))
    >>> ranked[0][0] in {"RUS", "IRN", "CHN"}, all(0 <= score <= 1 for _, score in ranked)
    (True, True)
    """
    ties = _undirected(graph, relations)
    scores = nx.betweenness_centrality(ties, normalized=True) if ties.number_of_nodes() > 2 else {n: 0.0 for n in ties}
    ranked = sorted(scores.items(), key=lambda pair: (-pair[1], pair[0]))
    return ranked[:top] if top else ranked


def communities(graph: nx.MultiDiGraph, relations: Iterable[str] = COOPERATIVE) -> list[set[str]]:
    """Blocs: communities of the cooperation graph (greedy modularity, weighted by reports), largest first.

    >>> blocs = communities(project(example_articles()))
    >>> any({"RUS", "CHN"} <= bloc for bloc in blocs)
    True
    """
    ties = _undirected(graph, relations)
    if ties.number_of_edges() == 0:
        return [{node} for node in ties]
    found = nx.algorithms.community.greedy_modularity_communities(ties, weight="weight")
    return sorted((set(c) for c in found), key=lambda c: (-len(c), sorted(c)))


def ego(graph: nx.MultiDiGraph, actor: str, radius: int = 1) -> nx.MultiDiGraph:
    """The actor and everyone within ``radius`` relations of it, either direction.

    >>> sorted(ego(project(example_articles()), "BLR").nodes())
    ['BLR', 'GBR', 'LTU', 'POL', 'org:EU']
    """
    return nx.ego_graph(graph, actor, radius=radius, undirected=True)


def timeline(graph: nx.MultiDiGraph, source: str | None = None, target: str | None = None,
             relations: Iterable[str] | None = None, both_ways: bool = True, period: str = "month",
             by: str = "relation", fill: bool = False) -> dict[str, dict[str, int]]:
    """A relationship (or, without ``source`` and ``target``, the whole graph) period by period, in reports
    (articles): ``{"2024-03": {"SUPPLIES": 2}, ...}``, articles without a date left out.

    ``period`` is ``"month"`` or ``"year"``; ``by="quad"`` groups by PLOVER quad class instead of relation type;
    ``fill`` adds the empty periods between the first and the last, so that a time axis is not squeezed.

    >>> timeline(project(example_articles()), "IRN", "RUS")["2024-03"]["SUPPLIES"] >= 1
    True
    >>> sorted(timeline(project(example_articles()), period="year", by="quad")["2024"])[:2]
    ['MaterialConflict', 'MaterialCooperation']
    """
    if period not in ("month", "year") or by not in ("relation", "quad"):
        raise ValueError("period is month or year; by is relation or quad")
    wanted = set(relations) if relations is not None else None
    kinds = relation_types()
    periods: dict[str, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    for u, v, data in graph.edges(data=True):
        forward, backward = (u, v) == (source, target), both_ways and (u, v) == (target, source)
        if ((source is None and target is None) or forward or backward) and data["date"] and (
                wanted is None or data["relation"] in wanted):
            group = data["relation"] if by == "relation" else kinds[data["relation"]].quad
            periods[data["date"][:7] if period == "month" else data["date"][:4]][group].add(data["article"])
    found = {key: {group: len(articles) for group, articles in counts.items()} for key, counts in periods.items()}
    if fill and found:
        found = {key: found.get(key, {}) for key in _periods(min(found), max(found))}
    return dict(sorted(found.items()))


def contested(graph: nx.MultiDiGraph) -> list[dict]:
    """Relations affirmed by one source and denied by another (build the graph with ``polarity=None``).

    >>> rows = contested(project(example_articles(), polarity=None))
    >>> rows[0]["relation"], rows[0]["source"], rows[0]["target"], rows[0]["denied_by"]
    ('SUPPLIES', 'IRN', 'RUS', ['IRN'])
    """
    sides: dict[tuple[str, str, str], dict[str, set]] = defaultdict(lambda: {"affirmed": set(), "denied": set()})
    for u, v, data in graph.edges(data=True):
        sides[(u, data["relation"], v)][data["polarity"]].add(data["claimed_by"] or "(article)")
    rows = [{"source": s, "relation": r, "target": t, "affirmed_by": sorted(found["affirmed"]),
             "denied_by": sorted(found["denied"])}
            for (s, r, t), found in sides.items() if found["affirmed"] and found["denied"]]
    return sorted(rows, key=lambda row: (row["relation"], row["source"], row["target"]))


def claims_by(graph: nx.MultiDiGraph, claimant: str) -> list[dict]:
    """What one actor claims about others, newest first.

    >>> [(c["source"], c["relation"], c["target"]) for c in claims_by(project(example_articles()), "GBR")][:1]
    [('IRN', 'SUPPLIES', 'RUS')]
    """
    rows = [{"source": u, "relation": d["relation"], "target": v, "polarity": d["polarity"], "modality": d["modality"],
             "date": d["date"], "evidence": d["evidence"]}
            for u, v, d in graph.edges(data=True) if d["claimed_by"] == claimant]
    return sorted(rows, key=lambda row: (row["date"] or "", row["source"], row["target"]), reverse=True)


def relation_colour(relation: str) -> str:
    """The colour of a relation type's PLOVER quad class (:data:`QUAD_COLOURS`; grey for ``HOLDS_ROLE``).

    >>> relation_colour("REQUESTS") == QUAD_COLOURS["VerbalCooperation"], relation_colour("ATTACKS")
    (True, '#CB181D')
    """
    return QUAD_COLOURS.get(relation_types()[relation].quad, "#9E9E9E")


def relation_counts(graph: nx.MultiDiGraph) -> list[dict]:
    """Each relation type with its reports (the articles that report it) and assertions (every time they do),
    and its quad class; most reported first.

    >>> rows = relation_counts(project(example_articles()))
    >>> all(row["reports"] <= row["assertions"] for row in rows), rows[0]["quad"] in QUAD_COLOURS
    (True, True)
    """
    articles: dict[str, set] = defaultdict(set)
    assertions: Counter = Counter()
    for _, _, data in graph.edges(data=True):
        articles[data["relation"]].add(data["article"])
        assertions[data["relation"]] += 1
    kinds = relation_types()
    rows = [{"relation": relation, "reports": len(found), "assertions": assertions[relation],
             "quad": kinds[relation].quad} for relation, found in articles.items()]
    return sorted(rows, key=lambda row: (-row["reports"], -row["assertions"], row["relation"]))


def pair_counts(graph: nx.MultiDiGraph, top: int | None = None) -> list[dict]:
    """Related pairs of actors (either direction), most reported first: ``reports`` (articles),
    ``assertions``, and the reports of cooperation and of conflict between them.

    >>> first = pair_counts(project(example_articles()))[0]
    >>> sorted(first["pair"]) == first["pair"], first["reports"] >= first["cooperation"] >= 0
    (True, True)
    """
    kinds = relation_types()
    pairs: dict[tuple[str, str], dict] = {}
    for u, v, data in graph.edges(data=True):
        if u == v:
            continue
        row = pairs.setdefault(tuple(sorted((u, v))), {"reports": set(), "assertions": 0, "cooperation": set(),
                                                       "conflict": set()})
        row["reports"].add(data["article"])
        row["assertions"] += 1
        stance = kinds[data["relation"]].stance
        if stance:
            row[stance].add(data["article"])
    rows = [{"pair": list(pair), "reports": len(row["reports"]), "assertions": row["assertions"],
             "cooperation": len(row["cooperation"]), "conflict": len(row["conflict"])} for pair, row in pairs.items()]
    rows.sort(key=lambda row: (-row["reports"], -row["assertions"], row["pair"]))
    return rows[:top] if top else rows


def signed_ties(graph: nx.MultiDiGraph) -> nx.Graph:
    """The signed graph of actors: one undirected edge a related pair, with ``cooperation`` and ``conflict``
    (the reports of each, articles) and ``weight`` = cooperation - conflict.

    >>> ties = signed_ties(project(example_articles()))
    >>> ties.edges["RUS", "UKR"]["conflict"] >= 1, ties.edges["RUS", "UKR"]["weight"] < 0
    (True, True)
    """
    kinds = relation_types()
    found: dict[tuple[str, str], dict[str, set]] = defaultdict(lambda: {"cooperation": set(), "conflict": set()})
    for u, v, data in graph.edges(data=True):
        stance = kinds[data["relation"]].stance
        if u != v and stance:
            found[tuple(sorted((u, v)))][stance].add(data["article"])
    ties = nx.Graph()
    for (u, v), sides in found.items():
        for node in (u, v):
            ties.add_node(node, **graph.nodes[node])
        cooperation, conflict = len(sides["cooperation"]), len(sides["conflict"])
        ties.add_edge(u, v, cooperation=cooperation, conflict=conflict, weight=cooperation - conflict)
    return ties


def blocs(graph: nx.MultiDiGraph, min_size: int = 2, seed: int = 0) -> list[set[str]]:
    """Blocs on the signed graph (:func:`signed_ties`): Louvain communities of the pairs whose cooperation
    outweighs their conflict, so that a pair that fights as much as it talks does not pull two sides together.
    Blocs of at least ``min_size`` actors, largest first; ``seed`` makes them repeatable.

    >>> found = blocs(project(example_articles()))
    >>> any({"RUS", "CHN"} <= bloc for bloc in found), any({"RUS", "UKR"} <= bloc for bloc in found)
    (True, False)
    """
    ties = signed_ties(graph)
    friendly = nx.Graph((u, v, {"weight": d["weight"]}) for u, v, d in ties.edges(data=True) if d["weight"] > 0)
    if friendly.number_of_edges() == 0:
        return []
    found = nx.algorithms.community.louvain_communities(friendly, weight="weight", seed=seed)
    return sorted((set(c) for c in found if len(c) >= min_size), key=lambda c: (-len(c), sorted(c)))


def between_blocs(graph: nx.MultiDiGraph, found: list[set[str]]) -> list[dict]:
    """Cooperation and conflict reports within and between blocs (numbered as in ``found``, from 0):
    ``{"from": 0, "to": 1, "cooperation": 3, "conflict": 5}``, one row a pair of blocs that has any.

    >>> G = project(example_articles())
    >>> rows = between_blocs(G, blocs(G))
    >>> all(row["from"] <= row["to"] for row in rows), sum(row["cooperation"] for row in rows) > 0
    (True, True)
    """
    bloc_of = {actor: number for number, bloc in enumerate(found) for actor in bloc}
    totals: dict[tuple[int, int], dict[str, int]] = defaultdict(lambda: {"cooperation": 0, "conflict": 0})
    for u, v, data in signed_ties(graph).edges(data=True):
        if u in bloc_of and v in bloc_of:
            key = tuple(sorted((bloc_of[u], bloc_of[v])))
            totals[key]["cooperation"] += data["cooperation"]
            totals[key]["conflict"] += data["conflict"]
    return [{"from": a, "to": b, **counts} for (a, b), counts in sorted(totals.items())]


# ---------------------------------------------------------------- helpers


def _periods(first: str, last: str) -> list[str]:
    """Every month (``YYYY-MM``) or year (``YYYY``) from ``first`` to ``last``."""
    if len(first) == 4:
        return [str(year) for year in range(int(first), int(last) + 1)]
    year, month, found = int(first[:4]), int(first[5:7]), []
    while f"{year:04d}-{month:02d}" <= last:
        found.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def _undirected(graph: nx.MultiDiGraph, relations: Iterable[str]) -> nx.Graph:
    wanted, ties = set(relations), nx.Graph()
    ties.add_nodes_from(graph.nodes(data=True))
    for u, v, data in graph.edges(data=True):
        if data["relation"] in wanted and u != v:
            weight = ties.edges[u, v]["weight"] + 1 if ties.has_edge(u, v) else 1
            ties.add_edge(u, v, weight=weight)
    ties.remove_nodes_from([n for n in list(ties) if ties.degree(n) == 0])
    return ties


def _gazetteer_actors() -> dict[str, Actor]:
    from .extract.gazetteer import load_gazetteer

    return load_gazetteer().actors


def _unknown(actor_id: str) -> Actor:
    kind = "Person" if actor_id.startswith("person:") else "Organization" if actor_id.startswith("org:") else "State"
    return Actor(actor_id, actor_id.split(":", 1)[-1], kind)
