"""A seminar kit's slides in Chromium: they load from disk with no error and no request to another
host, move on with the arrow keys, show the speaker notes on N, and print every slide."""

from __future__ import annotations

import pytest

from .test_editions import _serve
from .test_site import browser, pytestmark  # noqa: F401 (fixture and skip marks shared)

pytestmark = [*pytestmark, pytest.mark.build]


def test_the_slides_run_offline_and_print_every_slide(kits, browser):  # noqa: F811
    with _serve(kits) as base:
        page = browser.new_page()
        problems, requests = [], []
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.on("requestfailed", lambda r: problems.append(f"failed: {r.url}"))
        page.on("request", lambda r: requests.append(r.url))
        # Chromium asks the server for /favicon.ico by itself; a kit has none, and should not need one.
        page.route("**/favicon.ico", lambda route: route.fulfill(status=204))
        page.goto(base + "seminar-pk/slides.html", wait_until="networkidle")
        n_slides = page.locator("section.slide").count()
        assert n_slides >= 4
        assert page.locator("section.slide:visible").count() == 1
        assert (
            page.locator("section.slide.current h2").inner_text() == page.locator("section.slide h2").first.inner_text()
        )
        page.keyboard.press("ArrowRight")
        assert page.locator("section.slide.current").get_attribute("id") == "step-2"
        assert page.locator("section.slide.current aside.notes").is_hidden()
        page.keyboard.press("n")
        assert page.locator("section.slide.current aside.notes").is_visible()
        page.emulate_media(media="print")
        assert page.locator("section.slide:visible").count() == n_slides
        page.close()
    assert not problems, problems
    assert all(url.startswith(base) for url in requests), [u for u in requests if not u.startswith(base)]
