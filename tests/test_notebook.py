"""notebooks/walkthrough.ipynb: stored without outputs, and it runs, from the repository root
and from notebooks/ (nbclient with an ipykernel kernel; the notebook asserts its own results)."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parents[1]
NOTEBOOK = REPO / "notebooks" / "walkthrough.ipynb"


def read_notebook() -> nbformat.NotebookNode:
    return nbformat.read(NOTEBOOK, as_version=4)


def test_the_notebook_is_stored_without_outputs() -> None:
    notebook = read_notebook()
    nbformat.validate(notebook)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code, "the walkthrough has no code"
    assert all(cell.outputs == [] and cell.execution_count is None for cell in code)


def kernel_environment(monkeypatch: pytest.MonkeyPatch, out: Path) -> None:
    """Outputs in `out`; the kernel and the commands it runs use this tree's code."""
    monkeypatch.setenv("TRADEEXTRACT_OUT", str(out))
    paths = [str(REPO / "src"), os.environ.get("PYTHONPATH", "")]
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(p for p in paths if p))


def execute(notebook: nbformat.NotebookNode, folder: Path) -> list[dict]:
    """Run the notebook's cells with `folder` as the kernel's working directory; their outputs."""
    client = NotebookClient(
        notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(folder)}}
    )
    client.execute()
    return [
        output for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs
    ]


def printed(outputs: list[dict]) -> str:
    return "\n".join(
        output.get("text", "") or str(output.get("data", {}).get("text/plain", ""))
        for output in outputs
    )


def test_the_walkthrough_runs_from_notebooks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fixtures_dir: Path
) -> None:
    kernel_environment(monkeypatch, tmp_path)
    outputs = execute(read_notebook(), REPO / "notebooks")
    text = printed(outputs)
    assert "14 added" in text and "14 unchanged" in text  # the store, loaded twice
    assert "precision" in text
    assert any("image/png" in output.get("data", {}) for output in outputs), "no chart drawn"
    assert (tmp_path / "report.html").stat().st_size > 10_000
    frames = [o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    assert any(frame.startswith("<div><iframe srcdoc=") for frame in frames), (
        "the report is not shown"
    )
    assert (tmp_path / "claims.duckdb").exists()


def test_the_walkthrough_finds_the_repository_from_the_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fixtures_dir: Path
) -> None:
    """Only the first cell depends on where the kernel runs: every later one uses its paths."""
    kernel_environment(monkeypatch, tmp_path)
    notebook = read_notebook()
    first = next(cell for cell in notebook.cells if cell.cell_type == "code")
    notebook.cells = [first, nbformat.v4.new_code_cell("print(ROOT, FIXTURES, OUT, sep='\\n')")]
    lines = printed(execute(notebook, REPO)).splitlines()
    assert lines[-3:] == [str(REPO), str(fixtures_dir), str(tmp_path)]
