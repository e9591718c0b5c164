"""Short author–year labels for BibTeX keys, for figure source lines and tables."""

from __future__ import annotations

from pathlib import Path

from .bibtex import BibTeXError, clean, entries, last_name
from .data import DATA_DIR, DataError


def short_citation(key: str, data_dir: Path | str = DATA_DIR) -> str:
    """'Chen et al. 1991', 'Daniel, Martin & Carter 1992' -> 'Daniel et al. 1992', 'Boas & Villiger 1985'."""
    try:
        found = entries(Path(data_dir) / "references.bib")
    except BibTeXError as err:
        raise DataError(str(err)) from None
    if key not in found:
        raise DataError(f"data/references.bib: no entry with key {key!r}")
    entry = found[key]
    if "shorthand" in entry.fields:  # e.g. labels and anonymous records name themselves
        return clean(entry.fields["shorthand"])
    year = clean(entry.fields.get("year", "n.d."))
    people = entry.persons.get("author", [])
    if not people:
        return f"{clean(entry.fields.get('title', key))[:40]} {year}"
    first = last_name(people[0])
    if len(people) == 1:
        return f"{first} {year}"
    if len(people) == 2 and str(people[1]) != "others":
        return f"{first} & {last_name(people[1])} {year}"
    return f"{first} et al. {year}"
