"""Figure functions: one per figure, each taking data tables and returning a matplotlib Figure.

``show(fig)`` wraps a figure for Jupyter: HTML pages get the deterministic SVG, PDF builds the PNG.
"""

from __future__ import annotations

import importlib
import os

from matplotlib.figure import Figure

from .style import figure_to_png, figure_to_svg

# Each figure function is imported from its module on first use: a notebook that draws one figure
# should not pay for importing every model and statistics library the other figures need.
_LAZY = {
    "relative_affinity_figure": "affinity",
    "relative_affinity_alt": "affinity",
    "heroin_blockade_figure": "blockade",
    "heroin_blockade_alt": "blockade",
    "dosing_calendar_figure": "calendar",
    "dosing_calendar_alt": "calendar",
    "effects_forest_figure": "evidence",
    "effects_forest_alt": "evidence",
    "funnel_figure": "evidence",
    "funnel_alt": "evidence",
    "reward_circuit_figure": "schematics",
    "reward_circuit_alt": "schematics",
    "liver_dose_figure": "safety",
    "liver_dose_alt": "safety",
    "overdose_mortality_figure": "safety",
    "overdose_mortality_alt": "safety",
    "single_dose_figure": "pk",
    "single_dose_alt": "pk",
    "regimen_figure": "pk",
    "regimen_alt": "pk",
    "occupancy_figure": "pk",
    "occupancy_alt": "pk",
    "dose_ratio_figure": "pk",
    "dose_ratio_alt": "pk",
}

__all__ = [*_LAZY, "show", "figure_to_svg", "figure_to_png"]


def __getattr__(name: str):
    if name in _LAZY:
        module = importlib.import_module(f".{_LAZY[name]}", __name__)
        return getattr(module, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(__all__)


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
