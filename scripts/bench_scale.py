#!/usr/bin/env python3
"""Memory and speed of `graphkit ingest` as the corpus grows: peak RSS and throughput at several sizes.

    python scripts/bench_scale.py                          # 1,000, 10,000 and 100,000 generated articles
    python scripts/bench_scale.py --sizes 1000,10000 --corpus ag_news --processes 2

Each size is one `graphkit ingest` of a JSON lines file of that many articles into a store of its own, run as a
fresh process, so that each peak is its own (read from the kernel's accounting of that process when it ends:
``os.wait4``, which gives the largest of the process and its parser workers; with --processes, the tree's summed
proportional set size is sampled besides, as tree_peak_pss_mb). Every 5,000 articles the ingest writes its memory
and speed so far to its log. Articles: generated news (graphkit.synthetic.news_articles: new people, companies and
towns in every article, so the vocabulary grows as with real news), or AG News items from row 2000 on (the rows
before 2000 are reserved for measurement outside the project and never read), repeated under new ids to reach
the size.

Throughput is articles per second from the first article stored to the last (the model's loading left out); the
closing line gives peak RSS at the largest size over the smallest (goal: <= 1.25) and the same for throughput.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
AG_NEWS = ROOT.parent / "shared" / "eval" / "large" / "ag_news_test.csv"
RESERVED_AG_ROWS = 2000  # graphkit.training.corpus.RESERVED_AG_ROWS: rows below it are never read


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="article counts, comma-separated")
    parser.add_argument("--corpus", choices=("generated", "ag_news"), default="generated")
    parser.add_argument("--ag-news", type=Path, default=AG_NEWS, help="AG News CSV, for --corpus ag_news")
    parser.add_argument("--processes", type=int, default=1, help="graphkit ingest --processes")
    parser.add_argument("--work", type=Path, help="folder for the inputs and stores (default: a temporary one, "
                                                  "deleted at the end)")
    parser.add_argument("--child", nargs=2, metavar=("INPUT", "STORE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child(*args.child, args.processes)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    work = args.work or Path(tempfile.mkdtemp(prefix="graphkit-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    rows = []
    try:
        for size in sizes:
            source = work / f"{args.corpus}-{size}.jsonl"
            write_articles(source, size, args.corpus, args.ag_news)
            store = work / f"store-{size}"
            shutil.rmtree(store, ignore_errors=True)
            row = measure(source, store, size, args.processes)
            row["corpus"] = args.corpus
            print(json.dumps(row), flush=True)
            rows.append(row)
            shutil.rmtree(store, ignore_errors=True)
            source.unlink()
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    small, large = rows[0], rows[-1]
    print(f"ratio ({large['articles']:,} / {small['articles']:,} articles): peak RSS "
          f"{large['peak_rss_mb'] / small['peak_rss_mb']:.2f}, throughput "
          f"{large['articles_per_s'] / small['articles_per_s']:.2f}")
    return 0


def write_articles(path: Path, size: int, corpus: str, ag_news: Path) -> None:
    """``size`` articles as JSON lines, written as they are made."""
    from graphkit.synthetic import news_articles

    with open(path, "w", encoding="utf-8") as out:
        if corpus == "generated":
            for article in news_articles(size):
                out.write(json.dumps({"id": article.id, "title": article.title, "text": article.text,
                                      "date": article.date}) + "\n")
            return
        rows = ag_news_rows(ag_news)
        for number in range(size):
            title, text = rows[number % len(rows)]
            out.write(json.dumps({"id": f"ag-scale{number}", "title": title, "text": text}) + "\n")


def ag_news_rows(path: Path) -> list[tuple[str, str]]:
    """AG News title and description from row 2000 on (as scripts/bench_extract.py reads them)."""
    with open(path, encoding="utf-8", newline="") as handle:
        return [(title, text.replace("\\\\n", "\\n").replace("\\\\", " "))
                for n, (_, title, text) in enumerate(csv.reader(handle)) if n >= RESERVED_AG_ROWS]


def measure(source: Path, store: Path, size: int, processes: int) -> dict:
    """One ingest in a fresh process: its figures, with its peak RSS (and the tree's, sampled)."""
    log = store.with_suffix(".log")
    with open(log, "w") as output:
        child_process = subprocess.Popen(
            [sys.executable, __file__, "--child", str(source), str(store), "--processes", str(processes)],
            stdout=output, stderr=subprocess.STDOUT)
    sampler = TreeSampler(child_process.pid)
    if processes > 1:
        sampler.start()
    _, status, usage = os.wait4(child_process.pid, 0)
    child_process.returncode = os.waitstatus_to_exitcode(status)
    if processes > 1:
        sampler.stop()
    text = log.read_text()
    log.unlink()
    if child_process.returncode != 0:
        raise SystemExit(f"ingest of {size} articles failed ({child_process.returncode}):\n{text[-3000:]}")
    lines = text.strip().splitlines()
    result = json.loads(lines[-1])
    row = {"articles": size, "processes": processes, "peak_rss_mb": round(usage.ru_maxrss / 1024, 1)}
    if processes > 1:
        row["tree_peak_pss_mb"] = round(sampler.peak / 2**20, 1)
    checkpoints = [json.loads(line) for line in lines if line.startswith('{"checkpoint"')]
    return {**row, **result, **({"checkpoints": checkpoints} if checkpoints else {})}


class TreeSampler(threading.Thread):
    """The largest summed proportional set size (PSS: a page shared by n processes counts 1/n in each, so the
    forked workers' pages shared with the parent count once) of a process and its descendants, sampled every half
    second (Linux /proc)."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak, self.done = pid, 0, threading.Event()

    def run(self) -> None:
        from graphkit.workers import children_of

        while not self.done.wait(0.5):
            tree, total = [self.pid], 0
            while tree:
                pid = tree.pop()
                try:
                    with open(f"/proc/{pid}/smaps_rollup") as handle:
                        total += next(int(line.split()[1]) for line in handle if line.startswith("Pss:")) * 1024
                except (OSError, ValueError, IndexError, StopIteration):
                    continue
                tree += children_of(pid)
            self.peak = max(self.peak, total)

    def stop(self) -> None:
        self.done.set()
        self.join()


def child(source: str, store: str, processes: int) -> int:
    """Run `graphkit ingest` as the command line does, timing the articles as they are stored."""
    import importlib

    from graphkit.cli import app

    module = importlib.import_module("graphkit.ingest")  # the package's name "ingest" is the function

    times: list[float] = []
    reports = []
    count = [0, 0.0]  # articles handled, time of the last checkpoint
    real = module.ingest

    def timed(*args, progress=None, **kwargs):
        def tick(article):
            now = time.perf_counter()
            if not times:
                times.append(now)
                count[1] = now
            elif len(times) == 1:
                times.append(now)
            else:
                times[1] = now
            count[0] += 1
            if count[0] % CHECKPOINT == 0:  # how memory goes along the run, to the log (stderr)
                print(json.dumps({"checkpoint": count[0], **memory(), "articles_per_s": round(
                    CHECKPOINT / (now - count[1]), 1)}), file=sys.stderr, flush=True)
                count[1] = now
            if progress is not None:
                progress(article)
        reports.append(real(*args, progress=tick, **kwargs))
        return reports[-1]

    module.ingest = timed
    start = time.perf_counter()
    try:
        app(["ingest", source, "--store", store, "--processes", str(processes)], standalone_mode=False)
    finally:
        module.ingest = real
    wall = time.perf_counter() - start
    first, last = times[0], times[-1]
    [report] = reports
    print(json.dumps({"seconds": round(wall, 1),
                      "articles_per_s": round((report.articles - 1) / (last - first), 1) if last > first else None,
                      "new": report.new, "failed": report.failed, "assertions": sum(report.assertions.values())}))
    return 0


CHECKPOINT = 5000  # articles between two lines of memory and speed in the log


def memory() -> dict:
    """This process's resident memory now and at its peak so far, in MB (Linux)."""
    with open("/proc/self/status") as handle:
        fields = dict(line.split(":", 1) for line in handle if line.startswith(("VmRSS", "VmHWM")))
    return {"rss_mb": round(int(fields["VmRSS"].split()[0]) / 1024, 1),
            "peak_rss_mb": round(int(fields["VmHWM"].split()[0]) / 1024, 1)}


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
