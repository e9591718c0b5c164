"""The locks agree with what they are made from, and each holds what its users need.

Python: `make lock` compiles three locks with uv, each from its .in file. requirements.txt is the
runtime (the book build, and what Binder installs for readers); requirements-test.txt adds the test
tools; requirements-lab.txt adds JupyterLab. npm: benchmarks/package-lock.json holds the optional
Lighthouse tools, installed with `npm ci --prefix benchmarks`. Nothing here reaches the network.
"""

from __future__ import annotations

import ast
import importlib.metadata
import json
import re
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RUNTIME, TEST, LAB = "requirements.txt", "requirements-test.txt", "requirements-lab.txt"
LOCKS = {RUNTIME: "requirements.in", TEST: "requirements-test.in", LAB: "requirements-lab.in"}
# Asked for by the test lock, but also a runtime dependency in its own right (of the book's theme).
ALSO_RUNTIME = {"beautifulsoup4"}


def _name(raw: str) -> str:
    return re.sub(r"[-_.]+", "-", raw).lower()


def _pins(lock: str) -> dict[str, set[str]]:
    """Package -> pinned versions (more than one where platform markers split a package)."""
    pins: dict[str, set[str]] = {}
    for line in (ROOT / lock).read_text(encoding="utf-8").splitlines():
        match = re.match(r"([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;]+)", line)
        if match:
            pins.setdefault(_name(match[1]), set()).add(match[2])
    return pins


def _asked(source: str, follow: bool = True) -> dict[str, str | None]:
    """Requirements an .in file asks for directly (and through `-r`): name -> exact version or None."""
    asked: dict[str, str | None] = {}
    for line in (ROOT / source).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith("-r ") and follow:
            asked.update(_asked(line[3:].strip()))
        elif line and not line.startswith("-"):
            match = re.match(r"([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:==\s*([^\s;]+))?", line)
            asked[_name(match[1])] = match[2]
    return asked


@pytest.mark.parametrize("lock", LOCKS)
def test_each_lock_pins_what_its_source_asks(lock):
    pins = _pins(lock)
    for name, version in _asked(LOCKS[lock]).items():
        assert name in pins, f"{LOCKS[lock]} asks for {name}, but {lock} lacks it: run `make lock`"
        if version:
            assert pins[name] == {version}, (
                f"{LOCKS[lock]} asks for {name}=={version}, {lock} pins {sorted(pins[name])}: run `make lock`"
            )


def test_runtime_lock_leaves_out_test_tools_and_jupyterlab():
    """Binder installs requirements.txt: readers get no pytest, Playwright or JupyterLab."""
    runtime = _pins(RUNTIME)
    extra = (set(_asked(LOCKS[TEST], follow=False)) | set(_asked(LOCKS[LAB], follow=False))) - ALSO_RUNTIME
    assert extra, "the test and lab sources should ask for something beyond the runtime"
    assert not extra & set(runtime), (
        f"in the runtime lock but only the tests or the lab need them: {extra & set(runtime)}"
    )


def test_test_and_lab_locks_repeat_the_runtime_pins_and_agree_with_each_other():
    """One .venv holds runtime, test tools and JupyterLab: no package may move between the locks."""
    runtime, test, lab = _pins(RUNTIME), _pins(TEST), _pins(LAB)
    for other, pins in ((TEST, test), (LAB, lab)):
        differ = {name: (runtime[name], pins.get(name)) for name in runtime if pins.get(name) != runtime[name]}
        assert not differ, f"{other} does not repeat these runtime pins: {differ}"
    differ = {name: (test[name], lab[name]) for name in test.keys() & lab.keys() if test[name] != lab[name]}
    assert not differ, f"the test and lab locks pin these differently: {differ}"


# --- every third-party import is locked where it runs ---------------------------------------------

_CODE_CELL = re.compile(r"^([ \t]*)(`{3,}|:{3,})\{code-cell\}[^\n]*\n(.*?)^\1\2[ \t]*$", re.M | re.S)


def _code_cells_of_page(text: str) -> list[str]:
    cells = []
    for match in _CODE_CELL.finditer(text):
        body = textwrap.dedent(match[3])
        if body.startswith("---\n"):  # a YAML block of options
            body = body.split("\n---\n", 1)[-1]
        cells.append("\n".join(line for line in body.splitlines() if not line.startswith(":")))
    return cells


def _code_cells_of_notebook(path: Path) -> list[str]:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return ["".join(cell["source"]) for cell in cells if cell["cell_type"] == "code"]


def _imports(code: str) -> set[str]:
    """Top-level modules imported by some code (IPython magics and shell lines dropped)."""
    code = "\n".join(line for line in code.splitlines() if not line.lstrip().startswith(("%", "!")))
    found = set()
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            found.add(node.module.split(".")[0])
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", None) == "importorskip"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            found.add(node.args[0].value.split(".")[0])
    return found


def _third_party(sources: dict[str, str]) -> dict[str, set[str]]:
    """Module -> where it is imported, leaving out the standard library and the project's own code."""
    local = {"naltrexone", "conftest", *(path.stem for path in (ROOT / "tests").rglob("*.py"))}
    where: dict[str, set[str]] = {}
    for place, code in sources.items():
        for module in _imports(code) - set(sys.stdlib_module_names) - local:
            where.setdefault(module, set()).add(place)
    return where


def _python_files(*folders: str) -> dict[str, str]:
    return {
        str(path.relative_to(ROOT)): path.read_text(encoding="utf-8")
        for folder in folders
        for path in sorted((ROOT / folder).rglob("*.py"))
    }


def _runtime_code() -> dict[str, str]:
    """What the book build and Binder's readers run: the package, the pages' code cells, the notebooks."""
    sources = _python_files("naltrexone")
    for page in sorted((ROOT / "book").rglob("*.md")):
        for number, cell in enumerate(_code_cells_of_page(page.read_text(encoding="utf-8"))):
            sources[f"{page.relative_to(ROOT)} cell {number}"] = cell
    for notebook in sorted((ROOT / "notebooks").rglob("*.ipynb")):
        for number, cell in enumerate(_code_cells_of_notebook(notebook)):
            sources[f"{notebook.relative_to(ROOT)} cell {number}"] = cell
    return sources


def test_the_import_scanner_finds_code_cells_and_optional_imports():
    page = (
        "```{code-cell} ipython3\n:tags: [remove-cell]\nimport numpy as np\n```\n\n"
        ":::{exercise}\n  ````{code-cell} ipython3\n  from scipy.stats import norm\n  ````\n:::\n"
    )
    assert [_imports(cell) for cell in _code_cells_of_page(page)] == [{"numpy"}, {"scipy"}]
    assert _imports('x = pytest.importorskip("statsmodels.stats")\n%matplotlib inline') == {"statsmodels"}


@pytest.mark.parametrize(
    ("lock", "sources"),
    [
        (RUNTIME, _runtime_code),
        (TEST, lambda: {**_runtime_code(), **_python_files("tests", "benchmarks")}),
    ],
    ids=["runtime", "test"],
)
def test_every_third_party_import_is_in_the_lock_that_runs_it(lock, sources):
    """Each imported module must come from a package the lock pins, so `make book` and Binder
    (runtime) and `make test` (test) have it, and no test skips for want of a module."""
    providers = importlib.metadata.packages_distributions()
    pins = _pins(lock)
    missing = {}
    for module, places in sorted(_third_party(sources()).items()):
        names = {_name(dist) for dist in providers.get(module, [])}
        if not names & set(pins):
            missing[module] = f"from {sorted(names) or 'no installed package'}, imported in {sorted(places)[:3]}"
    assert not missing, f"imported but not pinned in {lock}: {missing}"


# --- the npm lock of the benchmark tools ---------------------------------------------------------

BENCH = ROOT / "benchmarks"


def _npm() -> tuple[dict, dict]:
    return (
        json.loads((BENCH / "package.json").read_text(encoding="utf-8")),
        json.loads((BENCH / "package-lock.json").read_text(encoding="utf-8")),
    )


def _is_dist_tag(spec: str) -> bool:
    """`latest`, `next`…: a name the registry moves, unlike a version range (`^1.2`, `*`, `>=2`, `1.x`)."""
    return not re.match(r"\s*([<>=~^*xX]|[vV]?\d|$)", spec) and not re.search(r"[:/]", spec)


def test_dist_tag_recogniser():
    assert [_is_dist_tag(s) for s in ("latest", "next", "beta")] == [True] * 3
    assert [_is_dist_tag(s) for s in ("^0.27.0", "*", "1.x", ">=2 <3", "", "v1.2.3", "npm:a@1", "x")] == [False] * 8


def test_npm_lock_root_matches_package_json():
    """What `npm ci` checks first: the lock was written for this package.json."""
    package, lock = _npm()
    root = lock["packages"][""]
    assert lock["name"] == root["name"] == package["name"]
    for field in ("dependencies", "devDependencies", "optionalDependencies", "peerDependencies"):
        assert root.get(field) == package.get(field), (
            f"package-lock.json's {field} differ from package.json's: run `npm install --prefix benchmarks`"
        )


def test_npm_dist_tag_dependencies_are_pinned_by_overrides():
    """A `latest` in a dependency's manifest makes `npm ci` ask the registry, and fail once a newer
    release appears ("Missing: third-party-web@0.30.0 from lock file"). An override pinning the
    locked version keeps the lock valid as the registry moves."""
    package, lock = _npm()
    overrides = package.get("overrides", {})
    tagged = {}
    for path, entry in lock["packages"].items():
        for field in ("dependencies", "optionalDependencies"):
            for name, spec in entry.get(field, {}).items():
                if _is_dist_tag(spec):
                    tagged.setdefault(name, []).append(f"{path or 'package.json'} asks {spec!r}")
    assert tagged, "the lighthouse tree asks for `latest` somewhere; if no longer, drop the overrides"
    unpinned = {name: asks for name, asks in tagged.items() if name not in overrides}
    assert not unpinned, f"pin these in benchmarks/package.json's overrides: {unpinned}"
    for name, version in overrides.items():
        assert isinstance(version, str) and re.fullmatch(r"\d+\.\d+\.\d+", version), (
            f"override {name}: {version!r} should be one exact version"
        )
        locked = {
            entry["version"] for path, entry in lock["packages"].items() if path.split("node_modules/")[-1] == name
        }
        assert locked == {version}, f"override {name}@{version}, but the lock holds {sorted(locked)}"
