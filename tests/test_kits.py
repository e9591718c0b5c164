"""The seminars' projection-and-print kits (``naltrexone/kits.py``, ``make kits``).

The first tests need no build: how instructor notes are shared out among the slides, how a
fragment is cleaned for a standalone file, and a whole kit built from a small hand-written page.
The tests marked ``build`` make every seminar's kit from the two editions built once per session
(conftest.py) and check them: one slide per plan step, speaker notes that are the instructor notes,
no worked answer or instructor text in the worksheet and the case cards, nothing from another host.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT

from naltrexone.kits import (
    FILES,
    KitError,
    assign_notes,
    build_kit,
    clean,
    plain_maths,
    read_seminar,
    seminar_names,
)
from naltrexone.teaching import parse_plan


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# --- without a build ------------------------------------------------------------------------------


def test_notes_go_to_the_step_their_lead_in_names():
    steps = ["Opening questions", "Mini-lecture: two curves", "Activity: the weekend gap", "Report back", "Cases"]
    labels = [
        "Opening questions.",
        "Mini-lecture.",
        None,
        "Activity.",
        "After stopping.",
        "Case: a fall.",
        "Case: two.",
    ]
    assert assign_notes(steps, labels) == [0, 1, 1, 2, 2, 4, 4]
    # The part after the colon, or the start of it, names a step too.
    assert assign_notes(
        ["Opening", "Activity: the liver in proportion", "Wrap-up: the gap"], ["The liver.", "The gap."]
    ) == [1, 2]
    # Order is kept: a lead-in naming an earlier step stays where the notes are.
    assert assign_notes(["Opening", "Case", "Wrap-up"], ["Case.", "Opening."]) == [1, 1]
    with pytest.raises(ValueError, match="at least one step"):
        assign_notes([], ["x"])


@pytest.mark.parametrize("seminar", seminar_names())
def test_every_lead_in_of_the_instructor_notes_finds_its_step(seminar):
    """Checked on the sources, so a renamed plan row cannot silently move its notes to another slide."""
    text = (ROOT / "book/teaching" / f"{seminar}.md").read_text(encoding="utf-8")
    plan = re.search(r"^```\{seminar-plan\}\n(?::\w+:[^\n]*\n)*(.*?)^```", text, re.M | re.S).group(1)
    steps = [s.activity for s in parse_plan(plan.splitlines(), 90)]
    notes = re.search(r"^:::\{admonition\} Instructor notes[^\n]*\n(?::\w+:[^\n]*\n)*(.*?)^:::$", text, re.M | re.S)
    labels = re.findall(r"^\*\*([^*]+)\*\*", notes.group(1), re.M)
    where = assign_notes(steps, labels)
    # Only the closing advice on a short session, a second activity's notes and where the worked
    # notebook lives follow another step.
    general = {"if time is short", "after stopping", "worked solutions as a notebook"}
    for label, index in zip(labels, where, strict=True):
        if label.lower().rstrip(".") not in general:
            assert assign_notes(steps[index:], [label]) == [0], f"{seminar}: {label!r} matches no step"
            name = steps[index].lower()
            first = label.lower().rstrip(".:").split(":")[0].split()[0]
            assert first.rstrip("s") in name, f"{seminar}: {label!r} went to {steps[index]!r}"


def test_plain_maths():
    assert plain_maths(r"\(\frac{1}{p_{N} - p_{P}}\)") == "(1)/(pN - pP)"
    assert plain_maths(r"\(3 \times 10^{2}\,\%\)") == "3 × 10^2 %"


def test_clean_leaves_no_link_anchor_notice_or_foreign_image():
    fragment = BeautifulSoup(
        '<div><h2>T<a class="headerlink" href="#t">#</a></h2><p>See <a href="../x.html#y">the chapter</a>'
        ' and <a href="https://example.org">a site</a>.</p><div class="edition-withheld">gone</div>'
        '<img src="https://example.org/x.png"><span class="math">\\(a \\times b\\)</span></div>',
        "html.parser",
    ).div
    out = clean(fragment)
    assert "href" not in out and "gone" not in out and "<img" not in out and "#</a>" not in out
    assert "See the chapter and a site." in _norm(BeautifulSoup(out, "html.parser").get_text(""))
    assert "a × b" in out


PAGE = """<html><body><article><section id="s"><h1>Seminar: a test</h1>
<section id="learning-objectives"><h2>Learning objectives</h2><ol><li><p>explain things</p></li></ol></section>
<section id="before-the-session"><h2>Before the session</h2><ul><li><p>Read a chapter.</p></li></ul></section>
<section id="running-the-session"><h2>Running the session</h2><p><strong>Materials.</strong> Paper.</p></section>
<div class="admonition tip"><p>Pre-reading: about some minutes.</p></div>
<section id="plan"><table class="seminar-plan"><tbody>
<tr><td><p>0–30</p></td><td><p><strong>Opening questions</strong></p></td><td><p>Vote.</p></td></tr>
<tr><td><p>30–60</p></td><td><p><strong>Activity: the gap</strong></p></td>
<td><p>Work through <a href="#act-gap">the gap</a>.</p></td></tr>
<tr><td><p>60–90</p></td><td><p><strong>Case: the weekend</strong></p></td>
<td><p>Exit question on paper: “What is left out?”</p></td></tr>
</tbody></table></section>
<div class="exercise admonition" id="act-gap"><p class="admonition-title">Exercise 1 (The gap)</p>
<p>Find a regimen.</p></div>
<div class="solution admonition"><p>The answer is secret.</p></div>
<div class="case admonition"><p class="admonition-title">Case: the weekend</p><p>A man travels.</p></div>
<div class="note instructor admonition"><p class="admonition-title">Instructor notes</p>
<p><strong>Opening questions.</strong> Expect a wrong answer.</p><ul><li><p>A list the note holds.</p></li></ul>
<p><strong>Case.</strong> Good answers give a dose.</p></div>
</section></article></body></html>"""


@pytest.fixture
def tiny_build(tmp_path) -> Path:
    page = tmp_path / "html" / "book" / "teaching" / "seminar-test.html"
    page.parent.mkdir(parents=True)
    page.write_text(PAGE, encoding="utf-8")
    return tmp_path / "html"


def test_a_kit_from_a_small_page(tiny_build, tmp_path):
    files = build_kit("seminar-test", tiny_build, tiny_build, tmp_path / "kit")
    assert sorted(p.name for p in files) == sorted(FILES)
    deck = BeautifulSoup((tmp_path / "kit" / "slides.html").read_text(encoding="utf-8"), "html.parser")
    slides = deck.select("section.slide")
    assert [s.h2.get_text() for s in slides] == ["Opening questions", "Activity: the gap", "Case: the weekend"]
    assert "Find a regimen." in slides[1].get_text() and "A man travels." in slides[2].get_text()
    notes = [_norm(s.select_one("aside.notes").get_text(" ")) if s.select_one("aside.notes") else "" for s in slides]
    assert notes == [
        "Speaker notes Opening questions. Expect a wrong answer. A list the note holds.",
        "",
        "Speaker notes Case. Good answers give a dose.",
    ]
    sheet = (tmp_path / "kit" / "worksheet.html").read_text(encoding="utf-8")
    assert "Find a regimen." in sheet and "What is left out?" in sheet and "secret" not in sheet
    cards = (tmp_path / "kit" / "case-cards.html").read_text(encoding="utf-8")
    assert "A man travels." in cards and "secret" not in cards and "Expect" not in cards
    cover = (tmp_path / "kit" / "index.html").read_text(encoding="utf-8")
    assert "Materials." in cover and "Pre-reading" in cover and "Read a chapter." in cover


def test_a_page_without_a_plan_is_refused_by_name(tiny_build, tmp_path):
    page = tiny_build / "book" / "teaching" / "seminar-test.html"
    page.write_text(PAGE.replace("seminar-plan", "other"), encoding="utf-8")
    with pytest.raises(KitError, match=r"seminar-test.html: no seminar plan"):
        read_seminar(tiny_build, "seminar-test")
    with pytest.raises(KitError, match="no such page"):
        read_seminar(tiny_build, "seminar-none")


# --- every seminar's kit, from the built editions ---------------------------------------------------


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.mark.build
@pytest.mark.parametrize("seminar", seminar_names())
def test_one_slide_per_plan_step_with_the_instructor_notes_as_speaker_notes(kits, instructor, seminar):
    text = (ROOT / "book/teaching" / f"{seminar}.md").read_text(encoding="utf-8")
    plan = re.search(r"^```\{seminar-plan\}\n(?::\w+:[^\n]*\n)*(.*?)^```", text, re.M | re.S).group(1)
    steps = parse_plan(plan.splitlines(), 90)
    slides = _soup(kits / seminar / "slides.html").select("section.slide")
    assert [s.h2.get_text() for s in slides] == [step.activity for step in steps]
    spoken = " ".join(n.get_text(" ") for n in _soup(kits / seminar / "slides.html").select("aside.notes"))
    spoken = _norm(spoken.replace("Speaker notes", ""))
    page = _soup(instructor / "book/teaching" / f"{seminar}.html")
    notes = page.select_one("div.instructor")
    notes.select_one(".admonition-title").decompose()
    for link in notes.select("a.headerlink"):
        link.decompose()
    # Compared without spaces: a link turned into its text leaves no space where the page had one.
    assert re.sub(r"\s+", "", spoken) == re.sub(r"\s+", "", notes.get_text(" "))


@pytest.fixture(scope="session")
def answers(built):
    """Sentences and code lines found only in the default build's solutions and instructor notes."""
    from test_editions import WITHHELD, _body, _needles, _pages

    _, html = built
    pages = _pages(html)
    rest = []
    for soup in pages.values():
        copy = BeautifulSoup(str(_body(soup) or ""), "html.parser")
        for element in copy.select(WITHHELD):
            element.decompose()
        rest += [_norm(copy.get_text(" ")), _norm(copy.get_text(""))]
    rest = "\n".join(rest)
    return {needle for soup in pages.values() for needle in _needles(soup.select(WITHHELD), rest)}


@pytest.mark.build
@pytest.mark.parametrize("seminar", seminar_names())
@pytest.mark.parametrize("name", ["worksheet.html", "case-cards.html", "index.html"])
def test_the_printed_sheets_hold_no_answer(kits, answers, seminar, name):
    assert len(answers) > 300
    soup = _soup(kits / seminar / name)
    text = _norm(soup.get_text(" ")) + "\n" + _norm(soup.get_text(""))
    leaked = [needle for needle in answers if needle in text]
    assert not leaked, leaked[:5]
    assert not soup.select(".solution, .instructor, .readiness-test")


@pytest.mark.build
@pytest.mark.parametrize("seminar", seminar_names())
def test_the_kit_stands_alone_and_reaches_no_other_host(kits, seminar):
    folder = kits / seminar
    assert sorted(p.name for p in folder.glob("*.html")) == sorted(FILES)
    for path in folder.glob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"(?:https?:)?//[\w.-]+\.\w", re.sub(r"<!DOCTYPE[^>]*>", "", text)), path.name
        for element in _soup(path).find_all(["a", "img", "link", "script", "iframe", "source"]):
            for attribute in ("href", "src"):
                target = element.get(attribute)
                if target:
                    assert not re.match(r"^[a-z][a-z0-9+.-]*:|^//", target, re.I), f"{path.name}: {target}"
                    assert (folder / target.partition("#")[0]).is_file(), f"{path.name}: {target} is missing"


@pytest.mark.build
def test_the_pk_worksheet_prints_the_weekend_table_for_groups_without_a_laptop(kits):
    from naltrexone.pk_checks import HALF_TABLET_DOSES_MG

    grid = _soup(kits / "seminar-pk" / "worksheet.html").select_one("table.grid")
    cells = [td.get_text() for td in grid.select("td")]
    assert len(cells) == len(HALF_TABLET_DOSES_MG) ** 3
    # Ranges, never one bare number (the book's rule for model outputs).
    assert all(re.fullmatch(r"\d+\.\d–\d+\.\d%", cell) for cell in cells), cells[:3]


@pytest.mark.parametrize("seminar", seminar_names())
def test_every_seminar_has_a_version_for_groups_without_a_laptop(seminar):
    from naltrexone.kits import NO_LAPTOP

    sheet = NO_LAPTOP[seminar]()
    assert "<table" in sheet and "http" not in sheet


def test_a_data_card_names_its_table_when_it_finds_nothing():
    from naltrexone.kits import DataCard, data_card

    with pytest.raises(KitError, match=r"data/facts.csv: no row matches the data card 'Nothing'"):
        data_card(DataCard("Nothing", "facts", ("value",), lambda row: False))
    with pytest.raises(KitError, match=r"data/facts.csv: the data card 'Bad' asks for no such field \['dose'\]"):
        data_card(DataCard("Bad", "facts", ("dose",), lambda row: True))


def test_the_calculator_sheets_print_data_as_written():
    from naltrexone.data import load_raw
    from naltrexone.kits import calculator_sheet

    sheet = calculator_sheet("seminar-opioid-evidence")
    for row in load_raw("trial_outcomes"):
        if row["id"].startswith("krupitsky"):
            assert f"<td>{row['events_naltrexone']}</td><td>{row['n_naltrexone']}</td>" in sheet
