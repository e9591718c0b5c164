"""Certainty of evidence: every rating follows GRADE's rules, and the absolute effects are right."""

import math

import pytest

from naltrexone.certainty import certainty_problems, corresponding_per_1000, implied_certainty, summary_of_findings
from naltrexone.data import load_table
from naltrexone.pooling import pool_estimates


@pytest.fixture(scope="module")
def tables():
    return load_table("certainty"), load_table("pooled_estimates"), load_table("trial_outcomes")


def test_every_rating_follows_from_its_domains_and_gives_its_reasons(tables):
    assert certainty_problems(*tables) == []


def test_the_comparisons_a_clinician_needs_are_rated(tables):
    """The comparisons issue 14 lists, each with at least one rated outcome."""
    certainty, *_ = tables
    comparisons = " | ".join(certainty["comparison"])
    for needed in (
        "oral naltrexone against placebo",
        "extended-release injection against placebo",
        "buprenorphine-naloxone when randomised during detoxification",
        "buprenorphine-naloxone after detoxification",
        "implant",
        "oral naltrexone 50 mg against placebo",
        "targeted",
        "nalmefene",
    ):
        assert needed in comparisons, needed
    alcohol_oral = certainty[certainty["comparison"] == "oral naltrexone 50 mg against placebo"]
    assert {"return to heavy drinking", "return to any drinking"} <= set(alcohol_oral["outcome"])


def test_a_rating_that_does_not_follow_from_its_domains_is_named(tables):
    certainty, pooled, trials = tables
    bad = certainty.copy()
    bad.loc[bad["id"] == "xr-bup-relapse", "certainty"] = "high"
    assert certainty_problems(bad, pooled, trials) == [
        "certainty.csv row 'xr-bup-relapse': certainty: 'high' does not follow from the domains, which give 'moderate'"
    ]


def test_a_downgrade_without_its_reason_is_named(tables):
    certainty, pooled, trials = tables
    bad = certainty.copy()
    bad.loc[bad["id"] == "implant-placebo", "reasons"] = "Imprecision: one trial."
    assert certainty_problems(bad, pooled, trials) == [
        "certainty.csv row 'implant-placebo': reasons: no reason given for indirectness"
    ]


def test_unknown_effects_and_judgements_are_named(tables):
    certainty, pooled, trials = tables
    bad = certainty.copy()
    bad.loc[bad["id"] == "oral-alcohol-any", "effect_ids"] = "nosuch"
    bad.loc[bad["id"] == "targeted-alcohol", "imprecision"] = "grave"
    problems = certainty_problems(bad, pooled, trials)
    assert "certainty.csv row 'oral-alcohol-any': effect_ids: 'nosuch' is not a row of pooled_estimates" in problems
    assert "certainty.csv row 'targeted-alcohol': imprecision: unknown judgement 'grave'" in problems


def test_grade_steps_floor_at_very_low():
    row = {
        "risk_of_bias": "very serious",
        "inconsistency": "serious",
        "indirectness": "serious",
        "imprecision": "very serious",
        "publication_bias": "not assessed",
    }
    assert implied_certainty(row) == "very low"
    assert (
        implied_certainty(
            {
                **row,
                "risk_of_bias": "not serious",
                "indirectness": "not serious",
                "imprecision": "not serious",
                "inconsistency": "single trial",
            }
        )
        == "high"
    )


def test_absolute_effects_reproduce_the_cochrane_summary_of_findings_table(tables):
    """Minozzi 2011, summary-of-findings table 1 (study population): 240 per 1000 (121 to 474),
    435 (272 to 697) and 348 (146 to 840). Same arithmetic, same rounding: exact agreement."""
    sof = summary_of_findings(*tables).set_index("id")
    for row_id, expected in (
        ("oral-opioid-retained", (240, 121, 474)),
        ("oral-opioid-follow-up", (435, 272, 697)),
        ("oral-opioid-side-effects", (348, 146, 840)),
    ):
        got = tuple(round(sof.loc[row_id, c]) for c in ("corresponding", "corresponding_low", "corresponding_high"))
        assert got == expected, row_id


def test_trial_rows_take_the_control_risk_from_the_comparator_arm(tables):
    sof = summary_of_findings(*tables).set_index("id")
    implant = sof.loc["implant-placebo"]
    assert implant["control"] == pytest.approx(1000 * 11 / 102)
    assert implant["corresponding"] == pytest.approx(1000 * 54 / 102)  # RR × control = the arm's risk


def test_hazard_ratios_act_on_survival_and_impossible_risks_are_refused():
    assert corresponding_per_1000(500, "hazard ratio", 2.0) == pytest.approx(750)  # 1 − 0.5²
    assert corresponding_per_1000(500, "hazard ratio", 1.0) == pytest.approx(500)
    with pytest.raises(ValueError, match="implies more than 1000 per 1000"):
        corresponding_per_1000(600, "risk ratio", 2.0)
    with pytest.raises(ValueError, match="measure: absolute risks only follow"):
        corresponding_per_1000(600, "mean difference", -2.0)


def test_the_book_pools_nalmefene_from_the_two_published_trials(tables):
    certainty, pooled, trials = tables
    sof = summary_of_findings(certainty, pooled, trials).set_index("id")
    rows = pooled.set_index("id").loc[["mann2013-heavy-days", "gual2013-heavy-days"]]
    expected = pool_estimates(
        [(i, r["value"], r["ci_low"], r["ci_high"]) for i, r in rows.iterrows()], scale="difference"
    )
    assert sof.loc["nalmefene-heavy-days", "value"] == pytest.approx(expected.estimate)
    assert rows["value"].min() < expected.estimate < rows["value"].max()
    assert "pooled by the book" in sof.loc["nalmefene-heavy-days", "absolute"]
    assert not math.isnan(expected.i2)


def test_the_evidence_map_rates_certainty_apart_from_regulatory_status():
    """Case reports and series cannot be more than very low, and every rating below high names the
    concern that lowered it. (The schema has no "approved" level any more: a licence is status.)"""
    uses = load_table("other_uses")
    assert set(uses["certainty"]) <= {"high", "moderate", "low", "very low"}
    assert (uses.loc[uses["design"] == "case reports or series", "certainty"] == "very low").all()
    for _, row in uses.iterrows():
        domains = ("risk of bias", "inconsistency", "indirectness", "imprecision", "not randomised")
        if row["certainty"] != "high":
            assert any(d in row["certainty_reason"].lower() for d in domains), row["id"]
