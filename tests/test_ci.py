"""CI's own checks: a skipped Browser test fails the run, and every skip says why in the summary."""
from __future__ import annotations

import subprocess
import sys

from .conftest import ROOT

CHECK = ROOT / ".ci" / "check-skips"


def _check(tmp_path, summary: str) -> subprocess.CompletedProcess:
    log = tmp_path / "pytest.log"
    log.write_text(summary, encoding="utf-8")
    return subprocess.run([str(CHECK), str(log)], capture_output=True, text=True)


def test_a_skipped_browser_test_fails_ci(tmp_path):
    result = _check(tmp_path, "SKIPPED [1] tests/test_browser.py:24: chromium is not installed\n1 passed, 1 skipped\n")
    assert result.returncode == 1 and "Browser test was skipped" in result.stderr


def test_other_skips_pass(tmp_path):
    result = _check(tmp_path, "SKIPPED [1] tests/test_dev_score.py:40: ../shared/eval is not present\n3 passed\n")
    assert result.returncode == 0, result.stderr


def test_skip_reasons_are_printed_in_the_summary(tmp_path):
    (tmp_path / "test_x.py").write_text("import pytest\n\ndef test_x():\n    pytest.skip('no chromium here')\n")
    (tmp_path / "pyproject.toml").write_text((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    result = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", str(tmp_path / "test_x.py"),
                             "--rootdir", str(tmp_path), "-c", str(tmp_path / "pyproject.toml")],
                            capture_output=True, text=True, cwd=tmp_path)
    assert "SKIPPED [1]" in result.stdout and "no chromium here" in result.stdout, result.stdout
