#!/usr/bin/env python3
"""Speed of ``--processes 2`` against one process on the same articles, from one run: extraction alone and a whole
ingest into a fresh store.

    python scripts/bench_processes.py                        # 2,000 generated articles, best of 3 rounds
    python scripts/bench_processes.py --articles 600 --rounds 1 --processes 1,2,4

Each round runs every process count once, in turn, so that machine noise hits all of them; the best round of each
is compared. The pipeline is loaded (and warmed up) before any timing: a run's one-time start is not what more
processes can speed up. Besides wall-clock throughput it prints the CPU seconds the run used (this process and its
workers) and the load average before it: on a machine busy with other work two processes cannot get two cores,
and the ratio says more about the machine than about graphkit: it measures that ceiling too, with a loop that
shares nothing. The goal, on an idle 2-core machine, is >= 1.6.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_extract import generated_corpus  # noqa: E402 - the same texts as the extraction benchmark

from graphkit.config import Settings  # noqa: E402
from graphkit.extract import Extractor  # noqa: E402
from graphkit.ingest import ingest  # noqa: E402
from graphkit.workers import workers_die_with_parent  # noqa: E402


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2_000, help="generated articles (default 2,000)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds, each running every process count (default 3)")
    parser.add_argument("--processes", default="1,2", help="process counts, comma-separated (default 1,2)")
    parser.add_argument("--only", choices=("extract", "ingest"), help="measure one job only (default both)")
    args = parser.parse_args(argv)
    counts = [int(n) for n in args.processes.split(",")]
    articles = generated_corpus(args.articles)
    warm = Extractor(Settings())
    list(warm.extract(generated_corpus(100, seed=1)))  # the pipeline loaded and paged in before any timing
    scratch = tempfile.TemporaryDirectory()
    source = write_jsonl(articles, Path(scratch.name) / "articles.jsonl")
    jobs = [job for job in ("extract", "ingest") if args.only in (None, job)]
    results = []
    for job in jobs:
        timings: dict[int, list[dict]] = {n: [] for n in counts}
        for _ in range(args.rounds):
            for n in counts:
                timings[n].append(measure(job, articles, n, source))
        for n in counts:
            best = min(timings[n], key=lambda t: t["seconds"])
            row = {"job": job, "processes": n, "articles": len(articles),
                   "articles_per_s": round(len(articles) / best["seconds"], 1), "seconds": round(best["seconds"], 2),
                   "cpu_s": round(best["cpu"], 2), "cpu_parent_s": round(best["cpu_parent"], 2),
                   "cpu_workers_s": round(best["cpu_workers"], 2), "load_before": best["load"],
                   "rounds_s": [round(t["seconds"], 2) for t in timings[n]]}
            results.append(row)
            print(json.dumps(row), flush=True)
    ceiling = machine_ceiling(max(counts))
    print(f"the machine now: {max(counts)} processes of a loop that shares nothing ran {ceiling:.2f} times as fast as "
          "one (the ceiling for any ratio below)")
    for job in jobs:
        rows = {r["processes"]: r for r in results if r["job"] == job}
        base = rows[counts[0]]
        print(f"ratio {job} ({', '.join(f'{n} / {counts[0]}' for n in counts[1:])} processes, articles/s): "
              + ", ".join(f"{rows[n]['articles_per_s'] / base['articles_per_s']:.2f}" for n in counts[1:])
              + f" (load average before: {', '.join(str(rows[n]['load_before']) for n in counts)}; "
              f"{os.cpu_count()} cores); at best on idle cores, from CPU seconds: "
              + ", ".join(f"{bound(base, rows[n]):.2f}" for n in counts[1:]))
    return 0


def measure(job: str, articles: list, processes: int, source: Path) -> dict:
    settings = Settings(processes=processes)
    load = round(os.getloadavg()[0], 2)
    own, children = _cpu()
    start = time.perf_counter()
    if job == "extract":
        with workers_die_with_parent():
            found = sum(len(assertions) for _, assertions in Extractor(settings).extract(articles))
        assert found > 0
    else:
        with tempfile.TemporaryDirectory() as folder:
            report = ingest([source], store=Path(folder) / "store", settings=settings)
            assert report.new == len(articles), report
    seconds = time.perf_counter() - start
    own_after, children_after = _cpu()
    return {"seconds": seconds, "cpu": own_after - own + children_after - children, "cpu_parent": own_after - own,
            "cpu_workers": children_after - children, "load": load}


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


def bound(one: dict, many: dict) -> float:
    """The speed-up an idle machine would give at most: one process's CPU time over the longest share of the
    parallel run (the parent's, a worker's, or the whole spread over the cores)."""
    workers, cores = many["processes"], os.cpu_count() or 1
    critical = max(many["cpu_parent_s"], many["cpu_workers_s"] / workers, many["cpu_s"] / min(cores, workers + 1))
    return one["cpu_s"] / critical if one["processes"] == 1 and critical else float("nan")


def write_jsonl(articles: list, path: Path) -> Path:
    """The articles as a JSON lines file, which ``ingest`` reads as ``graphkit ingest`` does."""
    with open(path, "w", encoding="utf-8") as handle:
        for a in articles:
            handle.write(json.dumps({"id": a.id, "title": a.title, "text": a.text}) + "\n")
    return path


def _cpu() -> tuple[float, float]:
    """CPU seconds used so far by this process and by its finished workers."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
