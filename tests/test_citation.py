"""The citation file is complete, its version is the book's, and the cite page is built from it."""

import tomllib

import pytest
import yaml
from conftest import ROOT

from naltrexone.citation import bibtex, metadata, plain_citation


def test_version_is_written_once_and_copied_exactly():
    """pyproject.toml holds the version; _config.yml (printed in the book) and CITATION.cff
    cannot read it, so they carry copies that must equal it."""
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    copies = {
        "_config.yml (parse.myst_substitutions.version)": config["parse"]["myst_substitutions"]["version"],
        "CITATION.cff (version)": metadata()["version"],
    }
    stale = {where: copy for where, copy in copies.items() if copy != version}
    assert not stale, f"pyproject.toml says version {version!r}; update these copies: {stale}"


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
