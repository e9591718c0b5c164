"""The explorers in Chromium: set through the page's own controls, computed by the browser, compared
with the Python models; offline, keyboard-usable, accessible, and printed as their static figure."""

from __future__ import annotations

import pytest

from naltrexone import explorers
from naltrexone.pooling import pool_risk_ratios
from naltrexone.regimens import WEEKDAYS

from .test_site import browser, pytestmark, site  # noqa: F401 (fixtures and skip marks shared)

#: The page of each explorer.
PAGES = {
    "antagonism": "book/chapters/pharmacology.html",
    "regimen": "book/chapters/pharmacokinetics.html",
    "sensitivity": "book/chapters/pharmacokinetics.html",
    "nnt": "book/chapters/clinical.html",
    "evidence": "book/chapters/clinical.html",
}
#: Occupancy in percentage points; the browser and Python differ only by the specification's
#: five-figure rounding of the unit curve.
OCCUPANCY_POINTS = 0.01


@pytest.fixture(scope="module")
def opened(site, browser):  # noqa: F811
    """One open page per chapter, with its explorers drawn; the requests and errors it made."""
    _, base = site
    pages, log = {}, {}
    for path in sorted(set(PAGES.values())):
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        seen = {"external": [], "errors": []}
        page.on("request", lambda r, s=seen: s["external"].append(r.url) if not r.url.startswith(base) else None)
        page.on("console", lambda m, s=seen: s["errors"].append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e, s=seen: s["errors"].append(str(e)))
        page.goto(base + path, wait_until="networkidle")
        names = [n for n, p in PAGES.items() if p == path]
        page.wait_for_function(
            "names => names.every(n => window.naltrexoneExplorers && window.naltrexoneExplorers[n])", arg=names
        )
        pages[path], log[path] = page, seen
    yield pages, log
    for page in pages.values():
        page.close()


def _explorer(opened, name):
    pages, _ = opened
    return pages[PAGES[name]], f"#explorer-{name}"


def _set(page, box: str, control: str, value) -> None:
    """Set a control as a reader does: slide, pick or tick it on the page."""
    element = page.locator(f'{box} [name="{control}"]')
    kind = element.evaluate("e => e.type")
    if kind == "checkbox":
        element.set_checked(bool(value))
    elif kind == "select-one":
        element.select_option(str(value))
    else:
        element.fill(str(value))


def _readout(page, name: str) -> dict:
    page.wait_for_timeout(50)  # the view re-runs on the input event; let it finish
    return page.evaluate(
        f"window.naltrexoneExplorers[{name!r}].view.runAsync().then(() => "
        f"window.naltrexoneExplorers[{name!r}].readout()[0])"
    )


@pytest.mark.parametrize(
    ("week", "missed", "floor"),
    [
        ({"Mon": 100.0, "Wed": 100.0, "Fri": 150.0}, None, 90.0),
        ({day: 50.0 for day in WEEKDAYS}, 16, 80.0),
        ({"Mon": 75.0, "Tue": 25.0, "Thu": 125.0, "Sat": 50.0}, 0, 60.0),
    ],
)
def test_regimen_designer_set_through_the_page_matches_the_model(opened, week, missed, floor):
    page, box = _explorer(opened, "regimen")
    for day in WEEKDAYS:
        _set(page, box, f"dose_{day.lower()}", int(week.get(day, 0.0)))
    _set(page, box, "missed", -1 if missed is None else missed)
    _set(page, box, "floor", int(floor))
    got = _readout(page, "regimen")
    want = explorers.regimen_reference(week, missed, floor)
    assert got["min_low"] == pytest.approx(want["min_low"], abs=OCCUPANCY_POINTS)
    assert got["min_high"] == pytest.approx(want["min_high"], abs=OCCUPANCY_POINTS)
    assert got["hours_below_low"] == pytest.approx(want["hours_below_low"], abs=explorers.GRID_H)


@pytest.mark.parametrize(("ki", "access"), [(0.11, 0.0), (0.5, 0.5), (1.1, 1.0)])
def test_sensitivity_set_through_the_page_matches_the_model(opened, ki, access):
    page, box = _explorer(opened, "sensitivity")
    _set(page, box, "ki", ki)
    _set(page, box, "access", access)
    got = _readout(page, "sensitivity")
    want = explorers.sensitivity_reference(ki, access)
    assert got["trough"] == pytest.approx(want["trough"], abs=OCCUPANCY_POINTS)
    assert got["off3"] == pytest.approx(want["off3"], abs=OCCUPANCY_POINTS)


@pytest.mark.parametrize(("log_ntx", "ki", "log_agonist"), [(0.0, 0.86, 1.0), (-1.5, 0.11, 3.0), (2.0, 1.1, -1.0)])
def test_antagonism_set_through_the_page_matches_the_receptor_equations(opened, log_ntx, ki, log_agonist):
    page, box = _explorer(opened, "antagonism")
    _set(page, box, "log_ntx", log_ntx)
    _set(page, box, "ki", ki)
    _set(page, box, "log_agonist", log_agonist)
    got = _readout(page, "antagonism")
    want = explorers.antagonism_reference(10**log_agonist, 10**log_ntx, ki)
    for key, value in want.items():
        assert got[key] == pytest.approx(value, rel=1e-6), key


@pytest.mark.parametrize(
    ("baseline", "rr", "low", "high"), [(60, 0.8, 0.7, 0.92), (40, 0.9, 0.7, 1.15), (30, 1.5, 1.2, 1.9)]
)
def test_nnt_set_through_the_page_rounds_as_the_book(opened, baseline, rr, low, high):
    page, box = _explorer(opened, "nnt")
    for control, value in (("baseline", baseline), ("rr", rr), ("rr_low", low), ("rr_high", high)):
        _set(page, box, control, value)
    got = _readout(page, "nnt")
    want = explorers.nnt_reference(baseline, rr, low, high)
    assert got["nnt"] == want["nnt"]
    assert got["crosses"] == (want["nnt_range"] is None)


@pytest.mark.parametrize("chosen", [{1, 2, 3}, {0, 1, 2, 3, 4}, {2, 3, 4}])
def test_evidence_ticked_through_the_page_pools_as_the_tested_code(opened, chosen):
    page, box = _explorer(opened, "evidence")
    rows = explorers.evidence_trials()
    for k in range(len(rows)):
        _set(page, box, f"include_{k}", k in chosen)
    got = _readout(page, "evidence")
    want = pool_risk_ratios([rows["trial_object"][k] for k in sorted(chosen)])
    for key in ("estimate", "low", "high"):
        assert got[key] == pytest.approx(getattr(want, key), rel=1e-6), key


def test_explorer_pages_stay_offline_and_log_no_error(opened):
    _, log = opened
    for path, seen in log.items():
        assert not seen["external"], (path, seen["external"])
        assert not seen["errors"], (path, seen["errors"])


def test_controls_are_labelled_and_work_from_the_keyboard(opened):
    page, box = _explorer(opened, "regimen")
    _set(page, box, "dose_tue", 0)
    before = _readout(page, "regimen")
    labels = page.eval_on_selector_all(
        f"{box} .vega-bindings input, {box} .vega-bindings select",
        "els => els.map(e => (e.closest('label') || {}).textContent || '')",
    )
    assert labels and all(label.strip() for label in labels)
    tuesday = page.locator(f'{box} [name="dose_tue"]')
    tuesday.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert tuesday.input_value() == "50"  # two half-tablet steps
    after = _readout(page, "regimen")
    assert after["min_high"] >= before["min_high"] and after != before
    status = page.locator(f"{box} .explorer-status").text_content()
    assert "Week 3" in status  # read aloud to screen-reader users
    _set(page, box, "dose_tue", 0)


def test_static_figure_is_replaced_on_screen_and_printed_on_paper(opened):
    page, box = _explorer(opened, "regimen")
    static, live = page.locator(f"{box} figure img"), page.locator(f"{box} .explorer-live")
    assert not static.is_visible() and live.is_visible()
    page.emulate_media(media="print")
    try:
        assert static.is_visible() and not live.is_visible()
    finally:
        page.emulate_media(media="screen")


def test_no_serious_accessibility_violations_once_drawn(opened):
    from axe_playwright_python.sync_playwright import Axe

    pages, _ = opened
    problems = []
    for path, page in pages.items():
        result = Axe().run(page, context={"include": [[".explorer"]]}, options={"runOnly": ["wcag2a", "wcag2aa"]})
        for violation in result.response["violations"]:
            if violation["impact"] in ("serious", "critical"):
                problems.append(f"{path}: {violation['id']}: {[n['target'] for n in violation['nodes'][:3]]}")
    assert not problems, "\n".join(problems)


def test_pages_without_an_explorer_do_not_load_vega(site):  # noqa: F811
    html, _ = site
    for path in ("book/chapters/safety.html", "book/chapters/introduction.html", "index.html"):
        text = (html / path).read_text(encoding="utf-8")
        assert "vega" not in text and "explorers.js" not in text, path
    for path in set(PAGES.values()):
        text = (html / path).read_text(encoding="utf-8")
        assert "vega.min.js" in text and "explorers.js" in text, path
