"""Notebooks: committed without outputs, and they run top to bottom in a fresh kernel."""

from __future__ import annotations

import json
import os
import re
import sys

import nbformat
import pytest
import yaml
from conftest import ROOT
from nbclient import NotebookClient

NOTEBOOKS = sorted(p for p in (ROOT / "notebooks").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
#: Each seminar's student notebook (gaps to fill) and its worked solutions, under the same name.
SEMINARS, SOLUTIONS = ROOT / "notebooks" / "seminars", ROOT / "notebooks" / "solutions"
STUDENT_NOTEBOOKS = sorted(SEMINARS.glob("*.ipynb"))
#: What a student's check cell prints until the gap before it is filled.
NOT_DONE = "Not done yet"


def _id(path):
    return path.relative_to(ROOT / "notebooks").as_posix()


def test_there_are_notebooks():
    assert NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_id)
def test_committed_without_outputs(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    dirty = [
        i
        for i, c in enumerate(nb["cells"])
        if c["cell_type"] == "code" and (c.get("outputs") or c.get("execution_count"))
    ]
    assert not dirty, f"{path.name}: cells {dirty} carry outputs; clear them before committing"


# A kernel in which the book's package is NOT installed: the editable install's import hook is
# removed before the kernel starts. The notebooks must then find the package through their own
# set-up cell, as they do on Colab or from a plain copy of the repository.
_HIDE_PACKAGE = (
    "import sys; sys.meta_path[:] = [f for f in sys.meta_path "
    "if not getattr(f, '__module__', '').startswith('__editable__')]; "
    "from ipykernel.kernelapp import launch_new_instance; launch_new_instance()"
)
_NO_PACKAGE_KERNEL = "python3-without-naltrexone"


@pytest.fixture(scope="module")
def kernel_without_package(tmp_path_factory):
    spec = tmp_path_factory.mktemp("jupyter") / "kernels" / _NO_PACKAGE_KERNEL
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [sys.executable, "-c", _HIDE_PACKAGE, "-f", "{connection_file}"],
                "display_name": "Python 3 (book's package not installed)",
                "language": "python",
            }
        )
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JUPYTER_PATH", os.pathsep.join([str(spec.parent.parent), os.environ.get("JUPYTER_PATH", "")]))
        yield _NO_PACKAGE_KERNEL


@pytest.mark.notebook
@pytest.mark.parametrize("path", NOTEBOOKS, ids=_id)
def test_runs_top_to_bottom_in_a_fresh_kernel_without_the_package_installed(path, kernel_without_package):
    nb = nbformat.read(path, as_version=4)
    # First prove the package is hidden, so that only the notebook's set-up cell can find it.
    nb.cells.insert(
        0,
        nbformat.v4.new_code_cell(
            "import importlib.util\nassert importlib.util.find_spec('naltrexone') is None, 'package not hidden'"
        ),
    )
    client = NotebookClient(
        nb, timeout=120, kernel_name=kernel_without_package, resources={"metadata": {"path": str(path.parent)}}
    )
    client.execute()  # raises CellExecutionError, naming the cell, on any failure
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors
    printed = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    # A student notebook runs with its gaps unfilled and says so; the solutions fill every gap.
    if path.parent == SEMINARS:
        assert NOT_DONE in printed, f"{_id(path)}: no check cell reported an unfilled gap"
    if path.parent == SOLUTIONS:
        assert NOT_DONE not in printed, f"{_id(path)}: a gap is left unfilled in the solutions"


def _setup_cell(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    return "".join(next(c for c in nb["cells"] if c["cell_type"] == "code")["source"])


def test_every_notebook_starts_with_the_same_set_up_cell():
    cells = {path.name: _setup_cell(path) for path in NOTEBOOKS}
    assert len(set(cells.values())) == 1, f"set-up cells differ: {sorted(cells)}"


def test_the_set_up_cell_fetches_the_repository_the_launch_buttons_open():
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    url = re.search(r'REPOSITORY = "([^"]+)"', _setup_cell(NOTEBOOKS[0])).group(1)
    assert url == config["repository"]["url"]
    assert config["launch_buttons"]["binderhub_url"] and config["launch_buttons"]["colab_url"]


def test_binder_installs_the_pinned_environment_and_the_package():
    assert (ROOT / "runtime.txt").read_text().strip() == "python-3.11"
    post_build = (ROOT / "postBuild").read_text()
    assert "pip install --no-deps" in post_build and os.access(ROOT / "postBuild", os.X_OK)


# --- the seminars' student notebooks and their solutions -------------------------------------------


def _cells(path):
    return [c for c in json.loads(path.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "code"]


def _tags(cell):
    return set(cell.get("metadata", {}).get("tags", []))


def test_every_seminar_has_a_student_notebook_and_its_solutions():
    seminars = {page.stem for page in (ROOT / "book" / "teaching").glob("seminar-*.md")}
    assert {p.stem for p in STUDENT_NOTEBOOKS} == seminars
    assert {p.stem for p in SOLUTIONS.glob("*.ipynb")} == seminars


@pytest.mark.parametrize("student", STUDENT_NOTEBOOKS, ids=_id)
def test_the_student_notebook_has_gaps_and_none_of_the_solutions(student):
    """The two notebooks share every cell but the gaps: where the student's has a stub (tagged
    your-turn), the solutions' has the worked answer (tagged solution), and no line of that answer
    appears anywhere in the student's notebook."""
    mine, worked = _cells(student), _cells(SOLUTIONS / student.name)
    assert len(mine) == len(worked), f"{_id(student)}: the two notebooks should pair cell for cell"
    text = "\n".join("".join(c["source"]) for c in mine)
    gaps = 0
    for number, (cell, answer) in enumerate(zip(mine, worked)):
        source, worked_source = "".join(cell["source"]), "".join(answer["source"])
        assert "solution" not in _tags(cell), f"{_id(student)} cell {number}: a solution in the student notebook"
        if "your-turn" not in _tags(cell):
            assert source == worked_source, f"{_id(student)} cell {number}: differs from its solutions' copy"
            continue
        gaps += 1
        assert "solution" in _tags(answer), f"cell {number}: the solutions' copy of a gap should be tagged solution"
        assert "..." in source or "return None" in source, f"{_id(student)} cell {number}: a gap without a stub"
        # (Lines of bare punctuation, such as a closing bracket, say nothing of the answer.)
        answer_lines = [line for line in worked_source.splitlines() if re.search(r"\w", line) and line not in source]
        leaked = [line for line in answer_lines if line in text]
        assert not leaked, f"{_id(student)} cell {number}: solution lines in the student notebook: {leaked}"
    assert gaps, f"{_id(student)}: no cell is left for the student to write"


@pytest.mark.parametrize("student", STUDENT_NOTEBOOKS, ids=_id)
def test_the_seminar_page_links_its_student_notebook(student):
    page = (ROOT / "book" / "teaching" / student.name).with_suffix(".md").read_text(encoding="utf-8")
    assert f"../../notebooks/seminars/{student.stem}>`" in page or f"../../notebooks/seminars/{student.stem}`" in page


def test_student_notebooks_are_in_the_book_and_the_solutions_are_not():
    """The toc builds every edition, the student one included: solutions must stay out of it."""
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    files = set(re.findall(r"file: (\S+)", toc))
    assert {f"notebooks/seminars/{p.stem}" for p in STUDENT_NOTEBOOKS} <= files
    assert not [f for f in files if f.startswith("notebooks/solutions")]
