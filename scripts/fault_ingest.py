"""Kill ingests at random moments and check that running them again converges to the clean result.

    python scripts/fault_ingest.py                 # 2 kills each, single and two-process ingest (about a minute)
    python scripts/fault_ingest.py --kills 10 --articles 300

Each trial ingests the same articles into a fresh store, kills the ingest (SIGKILL, SIGTERM or SIGINT, chosen at
random) at a random moment of a clean run's duration, checks that no parser worker outlived it, runs the ingest
again and compares the store, quad by quad, with a store filled without interruption. Prints one JSON line a trial
and a closing summary: kills, orphans, failed re-runs, quads lost and quads extra (duplicated). Exit 1 if any.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STATES = ["Peru", "Chile", "Brazil", "Bolivia", "Norway", "Finland", "Japan", "Kenya", "Ghana", "Egypt"]


def write_articles(folder: Path, count: int) -> None:
    folder.mkdir(parents=True)
    for n in range(count):
        a, b = STATES[n % len(STATES)], STATES[(n * 3 + 1) % len(STATES)]
        (folder / f"a{n:04}.txt").write_text(
            f" date 2024-01-{n % 28 + 1:02} Story {n}\n\n{a} thanked {b} for the help in story {n}. "
            f"{b} sent aid to {a}. {a} and {b} signed a trade agreement. " * 3, encoding="utf-8")


def graphkit(*args: str, **kwargs) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "graphkit", *args], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, **kwargs)


def quads(store: Path) -> set[str]:
    sys.path.insert(0, str(ROOT))
    from graphkit.store import Store

    with Store.open(store, read_only=True) as kept:
        return set(kept.export("nquads").decode("utf-8").splitlines())


def children(pid: int) -> set[int]:
    found = set()
    for entry in os.listdir("/proc"):
        try:
            with open(f"/proc/{entry}/stat") as handle:
                if int(handle.read().rsplit(")", 1)[1].split()[1]) == pid:
                    found.add(int(entry))
        except (OSError, ValueError, IndexError):
            pass
    return found


def alive(pid: int) -> bool:
    """Whether ``pid`` runs: a zombie (dead, waiting for a parent that may never reap it) does not."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def trial(articles: Path, store: Path, processes: int, moment: float, how: signal.Signals) -> dict:
    ingest = graphkit("ingest", str(articles), "--store", str(store), "--processes", str(processes))
    workers: set[int] = set()
    deadline = time.monotonic() + moment
    while time.monotonic() < deadline and ingest.poll() is None:
        workers |= children(ingest.pid)
        time.sleep(0.05)
    finished = ingest.poll() is not None
    if not finished:
        ingest.send_signal(how)
    try:
        ingest.communicate(timeout=120)
        hung = False
    except subprocess.TimeoutExpired:
        ingest.kill()
        ingest.communicate()
        hung = True
    time.sleep(1)  # workers killed with their parent are gone by now
    orphans = [pid for pid in workers if alive(pid)]
    for pid in orphans:
        os.kill(pid, signal.SIGKILL)
    again = graphkit("ingest", str(articles), "--store", str(store))
    _, stderr = again.communicate()
    return {"processes": processes, "signal": how.name, "at_seconds": round(moment, 2), "finished_first": finished,
            "hung": hung, "orphans": len(orphans), "rerun_exit": again.returncode,
            "rerun_error": stderr.strip().splitlines()[-1] if again.returncode else None}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=2, help="kills per process count (default 2)")
    parser.add_argument("--articles", type=int, default=60, help="articles ingested (default 60)")
    parser.add_argument("--processes", default="1,2", help="process counts to try, comma-separated (default 1,2)")
    parser.add_argument("--seed", type=int, default=13)
    options = parser.parse_args()
    rng = random.Random(options.seed)
    with tempfile.TemporaryDirectory(prefix="graphkit-fault-") as tmp:
        tmp = Path(tmp)
        write_articles(tmp / "articles", options.articles)
        started = time.monotonic()
        clean = graphkit("ingest", str(tmp / "articles"), "--store", str(tmp / "clean"))
        if clean.wait() != 0:
            print(clean.stderr.read(), file=sys.stderr)
            return 1
        duration = time.monotonic() - started
        expected = quads(tmp / "clean")
        totals = {"kills": 0, "orphans": 0, "hung": 0, "failed_reruns": 0, "quads_lost": 0, "quads_extra": 0}
        for processes in (int(p) for p in options.processes.split(",")):
            for number in range(options.kills):
                store = tmp / f"store-{processes}-{number}"
                how = rng.choice([signal.SIGKILL, signal.SIGTERM, signal.SIGINT])
                result = trial(tmp / "articles", store, processes, rng.uniform(0.25, 0.75) * duration, how)
                got = quads(store) if store.exists() else set()
                result.update(quads_lost=len(expected - got), quads_extra=len(got - expected))
                print(json.dumps(result), flush=True)
                totals["kills"] += not result["finished_first"]
                totals["orphans"] += result["orphans"]
                totals["hung"] += result["hung"]
                totals["failed_reruns"] += result["rerun_exit"] != 0
                totals["quads_lost"] += result["quads_lost"]
                totals["quads_extra"] += result["quads_extra"]
        print(json.dumps({"summary": totals, "articles": options.articles, "clean_quads": len(expected),
                          "clean_run_seconds": round(duration, 1)}))
    bad = totals["orphans"] + totals["hung"] + totals["failed_reruns"] + totals["quads_lost"] + totals["quads_extra"]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
