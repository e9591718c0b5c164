"""One look for every figure: colour-blind-safe palette, white background, deterministic SVG.

Figures are built with ``matplotlib.figure.Figure`` directly (no pyplot), so drawing one never
touches global state and the same inputs always give the same bytes.

The house style is applied by construction. Matplotlib reads its settings when an axes, a tick or
a text is *created*, so the style must hold while the whole figure is drawn, not only while the
``Figure`` is made. A figure function therefore looks like this::

    @house_figure
    def dosing_calendar_figure(table) -> Figure:
        fig = new_figure(7.2, 3.0)     # refused outside a @house_figure function
        ax = fig.subplots()
        ...
        return finalise(fig)

``tests/figures/test_house_style.py`` draws every public ``*_figure`` function and checks the
result (spines, font sizes, face colours) and that each has its ``*_alt`` text function.
"""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar
from typing import ParamSpec

import matplotlib as mpl
from matplotlib.figure import Figure

# Okabe & Ito's palette: distinguishable with the common colour-vision deficiencies.
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
}
ROLE_COLOURS = {
    "agonist": OKABE_ITO["blue"],
    "partial_agonist": OKABE_ITO["orange"],
    "antagonist": OKABE_ITO["vermillion"],
}
ROLE_LABELS = {"agonist": "agonist", "partial_agonist": "partial agonist", "antagonist": "antagonist"}
GREY = "#555555"

RC = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.titlesize": 9,
    "axes.labelsize": 9,
    "xtick.labelsize": 8,
    "ytick.labelsize": 8,
    "legend.fontsize": 8,
    "axes.spines.top": False,
    "axes.spines.right": False,
    # White, not transparent: figures must stay readable on the theme's dark background.
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "savefig.facecolor": "white",
    "savefig.transparent": False,
    "text.color": "black",
    "axes.labelcolor": "black",
    "xtick.color": "black",
    "ytick.color": "black",
    "hatch.linewidth": 0.8,
    # Fixed salt and glyphs as paths: identical bytes on every run and every machine.
    "svg.hashsalt": "naltrexone-textbook",
    "svg.fonttype": "path",
    "path.simplify": True,
}


@contextmanager
def book_style():
    """Apply the book's rcParams while a figure is built or saved."""
    with mpl.rc_context(RC):
        yield


_DRAWING: ContextVar[bool] = ContextVar("naltrexone_house_figure", default=False)
_P = ParamSpec("_P")


def house_figure(function: Callable[_P, Figure]) -> Callable[_P, Figure]:
    """Decorate a figure function: the whole function runs in the house style."""

    @functools.wraps(function)
    def draw(*args: _P.args, **kwargs: _P.kwargs) -> Figure:
        token = _DRAWING.set(True)
        try:
            with book_style():
                return function(*args, **kwargs)
        finally:
            _DRAWING.reset(token)

    draw.house_figure = True  # type: ignore[attr-defined]
    return draw


def new_figure(width_in: float, height_in: float) -> Figure:
    """A blank figure of the given size (inches), with constrained layout; only inside a
    :func:`house_figure` function, so that everything drawn on it gets the house style."""
    if not _DRAWING.get():
        raise RuntimeError(
            "new_figure() was called outside a @house_figure function: decorate the "
            "figure function with naltrexone.figures.style.house_figure, so that its axes, "
            "ticks and text are drawn in the book's style"
        )
    return Figure(figsize=(width_in, height_in), layout="constrained")


# Figure-fraction precision to which solved positions are snapped (well below a pixel).
_POSITION_DIGITS = 5


def finalise(fig: Figure) -> Figure:
    """Run the layout once, freeze it and snap it, so every later save gives the same bytes.

    The constrained-layout solver is not bit-reproducible: the same figure can land a millionth
    of a pixel apart from one run to the next. Snapping the solved positions removes that.
    """
    with book_style():
        fig.draw_without_rendering()
    fig.set_layout_engine("none")
    for ax in fig.axes:
        box = ax.get_position()
        ax.set_position([round(v, _POSITION_DIGITS) for v in (box.x0, box.y0, box.width, box.height)])
    for label in (fig._suptitle, fig._supxlabel, fig._supylabel):
        if label is not None:
            x, y = label.get_position()
            label.set_position((round(x, _POSITION_DIGITS), round(y, _POSITION_DIGITS)))
    return fig


# Matplotlib names clip paths, markers and hatches by hashing their full-precision geometry,
# whose last bits can differ between otherwise identical layouts.
_HASHED_ID = re.compile(rb'id="([a-z])([0-9a-f]{10})"')


def _stable_ids(svg: bytes) -> bytes:
    """Rename hashed ids to their order of first appearance (p0, p1, m0 ...)."""
    mapping: dict[bytes, bytes] = {}
    for match in _HASHED_ID.finditer(svg):
        old = match.group(1) + match.group(2)
        mapping.setdefault(old, match.group(1) + b"%d" % len(mapping))
    for old, new in mapping.items():
        svg = svg.replace(b'id="' + old + b'"', b'id="' + new + b'"').replace(b"#" + old + b")", b"#" + new + b")")
        svg = svg.replace(b'href="#' + old + b'"', b'href="#' + new + b'"')
    return svg


def figure_to_svg(fig: Figure) -> bytes:
    """Serialise a figure to SVG without timestamps, so identical figures give identical bytes."""
    buffer = io.BytesIO()
    with book_style():
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return _stable_ids(buffer.getvalue())


def figure_to_png(fig: Figure, dpi: int = 150) -> bytes:
    """PNG without a software/date stamp (for the PDF build and downloads)."""
    buffer = io.BytesIO()
    with book_style():
        fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()


def source_line(fig: Figure, text: str) -> None:
    """Print the figure's sources under the plot, small and grey, in space kept free for it.

    ``text`` may contain line breaks; the layout keeps room for every line.
    """
    lines = text.count("\n") + 1
    footer = (0.14 * lines + 0.1) / fig.get_figheight()  # fraction of the figure height
    fig.get_layout_engine().set(rect=(0, footer, 1, 1 - footer))
    fig.text(0.01, 0.02 / fig.get_figheight(), text, fontsize=7, color=GREY, ha="left", va="bottom", linespacing=1.35)
