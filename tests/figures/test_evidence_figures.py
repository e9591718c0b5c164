"""Forest plots and funnels: deterministic, every row drawn, direction never mixed in a panel."""

import pytest

from naltrexone.data import load_table
from naltrexone.figures import effects_forest_alt, effects_forest_figure, figure_to_svg, funnel_alt, funnel_figure
from naltrexone.figures.evidence import effect_rows


@pytest.fixture(scope="module")
def tables():
    return load_table("trial_outcomes"), load_table("pooled_estimates"), load_table("treatment_funnels")


@pytest.mark.parametrize("condition", ["opioid dependence", "alcohol dependence"])
def test_forest_is_deterministic_and_draws_every_row_in_its_panel(tables, condition):
    trials, pooled, _ = tables
    fig = effects_forest_figure(trials, pooled, condition)
    assert figure_to_svg(fig) == figure_to_svg(effects_forest_figure(trials, pooled, condition))
    rows = effect_rows(trials, pooled, condition)
    main_axes = [ax for ax in fig.axes if ax.get_title(loc="left")]  # not the twins holding the numbers
    assert sum(len(ax.get_yticks()) for ax in main_axes) == len(rows)
    for ax in main_axes:
        low, high = ax.get_xlim()
        assert low < rows["low"].min() and high > rows["high"].max()
    titles = [ax.get_title(loc="left") for ax in main_axes]
    assert all(("above 1" in t) != ("below 1" in t) for t in titles)


def test_unknown_condition_is_refused(tables):
    trials, pooled, _ = tables
    with pytest.raises(ValueError, match="condition: no trials or pooled estimates for 'gout'"):
        effects_forest_figure(trials, pooled, "gout")


def test_forest_alt_text_gives_every_estimate(tables):
    trials, pooled, _ = tables
    alt = effects_forest_alt(trials, pooled, "opioid dependence")
    assert "4.91" in alt and "0.47" in alt


def test_funnel_is_deterministic_and_labels_every_stage(tables):
    *_, funnels = tables
    fig = funnel_figure(funnels)
    assert figure_to_svg(fig) == figure_to_svg(funnel_figure(funnels))
    assert len(fig.axes[0].get_yticks()) == len(funnels)
    assert "735 selected" in funnel_alt(funnels)


def test_reward_schematic_is_deterministic_and_carries_no_numbers():
    from naltrexone.figures import reward_circuit_alt, reward_circuit_figure

    assert figure_to_svg(reward_circuit_figure()) == figure_to_svg(reward_circuit_figure())
    texts = [t.get_text() for t in reward_circuit_figure().axes[0].texts]
    assert "naltrexone" in texts and not any(ch.isdigit() for t in texts for ch in t)
    assert not any(ch.isdigit() for ch in reward_circuit_alt())


@pytest.mark.parametrize("condition", ["opioid dependence", "alcohol dependence"])
def test_only_randomised_comparisons_sit_in_the_effect_panels(tables, condition):
    """A per-protocol or post-randomisation split is never drawn beside intention-to-treat effects."""
    trials, pooled, _ = tables
    rows = effect_rows(trials, pooled, condition)
    effects = rows[rows["panel"].isin(["benefit", "harm"])]
    assert (effects["analysis"] == "as randomised").all()
    assert (rows.loc[rows["analysis"] != "as randomised", "panel"] == "apart").all()
    assert (rows.loc[rows["kind"] == "process", "panel"].isin(["process", "apart"])).all()


def test_subgroup_and_superseded_pooled_rows_say_so_in_their_label(tables):
    trials, pooled, _ = tables
    rows = effect_rows(trials, pooled, "opioid dependence")
    for role, words in (("subgroup", "a subgroup"), ("superseded", "superseded")):
        marked = rows[rows["role"] == role]
        assert len(marked) and marked["label"].str.contains(words).all()
