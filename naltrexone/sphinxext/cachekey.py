"""Keep Jupyter Book's caches honest.

The execution cache re-runs a notebook only when the notebook's own code changes, and Sphinx
re-renders a page only when its source changes. Pages here compute from ``data/`` through this
package, and every page quotes ``data/`` through the ``{fact}`` role rendered by this package's
Sphinx extension, so a change to either must re-run or re-render them too. ``python -m
naltrexone.sphinxext.cachekey BUILD_DIR`` (run by ``make book``) keeps two hashes and compares them with
the ones recorded at the last build:

* **execution**: what the executed pages run and read: the package modules their imports reach
  (found by reading the pages' code and the modules' imports), the data files, the stored
  calibration and ``CITATION.cff``. When it changes, the execution cache and Sphinx's saved
  environment are both cleared, so every page is re-read and re-executed.
* **rendering**: the whole package (the Sphinx extension included) and the data. When only this
  changes (a directive, the page-weight code), Sphinx's environment is cleared so every page is
  re-rendered, but the executed notebooks are taken from the cache: editing the build machinery,
  the tests or the benchmarks never re-runs a page.
"""

from __future__ import annotations

import ast
import hashlib
import json
import re
import shutil
import sys
from pathlib import Path

#: The package's own folder (found by name, so this module may live in a subpackage).
PACKAGE = next(p for p in Path(__file__).resolve().parents if p.name == "naltrexone")
ROOT = PACKAGE.parent
DATA = ROOT / "data"

#: Files the executed code reads besides its own modules, relative to the repository root:
#: the data tables (not data/tools/, which writes the descriptor and is never run by a page),
#: the package's data (the stored calibration), the citation metadata (the citation page) and the
#: explorers' drawing script and JavaScript lock.
#: A test checks that every path the package reads from lies among these.
READ_GLOBS = (
    "data/*.csv",
    "data/*.json",
    "data/*.bib",
    "naltrexone/**/*.json",
    "CITATION.cff",
    # The explorers' static figures are drawn by this script with the pinned Vega (explorers.py).
    "explorers/*.mjs",
    "explorers/*.json",
)

#: Where the executed pages are.
PAGE_GLOBS = ("book/**/*.md", "book/**/*.ipynb", "notebooks/**/*.ipynb")

# A MyST-NB code cell: the directive line, optional ":key: value" lines, the code, the fence.
_CODE_CELL = re.compile(r"^```\{code-cell\}[^\n]*\n((?::[^\n]*\n)*)(.*?)^```\s*$", re.MULTILINE | re.DOTALL)
_IMPORT_LINE = re.compile(r"^\s*(?:from\s+([\w.]+)\s+import\s+\(?([\w\s,]+)|import\s+([\w.,\s]+))", re.MULTILINE)


def page_code(page: Path) -> list[str]:
    """The code cells of one page (a MyST-NB Markdown page or a notebook)."""
    text = page.read_text(encoding="utf-8")
    if page.suffix == ".ipynb":
        cells = json.loads(text).get("cells", [])
        return [
            "".join(c["source"]) if isinstance(c["source"], list) else c["source"]
            for c in cells
            if c.get("cell_type") == "code"
        ]
    return [match.group(2) for match in _CODE_CELL.finditer(text)]


def _imports(code: str, module: str | None = None, is_package: bool = False) -> set[str]:
    """Absolute names that ``code`` imports, each ``from`` target joined with its names (which may
    be submodules): {"naltrexone.pk", "naltrexone.pk.Dose", ...}. Relative imports are resolved
    against ``module``."""
    # IPython magics and shell escapes are not Python.
    code = "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in code.splitlines())
    names: set[str] = set()
    try:
        tree = ast.parse(code)
    except SyntaxError:  # read the import lines alone
        for frm, what, plain in _IMPORT_LINE.findall(code):
            if plain:
                names |= {n.split(" as ")[0].strip() for n in plain.split(",") if n.strip()}
            else:
                names.add(frm)
                names |= {f"{frm}.{n.split(' as ')[0].strip()}" for n in what.split(",") if n.strip()}
        return names
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                if module is None:
                    continue
                parts = module.split(".")
                base = parts if is_package else parts[:-1]
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            names.add(target)
            names |= {f"{target}.{alias.name}" for alias in node.names}
    return names


def package_modules(package: Path = PACKAGE) -> dict[str, Path]:
    """Every module of the package by dotted name (a package by its ``__init__.py``)."""
    modules = {}
    for path in sorted(package.rglob("*.py")):
        if "__pycache__" in path.parts:
            continue
        parts = path.relative_to(package.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        modules[name] = path
    return modules


def reachable_modules(pages: list[Path], package: Path = PACKAGE) -> set[str]:
    """The package modules that running ``pages`` can import, directly or through other modules.

    Importing a module imports its parent packages. A module that imports by computed name
    (``importlib.import_module``, as the figures package does lazily) is taken to reach every
    module beside it.
    """
    modules = package_modules(package)
    todo: list[str] = []

    def reach(names: set[str]) -> None:
        for name in names:
            parts = name.split(".")
            for k in range(1, len(parts) + 1):
                prefix = ".".join(parts[:k])
                if prefix in modules and prefix not in found:
                    found.add(prefix)
                    todo.append(prefix)

    found: set[str] = set()
    for page in pages:
        for code in page_code(page):
            reach(_imports(code))
    while todo:
        name = todo.pop()
        path = modules[name]
        source = path.read_text(encoding="utf-8")
        reach(_imports(source, name, is_package=path.name == "__init__.py"))
        if "import_module(" in source:
            folder = path.parent
            reach({other for other, p in modules.items() if p.parent == folder})
    return found


def executed_pages(root: Path = ROOT) -> list[Path]:
    """Pages that run code: notebooks, and Markdown pages with code cells."""
    pages = sorted({p for pattern in PAGE_GLOBS for p in root.glob(pattern)})
    return [p for p in pages if p.suffix == ".ipynb" or "```{code-cell}" in p.read_text(encoding="utf-8")]


def read_files(root: Path = ROOT) -> list[Path]:
    """The non-code files executed pages read (see READ_GLOBS)."""
    return sorted(
        {p for pattern in READ_GLOBS for p in root.glob(pattern) if p.is_file() and "__pycache__" not in p.parts}
    )


def _digest(files: list[Path], root: Path) -> str:
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def execution_inputs(root: Path = ROOT, package: Path = PACKAGE) -> list[Path]:
    """Every file whose change must re-run the pages."""
    modules = package_modules(package)
    code = [modules[name] for name in sorted(reachable_modules(executed_pages(root), package))]
    return code + read_files(root)


def rendering_inputs(root: Path = ROOT, package: Path = PACKAGE) -> list[Path]:
    """Every file whose change must re-render the pages: the whole package and the data."""
    code = [p for p in sorted(package.rglob("*.py")) if "__pycache__" not in p.parts]
    return code + read_files(root)


def inputs_hash(root: Path = ROOT, package: Path = PACKAGE) -> dict[str, str]:
    """{"execution": ..., "rendering": ...}: hashes of what pages run and of what renders them."""
    return {
        "execution": _digest(execution_inputs(root, package), root),
        "rendering": _digest(rendering_inputs(root, package), root),
    }


def refresh(build_dir: Path) -> bool:
    """Clear ``build_dir/.jupyter_cache`` and ``build_dir/.doctrees`` when what the pages execute
    changed, ``.doctrees`` alone when only the rendering code changed; True if anything was cleared."""
    build_dir = Path(build_dir)
    stamp = build_dir / ".inputs-hash"
    current = inputs_hash()
    try:
        recorded = json.loads(stamp.read_text())
    except (OSError, ValueError):
        recorded = {}  # no record (or an old one): we cannot tell what the caches were built from
    if not isinstance(recorded, dict):
        recorded = {}
    execution, doctrees = build_dir / ".jupyter_cache", build_dir / ".doctrees"
    cleared = []
    if recorded.get("execution") != current["execution"]:
        cleared = [execution, doctrees]
    elif recorded.get("rendering") != current["rendering"]:
        cleared = [doctrees]
    cleared = [c for c in cleared if c.exists()]
    for cache in cleared:
        shutil.rmtree(cache, ignore_errors=True)
    build_dir.mkdir(parents=True, exist_ok=True)
    stamp.write_text(json.dumps(current, indent=1) + "\n")
    return bool(cleared)


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "_build")
    if refresh(target):
        print(f"{target}: caches cleared, the package or data changed since the last build")
