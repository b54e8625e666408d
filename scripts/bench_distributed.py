#!/usr/bin/env python3
"""Throughput of the distributed engine with 1 and 2 Dask workers on the same texts, from one run.

    python scripts/bench_distributed.py                         # 2,000 generated articles, best of 3 rounds
    python scripts/bench_distributed.py --articles 400 --rounds 1 --workers 1,2,4
    python scripts/bench_distributed.py --scheduler tcp://host:8786 --articles 20000   # a running cluster, as it is

Each worker count gets its own cluster on this machine (processes, one thread each), started and warmed up (the
extractor loaded on every worker by the plugin) before any timing; then rounds alternate between the clusters so
that machine noise hits all of them, each round extracting the same JSON lines file into a fresh folder of
partitions (``graphkit.distributed.extract``: planning, reading, extraction, writing). It prints one JSON line per
worker count (articles/s of the best round, the CPU seconds the workers used, the load average before), one for
the bulk load of a run's partitions into a fresh embedded store (as ``graphkit store load`` does), and the ratio of
each count's throughput to the first's. On a machine busy with other work the workers cannot all get a core, so it
also gives the ratio the CPU seconds allow at best on idle cores. With ``--scheduler`` it measures that cluster's
workers, as they are.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _bench import alternate, best, ceiling_line, corpus, ratio_line  # noqa: E402 - shared with bench_processes

from graphkit import distributed  # noqa: E402
from graphkit.config import Settings  # noqa: E402


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2_000, help="generated articles (default 2,000)")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds (default 3)")
    parser.add_argument("--workers", default="1,2", help="worker counts, comma-separated (default 1,2)")
    parser.add_argument("--partition-size", type=int, default=100, help="articles a partition (default 100)")
    parser.add_argument("--scheduler", help="measure a running cluster instead of starting local ones")
    args = parser.parse_args(argv)
    counts = [0] if args.scheduler else [int(n) for n in args.workers.split(",")]
    with tempfile.TemporaryDirectory() as scratch:
        _, source = corpus(args.articles, Path(scratch))
        started = {}
        with contextlib.ExitStack() as stack:
            connect = {n: stack.enter_context(distributed.on_demand(args.scheduler, n or None)) for n in counts}
            for n in counts:
                begun = time.perf_counter()
                distributed.extract([source], connect[n](), Path(scratch) / f"warm-{n}", Settings(),
                                    partition_size=args.partition_size)  # workers up, extractor loaded
                started[n] = time.perf_counter() - begun
            timings = alternate(counts, args.rounds, lambda n, round_number: measure(
                connect[n](), source, Path(scratch) / f"r{round_number}-{n}", args))
        begun = time.perf_counter()  # and the one writer left: loading a run's partitions into the embedded store
        loaded = distributed.load(Path(scratch) / "store", Path(scratch) / f"r0-{counts[0]}")
        loading = time.perf_counter() - begun
    rows = []
    for n in counts:
        fastest = best(timings[n])
        row = {"workers": fastest["workers"], "articles": fastest["articles"], "partitions": fastest["partitions"],
               "articles_per_s": round(fastest["articles"] / fastest["seconds"], 1),
               "seconds": round(fastest["seconds"], 2), "cpu_workers_s": round(fastest["cpu"], 2),
               "max_worker_cpu_s": round(fastest["max_cpu"], 2), "load_before": fastest["load"],
               "start_s": round(started[n], 1), "rounds_s": [round(t["seconds"], 2) for t in timings[n]]}
        rows.append(row)
        print(json.dumps(row), flush=True)
    print(json.dumps({"load_articles": loaded.new, "load_quads": loaded.triples_added, "load_s": round(loading, 2),
                      "load_articles_per_s": round(loaded.new / loading, 1)}), flush=True)
    base = rows[0]
    if not args.scheduler:
        print(ceiling_line(max(counts)))
    if len(rows) == 1:
        print(f"throughput: {base['articles_per_s']} articles/s on {base['workers']} workers")
        return 0
    print(ratio_line("ratio", rows, "workers", bound))
    return 0


def measure(client, source: Path, folder: Path, args) -> dict:
    load = round(os.getloadavg()[0], 2)
    before = client.run(_cpu)
    begun = time.perf_counter()
    report = distributed.extract([source], client, folder, Settings(), partition_size=args.partition_size)
    seconds = time.perf_counter() - begun
    after = client.run(_cpu)
    used = [after[w] - before.get(w, 0.0) for w in after]
    assert report.articles == args.articles and report.extracted == len(report.partitions), report
    return {"seconds": seconds, "articles": report.articles, "partitions": len(report.partitions),
            "workers": report.workers, "cpu": sum(used), "max_cpu": max(used), "load": load}


def bound(one: dict, many: dict) -> float:
    """The speed-up idle cores would give at most: one worker's CPU time over the busiest worker's, or over the
    whole spread on the cores (the scheduler and this process use little)."""
    cores = os.cpu_count() or 1
    critical = max(many["max_worker_cpu_s"], many["cpu_workers_s"] / min(cores, many["workers"]))
    return one["cpu_workers_s"] / critical if critical else float("nan")


def _cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_SELF)
    return used.ru_utime + used.ru_stime


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
