"""Synthetic articles and assertions, for load tests and benchmarks: deterministic, any size.

>>> graph = synthetic_graph(articles=3, per_article=4)
>>> sum(1 for _ in graph.triples((None, None, None))) > 50
True
"""
from __future__ import annotations

import random
from datetime import date, timedelta

from rdflib import Graph

from .extract.gazetteer import load_gazetteer
from .model import Article, Assertion
from .rdf import article_graph, bind_prefixes
from .vocabulary import ROLE, relation_types

__all__ = ["synthetic_articles", "synthetic_graph"]

ITEMS = ("drones", "fuel", "artillery shells", "wheat", "loans", "air defence systems")


def synthetic_articles(articles: int, per_article: int, seed: int = 11, states: int | None = None):
    """``articles`` articles of ``per_article`` assertions each between real gazetteer states (the first
    ``states`` of them by code, or all: few states make pairs that many articles report)."""
    rng = random.Random(seed)
    codes = sorted(a.id for a in load_gazetteer().actors.values() if a.is_state)[:states]
    relations = [name for name in relation_types() if name != ROLE]
    start = date(2023, 1, 1)
    for number in range(articles):
        article = Article(id=f"syn{number:06}", text=f"Synthetic article {number}.", title=f"Synthetic {number}",
                          date=(start + timedelta(days=number % 700)).isoformat())
        found = []
        for index in range(per_article):
            source, target = rng.sample(codes, 2)
            relation = rng.choice(relations)
            found.append(Assertion(
                article=article.id, source=source, relation=relation, target=target,
                evidence=f"Sentence {index} of synthetic article {number}.", start=index * 40, end=index * 40 + 39,
                items=(rng.choice(ITEMS),) if relation == "SUPPLIES" else (),
                claimed_by=rng.choice([None, None, rng.choice(codes)]),
                polarity=rng.choice(["affirmed"] * 5 + ["denied"]), modality=rng.choice(["actual", "planned"]),
                confidence=round(rng.uniform(0.5, 0.9), 2)))
        yield article, found


def synthetic_graph(articles: int, per_article: int, seed: int = 11, states: int | None = None) -> Graph:
    """All of :func:`synthetic_articles` as one rdflib graph, mapped as graphkit maps extracted articles."""
    graph = Graph()
    bind_prefixes(graph)
    for article, found in synthetic_articles(articles, per_article, seed, states):
        graph += article_graph(article, found)
    return graph
