"""Installing Neo4j Community from Maven Central: the jars of ``jars.lock``, downloaded once and hash-checked.

>>> lock = read_lock()
>>> lock.neo4j_version, len(lock.jars) > 100
('5.26.30', True)
"""
from __future__ import annotations

import hashlib
import os
import re
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ..config import cache_root
from ..errors import Neo4jError

__all__ = ["Jar", "Lock", "read_lock", "install", "cache_dir", "MAVEN_CENTRAL"]

LOCK_FILE = Path(__file__).with_name("jars.lock")
MAVEN_CENTRAL = os.environ.get("GRAPHKIT_MAVEN_REPOSITORY", "https://repo1.maven.org/maven2")
DOWNLOAD_TIMEOUT = 120
PARALLEL_DOWNLOADS = 8


@dataclass(frozen=True)
class Jar:
    group: str
    artifact: str
    version: str
    classifier: str
    sha1: str

    @property
    def filename(self) -> str:
        suffix = f"-{self.classifier}" if self.classifier else ""
        return f"{self.artifact}-{self.version}{suffix}.jar"

    @property
    def url(self) -> str:
        return f"{MAVEN_CENTRAL}/{self.group.replace('.', '/')}/{self.artifact}/{self.version}/{self.filename}"


@dataclass(frozen=True)
class Lock:
    neo4j_version: str
    jars: tuple[Jar, ...]


def read_lock(path: Path = LOCK_FILE) -> Lock:
    """The locked jar list; its first line names the Neo4j version."""
    text = path.read_text(encoding="utf-8")
    version = re.search(r"Neo4j Community (\S+)", text)
    jars = tuple(Jar(*line.split("\t")) for line in text.splitlines() if line and not line.startswith("#"))
    if version is None or not jars:
        raise Neo4jError(f"{path} is not a Neo4j jar lock; regenerate it with scripts/lock_neo4j.py")
    return Lock(version.group(1), jars)


def cache_dir(lock: Lock | None = None) -> Path:
    """Where the jars are kept: ``$GRAPHKIT_CACHE`` or ``~/.cache/graphkit``, one folder per Neo4j version."""
    lock = lock or read_lock()
    return cache_root() / f"neo4j-{lock.neo4j_version}" / "lib"


def install(progress: Callable[[Jar], None] | None = None) -> Path:
    """Download every locked jar not yet in the cache, check its SHA-1, and return the folder holding them.

    Interrupted downloads leave no partial jar (files are renamed into place only once their hash matches),
    so running it again picks up where it stopped.
    """
    lock = read_lock()
    folder = cache_dir(lock)
    folder.mkdir(parents=True, exist_ok=True)
    missing = [jar for jar in lock.jars if not _present(folder / jar.filename, jar.sha1)]
    with ThreadPoolExecutor(PARALLEL_DOWNLOADS) as pool:
        for jar in pool.map(lambda jar: _download(jar, folder), missing):
            if progress is not None:
                progress(jar)
    return folder


def _present(path: Path, sha1: str) -> bool:
    return path.is_file() and _sha1(path) == sha1


def _download(jar: Jar, folder: Path) -> Jar:
    partial = folder / f".{jar.filename}.part"
    try:
        with urllib.request.urlopen(jar.url, timeout=DOWNLOAD_TIMEOUT) as response, open(partial, "wb") as out:
            while chunk := response.read(1 << 20):
                out.write(chunk)
    except OSError as err:
        partial.unlink(missing_ok=True)
        raise Neo4jError(f"cannot download {jar.url}: {err}; check the network or set GRAPHKIT_MAVEN_REPOSITORY "
                         "to a Maven mirror") from None
    actual = _sha1(partial)
    if actual != jar.sha1:
        partial.unlink(missing_ok=True)
        raise Neo4jError(f"{jar.filename}: SHA-1 {actual} does not match the lock's {jar.sha1}; refusing to use it")
    partial.replace(folder / jar.filename)
    return jar


def _sha1(path: Path) -> str:
    digest = hashlib.sha1()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()
