#!/usr/bin/env python3
"""Speed of graphkit's extraction against the bare spaCy pipeline on the same texts, from one run.

    python scripts/bench_extract.py                      # 20,000 generated articles, then AG News if present
    python scripts/bench_extract.py --articles 2000 --rounds 3

Both sides parse exactly the same texts (each article's title, a blank line, its text) with the same pipeline,
batch size and one process; graphkit's side adds paragraph splitting, actor and person finding, relation rules,
attribution and de-duplication. Rounds alternate bare/graphkit so that machine noise hits both; the best round of
each is compared, after a warm-up that neither side is timed on. The ratio is graphkit's throughput over bare spaCy's (1.0 = no cost; the goal is >= 0.8).
"""
from __future__ import annotations

import argparse
import csv
import json
import random
import sys
import time
from pathlib import Path

from graphkit.config import Settings
from graphkit.extract import Extractor, full_text
from graphkit.extract.gazetteer import DATA_DIR, load_gazetteer
from graphkit.model import Article
from graphkit.training.corpus import RESERVED_AG_ROWS

AG_NEWS = Path(__file__).resolve().parents[2] / "shared" / "eval" / "large" / "ag_news_test.csv"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=20_000, help="generated articles (default 20,000)")
    parser.add_argument("--rounds", type=int, default=1, help="alternating rounds per corpus (default 1)")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--ag-news", type=Path, default=AG_NEWS, help="AG News CSV (skipped when absent)")
    args = parser.parse_args(argv)
    extractor = Extractor(Settings(batch_size=args.batch_size))
    warm_up = generated_corpus(200, seed=1)  # first-use costs (model weights paged in, caches) hit neither side
    list(extractor.nlp.pipe(full_text(a) for a in warm_up))
    list(extractor.extract(warm_up))
    corpora = [("generated", generated_corpus(args.articles))]
    if args.ag_news.is_file():
        corpora.append(("ag_news", ag_news(args.ag_news)))
    results = [measure(name, articles, extractor, args.rounds) for name, articles in corpora]
    for result in results:
        print(json.dumps(result))
    print("ratio (graphkit / bare spaCy, articles/s): " +
          ", ".join(f"{r['corpus']} {r['ratio']:.3f}" for r in results))
    return 0


def measure(name: str, articles: list[Article], extractor: Extractor, rounds: int) -> dict:
    texts = [full_text(a) for a in articles]
    tokens = sum(len(doc) for doc in extractor.nlp.tokenizer.pipe(texts))
    bare, ours, found = [], [], 0
    for _ in range(rounds):
        start = time.perf_counter()
        for _doc in extractor.nlp.pipe(texts, batch_size=extractor.settings.batch_size):
            pass
        bare.append(time.perf_counter() - start)
        start = time.perf_counter()
        found = sum(len(assertions) for _, assertions in extractor.extract(articles))
        ours.append(time.perf_counter() - start)
    best_bare, best_ours = min(bare), min(ours)
    return {
        "corpus": name, "articles": len(articles), "tokens": tokens, "assertions": found,
        "bare_articles_per_s": round(len(articles) / best_bare, 1), "bare_tokens_per_s": round(tokens / best_bare),
        "graphkit_articles_per_s": round(len(articles) / best_ours, 1),
        "graphkit_tokens_per_s": round(tokens / best_ours), "ratio": round(best_bare / best_ours, 3),
        "rounds": {"bare_s": [round(t, 2) for t in bare], "graphkit_s": [round(t, 2) for t in ours]},
    }


def generated_corpus(count: int, seed: int = 7) -> list[Article]:
    """``count`` short articles from the project's own templates, with real state and organisation names."""
    templates = json.loads((DATA_DIR / "bench_templates.json").read_text(encoding="utf-8"))
    gazetteer = load_gazetteer()
    states = [a.name for a in gazetteer.actors.values() if a.is_state]
    # each organisation by its id ("NATO"), or by its name where the id is no form ("org:IRA", from the dictionaries)
    forms = {(form.actor, form.text) for form in gazetteer.forms}
    orgs = [a.id.removeprefix("org:") if (a.id, a.id.removeprefix("org:")) in forms else a.name
            for a in gazetteer.actors.values() if not a.is_state]
    rng = random.Random(seed)
    articles = []
    for number in range(count):
        a, b = rng.sample(states, 2)
        slots = {"a": a, "b": b, "o": rng.choice(orgs), "p": rng.choice(templates["people"]),
                 "item": rng.choice(templates["items"])}
        title = rng.choice(templates["titles"]).format(**slots)
        body = " ".join(s.format(**slots) for s in rng.sample(templates["sentences"], rng.randint(3, 6)))
        articles.append(Article(id=f"g{number}", title=title, text=body))
    return articles


def ag_news(path: Path) -> list[Article]:
    """AG News test items (title and description) from row 2000 on, read from ../shared, never copied: the rows
    before 2000 are reserved for measurement outside the project and are not read."""
    with open(path, encoding="utf-8", newline="") as handle:
        return [Article(id=f"ag{n}", title=title, text=text.replace("\\\\n", "\\n").replace("\\\\", " "))
                for n, (_, title, text) in enumerate(csv.reader(handle)) if n >= RESERVED_AG_ROWS]


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
