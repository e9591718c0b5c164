"""Lighter pages still look and work the same: icons drawn from the icon-font subset, maths typeset."""

from __future__ import annotations

from .test_site import browser, pytestmark, site  # noqa: F401 (fixtures and skip marks shared)


def test_icons_render_from_the_subset_without_the_full_font_or_the_icon_script(site, browser):  # noqa: F811
    _, base = site
    page = browser.new_page()
    loaded = []
    page.on("requestfinished", lambda r: loaded.append(r.url.rsplit("/", 1)[-1].split("?")[0]))
    page.goto(base + "book/chapters/safety.html", wait_until="networkidle")
    icons = page.eval_on_selector_all(
        ".fa-solid, .fas",
        """els => els.filter(e => e.getClientRects().length).map(e => ({
            icon: [...e.classList].filter(c => c.startsWith('fa-') && c !== 'fa-solid' && c !== 'fa-lg').join(),
            glyph: getComputedStyle(e, '::before').content,
            width: e.getBoundingClientRect().width}))""",
    )
    font_loaded = page.evaluate(
        "[...document.fonts].some(f => f.family.includes('Font Awesome 6 Free') && f.status === 'loaded')"
    )
    page.close()
    assert len(icons) >= 5, icons
    for icon in icons:
        assert icon["glyph"] not in ("none", "normal", '""') and icon["width"] > 8, icon
    assert font_loaded
    assert any(name.startswith("fa-solid-900.subset-") for name in loaded), loaded
    assert not {"fa-solid-900.woff2", "fa-solid-900.ttf", "fontawesome.js", "searchindex.js"} & set(loaded), loaded


def test_maths_typesets_without_errors(site, browser):  # noqa: F811
    _, base = site
    page = browser.new_page()
    page.goto(base + "book/chapters/pharmacology.html", wait_until="networkidle")
    typeset = page.evaluate("""() => MathJax.startup.promise.then(() => ({
        maths: document.querySelectorAll('mjx-container').length,
        errors: document.querySelectorAll('mjx-merror, mjx-container [data-mjx-error]').length}))""")
    page.close()
    assert typeset["maths"] >= 20 and typeset["errors"] == 0, typeset
