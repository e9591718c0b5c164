"""Every figure function draws in the house style (naltrexone/figures/style.py), by construction.

Matplotlib reads its settings when an axes, tick or text is created; a figure drawn outside the
style gets matplotlib's defaults (a box around each plot, 10-pt ticks). Here every public
``*_figure`` function is drawn from the book's data (``cases.py``) and its result checked, and
each must have its ``*_alt`` text function and a place in the lazy map of ``naltrexone.figures``.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
from matplotlib.colors import to_rgba

import naltrexone.figures as figures_package
from naltrexone.figures import style

from .cases import Case, figures

WHITE = to_rgba("white")
MODULES = [
    importlib.import_module(f"naltrexone.figures.{m.name}")
    for m in pkgutil.iter_modules(figures_package.__path__)
    if m.name != "style"
]
FUNCTIONS = {
    name: module
    for module in MODULES
    for name, fn in inspect.getmembers(module, inspect.isfunction)
    if name.endswith("_figure") and not name.startswith("_") and fn.__module__ == module.__name__
}
# Sizes, in inches: the book's text column is about 7.5 in wide; the forest plot is the widest.
WIDTH_IN = (6.0, 9.0)
# Points: 7 for source lines and dense legends up to the 9-pt body and titles; ticks at the house
# 8 pt, or 7 where a figure sets it for long category labels (the forest and funnel plots).
TEXT_PT = (6.5, 9.0)
TICK_PT = (7.0, 8.0)


def test_the_figure_modules_are_found():
    assert len(FUNCTIONS) >= 12, sorted(FUNCTIONS)


def test_every_figure_function_is_drawn_by_these_tests():
    drawn = {Case.function(case_id) for case_id in figures()}
    assert set(FUNCTIONS) == drawn, (
        f"not drawn here, add them to tests/figures/cases.py: {sorted(set(FUNCTIONS) - drawn)}; "
        f"listed but gone: {sorted(drawn - set(FUNCTIONS))}"
    )


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_every_figure_function_is_a_house_figure_with_alt_text_and_a_public_name(name):
    module = FUNCTIONS[name]
    assert getattr(getattr(module, name), "house_figure", False), (
        f"{module.__name__}.{name}: decorate it with @house_figure (naltrexone/figures/style.py)"
    )
    alt = name.removesuffix("_figure") + "_alt"
    assert callable(getattr(module, alt, None)), f"{module.__name__}.{name} has no alt-text function {alt}()"
    short = module.__name__.rsplit(".", 1)[1]
    for public in (name, alt):
        assert figures_package._LAZY.get(public) == short, (
            f"naltrexone.figures does not export {public} (add it to _LAZY in naltrexone/figures/__init__.py)"
        )
        assert getattr(figures_package, public) is getattr(module, public)


def test_the_lazy_map_names_only_functions_that_exist():
    for public, short in figures_package._LAZY.items():
        module = importlib.import_module(f"naltrexone.figures.{short}")
        assert hasattr(module, public), f"_LAZY maps {public} to {short}, which does not define it"


def test_a_figure_cannot_be_started_outside_the_house_style():
    with pytest.raises(RuntimeError, match="@house_figure"):
        style.new_figure(4, 3)

    @style.house_figure
    def tiny_figure():
        fig = style.new_figure(4, 3)
        fig.subplots()
        return fig

    ax = tiny_figure().axes[0]
    assert not ax.spines["top"].get_visible() and ax.xaxis.get_ticklabels()[0].get_fontsize() == 8


@pytest.fixture(scope="module", params=sorted(figures()))
def drawn(request):
    return request.param, figures()[request.param].draw()


def test_white_faces_and_a_book_size(drawn):
    case_id, fig = drawn
    assert to_rgba(fig.get_facecolor()) == WHITE, f"{case_id}: figure face is not white"
    width, height = fig.get_size_inches()
    assert WIDTH_IN[0] <= width <= WIDTH_IN[1] and 2.0 <= height <= 16.0, f"{case_id}: {width} x {height} in"
    for ax in fig.axes:
        assert to_rgba(ax.get_facecolor()) == WHITE, f"{case_id}: an axes face is not white"


def test_open_axes_and_house_tick_sizes(drawn):
    case_id, fig = drawn
    for number, ax in enumerate(fig.axes):
        if not ax.axison:
            continue  # a schematic with no axes drawn
        where = f"{case_id}, axes {number}"
        assert not ax.spines["top"].get_visible() and not ax.spines["right"].get_visible(), (
            f"{where}: top and right spines are drawn (is the function a @house_figure?)"
        )
        for axis in (ax.xaxis, ax.yaxis):
            sizes = {tick.get_fontsize() for tick in axis.get_ticklabels()}
            assert all(TICK_PT[0] <= s <= TICK_PT[1] for s in sizes), f"{where}: tick labels at {sizes} pt"


def test_text_in_the_house_font_and_sizes(drawn):
    case_id, fig = drawn
    texts = [
        t
        for t in fig.findobj(lambda a: hasattr(a, "get_fontsize") and hasattr(a, "get_text"))
        if t.get_text().strip() and t.get_visible()
    ]
    assert texts, f"{case_id}: no text at all"
    for text in texts:
        assert TEXT_PT[0] <= text.get_fontsize() <= TEXT_PT[1], (
            f"{case_id}: {text.get_text()[:40]!r} at {text.get_fontsize()} pt"
        )
        assert text.get_fontfamily() == [style.RC["font.family"]], f"{case_id}: {text.get_text()[:40]!r}"
