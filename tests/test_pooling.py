"""Random-effects pooling: a published oracle, hand arithmetic, an independent library, bad input."""

import math

import pytest

from naltrexone.pooling import Trial, pool_estimates, pool_risk_ratios

# The BCG vaccine trials (Colditz et al. 1994), the standard teaching data set of meta-analysis:
# tuberculosis cases and totals in the vaccinated and the control arm of 13 trials.
BCG = [
    (4, 123, 11, 139),
    (6, 306, 29, 303),
    (3, 231, 11, 220),
    (62, 13598, 248, 12867),
    (33, 5069, 47, 5808),
    (180, 1541, 372, 1451),
    (8, 2545, 10, 629),
    (505, 88391, 499, 88391),
    (29, 7499, 45, 7277),
    (17, 1716, 65, 1665),
    (186, 50634, 141, 27338),
    (5, 2498, 3, 2341),
    (27, 16913, 29, 17854),
]


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
    se = math.sqrt(v / 2)  # two equal weights
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
    y, _v = trial.log_rr()
    assert y == pytest.approx(math.log((0.5 / 51) / (5.5 / 51)))


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda: Trial("x", 0, 10, 0, 10), "no events in either arm"),
        (lambda: Trial("x", 11, 10, 1, 10), "11 events in the treated arm of 10"),
        (lambda: Trial("x", 1, 0, 1, 10), "the treated arm has no patients"),
        (lambda: Trial("x", -1, 10, 1, 10), "events_treated must be a whole number >= 0"),
        (lambda: Trial("x", 1.5, 10, 1, 10), "events_treated must be a whole number >= 0"),
        (lambda: pool_risk_ratios([Trial("x", 1, 10, 2, 10)]), "at least two trials"),
        (lambda: pool_risk_ratios([Trial("x", 1, 10, 2, 10)] * 2, level=95), "expected a probability"),
        (lambda: pool_estimates([("a", 1.0, 0.5, 2.0)] * 2, scale="odds"), "scale: expected one of"),
        (lambda: pool_estimates([("a", 1.0, 0.5, 2.0)], scale="ratio"), "at least two"),
        (
            lambda: pool_estimates([("a", 1.0, 1.5, 2.0)] * 2, scale="ratio"),
            "estimate 'a': expected low < value < high",
        ),
        (lambda: pool_estimates([("a", 1.0, -0.5, 2.0)] * 2, scale="ratio"), "a ratio's interval must be above zero"),
    ],
)
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
    pooled = pool_estimates(
        [("a", -2.0, -2 - z * 0.5, -2 + z * 0.5), ("b", -1.0, -1 - z * 0.5, -1 + z * 0.5)], scale="difference"
    )
    assert pooled.estimate == pytest.approx(-1.5)
    assert pooled.q == pytest.approx(2.0) and pooled.tau2 == pytest.approx(0.25) and pooled.i2 == pytest.approx(50.0)
    assert pooled.high == pytest.approx(-1.5 + z * 0.5)


def test_fixed_effect_model_matches_statsmodels_and_ignores_tau2():
    """The fixed-effect option weights by 1/v alone; on the heterogeneous BCG trials it differs from
    DerSimonian–Laird, and its pooled value equals statsmodels' fixed-effect row."""
    meta = pytest.importorskip("statsmodels.stats.meta_analysis")
    import numpy as np

    z = 1.959963984540054
    trials = bcg_trials()
    y, v = np.array([t.log_rr() for t in trials]).T
    items = [
        (t.label, math.exp(a), math.exp(a - z * math.sqrt(b)), math.exp(a + z * math.sqrt(b)))
        for t, a, b in zip(trials, y, v)
    ]
    fixed = pool_estimates(items, scale="ratio", model="fixed")
    result = meta.combine_effects(y, v, method_re="dl")
    assert math.log(fixed.estimate) == pytest.approx(result.mean_effect_fe, abs=1e-8)
    assert fixed.tau2 > 0 and fixed.method == "fixed effect (inverse variance)"
    assert fixed.estimate != pytest.approx(pool_estimates(items, scale="ratio").estimate, rel=1e-3)


def test_fixed_effect_refuses_the_hartung_knapp_interval_and_unknown_models():
    items = [("a", -2.0, -3.0, -1.0), ("b", -1.0, -2.0, 0.0)]
    with pytest.raises(ValueError, match="hartung_knapp"):
        pool_estimates(items, scale="difference", model="fixed", hartung_knapp=True)
    with pytest.raises(ValueError, match="model: expected"):
        pool_estimates(items, scale="difference", model="bayesian")


def test_reproduces_every_published_pooled_estimate_in_data():
    """Each published meta-analysis in data/reproduced_pools.csv is re-pooled from its component
    trials with the model it names; estimate and limits must match the published figure to its
    printed two decimals (REPRODUCTION_TOLERANCE = 0.005). For Naudet 2016's two nalmefene analyses
    the book gets -0.373 (-0.533 to -0.213) against -0.37 (-0.53 to -0.21), and -0.206 (-0.313 to
    -0.099) against -0.21 (-0.31 to -0.10)."""
    from naltrexone.data import load_table
    from naltrexone.pooling import REPRODUCTION_TOLERANCE, reproduce_published

    result = reproduce_published(load_table("reproduced_pools"))
    assert len(result) >= 2
    for row in result.itertuples():
        assert row.max_difference <= REPRODUCTION_TOLERANCE, (
            f"{row.analysis}: reproduced {row.reproduced} against published {row.published}"
        )


def test_a_reproduction_with_a_broken_table_names_the_problem():
    import pandas as pd

    from naltrexone.pooling import reproduce_published

    rows = pd.DataFrame(
        [
            {
                "id": "x-a",
                "analysis": "x",
                "review": "X",
                "study": "a",
                "row_kind": "component",
                "measure": "mean difference",
                "value": -1.0,
                "ci_low": -2.0,
                "ci_high": 0.0,
                "model": None,
                "source": "k",
            },
            {
                "id": "x-b",
                "analysis": "x",
                "review": "X",
                "study": "b",
                "row_kind": "component",
                "measure": "mean difference",
                "value": -2.0,
                "ci_low": -3.0,
                "ci_high": -1.0,
                "model": None,
                "source": "k",
            },
        ]
    )
    with pytest.raises(ValueError, match="expected one published row"):
        reproduce_published(rows)
    published = {**rows.iloc[0].to_dict(), "id": "x-p", "row_kind": "published", "model": "bayesian"}
    with pytest.raises(ValueError, match=r"x-p.*model"):
        reproduce_published(pd.concat([rows, pd.DataFrame([published])]))
