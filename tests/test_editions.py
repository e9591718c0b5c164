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


def _readiness_stems() -> dict[str, list[str]]:
    """Each seminar's readiness questions, as a reader sees their stems."""
    from naltrexone.question_bank import bank, plain_text

    stems: dict[str, list[str]] = {}
    for question in bank():
        if question.use == "readiness":
            stems.setdefault(question.seminar, []).append(_norm(plain_text(question.stem)))
    return stems


def test_the_readiness_tests_are_in_the_instructor_edition_only(built, student, instructor):
    """The readiness test is the unseen start of a seminar: with its key in the instructor edition's
    seminar page, and not a word of it in the default book or the student edition (pages, search
    index, any file they ship). Stems are compared as their letters (see _words), as maths renders
    differently from the bank's text."""
    _, html = built
    stems = {seminar: [_words(q) for q in questions] for seminar, questions in _readiness_stems().items()}
    assert len(stems) >= 5 and all(len(s) >= 8 for s in stems.values())
    for seminar, questions in stems.items():
        page = BeautifulSoup(
            (instructor / "book/teaching" / f"{seminar}.html").read_text(encoding="utf-8"), "html.parser"
        )
        box = page.select_one(".readiness-test")
        assert box is not None, f"{seminar}: no readiness test in the instructor edition"
        text = _words(box.get_text(" "))
        assert [q for q in questions if q not in text] == [], seminar
        assert box.get_text(" ").count("Key: (") == len(questions)
    searched = [q for questions in stems.values() for q in questions if len(q.split()) >= 6]
    for edition, folder in (("default", html), ("student", student)):
        corpus = {path: " " + _words(text) + " " for path, text in _corpus(folder).items()}
        hits = [
            f"{path.relative_to(folder)}: {q!r}" for path, text in corpus.items() for q in searched if f" {q} " in text
        ]
        assert not hits, f"readiness questions in the {edition} build:\n" + "\n".join(hits[:10])


def test_the_kit_is_linked_from_the_instructor_edition_only(built, student, instructor):
    _, html = built
    for folder, expected in ((html, 0), (student, 0), (instructor, 1)):
        for page in sorted((folder / "book/teaching").glob("seminar-*.html")):
            links = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select(".seminar-kit a")
            assert len(links) == expected * 4, page.name
            assert all(a["href"].startswith(f"../../kits/{page.stem}/") for a in links)


# --- the student PDF's LaTeX source (make pdf) -------------------------------------------------------


IMAGE_TOOLS = r"rsvg-convert not found|convert exited with error"


@pytest.fixture(scope="session")
def student_latex(built, tmp_path_factory) -> str:
    """The student edition's LaTeX (what `make pdf` typesets), built offline through the default
    build's execution cache; no TeX is needed to write it."""
    import subprocess
    import sys

    from conftest import _offline_prefix

    result, html = built
    assert result.returncode == 0, "the default build failed; see test_book"
    out = tmp_path_factory.mktemp("student-latex")
    cache = str(html.parent / ".jupyter_cache")
    cmd = [
        *_offline_prefix(),
        sys.executable,
        "-m",
        "naltrexone.sphinxext.editions",
        "student",
        str(out),
        cache,
        "--latex",
    ]
    run = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=900)
    # Without librsvg (or ImageMagick) the figures cannot be converted for LaTeX, which `make pdf`
    # reports and stops on; the text is written all the same, and the text is what is searched here.
    warnings = [w for w in re.findall(r"WARNING: (.*)", run.stderr) if not re.search(IMAGE_TOOLS, w)]
    assert run.returncode == 0 or not warnings, f"the student LaTeX did not build strictly:\n{run.stderr[-4000:]}"
    tex = sorted((out / "student" / "latex").glob("*.tex"))
    assert tex, "no .tex written"
    return "\n".join(path.read_text(encoding="utf-8") for path in tex)


def _words(text: str) -> str:
    """Letters only, in order: LaTeX commands, braces, digits and punctuation gone, so that a
    sentence from a web page can be found in LaTeX source."""
    text = re.sub(r"\\[A-Za-z]+\*?", " ", text)
    return " ".join(re.findall(r"[^\W\d_]+", text))


def test_the_student_pdf_holds_no_solution_instructor_note_or_self_check_answer(student_latex, withheld):
    pages, blocks, _ = withheld
    # The book's text without anything the printed student edition leaves out.
    rest = []
    for soup in pages.values():
        copy = BeautifulSoup(str(_body(soup) or ""), "html.parser")
        for element in copy.select(f"{WITHHELD}, .self-check-feedback"):
            element.decompose()
        rest += [_norm(copy.get_text(" ")), _norm(copy.get_text(""))]
    rest = "\n".join(rest)
    tex = " " + _words(student_latex) + " "
    # The search works: most sentences of the chapters' own text are found in the LaTeX.
    sample = [s for s in re.split(r"(?<=[.?!])\s+", rest) if len(_words(s).split()) >= 10][:400:4]
    found = sum(f" {_words(s)} " in tex for s in sample)
    assert len(sample) > 50 and found > 0.8 * len(sample), f"only {found} of {len(sample)} sentences found"
    # Solutions and instructor notes (as for the HTML edition), and on paper the self-checks' explanations.
    feedback = [e for soup in pages.values() for e in soup.select(".self-check-feedback")]
    needles = {needle for elements in blocks.values() for needle in _needles(elements, rest)} | _needles(feedback, rest)
    # As letters only, a sentence can match the book's own text (a feedback restating the chapter).
    kept = " " + _words(rest) + " "
    needles = {w for w in (_words(n) for n in needles) if len(w.split()) >= 8 and f" {w} " not in kept}
    assert len(needles) > 300
    hits = [needle for needle in needles if f" {needle} " in tex]
    assert not hits, hits[:10]
