"""Quote a number from ``data/`` in prose, with its provenance.

The chapters never type a factual number. They cite a row: ``{fact}`lee1988-blockade-half-time```
renders "72–108 h" from ``data/facts.csv``, and ``{fact}`receptor_binding:wentland2009-naltrexone-mu```
renders "0.11 nM" from another table. This module resolves such references; the Sphinx
extension (:mod:`naltrexone.sphinxext`) only turns the result into nodes.

Reference syntax: ``row-id`` (facts table) · ``table:row-id`` (the table's value field) ·
``table:row-id:field`` (any numeric field of that row).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .data import DATA_DIR, DataError, _mtimes, load_raw, resource
from .references import short_citation

#: Units implied by a field-name suffix (units live in field names, see datapackage.json).
SUFFIX_UNITS = {
    "_nm": "nM",
    "_mg": "mg",
    "_h": "h",
    "_percent": "%",
    "_g_per_mol": "g/mol",
    "_weeks": "weeks",
}

#: Fields whose unit stands in the row's own ``unit`` column rather than in the field name.
UNIT_COLUMN_FIELDS = {"value", "value_high", "sd", "rate", "ci_low", "ci_high"}

#: Fields whose row may carry the upper end of a range in a partner field.
RANGE_PARTNERS = {
    "value": "value_high",
    "share_of_dose_percent": "share_high_percent",
    "occupancy_percent": "occupancy_high_percent",
    "naltrexone_dose_mg": "naltrexone_dose_max_mg",
    "daily_dose_mg": "daily_dose_max_mg",
}

#: How a unit is attached to its number: (separator, shown unit). Counts, years and ratios
#: show the bare number; the sentence supplies the noun.
UNIT_DISPLAY = {
    "%": ("", "%"),
    "ng*h/mL": ("\u00a0", "ng·h/mL"),
    "fold": ("-", "fold"),
    "persons": ("", ""),
    "year": ("", ""),
    "ratio": ("", ""),
    "telephone number": ("", ""),  # an emergency number is printed as dialled: "113"
}

#: Units written as English plurals, with the singular they take after exactly one.
SINGULAR = {"days": "day", "weeks": "week", "months": "month", "studies": "study", "reports": "report"}

CONFIDENCE_MEANING = {
    "A": "read in the original work",
    "B": "read at second hand, in a later work citing the original",
    "C": "unverified",
}


@dataclass(frozen=True)
class Quote:
    """A number ready to print, with where it came from."""

    reference: str
    number: str  # the number (or range) alone, e.g. "72–108"
    text: str  # with its unit, e.g. "72–108 h"
    quantity: str  # what it measures
    source: str
    locator: str
    confidence: str
    table: str
    row_id: str
    path: str

    @property
    def unverified(self) -> bool:
        return self.confidence == "C"

    @property
    def explanation(self) -> str:
        """One-line provenance, shown as a tooltip."""
        return (
            f"{self.quantity}. Source: {short_citation(self.source)}, {self.locator}. "
            f"Confidence {self.confidence}: {CONFIDENCE_MEANING[self.confidence]}. "
            f"Data: {self.path}, row '{self.row_id}'."
        )


def format_number(raw: str) -> str:
    """Print a CSV number as written, with a true minus sign and thousands separators."""
    text = raw.strip()
    negative = text.startswith("-")
    digits = text.lstrip("+-")
    whole, _, fraction = digits.partition(".")
    if len(whole) > 4:  # 12486 -> 12,486; four-digit numbers (years) stay as they are
        whole = f"{int(whole):,}"
    shown = whole + (f".{fraction}" if fraction else "")
    return ("\u2212" if negative else "") + shown


def _unit_for(field: str, row: dict[str, str]) -> str:
    if "unit" in row and field in UNIT_COLUMN_FIELDS:
        return row["unit"]
    for suffix, unit in SUFFIX_UNITS.items():
        if field.endswith(suffix):
            return unit
    return ""


def _attach(number: str, unit: str) -> str:
    if not unit:
        return number
    separator, shown = UNIT_DISPLAY.get(unit, ("\u00a0", unit))  # no-break space keeps "72 h" together
    if number == "1":
        shown = SINGULAR.get(shown, shown)  # "1 month", not "1 months"
    return f"{number}{separator}{shown}" if shown else number


def _version(reference: str, data_dir: Path | str) -> tuple[Path, tuple]:
    """The resolved data folder and the state of the files a reference depends on: memoised
    results stay valid until the table, the descriptor or the bibliography changes."""
    parts = reference.strip().split(":")
    data_dir = Path(data_dir).resolve()
    return data_dir, _mtimes("facts" if len(parts) == 1 else parts[0], data_dir)


def quote(reference: str, data_dir: Path | str = DATA_DIR) -> Quote:
    """Resolve a fact reference to a printable :class:`Quote`; ``DataError`` if it does not resolve."""
    return _quote(reference, *_version(reference, data_dir))


# Pages resolve the same references many times (a teaching page loops over them): remember them.
@lru_cache(maxsize=4096)
def _quote(reference: str, data_dir: Path, version: tuple) -> Quote:
    parts = reference.strip().split(":")
    if len(parts) == 1:
        table, row_id, field = "facts", parts[0], None
    elif len(parts) == 2:
        (table, row_id), field = parts, None
    elif len(parts) == 3:
        table, row_id, field = parts
    else:
        raise DataError(f"fact reference {reference!r}: expected 'row-id', 'table:row-id' or 'table:row-id:field'")
    desc = resource(table, data_dir)
    field = field or desc.get("valueField")
    if not field:
        raise DataError(
            f"fact reference {reference!r}: table '{table}' declares no valueField; name the field explicitly"
        )
    fields = {f["name"]: f for f in desc["schema"]["fields"]}
    if field not in fields:
        raise DataError(f"fact reference {reference!r}: table '{table}' has no field '{field}'")
    if fields[field].get("type") not in ("number", "integer"):
        raise DataError(f"fact reference {reference!r}: field '{field}' is not numeric")

    key = desc["schema"].get("primaryKey", "id")
    rows = {row[key]: row for row in load_raw(table, data_dir)}
    if row_id not in rows:
        raise DataError(f"fact reference {reference!r}: no row '{row_id}' in data/{desc['path']}")
    row = rows[row_id]
    if not row[field]:
        raise DataError(
            f"fact reference {reference!r}: data/{desc['path']} row '{row_id}' has no value in field '{field}'"
        )

    number = format_number(row[field])
    partner = RANGE_PARTNERS.get(field)
    if partner and row.get(partner):
        high = format_number(row[partner])
        # An en dash between two negative numbers reads as a third minus sign: spell it out.
        dash = " to " if high.startswith("\u2212") else "\u2013"
        number = f"{number}{dash}{high}"
    unit = _unit_for(field, row)
    quantity = row.get("quantity") or fields[field].get("title", field)
    return Quote(
        reference=reference,
        number=number,
        text=_attach(number, unit),
        quantity=quantity,
        source=row["source"],
        locator=row["locator"],
        confidence=row["confidence"],
        table=table,
        row_id=row_id,
        path=f"data/{desc['path']}",
    )


def numeric(reference: str, data_dir: Path | str = DATA_DIR) -> tuple[float, float | None]:
    """The number(s) behind a reference: (value, upper end of a range or None).

    Models read their inputs through this, so that every number they use is a cited row.
    """
    return _numeric(reference, *_version(reference, data_dir))


@lru_cache(maxsize=4096)
def _numeric(reference: str, data_dir: Path, version: tuple) -> tuple[float, float | None]:
    found = _quote(reference, data_dir, version)
    parts = reference.split(":")
    table = "facts" if len(parts) == 1 else parts[0]
    row_id = parts[0] if len(parts) == 1 else parts[1]
    desc = resource(table, data_dir)
    field = parts[2] if len(parts) == 3 else desc["valueField"]
    key = desc["schema"].get("primaryKey", "id")
    row = next(r for r in load_raw(table, data_dir) if r[key] == row_id)
    partner = RANGE_PARTNERS.get(field)
    high = float(row[partner]) if partner and row.get(partner) else None
    assert found  # resolved and validated above
    return float(row[field]), high


def central_value(reference: str, data_dir: Path | str = DATA_DIR) -> float:
    """A single value for a row: the value itself, or the geometric middle of a range."""
    low, high = numeric(reference, data_dir)
    return low if high is None else (low * high) ** 0.5
