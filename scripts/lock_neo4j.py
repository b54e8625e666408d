#!/usr/bin/env python3
"""Write graphkit/neo4j/jars.lock: every jar a Neo4j Community server needs, with its SHA-1, from Maven Central.

    python scripts/lock_neo4j.py [--neo4j 5.26.30] [--browser 5.24.0]

Run by a developer when changing the Neo4j version; it needs Maven. graphkit itself never runs Maven: it
downloads the locked jars over HTTPS and checks each hash (graphkit/neo4j/install.py).
"""
from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "graphkit" / "neo4j" / "jars.lock"
POM = """<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>graphkit</groupId><artifactId>neo4j-lock</artifactId><version>1</version>
  <dependencies>
    <dependency><groupId>org.neo4j</groupId><artifactId>neo4j</artifactId><version>{neo4j}</version></dependency>
    <dependency><groupId>org.neo4j.client</groupId><artifactId>neo4j-browser</artifactId><version>{browser}</version></dependency>
  </dependencies>
</project>
"""


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--neo4j", default="5.26.30")
    parser.add_argument("--browser", default="5.24.0")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as work:
        (Path(work) / "pom.xml").write_text(POM.format(neo4j=args.neo4j, browser=args.browser))
        listing = Path(work) / "deps.txt"
        subprocess.run(["mvn", "-q", "-B", "dependency:list", "-DincludeScope=runtime", "-DoutputAbsoluteArtifactFilename=true",
                        f"-DoutputFile={listing}"], cwd=work, check=True)
        rows = sorted(_parse(line) for line in listing.read_text().splitlines() if line.strip().count(":") >= 4)
    lines = [f"# Neo4j Community {args.neo4j} and Neo4j Browser {args.browser}: every runtime jar, from Maven Central.",
             "# Written by scripts/lock_neo4j.py; graphkit downloads these and checks each SHA-1.",
             "# group\tartifact\tversion\tclassifier\tsha1"]
    lines += ["\t".join(row) for row in rows]
    LOCK.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {LOCK}: {len(rows)} jars")
    return 0


def _parse(line: str) -> tuple[str, str, str, str, str]:
    # group:artifact:type[:classifier]:version:scope:/path/to/file.jar (and sometimes " -- module ..." after it)
    coordinates, _, path = line.strip().partition(":/")
    parts = coordinates.split(":")
    group, artifact, kind = parts[:3]
    classifier, version = (parts[3], parts[4]) if len(parts) == 6 else ("", parts[3])
    jar = Path("/" + path.split(" ")[0])
    if kind != "jar":
        raise SystemExit(f"unexpected artifact type {kind} for {group}:{artifact}")
    return group, artifact, version, classifier, hashlib.sha1(jar.read_bytes()).hexdigest()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
