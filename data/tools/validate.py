"""Validate data/ with the official Frictionless validator, the book's own rules included.

    python data/tools/validate.py [DATA_DIR]        (needs frictionless: make test installs it)

The Frictionless standard's validator (frictionless-py) checks what ``datapackage.json`` states:
the header, every cell's type, required values, allowed values, ranges, patterns, unique values and
primary keys. Two rules of the book are not part of the standard, and are added here as
Frictionless checks:

* ``ordered-fields``: a resource's ``orderedFields`` lists [smaller, larger] pairs (a count of
  events cannot exceed its denominator, a confidence interval must contain its estimate);
* ``bib-key``: every ``source`` names an entry of ``references.bib`` (read with pybtex, the
  parser the book's bibliography uses).

The book's runtime loader (``naltrexone/data.py``) enforces the same rules without this
dependency; ``tests/test_data.py`` feeds the same corruptions to both and expects both to refuse.
Each problem is reported as ``data/FILE, row N (line N+1), field 'NAME': message``, like the loader.
"""

from __future__ import annotations

import numbers
import sys
from pathlib import Path

import attrs
import frictionless
from frictionless import Check, Checklist, errors

DATA_DIR = Path(__file__).resolve().parent.parent


class OrderedFieldsError(errors.CellError):
    type = "ordered-fields"
    title = "Ordered Fields"
    description = "A value exceeds the field it may not exceed (declared in the resource's orderedFields)."
    template = 'The cell "{cell}" in row at position "{rowNumber}" and field "{fieldName}" is out of order: {note}'


class UnknownBibKeyError(errors.CellError):
    type = "bib-key"
    title = "Unknown BibTeX Key"
    description = "The source is not a key of the bibliography."
    template = 'The cell "{cell}" in row at position "{rowNumber}" and field "{fieldName}" is not a BibTeX key: {note}'


@attrs.define(kw_only=True, repr=False)
class ordered_fields(Check):
    """Each [smaller, larger] pair of the resource's ``orderedFields`` is in order in every row."""

    type = "ordered-fields"
    Errors = [OrderedFieldsError]

    def validate_row(self, row):
        for smaller, larger in self.resource.custom.get("orderedFields", []):
            low, high = row[smaller], row[larger]
            # Cells that failed their type are None here, and already reported.
            # (Frictionless reads numbers as Decimal.)
            if isinstance(low, numbers.Number) and isinstance(high, numbers.Number) and low > high:
                yield OrderedFieldsError.from_row(
                    row, note=f"{smaller} ({low:g}) cannot exceed {larger} ({high:g})", field_name=smaller
                )


@attrs.define(kw_only=True, repr=False)
class bib_key(Check):
    """Every ``source`` cell is a key of the bibliography file (exact spelling)."""

    type = "bib-key"
    Errors = [UnknownBibKeyError]

    bibliography: str
    """Path of the BibTeX file."""

    metadata_profile_patch = {
        "required": ["bibliography"],
        "properties": {"bibliography": {"type": "string"}},
    }

    def validate_start(self):
        from pybtex.database import parse_file

        self._keys = frozenset(parse_file(self.bibliography, bib_format="bibtex").entries.keys())
        return []

    def validate_row(self, row):
        if "source" not in row.field_names:
            return
        key = row["source"]
        if key is not None and key not in self._keys:
            yield UnknownBibKeyError.from_row(
                row, note=f"unknown BibTeX key {key!r} (not in data/references.bib)", field_name="source"
            )


def checklist(data_dir: Path | str = DATA_DIR) -> Checklist:
    return Checklist(checks=[ordered_fields(), bib_key(bibliography=str(Path(data_dir) / "references.bib"))])


def validate(data_dir: Path | str = DATA_DIR, table: str | None = None) -> frictionless.Report:
    """The Frictionless report for the data package in ``data_dir`` (or one of its tables), with
    the book's checks."""
    package = frictionless.Package(str(Path(data_dir).resolve() / "datapackage.json"))
    if table is not None:
        return package.get_resource(table).validate(checklist(data_dir))
    return package.validate(checklist(data_dir))


def problems(report: frictionless.Report) -> list[str]:
    """Each error as ``data/FILE, row N (line N+1), field 'NAME': message`` (as precise as it is)."""
    found = []
    for task in report.tasks:
        shown = f"data/{Path(task.place).name}" if task.place else task.name
        for error in task.errors:
            where = shown
            row = getattr(error, "row_number", None)
            if row is not None:
                where += f", row {row - 1} (line {row})"  # Frictionless counts the header as row 1
            field = getattr(error, "field_name", None)
            if isinstance(error, errors.LabelError):
                where += ", header"
            if field:
                where += f", field '{field}'"
            found.append(f"{where}: {error.message}")
    found += [f"data/datapackage.json: {error.message}" for error in report.errors]
    return found


def main() -> int:
    report = validate(sys.argv[1] if len(sys.argv) > 1 else DATA_DIR)
    for line in problems(report):
        print(line)
    if report.valid:
        print(
            f"valid: {report.stats['tasks']} tables, Frictionless {frictionless.__version__}, "
            "with the book's checks (ordered-fields, bib-key)"
        )
    return 0 if report.valid else 1


if __name__ == "__main__":
    sys.exit(main())
