"""Dosing calendars: every cell is the dose the regimen table gives for that day."""

import pytest

from naltrexone.data import load_table
from naltrexone.figures import dosing_calendar_alt, dosing_calendar_figure, figure_to_svg
from naltrexone.figures.calendar import CALENDAR_REGIMENS, daily_doses


@pytest.fixture(scope="module")
def table():
    return load_table("dosing_regimens")


def test_the_reviews_induction_reaches_its_maintenance_total(table):
    grid = daily_doses("review-induction", 3, table)
    assert list(grid[0][:5]) == [25, 25, 50, 50, 100]
    assert grid[1].sum() == grid[2].sum() == daily_doses("mon-wed-fri", 3, table)[0].sum()


def test_calendar_is_deterministic_with_one_panel_per_regimen(table):
    fig = dosing_calendar_figure(table)
    assert figure_to_svg(fig) == figure_to_svg(dosing_calendar_figure(table))
    assert len(fig.axes) == len(CALENDAR_REGIMENS)
    for ax in fig.axes:
        assert "[" in ax.get_title(loc="left")  # every panel names its source and grade


def test_cells_show_the_data(table):
    fig = dosing_calendar_figure(table)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert texts[:5] == ["25", "25", "50", "50", "100"]


def test_bad_weeks_and_unknown_regimen_are_refused(table):
    with pytest.raises(ValueError, match="weeks: expected a whole number"):
        dosing_calendar_figure(table, weeks=0)
    with pytest.raises(ValueError, match="regimen: no regimen named 'weekly'"):
        dosing_calendar_figure(table, regimens=(("weekly", "x"),))


def test_alt_text_lists_each_regimen(table):
    alt = dosing_calendar_alt(table)
    assert all(title in alt for _, title in CALENDAR_REGIMENS)
