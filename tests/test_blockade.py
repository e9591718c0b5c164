"""The occupancy-decay model behind Fig 2: hand-computed values, recovery of known parameters,
properties, bad input, and its fit to the cited data."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from naltrexone import blockade
from naltrexone.blockade import OccupancyDecay, fit_occupancy_decay
from naltrexone.data import load_table

# A model with round numbers: r0 = 9 after 50 mg, level halves every 10 h.
ROUND = OccupancyDecay(log_r0=math.log(9.0), k_per_h=math.log(2) / 10, reference_dose_mg=50.0)


def test_occupancy_by_hand():
    assert ROUND.occupancy(50, 0.0) == pytest.approx(0.9)  # r = 9
    assert ROUND.occupancy(50, 10.0) == pytest.approx(4.5 / 5.5)  # r = 4.5
    assert ROUND.occupancy(100, 10.0) == pytest.approx(0.9)  # doubling the dose = one half-life
    assert ROUND.occupancy(50, -5.0) == 0.0  # before the dose
    assert ROUND.half_life_h == pytest.approx(10.0)


def test_time_to_occupancy_by_hand():
    # r falls from 9 to 1 (50 %) after log2(9) half-lives.
    assert ROUND.time_to_occupancy(50, 0.5) == pytest.approx(10 * math.log2(9))


def test_fit_recovers_known_parameters_exactly():
    times = np.array([10.0, 40.0, 90.0])
    truth = OccupancyDecay(log_r0=math.log(30.0), k_per_h=0.03, reference_dose_mg=50.0)
    fitted = fit_occupancy_decay(times, truth.occupancy(50, times), 50)
    assert fitted.r0 == pytest.approx(30.0)
    assert fitted.k_per_h == pytest.approx(0.03)
    assert fitted.rms_error() == pytest.approx(0.0, abs=1e-12)


@given(st.floats(min_value=1, max_value=500), st.floats(min_value=0.01, max_value=0.99))
def test_time_to_occupancy_inverts_occupancy(dose, target):
    t = ROUND.time_to_occupancy(dose, target)
    if t >= 0:
        assert ROUND.occupancy(dose, t) == pytest.approx(target, rel=1e-9)


@given(st.floats(min_value=0, max_value=500), st.floats(min_value=1, max_value=400))
def test_occupancy_is_a_fraction_and_rises_with_dose(t, dose):
    low, high = ROUND.occupancy(dose, t), ROUND.occupancy(dose * 2, t)
    assert 0.0 <= low <= high < 1.0 or high == pytest.approx(1.0)


@pytest.mark.parametrize(
    "args, message",
    [
        (([1, 2], [0.9, 0.8], -50), "reference_dose_mg: must be a positive, finite number of mg"),
        (([1, 2], [0.9, 0.8], math.nan), "reference_dose_mg: must be a positive, finite number of mg"),
        (([1, 2], [90, 80], 50), "percentages must be divided by 100"),
        (([1, 2], [0.9, 1.0], 50), "strictly between 0 and 1"),
        (([5, 5], [0.9, 0.8], 50), "need observations at two or more different times"),
        (([-1, 5], [0.9, 0.8], 50), "observations must be at or after the dose"),
        (([1, 2, 3], [0.9, 0.8], 50), "expected two 1-D sequences of equal length"),
        (([1, math.inf], [0.9, 0.8], 50), "times_h: must be finite"),
        (([1, 2], [0.8, 0.9], 50), "do not decline with time"),
    ],
)
def test_fit_rejects_bad_input_clearly(args, message):
    with pytest.raises(ValueError, match=message):
        fit_occupancy_decay(*args)


@pytest.mark.parametrize("dose", [0, -10, math.nan, "50 mg", True])
def test_bad_doses_are_refused(dose):
    with pytest.raises(ValueError, match="dose_mg"):
        ROUND.occupancy(dose, 1.0)


def test_fit_to_lee1988_is_close_and_plausible():
    model = blockade.fit_lee1988(load_table("receptor_occupancy"))
    assert model.reference_dose_mg == 50
    assert 15 < model.half_life_h < 40  # between plasma (hours) and blockade (days)
    assert model.rms_error() < 0.08  # within ~8 percentage points of every point


def test_label_end_points_share_one_occupancy_level_at_the_fitted_slope():
    model = blockade.fit_lee1988(load_table("receptor_occupancy"))
    threshold, at_ends = blockade.label_threshold(model, load_table("heroin_challenge"))
    assert len(at_ends) == 3
    assert np.ptp(at_ends) < 0.03
    assert 0.9 < threshold < 0.97


def test_slope_interval_matches_an_independent_regression():
    """The t-based interval for k against scipy's own linear regression of the log-odds."""
    from scipy import stats

    occupancy = load_table("receptor_occupancy")
    _, t, theta, _ = blockade.lee1988_observations(occupancy)
    fit = stats.linregress(t, np.log(theta / (1 - theta)))
    half_width = stats.t.ppf(0.975, len(t) - 2) * fit.stderr
    model = blockade.fit_lee1988(occupancy)
    low, high = model.slope_interval()
    assert model.k_per_h == pytest.approx(-fit.slope)
    assert (low, high) == pytest.approx((-fit.slope - half_width, -fit.slope + half_width))


def test_half_life_interval_is_wide_and_brackets_its_estimate():
    model = blockade.fit_lee1988(load_table("receptor_occupancy"))
    interval = model.half_life_interval()
    assert interval.low < model.half_life_h < interval.high
    assert interval.high / interval.low > 3  # four points cannot pin the decline down
    assert "95% CI" in str(interval)


def test_with_slope_keeps_the_line_through_the_centroid():
    model = blockade.fit_lee1988(load_table("receptor_occupancy"))
    t = np.asarray(model.fit_times_h)
    for k in model.slope_interval():
        other = model.with_slope(k)
        centre = np.log(np.asarray(model.fit_occupancy) / (1 - np.asarray(model.fit_occupancy))).mean()
        assert other.log_r0 - k * t.mean() == pytest.approx(centre)


def test_interval_needs_three_points_and_a_declining_slope():
    two = fit_occupancy_decay([10.0, 40.0], [0.9, 0.5], 50)
    with pytest.raises(ValueError, match="at least three fitted observations"):
        two.slope_interval()
    flat = fit_occupancy_decay([10.0, 40.0, 90.0], [0.9, 0.3, 0.8], 50)
    with pytest.raises(ValueError, match="do not exclude a blockade that never declines"):
        flat.slope_interval()


def test_band_contains_the_fitted_curve():
    model = blockade.fit_lee1988(load_table("receptor_occupancy"))
    t = np.linspace(0, 170, 50)
    low, high = blockade.occupancy_band(model, 100, t)
    fitted = model.occupancy(100, t)
    assert np.all(low <= fitted + 1e-12) and np.all(fitted <= high + 1e-12)


def test_blockade_hours_is_a_duration():
    assert ROUND.blockade_hours(50, 0.5) == pytest.approx(10 * math.log2(9))
    assert ROUND.blockade_hours(50, 0.95) == 0.0  # the dose never reaches 95 %


def test_comparison_covers_every_report_that_did_not_set_the_threshold():
    challenges = load_table("heroin_challenge")
    model = blockade.fit_lee1988(load_table("receptor_occupancy"))
    table = blockade.compare_with_reports(model, challenges)
    reported = challenges[
        (challenges["outcome"] != "challenge_time")
        & ~((challenges["study"] == "US label") & (challenges["outcome"] == "blocked_up_to"))
    ]
    ranges = reported["naltrexone_dose_max_mg"].notna().sum()
    assert len(table) == len(reported) + ranges
    assert set(table["confidence"]) <= {"A", "B"}
    assert "US label" not in set(table["study"])  # the label set the threshold: not a test of it
    assert all("95% CI" in str(r) for r in table["predicted_end"])
