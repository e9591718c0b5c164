"""The package's layers (``naltrexone.LAYERS``): no import points back up.

sources -> models -> presentation -> book machinery. Every import in the package is read from the
source with ``ast`` (lazy imports inside functions and relative imports included) and must reach a
module of the importer's own layer or a layer before it. Frameworks (matplotlib, Sphinx…) are held
to the lowest layer allowed to use them (``naltrexone.FRAMEWORKS``).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import naltrexone

PACKAGE = Path(naltrexone.__file__).resolve().parent
ORDER = list(naltrexone.LAYERS)
LAYER_OF = {unit: layer for layer, units in naltrexone.LAYERS.items() for unit in units}


def _module_name(path: Path, package: Path) -> str:
    parts = list(path.relative_to(package.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path, package: Path) -> list[tuple[int, str]]:
    """(line, absolute module) for every import in one file of the package."""
    name = _module_name(path, package)
    here = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here.split(".")[: len(here.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            if node.module is None or module == package.name:  # from . import pk
                found += [(node.lineno, f"{module}.{alias.name}") for alias in node.names]
            else:
                found.append((node.lineno, module))
    return found


def _unit(module: str, package: str) -> str | None:
    """'naltrexone.figures.pk' -> 'figures' (the name LAYERS uses); None outside the package."""
    parts = module.split(".")
    return parts[1] if parts[0] == package and len(parts) > 1 else None


def violations(package: Path, layer_of: dict[str, str], order: list[str], frameworks: dict[str, str]) -> list[str]:
    problems = []
    for path in sorted(package.rglob("*.py")):
        where = path.relative_to(package.parent)
        unit = _unit(_module_name(path, package), package.name)
        if unit is None:
            continue  # the package's own __init__: the layer list, no imports
        if unit not in layer_of:
            problems.append(f"{where}: '{unit}' has no layer; add it to LAYERS in naltrexone/__init__.py")
            continue
        rank = order.index(layer_of[unit])
        for line, module in imports_of(path, package):
            target = _unit(module, package.name)
            if target is not None and target in layer_of and order.index(layer_of[target]) > rank:
                problems.append(
                    f"{where}:{line}: {layer_of[unit]} module imports {module} ({layer_of[target]}), a layer above it"
                )
            top = module.split(".")[0]
            if top in frameworks and order.index(frameworks[top]) > rank:
                problems.append(
                    f"{where}:{line}: {layer_of[unit]} module imports {top}, "
                    f"which only {frameworks[top]} and above may use"
                )
    return problems


def test_no_import_points_back_up():
    problems = violations(PACKAGE, LAYER_OF, ORDER, naltrexone.FRAMEWORKS)
    assert not problems, "imports against the layers (naltrexone/__init__.py):\n" + "\n".join(problems)


def test_every_layer_entry_exists():
    units = {p.stem for p in PACKAGE.glob("*.py")} | {p.parent.name for p in PACKAGE.glob("*/__init__.py")}
    assert not set(LAYER_OF) - units, f"LAYERS names modules that do not exist: {set(LAYER_OF) - units}"
    assert len(LAYER_OF) == sum(len(u) for u in naltrexone.LAYERS.values()), "a module is in two layers"


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root / "pkg"


@pytest.mark.parametrize(
    "source",
    [
        "from ..ui import draw\n",  # relative, from a subpackage
        "def f():\n    from pkg.ui import draw\n",  # lazy, absolute
        "import pkg.ui.figs\n",
        "from .. import ui\n",
        "def f():\n    import matplotlib.pyplot\n",  # a framework below its layer
    ],
)
def test_the_checker_catches_an_upward_import(tmp_path, source):
    package = _write(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/model/__init__.py": "",
            "pkg/model/core.py": source,
            "pkg/ui/__init__.py": "",
            "pkg/ui/figs.py": "",
        },
    )
    layers = {"model": "models", "ui": "presentation"}
    problems = violations(package, layers, ["models", "presentation"], {"matplotlib": "presentation"})
    assert len(problems) == 1 and problems[0].startswith("pkg/model/core.py:"), problems


def test_the_checker_allows_downward_imports_and_names_unplaced_modules(tmp_path):
    package = _write(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/model.py": "",
            "pkg/new.py": "",
            "pkg/ui.py": "from .model import x\nfrom . import model\nimport matplotlib\n",
        },
    )
    problems = violations(
        package, {"model": "models", "ui": "presentation"}, ["models", "presentation"], {"matplotlib": "presentation"}
    )
    assert problems == ["pkg/new.py: 'new' has no layer; add it to LAYERS in naltrexone/__init__.py"]
