"""The notebooks are the tutorial, so they must run: each executes top to bottom on a fresh set-up (no store yet:
it builds its own), with no network, in under two minutes, and shows a table, a chart and a graph view. Outputs
are stripped in git (`python notebooks/strip.py` before committing)."""

from __future__ import annotations

import base64
import os
import shutil
import time
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = sorted((Path(__file__).parents[1] / "notebooks").glob("*.ipynb"))
ARTIFACTS = Path(__file__).parent / "artifacts"


def test_there_are_four_notebooks():
    assert [p.name for p in NOTEBOOKS] == ["01_tour.ipynb", "02_relationships.ipynb", "03_sparql_cookbook.ipynb",
                                           "04_across_years.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebooks_are_committed_without_outputs(path):
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{path.name}: run notebooks/strip.py"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_top_to_bottom_and_shows_a_table_a_chart_and_a_graph_view(path, tmp_path):
    folder = tmp_path / "notebooks"
    shutil.copytree(path.parent, folder, ignore=shutil.ignore_patterns("stores", ".ipynb_checkpoints"))
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "data").symlink_to(Path(__file__).parent / "data")  # 04 reads ../tests/data
    notebook = nbformat.read(folder / path.name, as_version=4)
    env_store = os.environ.pop("KG_STORE", None)  # the notebook must build what it needs on its own
    started = time.monotonic()
    try:
        NotebookClient(notebook, timeout=300, kernel_name="python3",
                       resources={"metadata": {"path": str(folder)}}).execute()
    finally:
        if env_store is not None:
            os.environ["KG_STORE"] = env_store
    elapsed = time.monotonic() - started
    assert elapsed < 120, f"{path.name} took {elapsed:.0f} s"
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    html = [o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    images = [o["data"]["image/png"] for o in outputs if "image/png" in o.get("data", {})]
    assert any("<table" in h for h in html), "no table"
    assert images, "no chart"
    assert any("<iframe" in h and "vis-network" in h for h in html), "no graph view"
    assert not any("http://" in h or "https://" in h for h in html if "<iframe" in h and "src=" in h.split("srcdoc")[0])
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"notebook-{path.stem}-chart.png").write_bytes(base64.b64decode(images[0]))
