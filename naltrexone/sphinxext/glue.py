"""The ``glued-figure`` directive: a glued figure whose alt text is glued too (computed from data)."""

from __future__ import annotations

import ast

from docutils.parsers.rst import directives
from myst_nb.ext.glue.directives import PasteFigureDirective
from myst_nb.ext.glue.utils import RetrievalError, glue_warning, retrieve_glue_data
from sphinx.application import Sphinx


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


def setup(app: Sphinx):
    app.add_directive("glued-figure", GluedFigure)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
