"""The occupancy range: two corner scenarios bound every prediction, and ranges print honestly."""

import itertools
import math

import numpy as np
import pytest

from naltrexone.pk import mu_occupancy, simulate
from naltrexone.pk_calibration import calibrated_parameters
from naltrexone.pk_inputs import binding_inputs, standard_regimens, unbound_fraction
from naltrexone.sensitivity import (
    BindingScenario,
    ModelRange,
    across,
    binding_scenarios,
    dose_ratio_band,
    naltrexone_mu_kis,
    occupancy_band,
)


@pytest.fixture(scope="module")
def sim():
    return simulate(calibrated_parameters(), standard_regimens()[1].doses, 28 * 24, dt_h=0.5)


def test_corners_come_from_the_data():
    kis = naltrexone_mu_kis()
    corners = binding_scenarios()
    assert corners.high.ki_naltrexone_nm == kis["value_nm"].min()
    assert corners.low.ki_naltrexone_nm == kis["value_nm"].max()
    assert (corners.low.access_6bn, corners.high.access_6bn) == (0.0, 1.0)
    assert set(kis["measure"]) == {"ki"}  # IC50 values are not binding constants
    assert kis["value_nm"].max() / kis["value_nm"].min() > 5


def test_two_corners_bound_every_input_on_a_grid(sim):
    """Monotonicity, checked rather than assumed: no input in the box falls outside the band."""
    band = occupancy_band(sim)
    ki_6bn, fu = binding_scenarios().high.ki_6bn_nm, unbound_fraction()
    kis = np.geomspace(naltrexone_mu_kis()["value_nm"].min(), naltrexone_mu_kis()["value_nm"].max(), 7)
    for ki, access in itertools.product(kis, np.linspace(0, 1, 6)):
        theta = 100 * BindingScenario("grid", float(ki), ki_6bn, float(access), fu).occupancy(sim)
        assert np.all(band.low <= theta + 1e-9) and np.all(theta <= band.high + 1e-9)


def test_upper_corner_is_the_books_earlier_prediction(sim):
    band = occupancy_band(sim)
    assert band.high == pytest.approx(100 * mu_occupancy(sim, **binding_inputs()))


def test_dose_ratio_band_matches_occupancy_band(sim):
    occupancy, ratio = occupancy_band(sim), dose_ratio_band(sim)
    # θ = r / (1 + r) and DR = 1 + r, so θ = 1 - 1/DR at each edge.
    assert occupancy.low == pytest.approx(100 * (1 - 1 / ratio.low))
    assert occupancy.high == pytest.approx(100 * (1 - 1 / ratio.high))


def test_band_lowest_and_at(sim):
    band = occupancy_band(sim)
    lowest = band.lowest((14 * 24, 21 * 24))
    assert lowest.low <= lowest.high
    assert band.at(24.0).low == pytest.approx(band.low[48])
    with pytest.raises(ValueError, match="not on the prediction's grid"):
        band.at(24.2)
    with pytest.raises(ValueError, match="no grid time lies in"):
        band.lowest((1000 * 24, 1001 * 24))


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(ki_naltrexone_nm=0.0), "ki_naltrexone_nm: expected a positive number of nM"),
        (dict(ki_6bn_nm=math.nan), "ki_6bn_nm: expected a positive number of nM"),
        (dict(access_6bn=1.5), "access_6bn: expected a factor from 0 to 1"),
        (dict(fu=0.0), r"fu: a fraction unbound must lie in \(0, 1\]"),
    ],
)
def test_bad_scenarios_are_refused(kwargs, message):
    base = dict(name="x", ki_naltrexone_nm=1.0, ki_6bn_nm=2.0, access_6bn=0.5, fu=0.8)
    with pytest.raises(ValueError, match=message):
        BindingScenario(**{**base, **kwargs})


def test_model_range_prints_its_span_and_refuses_nonsense():
    assert str(ModelRange(64.04, 98.4, unit="%")) == "64–98%"
    assert str(ModelRange(16.2, 65.0, 26.1, unit="h", interval="95% CI")) == "26\u00a0h (95% CI 16–65\u00a0h)"
    assert str(ModelRange(1.1, 1.14, digits=1)) == "1.1"  # equal when printed: one number
    assert repr(ModelRange(1, 2)) == str(ModelRange(1, 2))  # what glue shows
    with pytest.raises(ValueError, match="is below low"):
        ModelRange(3, 2)
    with pytest.raises(ValueError, match="lies outside"):
        ModelRange(1, 2, estimate=5)
    with pytest.raises(ValueError, match="expected a finite number"):
        ModelRange(math.nan, 2)
    assert across([3, 1, 2]) == ModelRange(1, 3)


def test_glue_model_takes_only_ranges():
    from naltrexone.pages import glue_model

    with pytest.raises(TypeError, match="expected a ModelRange"):
        glue_model("x", 95.0)


def test_long_weekend_ranks_the_options_the_same_way_at_both_edges():
    """The seminar case: taking the Friday dose beats moving it to Thursday, which beats missing
    it, whatever the binding inputs."""
    from naltrexone.pk_calibration import calibrated_parameters
    from naltrexone.pk_checks import long_weekend

    r = long_weekend(calibrated_parameters())
    for edge in ("low", "high"):
        assert getattr(r["taken"], edge) > getattr(r["moved_to_thursday"], edge) > getattr(r["missed"], edge)


def test_the_mon_wed_fri_table_holds_every_regimen_and_the_reviews_schedule():
    """The weekend-gap table for groups without a laptop (naltrexone.kits): the whole half-tablet
    grid, sorted by weekly total, with the review's schedule where long_weekend puts it."""
    from naltrexone.pk_checks import HALF_TABLET_DOSES_MG, REVIEW_MON_WED_FRI_MG, mon_wed_fri_lowest

    rows = mon_wed_fri_lowest(calibrated_parameters())
    assert len(rows) == len(HALF_TABLET_DOSES_MG) ** 3
    assert [sum(r) for r, _ in rows] == sorted(sum(r) for r, _ in rows)
    table = dict(rows)
    review = table[REVIEW_MON_WED_FRI_MG]
    assert 0 < review.low < review.high < 100 and str(review).endswith("%")
    # More on any day never lowers the week's lowest occupancy, at either edge of the range.
    for (mon, wed, fri), value in table.items():
        if fri < max(HALF_TABLET_DOSES_MG):
            heavier = table[(mon, wed, HALF_TABLET_DOSES_MG[HALF_TABLET_DOSES_MG.index(fri) + 1])]
            assert heavier.low >= value.low - 1e-9 and heavier.high >= value.high - 1e-9


def test_the_mon_wed_fri_table_refuses_a_bad_grid():
    from naltrexone.pk_checks import mon_wed_fri_lowest

    params = calibrated_parameters()
    with pytest.raises(ValueError, match="doses_mg: expected positive doses"):
        mon_wed_fri_lowest(params, doses_mg=(0, 50))
    with pytest.raises(ValueError, match="weeks: at least 2"):
        mon_wed_fri_lowest(params, weeks=1)
    assert [r for r, _ in mon_wed_fri_lowest(params, doses_mg=(50, 100), max_weekly_mg=200)] == [
        (50, 50, 50),
        (50, 50, 100),
        (50, 100, 50),
        (100, 50, 50),
    ]
