"""Lint and format: ruff's checks, with the configuration in pyproject.toml ([tool.ruff]).

`make lint` runs the same two commands, and the pre-commit hooks run them on each commit. They are
also a test because CI runs only `make test` (.ci/run): without this, formatting and lint findings
could drift in unnoticed. Ruff reads the whole tree in well under a second.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

RUFF = Path(sys.executable).with_name("ruff")


@pytest.mark.parametrize(
    ("what", "command"),
    [("lint", ["check", "--no-cache", "."]), ("format", ["format", "--check", "--no-cache", "."])],
)
def test_ruff_finds_nothing(what, command):
    assert RUFF.exists(), f"{RUFF} is missing: ruff is pinned in requirements-test.txt (make test installs it)"
    result = subprocess.run([str(RUFF), *command], capture_output=True, text=True, cwd=ROOT)
    fix = "ruff check --fix ." if what == "lint" else "ruff format ."
    assert result.returncode == 0, (
        f"ruff {what}: run `make lint`, or `.venv/bin/{fix}`:\n{result.stdout}{result.stderr}"
    )
