"""Pages that work offline and quietly: MathJax served from the built book, no Thebe.

MathJax is copied from the pinned ``sphinx-mathjax-offline`` package into ``_static/mathjax`` (only
the parts a page loads), so pages with equations render offline and make no request to a CDN.
Thebe (live code cells, which the book does not use) is dropped from every page, and the
theme gets the default colour mode it expects; both would otherwise log console errors.
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

# MathJax is served from the built book itself, so pages with equations render offline and
# make no request to a CDN. The files come from the pinned `sphinx-mathjax-offline` package;
# only the TeX-to-HTML bundle and what it loads lazily (fonts, menu, accessibility) are copied.
MATHJAX_BUNDLE = "tex-chtml.js"
MATHJAX_PARTS = (MATHJAX_BUNDLE, "output", "input", "ui", "a11y", "sre", "adaptors")


def mathjax_source() -> Path:
    """Directory holding the MathJax 3 distribution shipped by ``sphinx-mathjax-offline``."""
    spec = importlib.util.find_spec("sphinx-mathjax-offline")
    if spec is None or spec.origin is None:
        raise ExtensionError(
            "MathJax for offline reading is missing: install the pinned "
            "'sphinx-mathjax-offline' package (make book does this)"
        )
    return Path(spec.origin).parent / "static" / "mathjax"


def _local_mathjax(app, config):
    config.mathjax_path = f"mathjax/{MATHJAX_BUNDLE}"


def _default_colour_mode(app, config):
    """The theme expects a default colour mode; without one it logs a console error on every
    page, which the browser tests (offline, no console errors) would report."""
    config.html_context = {**(config.html_context or {}), "default_mode": "auto"}


def _copy_mathjax(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    source, target = mathjax_source(), Path(app.outdir) / "_static" / "mathjax"
    for part in MATHJAX_PARTS:
        if (source / part).is_dir():
            shutil.copytree(source / part, target / part, dirs_exist_ok=True)
        else:
            target.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source / part, target / part)


def _drop_thebe(app, pagename, templatename, context, doctree):
    """Remove Thebe's scripts: the book does not use live code cells, and Jupyter Book 1 emits
    Thebe's inline configuration twice, which browsers report as a script error on every page."""
    scripts = context.get("script_files")
    if scripts:
        context["script_files"] = [
            s
            for s in scripts
            if "thebe" not in str(getattr(s, "filename", s) or "").lower()
            and "THEBE" not in str(getattr(s, "attributes", {}).get("body", ""))
        ]


def setup(app: Sphinx):
    app.connect("config-inited", _local_mathjax)
    app.connect("config-inited", _default_colour_mode)
    app.connect("build-finished", _copy_mathjax)
    app.connect("html-page-context", _drop_thebe, priority=900)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
