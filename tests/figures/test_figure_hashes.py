"""Each figure's SVG equals the bytes stored in figure_hashes.json (see figure_hashes.py)."""

from __future__ import annotations

import pytest

from .cases import figures
from .figure_hashes import stored, svg_sha256

STORED = stored()
REFRESH = "if the change is intended, run `make figure-hashes` and commit tests/figures/figure_hashes.json"


def test_every_figure_has_a_stored_hash():
    missing = sorted(set(figures()) - set(STORED))
    extra = sorted(set(STORED) - set(figures()))
    assert not missing and not extra, f"no stored hash for {missing}; stored but gone: {extra}; {REFRESH}"


@pytest.mark.parametrize("case_id", sorted(figures()))
def test_figure_bytes_match_the_stored_hash(case_id):
    case, record = figures()[case_id], STORED.get(case_id)
    if record is None:
        pytest.skip("no stored hash (test_every_figure_has_a_stored_hash reports it)")
    if case.inputs_sha256() != record["inputs_sha256"]:
        pytest.skip(f"{case_id}: its input files changed since the hashes were stored; {REFRESH}")
    assert svg_sha256(case) == record["svg_sha256"], (
        f"{case_id}: the SVG differs from the stored one although its inputs did not change "
        f"(drawing code, house style or a library changed); {REFRESH}"
    )
