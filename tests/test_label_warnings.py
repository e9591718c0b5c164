"""The contraindications and warnings table: complete against the labels' warnings, each row cited."""

import pytest

from naltrexone.data import load_table

#: Every warning the issue and the current labels require, by product.
REQUIRED = {
    "extended_release_injection": {
        "hepatotoxicity",
        "depression_suicidality",
        "eosinophilic_pneumonia",
        "hypersensitivity",
        "injection_site",
        "im_bleeding",
        "renal_impairment",
        "hepatic_impairment",
        "precipitated_withdrawal",
        "overdose_vulnerability",
        "pain_management",
    },
    "oral_tablet": {
        "hepatotoxicity",
        "depression_suicidality",
        "renal_impairment",
        "hepatic_impairment",
        "precipitated_withdrawal",
        "overdose_vulnerability",
        "pain_management",
    },
}
CONTRAINDICATIONS = {"opioid_use", "opioid_dependence", "opioid_withdrawal", "failed_challenge", "hypersensitivity"}
LABELS = {"ntx_tablet_label_2025", "vivitrol_label_2022", "eu_naltrexone_smpc"}


@pytest.fixture(scope="module")
def table():
    return load_table("label_warnings")


@pytest.mark.parametrize("product", sorted(REQUIRED))
def test_every_required_warning_has_a_cited_row(table, product):
    rows = table[(table["product"].isin([product, "both"])) & (table["kind"] == "warning")]
    missing = REQUIRED[product] - set(rows["topic"])
    assert not missing, f"{product}: no warning row for {sorted(missing)}"
    for _, row in rows[rows["topic"].isin(REQUIRED[product])].iterrows():
        assert row["source"] in LABELS, f"{row['id']}: cite the regulator's or manufacturer's label"
        assert row["locator"].strip(), f"{row['id']}: no label locator"


@pytest.mark.parametrize("product", sorted(REQUIRED))
def test_every_contraindication_is_listed(table, product):
    rows = table[(table["product"] == product) & (table["kind"] == "contraindication")]
    assert set(rows["topic"]) >= CONTRAINDICATIONS


def test_overdose_warning_names_all_three_times_of_risk(table):
    text = table.set_index("id").loc["xr-w-overdose", "statement"].lower()
    for moment in ("end of a dosing interval", "missed", "stopping"):
        assert moment in text, f"the injection's overdose warning must name '{moment}'"


def test_the_safety_chapter_shows_the_table_and_the_practice_chapter_links_to_it():
    from conftest import ROOT

    safety = (ROOT / "book/chapters/safety.md").read_text(encoding="utf-8")
    practice = (ROOT / "book/chapters/practice.md").read_text(encoding="utf-8")
    assert 'load_table("label_warnings")' in safety and 'name="tab-label-warnings"' in safety
    assert "tab-label-warnings" in practice or "sec-label-warnings" in practice


def test_european_differences_are_recorded(table):
    eu = table[table["region"] == "EU"]
    assert {"acute_hepatitis", "renal_impairment"} <= set(eu["topic"])
    assert set(eu["source"]) == {"eu_naltrexone_smpc"}
