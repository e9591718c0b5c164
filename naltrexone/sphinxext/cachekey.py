"""Keep Jupyter Book's caches honest.

The execution cache re-runs a notebook only when the notebook's own code changes, and Sphinx
re-renders a page only when its source changes. Pages here compute from ``data/`` through this
package, and every page quotes ``data/`` through the ``{fact}`` role rendered by this package's
Sphinx extension, so a change to either must re-run and re-render them too. ``python -m
naltrexone.sphinxext.cachekey BUILD_DIR`` (run by ``make book``) hashes both and clears the execution cache
and Sphinx's saved environment when the hash differs from the one recorded at the last build.
"""

from __future__ import annotations

import hashlib
import shutil
import sys
from pathlib import Path

# This file sits in naltrexone/sphinxext/: the package is one level up, data/ beside it.
PACKAGE = Path(__file__).resolve().parent.parent
DATA = PACKAGE.parent / "data"


def inputs_hash(package: Path = PACKAGE, data: Path = DATA) -> str:
    digest = hashlib.sha256()
    # Source files only: bytecode caches change whenever Python imports something.
    files = sorted(package.rglob("*.py")) + sorted(package.glob("*.json")) + sorted(
        p for p in data.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    for path in files:
        digest.update(str(path.relative_to(path.parents[1])).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def refresh(build_dir: Path) -> bool:
    """Clear ``build_dir/.jupyter_cache`` and ``build_dir/.doctrees`` if the package or data
    changed; True if cleared."""
    build_dir = Path(build_dir)
    stamp = build_dir / ".inputs-hash"
    current = inputs_hash()
    # No record means we cannot tell what the cache was built from: treat it as stale.
    caches = [build_dir / ".jupyter_cache", build_dir / ".doctrees"]
    stale = any(c.exists() for c in caches) and (
        not stamp.exists() or stamp.read_text().strip() != current)
    if stale:
        for cache in caches:
            shutil.rmtree(cache, ignore_errors=True)
    build_dir.mkdir(parents=True, exist_ok=True)
    stamp.write_text(current + "\n")
    return stale


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "_build")
    if refresh(target):
        print(f"{target}: caches cleared, the package or data changed since the last build")
