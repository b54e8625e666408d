"""Synthetic articles and assertions, for load tests and benchmarks: deterministic, any size.

>>> graph = synthetic_graph(articles=3, per_article=4)
>>> sum(1 for _ in graph.triples((None, None, None))) > 50
True

:func:`news_articles` writes the texts themselves, for benchmarks that run the extraction; like real news, they
keep bringing names the pipeline has never seen:

>>> first, second = news_articles(2)
>>> first.id, second.id
('news0000000', 'news0000001')
>>> list(news_articles(1, start=1))[0] == second   # each article depends on its number alone
True
"""
from __future__ import annotations

import json
import random
from collections.abc import Iterator
from datetime import date, timedelta

from rdflib import Graph

from .extract.gazetteer import DATA_DIR, load_gazetteer
from .model import Article, Assertion
from .rdf import article_graph, bind_prefixes
from .vocabulary import ROLE, relation_types

__all__ = ["synthetic_articles", "synthetic_graph", "news_articles"]

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


def news_articles(count: int, seed: int = 7, start: int = 0) -> Iterator[Article]:
    """Articles ``start`` .. ``start + count - 1`` of a generated news stream: states, organisations and items
    from graphkit's own data in ``bench_templates.json``'s sentences, and in every article new people, companies,
    towns and figures made of syllables (surnames of two to four of them: millions of names), so that the
    vocabulary grows with the stream as it does in real news. Article ``n`` depends on ``seed`` and ``n`` alone."""
    templates = json.loads((DATA_DIR / "bench_templates.json").read_text(encoding="utf-8"))
    gazetteer = load_gazetteer()
    states = sorted(a.name for a in gazetteer.actors.values() if a.is_state)
    forms = {(form.actor, form.text) for form in gazetteer.forms}
    orgs = sorted(a.id.removeprefix("org:") if (a.id, a.id.removeprefix("org:")) in forms else a.name
                  for a in gazetteer.actors.values() if not a.is_state)
    syllables = templates["syllables"]
    titles = templates["titles"] + templates["news_titles"]
    first_day = date(2000, 1, 1)

    for number in range(start, start + count):
        rng = random.Random(seed * 1_000_003 + number)

        def word(least: int, most: int) -> str:
            return "".join(rng.choice(syllables) for _ in range(rng.randint(least, most))).capitalize()

        a, b = rng.sample(states, 2)
        slots = {"a": a, "b": b, "o": rng.choice(orgs), "item": rng.choice(templates["items"]),
                 "p": f"{word(2, 2)} {word(2, 4)}", "q": f"{word(2, 2)} {word(2, 4)}",
                 "firm": f"{word(2, 3)} {rng.choice(templates['firm_endings'])}",
                 "town": word(2, 3) + rng.choice(templates["town_endings"]),
                 "amount": f"{rng.randint(1, 999)}.{rng.randint(0, 99)}"}
        sentences = rng.sample(templates["sentences"], rng.randint(2, 4)) \
            + rng.sample(templates["news_sentences"], rng.randint(2, 3))
        rng.shuffle(sentences)
        yield Article(id=f"news{number:07}", title=rng.choice(titles).format(**slots),
                      text=" ".join(s.format(**slots) for s in sentences),
                      date=(first_day + timedelta(days=rng.randrange(7300))).isoformat())
