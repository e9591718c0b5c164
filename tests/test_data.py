"""data/ and its loader: good data loads typed; corrupted data fails with a precise message."""

from __future__ import annotations

import json
import re

import pytest
from conftest import DATA, ROOT, replace_in

from naltrexone.data import (
    CONFIDENCE_LEVELS,
    PROVENANCE_FIELDS,
    DataError,
    bib_keys,
    load_package,
    load_table,
    table_names,
    validate_package,
)


def test_every_table_validates():
    tables = validate_package()
    assert set(tables) == set(table_names())
    assert all(len(t) > 0 for t in tables.values())


def test_every_fact_table_carries_provenance():
    for name in table_names():
        fields = [f["name"] for f in load_package()["resources"][table_names().index(name)]["schema"]["fields"]]
        assert set(PROVENANCE_FIELDS) <= set(fields), f"{name} lacks source/locator/confidence"
        table = load_table(name)
        assert set(table["confidence"]) <= set(CONFIDENCE_LEVELS)


def test_numbers_are_typed_and_never_silently_missing():
    binding = load_table("receptor_binding")
    assert binding["value_nm"].dtype == "float64"
    assert binding["value_nm"].notna().all()
    occupancy = load_table("receptor_occupancy")
    assert str(occupancy["n"].dtype) == "Int64"


def test_every_source_key_resolves_in_the_bibliography():
    keys = bib_keys()
    for name in table_names():
        unknown = set(load_table(name)["source"]) - keys
        assert not unknown, f"{name}: unknown sources {unknown}"


def _frictionless_tool():
    """data/tools/validate.py: the official Frictionless validator with the book's own checks."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("validate_data", DATA / "tools" / "validate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def frictionless_tool():
    return _frictionless_tool()


def test_frictionless_validates_data_with_the_book_checks(frictionless_tool):
    # The standard's own validator is the authority: data/ passes it, with orderedFields and the
    # bibliography keys checked as Frictionless checks.
    report = frictionless_tool.validate(DATA)
    assert report.valid, "\n".join(frictionless_tool.problems(report)[:10])
    assert report.stats["tasks"] == len(table_names())


def test_descriptor_documents_units_for_every_numeric_field():
    # Units live in the field name (value_nm, dose_mg, time_h ...), in an explicit unit column, or
    # (for dimensionless ratios and measure-dependent values) in the field's own "unit" property.
    from naltrexone.facts import SUFFIX_UNITS

    suffixes = tuple(SUFFIX_UNITS)
    for resource in load_package()["resources"]:
        names = {f["name"] for f in resource["schema"]["fields"]}
        for field in resource["schema"]["fields"]:
            if field.get("type") == "number":
                assert field["name"].endswith(suffixes) or "unit" in names or "unit" in field, (
                    f"{resource['name']}.{field['name']}: no unit in its name and no unit column"
                )


# --- corrupted copies: the message names file, row, field and what was expected ---------------


def test_bad_number_is_reported_with_file_row_and_field(data_copy):
    replace_in(
        data_copy / "receptor_binding.csv",
        "chen1991-morphine,morphine,mu,1.2,",
        "chen1991-morphine,morphine,mu,one point two,",
    )
    with pytest.raises(DataError) as caught:
        load_table("receptor_binding", data_copy)
    message = str(caught.value)
    assert "data/receptor_binding.csv" in message
    assert "row 1 (line 2)" in message
    assert "field 'value_nm'" in message
    assert "expected a finite number, got 'one point two'" in message


CORRUPTIONS = {
    "negative binding constant": (
        "receptor_binding",
        "chen1991-hydrocodone,hydrocodone,mu,19.8,",
        "chen1991-hydrocodone,hydrocodone,mu,-19.8,",
        r"row 4 \(line 5\), field 'value_nm': expected a value > 0, got '-19.8'",
    ),
    "value outside the allowed set": (
        "receptor_occupancy",
        ",relative_to_1h_scan,",
        ",relative_to_baseline,",
        r"field 'reference_frame': expected one of 'absolute', 'relative_to_1h_scan', got 'relative_to_baseline'",
    ),
    "confidence not A, B or C": (
        "facts",
        "lee1988,abstract,A,",
        "lee1988,abstract,probably,",
        r"field 'confidence': expected one of 'A', 'B', 'C'",
    ),
    "required value missing (never a silent NaN)": (
        "receptor_occupancy",
        "lee1988-72h,Lee 1988,mu,50,single_oral,72,80,",
        "lee1988-72h,Lee 1988,mu,50,single_oral,72,,",
        r"row 2 \(line 3\), field 'occupancy_percent': a value is required",
    ),
    "percentage above 100": (
        "receptor_occupancy",
        "lee1988-48h,Lee 1988,mu,50,single_oral,48,91,",
        "lee1988-48h,Lee 1988,mu,50,single_oral,48,910,",
        r"expected a value <= 100, got '910'",
    ),
    "unknown BibTeX key": (
        "facts",
        ",lee1988,abstract,A,",
        ",lee1989,abstract,A,",
        r"field 'source': unknown BibTeX key 'lee1989'",
    ),
    "duplicate row id": (
        "facts",
        "lee1988-n,",
        "lee1988-blockade-half-time,",
        r"duplicate value 'lee1988-blockade-half-time'; also in row",
    ),
    "renamed column": (
        "molecular_weights",
        "mw_g_per_mol",
        "mw",
        r"molecular_weights.csv, header: missing column\(s\) mw_g_per_mol; unexpected column\(s\) mw",
    ),
    "more patients with the event than patients": (
        "liver_studies",
        "mitchell1987,Mitchell 1987,obesity,300,,8,26,5,",
        "mitchell1987,Mitchell 1987,obesity,300,,8,26,50,",
        r"liver_studies.csv, row 1 \(line 2\), field 'n_raised': n_raised \(50\) cannot exceed n_naltrexone \(26\)",
    ),
    "confidence interval that excludes its estimate": (
        "overdose_mortality",
        "death,22.1,14.6,32.2,",
        "death,22.1,24.6,32.2,",
        r"field 'ci_low': ci_low \(24.6\) cannot exceed rate \(22.1\)",
    ),
    "row with too few cells": (
        "molecular_weights",
        "naltrexone,C20H23NO4,341.41,usp_di_ntx,Description,A",
        "naltrexone,C20H23NO4,341.41",
        r"row 1 \(line 2\): expected 6 cells, found 3",
    ),
}


@pytest.mark.parametrize("table, old, new, message", CORRUPTIONS.values(), ids=CORRUPTIONS.keys())
def test_corrupted_copy_fails_with_a_precise_message(data_copy, table, old, new, message):
    replace_in(data_copy / f"{table}.csv", old, new)
    with pytest.raises(DataError, match=message):
        load_table(table, data_copy)


# More corruptions for the differential test below (the loader's messages are tested above).
MORE_CORRUPTIONS = {
    "text in a number field": (
        "receptor_binding",
        "chen1991-morphine,morphine,mu,1.2,",
        "chen1991-morphine,morphine,mu,one point two,",
    ),
    "fraction in a whole-number field": (
        "receptor_occupancy",
        ",6.4,SEM,3,relative_to_1h_scan,",
        ",6.4,SEM,3.5,relative_to_1h_scan,",
    ),
    "row id that breaks its pattern": ("facts", "statpearls-first-synthesis,", "StatPearls first synthesis,"),
    "row with an extra cell": (
        "molecular_weights",
        "naltrexone,C20H23NO4,341.41,usp_di_ntx,Description,A",
        "naltrexone,C20H23NO4,341.41,usp_di_ntx,Description,A,extra",
    ),
    "published interval above its estimate": (
        "trial_outcomes",
        "rate ratio,1.53,0.99,2.38,",
        "rate ratio,1.53,1.99,2.38,",
    ),
}
_DIFFERENTIAL = {**{name: c[:3] for name, c in CORRUPTIONS.items()}, **MORE_CORRUPTIONS}


def _location(message: str) -> tuple[str | None, str | None]:
    row = re.search(r"row (\d+) \(line", message)
    field = re.search(r"field '([^']+)'", message)
    return row and row.group(1), field and field.group(1)


@pytest.mark.parametrize("table, old, new", _DIFFERENTIAL.values(), ids=_DIFFERENTIAL.keys())
def test_both_validators_refuse_each_corruption_at_the_same_place(data_copy, frictionless_tool, table, old, new):
    """The loader and the official validator (with the book's checks) must both refuse every
    corruption, and name the same file, row and field."""
    replace_in(data_copy / f"{table}.csv", old, new)
    with pytest.raises(DataError) as caught:
        load_table(table, data_copy)
    report = frictionless_tool.validate(data_copy, table)
    assert not report.valid, f"Frictionless accepted: {table}: {new!r}"
    found = frictionless_tool.problems(report)
    assert all(line.startswith(f"data/{table}.csv") for line in found), found
    loader = str(caught.value)
    row, field = _location(loader)
    if row is None:  # a header problem: both name the header and the column
        assert all(", header, field" in line for line in found), found
        assert any(_location(line)[1] in loader for line in found), (loader, found)
    else:
        places = {_location(line) for line in found}
        assert (row, field) in places or (field is None and any(r == row for r, _ in places)), (loader, found)


def test_unknown_table_name_lists_the_known_ones():
    with pytest.raises(
        DataError,
        match=r"no table named 'affinities' \(known: adverse_effects, brand_names, certainty, dosing_regimens",
    ):
        load_table("affinities")


def test_several_problems_are_all_reported(data_copy):
    replace_in(data_copy / "molecular_weights.csv", "341.41", "heavy")
    replace_in(data_copy / "molecular_weights.csv", ",B", ",Z")
    with pytest.raises(DataError) as caught:
        load_table("molecular_weights", data_copy)
    assert str(caught.value).count("data/molecular_weights.csv") == 2


def test_molecular_weights_match_their_formulas():
    # IUPAC conventional atomic weights; a typo in either column shows up here.
    atomic = {"C": 12.011, "H": 1.008, "N": 14.007, "O": 15.999}
    for _, row in load_table("molecular_weights").iterrows():
        mass = sum(atomic[el] * int(n or 1) for el, n in re.findall(r"([A-Z][a-z]?)(\d*)", row["formula"]))
        assert row["mw_g_per_mol"] == pytest.approx(mass, abs=0.02), row["substance"]


AGREES_WITH = {key.strip() for keys in load_table("certainty")["agrees_with"].dropna() for key in keys.split(";")}


def test_published_ratings_the_book_compares_with_are_in_the_bibliography():
    assert AGREES_WITH and AGREES_WITH <= bib_keys(), sorted(AGREES_WITH - bib_keys())


def test_every_bibliography_entry_is_used():
    """The bibliography prints every entry, so each must be cited in the text or used by a row."""
    used = set()
    for name in table_names():
        used |= set(load_table(name)["source"])
    used |= AGREES_WITH
    prose = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "book").rglob("*.md"))
    for nb in (ROOT / "notebooks").glob("*.ipynb"):
        prose += "\n".join("".join(c["source"]) for c in json.loads(nb.read_text())["cells"])
    for match in re.finditer(r"\{cite(?::\w+)?\}`([^`]+)`", prose):
        used |= {k.strip() for k in match.group(1).split(",")}
    orphans = bib_keys() - used
    assert not orphans, f"bibliography entries neither cited nor used by data: {sorted(orphans)}"


def test_descriptor_is_generated_from_its_script():
    """datapackage.json is written by data/tools/make_datapackage.py; the two must not drift."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_datapackage", DATA / "tools" / "make_datapackage.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert (DATA / "datapackage.json").read_text(encoding="utf-8") == module.render(), (
        "data/datapackage.json is out of date: run python data/tools/make_datapackage.py"
    )
