"""The whole book builds strictly (-W -n): zero warnings, offline, every page present."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT


@pytest.mark.build
def test_strict_build_succeeds_with_zero_warnings(built):
    result, _ = built
    log = result.stdout + result.stderr
    # Sphinx prints "path:line: WARNING: text". Kernels log to the same stderr in another format
    # ("[IPKernelApp] WARNING | ...", "ERROR:tornado.general:..." on a shutdown race); those are
    # not build warnings, and -W already turns any real warning into a non-zero exit code.
    sphinx_warnings = [line for line in log.splitlines() if re.search(r"(^|\s)(WARNING|ERROR): ", line)]
    assert result.returncode == 0, log[-4000:]
    lines = log.splitlines()
    context = "\n".join(
        "\n".join(lines[max(0, i - 3) : i + 25]) for i, line in enumerate(lines) if line in sphinx_warnings
    )
    assert not sphinx_warnings, context
    assert "build succeeded" in log
    # Kernels run over IPC (naltrexone.sphinxext.kernels): no per-page transport warning in the log.
    assert "running over TCP without encryption" not in log


@pytest.mark.build
@pytest.mark.parametrize(
    "page",
    [
        "book/index.html",
        "book/front/notice.html",
        "book/front/evidence.html",
        "book/front/licence.html",
        "book/chapters/introduction.html",
        "book/chapters/pharmacology.html",
        "book/chapters/pharmacokinetics.html",
        "book/chapters/safety.html",
        "book/chapters/clinical.html",
        "book/back/glossary.html",
        "book/back/cite.html",
        "book/back/patient-guide.html",
        "book/chapters/practice.html",
        "book/chapters/conclusions.html",
        "notebooks/fig1-relative-affinity.html",
        "notebooks/fig2-heroin-blockade.html",
        "book/back/data.html",
        "book/back/bibliography.html",
    ],
)
def test_page_exists(built, page):
    _, html = built
    assert (html / page).is_file()


def _page(html, name: str) -> str:
    return (html / f"book/chapters/{name}.html").read_text(encoding="utf-8")


@pytest.mark.build
# The explorers' static figures count: one in pharmacology, two in the clinical chapter.
@pytest.mark.parametrize("chapter, n_figures", [("pharmacology", 3), ("safety", 2), ("clinical", 6), ("practice", 1)])
def test_chapter_figures_have_computed_alt_text(built, chapter, n_figures):
    _, html = built
    # Figures only: the launch menu adds a Binder logo, which is an SVG image too.
    figures = re.findall(r'<img alt="([^"]+)"[^>]*src="[^"]*_images/[^"]+\.svg"', _page(html, chapter))
    assert len(figures) == n_figures and all(len(alt) > 80 for alt in figures)


@pytest.mark.build
def test_pharmacology_quotes_its_numbers_and_corrects_the_review(built):
    _, html = built
    page = _page(html, "pharmacology")
    assert page.count('<abbr class="fact') > 50
    assert "Correcting the review" in page and "Since the review" in page


@pytest.mark.build
def test_unverified_values_are_marked_wherever_they_appear(built):
    _, html = built
    for page in html.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for match in re.finditer(r'<abbr class="fact confidence-C"[^>]*>[^<]*</abbr>(.{0,60})', text):
            assert "unverified" in match.group(1), f"{page.name}: C value shown without its mark"


@pytest.mark.build
def test_not_medical_advice_is_on_every_page(built):
    _, html = built
    for page in (html / "book").rglob("*.html"):
        assert "Not medical advice" in page.read_text(encoding="utf-8"), page


@pytest.mark.build
def test_safety_chapter_shows_its_tables_and_cases(built):
    _, html = built
    page = _page(html, "safety")
    assert page.count("<table") >= 2
    assert page.count('class="case admonition') >= 6


@pytest.mark.build
def test_pages_load_scripts_and_styles_only_from_the_book(built):
    # Offline readers and seminar rooms with poor Wi-Fi: nothing may come from a CDN.
    _, html = built
    external = re.compile(r'<(?:script|link)\b[^>]*(?:src|href)="(https?:)?//[^"]*"')
    for page in html.rglob("*.html"):
        found = external.findall(page.read_text(encoding="utf-8"))
        assert not found, f"{page.relative_to(html)} loads {len(found)} external script(s) or style(s)"


@pytest.mark.build
def test_mathjax_is_served_from_the_book(built):
    _, html = built
    page = (html / "book/chapters/pharmacology.html").read_text(encoding="utf-8")
    script = re.search(r'<script[^>]*src="([^"]*mathjax[^"]*)"', page)
    assert script and not script.group(1).startswith(("http", "//")), script
    bundle = (html / "book/chapters" / script.group(1)).resolve()
    assert bundle.is_file() and bundle.stat().st_size > 500_000
    assert (bundle.parent / "output/chtml/fonts/woff-v2").is_dir()


@pytest.mark.build
def test_every_page_declares_the_book_favicon(built):
    # Without one, browsers ask the server for /favicon.ico and log a failed request.
    _, html = built
    assert (html / "_static/favicon.svg").is_file()
    for page in (html / "book").rglob("*.html"):
        assert re.search(r'<link rel="icon" href="[^"]*_static/favicon\.svg"', page.read_text(encoding="utf-8")), page


@pytest.mark.build
def test_clinical_chapter_shows_the_evidence_map_in_three_parts(built):
    _, html = built
    page = _page(html, "clinical")
    for part in ("approved indications", "off-label uses", "investigational uses"):
        assert part in page


@pytest.mark.build
def test_bibliography_links_dois_and_pubmed_and_the_index_lists_drugs(built):
    _, html = built
    page = (html / "book/back/bibliography.html").read_text(encoding="utf-8")
    assert page.count("https://doi.org/") > 50 and page.count("ncbi.nlm.nih.gov/pubmed/") > 30
    index = (html / "genindex.html").read_text(encoding="utf-8")
    for term in ("heroin", "buprenorphine", "nalmefene", "COMBINE", "X:BOT"):
        assert term in index, term


@pytest.mark.build
def test_status_page_lists_every_executed_page_and_the_tools(built):
    _, html = built
    page = (html / "book/back/status.html").read_text(encoding="utf-8")
    for executed in ("book/chapters/safety", "book/chapters/clinical", "notebooks/fig1-relative-affinity"):
        assert executed in page
    assert "jupyter-book" in page and "1.0.4" in page


@pytest.mark.build
@pytest.mark.parametrize("notebook", ["fig1-relative-affinity", "fig2-heroin-blockade", "pk-regimen-explorer"])
def test_notebook_pages_offer_launch_and_download_buttons(built, notebook):
    _, html = built
    text = (html / "notebooks" / f"{notebook}.html").read_text(encoding="utf-8")
    assert "https://mybinder.org/v2/gh/" in text and f"notebooks/{notebook}.ipynb" in text
    assert "https://colab.research.google.com/github/" in text
    assert f"_sources/notebooks/{notebook}.ipynb" in text  # the download button's .ipynb


_LAUNCH_HOSTS = ("mybinder.org", "colab.research.google.com")


def _launched_path(url: str) -> str:
    """The repository path a Binder (...?urlpath=lab/tree/<path>) or Colab (.../blob/<branch>/<path>)
    link opens."""
    parts = urlsplit(url)
    if parts.netloc == "mybinder.org":
        (urlpath,) = parse_qs(parts.query)["urlpath"]
        return urlpath.split("/tree/", 1)[1]
    return parts.path.split("/blob/", 1)[1].split("/", 1)[1]


def test_launched_paths_are_read_from_both_kinds_of_link():
    binder = "https://mybinder.org/v2/gh/o/r/main?urlpath=lab/tree/notebooks/seminars/pk.ipynb"
    colab = "https://colab.research.google.com/github/o/r/blob/main/notebooks/x.ipynb"
    assert [_launched_path(binder), _launched_path(colab)] == ["notebooks/seminars/pk.ipynb", "notebooks/x.ipynb"]


def test_only_a_notebook_source_opens_a_notebook(tmp_path):
    from naltrexone.sphinxext.launch import opens_a_notebook

    (tmp_path / "paired.md").write_text("")
    (tmp_path / "paired.ipynb").write_text("{}")
    assert opens_a_notebook(tmp_path / "n.ipynb") and opens_a_notebook(tmp_path / "paired.md")
    assert not opens_a_notebook(tmp_path / "seminar.md")


@pytest.mark.build
def test_launch_buttons_open_only_notebooks_that_exist(built):
    """Colab cannot open a .md file and Binder shows it as text: every launch link on every page
    opens an .ipynb that is in the repository, and the MyST pages have none."""
    _, html = built
    launched = {}
    for page in html.rglob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for link in soup.find_all("a", href=True):
            if urlsplit(link["href"]).netloc in _LAUNCH_HOSTS:
                launched.setdefault(page.relative_to(html).as_posix(), set()).add(_launched_path(link["href"]))
    assert launched, "no page has launch buttons; the notebooks should"
    for page, paths in launched.items():
        for path in paths:
            assert path.endswith(".ipynb") and (ROOT / path).is_file(), f"{page}: a launch link opens {path}"
            assert page == path.replace(".ipynb", ".html"), f"{page}: a launch link opens another page's {path}"
    assert not [page for page in launched if page.startswith("book/")], "MyST pages should have no launch buttons"
    notebooks = {p.relative_to(ROOT).with_suffix(".html").as_posix() for p in (ROOT / "notebooks").rglob("*.ipynb")}
    in_toc = {p for p in notebooks if (html / p).is_file()}
    assert in_toc and in_toc <= set(launched), f"notebook pages without launch buttons: {in_toc - set(launched)}"


@pytest.mark.build
def test_every_page_offers_a_way_to_report_a_problem(built):
    # Readers who find an error must be able to say so from the page they are on; the link is set
    # once, in _config.yml, and points at the repository's issue tracker.
    _, html = built
    for page in (html / "book").rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert 'class="report-problem" href="https://github.com/naltrexone-textbook/naltrexone/issues/new"' in text, (
            page
        )
