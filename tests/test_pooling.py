"""Random-effects pooling: a published oracle, hand arithmetic, an independent library, bad input."""

import math

import pytest

from naltrexone.pooling import Trial, pool_estimates, pool_risk_ratios

# The BCG vaccine trials (Colditz et al. 1994), the standard teaching data set of meta-analysis:
# tuberculosis cases and totals in the vaccinated and the control arm of 13 trials.
BCG = [(4, 123, 11, 139), (6, 306, 29, 303), (3, 231, 11, 220), (62, 13598, 248, 12867),
       (33, 5069, 47, 5808), (180, 1541, 372, 1451), (8, 2545, 10, 629), (505, 88391, 499, 88391),
       (29, 7499, 45, 7277), (17, 1716, 65, 1665), (186, 50634, 141, 27338), (5, 2498, 3, 2341),
       (27, 16913, 29, 17854)]


def bcg_trials():
    return [Trial(f"trial {i + 1}", *row) for i, row in enumerate(BCG)]


def test_reproduces_the_published_dersimonian_laird_analysis_of_the_bcg_trials():
    """The metafor package's documented DerSimonian–Laird results for these data: log RR −0.7141,
    95 % CI −1.0644 to −0.3638, τ² 0.3088, Q 152.23 on 12 df, I² 92.12 %. Tolerance: the four
    decimals the documentation prints."""
    pooled = pool_risk_ratios(bcg_trials())
    assert math.log(pooled.estimate) == pytest.approx(-0.7141, abs=5e-5)
    assert math.log(pooled.low) == pytest.approx(-1.0644, abs=5e-5)
    assert math.log(pooled.high) == pytest.approx(-0.3638, abs=5e-5)
    assert pooled.tau2 == pytest.approx(0.3088, abs=5e-5)
    assert pooled.q == pytest.approx(152.2330, abs=5e-4)
    assert pooled.i2 == pytest.approx(92.12, abs=5e-3)
    assert sum(pooled.weights) == pytest.approx(100)


def test_two_homogeneous_trials_by_hand():
    # Identical trials: no heterogeneity, τ² = 0, and the pooled ratio equals each trial's.
    a = Trial("a", 20, 100, 10, 100)
    pooled = pool_risk_ratios([a, Trial("b", 20, 100, 10, 100)])
    assert pooled.estimate == pytest.approx(2.0)
    assert pooled.tau2 == 0.0 and pooled.i2 == 0.0 and pooled.q == pytest.approx(0.0)
    y, v = a.log_rr()
    se = math.sqrt(v / 2)                               # two equal weights
    assert pooled.low == pytest.approx(math.exp(y - 1.959964 * se), rel=1e-6)


def test_hartung_knapp_interval_is_wider_with_few_heterogeneous_trials():
    three = bcg_trials()[:3]
    classic, hk = pool_risk_ratios(three), pool_risk_ratios(three, hartung_knapp=True)
    assert hk.estimate == pytest.approx(classic.estimate)
    assert hk.high / hk.low > classic.high / classic.low
    assert "Hartung" in hk.method


def test_zero_cells_get_the_continuity_correction_and_say_so():
    trial = Trial("zero", 0, 50, 5, 50)
    assert trial.corrected
    y, v = trial.log_rr()
    assert y == pytest.approx(math.log((0.5 / 51) / (5.5 / 51)))


@pytest.mark.parametrize("make, message", [
    (lambda: Trial("x", 0, 10, 0, 10), "no events in either arm"),
    (lambda: Trial("x", 11, 10, 1, 10), "11 events in the treated arm of 10"),
    (lambda: Trial("x", 1, 0, 1, 10), "the treated arm has no patients"),
    (lambda: Trial("x", -1, 10, 1, 10), "events_treated must be a whole number >= 0"),
    (lambda: Trial("x", 1.5, 10, 1, 10), "events_treated must be a whole number >= 0"),
    (lambda: pool_risk_ratios([Trial("x", 1, 10, 2, 10)]), "at least two trials"),
    (lambda: pool_risk_ratios([Trial("x", 1, 10, 2, 10)] * 2, level=95), "expected a probability"),
    (lambda: pool_estimates([("a", 1.0, 0.5, 2.0)] * 2, scale="odds"), "scale: expected one of"),
    (lambda: pool_estimates([("a", 1.0, 0.5, 2.0)], scale="ratio"), "at least two"),
    (lambda: pool_estimates([("a", 1.0, 1.5, 2.0)] * 2, scale="ratio"), "estimate 'a': expected low < value < high"),
    (lambda: pool_estimates([("a", 1.0, -0.5, 2.0)] * 2, scale="ratio"), "a ratio's interval must be above zero"),
])
def test_bad_input_is_refused_with_a_named_reason(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_agrees_with_statsmodels_where_it_is_installed():
    meta = pytest.importorskip("statsmodels.stats.meta_analysis")
    import numpy as np
    trials = bcg_trials()
    y, v = np.array([t.log_rr() for t in trials]).T
    result = meta.combine_effects(y, v, method_re="dl")
    pooled = pool_risk_ratios(trials)
    assert math.log(pooled.estimate) == pytest.approx(result.mean_effect_re, abs=1e-8)
    assert pooled.tau2 == pytest.approx(result.tau2, abs=1e-8)


def test_generic_inverse_variance_matches_pooling_from_counts():
    """Re-pooling each BCG trial's risk ratio and 95 % interval gives the same answer as pooling the
    counts: the interval carries exactly the variance the counts imply."""
    z = 1.959963984540054
    as_estimates = []
    for t in bcg_trials():
        y, v = t.log_rr()
        as_estimates.append((t.label, math.exp(y), math.exp(y - z * math.sqrt(v)), math.exp(y + z * math.sqrt(v))))
    from_counts, from_intervals = pool_risk_ratios(bcg_trials()), pool_estimates(as_estimates, scale="ratio")
    assert from_intervals.estimate == pytest.approx(from_counts.estimate, rel=1e-9)
    assert from_intervals.tau2 == pytest.approx(from_counts.tau2, rel=1e-9)


def test_differences_are_pooled_on_their_own_scale_by_hand():
    # Two equally precise differences, -2 and -1 (SE 0.5 each): Q = 0.5·4·(0.5² + 0.5²) = 2 on 1 df,
    # τ² = (2 - 1) / (8 - 32/8) = 0.25, equal weights, pooled -1.5 with SE sqrt(1/(2/0.5)) = 0.5.
    z = 1.959963984540054
    pooled = pool_estimates([("a", -2.0, -2 - z * 0.5, -2 + z * 0.5), ("b", -1.0, -1 - z * 0.5, -1 + z * 0.5)],
                            scale="difference")
    assert pooled.estimate == pytest.approx(-1.5)
    assert pooled.q == pytest.approx(2.0) and pooled.tau2 == pytest.approx(0.25) and pooled.i2 == pytest.approx(50.0)
    assert pooled.high == pytest.approx(-1.5 + z * 0.5)
