"""The benchmark scripts run and print their ratio (their figures are measured, never asserted, here)."""
from __future__ import annotations

import json
import subprocess
import sys

from .conftest import ROOT


def test_bench_extract_prints_a_ratio_on_a_small_corpus():
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "bench_extract.py"), "--articles", "60", "--ag-news", "/nonexistent"],
        capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    first = json.loads(result.stdout.splitlines()[0])
    assert first["articles"] == 60 and first["assertions"] > 60 and first["ratio"] > 0
    assert result.stdout.splitlines()[-1].startswith("ratio (graphkit / bare spaCy")
