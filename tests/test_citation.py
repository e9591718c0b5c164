"""The citation file is complete, its version is the book's, and the cite page is built from it."""

import pytest
import yaml

from conftest import ROOT
from naltrexone.citation import bibtex, metadata, plain_citation


def test_citation_version_matches_the_book_and_the_package():
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    book_version = config["parse"]["myst_substitutions"]["version"]
    assert metadata()["version"] == book_version
    assert f'version = "{book_version}"' in (ROOT / "pyproject.toml").read_text(encoding="utf-8")


def test_citation_texts_name_title_version_and_year():
    data = metadata()
    assert data["title"] in plain_citation() and data["version"] in plain_citation()
    entry = bibtex()
    assert entry.startswith("@book{") and entry.rstrip().endswith("}")
    assert str(data["date-released"])[:4] in entry


def test_incomplete_citation_file_is_refused_by_field(tmp_path):
    path = tmp_path / "CITATION.cff"
    path.write_text("cff-version: 1.2.0\ntitle: x\n", encoding="utf-8")
    with pytest.raises(ValueError, match="missing field\\(s\\) authors, version, date-released"):
        metadata(path)
