"""The researcher notebooks run under papermill at a small size, and are stored without outputs.

Each notebook has one cell tagged ``parameters`` (its full size); the test runs it with
papermill, which injects ``SMALL[notebook]`` after that cell, in the ``python3`` kernel of
this interpreter, with this checkout's ``src`` first on the path of the kernel and of any
worker process it starts. Each notebook opens with its question and ends with what it found.
"""

from __future__ import annotations

import ast
import os
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
CELL_TIMEOUT_SECONDS = 600
# The small size each notebook runs at in the suite (papermill parameters).
SMALL: dict[str, dict[str, object]] = {
    "01-quickstart": {"YEARS": 1, "POPULATION": 2000},
    "02-alliance-inhouse-outsourcing": {"REPLICATIONS": 2, "YEARS": 1, "POPULATION": 2000},
    "03-care-paths-and-the-integrator": {
        "YEARS": 1,
        "REPLICATIONS": 2,
        "POPULATION": 2000,
        "LEARNING_DAYS": 90,
    },
    "04-wellbeing-actions-and-the-virtual-trial": {
        "N": 2000,
        "AREA_YEARS": 1,
        "AREA_REPLICATIONS": 2,
        "POPULATION": 2000,
    },
    "05-sensitivity-and-scenario-discovery": {
        "REPLICATIONS": 1,
        "SAMPLES": 6,
        "SENSITIVITY": "morris",
        "SENSITIVITY_SAMPLES": 2,
        "POPULATION": 1000,  # 2,000 residents and 8 samples took 57 s in CI (24 runs)
        "EMA_EXPERIMENTS": 3,
        "RISK_SAMPLES": 4,
    },
    "06-scaling-out-on-dask": {"REPLICATIONS": 2, "YEARS": 1, "POPULATION": 2000},
}


def parameters_cell(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    [cell] = [c for c in notebook.cells if "parameters" in c.metadata.get("tags", [])]
    return cell


def test_there_are_notebooks_for_each_story() -> None:
    assert len(NOTEBOOKS) >= 6
    assert {path.stem for path in NOTEBOOKS} == set(SMALL)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[path.stem for path in NOTEBOOKS])
def test_notebook_is_stored_without_outputs_and_tells_its_story(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert all(not cell.outputs and cell.execution_count is None for cell in code)
    # every small-size parameter is a name the parameters cell assigns (papermill would
    # only warn about one it does not know, and the notebook would run at full size)
    tree = ast.parse(parameters_cell(notebook).source)
    assigned = {
        target.id
        for node in tree.body
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    assert set(SMALL[path.stem]) <= assigned
    assert "QUICK" not in "".join(cell.source for cell in code)
    first = notebook.cells[0]
    assert first.cell_type == "markdown" and "**Question:**" in first.source
    found = [i for i, cell in enumerate(notebook.cells) if "## What we found" in cell.source]
    assert found and found[-1] >= len(notebook.cells) - 3  # it ends with its findings


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[path.stem for path in NOTEBOOKS])
def test_notebook_runs_under_papermill_at_a_small_size(
    path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import papermill

    paths = [str(ROOT / "src"), str(ROOT), os.environ.get("PYTHONPATH", "")]
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(p for p in paths if p))
    monkeypatch.delenv("MPLBACKEND", raising=False)  # the kernel's inline backend draws (Agg)
    monkeypatch.setenv("JUPYTER_PLATFORM_DIRS", "1")  # jupyter_core's future default, no warning
    notebook = nbformat.read(path, as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell("import sys\nprint(sys.prefix)"))
    source = tmp_path / path.name
    nbformat.write(notebook, source)
    executed = papermill.execute_notebook(
        str(source),
        str(tmp_path / f"out-{path.name}"),
        parameters=SMALL[path.stem],
        kernel_name="python3",
        cwd=str(path.parent),
        progress_bar=False,
        execution_timeout=CELL_TIMEOUT_SECONDS,
    )
    injected = [c for c in executed.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1
    # the kernel is this interpreter's environment (the venv with ekosim and ipykernel)
    assert executed.cells[-1].outputs[0]["text"].strip() == sys.prefix
    # the code under "What we found" printed the findings of this run
    heading = max(i for i, c in enumerate(executed.cells) if "## What we found" in c.source)
    findings = next(c for c in executed.cells[heading:] if c.cell_type == "code")
    assert any(output.get("text", "").strip() for output in findings.outputs)
