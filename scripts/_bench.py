"""What the benchmarks of one worker against N share (scripts/bench_processes.py, scripts/bench_distributed.py): the
texts, written as a JSON lines file; rounds that alternate between the counts so that machine noise hits all of them;
the best round; the ceiling the machine itself allows; and the line that gives the ratios.

Imported by the scripts, which put this folder and the repository on ``sys.path`` first.
"""
from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from pathlib import Path

from bench_extract import generated_corpus  # the same texts as the extraction benchmark

__all__ = ["corpus", "write_jsonl", "alternate", "best", "machine_ceiling", "ceiling_line", "ratio_line"]


def corpus(count: int, folder: Path) -> tuple[list, Path]:
    """``count`` generated articles, and the JSON lines file ``folder/articles.jsonl`` that holds them."""
    articles = generated_corpus(count)
    return articles, write_jsonl(articles, Path(folder) / "articles.jsonl")


def write_jsonl(articles: list, path: Path) -> Path:
    """The articles as a JSON lines file, which ``ingest`` reads as ``graphkit ingest`` does."""
    with open(path, "w", encoding="utf-8") as handle:
        for a in articles:
            handle.write(json.dumps({"id": a.id, "title": a.title, "text": a.text}) + "\n")
    return path


def alternate(counts: list[int], rounds: int, measure: Callable[[int, int], dict]) -> dict[int, list[dict]]:
    """``measure(count, round)`` for every count in each round, in turn; each count's timings (dicts with
    ``seconds``) in round order."""
    timings: dict[int, list[dict]] = {n: [] for n in counts}
    for round_number in range(rounds):
        for n in counts:
            timings[n].append(measure(n, round_number))
    return timings


def best(timings: list[dict]) -> dict:
    """The fastest round: the one the machine disturbed least."""
    return min(timings, key=lambda t: t["seconds"])


def _spin(_: int) -> int:
    total = 0
    for number in range(5_000_000):
        total += number * number
    return total


def machine_ceiling(processes: int = 2) -> float:
    """What the machine gives right now to ``processes`` copies of a loop that shares nothing, against one doing the
    same work: about ``processes`` on idle cores, less when other work takes them. The ceiling for graphkit too."""
    import multiprocessing

    start = time.perf_counter()
    for n in range(processes):
        _spin(n)
    alone = time.perf_counter() - start
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        start = time.perf_counter()
        pool.map(_spin, range(processes))
        together = time.perf_counter() - start
    return alone / together


def ceiling_line(processes: int) -> str:
    """:func:`machine_ceiling`, measured now, as the line the benchmarks print."""
    return (f"the machine now: {processes} processes of a loop that shares nothing ran "
            f"{machine_ceiling(processes):.2f} times as fast as one (the ceiling for any ratio below)")


def ratio_line(title: str, rows: list[dict], count: str, bound: Callable[[dict, dict], float]) -> str:
    """The ratio of each row's articles/s to the first row's, e.g. ``ratio extract (2 / 1 processes, articles/s):
    1.71 (load average before: ...; 2 cores); at best on idle cores, from CPU seconds: 1.9``. ``count`` is the
    rows' key of the worker count ("processes", "workers"), ``bound(first, row)`` the best ratio the CPU seconds
    allow."""
    base, rest = rows[0], rows[1:]
    pairs = ", ".join(f"{r[count]} / {base[count]}" for r in rest)
    return (f"{title} ({pairs} {count}, articles/s): "
            + ", ".join(f"{r['articles_per_s'] / base['articles_per_s']:.2f}" for r in rest)
            + f" (load average before: {', '.join(str(r['load_before']) for r in rows)}; {os.cpu_count()} cores); "
            "at best on idle cores, from CPU seconds: " + ", ".join(f"{bound(base, r):.2f}" for r in rest))
