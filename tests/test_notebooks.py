"""The notebooks run top to bottom on the embedded store (and on Neo4j where it runs), and draw their plots.

Each executed notebook and its figures are saved under the test's temporary folder; the paths are printed, so
`pytest -s tests/test_notebooks.py` shows where to look.
"""
from __future__ import annotations

import base64
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from .conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_there_are_notebooks():
    assert [p.name for p in NOTEBOOKS] == ["01-tour.ipynb", "02-relationship-over-time.ipynb", "03-blocs.ipynb"]


def test_notebooks_are_stored_without_outputs():
    for path in NOTEBOOKS:
        notebook = nbformat.read(path, as_version=4)
        assert all(not cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code"), path.name


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_and_draws(path: Path, tmp_path, monkeypatch, neo4j_server, neo4j_target, pytestconfig):
    monkeypatch.setenv("GRAPHKIT_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("NEO4J_URI", neo4j_server.bolt_uri)  # the tour asks Neo4j too; the kernel inherits these
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_server.password())
    monkeypatch.setenv("GRAPHKIT_NOTEBOOK_WRITES_NEO4J", "1")  # the session's own test server: writing is wanted
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    figures = [output["data"]["image/png"] for cell in notebook.cells if cell.cell_type == "code"
               for output in cell.get("outputs", []) if "image/png" in output.get("data", {})]
    assert figures, f"{path.name} drew no figure"
    nbformat.write(notebook, tmp_path / path.name)
    for number, figure in enumerate(figures, 1):
        (tmp_path / f"{path.stem}-{number}.png").write_bytes(base64.b64decode(figure))
        pytestconfig.graphkit_figures.append(tmp_path / f"{path.stem}-{number}.png")  # listed by conftest.py
    print(f"\n{path.name}: executed copy and {len(figures)} figure(s) in {tmp_path}")
    if path.stem == "01-tour":
        text = "".join(o.get("text", "") for cell in notebook.cells for o in cell.get("outputs", []))
        assert "'supplier': 'IRN'" in text, "the Cypher cell answered from Neo4j"
        pages = "".join(o.get("data", {}).get("text/html", "") for cell in notebook.cells for o in cell.get("outputs", []))
        assert "vis-network" in pages or "vis.Network" in pages, "the interactive view is inlined"
    errors = [o for cell in notebook.cells for o in cell.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors


def test_jupyter_nbconvert_executes_a_notebook_as_users_run_it(tmp_path):
    """`jupyter nbconvert --execute` is what users type: the dev extra brings it."""
    import subprocess
    import sys

    path = ROOT / "notebooks" / "03-blocs.ipynb"
    result = subprocess.run([sys.executable, "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute",
                             "--output-dir", str(tmp_path), str(path)], capture_output=True, text=True, timeout=600,
                            cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    executed = nbformat.read(tmp_path / path.name, as_version=4)
    assert any(cell.get("outputs") for cell in executed.cells if cell.cell_type == "code")


def test_the_tour_writes_into_no_neo4j_unless_told(tmp_path, monkeypatch, neo4j_server, neo4j_target):
    """With NEO4J_URI pointing at a database and no parameter saying so, the tour leaves the database as it was."""
    import neo4j

    monkeypatch.setenv("GRAPHKIT_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("NEO4J_URI", neo4j_server.bolt_uri)
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_server.password())
    monkeypatch.delenv("GRAPHKIT_NOTEBOOK_WRITES_NEO4J", raising=False)
    notebook = nbformat.read(ROOT / "notebooks" / "01-tour.ipynb", as_version=4)
    NotebookClient(notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    text = "".join(o.get("text", "") for cell in notebook.cells for o in cell.get("outputs", []))
    assert "Neo4j cells skipped" in text
    with neo4j.GraphDatabase.driver(neo4j_target.uri, auth=(neo4j_target.user, neo4j_target.password)) as driver:
        records, _, _ = driver.execute_query("MATCH (n) RETURN count(n) AS n")
    assert records[0]["n"] == 0
