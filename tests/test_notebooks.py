"""The researcher notebooks run from top to bottom in quick mode, and are stored without outputs.

Each notebook has a cell tagged ``parameters`` with ``QUICK = False``; the test inserts
``QUICK = True`` after it (small and short runs) and executes the notebook with nbclient in the
``python3`` kernel of this interpreter, with this checkout's ``src`` first on the path of the
kernel and of any worker process it starts.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
CELL_TIMEOUT_SECONDS = 600


def quick(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The notebook with ``QUICK = True`` inserted after its parameters cell."""
    [index] = [
        i for i, cell in enumerate(notebook.cells) if "parameters" in cell.metadata.get("tags", [])
    ]
    notebook.cells.insert(index + 1, nbformat.v4.new_code_cell("QUICK = True"))
    return notebook


def test_there_are_notebooks_for_each_story() -> None:
    assert len(NOTEBOOKS) >= 6


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[path.stem for path in NOTEBOOKS])
def test_notebook_is_stored_without_outputs(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert all(not cell.outputs and cell.execution_count is None for cell in code)
    parameters = [cell for cell in code if "parameters" in cell.metadata.get("tags", [])]
    assert len(parameters) == 1 and "QUICK = False" in parameters[0].source


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[path.stem for path in NOTEBOOKS])
def test_notebook_runs_in_quick_mode(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from nbclient import NotebookClient

    paths = [str(ROOT / "src"), str(ROOT), os.environ.get("PYTHONPATH", "")]
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(p for p in paths if p))
    monkeypatch.delenv("MPLBACKEND", raising=False)  # the kernel's inline backend draws (Agg)
    monkeypatch.setenv("JUPYTER_PLATFORM_DIRS", "1")  # jupyter_core's future default, no warning
    notebook = quick(nbformat.read(path, as_version=4))
    client = NotebookClient(
        notebook,
        kernel_name="python3",
        timeout=CELL_TIMEOUT_SECONDS,
        resources={"metadata": {"path": str(path.parent)}},
    )
    notebook.cells.append(nbformat.v4.new_code_cell("import sys\nprint(sys.prefix)"))
    client.execute()
    # the kernel is this interpreter's environment (the venv with ekosim and ipykernel)
    assert notebook.cells[-1].outputs[0]["text"].strip() == sys.prefix
