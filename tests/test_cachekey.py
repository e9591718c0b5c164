"""The execution cache and the Sphinx environment are cleared when the package or the data change."""

from naltrexone.sphinxext import cachekey


def test_cache_cleared_only_when_inputs_change(tmp_path, monkeypatch):
    build = tmp_path / "_build"
    (build / ".jupyter_cache").mkdir(parents=True)
    assert cachekey.refresh(build) is True             # a cache of unknown origin is cleared
    (build / ".jupyter_cache").mkdir()
    assert cachekey.refresh(build) is False            # unchanged inputs keep the cache
    assert (build / ".jupyter_cache").exists()
    monkeypatch.setattr(cachekey, "inputs_hash", lambda: "changed")
    assert cachekey.refresh(build) is True
    assert not (build / ".jupyter_cache").exists()


def test_hash_depends_on_data(tmp_path):
    package, data = tmp_path / "pkg", tmp_path / "data"
    package.mkdir(); data.mkdir()
    (package / "m.py").write_text("x = 1\n")
    (data / "t.csv").write_text("a\n1\n")
    before = cachekey.inputs_hash(package, data)
    (data / "t.csv").write_text("a\n2\n")
    assert cachekey.inputs_hash(package, data) != before


def test_sphinx_environment_is_cleared_with_the_execution_cache(tmp_path, monkeypatch):
    # Pages without code still quote data/ through {fact}: they must be re-rendered too.
    build = tmp_path / "_build"
    (build / ".doctrees").mkdir(parents=True)
    cachekey.refresh(build)
    (build / ".doctrees").mkdir()
    monkeypatch.setattr(cachekey, "inputs_hash", lambda: "changed")
    assert cachekey.refresh(build) is True
    assert not (build / ".doctrees").exists()
