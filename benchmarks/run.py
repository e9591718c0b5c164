"""Benchmarks (not tests): book build times and per-notebook execution time and peak memory.

Run with ``make bench``. Builds happen in a scratch copy of the book so that the one-page edit
never touches the working tree. Prints a table and writes ``benchmarks/results/latest.json``
(git-ignored); measurements worth keeping, with what they were compared against, are written up
beside this file (``results-issue-17.md``: page times, build log, MathJax against MathML).

Measured:
- cold build: empty output folder, every notebook executed;
- warm build: the same folder again, nothing changed (cache hit);
- one-page edit: one prose page changed, then rebuilt;
- each executable page: wall time in a fresh kernel, and the kernel's peak resident memory;
- the PK simulator: a four-week regimen at 6-minute resolution (target: well under a second),
  and a full recalibration of the model;
- what a first-time reader downloads for a few pages (requests, kilobytes as served raw and as a
  gzip-compressing host would send them, against the theme's baseline page), in Debian's chromium;
- each explorer (issue 15): the time from a control change to the redrawn figure, in Debian's
  chromium (aim: under 100 ms), and the compressed bytes the explorers add to their page: the Vega
  bundles, the explorers' script and stylesheet, the inline specifications and the static figures
  (aim: under 400 kB);
- optionally, Lighthouse's desktop performance and accessibility scores for the same pages. It needs
  Node.js and the pinned Lighthouse (`npm ci --prefix benchmarks`, into the git-ignored
  benchmarks/node_modules); without them the table says why it is missing.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
LIGHTHOUSE = ROOT / "benchmarks" / "node_modules" / ".bin" / "lighthouse"
# The licence page first: it stands in for the theme's own empty page (see page_weights).
PAGES = [
    "book/front/licence.html",
    "book/chapters/pharmacology.html",
    "book/chapters/safety.html",
    "book/chapters/clinical.html",
    "book/chapters/practice.html",
]
JUPYTER_BOOK = Path(sys.executable).with_name("jupyter-book")
BOOK_PARTS = ["_config.yml", "_toc.yml", "book", "notebooks", "data"]
# Every page that runs code: the notebooks and the MyST-NB pages (found, so new chapters count).
EXECUTABLE = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "notebooks").glob("*.ipynb")) + sorted(
    p.relative_to(ROOT).as_posix()
    for p in (ROOT / "book").rglob("*.md")
    if p.read_text(encoding="utf-8").startswith("---\nfile_format: mystnb")
)


def _build(source: Path) -> float:
    start = time.perf_counter()
    result = subprocess.run(
        [str(JUPYTER_BOOK), "build", str(source), "-W", "-n", "--keep-going"],
        capture_output=True,
        text=True,
        cwd=source,
    )
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

    from naltrexone.sphinxext.kernels import use_ipc_kernels

    use_ipc_kernels()  # as in the book build

    source = ROOT / path
    if source.suffix == ".md":
        from myst_nb.core.read import read_myst_markdown_notebook

        nb = read_myst_markdown_notebook(source.read_text(encoding="utf-8"))
    else:
        nb = nbformat.read(source, as_version=4)
    start = time.perf_counter()
    NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(source.parent)}}
    ).execute()
    elapsed = time.perf_counter() - start
    kernel = resource.getrusage(resource.RUSAGE_CHILDREN)
    # CPU time is what the page costs whatever else the machine is doing; wall time includes waiting.
    return {
        "seconds": elapsed,
        "kernel_cpu_seconds": kernel.ru_utime + kernel.ru_stime,
        "kernel_peak_mb": kernel.ru_maxrss / 1024,
    }  # kilobytes on Linux


def simulator_times(repeats: int = 20) -> dict[str, float]:
    """Best-of-n wall time of a four-week simulation and of one recalibration."""
    from naltrexone import pk
    from naltrexone.pk import simulate
    from naltrexone.pk_calibration import calibrate, calibrated_parameters
    from naltrexone.regimens import schedule

    params = calibrated_parameters()
    doses = schedule("mon-wed-fri", weeks=4)
    best = float("inf")
    for _ in range(repeats):
        for memo in ("_remembered", "_step_powers"):  # time the computation, not the memo
            if hasattr(pk, memo):
                getattr(pk, memo).cache_clear()
        start = time.perf_counter()
        simulate(params, doses, 28 * 24, dt_h=0.1)
        best = min(best, time.perf_counter() - start)
    start = time.perf_counter()
    calibrate()
    return {"4-week regimen, 6-min steps": best, "recalibration": time.perf_counter() - start}


NOTEBOOK_SECONDS, NOTEBOOK_MB = 5.0, 300.0


def notebook_runs(repeats: int = 3) -> dict[str, dict[str, float]]:
    """Each page ``repeats`` times in a fresh kernel; the best of each measure is kept.

    On a shared two-core machine one run can take half as long again as another; the best run
    is the page's own cost.
    """
    runs = {}
    for path in EXECUTABLE:
        found = []
        for _ in range(repeats):
            out = subprocess.run(
                [sys.executable, __file__, "--execute-one", path], capture_output=True, text=True, check=True
            )
            found.append(json.loads(out.stdout.strip().splitlines()[-1]))
        runs[path] = {key: min(run[key] for run in found) for key in found[0]}
        runs[path]["runs"] = repeats
    return runs


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the built book quietly; with ``compress``, gzips text as static hosts do."""

    compress = False
    TEXT = (".html", ".css", ".js", ".svg", ".json", ".txt", ".map")

    def log_message(self, *args):
        pass

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if (
            not self.compress
            or "gzip" not in self.headers.get("Accept-Encoding", "")
            or not path.is_file()
            or path.suffix not in self.TEXT
        ):
            return super().do_GET()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextlib.contextmanager
def serve(html_dir: Path, compress: bool = False):
    """The built book on a free loopback port: yields its base URL."""
    handler = functools.partial(type("Handler", (_Handler,), {"compress": compress}), directory=str(html_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


# Scroll to the end a screen at a time, so lazily loaded figures load, then wait for the images.
_READ_THROUGH = """async () => {
    for (let y = 0; y <= document.documentElement.scrollHeight; y += innerHeight / 2) {
        scrollTo(0, y);
        await new Promise(r => setTimeout(r, 50));
    }
}"""


def page_weights(html_dir: Path = ROOT / "_build" / "html") -> dict[str, dict[str, float]]:
    """Bytes and requests each page costs a first-time reader, measured in Debian's chromium.

    The licence page stands in for the theme's own empty page: it has no figures, no maths and
    no code, so what it loads is the theme's baseline. "first view" is what the page loads before
    the reader scrolls; the other columns count everything after reading to the end (figures load
    lazily). Bytes are the bodies as served uncompressed; "gzip" is what a host that compresses
    text (as GitHub Pages, Netlify or Read the Docs do) would send for the same responses.
    """
    from playwright.sync_api import sync_playwright

    weights = {}
    with serve(html_dir) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox", "--disable-gpu"])
        for path in PAGES:
            context = browser.new_context(viewport={"width": 1280, "height": 900})  # empty cache
            page = context.new_page()
            sizes, gzipped = [], []

            # Called while this iteration's page loads: the late binding B023 warns of is meant.
            def finished(request):
                size = request.sizes()["responseBodySize"]
                sizes.append(size)  # noqa: B023
                response = request.response()
                if response is not None and Path(urlparse(request.url).path).suffix in _Handler.TEXT:
                    size = len(gzip.compress(response.body(), 6))
                gzipped.append(size)  # noqa: B023 (fonts and images are served as they are)

            page.on("requestfinished", finished)
            page.goto(base + path, wait_until="networkidle")
            first_view = sum(sizes) / 1024
            page.evaluate(_READ_THROUGH)
            page.wait_for_function("[...document.images].every(i => i.complete)")
            page.wait_for_load_state("networkidle")
            weights[path] = {
                "requests": len(sizes),
                "kilobytes": sum(sizes) / 1024,
                "first_view_kilobytes": first_view,
                "gzip_kilobytes": sum(gzipped) / 1024,
            }
            context.close()
        browser.close()
    baseline = weights[PAGES[0]]
    for path in PAGES:
        weights[path]["vs_baseline"] = weights[path]["kilobytes"] / baseline["kilobytes"]
        weights[path]["gzip_vs_baseline"] = weights[path]["gzip_kilobytes"] / baseline["gzip_kilobytes"]
    return weights


#: Explorer pages and the control each benchmark moves (a range input: stepped up and down).
EXPLORER_CONTROLS = {
    "antagonism": ("book/chapters/pharmacology.html", "log_ntx"),
    "regimen": ("book/chapters/pharmacokinetics.html", "dose_tue"),
    "sensitivity": ("book/chapters/pharmacokinetics.html", "access"),
    "nnt": ("book/chapters/clinical.html", "baseline"),
    "evidence": ("book/chapters/clinical.html", "include_0"),
}
EXPLORER_MS = 100.0
EXPLORER_KB = 400.0

# One control change as a reader makes it (the input event Vega listens to), timed until the view
# has re-run (its SVG updated) and the browser has reached the next frame (so a 60 Hz screen adds up
# to 17 ms of waiting to the compute time, which is reported apart).
_REDRAW = """async ([name, control, n]) => {
    const view = window.naltrexoneExplorers[name].view;
    const input = document.querySelector(`#explorer-${name} [name="${control}"]`);
    const times = [], computed = [];
    for (let i = 0; i < n; i++) {
        const t0 = performance.now();
        if (input.type === 'checkbox') { input.click(); }
        else {
            const step = Number(input.step || 1), lo = Number(input.min), hi = Number(input.max);
            let v = Number(input.value) + (i % 2 ? -step : step);
            input.value = String(Math.min(hi, Math.max(lo, v)));
            input.dispatchEvent(new Event('input', {bubbles: true}));
        }
        await view.runAsync();
        computed.push(performance.now() - t0);
        await new Promise(r => requestAnimationFrame(r));
        times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    computed.sort((a, b) => a - b);
    return {median: times[Math.floor(n / 2)], worst: times[n - 1], compute_median: computed[Math.floor(n / 2)]};
}"""


def explorer_benchmarks(html_dir: Path = ROOT / "_build" / "html", changes: int = 21) -> dict[str, dict[str, float]]:
    """Redraw time per explorer, and the compressed bytes the explorers add to each page."""
    from playwright.sync_api import sync_playwright

    results: dict[str, dict[str, float]] = {}
    vendor = {"vega.min.js", "vega-lite.min.js", "vega-embed.min.js", "explorers.js", "explorers.css"}
    with serve(html_dir) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox", "--disable-gpu"])
        for path in sorted({page for page, _ in EXPLORER_CONTROLS.values()}):
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            added = []

            def finished(request):
                name = Path(urlparse(request.url).path).name
                if name in vendor or "explorer" in name:  # the bundles and the static figures
                    added.append(len(gzip.compress(request.response().body(), 6)))  # noqa: B023

            page.on("requestfinished", finished)
            page.goto(base + path, wait_until="networkidle")
            page.evaluate(_READ_THROUGH)
            page.wait_for_load_state("networkidle")
            specs = page.eval_on_selector_all("script.explorer-spec", "els => els.map(e => e.textContent)")
            inline = sum(len(gzip.compress(text.encode(), 6)) for text in specs)
            results[path] = {"explorers_added_gzip_kilobytes": (sum(added) + inline) / 1024}
            for name, (explorer_page, control) in EXPLORER_CONTROLS.items():
                if explorer_page != path:
                    continue
                page.wait_for_function("n => window.naltrexoneExplorers && window.naltrexoneExplorers[n]", arg=name)
                results[name] = page.evaluate(_REDRAW, [name, control, changes])
            context.close()
        browser.close()
    return results


def lighthouse_missing() -> str | None:
    """Why Lighthouse cannot run here, or None when it can."""
    if not shutil.which("node"):
        return "Node.js is not installed (Debian: apt-get install nodejs npm)"
    if not LIGHTHOUSE.exists():
        return "Lighthouse is not installed: run `npm ci --prefix benchmarks`"
    if not CHROMIUM.exists():
        return f"no chromium at {CHROMIUM}"
    return None


def _lighthouse_once(url: str) -> dict[str, float]:
    result = subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--preset=desktop",
            "--only-categories=performance,accessibility",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
            "--output=json",
            "--output-path=stdout",
            "--quiet",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "CHROME_PATH": str(CHROMIUM)},
    )
    if result.returncode != 0:
        raise RuntimeError(result.stderr.strip()[-500:] or f"exit code {result.returncode}")
    report = json.loads(result.stdout)
    audits = report["audits"]
    return {
        "performance": round(100 * report["categories"]["performance"]["score"]),
        "accessibility": round(100 * report["categories"]["accessibility"]["score"]),
        "fcp_s": audits["first-contentful-paint"]["numericValue"] / 1000,
        "lcp_s": audits["largest-contentful-paint"]["numericValue"] / 1000,
        "tbt_ms": audits["total-blocking-time"]["numericValue"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
    }


def lighthouse_scores(html_dir: Path = ROOT / "_build" / "html", runs: int = 1) -> dict:
    """Lighthouse (desktop preset) performance and accessibility per page: the median of ``runs``.

    Each page is scored twice: served as Python's http.server serves it (no compression), and
    gzip-compressed as a real static host serves it. Lighthouse simulates a throttled network, so
    the uncompressed bytes weigh on the first score.
    """
    scores: dict[str, dict] = {}
    for label, compress in (("plain", False), ("gzip", True)):
        with serve(html_dir, compress=compress) as base:
            for path in PAGES:
                try:
                    found = [_lighthouse_once(base + path) for _ in range(runs)]
                except (RuntimeError, subprocess.TimeoutExpired, json.JSONDecodeError, KeyError) as err:
                    print(f"Lighthouse failed on {path} ({label}): {err}", file=sys.stderr)
                    continue
                median = {key: sorted(run[key] for run in found)[len(found) // 2] for key in found[0]}
                scores.setdefault(path, {})[label] = median
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--execute-one", metavar="PATH", help=argparse.SUPPRESS)
    parser.add_argument("--skip-builds", action="store_true", help="only time the notebooks")
    parser.add_argument(
        "--pages-only", action="store_true", help="only measure the pages of the book already built in _build/html"
    )
    parser.add_argument("--no-lighthouse", action="store_true", help="skip the Lighthouse scores")
    parser.add_argument(
        "--explorers-only", action="store_true", help="only time the explorers of the book built in _build/html"
    )
    parser.add_argument(
        "--page-runs",
        type=int,
        default=3,
        metavar="N",
        help="run each executable page N times and keep the best (default 3)",
    )
    parser.add_argument(
        "--lighthouse-runs",
        type=int,
        default=3,
        metavar="N",
        help="score each page N times and keep the median (default 3: on a busy "
        "two-core machine one run can be 10 points off)",
    )
    args = parser.parse_args()
    if args.execute_one:
        print(json.dumps(execute_one(args.execute_one)))
        return

    results = {}
    if args.explorers_only:
        args.pages_only = True
    if not args.pages_only:
        results = {"simulator": simulator_times(), "notebooks": notebook_runs(args.page_runs)}
        if not args.skip_builds:
            results["builds"] = build_times()
    html = ROOT / "_build" / "html"
    if not html.exists():
        print("Page weights skipped: build the book first (make book)")
    elif not CHROMIUM.exists():
        print(f"Page weights skipped: no chromium at {CHROMIUM}")
    elif args.explorers_only:
        results["explorers"] = explorer_benchmarks(html)
    else:
        results["pages"] = page_weights(html)
        results["explorers"] = explorer_benchmarks(html)
        missing = "not asked for (--no-lighthouse)" if args.no_lighthouse else lighthouse_missing()
        if missing:
            print(f"Lighthouse skipped: {missing}")
        else:
            results["lighthouse"] = lighthouse_scores(html, runs=args.lighthouse_runs)

    if "builds" in results:
        print(f"\n{'Build':<28}{'seconds':>10}")
        for name, seconds in results["builds"].items():
            print(f"{name:<28}{seconds:>10.1f}")
    if "simulator" in results:
        print(f"\n{'Simulator':<40}{'seconds':>10}")
        for name, seconds in results["simulator"].items():
            print(f"{name:<40}{seconds:>10.3f}")
    if "notebooks" in results:
        # Issue 7's budget for a fresh-kernel run of each notebook (kernel start included).
        print(
            f"\n{'Executable page (best run)':<46}{'seconds':>10}{'CPU s':>8}{'peak MB':>10}  budget "
            f"{NOTEBOOK_SECONDS:g} s, {NOTEBOOK_MB:g} MB"
        )
        for name, run in results["notebooks"].items():
            within = run["seconds"] < NOTEBOOK_SECONDS and run["kernel_peak_mb"] < NOTEBOOK_MB
            print(
                f"{name:<46}{run['seconds']:>10.2f}{run['kernel_cpu_seconds']:>8.2f}"
                f"{run['kernel_peak_mb']:>10.0f}  {'ok' if within else 'OVER'}"
            )
    if "pages" in results:
        print(
            f"\n{'Page (first visit)':<34}{'requests':>9}{'kB':>7}{'x base':>8}{'1st view':>9}"
            f"{'gzip kB':>9}{'x base':>8}{'LH perf/a11y':>14}{'gzip':>9}"
        )
        for name, w in results["pages"].items():
            score = results.get("lighthouse", {}).get(name, {})
            shown = [
                f"{s['performance']}/{s['accessibility']}" if s else "-"
                for s in (score.get("plain"), score.get("gzip"))
            ]
            print(
                f"{name:<34}{w['requests']:>9}{w['kilobytes']:>7.0f}{w['vs_baseline']:>8.2f}"
                f"{w['first_view_kilobytes']:>9.0f}{w['gzip_kilobytes']:>9.0f}{w['gzip_vs_baseline']:>8.2f}"
                f"{shown[0]:>14}{shown[1]:>9}"
            )
        print(
            "kB: every response body, uncompressed, after reading to the end; 1st view: before "
            "scrolling;\ngzip: the same responses gzip-compressed; x base: against the first page "
            "(the theme's baseline);\nLH: Lighthouse desktop performance/accessibility, served "
            "plain and gzip-compressed."
        )
    if "explorers" in results:
        print(
            f"\n{'Explorer: control change to redrawn figure':<46}{'compute':>9}{'median ms':>10}"
            f"{'worst ms':>10}  aim {EXPLORER_MS:g} ms"
        )
        for name, run in results["explorers"].items():
            if "median" in run:
                print(
                    f"{name:<46}{run['compute_median']:>9.1f}{run['median']:>10.1f}{run['worst']:>10.1f}  "
                    f"{'ok' if run['worst'] < EXPLORER_MS else 'OVER'}"
                )
        print(f"\n{'Page: bytes the explorers add':<46}{'gzip kB':>10}  aim {EXPLORER_KB:g} kB")
        for name, run in results["explorers"].items():
            if "explorers_added_gzip_kilobytes" in run:
                kb = run["explorers_added_gzip_kilobytes"]
                print(f"{name:<46}{kb:>10.0f}  {'ok' if kb < EXPLORER_KB else 'OVER'}")
    out = ROOT / "benchmarks" / "results"
    out.mkdir(exist_ok=True)
    (out / "latest.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
