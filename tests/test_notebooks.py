"""The notebooks run top to bottom on a real corpus — the training articles of ../shared/train when present, as
they are in CI, else the samples — and save figures an analyst can read: one markdown cell says what each shows.

The store built from the corpus is cached for the whole module, as it is for a user across the three notebooks.
Each executed notebook and its figures are saved under the test's temporary folder and listed at the end of the
run (conftest.py), so `pytest -s tests/test_notebooks.py` shows where to look.
"""
from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from graphkit.workspace import default_corpus

from .conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
FIGURES = {"01-tour": ["01-relations.png", "01-graph.png"],
           "02-relationship-over-time": ["02-corpus-over-time.png", "02-relationship-over-time.png"],
           "03-blocs": ["03-blocs.png", "03-between-blocs.png", "03-brokers.png"]}


@pytest.fixture(scope="module")
def notebook_cache(tmp_path_factory) -> Path:
    """One cache of built stores for every notebook of the run: the corpus is ingested once."""
    return tmp_path_factory.mktemp("notebook-stores")


@pytest.fixture
def notebook_env(monkeypatch, tmp_path, notebook_cache):
    """The environment the kernel inherits: a fresh home, the shared store cache, figures into the test's folder."""
    monkeypatch.setenv("GRAPHKIT_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("GRAPHKIT_NOTEBOOK_CACHE", str(notebook_cache))
    monkeypatch.setenv("GRAPHKIT_NOTEBOOK_FIGURES", str(tmp_path / "figures"))
    return tmp_path / "figures"


def execute(path: Path, folder: Path):
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, timeout=900, kernel_name="python3", resources={"metadata": {"path": str(folder)}}).execute()
    return notebook


def printed(notebook) -> str:
    return "".join(o.get("text", "") for cell in notebook.cells for o in cell.get("outputs", []))


def test_there_are_notebooks():
    assert [p.name for p in NOTEBOOKS] == ["01-tour.ipynb", "02-relationship-over-time.ipynb", "03-blocs.ipynb"]


def test_notebooks_are_stored_without_outputs():
    for path in NOTEBOOKS:
        notebook = nbformat.read(path, as_version=4)
        assert all(not cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code"), path.name


def test_each_figure_has_a_markdown_cell_saying_what_it_shows():
    for path in NOTEBOOKS:
        cells = nbformat.read(path, as_version=4).cells
        for figure in FIGURES[path.stem]:
            saving = next(n for n, cell in enumerate(cells) if cell.cell_type == "code" and figure in cell.source)
            assert cells[saving - 1].cell_type == "markdown" and cells[saving - 1].source.startswith("## Figure"), figure
        first = cells[1]
        assert first.cell_type == "code" and "parameters" in first.metadata.get("tags", []), "parameters come first"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_on_the_corpus_and_saves_its_figures(path: Path, tmp_path, monkeypatch, notebook_env,
                                                           neo4j_server, neo4j_target, pytestconfig):
    monkeypatch.setenv("NEO4J_URI", neo4j_server.bolt_uri)  # the tour asks Neo4j too; the kernel inherits these
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_server.password())
    monkeypatch.setenv("GRAPHKIT_NOTEBOOK_WRITES_NEO4J", "1")  # the session's own test server: writing is wanted
    notebook = execute(path, tmp_path)
    nbformat.write(notebook, tmp_path / path.name)
    errors = [o for cell in notebook.cells for o in cell.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors
    articles = int(re.search(r"^(\d+) articles of", printed(notebook), re.M).group(1))
    if default_corpus().name == "articles":  # ../shared/train is here (as in CI): the notebooks read all of it
        assert articles == len(list(default_corpus().glob("*.txt"))) > 5
    for figure in FIGURES[path.stem]:
        saved = notebook_env / figure
        assert saved.is_file() and saved.stat().st_size > 20_000, figure  # a drawn figure, not an empty canvas
        pytestconfig.graphkit_figures.append(saved)
    print(f"\n{path.name}: executed copy in {tmp_path}, figures in {notebook_env}")
    if path.stem == "01-tour":
        assert "'supplier': '" in printed(notebook), "the Cypher cell answered from Neo4j"
        pages = "".join(o.get("data", {}).get("text/html", "") for cell in notebook.cells for o in cell.get("outputs", []))
        assert "vis-network" in pages or "vis.Network" in pages, "the interactive view is inlined"


def test_jupyter_nbconvert_executes_a_notebook_as_users_run_it(tmp_path, notebook_env):
    """`jupyter nbconvert --execute` is what users type: the dev extra brings it."""
    import subprocess
    import sys

    path = ROOT / "notebooks" / "03-blocs.ipynb"
    result = subprocess.run([sys.executable, "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute",
                             "--output-dir", str(tmp_path), str(path)], capture_output=True, text=True, timeout=900,
                            cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    executed = nbformat.read(tmp_path / path.name, as_version=4)
    assert any(cell.get("outputs") for cell in executed.cells if cell.cell_type == "code")
    assert (notebook_env / "03-blocs.png").is_file()


def test_the_tour_writes_into_no_neo4j_unless_told(tmp_path, monkeypatch, notebook_env, neo4j_server, neo4j_target):
    """With NEO4J_URI pointing at a database and no parameter saying so, the tour leaves the database as it was."""
    import neo4j

    monkeypatch.setenv("NEO4J_URI", neo4j_server.bolt_uri)
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_server.password())
    monkeypatch.delenv("GRAPHKIT_NOTEBOOK_WRITES_NEO4J", raising=False)
    notebook = execute(ROOT / "notebooks" / "01-tour.ipynb", tmp_path)
    assert "Neo4j cells skipped" in printed(notebook)
    with neo4j.GraphDatabase.driver(neo4j_target.uri, auth=(neo4j_target.user, neo4j_target.password)) as driver:
        records, _, _ = driver.execute_query("MATCH (n) RETURN count(n) AS n")
    assert records[0]["n"] == 0
