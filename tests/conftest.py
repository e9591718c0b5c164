"""Shared fixtures. Every test runs with the network closed: only loopback is allowed."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"

_LOCAL = {"127.0.0.1", "::1", "localhost"}
_real_connect = socket.socket.connect
_real_getaddrinfo = socket.getaddrinfo


def _guarded_connect(self, address):
    if isinstance(address, tuple) and address[0] not in _LOCAL:
        raise RuntimeError(f"a test tried to reach the network ({address!r}); tests must run offline")
    return _real_connect(self, address)


def _guarded_getaddrinfo(host, *args, **kwargs):
    if host not in _LOCAL and host is not None:
        raise RuntimeError(f"a test tried to resolve {host!r}; tests must run offline")
    return _real_getaddrinfo(host, *args, **kwargs)


@pytest.fixture(autouse=True, scope="session")
def no_network():
    socket.socket.connect = _guarded_connect
    socket.getaddrinfo = _guarded_getaddrinfo
    yield
    socket.socket.connect = _real_connect
    socket.getaddrinfo = _real_getaddrinfo


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A private copy of data/ that a test may corrupt."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def replace_in(path: Path, old: str, new: str, count: int = 1) -> None:
    """Edit a copied data file; fail loudly if the text to corrupt is not there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not found in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


JUPYTER_BOOK = Path(sys.executable).with_name("jupyter-book")


def _offline_prefix() -> list[str]:
    """Run in a fresh network namespace (only loopback) where the machine allows it."""
    probe = ["unshare", "-n", "sh", "-c", "ip link set lo up"]
    if shutil.which("unshare") and shutil.which("ip"):
        if subprocess.run(probe, capture_output=True).returncode == 0:
            return ["unshare", "-n", "sh", "-c", 'ip link set lo up && exec "$@"', "offline"]
    return []


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """The whole book, built once per test session, strictly and offline: (result, html dir)."""
    out = tmp_path_factory.mktemp("book")
    build = [str(JUPYTER_BOOK), "build", str(ROOT), "--path-output", str(out), "-W", "-n", "--keep-going"]
    cmd = [*_offline_prefix(), *build]
    result = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=900)
    return result, out / "_build" / "html"


def _build_edition(built, tmp_path_factory, edition: str) -> Path:
    """An edition (naltrexone/sphinxext/editions.py), strictly and offline, through the default
    build's execution cache: it re-runs no notebook."""
    result, html = built
    assert result.returncode == 0, "the default build failed; see test_book"
    out = tmp_path_factory.mktemp(edition)
    cmd = [
        *_offline_prefix(),
        sys.executable,
        "-m",
        "naltrexone.sphinxext.editions",
        edition,
        str(out),
        str(html.parent / ".jupyter_cache"),
    ]
    run = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=900)
    assert run.returncode == 0, f"the {edition} edition did not build strictly:\n{run.stderr[-4000:]}"
    return out / edition / "html"


@pytest.fixture(scope="session")
def student(built, tmp_path_factory) -> Path:
    """The student edition's HTML folder, built once per session."""
    return _build_edition(built, tmp_path_factory, "student")


@pytest.fixture(scope="session")
def instructor(built, tmp_path_factory) -> Path:
    """The instructor edition's HTML folder, built once per session."""
    return _build_edition(built, tmp_path_factory, "instructor")


@pytest.fixture(scope="session")
def kits(student, instructor, tmp_path_factory) -> Path:
    """Every seminar's kit (naltrexone/kits.py), from the two editions: the folder of kit folders."""
    from naltrexone.kits import build_kit, seminar_names

    out = tmp_path_factory.mktemp("kits")
    for name in seminar_names():
        build_kit(name, instructor, student, out / name)
    return out


# The data tables the evidence tests read, by the names the tests use. Each is validated once.
_TABLE_FIXTURES = {
    "liver": "liver_studies",
    "mortality": "overdose_mortality",
    "effects": "adverse_effects",
    "trials": "trial_outcomes",
    "pooled": "pooled_estimates",
}


def _table_fixture(table_name):
    @pytest.fixture(scope="session")
    def fixture():
        from naltrexone.data import load_table

        return load_table(table_name)

    return fixture


for _name, _table in _TABLE_FIXTURES.items():
    globals()[_name] = _table_fixture(_table)
