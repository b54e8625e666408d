"""``graphkit demo``: the whole flow on the sample articles graphkit ships (written for the project)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .analysis import articles_from_store
from .config import load_settings
from .ingest import IngestReport, ingest
from .model import Assertion

__all__ = ["run_demo", "sample_dir", "DemoResult"]


@dataclass
class DemoResult:
    store: Path
    report: IngestReport
    assertions: list[Assertion]
    next_steps: list[str]


def sample_dir() -> Path:
    """The folder of sample articles shipped with graphkit."""
    return Path(__file__).parent / "samples"


def run_demo(store: str | Path | None = None) -> DemoResult:
    """Ingest the sample articles into ``store`` (default: the settings' store) and return what was found."""
    settings = load_settings()
    store_path = Path(store) if store else settings.store_path
    report = ingest([sample_dir()], store=store_path, settings=settings)
    assertions = [a for _, found in articles_from_store(store_path) for a in found]  # what the store now holds
    where = f" --store {store_path}" if store else ""
    next_steps = [
        f"graphkit stats{where}",
        f"graphkit sparql{where} 'SELECT DISTINCT ?supplier ?recipient WHERE {{ ?supplier gk:supplies ?recipient }}'",
        f"graphkit extract {sample_dir()} --format jsonl",
        "graphkit ingest YOUR-ARTICLES/  (txt, jsonl, html, rss; see graphkit ingest --help)",
    ]
    return DemoResult(store_path, report, assertions, next_steps)
