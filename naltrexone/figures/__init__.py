"""Figure functions: one per figure, each taking data tables and returning a matplotlib Figure.

``show(fig)`` wraps a figure for Jupyter: HTML pages get the deterministic SVG, PDF builds the PNG.
"""

from __future__ import annotations

import os

from matplotlib.figure import Figure

from .affinity import relative_affinity_alt, relative_affinity_figure
from .blockade import heroin_blockade_alt, heroin_blockade_figure
from .calendar import dosing_calendar_alt, dosing_calendar_figure
from .evidence import effects_forest_alt, effects_forest_figure, funnel_alt, funnel_figure
from .schematics import reward_circuit_alt, reward_circuit_figure
from .safety import liver_dose_alt, liver_dose_figure, overdose_mortality_alt, overdose_mortality_figure
from .style import figure_to_png, figure_to_svg

__all__ = ["relative_affinity_figure", "relative_affinity_alt", "heroin_blockade_figure",
           "heroin_blockade_alt", "liver_dose_figure", "liver_dose_alt", "overdose_mortality_figure",
           "overdose_mortality_alt", "effects_forest_figure", "effects_forest_alt", "funnel_figure",
           "funnel_alt", "dosing_calendar_figure", "dosing_calendar_alt", "reward_circuit_figure", "reward_circuit_alt", "show", "figure_to_svg", "figure_to_png"]


class FigureOutput:
    """Rich display of a figure with fixed bytes (no pyplot, no timestamps).

    HTML pages need only the SVG. Builders that cannot show SVG (LaTeX/PDF) need a PNG as well:
    set ``NALTREXONE_FIGURE_FORMATS=svg,png`` in the environment of such a build.
    """

    def __init__(self, fig: Figure, formats: tuple[str, ...] | None = None):
        if formats is None:
            formats = tuple(os.environ.get("NALTREXONE_FIGURE_FORMATS", "svg").split(","))
        unknown = set(formats) - {"svg", "png"}
        if unknown:
            raise ValueError(f"formats: unknown figure format(s) {sorted(unknown)}; use svg and/or png")
        self._bundle = {}
        if "svg" in formats:
            self._bundle["image/svg+xml"] = figure_to_svg(fig).decode("utf-8")
        if "png" in formats:
            self._bundle["image/png"] = figure_to_png(fig)

    def _repr_mimebundle_(self, include=None, exclude=None):
        return dict(self._bundle)


def show(fig: Figure, formats: tuple[str, ...] | None = None) -> FigureOutput:
    """Display ``fig`` in a notebook (or pass it to ``myst_nb.glue``)."""
    return FigureOutput(fig, formats)
