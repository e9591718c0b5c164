"""data/references.bib is read by one parser, pybtex (naltrexone.bibtex), with errors an editor can find."""

from __future__ import annotations

import pytest

from naltrexone.bibtex import BibTeXError, clean, entries
from naltrexone.data import DATA_DIR, DataError, bib_keys
from naltrexone.references import short_citation


def _bib(tmp_path, text: str):
    (tmp_path / "references.bib").write_text(text, encoding="utf-8")
    return tmp_path


def test_the_books_bibliography_reads_cleanly():
    found = entries(DATA_DIR / "references.bib")
    assert len(found) > 100 and set(found) == bib_keys()


def test_fields_may_span_lines_and_be_quoted(tmp_path):
    """What the regular expressions it replaced could not read: a name list pasted over lines."""
    data = _bib(
        tmp_path,
        '@article{chen1991,\n  author = {Chen, Ying and\n            M{\\"u}ller, Anna and\n'
        '            Smith, J.},\n  year = "1991",\n  title = {A}\n}\n'
        "@book{vdb2014, author = {van den Brink, Wim and others}, year = 2014}\n",
    )
    assert short_citation("chen1991", data) == "Chen et al. 1991"
    assert short_citation("vdb2014", data) == "van den Brink et al. 2014"
    assert bib_keys(data) == {"chen1991", "vdb2014"}


def test_labels_for_two_authors_corporate_authors_and_shorthands(tmp_path):
    data = _bib(
        tmp_path,
        "@article{a, author = {Boas, R. and Villiger, J.}, year = {1985}}\n"
        "@misc{b, author = {{World Health Organization}}, year = {2009}}\n"
        "@misc{c, shorthand = {Norwegian review (2002--2004)}, year = {2003}}\n"
        "@misc{d, title = {An anonymous leaflet}, year = {1990}}\n",
    )
    assert [short_citation(k, data) for k in "abcd"] == [
        "Boas & Villiger 1985",
        "World Health Organization 2009",
        "Norwegian review (2002–2004)",
        "An anonymous leaflet 1990",
    ]


def test_a_syntax_error_names_file_line_and_entry(tmp_path):
    data = _bib(
        tmp_path,
        "@article{good, author = {A, B}, year = {2000}}\n\n@article{broken,\n  author = {C, D},\n  year = 2001 x,\n}\n",
    )
    with pytest.raises(DataError, match=r"references\.bib, line 5 \(entry broken\): "):
        bib_keys(data)


def test_a_repeated_key_is_named(tmp_path):
    data = _bib(tmp_path, "@article{twice, year = {2000}}\n@book{twice, year = {2001}}\n")
    with pytest.raises(DataError, match=r"references\.bib: repeated bibliography entry: twice"):
        short_citation("twice", data)


def test_a_name_without_a_last_name_names_entry_and_field(tmp_path):
    data = _bib(tmp_path, "@article{noname, author = {Smith, J. and , Anna}, year = {2000}}\n")
    with pytest.raises(BibTeXError, match=r"references\.bib: entry noname, field author: a name without"):
        entries(data / "references.bib")


def test_missing_file_and_unknown_key(tmp_path):
    with pytest.raises(DataError, match="the bibliography is missing"):
        bib_keys(tmp_path)
    data = _bib(tmp_path, "@article{a, year = {2000}}\n")
    with pytest.raises(DataError, match="no entry with key 'b'"):
        short_citation("b", data)


def test_latex_becomes_plain_text():
    assert clean(r"M{\"u}ller {--} 1991--1992 {\'E}tienne") == "Müller – 1991–1992 Étienne"
