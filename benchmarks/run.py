"""Benchmarks (not tests): book build times and per-notebook execution time and peak memory.

Run with ``make bench``. Builds happen in a scratch copy of the book so that the one-page edit
never touches the working tree. Prints a table and writes ``benchmarks/results/latest.json``.

Measured:
- cold build: empty output folder, every notebook executed;
- warm build: the same folder again, nothing changed (cache hit);
- one-page edit: one prose page changed, then rebuilt;
- each executable page: wall time in a fresh kernel, and the kernel's peak resident memory;
- the PK simulator: a four-week regimen at 6-minute resolution (target: well under a second),
  and a full recalibration of the model.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
JUPYTER_BOOK = Path(sys.executable).with_name("jupyter-book")
BOOK_PARTS = ["_config.yml", "_toc.yml", "book", "notebooks", "data"]
# Every page that runs code: the notebooks and the MyST-NB pages (found, so new chapters count).
EXECUTABLE = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "notebooks").glob("*.ipynb")) + sorted(
    p.relative_to(ROOT).as_posix() for p in (ROOT / "book").rglob("*.md")
    if p.read_text(encoding="utf-8").startswith("---\nfile_format: mystnb"))


def _build(source: Path) -> float:
    start = time.perf_counter()
    result = subprocess.run([str(JUPYTER_BOOK), "build", str(source), "-W", "-n", "--keep-going"],
                            capture_output=True, text=True, cwd=source)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"build failed in {source}:\n{result.stdout[-3000:]}{result.stderr[-3000:]}")
    return elapsed


def build_times() -> dict[str, float]:
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "book"
        copy.mkdir()
        for part in BOOK_PARTS:
            src = ROOT / part
            (shutil.copytree if src.is_dir() else shutil.copy2)(src, copy / part)
        times = {"cold build": _build(copy), "warm build (no change)": _build(copy)}
        page = copy / "book" / "front" / "evidence.md"
        page.write_text(page.read_text(encoding="utf-8") + "\n<!-- benchmark edit -->\n", encoding="utf-8")
        times["one prose page edited"] = _build(copy)
        return times


def execute_one(path: str) -> dict[str, float]:
    """Run in a child process, so the kernel is this process's only child."""
    import nbformat
    from nbclient import NotebookClient

    source = ROOT / path
    if source.suffix == ".md":
        from myst_nb.core.read import read_myst_markdown_notebook
        nb = read_myst_markdown_notebook(source.read_text(encoding="utf-8"))
    else:
        nb = nbformat.read(source, as_version=4)
    start = time.perf_counter()
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(source.parent)}}).execute()
    elapsed = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # kilobytes on Linux
    return {"seconds": elapsed, "kernel_peak_mb": peak_kb / 1024}


def simulator_times(repeats: int = 20) -> dict[str, float]:
    """Best-of-n wall time of a four-week simulation and of one recalibration."""
    from naltrexone.pk import simulate
    from naltrexone.pk_calibration import calibrate, calibrated_parameters
    from naltrexone.regimens import schedule

    params = calibrated_parameters()
    doses = schedule("mon-wed-fri", weeks=4)
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        simulate(params, doses, 28 * 24, dt_h=0.1)
        best = min(best, time.perf_counter() - start)
    start = time.perf_counter()
    calibrate()
    return {"4-week regimen, 6-min steps": best, "recalibration": time.perf_counter() - start}


def notebook_runs() -> dict[str, dict[str, float]]:
    runs = {}
    for path in EXECUTABLE:
        out = subprocess.run([sys.executable, __file__, "--execute-one", path],
                             capture_output=True, text=True, check=True)
        runs[path] = json.loads(out.stdout.strip().splitlines()[-1])
    return runs


def page_weights(html_dir: Path = ROOT / "_build" / "html") -> dict[str, dict[str, float]]:
    """Bytes and requests each page costs a first-time reader, measured in Debian's chromium.

    The licence page stands in for the theme's own empty page: it has no figures, no maths and
    no code, so what it loads is the theme's baseline.
    """
    import functools
    import http.server
    import threading

    from playwright.sync_api import sync_playwright

    pages = ["book/front/licence.html", "book/chapters/pharmacology.html", "book/chapters/safety.html",
             "book/chapters/clinical.html", "book/chapters/practice.html"]
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(html_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    weights = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                    args=["--headless", "--no-sandbox", "--disable-gpu"])
        for path in pages:
            context = browser.new_context()  # empty cache: a first visit
            page = context.new_page()
            sizes = []
            page.on("requestfinished", lambda r: sizes.append(r.sizes()["responseBodySize"]))
            page.goto(base + path, wait_until="networkidle")
            weights[path] = {"requests": len(sizes), "kilobytes": sum(sizes) / 1024}
            context.close()
        browser.close()
    server.shutdown()
    baseline = weights[pages[0]]["kilobytes"]
    for path in pages:
        weights[path]["vs_baseline"] = weights[path]["kilobytes"] / baseline
    return weights


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--execute-one", metavar="PATH", help=argparse.SUPPRESS)
    parser.add_argument("--skip-builds", action="store_true", help="only time the notebooks")
    args = parser.parse_args()
    if args.execute_one:
        print(json.dumps(execute_one(args.execute_one)))
        return

    results = {"simulator": simulator_times(), "notebooks": notebook_runs()}
    if not args.skip_builds:
        results["builds"] = build_times()
    if (ROOT / "_build" / "html").exists() and Path("/usr/bin/chromium").exists():
        results["pages"] = page_weights()

    print(f"\n{'Build':<28}{'seconds':>10}")
    for name, seconds in results.get("builds", {}).items():
        print(f"{name:<28}{seconds:>10.1f}")
    print(f"\n{'Simulator':<40}{'seconds':>10}")
    for name, seconds in results["simulator"].items():
        print(f"{name:<40}{seconds:>10.3f}")
    print(f"\n{'Executable page':<46}{'seconds':>10}{'peak MB':>10}")
    for name, run in results["notebooks"].items():
        print(f"{name:<46}{run['seconds']:>10.2f}{run['kernel_peak_mb']:>10.0f}")
    if "pages" in results:
        print(f"\n{'Page (first visit)':<40}{'requests':>10}{'kB':>10}{'x baseline':>12}")
        for name, w in results["pages"].items():
            print(f"{name:<40}{w['requests']:>10}{w['kilobytes']:>10.0f}{w['vs_baseline']:>12.2f}")
    out = ROOT / "benchmarks" / "results"
    out.mkdir(exist_ok=True)
    (out / "latest.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
