"""The bibliography, ``data/references.bib``, read by pybtex: the parser that prints it in the book.

One parser for everything that reads the file: the keys the data tables cite
(:func:`naltrexone.data.bib_keys`), the short labels of figures and tables
(:func:`naltrexone.references.short_citation`) and, through sphinxcontrib-bibtex, the printed
bibliography. Fields may span lines, be quoted or braced; names are split as BibTeX splits them.

A file pybtex cannot read is an error that names the file, the line, the entry and, where it
applies, the field: ``data/references.bib, line 12 (entry lee1988): syntax error ...``.
"""

from __future__ import annotations

import codecs
import re
from functools import lru_cache
from pathlib import Path

import latexcodec  # noqa: F401  (registers the 'ulatex' codec that clean() uses)
from pybtex.database import Entry
from pybtex.database.input.bibtex import Parser
from pybtex.errors import capture
from pybtex.exceptions import PybtexError
from pybtex.scanner import PybtexSyntaxError


class BibTeXError(ValueError):
    """The bibliography cannot be read; the message names the file, line, entry and field."""


_IN_LINE = re.compile(r" in line \d+")
_ENTRY_START = re.compile(r"^\s*@(\w+)\s*[{(]\s*([^,\s]+)\s*,", re.MULTILINE)


def _entry_at(text: str, line: int) -> str | None:
    """The key of the entry that contains ``line`` (1-based), if any."""
    offset = sum(len(row) + 1 for row in text.split("\n")[: line - 1])
    keys = [
        m.group(2)
        for m in _ENTRY_START.finditer(text, 0, offset + 1)
        if m.group(1).lower() not in ("comment", "preamble", "string")
    ]
    return keys[-1] if keys else None


def _describe(error: PybtexError, text: str, shown: str) -> str:
    line = getattr(error, "lineno", None)
    if isinstance(error, PybtexSyntaxError) and line:
        entry = _entry_at(text, line)
        where = f"{shown}, line {line}" + (f" (entry {entry})" if entry else "")
        # pybtex says "syntax error in line 12: ..."; the line is named once, above.
        return f"{where}: {_IN_LINE.sub('', str(error))}"
    return f"{shown}: {error}"


@lru_cache(maxsize=8)
def _read(path: Path, mtime: float) -> dict[str, Entry]:
    text = path.read_text(encoding="utf-8")
    shown = f"data/{path.name}" if path.parent.name == "data" else str(path)
    with capture() as errors:  # every problem of the file, not only the first
        try:
            data = Parser().parse_string(text)
        except PybtexError as err:  # a problem pybtex cannot go on after
            errors.append(err)
            data = None
    if errors:
        raise BibTeXError("\n".join(_describe(e, text, shown) for e in errors))
    entries = dict(data.entries)
    for key, entry in entries.items():
        for field in ("author", "editor"):
            for person in entry.persons.get(field, []):
                if not person.last_names:
                    raise BibTeXError(
                        f"{shown}: entry {key}, field {field}: a name without a last name "
                        f"({person!s}); write 'Last, First' or '{{Corporate Name}}'"
                    )
    return entries


def entries(path: Path | str) -> dict[str, Entry]:
    """Citation key -> pybtex ``Entry`` for every entry of a ``.bib`` file."""
    path = Path(path)
    if not path.exists():
        raise BibTeXError(f"{path}: the bibliography is missing")
    return _read(path, path.stat().st_mtime)


def clean(text: str) -> str:
    """A field's LaTeX as plain text: accents to Unicode, ``--`` to an en dash, braces dropped."""
    return re.sub(r"[{}]", "", codecs.decode(text, "ulatex")).strip()


def last_name(person) -> str:
    """The name a citation shows: 'Chen, Ying' -> 'Chen'; 'van den Brink, Wim' -> 'van den Brink'
    (the "von" part is kept, as author–year styles print it); '{World Health Organization}' ->
    'World Health Organization'."""
    return clean(" ".join(person.prelast_names + person.last_names))
