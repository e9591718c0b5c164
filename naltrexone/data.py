"""Load the book's data tables, validating every cell against ``data/datapackage.json``.

Facts live only in ``data/``. Each CSV is described by a Frictionless Table Schema in the
data package; :func:`load_table` checks every cell against it (type, required, enum,
minimum/maximum, pattern, unique, primary key) and checks that every ``source`` names an
entry of ``data/references.bib``. A bad file never yields a silent ``NaN``: it raises
:class:`DataError` naming the file, the row, the field and what was expected.
"""

from __future__ import annotations

import csv
import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd


def _data_dir() -> Path:
    """Where the tables are, in a checkout and in an installed copy.

    They live in the repository's top-level data/, where the book, the data appendix and readers of
    the repository expect them. A wheel ships the same files as the package data naltrexone/_data
    (pyproject.toml maps data/ there), so an installed copy finds them beside this module; a
    checkout (editable or on sys.path) never has naltrexone/_data and finds data/ one level up. The
    packaged copy is tried first so that a stray site-packages/data/ is never taken for ours.
    """
    package = Path(__file__).resolve().parent
    packaged = package / "_data"
    return packaged if packaged.is_dir() else package.parent / "data"


DATA_DIR = _data_dir()

#: Columns every fact-bearing table must carry (the book's rules of evidence).
PROVENANCE_FIELDS = ("source", "locator", "confidence")

#: Confidence tags: A seen in the primary, B via a secondary, C unverified.
CONFIDENCE_LEVELS = ("A", "B", "C")

# How many problems one error message lists before it stops counting them out.
_MAX_LISTED = 12


class DataError(ValueError):
    """A data file does not match its schema. The message names file, row and field."""


@dataclass(frozen=True)
class Problem:
    """One failed check, located as precisely as the check allows."""

    path: str
    message: str
    row: int | None = None  # 1-based data row (the header is not counted)
    field: str | None = None

    def __str__(self) -> str:
        where = self.path
        if self.row is not None:
            # Line numbers let an editor jump straight to the cell: header is line 1.
            where += f", row {self.row} (line {self.row + 1})"
        if self.field is not None:
            where += f", field '{self.field}'"
        return f"{where}: {self.message}"


def _raise(problems: list[Problem]) -> None:
    if not problems:
        return
    lines = [str(p) for p in problems[:_MAX_LISTED]]
    if len(problems) > _MAX_LISTED:
        lines.append(f"... and {len(problems) - _MAX_LISTED} more problem(s)")
    raise DataError("\n".join(lines))


def _display_path(path: Path, data_dir: Path) -> str:
    try:
        return f"data/{path.relative_to(data_dir).as_posix()}"
    except ValueError:
        return str(path)


def load_package(data_dir: Path | str = DATA_DIR) -> dict:
    """Return the parsed ``datapackage.json`` descriptor (shared: treat it as read-only).

    Parsed once per version of the file: pages resolve thousands of fact references, and each
    looks its table up here.
    """
    path = Path(data_dir) / "datapackage.json"
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise DataError(f"{path}: the data package descriptor is missing") from None
    return _parsed_package(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=8)
def _parsed_package(path: Path, mtime_ns: int, size: int) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError(f"{path}: the data package descriptor is missing") from None
    except json.JSONDecodeError as err:
        raise DataError(f"{path}, line {err.lineno}: not valid JSON ({err.msg})") from None


def table_names(data_dir: Path | str = DATA_DIR) -> list[str]:
    """Names of all tables (resources) in the data package, in descriptor order."""
    return [r["name"] for r in load_package(data_dir)["resources"]]


def resource(name: str, data_dir: Path | str = DATA_DIR) -> dict:
    """The descriptor of one resource; a clear error if the name is unknown."""
    resources = {r["name"]: r for r in load_package(data_dir)["resources"]}
    if name not in resources:
        known = ", ".join(sorted(resources))
        raise DataError(f"data/datapackage.json: no table named '{name}' (known: {known})")
    return resources[name]


def bib_keys(data_dir: Path | str = DATA_DIR) -> frozenset[str]:
    """All citation keys defined in ``data/references.bib`` (read by pybtex, :mod:`naltrexone.bibtex`)."""
    from .bibtex import BibTeXError, entries  # imported here: pybtex is needed only for sources

    try:
        return frozenset(entries(Path(data_dir) / "references.bib"))
    except BibTeXError as err:
        raise DataError(str(err)) from None


# --- cell checks -------------------------------------------------------------------------


def _parse_number(text: str) -> float:
    value = float(text)  # raises ValueError on junk
    if not math.isfinite(value):
        raise ValueError("not finite")
    return value


def _parse_integer(text: str) -> int:
    if not re.fullmatch(r"[+-]?\d+", text):
        raise ValueError("not an integer")
    return int(text)


# The Table Schema's default spellings (trueValues, falseValues), as Frictionless reads them.
_TRUE, _FALSE = ("true", "True", "TRUE", "1"), ("false", "False", "FALSE", "0")


def _parse_boolean(text: str) -> bool:
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError("not a boolean")


_PARSERS = {
    "number": (_parse_number, "a finite number"),
    "integer": (_parse_integer, "a whole number"),
    "boolean": (_parse_boolean, "true or false (or 1 or 0)"),
    "string": (str, "text"),
}


def _check_cell(text: str, field: dict, missing: set[str]):
    """Return (value, error message or None) for one cell."""
    constraints = field.get("constraints", {})
    if text in missing:
        if constraints.get("required"):
            return None, "a value is required but the cell is empty"
        return None, None
    kind = field.get("type", "string")
    if kind not in _PARSERS:
        return None, f"the schema uses type '{kind}', which this loader does not support"
    parse, expected = _PARSERS[kind]
    try:
        value = parse(text)
    except (ValueError, OverflowError):
        return None, f"expected {expected}, got {text!r}"
    if "enum" in constraints and value not in constraints["enum"]:
        allowed = ", ".join(repr(v) for v in constraints["enum"])
        return None, f"expected one of {allowed}, got {text!r}"
    if "minimum" in constraints and value < constraints["minimum"]:
        return None, f"expected a value >= {constraints['minimum']}, got {text!r}"
    if "maximum" in constraints and value > constraints["maximum"]:
        return None, f"expected a value <= {constraints['maximum']}, got {text!r}"
    if "exclusiveMinimum" in constraints and value <= constraints["exclusiveMinimum"]:
        return None, f"expected a value > {constraints['exclusiveMinimum']}, got {text!r}"
    if "pattern" in constraints and not re.fullmatch(constraints["pattern"], text):
        return None, f"expected text matching {constraints['pattern']!r}, got {text!r}"
    return value, None


def _read_rows(path: Path, shown: str) -> tuple[list[str], list[list[str]]]:
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
    except FileNotFoundError:
        raise DataError(f"{shown}: file not found") from None
    except UnicodeDecodeError as err:
        raise DataError(f"{shown}: not UTF-8 text ({err.reason} at byte {err.start})") from None
    if not rows:
        raise DataError(f"{shown}: the file is empty (a header row is expected)")
    return rows[0], rows[1:]


def _mtimes(name: str, data_dir: Path) -> tuple:
    """What a validated table depends on: its CSV, the descriptor and the bibliography."""
    files = [data_dir / "datapackage.json", data_dir / "references.bib"]
    try:
        files.append(data_dir / resource(name, data_dir)["path"])
    except DataError:
        pass
    return tuple(f.stat().st_mtime_ns if f.exists() else None for f in files)


def validate_table(name: str, data_dir: Path | str = DATA_DIR) -> pd.DataFrame:
    """Validate one table against its schema and return it typed; raise DataError if bad.

    Results are cached until one of the files the table depends on changes.
    """
    data_dir = Path(data_dir).resolve()
    return _validated(name, data_dir, _mtimes(name, data_dir)).copy()


@lru_cache(maxsize=64)
def _validated(name: str, data_dir: Path, mtimes: tuple) -> pd.DataFrame:
    desc = resource(name, data_dir)
    path = data_dir / desc["path"]
    shown = _display_path(path, data_dir)
    schema = desc["schema"]
    fields = schema["fields"]
    missing = set(schema.get("missingValues", [""]))

    header, rows = _read_rows(path, shown)
    expected = [f["name"] for f in fields]
    if header != expected:
        absent = [f for f in expected if f not in header]
        extra = [f for f in header if f not in expected]
        detail = []
        if absent:
            detail.append(f"missing column(s) {', '.join(absent)}")
        if extra:
            detail.append(f"unexpected column(s) {', '.join(extra)}")
        if not detail:
            detail.append(f"columns out of order; expected {', '.join(expected)}")
        raise DataError(f"{shown}, header: " + "; ".join(detail))

    problems: list[Problem] = []
    columns: dict[str, list] = {f["name"]: [] for f in fields}
    for number, row in enumerate(rows, start=1):
        if len(row) != len(fields):
            problems.append(Problem(shown, f"expected {len(fields)} cells, found {len(row)}", row=number))
            for f in fields:
                columns[f["name"]].append(None)
            continue
        for text, field in zip(row, fields):
            value, error = _check_cell(text.strip(), field, missing)
            if error:
                problems.append(Problem(shown, error, row=number, field=field["name"]))
            columns[field["name"]].append(value)

    keyed = [f["name"] for f in fields if f.get("constraints", {}).get("unique")]
    primary = schema.get("primaryKey")
    if isinstance(primary, str):
        primary = [primary]
    for key_fields in [[k] for k in keyed] + ([primary] if primary else []):
        seen: dict[tuple, int] = {}
        for number, values in enumerate(zip(*(columns[k] for k in key_fields)), start=1):
            if values in seen:
                problems.append(
                    Problem(
                        shown,
                        f"duplicate value {'/'.join(map(str, values))!r}; also in row {seen[values]}",
                        row=number,
                        field="+".join(key_fields),
                    )
                )
            else:
                seen[values] = number

    # Cross-field order: a count of events cannot exceed its denominator, a confidence
    # interval must contain its estimate. Declared per table as [smaller, larger] pairs.
    for smaller, larger in desc.get("orderedFields", []):
        for number, (low, high) in enumerate(zip(columns[smaller], columns[larger]), start=1):
            if low is not None and high is not None and low > high:
                problems.append(
                    Problem(shown, f"{smaller} ({low:g}) cannot exceed {larger} ({high:g})", row=number, field=smaller)
                )

    if "source" in columns:
        known = bib_keys(data_dir)
        for number, key in enumerate(columns["source"], start=1):
            if key is not None and key not in known:
                problems.append(
                    Problem(
                        shown, f"unknown BibTeX key {key!r} (not in data/references.bib)", row=number, field="source"
                    )
                )

    _raise(problems)

    frame = pd.DataFrame(columns)
    for field in fields:
        # Keep integers nullable; numbers stay float with NaN only where the schema allows.
        if field.get("type") == "integer":
            frame[field["name"]] = frame[field["name"]].astype("Int64")
        elif field.get("type") == "number":
            frame[field["name"]] = frame[field["name"]].astype("float64")
    frame.attrs["table"] = name
    frame.attrs["path"] = shown
    return frame


def load_table(name: str, data_dir: Path | str = DATA_DIR) -> pd.DataFrame:
    """Load one table by its data-package name, validated and typed.

    >>> load_table("molecular_weights").set_index("substance").loc["naltrexone", "mw_g_per_mol"]
    341.41
    """
    return validate_table(name, data_dir)


def load_raw(name: str, data_dir: Path | str = DATA_DIR) -> list[dict[str, str]]:
    """The table's cells as written in the CSV (validated first), for exact display in prose."""
    data_dir = Path(data_dir).resolve()
    mtimes = _mtimes(name, data_dir)
    _validated(name, data_dir, mtimes)  # cached; raises DataError if the table is bad
    return [dict(row) for row in _raw(name, data_dir, mtimes)]


@lru_cache(maxsize=64)
def _raw(name: str, data_dir: Path, mtimes: tuple) -> tuple[dict[str, str], ...]:
    path = data_dir / resource(name, data_dir)["path"]
    with path.open(newline="", encoding="utf-8") as handle:
        return tuple({k: v.strip() for k, v in row.items()} for row in csv.DictReader(handle))


def validate_package(data_dir: Path | str = DATA_DIR) -> dict[str, pd.DataFrame]:
    """Validate every table; return them by name. Problems in several tables are all reported."""
    tables, errors = {}, []
    for name in table_names(data_dir):
        try:
            tables[name] = validate_table(name, data_dir)
        except DataError as err:
            errors.append(str(err))
    if errors:
        raise DataError("\n".join(errors))
    return tables
