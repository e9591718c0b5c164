"""Safety figures: deterministic, every row drawn, unverified rows drawn open, nothing clipped."""

import pytest

from naltrexone.data import resource
from naltrexone.figures import (
    figure_to_svg,
    liver_dose_alt,
    liver_dose_figure,
    overdose_mortality_alt,
    overdose_mortality_figure,
)
from naltrexone.figures.safety import OUTCOME_LABELS, PERIOD_LABELS, POPULATION_COLOURS, TREATMENT_COLOURS


def _enum(table, field):
    return {f["name"]: f for f in resource(table)["schema"]["fields"]}[field]["constraints"]["enum"]


@pytest.mark.parametrize(
    "table, field, mapping",
    [
        ("liver_studies", "population", POPULATION_COLOURS),
        ("overdose_mortality", "treatment", TREATMENT_COLOURS),
        ("overdose_mortality", "period", PERIOD_LABELS),
        ("overdose_mortality", "outcome", OUTCOME_LABELS),
    ],
)
def test_every_allowed_value_has_a_style(table, field, mapping):
    assert set(_enum(table, field)) <= set(mapping)


def test_liver_figure_is_deterministic(liver):
    assert figure_to_svg(liver_dose_figure(liver, 50)) == figure_to_svg(liver_dose_figure(liver, 50))


def test_liver_figure_draws_one_row_per_study_and_every_dose_inside_the_axis(liver):
    fig = liver_dose_figure(liver, 50)
    dose_ax = fig.axes[0]
    assert len(dose_ax.get_yticks()) == len(liver)
    low, high = dose_ax.get_xlim()
    assert low < liver["daily_dose_mg"].min() and high > liver[["daily_dose_mg", "daily_dose_max_mg"]].max().max()
    labels = [t.get_text() for t in dose_ax.get_yticklabels()]
    assert all(
        label.endswith(f"[{c}]") or label.endswith(f"[{c}, unverified]")
        for label, c in zip(labels, liver.sort_values(["daily_dose_mg", "study"], kind="stable")["confidence"])
    )


def test_liver_figure_refuses_a_bad_reference_dose(liver):
    with pytest.raises(ValueError, match="label_dose_mg"):
        liver_dose_figure(liver, 0)


def test_unverified_liver_rows_are_drawn_open(liver):
    doubtful = liver.copy()
    doubtful.loc[doubtful["id"] == "mitchell1987", "confidence"] = "C"
    fig = liver_dose_figure(doubtful, 50)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert any("unverified" in label for label in labels)
    faces = [line.get_markerfacecolor() for line in fig.axes[1].lines if line.get_marker() == "o"]
    assert "white" in faces


def test_mortality_figure_is_deterministic_and_has_a_panel_per_study_and_outcome(mortality):
    fig = overdose_mortality_figure(mortality)
    assert figure_to_svg(fig) == figure_to_svg(overdose_mortality_figure(mortality))
    assert len(fig.axes) == len(mortality.groupby(["study", "outcome"]))
    assert sum(len(ax.get_yticks()) for ax in fig.axes) == len(mortality)
    low, high = fig.axes[0].get_xlim()
    assert low <= mortality["rate"].min() / 10 and high >= mortality["rate"].max()


def test_alt_texts_name_every_counted_result(liver, mortality):
    alt = liver_dose_alt(liver, 50)
    assert "5 of 26" in alt and "1 of 74" in alt
    alt = overdose_mortality_alt(mortality)
    assert "22.1" in alt and "39" in alt
