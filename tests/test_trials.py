"""Trial effects: computed from arm-level counts, and checked against what the papers printed."""

import math

import pytest

from naltrexone.data import load_table
from naltrexone.evidence import odds_ratio, published_nnt
from naltrexone.trials import comparisons, funnel_shares, recovered_counts_problems


def test_effects_from_counts_reproduce_the_published_ratios(trials):
    # Where a paper printed a risk or rate ratio, our ratio from its counts must match it to the
    # printed precision (two decimals), and so must the interval.
    checked = 0
    for _, row in comparisons(trials).iterrows():
        if row["published_measure"] in ("risk ratio", "rate ratio"):
            assert row["rr"] == pytest.approx(row["published_value"], abs=0.011), row["id"]
            assert row["rr_low"] == pytest.approx(row["published_low"], abs=0.011), row["id"]
            assert row["rr_high"] == pytest.approx(row["published_high"], abs=0.011), row["id"]
            checked += 1
        elif row["published_measure"] == "odds ratio":
            counts = [int(row[c]) for c in ("events_naltrexone", "n_naltrexone", "events_comparator", "n_comparator")]
            for ours, printed in zip(odds_ratio(*counts), ("published_value", "published_low", "published_high")):
                assert ours == pytest.approx(row[printed], abs=0.006), row["id"]
            checked += 1
    assert checked >= 3


def test_counts_recovered_from_percentages_are_the_only_ones_possible(trials):
    assert recovered_counts_problems(trials) == []


def test_a_wrong_recovered_count_is_named(trials):
    bad = trials.copy()
    bad.loc[bad["id"] == "anton1999-no-relapse", "events_naltrexone"] = 43
    problems = recovered_counts_problems(bad)
    assert problems and "anton1999-no-relapse" in problems[0] and "fits [42]" in problems[0]


def test_counts_recovered_with_an_odds_ratio_must_be_the_only_pair_that_fits(trials):
    # X:BOT printed 65 % and 57 %: three counts fit each, and only one pair of the nine also
    # reproduces the printed odds ratio 1.44 (1.02-2.01). A neighbouring pair is named as wrong.
    bad = trials.copy()
    bad.loc[bad["id"] == "lee2018-relapse", "events_naltrexone"] = 184
    problems = recovered_counts_problems(bad)
    assert problems == [
        "lee2018-relapse: the printed percentages and odds ratio fit [(185, 163)], but the table says (184, 163)"
    ]


def test_published_numbers_needed_to_treat_follow_from_the_risk_differences(pooled):
    table = pooled.set_index("id")
    for measure_id, nnt_id in (("jonas2014-heavy", "jonas2014-heavy-nnt"), ("jonas2014-any", "jonas2014-any-nnt")):
        assert published_nnt(table.loc[measure_id, "value"]) == table.loc[nnt_id, "value"]


def test_direction_and_nnt(trials):
    rows = comparisons(trials).set_index("id")
    implant = rows.loc["krupitsky2012-implant-placebo"]
    assert implant["favours_naltrexone"] and implant["rr"] == pytest.approx(54 / 11)
    assert implant["nnt"] == math.ceil(1 / (54 / 102 - 11 / 102))
    # Induction favours buprenorphine, and a non-significant difference gets no NNT.
    assert not rows.loc["lee2018-induction", "favours_naltrexone"]
    assert math.isnan(rows.loc["krupitsky2012-oral-placebo", "nnt"])


def test_funnel_shares_start_at_one_and_never_grow():
    shares = funnel_shares(load_table("treatment_funnels"))
    for _, part in shares.groupby(["study", "arm"]):
        assert part["share"].iloc[0] == 1.0
        assert (part["share"].diff().dropna() <= 0).all()
