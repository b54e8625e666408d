"""Kill ingests at random moments and check that running them again converges to the clean result.

    python scripts/fault_ingest.py                 # 2 kills each, single and two-process ingest (about a minute)
    python scripts/fault_ingest.py --kills 10 --articles 300
    python scripts/fault_ingest.py --kills 0 --neo4j-kills 5   # kill graphkit load instead (starts a Neo4j server)

Each trial ingests the same articles into a fresh store, kills the ingest (SIGKILL, SIGTERM or SIGINT, chosen at
random) at a random moment of a clean run's duration, checks that no parser worker outlived it, runs the ingest
again and compares the store, quad by quad, with a store filled without interruption. Prints one JSON line a trial
and a closing summary: kills, orphans, failed re-runs, quads lost and quads extra (duplicated). Exit 1 if any.
With ``--neo4j-kills``, ``graphkit load`` of the clean store into a temporary local Neo4j server is killed the same
way and the graph compared after the re-run: nodes by label, relationships by type, summary counts.
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


def graphkit(*args: str, env: dict | None = None, **kwargs) -> subprocess.Popen:
    env = {**(env or os.environ), "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "graphkit", *args], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, **kwargs)


def quads(store: Path) -> set[str]:
    sys.path.insert(0, str(ROOT))
    from graphkit.store import Store

    with Store.open(store, read_only=True) as kept:
        return set(kept.export("nquads").decode("utf-8").splitlines())


def trial(articles: Path, store: Path, processes: int, moment: float, how: signal.Signals) -> dict:
    sys.path.insert(0, str(ROOT))
    from graphkit.workers import children_of, running

    ingest = graphkit("ingest", str(articles), "--store", str(store), "--processes", str(processes))
    workers: set[int] = set()
    deadline = time.monotonic() + moment
    while time.monotonic() < deadline and ingest.poll() is None:
        workers |= children_of(ingest.pid)
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
    orphans = [pid for pid in workers if running(pid)]
    for pid in orphans:
        os.kill(pid, signal.SIGKILL)
    again = graphkit("ingest", str(articles), "--store", str(store))
    _, stderr = again.communicate()
    return {"processes": processes, "signal": how.name, "at_seconds": round(moment, 2), "finished_first": finished,
            "hung": hung, "orphans": len(orphans), "rerun_exit": again.returncode,
            "rerun_error": stderr.strip().splitlines()[-1] if again.returncode else None}


NEO4J_SNAPSHOT = """
CALL () { MATCH (n) UNWIND labels(n) AS label RETURN 'node:' + label AS key, count(*) AS n
       UNION ALL MATCH ()-[r]->() RETURN 'rel:' + type(r) AS key, count(*) AS n
       UNION ALL MATCH ()-[r]->() WHERE r.assertions IS NOT NULL RETURN 'summary assertions' AS key,
                 sum(r.assertions) AS n }
RETURN key, sum(n) AS n ORDER BY key
"""


def neo4j_trials(store: Path, kills: int, rng: random.Random, tmp: Path) -> dict:
    """Kill ``graphkit load`` of ``store`` ``kills`` times; compare each re-run's graph with a clean load's."""
    sys.path.insert(0, str(ROOT))
    import neo4j

    from graphkit.neo4j.server import LocalServer

    ports = []
    for _ in range(2):
        import socket

        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            ports.append(sock.getsockname()[1])
    server = LocalServer(tmp / "neo4j", bolt_port=ports[0], http_port=ports[1])
    server.start()
    env = {**os.environ, "NEO4J_URI": server.bolt_uri, "NEO4J_PASSWORD": server.password()}
    totals = {"load_kills": 0, "failed_reloads": 0, "graphs_differing": 0}
    try:
        with neo4j.GraphDatabase.driver(server.bolt_uri, auth=("neo4j", server.password())) as driver:
            def wipe():
                driver.execute_query("MATCH (n) DETACH DELETE n")

            def snapshot():
                return {r["key"]: r["n"] for r in driver.execute_query(NEO4J_SNAPSHOT).records}

            for _ in range(2):  # the second clean load is timed: the first also creates the constraints
                wipe()
                started = time.monotonic()
                if graphkit("load", "--store", str(store), env=env).wait() != 0:
                    raise SystemExit("the clean load failed")
            duration, expected = time.monotonic() - started, snapshot()
            for _ in range(kills):
                wipe()
                how = rng.choice([signal.SIGKILL, signal.SIGTERM, signal.SIGINT])
                moment = rng.uniform(0.2, 0.8) * duration
                load = graphkit("load", "--store", str(store), env=env)
                try:
                    load.wait(moment)
                    finished = True
                except subprocess.TimeoutExpired:
                    load.send_signal(how)
                    load.wait(120)
                    finished = False
                again = graphkit("load", "--store", str(store), env=env)
                _, stderr = again.communicate()
                got = snapshot()
                differing = {k: (expected.get(k), got.get(k)) for k in expected.keys() | got.keys()
                             if expected.get(k) != got.get(k)}
                print(json.dumps({"load": True, "signal": how.name, "at_seconds": round(moment, 2),
                                  "finished_first": finished, "reload_exit": again.returncode,
                                  "differing": differing}), flush=True)
                totals["load_kills"] += not finished
                totals["failed_reloads"] += again.returncode != 0
                totals["graphs_differing"] += bool(differing)
    finally:
        server.stop()
    return totals


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=2, help="kills per process count (default 2)")
    parser.add_argument("--articles", type=int, default=60, help="articles ingested (default 60)")
    parser.add_argument("--processes", default="1,2", help="process counts to try, comma-separated (default 1,2)")
    parser.add_argument("--neo4j-kills", type=int, default=0, help="kills of graphkit load (default 0)")
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
        if options.neo4j_kills:
            totals.update(neo4j_trials(tmp / "clean", options.neo4j_kills, rng, tmp))
        print(json.dumps({"summary": totals, "articles": options.articles, "clean_quads": len(expected),
                          "clean_run_seconds": round(duration, 1)}))
    bad = (totals["orphans"] + totals["hung"] + totals["failed_reruns"] + totals["quads_lost"] + totals["quads_extra"]
           + totals.get("failed_reloads", 0) + totals.get("graphs_differing", 0))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
