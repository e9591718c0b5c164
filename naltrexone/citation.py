"""How to cite the book, generated from ``CITATION.cff`` so that there is one source of truth."""

from __future__ import annotations

from pathlib import Path

import yaml

CITATION_FILE = Path(__file__).resolve().parent.parent / "CITATION.cff"
REQUIRED = ("title", "authors", "version", "date-released")


def metadata(path: Path | str = CITATION_FILE) -> dict:
    """The parsed citation file; a clear error if it is missing or incomplete."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ValueError(f"{path}: the citation file is missing") from None
    missing = [key for key in REQUIRED if not data or key not in data]
    if missing:
        raise ValueError(f"{path}: missing field(s) {', '.join(missing)}")
    return data


def _authors(data: dict) -> list[str]:
    names = []
    for person in data["authors"]:
        if "name" in person:
            names.append(person["name"])
        else:
            names.append(f"{person['family-names']}, {person['given-names']}")
    return names


def plain_citation(path: Path | str = CITATION_FILE) -> str:
    data = metadata(path)
    year = str(data["date-released"])[:4]
    return f"{'; '.join(_authors(data))} ({year}). *{data['title']}*, version {data['version']}."


def bibtex(path: Path | str = CITATION_FILE) -> str:
    data = metadata(path)
    year = str(data["date-released"])[:4]
    return "\n".join(
        [
            f"@book{{naltrexone_textbook_{data['version'].replace('.', '_')},",
            f"  author  = {{{{{' and '.join(_authors(data))}}}}},",
            f"  title   = {{{data['title']}}},",
            f"  year    = {{{year}}},",
            f"  edition = {{version {data['version']}}},",
            "}",
        ]
    )
