"""Effect measures: checked against values computed by hand and against textbook examples."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from naltrexone.evidence import (
    Estimate,
    nnt_interval,
    number_needed,
    odds_ratio,
    proportion,
    published_nnt,
    rate,
    risk_difference,
    risk_ratio,
)


def test_wilson_interval_matches_a_hand_computation():
    # 5 of 26, z = 1.959964: centre 0.2372, half-width 0.1563 (worked on paper)
    p = proportion(5, 26)
    assert p.value == pytest.approx(5 / 26)
    assert p.low == pytest.approx(0.0851, abs=5e-4)
    assert p.high == pytest.approx(0.3790, abs=5e-4)


def test_zero_events_give_a_zero_lower_bound_and_a_positive_upper_bound():
    p = proportion(0, 20)
    assert p.low == 0.0 and 0.15 < p.high < 0.17  # the "rule of three" neighbourhood, 3/20


@given(st.integers(1, 500).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_proportion_interval_contains_the_estimate_and_stays_in_bounds(case):
    events, total = case
    p = proportion(events, total)
    assert 0.0 <= p.low <= p.value <= p.high <= 1.0


def test_exact_poisson_interval_matches_published_tables():
    # Garwood limits for 5 events: 1.6235 to 11.6683 (standard tables)
    r = rate(5, 100, per=100)
    assert r.value == pytest.approx(5.0)
    assert r.low == pytest.approx(1.6235, abs=1e-3)
    assert r.high == pytest.approx(11.6683, abs=1e-3)


def test_zero_events_rate_has_the_exact_upper_limit():
    r = rate(0, 100, per=100)
    assert r.low == 0.0 and r.high == pytest.approx(3.6889, abs=1e-3)


def test_risk_difference_and_number_needed():
    d = risk_difference(33, 100, 11, 100)
    assert d.value == pytest.approx(0.22)
    assert d.low < 0.22 < d.high
    assert number_needed(d.value) == pytest.approx(1 / 0.22)
    assert math.isclose(number_needed(-0.25), 4.0)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: proportion(7, 5), r"events: 7 events cannot exceed the total of 5"),
        (lambda: proportion(-1, 5), r"events: expected a non-negative count"),
        (lambda: proportion(1, 0), r"total: expected a positive count"),
        (lambda: proportion(1.5, 5), r"events: expected a whole number"),
        (lambda: proportion(1, 5, level=95), r"level: expected a coverage between 0 and 1"),
        (lambda: rate(3, 0), r"person_years: expected a positive person-time"),
        (lambda: rate(3, float("nan")), r"person_years"),
        (lambda: number_needed(0.0), r"difference: a number needed is undefined"),
        (lambda: number_needed(1.5), r"difference: a risk difference lies between -1 and 1"),
    ],
)
def test_impossible_input_is_refused_by_name(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_risk_ratio_matches_a_hand_computation():
    # 54/102 against 11/102: ratio 4.909; se = sqrt(1/54 - 1/102 + 1/11 - 1/102) = 0.2997
    rr = risk_ratio(54, 102, 11, 102)
    assert rr.value == pytest.approx(54 / 11)
    assert rr.low == pytest.approx(4.909 * math.exp(-1.959964 * 0.29966), rel=1e-3)
    assert rr.high == pytest.approx(4.909 * math.exp(1.959964 * 0.29966), rel=1e-3)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: risk_ratio(0, 10, 3, 10), r"events_a: a risk ratio needs at least one event"),
        (lambda: risk_ratio(3, 10, 11, 10), r"events_b: 11 events cannot exceed total_b of 10"),
        (lambda: risk_ratio(3, 0, 3, 10), r"total_a: expected a positive count"),
    ],
)
def test_risk_ratio_refuses_what_it_cannot_compute(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_published_nnt_rounds_up_as_journals_do():
    assert published_nnt(-0.09) == 12  # 11.1 -> 12
    assert published_nnt(-0.05) == 20
    assert published_nnt(0.25) == 4


def test_nnt_interval_runs_from_the_far_to_the_near_end_of_the_difference():
    assert nnt_interval(Estimate(0.42, 0.31, 0.54)) == (2, 4)
    assert nnt_interval(Estimate(-0.10, -0.20, -0.05)) == (5, 20)
    with pytest.raises(ValueError, match=r"difference: its interval .* includes zero"):
        nnt_interval(Estimate(0.05, -0.02, 0.12))


def test_odds_ratio_uses_woolfs_interval_and_refuses_empty_cells():
    # 2x2 table 10/20 vs 5/20: OR = (10*15)/(5*10) = 3; SE = sqrt(1/10+1/10+1/5+1/15).
    estimate = odds_ratio(10, 20, 5, 20)
    se = math.sqrt(1 / 10 + 1 / 10 + 1 / 5 + 1 / 15)
    assert estimate.value == pytest.approx(3.0)
    assert estimate.low == pytest.approx(3 * math.exp(-1.959964 * se), rel=1e-5)
    with pytest.raises(ValueError, match="events_a: an odds ratio needs events and non-events"):
        odds_ratio(20, 20, 5, 20)


# Oracle tests: the same intervals from independent, widely used implementations (scipy and
# statsmodels, both pinned in the test lock), over a spread of tables including small and zero cells.
ORACLE_TABLES = [(5, 26, 1, 30), (19, 67, 13, 33), (7, 67, 0, 33), (185, 283, 163, 287), (40, 40, 12, 35)]


@pytest.mark.parametrize("events, total", [(0, 20), (5, 26), (13, 33), (283, 283), (1, 1000)])
def test_wilson_interval_matches_statsmodels(events, total):
    from statsmodels.stats.proportion import proportion_confint

    low, high = proportion_confint(events, total, alpha=0.05, method="wilson")
    p = proportion(events, total)
    assert (p.low, p.high) == pytest.approx((low, high), abs=1e-9)


@pytest.mark.parametrize("a, n1, c, n2", [t for t in ORACLE_TABLES if t[0] and t[2]])
def test_risk_ratio_interval_matches_scipy(a, n1, c, n2):
    from scipy.stats.contingency import relative_risk

    ci = relative_risk(a, n1, c, n2).confidence_interval(confidence_level=0.95)
    rr = risk_ratio(a, n1, c, n2)
    assert (rr.value, rr.low, rr.high) == pytest.approx((a / n1 / (c / n2), ci.low, ci.high), rel=1e-9)


@pytest.mark.parametrize("a, n1, c, n2", [t for t in ORACLE_TABLES if 0 < t[0] < t[1] and 0 < t[2] < t[3]])
def test_odds_ratio_interval_matches_statsmodels(a, n1, c, n2):
    from statsmodels.stats.contingency_tables import Table2x2

    table = Table2x2([[a, n1 - a], [c, n2 - c]])
    low, high = table.oddsratio_confint(alpha=0.05, method="normal")
    o = odds_ratio(a, n1, c, n2)
    assert (o.value, o.low, o.high) == pytest.approx((table.oddsratio, low, high), rel=1e-9)


@pytest.mark.parametrize("a, n1, c, n2", ORACLE_TABLES)
def test_newcombe_difference_matches_statsmodels(a, n1, c, n2):
    from statsmodels.stats.proportion import confint_proportions_2indep

    low, high = confint_proportions_2indep(a, n1, c, n2, method="newcomb", compare="diff", alpha=0.05)
    d = risk_difference(a, n1, c, n2)
    assert (d.low, d.high) == pytest.approx((low, high), abs=1e-9)
