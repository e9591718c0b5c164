"""The execution cache is cleared only when what the pages execute changes; the Sphinx environment
also when the code that renders the pages changes."""

import importlib
import json
import shutil
from pathlib import Path

import pytest
from conftest import ROOT

from naltrexone.sphinxext import cachekey


def _stamp(hashes):
    return lambda *args, **kwargs: dict(hashes)


def test_cache_cleared_only_when_inputs_change(tmp_path, monkeypatch):
    build = tmp_path / "_build"
    (build / ".jupyter_cache").mkdir(parents=True)
    assert cachekey.refresh(build) is True  # a cache of unknown origin is cleared
    (build / ".jupyter_cache").mkdir()
    assert cachekey.refresh(build) is False  # unchanged inputs keep the cache
    assert (build / ".jupyter_cache").exists()
    recorded = json.loads((build / ".inputs-hash").read_text())
    monkeypatch.setattr(cachekey, "inputs_hash", _stamp({**recorded, "execution": "changed"}))
    assert cachekey.refresh(build) is True
    assert not (build / ".jupyter_cache").exists()


def test_rendering_code_clears_the_environment_but_keeps_executed_pages(tmp_path, monkeypatch):
    # A new directive must re-render every page; it need not re-run a single notebook.
    build = tmp_path / "_build"
    (build / ".jupyter_cache").mkdir(parents=True)
    (build / ".doctrees").mkdir()
    cachekey.refresh(build)
    (build / ".jupyter_cache").mkdir()
    (build / ".doctrees").mkdir()
    recorded = json.loads((build / ".inputs-hash").read_text())
    monkeypatch.setattr(cachekey, "inputs_hash", _stamp({**recorded, "rendering": "changed"}))
    assert cachekey.refresh(build) is True
    assert (build / ".jupyter_cache").exists()
    assert not (build / ".doctrees").exists()


def test_an_old_single_hash_stamp_counts_as_unknown(tmp_path):
    build = tmp_path / "_build"
    (build / ".jupyter_cache").mkdir(parents=True)
    (build / ".inputs-hash").write_text("0123abcd\n")
    assert cachekey.refresh(build) is True


def test_sphinx_environment_is_cleared_with_the_execution_cache(tmp_path, monkeypatch):
    # Pages without code still quote data/ through {fact}: they must be re-rendered too.
    build = tmp_path / "_build"
    (build / ".doctrees").mkdir(parents=True)
    cachekey.refresh(build)
    (build / ".doctrees").mkdir()
    monkeypatch.setattr(cachekey, "inputs_hash", _stamp({"execution": "changed", "rendering": "changed"}))
    assert cachekey.refresh(build) is True
    assert not (build / ".doctrees").exists()


# --- what the execution hash covers: a small repository with a page, a package and data ---------


@pytest.fixture
def repo(tmp_path):
    root = tmp_path / "repo"
    package = root / "naltrexone"
    (package / "figures").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "model.py").write_text("from .helpers import twice\n")
    (package / "helpers.py").write_text("def twice(x):\n    return 2 * x\n")
    (package / "sphinxext.py").write_text("from .model import twice\n")  # imports down, not imported
    (package / "figures" / "__init__.py").write_text(
        "import importlib\n_LAZY = {'draw': 'lines'}\n"
        "def __getattr__(name):\n    return importlib.import_module('.' + _LAZY[name], __name__)\n"
    )
    (package / "figures" / "lines.py").write_text("from ..model import twice\n")
    (package / "stored.json").write_text("{}\n")
    (root / "data" / "tools").mkdir(parents=True)
    (root / "data" / "t.csv").write_text("a\n1\n")
    (root / "data" / "tools" / "make.py").write_text("print('writes the descriptor')\n")
    (root / "book").mkdir()
    (root / "book" / "page.md").write_text(
        "---\nfile_format: mystnb\n---\n# A page\n\n```{code-cell} ipython3\n:tags: [remove-cell]\n"
        "%matplotlib inline\nfrom naltrexone.model import twice\nfrom naltrexone.figures import draw\n```\n"
    )
    (root / "book" / "prose.md").write_text("# Prose only\n\n```python\nimport naltrexone.sphinxext\n```\n")
    (root / "tests").mkdir()
    (root / "tests" / "test_model.py").write_text("from naltrexone.model import twice\n")
    return root


def _hashes(root):
    return cachekey.inputs_hash(root, root / "naltrexone")


def test_pages_reach_the_modules_they_import_and_what_those_import(repo):
    pages = cachekey.executed_pages(repo)
    assert [p.name for p in pages] == ["page.md"]
    reached = cachekey.reachable_modules(pages, repo / "naltrexone")
    assert reached == {
        "naltrexone",
        "naltrexone.model",
        "naltrexone.helpers",
        "naltrexone.figures",
        "naltrexone.figures.lines",
    }


@pytest.mark.parametrize(
    "path, edit",
    [
        ("naltrexone/helpers.py", "def twice(x):\n    return x + x\n"),  # imported by an imported module
        ("naltrexone/figures/lines.py", "# drawn lazily\n"),  # imported by computed name
        ("data/t.csv", "a\n2\n"),
        ("naltrexone/stored.json", '{"k": 1}\n'),
    ],
)
def test_what_pages_run_or_read_changes_the_execution_hash(repo, path, edit):
    before = _hashes(repo)
    (repo / path).write_text(edit)
    assert _hashes(repo)["execution"] != before["execution"]


@pytest.mark.parametrize(
    "path, edit, renders",
    [
        ("naltrexone/sphinxext.py", "# a new role\n", True),
        ("tests/test_model.py", "# a new test\n", False),
        ("data/tools/make.py", "# reformatted\n", False),
        ("book/prose.md", "# Prose only, reworded\n", False),
    ],
)
def test_build_machinery_tests_and_tools_leave_the_execution_hash_alone(repo, path, edit, renders):
    before = _hashes(repo)
    (repo / path).write_text(edit)
    after = _hashes(repo)
    assert after["execution"] == before["execution"]
    assert (after["rendering"] != before["rendering"]) is renders


def test_a_page_that_starts_importing_a_module_changes_the_execution_hash(repo):
    before = _hashes(repo)
    page = repo / "book" / "page.md"
    page.write_text(page.read_text().replace("```\n", "import naltrexone.sphinxext\n```\n"))
    assert _hashes(repo)["execution"] != before["execution"]


def test_notebook_cells_are_read(repo):
    notebook = {
        "cells": [{"cell_type": "code", "source": ["from naltrexone import helpers\n"]}],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    (repo / "notebooks").mkdir()
    (repo / "notebooks" / "n.ipynb").write_text(json.dumps(notebook))
    reached = cachekey.reachable_modules([repo / "notebooks" / "n.ipynb"], repo / "naltrexone")
    assert reached == {"naltrexone", "naltrexone.helpers"}


# --- the real book ----------------------------------------------------------------------------


def test_the_book_pages_run_the_models_but_not_the_sphinx_machinery():
    reached = cachekey.reachable_modules(cachekey.executed_pages())
    assert {"naltrexone.pk", "naltrexone.data", "naltrexone.figures.pk", "naltrexone.citation"} <= reached
    assert not {name for name in reached if name.startswith("naltrexone.sphinxext")}


def test_every_file_the_executed_modules_read_is_hashed():
    """Module-level paths into the repository (data/, the stored calibration, CITATION.cff) must
    lie among the hashed read files, or a change to them would not re-run the pages."""
    hashed = set(cachekey.read_files())
    modules = cachekey.package_modules()
    reached = cachekey.reachable_modules(cachekey.executed_pages())
    # The question bank is read by the self-check-bank directive (which tells Sphinx to re-render
    # the chapters when it changes) and by `make quiz`, through naltrexone.question_bank; no page's
    # code reaches that module, so editing a question need not re-run the pages.
    assert "naltrexone.question_bank" not in reached
    rendered_only = {(ROOT / "data" / "question_bank.yaml").resolve()}
    checked = 0
    for name in reached:
        module = importlib.import_module(name)
        for value in vars(module).values():
            if not isinstance(value, Path) or ROOT not in value.resolve().parents:
                continue
            value = value.resolve()
            if value.is_dir():
                files = [p for p in value.iterdir() if p.is_file() and p.suffix != ".py"]
            else:
                files = [value]
            for path in files:
                if path in set(modules.values()) or path in rendered_only:
                    continue
                assert path in hashed, f"{name} reads {path.relative_to(ROOT)}, which the cache key ignores"
                checked += 1
    assert checked >= 3  # data/, calibrated_pk.json, CITATION.cff at least


def test_the_real_hash_ignores_tests_and_benchmarks(tmp_path):
    # Copy the parts of the book the hash reads, then edit what it must not read.
    copy = tmp_path / "book"
    for part in ("naltrexone", "data", "book", "notebooks", "CITATION.cff"):
        source = ROOT / part
        (shutil.copytree if source.is_dir() else shutil.copy2)(
            source, copy / part, **({"ignore": shutil.ignore_patterns("__pycache__")} if source.is_dir() else {})
        )
    before = cachekey.inputs_hash(copy, copy / "naltrexone")
    reached = cachekey.reachable_modules(cachekey.executed_pages(copy), copy / "naltrexone")
    machinery = [path for name, path in cachekey.package_modules(copy / "naltrexone").items() if name not in reached]
    assert machinery
    machinery[0].write_text("# rewritten\n")
    after = cachekey.inputs_hash(copy, copy / "naltrexone")
    assert after["execution"] == before["execution"] and after["rendering"] != before["rendering"]
    (copy / "CITATION.cff").write_text("cff-version: 1.2.0\n")
    assert cachekey.inputs_hash(copy, copy / "naltrexone")["execution"] != before["execution"]
