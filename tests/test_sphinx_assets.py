"""What each built page loads: only the assets it uses, nothing render-blocking it can avoid."""

from __future__ import annotations

import re

import pytest

from naltrexone.sphinxext.pageweight import THEME_CSS, page_assets, size_images, strip_page, trim_icon_rules

HEAD = """<head>
  <link href="../_static/styles/theme.css?digest=abc" rel="stylesheet" />
  <!-- So that users can add custom icons -->
  <script defer src="../_static/scripts/fontawesome.js?digest=abc"></script>
  <link rel="preload" as="script" href="../_static/scripts/bootstrap.js?digest=abc" />
    <script src="../_static/searchtools.js"></script>
    <script src="../_static/language_data.js"></script>
    <script src="../searchindex.js"></script>
</head>"""


def test_the_icon_script_and_search_index_are_cut_from_pages():
    page = strip_page(HEAD, "page.html", basic_css=True)
    assert "fontawesome" not in page and "search" not in page
    assert '<link href="../_static/basic.css" rel="stylesheet" />' in page
    assert "bootstrap.js" in page


def test_the_search_page_keeps_its_search_scripts():
    page = strip_page(HEAD, "search.html", basic_css=False)
    assert page.count("<script src=") == 3 and "fontawesome" not in page
    assert "styles/theme.css" in page


class _Asset:
    """Stands in for Sphinx's _JavaScript / _CascadingStyleSheet."""

    def __init__(self, filename, priority=500, **attributes):
        self.filename, self.priority, self.attributes = filename, priority, attributes


class _App:
    class config:
        mathjax_path = "mathjax/tex-chtml.js"

    class builder:
        images: dict = {}


def _run(body, templatename="page.html"):
    scripts = [
        _Asset("_static/documentation_options.js"),
        _Asset("_static/doctools.js"),
        _Asset("_static/copybutton.js"),
        _Asset("_static/togglebutton.js"),
        _Asset("_static/design-tabs.js"),
        _Asset("", body="window.MathJax = {}"),
        _Asset("_static/mathjax/tex-chtml.js", defer="defer"),
        _Asset("", body="let x = 1;"),
    ]
    styles = [
        _Asset("_static/pygments.css"),
        _Asset("_static/sphinx-thebe.css"),
        _Asset("_static/mystnb.11b39860a7a0cbfd473a3ad8a317855267ff0bd372690045ca344a6b62be495e.css"),
        _Asset("_static/exercise.css"),
        _Asset("_static/sphinx-design.min.css"),
        _Asset("_static/book.css"),
    ]
    context = {"body": body, "script_files": scripts, "css_files": styles}
    page_assets(_App, "page", templatename, context, None)
    return context


def _names(assets):
    return [a.filename.rsplit("/", 1)[-1] or a.attributes.get("body") for a in assets]


def test_a_page_of_prose_loads_no_feature_it_does_not_have():
    context = _run("<p>Plain text.</p>")
    assert _names(context["css_files"]) == ["book.css"]
    assert _names(context["script_files"]) == ["documentation_options.js", "doctools.js", "let x = 1;"]


def test_a_page_loads_what_its_content_uses():
    body = (
        '<div class="highlight-python notranslate"><div class="highlight"><pre>x</pre></div></div>'
        '<div class="cell docutils container"></div><div class="solution dropdown admonition"></div>'
        '<span class="math notranslate nohighlight">\\(x\\)</span><div class="sd-tab-set"></div>'
    )
    context = _run(body)
    assert len(context["css_files"]) == 5 and "sphinx-thebe.css" not in _names(context["css_files"])
    assert "tex-chtml.js" in _names(context["script_files"])
    assert "window.MathJax = {}" in _names(context["script_files"])


def test_scripts_are_deferred_except_the_options_the_inline_scripts_read_and_on_the_search_page():
    deferred = {a.filename: "defer" in a.attributes for a in _run("<p/>")["script_files"] if a.filename}
    assert deferred == {"_static/documentation_options.js": False, "_static/doctools.js": True}
    assert not any("defer" in a.attributes for a in _run("<p/>", "search.html")["script_files"] if a.filename)


def test_figure_images_get_their_size_and_all_but_the_first_load_lazily():
    body = (
        '<img alt="a" src="../../_images/one.svg" />\n<img alt="b" src="../../_images/two.svg" />\n'
        '<img alt="c" src="../../_images/odd.svg" style="width: 10px" />'
    )
    sized = size_images(body, {"one.svg": (720, 460), "two.svg": (691, 326)}.get)
    first, second, third = re.findall(r"<img[^>]*>", sized)
    assert first == '<img alt="a" src="../../_images/one.svg" width="720" height="460" style="height: auto" />'
    assert 'width="691" height="326"' in second and second.endswith('loading="lazy" />')
    assert third == '<img alt="c" src="../../_images/odd.svg" style="width: 10px" loading="lazy" />'


def test_icon_rules_are_kept_for_the_icons_in_use_only():
    css = (
        '.fa-bars:before,.fa-navicon:before{content:"\\f0c9"}.fa-house:before{content:"\\f015"}'
        '.fa-0:before{content:"\\30 "}.fa-solid{font-weight:900}'
    )
    trimmed, characters = trim_icon_rules(css, {"fa-bars", "fa-0", "fa-solid"})
    assert trimmed == '.fa-bars:before{content:"\\f0c9"}.fa-0:before{content:"\\30 "}.fa-solid{font-weight:900}'
    assert characters == {"\uf0c9", "0"}


@pytest.mark.build
def test_every_icon_a_page_shows_is_in_the_icon_font_subset(built):
    from fontTools.ttLib import TTFont

    _, html = built
    css = (html / "_static" / THEME_CSS).read_text(encoding="utf-8")
    subset = re.findall(r"src:url\(\.\./(vendor/fontawesome/webfonts/fa-solid-900\.subset-[0-9a-f]+\.woff)\)", css)
    assert len(subset) == 1, subset
    glyphs = TTFont(html / "_static" / subset[0]).getBestCmap()
    shown = set()
    for page in html.rglob("*.html"):
        for classes in re.findall(
            r'<(?:i|span)\b[^>]*class="([^"]*\b(?:fa-solid|fas)\b[^"]*)"', page.read_text(encoding="utf-8")
        ):
            shown.update(c for c in classes.split() if c.startswith("fa-") and c not in ("fa-solid", "fa-lg"))
    assert {"fa-bars", "fa-magnifying-glass", "fa-sun", "fa-moon", "fa-download"} <= shown
    for name in shown:
        rule = re.search(r"\." + re.escape(name) + r':before[^{]*\{content:"\\([0-9a-f]+)"', css)
        assert rule, f"{name}: no rule in the trimmed stylesheet"
        assert int(rule.group(1), 16) in glyphs, f"{name}: not in {subset[0]}"


@pytest.mark.build
def test_built_pages_load_only_what_they_use(built):
    _, html = built
    for page in html.rglob("*.html"):
        if page.relative_to(html).parts[0] in ("_static", "_sources"):
            continue
        text = page.read_text(encoding="utf-8")
        name = page.relative_to(html).as_posix()
        assert "fontawesome.js" not in text and "sphinx-thebe.css" not in text, name
        assert ("searchindex.js" in text) == (name == "search.html"), name
        assert ("mathjax/tex-chtml.js" in text) == ('class="math' in text), name


class _LatexApp:
    class builder:
        name = "latex"

    class config:
        latex_engine = "xelatex"


def test_in_the_pdf_a_numbers_provenance_is_a_footnote_except_where_latex_cannot_hold_one():
    from docutils import nodes
    from sphinx.util import texescape

    from naltrexone.sphinxext.facts import _facts_as_footnotes

    texescape.init()  # as Sphinx's LaTeX builder does

    def fact():
        return nodes.abbreviation(
            "72–108 h", "72–108 h", explanation="Half time. Source: lee1988_x, p. 3", classes=["fact", "confidence-A"]
        )

    paragraph = nodes.paragraph("", "", nodes.Text("Blockade half-time "), fact())
    title = nodes.title("", "", fact())
    doctree = nodes.section("", title, paragraph)
    _facts_as_footnotes(_LatexApp, doctree, "index")
    assert not list(doctree.findall(nodes.abbreviation))
    footnotes = [n.astext() for n in doctree.findall(nodes.raw)]
    assert footnotes == [r"\footnote{Half time. Source: lee1988\_x, p. 3}"]
    assert title.astext() == "72–108 h" and paragraph.astext().startswith("Blockade half-time 72–108 h")


def test_latex_takes_svg_outputs_so_that_figures_reach_the_pdf():
    from naltrexone.sphinxext.latex import _svg_outputs_for_latex

    class config:
        nb_mime_priority_overrides = [("html", "text/html", 0)]

    _svg_outputs_for_latex(None, config)
    _svg_outputs_for_latex(None, config)
    assert config.nb_mime_priority_overrides == [("html", "text/html", 0), ("latex", "image/svg+xml", 15)]
