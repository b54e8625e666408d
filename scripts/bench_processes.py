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

from _bench import alternate, best, ceiling_line, corpus, ratio_line  # noqa: E402 - shared with bench_distributed
from bench_extract import generated_corpus  # noqa: E402 - the warm-up texts

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
    warm = Extractor(Settings())
    list(warm.extract(generated_corpus(100, seed=1)))  # the pipeline loaded and paged in before any timing
    scratch = tempfile.TemporaryDirectory()
    articles, source = corpus(args.articles, Path(scratch.name))
    jobs = [job for job in ("extract", "ingest") if args.only in (None, job)]
    results = []
    for job in jobs:
        timings = alternate(counts, args.rounds, lambda n, _: measure(job, articles, n, source))
        for n in counts:
            fastest = best(timings[n])
            row = {"job": job, "processes": n, "articles": len(articles),
                   "articles_per_s": round(len(articles) / fastest["seconds"], 1),
                   "seconds": round(fastest["seconds"], 2), "cpu_s": round(fastest["cpu"], 2),
                   "cpu_parent_s": round(fastest["cpu_parent"], 2), "cpu_workers_s": round(fastest["cpu_workers"], 2),
                   "load_before": fastest["load"], "rounds_s": [round(t["seconds"], 2) for t in timings[n]]}
            results.append(row)
            print(json.dumps(row), flush=True)
    print(ceiling_line(max(counts)))
    for job in jobs:
        rows = {r["processes"]: r for r in results if r["job"] == job}
        print(ratio_line(f"ratio {job}", [rows[n] for n in counts], "processes", bound))
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


def bound(one: dict, many: dict) -> float:
    """The speed-up an idle machine would give at most: one process's CPU time over the longest share of the
    parallel run (the parent's, a worker's, or the whole spread over the cores)."""
    workers, cores = many["processes"], os.cpu_count() or 1
    critical = max(many["cpu_parent_s"], many["cpu_workers_s"] / workers, many["cpu_s"] / min(cores, workers + 1))
    return one["cpu_s"] / critical if one["processes"] == 1 and critical else float("nan")


def _cpu() -> tuple[float, float]:
    """CPU seconds used so far by this process and by its finished workers."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
