"""Sphinx extension: print numbers from ``data/`` with their provenance.

Roles (usable from MyST as ``{fact}`...``` and ``{num}`...```):

* ``fact`` prints the number with its unit ("72–108 h");
* ``num`` prints the number alone ("155"), for counts and lists.

Either renders as ``<abbr title="what it measures. Source: key, locator. Confidence ...">``;
a value tagged C is followed by a visible "(unverified)" mark. A reference that does not
resolve is an error, so a strict build (``-W``) fails on it.
"""

from __future__ import annotations

import ast
import importlib.util
import re
import shutil
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.errors import ExtensionError
from myst_nb.ext.glue.directives import PasteFigureDirective
from myst_nb.ext.glue.utils import RetrievalError, glue_warning, retrieve_glue_data

from . import sphinx_teaching
from .data import DATA_DIR, DataError
from .facts import quote


def _make_role(with_unit: bool):
    def role(name, rawtext, text, lineno, inliner, options=None, content=None):
        try:
            found = quote(text)
        except DataError as err:
            message = inliner.reporter.error(f"{{{name}}} role: {err}", line=lineno)
            problem = inliner.problematic(rawtext, rawtext, message)
            return [problem], [message]
        env = inliner.document.settings.env
        # Rebuild pages that quote a table whenever the table changes.
        env.note_dependency(str(DATA_DIR / found.path.removeprefix("data/")))
        shown = found.text if with_unit else found.number
        result: list[nodes.Node] = [
            nodes.abbreviation(rawtext, shown, explanation=found.explanation,
                               classes=["fact", f"confidence-{found.confidence}"])
        ]
        if found.unverified:
            result.append(nodes.Text(" "))
            result.append(nodes.inline("", "(unverified)", classes=["unverified"]))
        return result, []

    return role


class GluedFigure(PasteFigureDirective):
    """``glue:figure`` whose alt text is itself glued (``:alt-key:``), i.e. computed from data.

    Alt text that states numbers must come from data like any other text; a static ``:alt:``
    option could drift from the figure it describes.
    """

    option_spec = {**PasteFigureDirective.option_spec, "alt-key": directives.unchanged_required}

    def run(self):
        key = self.options.pop("alt-key", None)
        if key:
            try:
                data = retrieve_glue_data(self.document, key)
            except RetrievalError as exc:
                return [glue_warning(str(exc), self.document, self.line)]
            text = data.data.get("text/plain", "")
            # A glued str arrives as its repr: unquote it.
            self.options["alt"] = ast.literal_eval(text) if text[:1] in "'\"" else text
        return super().run()


# BibTeX's "and others" (authors we could not see) prints literally through pybtex; readers
# expect "et al.".
_OTHERS = re.compile(r" and others\b\.?")


def _et_al(app, doctree, docname):
    for ref in doctree.findall(nodes.reference):
        if "reftitle" in ref:
            ref["reftitle"] = _OTHERS.sub(" et al.", ref["reftitle"])
    for text in list(doctree.findall(nodes.Text)):
        inside_citation = any(isinstance(a, (nodes.reference, nodes.citation))
                              or "bibtex-citation" in a.get("classes", [])
                              for a in _ancestors(text) if isinstance(a, nodes.Element))
        if inside_citation and _OTHERS.search(text.astext()):
            text.parent.replace(text, nodes.Text(_OTHERS.sub(" et al.", text.astext())))


def _ancestors(node):
    while node.parent is not None:
        node = node.parent
        yield node


# MathJax is served from the built book itself, so pages with equations render offline and
# make no request to a CDN. The files come from the pinned `sphinx-mathjax-offline` package;
# only the TeX-to-HTML bundle and what it loads lazily (fonts, menu, accessibility) are copied.
MATHJAX_BUNDLE = "tex-chtml.js"
MATHJAX_PARTS = (MATHJAX_BUNDLE, "output", "input", "ui", "a11y", "sre", "adaptors")


def mathjax_source() -> Path:
    """Directory holding the MathJax 3 distribution shipped by ``sphinx-mathjax-offline``."""
    spec = importlib.util.find_spec("sphinx-mathjax-offline")
    if spec is None or spec.origin is None:
        raise ExtensionError("MathJax for offline reading is missing: install the pinned "
                             "'sphinx-mathjax-offline' package (make book does this)")
    return Path(spec.origin).parent / "static" / "mathjax"


def _local_mathjax(app, config):
    config.mathjax_path = f"mathjax/{MATHJAX_BUNDLE}"
    # The theme expects a default colour mode; without one it logs a console error on every page.
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
        context["script_files"] = [s for s in scripts
                                   if "thebe" not in str(getattr(s, "filename", s) or "").lower()
                                   and "THEBE" not in str(getattr(s, "attributes", {}).get("body", ""))]


def _citation_list_role(app, pagename, templatename, context, doctree):
    """Docutils marks the bibliography as an ARIA list whose entries are not list items, which
    screen readers (and axe-core) treat as a broken list; the entries keep their own role."""
    body = context.get("body")
    if body and 'role="list" class="citation-list"' in body:
        context["body"] = body.replace('<div role="list" class="citation-list">', '<div class="citation-list">')


def setup(app):
    app.connect("config-inited", _local_mathjax)
    app.connect("html-page-context", _citation_list_role)
    app.connect("html-page-context", _drop_thebe, priority=900)
    app.connect("build-finished", _copy_mathjax)
    app.add_role("fact", _make_role(with_unit=True))
    app.add_role("num", _make_role(with_unit=False))
    app.add_directive("glued-figure", GluedFigure)
    app.connect("doctree-resolved", _et_al)
    sphinx_teaching.setup(app)
    app.setup_extension("naltrexone.sphinx_assets")  # light pages: each loads only what it uses
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
