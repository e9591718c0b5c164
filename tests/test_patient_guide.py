"""The patient guide (book/back/patient-guide.md): plain, linked to the evidence, complete on safety."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT
from naltrexone.facts import quote

PAGE = ROOT / "book/back/patient-guide.md"
TEXT = PAGE.read_text(encoding="utf-8")

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
    opening = TEXT[first_use:first_use + 600].lower()
    assert "emergency medicine" in opening and "reverses an opioid overdose" in opening
    assert "different medicine from naltrexone" in opening
    assert "naloxone is not naltrexone" in TEXT.lower()


def test_safety_points_stand_in_warnings():
    warnings = _warnings()
    for point in ("tolerance", "naloxone",                                     # top warning
                  "call the emergency number", "another dose", "more than one dose", "fentanyl",
                  "recovery position", "stay with them", "wears off",         # overdose
                  "four weeks", "date of your last", "next injection",         # injection
                  "yellow", "dark urine", "upper belly", "tiredness",          # liver
                  "alcohol", "benzodiazepines", "stimulants"):                  # not protected
        assert point in warnings, f"no warning box says {point!r}"


@pytest.mark.parametrize("row, number", [("emergency-number-norway", "113"), ("emergency-number-eu", "112"),
                                         ("emergency-number-us", "911")])
def test_emergency_numbers_come_from_cited_rows(row, number):
    assert quote(row).text == number and quote(row).confidence == "A"
    assert f"{{fact}}`{row}`" in _warnings()     # shown in the overdose box, drawn from data


def test_advice_rests_on_guidelines_not_on_a_clinic_leaflet():
    assert "oad_clinic2020" not in TEXT and "{fact}`oad-" not in TEXT
    lower = " ".join(TEXT.lower().split())
    assert "no fixed length" in lower and "asam2020" in TEXT
    assert "start naltrexone without" in lower                    # counselling helps but is not a gate
    assert "methadone or buprenorphine" in lower and "santo2021" in TEXT
