"""Short author–year labels for BibTeX keys, for figure source lines and tables."""

from __future__ import annotations

import codecs
import re
from functools import lru_cache
from pathlib import Path

from .data import DATA_DIR, DataError

_ENTRY = re.compile(r"@\w+\s*\{\s*([^,\s]+)\s*,(.*?)\n\}", re.DOTALL)
_FIELD = re.compile(r"^\s*(\w+)\s*=\s*\{(.*)\},?\s*$", re.MULTILINE)


@lru_cache(maxsize=4)
def _entries(path: Path, mtime: float) -> dict[str, dict[str, str]]:
    text = path.read_text(encoding="utf-8")
    return {key: {name.lower(): value for name, value in _FIELD.findall(body)}
            for key, body in _ENTRY.findall(text)}


def _clean(text: str) -> str:
    """LaTeX accents to Unicode (latexcodec ships with pybtex), braces dropped."""
    import latexcodec  # noqa: F401  (registers the 'ulatex' codec)

    return re.sub(r"[{}]", "", codecs.decode(text, "ulatex")).strip()


def short_citation(key: str, data_dir: Path | str = DATA_DIR) -> str:
    """'Chen et al. 1991', 'Daniel, Martin & Carter 1992' -> 'Daniel et al. 1992', 'Boas & Villiger 1985'."""
    path = Path(data_dir) / "references.bib"
    entries = _entries(path, path.stat().st_mtime)
    if key not in entries:
        raise DataError(f"data/references.bib: no entry with key {key!r}")
    fields = entries[key]
    if "shorthand" in fields:  # e.g. labels and anonymous records name themselves
        return _clean(fields["shorthand"])
    year = _clean(fields.get("year", "n.d."))
    author = fields.get("author", "")
    people = [p.strip() for p in re.split(r"\s+and\s+", author) if p.strip()]
    if not people:
        return f"{_clean(fields.get('title', key))[:40]} {year}"
    if people[0].startswith("{") and people[0].endswith("}"):
        first = _clean(people[0])  # corporate author
    else:
        first = _clean(people[0].split(",")[0] if "," in people[0] else people[0].split()[-1])
    if len(people) == 1:
        return f"{first} {year}"
    if len(people) == 2 and people[1] != "others":
        second = _clean(people[1].split(",")[0] if "," in people[1] else people[1].split()[-1])
        return f"{first} & {second} {year}"
    return f"{first} et al. {year}"
