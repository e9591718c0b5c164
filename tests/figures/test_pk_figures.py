"""PK figures: deterministic bytes, visible provenance."""

import pytest

from naltrexone.data import load_table
from naltrexone.figures import figure_to_svg
from naltrexone.figures.pk import (
    dose_ratio_figure,
    occupancy_figure,
    regimen_figure,
    single_dose_figure,
    standard_regimens,
)
from naltrexone.pk_calibration import calibrated_parameters


@pytest.fixture(scope="module")
def params():
    return calibrated_parameters()


FIGURES = {
    "single dose": lambda p: single_dose_figure(load_table("plasma_kinetics"), p),
    "regimens": lambda p: regimen_figure(p),
    "occupancy": lambda p: occupancy_figure(p, load_table("receptor_occupancy")),
    "dose ratio": lambda p: dose_ratio_figure(p),
}


@pytest.mark.parametrize("draw", FIGURES.values(), ids=FIGURES.keys())
def test_same_input_gives_identical_svg_bytes(params, draw):
    assert figure_to_svg(draw(params)) == figure_to_svg(draw(params))


def test_single_dose_legend_names_every_source_with_its_confidence(params):
    fig = single_dose_figure(load_table("plasma_kinetics"), params)
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert any("Verebey" in label and "[B]" in label for label in labels)
    assert any("Swiss product information" in label and "[A]" in label for label in labels)


def test_regimen_titles_state_time_above_the_blocking_level_for_tablets_only(params):
    fig = regimen_figure(params)
    titles = [ax.get_title(loc="left") for ax in fig.axes]
    assert len(titles) == len(standard_regimens())
    routes = [r.route for r in standard_regimens()]
    assert all(("of the 168 h of week 4" in t) == (route == "oral") for t, route in zip(titles, routes))
    assert all("shape only" in t for t, route in zip(titles, routes) if route != "oral")


def test_occupancy_and_dose_ratio_figures_draw_bands_and_leave_out_the_injection(params):
    fig = occupancy_figure(params, load_table("receptor_occupancy"))
    from matplotlib.collections import PolyCollection

    assert all(any(isinstance(c, PolyCollection) for c in ax.collections) for ax in fig.axes)
    assert not any("injection" in ax.get_title(loc="left") for ax in fig.axes)
    ratio = dose_ratio_figure(params)
    assert any(isinstance(c, PolyCollection) for c in ratio.axes[0].collections)
    assert not any("injection" in t.get_text() for t in ratio.legends[0].get_texts())


def test_occupancy_figure_marks_lee_as_not_fitted(params):
    fig = occupancy_figure(params, load_table("receptor_occupancy"))
    assert any("not used in the fit" in t.get_text() for t in fig.axes[0].get_legend().get_texts())
