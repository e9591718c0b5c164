"""The two editions in Chromium: the instructor edition prints its notes and solutions; the
student edition's seminar and chapter pages load cleanly with their notices in place."""

from __future__ import annotations

import functools
import http.server
import threading
from contextlib import contextmanager

import pytest

from .test_site import _QuietHandler, browser, pytestmark  # noqa: F401 (fixture and skip marks shared)

pytestmark = [*pytestmark, pytest.mark.build]

PAGES = ["book/teaching/seminar-pk.html", "book/chapters/safety.html"]


@contextmanager
def _serve(html):
    handler = functools.partial(_QuietHandler, directory=str(html))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


_SHOWN = """els => els.map(e => { const r = e.getBoundingClientRect(); const s = getComputedStyle(e);
  return r.height > 0 && s.visibility === 'visible' && s.opacity !== '0'; })"""


@pytest.mark.parametrize("page_path", PAGES)
def test_the_instructor_edition_prints_notes_and_solutions(instructor, browser, page_path):  # noqa: F811
    with _serve(instructor) as base:
        page = browser.new_page()
        page.goto(base + page_path, wait_until="networkidle")
        notes = ".instructor .admonition-title ~ *"
        assert all(page.eval_on_selector_all(notes, _SHOWN)), f"{page_path}: notes closed on screen"
        selector = ".solution .admonition-title ~ *, " + notes
        page.emulate_media(media="print")
        page.wait_for_timeout(500)  # in case a transition runs (print.css turns them off)
        shown = page.eval_on_selector_all(selector, _SHOWN)
        page.close()
    assert shown and all(shown), f"{page_path}: {shown.count(False)} of {len(shown)} parts hidden in print"


def test_the_student_edition_pages_load_without_errors(student, browser):  # noqa: F811
    with _serve(student) as base:
        problems = []
        for page_path in PAGES:
            page = browser.new_page()
            errors = []
            page.on("console", lambda m, errors=errors: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
            page.on("requestfailed", lambda r, errors=errors: errors.append(r.url))
            page.goto(base + page_path, wait_until="networkidle")
            assert page.locator(".edition-withheld").count() > 0, page_path
            problems += [f"{page_path}: {e}" for e in errors]
            page.close()
    assert not problems, "\n".join(problems)
