"""The PDF (``make pdf``, the LaTeX builder): let the figures in, and stand in for what TeX Live lacks.

The book's figures are SVG only, which LaTeX cannot include, so MyST-NB is told to pick SVG outputs
for LaTeX too and ``rsvg-convert`` (Debian's ``librsvg2-bin``) turns each into a vector PDF; and,
when TeX Live lacks ``bbm.sty`` (Debian ships it only in the 500 MB ``texlive-fonts-extra``),
Jupyter Book's LaTeX class gets a stand-in that maps ``\\mathbbm`` to ``\\mathbb``. (A quoted
number's provenance becomes a footnote in :mod:`naltrexone.sphinxext.facts`, next to its role.)
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.transforms.post_transforms.images import ImageConverter
from sphinx.util import logging

logger = logging.getLogger(__name__)


class SvgToPdf(ImageConverter):
    """SVG figures into the PDF as vector graphics, through ``rsvg-convert`` (librsvg)."""

    conversion_rules = [("image/svg+xml", "application/pdf")]

    def is_available(self) -> bool:
        if shutil.which("rsvg-convert"):
            return True
        logger.warning("rsvg-convert not found: figures are left out of the PDF (Debian: apt-get install librsvg2-bin)")
        return False

    def convert(self, _from: str, _to: str) -> bool:
        source, target = Path(_from), Path(_to)
        if target.exists() and target.stat().st_mtime >= source.stat().st_mtime:
            return True
        subprocess.run(["rsvg-convert", "--format=pdf", "--output", str(target), str(source)], check=True)
        return True


# Jupyter Book's LaTeX class loads bbm for \mathbbm; amssymb's \mathbb draws the same letters.
BBM_STAND_IN = r"""\NeedsTeXFormat{LaTeX2e}
\ProvidesPackage{bbm}[2024/01/01 stand-in written by naltrexone.sphinxext.latex (mathbbm is mathbb)]
\RequirePackage{amssymb}
\providecommand{\mathbbm}[1]{\mathbb{#1}}
"""


def _svg_outputs_for_latex(app: Sphinx, config) -> None:
    """MyST-NB leaves SVG out of LaTeX by default; SvgToPdf converts it, so take it (before PNG)."""
    overrides = list(getattr(config, "nb_mime_priority_overrides", None) or ())
    if not any(o[0] == "latex" and o[1] == "image/svg+xml" for o in overrides):
        config.nb_mime_priority_overrides = [*overrides, ("latex", "image/svg+xml", 15)]


# Figure captions that cite ("\hyperlink{cite...}{1991}") are moving arguments: written to the list
# of figures, hyperref's \hyperlink expands too early there and stops LaTeX. Robust, it is written
# out as it is (the book prints no list of figures, so no link ends up inside another).
LATEX_PREAMBLE = r"""
\usepackage{etoolbox}
\AtBeginDocument{\robustify\hyperlink}
"""


def _latex_settings(app: Sphinx, config) -> None:
    # The index is built with makeindex (TeX Live base), not xindy (one more Debian package).
    config.latex_use_xindy = False
    elements = dict(getattr(config, "latex_elements", None) or {})
    if LATEX_PREAMBLE not in elements.get("preamble", ""):
        elements["preamble"] = elements.get("preamble", "") + LATEX_PREAMBLE
    config.latex_elements = elements


def _latex_stand_ins(app: Sphinx) -> None:
    if app.builder.name != "latex" or not shutil.which("kpsewhich"):
        return
    target = Path(app.outdir) / "bbm.sty"
    if target.is_file() and "stand-in written by naltrexone" in target.read_text(encoding="utf-8"):
        target.unlink()  # look again: TeX Live may have gained the real package
    if not subprocess.run(["kpsewhich", "bbm.sty"], capture_output=True, text=True).stdout.strip():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(BBM_STAND_IN, encoding="utf-8")


def setup(app: Sphinx):
    app.connect("config-inited", _svg_outputs_for_latex)
    app.connect("config-inited", _latex_settings)
    app.connect("builder-inited", _latex_stand_ins)
    app.add_post_transform(SvgToPdf)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
