"""The built book in a real browser (Debian's Chromium through Playwright), served from 127.0.0.1.

Every page is visited: it must load without console errors or failed requests, and without a
single request to any host but the local server, so the book reads offline. Images need alt text,
figures captions; internal links must resolve; search must work; figures must stay readable in dark
mode; a phone-width screen must not scroll sideways; and axe-core must find no serious or critical
WCAG 2.1 A/AA violation.
"""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import threading
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed"),
]


@pytest.fixture(scope="module")
def site(built):
    result, html = built
    assert result.returncode == 0, "the book did not build"
    handler = functools.partial(_QuietHandler, directory=str(html))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield html, f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep the test output readable
        pass


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield instance
        instance.close()


def _pages(html: Path) -> list[str]:
    return sorted(
        p.relative_to(html).as_posix()
        for p in html.rglob("*.html")
        if not p.relative_to(html).as_posix().startswith(("_static", "_sources"))
    )


def test_every_page_loads_offline_without_errors(site, browser):
    html, base = site
    problems = []
    for page_path in _pages(html):
        page = browser.new_page()
        external, failed, errors = [], [], []
        # The callbacks run while this iteration's page is open: the late binding B023 warns of is meant.
        page.on("request", lambda r: external.append(r.url) if not r.url.startswith((base, "data:", "blob:")) else None)  # noqa: B023
        page.on("requestfailed", lambda r: failed.append(r.url))  # noqa: B023
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)  # noqa: B023
        page.on("pageerror", lambda e: errors.append(str(e)))  # noqa: B023
        page.goto(base + page_path, wait_until="networkidle")
        for kind, items in (("external request", external), ("failed request", failed), ("console error", errors)):
            problems += [f"{page_path}: {kind}: {item}" for item in items]
        page.close()
    assert not problems, "\n".join(problems[:20])


def test_images_have_alt_text_and_figures_have_captions(site, browser):
    html, _base = site
    problems = []
    for page_path in _pages(html):
        text = (html / page_path).read_text(encoding="utf-8")
        for img in re.findall(r"<img\b[^>]*>", text):
            alt = re.search(r'alt="([^"]*)"', img)
            if "logo" in img or "favicon" in img:
                continue
            if not alt or len(alt.group(1).strip()) < 20:
                problems.append(f"{page_path}: image without meaningful alt text: {img[:120]}")
        for figure in re.findall(r"<figure\b.*?</figure>", text, flags=re.S):
            if "<figcaption" not in figure:
                problems.append(f"{page_path}: figure without a caption")
    assert not problems, "\n".join(problems[:20])


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])


def test_internal_links_and_anchors_resolve(site):
    html, _ = site
    parsed: dict[Path, _Links] = {}

    def parse(path: Path) -> _Links:
        if path not in parsed:
            parser = _Links()
            parser.feed(path.read_text(encoding="utf-8"))
            parsed[path] = parser
        return parsed[path]

    broken = []
    for page_path in _pages(html):
        page = html / page_path
        for href in parse(page).links:
            url = urlparse(href)
            if url.scheme or href.startswith(("mailto:", "javascript:")):
                continue
            target = page if not url.path else Path(unquote(urljoin(page.as_posix(), url.path)))
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{page_path}: {href} (no file)")
            elif url.fragment and target.suffix == ".html" and url.fragment not in parse(target).ids:
                broken.append(f"{page_path}: {href} (no anchor)")
    assert not broken, "\n".join(broken[:20])


def test_search_finds_a_chapter_by_a_word_from_its_text(site, browser):
    _, base = site
    page = browser.new_page()
    page.goto(base + "search.html?q=transaminases", wait_until="networkidle")
    page.wait_for_selector("ul.search li", timeout=15000)
    results = page.inner_text("ul.search")
    page.close()
    assert "Toxicity, adverse effects" in results


def test_figures_stay_on_white_in_dark_mode(site, browser):
    _, base = site
    page = browser.new_page(color_scheme="dark")
    page.goto(base + "book/chapters/safety.html", wait_until="networkidle")
    page.evaluate("document.documentElement.dataset.theme = 'dark'")
    backgrounds = page.eval_on_selector_all("figure img", "els => els.map(e => getComputedStyle(e).backgroundColor)")
    page.close()
    assert backgrounds and all(b in ("rgb(255, 255, 255)", "rgba(255, 255, 255, 1)") for b in backgrounds)


@pytest.mark.parametrize("chapter", ["pharmacology", "safety", "clinical"])
def test_phone_width_does_not_scroll_sideways(site, browser, chapter):
    _, base = site
    page = browser.new_page(viewport={"width": 375, "height": 800}, device_scale_factor=2)
    page.goto(base + f"book/chapters/{chapter}.html", wait_until="networkidle")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    page.close()
    assert overflow <= 1, f"{chapter}: {overflow} px of horizontal scrolling on a phone"


def test_no_serious_accessibility_violations(site, browser):
    from axe_playwright_python.sync_playwright import Axe

    html, base = site
    axe, problems = Axe(), []
    for page_path in _pages(html):
        page = browser.new_page()
        page.goto(base + page_path, wait_until="networkidle")
        result = axe.run(
            page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
        )
        for violation in result.response["violations"]:
            if violation["impact"] in ("serious", "critical"):
                targets = [n["target"] for n in violation["nodes"][:3]]
                problems.append(f"{page_path}: {violation['id']} ({violation['impact']}): {targets}")
        page.close()
    assert not problems, "\n".join(problems[:20])
