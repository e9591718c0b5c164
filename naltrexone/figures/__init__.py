"""Figure functions: one per figure, each taking data tables and returning a matplotlib Figure.

``show(fig)`` wraps a figure for Jupyter: HTML pages get the deterministic SVG, PDF builds the PNG.
"""

from __future__ import annotations

from matplotlib.figure import Figure

from .affinity import relative_affinity_alt, relative_affinity_figure
from .blockade import heroin_blockade_alt, heroin_blockade_figure
from .style import figure_to_png, figure_to_svg

__all__ = ["relative_affinity_figure", "relative_affinity_alt", "heroin_blockade_figure",
           "heroin_blockade_alt", "show", "figure_to_svg", "figure_to_png"]


class FigureOutput:
    """Rich display of a figure with fixed bytes (no pyplot, no timestamps)."""

    def __init__(self, fig: Figure):
        self._svg = figure_to_svg(fig).decode("utf-8")
        self._png = figure_to_png(fig)

    def _repr_svg_(self) -> str:
        return self._svg

    def _repr_png_(self) -> bytes:
        return self._png


def show(fig: Figure) -> FigureOutput:
    """Display ``fig`` in a notebook (or pass it to ``myst_nb.glue``)."""
    return FigureOutput(fig)
