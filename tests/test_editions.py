"""The student and instructor editions (``naltrexone/sphinxext/editions.py``).

The student edition is searched for every worked solution's and every instructor note's text:
its pages, any file it ships (downloads, ``searchindex.js``) and the search index's terms. What to
look for is taken from the default build (``built``), where the same blocks are on the page: each
sentence and each line of code in a solution or an instructor note that appears nowhere else in
the book. Both editions are built once per session (``student`` and ``instructor`` in
conftest.py), offline, reusing the default build's
execution cache, so they re-run no notebook.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import snowballstemmer
from bs4 import BeautifulSoup
from conftest import ROOT

pytestmark = pytest.mark.build

WITHHELD = ".solution, .instructor"


def _pages(html: Path) -> dict[str, BeautifulSoup]:
    return {
        str(p.relative_to(html)): BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser")
        for p in sorted(html.rglob("*.html"))
    }


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _body(soup: BeautifulSoup):
    return soup.find("article") or soup.body


@pytest.fixture(scope="session")
def withheld(built):
    """(pages of the default build, {page: [solution and note elements]}, the rest of its text)."""
    _, html = built
    pages = _pages(html)
    blocks = {name: soup.select(WITHHELD) for name, soup in pages.items()}
    rest = []
    for _name, soup in pages.items():
        copy = BeautifulSoup(str(_body(soup) or ""), "html.parser")
        for element in copy.select(WITHHELD):
            element.decompose()
        # Prose with " " between elements, and code as one string (see _corpus).
        rest += [_norm(copy.get_text(" ")), _norm(copy.get_text(""))]
    return pages, {k: v for k, v in blocks.items() if v}, "\n".join(rest)


def _needles(elements, rest: str) -> set[str]:
    """Sentences (30+ characters) and lines of code (20+) found only in these blocks."""
    found = set()
    for element in elements:
        for pre in element.select("pre"):
            found |= {_norm(line) for line in pre.get_text().splitlines() if len(_norm(line)) >= 20}
        title = element.select_one(".admonition-title")
        text = element.get_text(" ").replace(title.get_text(" ") if title else "", "", 1)
        found |= {s for s in re.split(r"(?<=[.?!:])\s+", _norm(text)) if len(s) >= 30}
    return {needle for needle in found if needle not in rest}


def test_the_default_build_has_solutions_and_marked_instructor_notes(withheld):
    _, blocks, _ = withheld
    notes = [e for page in blocks.values() for e in page if "instructor" in e["class"]]
    solutions = [e for page in blocks.values() for e in page if "solution" in e["class"]]
    # The pages the book is built from (not, say, book/_templates/), as listed in _toc.yml.
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    names = re.findall(r"^\s*(?:root|- file): (\S+)", toc, re.MULTILINE)
    sources = [ROOT / f"{name}.md" for name in names if (ROOT / f"{name}.md").exists()]
    n_notes = sum(len(re.findall(r"\{admonition\} Instructor notes", p.read_text())) for p in sources)
    n_solutions = sum(len(re.findall(r"\{solution(?:-start)?\}", p.read_text())) for p in sources)
    assert len(notes) == n_notes >= 5
    assert len(solutions) == n_solutions >= 21


def test_the_student_edition_ships_no_page_sources(student):
    leaked = [
        str(p.relative_to(student))
        for p in student.rglob("*")
        if p.suffix in {".ipynb", ".md"} or "_sources" in p.parts
    ]
    assert not leaked


def _corpus(html: Path) -> dict[Path, str]:
    """Every text file of a built edition, pages as their text."""
    corpus = {}
    for path in html.rglob("*"):
        if path.suffix == ".html":
            soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
            # Prose as the needles were taken (" " between elements); code as one string, since
            # highlighting splits each line into many elements.
            corpus[path] = _norm(soup.get_text(" ")) + "\n" + _norm(soup.get_text(""))
        elif path.suffix in {".js", ".json", ".txt", ".ipynb", ".md", ".css", ".svg"}:
            corpus[path] = _norm(path.read_text(encoding="utf-8", errors="replace"))
    return corpus


def test_no_solution_or_instructor_note_text_in_the_student_edition(student, instructor, withheld):
    _, blocks, rest = withheld
    needles = {needle: page for page, elements in blocks.items() for needle in _needles(elements, rest)}
    assert len(needles) > 300, "too few sentences to search for: the extraction is broken"
    # The search finds them all where they are meant to be ...
    everything = "\n".join(_corpus(instructor).values())
    assert [needle for needle in needles if needle not in everything] == []
    # ... and none where they are not.
    corpus = _corpus(student)
    hits = [
        f"{path.relative_to(student)}: {needle!r} (from {page})"
        for needle, page in needles.items()
        for path, text in corpus.items()
        if needle in text
    ]
    assert not hits, "\n".join(hits[:20])


def _index_terms(html: Path) -> set[str]:
    text = (html / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    return set(index["terms"]) | set(index["titleterms"])


def test_the_student_search_index_has_no_word_found_only_in_answers(student, withheld, built):
    _, blocks, rest = withheld
    stem = snowballstemmer.stemmer("porter").stemWord

    def words(text):
        return {stem(w.lower()) for w in re.findall(r"\w+", text) if not w.isdigit()}

    only_in_answers = set().union(*(words(e.get_text(" ")) for page in blocks.values() for e in page))
    only_in_answers -= words(rest)
    _, html = built
    assert only_in_answers & _index_terms(html), "the default build should index these words"
    assert not only_in_answers & _index_terms(student)


def test_the_student_edition_says_where_each_withheld_part_is(student, withheld):
    _, blocks, _ = withheld
    from naltrexone.sphinxext.editions import NOTES_NOTICE, SOLUTION_NOTICE

    for page, elements in blocks.items():
        soup = BeautifulSoup((student / page).read_text(encoding="utf-8"), "html.parser")
        notices = [_norm(n.get_text(" ")) for n in soup.select(".edition-withheld")]
        assert not soup.select(WITHHELD), page
        expected = sorted(" ".join(NOTES_NOTICE if "instructor" in e["class"] else SOLUTION_NOTICE) for e in elements)
        assert sorted(notices) == expected, page


def test_the_student_edition_keeps_the_self_check_explanations(student, withheld):
    pages, _, _ = withheld
    for page, soup in pages.items():
        checks = soup.select(".self-check details")
        if checks:
            ours = BeautifulSoup((student / page).read_text(encoding="utf-8"), "html.parser")
            assert len(ours.select(".self-check details")) == len(checks), page


def test_the_instructor_edition_opens_the_notes_and_prints_them(instructor, withheld):
    _, blocks, _ = withheld
    for page, elements in blocks.items():
        soup = BeautifulSoup((instructor / page).read_text(encoding="utf-8"), "html.parser")
        notes = soup.select(".instructor")
        assert len(notes) == sum("instructor" in e["class"] for e in elements), page
        assert not [n for n in notes if "dropdown" in n["class"]], f"{page}: a note is closed"
        assert len(soup.select(".solution")) == sum("solution" in e["class"] for e in elements), page
        sheets = [link for link in soup.select("link[rel=stylesheet]") if "print.css" in link["href"]]
        assert sheets and sheets[0].get("media") == "print", page
    css = (instructor / "_static" / "print.css").read_text(encoding="utf-8")
    assert "@media print" in css and ".toggle-hidden" in css and "visibility: visible" in css


def test_the_default_build_does_not_load_the_print_stylesheet(built):
    _, html = built
    assert "print.css" not in (html / "book" / "teaching" / "seminar-pk.html").read_text(encoding="utf-8")


def test_the_student_edition_has_the_seminar_notebooks_but_none_of_their_solutions(student):
    """notebooks/solutions/ is outside the toc; check that no line of a worked answer (a cell tagged
    solution, 20+ characters, not also in the student notebook) reaches any file of the edition."""
    assert sorted(p.name for p in (student / "notebooks" / "seminars").glob("*.html"))
    assert not (student / "notebooks" / "solutions").exists()
    needles = set()
    for worked in sorted((ROOT / "notebooks" / "solutions").glob("*.ipynb")):
        student_cells = json.loads((ROOT / "notebooks" / "seminars" / worked.name).read_text(encoding="utf-8"))["cells"]
        given = "\n".join("".join(cell["source"]) for cell in student_cells)
        for cell in json.loads(worked.read_text(encoding="utf-8"))["cells"]:
            if "solution" in cell.get("metadata", {}).get("tags", []):
                lines = "".join(cell["source"]).splitlines()
                needles |= {_norm(line) for line in lines if len(_norm(line)) >= 20 and line not in given}
    assert len(needles) >= 10, "too few answer lines to search for: the extraction is broken"
    hits = [
        f"{path.relative_to(student)}: {n!r}" for path, text in _corpus(student).items() for n in needles if n in text
    ]
    assert not hits, "\n".join(hits[:20])
