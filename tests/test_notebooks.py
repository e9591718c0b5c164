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

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_there_are_notebooks():
    assert NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
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
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
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
