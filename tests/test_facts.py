"""Quoting numbers from data/ in prose."""

import pytest
from conftest import replace_in

from naltrexone.data import DataError
from naltrexone.facts import format_number, quote


def test_fact_with_range_and_unit():
    q = quote("lee1988-blockade-half-time")
    assert q.text == "72–108\u00a0h" and q.number == "72–108"
    assert q.source == "lee1988" and q.confidence == "A"
    assert "Lee et al. 1988" in q.explanation and "data/facts.csv" in q.explanation


def test_other_tables_by_value_field_and_by_named_field():
    assert quote("receptor_binding:wentland2009-naltrexone-mu").text == "0.11\u00a0nM"
    assert quote("heroin_challenge:label-100mg").text == "48\u00a0h"
    assert quote("heroin_challenge:label-100mg:naltrexone_dose_mg").text == "100\u00a0mg"
    assert quote("receptor_occupancy:swiss-label-48h").text == "70–80%"


def test_units_attach_as_people_read_them():
    assert quote("martin1973-potency").text == "17-fold"
    assert quote("volavka1976-n").text == "155"
    assert quote("gritz1976-temperature").text == "\u22120.4\u00a0°F"
    assert quote("larochelle2018-naltrexone-months").text == "1\u00a0month"  # singular after one
    assert quote("santo2021-cohorts").text == "36\u00a0studies"
    assert quote("tanum2017-heroin-days-ci").number == "\u22124.9 to \u22121.5"  # no dash between minus signs


def test_unverified_values_are_flagged():
    q = quote("receptor_binding:volpe2011-codeine")
    assert q.unverified and "unverified" in q.explanation


@pytest.mark.parametrize(
    "raw, shown", [("12486", "12,486"), ("1963", "1963"), ("-0.4", "\u22120.4"), ("0.094", "0.094"), ("5.60", "5.60")]
)
def test_number_formatting(raw, shown):
    assert format_number(raw) == shown


@pytest.mark.parametrize(
    "reference, message",
    [
        ("no-such-fact", "no row 'no-such-fact' in data/facts.csv"),
        ("nonsense:row", "no table named 'nonsense'"),
        ("receptor_binding:chen1991-morphine:compound", "field 'compound' is not numeric"),
        ("receptor_binding:chen1991-morphine:dose", "has no field 'dose'"),
        ("heroin_challenge:verebey1976-2h:n", "has no value in field 'n'"),
        ("a:b:c:d", "expected 'row-id', 'table:row-id'"),
    ],
)
def test_bad_references_fail_clearly(reference, message):
    with pytest.raises(DataError, match=message):
        quote(reference)


def test_quotes_are_validated_data(data_copy):
    replace_in(
        data_copy / "facts.csv", "lee1988-n,healthy volunteers scanned,5,", "lee1988-n,healthy volunteers scanned,five,"
    )
    with pytest.raises(DataError, match="field 'value': expected a finite number"):
        quote("lee1988-n", data_copy)
