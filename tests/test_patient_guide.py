"""The patient guide (book/back/patient-guide.md): plain, linked to the evidence, complete on safety.

The reading grade is measured on what a reader sees: the text of the built page, with citations,
headings and list items as they are displayed, and none of the MyST markup. The other checks read
the source, so they run without a build.
"""

from __future__ import annotations

import re

import pytest
import textstat
from bs4 import BeautifulSoup
from conftest import ROOT

from naltrexone.facts import quote

PAGE = ROOT / "book/back/patient-guide.md"
TEXT = PAGE.read_text(encoding="utf-8")

# The ceiling for the Flesch-Kincaid grade of the page. The guide is for patients and families,
# among them readers with little schooling or reading in a second language, so the editors set it
# at US school grade 8, the level usually asked of patient leaflets. The clinical reviewer measured
# the earlier version at about grade 6; the margin is there for new safety text, not for drift.
MAX_GRADE = 8

# Elements that hold a run of text a reader takes in as a unit.
BLOCKS = ["p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "th", "td", "caption", "figcaption"]


def visible_prose(html: str) -> str:
    """The text of the page's article as a reader sees it, one block of text per line.

    A heading or a list item is a unit of its own: without a full stop it would run into the next
    sentence and inflate the grade, so each block that does not end in punctuation gets one.
    """
    article = BeautifulSoup(html, "html.parser").select_one("article.bd-article")
    assert article is not None, "no article element: has the theme changed?"
    for hidden in article.select("script, style, .headerlink"):
        hidden.decompose()
    blocks = []
    for element in article.find_all(BLOCKS):
        if element.find(BLOCKS):  # a list item wrapping paragraphs: read the paragraphs
            continue
        text = " ".join(element.get_text(" ", strip=True).split())
        if text:
            blocks.append(text if re.search(r"[.!?:;]$", text) else text + ".")
    return "\n".join(blocks)


def test_visible_prose_reads_blocks_once_and_skips_what_is_not_shown():
    html = """<html><body><nav>Menu</nav><article class="bd-article">
      <h2>Taking it<a class="headerlink" href="#t">#</a></h2>
      <p>One tablet a day (<a href="#c">Author, 2020</a>).</p>
      <ul><li><p>A card in your wallet</p></li><li>Naloxone at home</li></ul>
      <script>var x = 1;</script></article></body></html>"""
    assert visible_prose(html).splitlines() == [
        "Taking it.",
        "One tablet a day ( Author, 2020 ).",
        "A card in your wallet.",
        "Naloxone at home.",
    ]


@pytest.mark.build
def test_the_built_page_reads_at_grade_eight_or_below(built):
    _, html = built
    prose = visible_prose((html / "book/back/patient-guide.html").read_text(encoding="utf-8"))
    grade = textstat.flesch_kincaid_grade(prose)
    summary = (
        f"Flesch-Kincaid grade {grade:.1f} (ceiling {MAX_GRADE}); reading ease "
        f"{textstat.flesch_reading_ease(prose):.0f}; {textstat.lexicon_count(prose)} words in "
        f"{textstat.sentence_count(prose)} sentences"
    )
    print(summary)
    assert textstat.lexicon_count(prose) > 1000, "the page's text was not found: " + summary
    assert grade <= MAX_GRADE, summary + ": shorten sentences and prefer short words"


# --- the source ----------------------------------------------------------------------------------


def _sections(level: str) -> list[str]:
    return re.split(rf"^{level} ", TEXT, flags=re.M)[1:]


def _warnings() -> str:
    found = re.findall(r":::\{admonition\}([^\n]*)\n:class: warning\n(.*?)\n:::", TEXT, flags=re.S)
    return " ".join(" ".join(" ".join(w) for w in found).split()).lower()


def test_the_guide_follows_the_path_of_treatment():
    stages = [s.splitlines()[0].lower() for s in _sections("##")]
    order = ["choosing", "getting ready", "taking", "staying safe", "naloxone", "stopping"]
    positions = [next(i for i, stage in enumerate(stages) if word in stage) for word in order]
    assert positions == sorted(positions), f"stages out of order: {stages}"
    assert len(_sections("###")) >= 15


def test_every_question_points_to_the_evidence():
    unlinked = [q.splitlines()[0] for q in _sections("###") if "{ref}`" not in q]
    assert not unlinked, f"questions without a link to a chapter: {unlinked}"
    for target in ("chap-safety", "chap-pharmacology", "chap-clinical", "chap-practice", "sec-label-warnings"):
        assert f"<{target}>`" in TEXT or f"{{ref}}`{target}`" in TEXT, f"no link to {target}"


def test_sentences_stay_short():
    plain = re.sub(r"\{[\w:]+\}`[^`]*`|\(|\)|\*", " ", TEXT)
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", plain) if len(s.split()) > 2]
    words = sum(len(s.split()) for s in sentences)
    assert words / len(sentences) < 15, "sentences too long for a patient guide"


def test_naloxone_is_explained_and_told_apart_from_naltrexone():
    first_use = TEXT.lower().index("naloxone")
    opening = TEXT[first_use : first_use + 600].lower()
    assert "emergency medicine" in opening and "reverses an opioid overdose" in opening
    assert "different medicine from naltrexone" in opening
    assert "naloxone is not naltrexone" in TEXT.lower()


def test_safety_points_stand_in_warnings():
    warnings = _warnings()
    for point in (
        "tolerance",
        "naloxone",  # top warning
        "call the emergency number",
        "another dose",
        "more than one dose",
        "fentanyl",
        "recovery position",
        "stay with them",
        "wears off",  # overdose
        "four weeks",
        "date of your last",
        "next injection",  # injection
        "yellow",
        "dark urine",
        "upper belly",
        "tiredness",  # liver
        "alcohol",
        "benzodiazepines",
        "stimulants",
    ):  # not protected
        assert point in warnings, f"no warning box says {point!r}"


@pytest.mark.parametrize(
    "row, number", [("emergency-number-norway", "113"), ("emergency-number-eu", "112"), ("emergency-number-us", "911")]
)
def test_emergency_numbers_come_from_cited_rows(row, number):
    assert quote(row).text == number and quote(row).confidence == "A"
    assert f"{{fact}}`{row}`" in _warnings()  # shown in the overdose box, drawn from data


def test_advice_rests_on_guidelines_not_on_a_clinic_leaflet():
    assert "oad_clinic2020" not in TEXT and "{fact}`oad-" not in TEXT
    lower = " ".join(TEXT.lower().split())
    assert "no fixed length" in lower and "asam2020" in TEXT
    assert "start naltrexone without" in lower  # counselling helps but is not a gate
    assert "methadone or buprenorphine" in lower and "santo2021" in TEXT
