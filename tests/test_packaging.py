"""The package installs as a package: its wheel carries the data and the stored calibration,
pyproject.toml declares every third-party module it imports, and an installed copy, in a fresh
virtual environment outside the checkout, runs a reader's notebook.

Nothing here reaches the network: the fresh environment installs from the wheelhouse that
`make test`'s set-up fills at the runtime lock's pins (Makefile, FILL_WHEELHOUSE).
"""

from __future__ import annotations

import ast
import importlib.metadata
import json
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, _offline_prefix

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
WHEELHOUSE = Path(sys.executable).parent.parent / "wheelhouse"
#: Files whose imports may come from the `book` extra: the Sphinx extension, the pages' glue
#: (naltrexone.pages imports myst-nb's glue inside glue_model, which only book pages call) and the
#: seminar kits (naltrexone.kits re-arranges the built editions' HTML with Beautiful Soup; `make kits`).
BOOK_ONLY = ("naltrexone/sphinxext/", "naltrexone/pages.py", "naltrexone/kits.py")
#: What a wheel is built from: the package, its data, and what the metadata names.
WHEEL_SOURCES = ("naltrexone", "data", "pyproject.toml", "README.md", "LICENSE", "LICENSE-CONTENT")
#: The notebook run from the installed copy: it draws figures and runs the calibrated PK model.
NOTEBOOK = ROOT / "notebooks" / "pk-regimen-explorer.ipynb"


def _name(requirement: str) -> str:
    """The normalised distribution name of a requirement such as 'jupyter-book>=1,<2'."""
    return re.sub(r"[-_.]+", "-", re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", requirement)[0]).lower()


def _imports(path: Path) -> set[str]:
    """Top-level third-party modules a file imports, lazy imports included."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            found.add(node.module.split(".")[0])
    return found - set(sys.stdlib_module_names) - {"naltrexone"}


def _imported() -> dict[str, set[str]]:
    """Module -> the package files (relative, POSIX) that import it."""
    where: dict[str, set[str]] = {}
    for path in sorted((ROOT / "naltrexone").rglob("*.py")):
        for module in _imports(path):
            where.setdefault(module, set()).add(path.relative_to(ROOT).as_posix())
    return where


def _declared() -> tuple[set[str], set[str]]:
    project = PYPROJECT["project"]
    return {_name(r) for r in project["dependencies"]}, {_name(r) for r in project["optional-dependencies"]["book"]}


def test_the_import_scanner_sees_lazy_imports(tmp_path):
    code = tmp_path / "m.py"
    code.write_text("import os\nimport numpy.linalg\n\ndef f():\n    from myst_nb import glue\n    from . import x\n")
    assert _imports(code) == {"numpy", "myst_nb"}


def test_every_import_of_the_package_is_a_declared_dependency():
    """A module imported outside the book machinery must come from `dependencies`; one imported only
    by the book machinery may come from the `book` extra instead. Arriving through another package
    (as latexcodec does through pybtex) is not enough: that package may drop it."""
    providers = importlib.metadata.packages_distributions()
    core, book = _declared()
    undeclared = {}
    for module, files in sorted(_imported().items()):
        allowed = core if any(not f.startswith(BOOK_ONLY) for f in files) else core | book
        names = {_name(dist) for dist in providers.get(module, [])}
        if not names & allowed:
            where = "dependencies" if allowed is core else "dependencies or the book extra"
            undeclared[module] = f"from {sorted(names) or 'no installed package'}, imported in {sorted(files)[:3]}"
            undeclared[module] += f"; declare it in pyproject.toml's {where}"
    assert not undeclared, f"imported but not declared: {undeclared}"


def test_every_declared_dependency_is_imported():
    """No stale declarations: each declared distribution provides a module the package imports."""
    providers = importlib.metadata.packages_distributions()
    provided = {_name(dist) for module in _imported() for dist in providers.get(module, [])}
    core, book = _declared()
    assert not (core | book) - provided, f"declared in pyproject.toml but never imported: {(core | book) - provided}"


def test_in_a_checkout_the_data_are_the_repository_s_top_level_data():
    from naltrexone.data import DATA_DIR

    assert DATA_DIR == ROOT / "data"
    assert not (ROOT / "naltrexone" / "_data").exists(), "naltrexone/_data is the wheel's copy; never in a checkout"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel, built offline (the pinned setuptools of the test environment, no isolation) from a
    copy of what it is made of, so that the build writes nothing into the checkout."""
    source = tmp_path_factory.mktemp("source")
    for name in WHEEL_SOURCES:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            shutil.copy2(path, source / name)
    out = tmp_path_factory.mktemp("wheel")
    command = [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "--no-index"]
    run = subprocess.run([*command, "--wheel-dir", str(out), str(source)], capture_output=True, text=True)
    assert run.returncode == 0, f"the wheel did not build:\n{run.stderr[-3000:]}"
    (built,) = out.glob("naltrexone-*.whl")
    return built


def test_the_wheel_carries_every_data_file_and_the_stored_calibration(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    tables = {f"naltrexone/_data/{p.name}" for p in (ROOT / "data").iterdir() if p.is_file()}
    assert tables and not tables - names, f"data files missing from the wheel: {sorted(tables - names)}"
    assert "naltrexone/calibrated_pk.json" in names
    assert not [n for n in names if "/tools/" in n or n.startswith(("tests/", "data/", "book/"))], (
        "the wheel should hold the package and its data only"
    )
    metadata = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    assert "Provides-Extra: book" in metadata


def _run(command: list[str], timeout: int, **kwargs) -> subprocess.CompletedProcess:
    """Run a command with no network (a fresh network namespace where the machine allows it)."""
    return subprocess.run([*_offline_prefix(), *command], capture_output=True, text=True, timeout=timeout, **kwargs)


_RUN_NOTEBOOK = """
import json, pathlib, sys
import nbformat
from nbclient import NotebookClient

path = pathlib.Path(sys.argv[1])
nb = nbformat.read(path, as_version=4)
NotebookClient(nb, timeout=300, kernel_name=sys.argv[2], resources={"metadata": {"path": str(path.parent)}}).execute()
import naltrexone.data, naltrexone.pk_calibration
print(json.dumps({"data_dir": str(naltrexone.data.DATA_DIR),
                  "calibration": str(naltrexone.pk_calibration.STORED),
                  "outputs": sum(len(c.get("outputs", [])) for c in nb.cells if c.cell_type == "code")}))
"""


@pytest.mark.wheel
def test_the_installed_wheel_runs_a_notebook_in_a_fresh_environment_offline(wheel, tmp_path):
    """The reader's route without a checkout: install the wheel (no network, no index), copy a
    notebook to a folder of its own, and run it top to bottom with that environment's kernel."""
    assert any(WHEELHOUSE.glob("numpy-*.whl")), (
        f"{WHEELHOUSE} holds no wheels: `make test` (or `make test-fast`) fills it as it installs the test tools"
    )
    env_dir = tmp_path / "env"
    created = _run([sys.executable, "-m", "venv", str(env_dir)], timeout=300)
    assert created.returncode == 0, created.stderr
    python = env_dir / "bin" / "python"
    install = [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", "--no-index"]
    installed = _run([*install, "--find-links", str(WHEELHOUSE), str(wheel), "nbclient", "ipykernel"], timeout=600)
    assert installed.returncode == 0, f"offline install failed:\n{installed.stderr[-3000:]}"

    # The kernel is this environment's Python, under a name no other kernel spec can shadow.
    kernels = tmp_path / "jupyter"
    spec = kernels / "kernels" / "installed-naltrexone"
    spec.mkdir(parents=True)
    argv = [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    (spec / "kernel.json").write_text(json.dumps({"argv": argv, "display_name": "installed", "language": "python"}))
    workdir = tmp_path / "reader"
    workdir.mkdir()
    notebook = shutil.copy(NOTEBOOK, workdir / NOTEBOOK.name)
    env = {"PATH": f"{env_dir / 'bin'}:/usr/bin:/bin", "HOME": str(tmp_path), "JUPYTER_PATH": str(kernels)}
    env["MPLBACKEND"] = "Agg"
    ran = _run([str(python), "-c", _RUN_NOTEBOOK, str(notebook), "installed-naltrexone"], 600, cwd=workdir, env=env)
    assert ran.returncode == 0, f"the notebook failed in the installed environment:\n{ran.stderr[-4000:]}"
    result = json.loads(ran.stdout.strip().splitlines()[-1])
    site = (env_dir / "lib").resolve()
    assert Path(result["data_dir"]).is_relative_to(site) and result["data_dir"].endswith("naltrexone/_data")
    assert Path(result["calibration"]).is_relative_to(site)
    assert result["outputs"] > 0
    assert not (workdir / "naltrexone-textbook").exists(), "the set-up cell fetched the repository"
