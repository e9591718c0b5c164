"""Safety evidence: intervals where the data allow them, none where they do not, and the
published numbers reproduced from the counts behind them."""

import math

import pandas as pd
import pytest

from naltrexone.data import resource
from naltrexone.safety import (
    CI_COMPUTED,
    CI_NONE,
    CI_PUBLISHED,
    PERSON_YEARS_IN_UNIT,
    excess_risk,
    liver_evidence,
    mortality_rates,
    recomputed_rate,
)


def test_liver_share_only_where_patients_were_counted(liver):
    rows = liver_evidence(liver)
    counted = rows["n_raised"].notna() & rows["n_naltrexone"].notna()
    assert rows.loc[counted, "share"].notna().all()
    assert rows.loc[~counted, "share"].isna().all()
    mitchell = rows.set_index("id").loc["mitchell1987"]
    assert mitchell["share"] == pytest.approx(5 / 26)
    assert mitchell["share_low"] < mitchell["share"] < mitchell["share_high"]
    assert mitchell["comparator_share"] == 0.0


def test_every_rate_is_on_one_scale_and_keeps_its_origin(mortality):
    rows = mortality_rates(mortality)
    for _, row in rows.iterrows():
        scale = 100.0 / PERSON_YEARS_IN_UNIT[row["unit"]]
        assert row["rate_100"] == pytest.approx(row["rate"] * scale)
        if row["ci_origin"] == CI_PUBLISHED:
            assert row["low_100"] == pytest.approx(row["ci_low"] * scale)
        if row["ci_origin"] == CI_NONE:
            assert math.isnan(row["low_100"]) and math.isnan(row["high_100"])


def test_counts_reproduce_the_published_rate(mortality):
    # Where a row gives events and person-years as well as the rate, they must agree.
    for _, row in mortality.iterrows():
        again = recomputed_rate(row)
        if again is not None:
            assert again == pytest.approx(row["rate"], rel=0.05), row["id"]


def test_an_interval_is_computed_from_counts_when_none_is_published():
    table = pd.DataFrame(
        [
            {
                "id": "x",
                "unit": "per 100 person-years",
                "rate": 5.0,
                "ci_low": math.nan,
                "ci_high": math.nan,
                "events": 5,
                "person_years": 100.0,
            }
        ]
    )
    row = mortality_rates(table).iloc[0]
    assert row["ci_origin"] == CI_COMPUTED
    assert row["low_100"] == pytest.approx(1.6235, abs=1e-3)


def test_unknown_rate_unit_is_refused_by_name():
    table = pd.DataFrame(
        [
            {
                "id": "x",
                "unit": "per month",
                "rate": 1.0,
                "ci_low": math.nan,
                "ci_high": math.nan,
                "events": math.nan,
                "person_years": math.nan,
            }
        ]
    )
    with pytest.raises(ValueError, match="unit: row 'x' gives rates 'per month'"):
        mortality_rates(table)


def test_the_unit_enum_and_the_conversion_table_agree():
    fields = {f["name"]: f for f in resource("overdose_mortality")["schema"]["fields"]}
    assert set(fields["unit"]["constraints"]["enum"]) == set(PERSON_YEARS_IN_UNIT)


def test_counts_agree_with_the_printed_percentages(effects):
    # The table carries both; a typo in either would show here.
    for _, row in effects.iterrows():
        for events, total, percent in (
            ("n_events_naltrexone", "n_naltrexone", "naltrexone_percent"),
            ("n_events_comparator", "n_comparator", "comparator_percent"),
        ):
            if pd.notna(row[events]) and pd.notna(row[total]):
                assert 100 * row[events] / row[total] == pytest.approx(row[percent], abs=0.51), row["id"]


def test_excess_risk_uses_counts_and_gives_a_number_needed_to_harm(effects):
    rows = excess_risk(effects).set_index("id")
    nausea = rows.loc["springer2017-nausea"]
    assert nausea["excess_percent"] == pytest.approx(100 * (13 / 67 - 3 / 33))
    assert nausea["excess_low"] < 0 < nausea["excess_high"]  # the trial cannot exclude no excess
    assert nausea["nnh"] == pytest.approx(1 / (13 / 67 - 3 / 33))
    assert math.isnan(rows.loc["croop1997-nausea", "nnh"])  # no comparator, no NNH
