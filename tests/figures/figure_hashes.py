"""Stored SHA-256 of every figure's SVG, so that drift across runs, machines and versions shows.

The determinism tests draw each figure twice in one process; they cannot see a figure that changes
from one run (or one matplotlib release) to the next. ``figure_hashes.json`` holds, per figure, the
hash of its SVG bytes and the hash of the files it was drawn from. ``test_figure_hashes.py``
compares:

* same inputs, different SVG: the drawing code, the style or a library changed; a failure;
* different inputs: the data changed on purpose; the figure is skipped with a reminder to refresh.

Refresh after an intended change with ``make figure-hashes`` (this file run as a script), and
commit the JSON with the change that explains it.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
STORE = HERE / "figure_hashes.json"


def svg_sha256(case) -> str:
    from naltrexone.figures import figure_to_svg

    return hashlib.sha256(figure_to_svg(case.draw())).hexdigest()


def current() -> dict[str, dict[str, str]]:
    try:
        from .cases import figures
    except ImportError:  # run as a script
        from cases import figures
    return {
        case_id: {"svg_sha256": svg_sha256(case), "inputs_sha256": case.inputs_sha256()}
        for case_id, case in sorted(figures().items())
    }


def stored() -> dict[str, dict[str, str]]:
    return json.loads(STORE.read_text(encoding="utf-8"))["figures"] if STORE.exists() else {}


def write() -> None:
    import matplotlib

    payload = {
        "comment": "SHA-256 of each figure's SVG and of the files it is drawn from; "
        "refresh with `make figure-hashes` (tests/figures/figure_hashes.py)",
        "matplotlib": matplotlib.__version__,
        "figures": current(),
    }
    STORE.write_text(json.dumps(payload, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{STORE.relative_to(HERE.parents[1])}: {len(payload['figures'])} figures")


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    write()
