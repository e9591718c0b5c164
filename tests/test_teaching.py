"""Seminar timetables and self-check questions: the rules behind the teaching directives."""

from __future__ import annotations

import pytest

from naltrexone.teaching import answer_index, parse_plan


def test_plan_steps_run_back_to_back():
    steps = parse_plan(["10 | Warm-up | Questions.", "", "50 | Cases | In groups.", "30 | Wrap-up | Summary."], 90)
    assert [(s.start, s.end) for s in steps] == [(0, 10), (10, 60), (60, 90)]
    assert steps[1].clock == "10–60" and steps[1].activity == "Cases"


@pytest.mark.parametrize(
    "lines, total, message",
    [
        (["10 | Warm-up | Questions."], 90, "add up to 10 minutes, but the session lasts 90"),
        (["10 | Warm-up"], 10, "line 1: expected 'minutes | activity | what happens'"),
        (["ten | Warm-up | Questions."], 10, "whole number of minutes above zero, got 'ten'"),
        (["0 | Warm-up | Questions."], 0, "session length must be positive"),
        ([""], 90, "the plan has no steps"),
    ],
)
def test_bad_plans_are_refused_with_the_line_named(lines, total, message):
    with pytest.raises(ValueError, match=message.replace("|", r"\|")):
        parse_plan(lines, total, where="plan")


def test_answer_letters():
    assert answer_index("a", 3) == 0
    assert answer_index(" C ", 4) == 2


@pytest.mark.parametrize(
    "answer, n, message",
    [
        ("d", 3, "one of the option letters a, b, c; got 'd'"),
        ("", 3, "got ''"),
        ("ab", 4, "got 'ab'"),
        ("a", 2, "at least 3 options, got 2"),
    ],
)
def test_bad_answers_are_refused(answer, n, message):
    with pytest.raises(ValueError, match=message):
        answer_index(answer, n)


# --- Exercises and self-checks on the pages -------------------------------------------------

import re  # noqa: E402

from bs4 import BeautifulSoup  # noqa: E402
from conftest import ROOT  # noqa: E402

CHAPTERS = sorted((ROOT / "book/chapters").glob("*.md"))
TEACHING = sorted((ROOT / "book/teaching").glob("*.md"))
# The chapter template (not built; see CONTRIBUTING.md) must pass the chapters' checks of its source.
TEMPLATE = ROOT / "book/_templates/chapter.md"
EXERCISE = re.compile(r"^:{3,}\{exercise\}[^\n]*\n:label: ([\w-]+)", re.M)
SOLUTION = re.compile(r"^(?::{3,}\{solution\}|```\{solution-start\}) ([\w-]+)", re.M)
# A computational solution holds code cells, so it is written as solution-start ... solution-end.
COMPUTED = re.compile(r"^```\{solution-start\} ([\w-]+)\n(.*?)^```\{solution-end\}", re.M | re.S)


def _name(path):
    return path.relative_to(ROOT).as_posix()


@pytest.mark.parametrize("page", [*CHAPTERS, *TEACHING, TEMPLATE], ids=_name)
def test_every_exercise_has_a_hidden_solution(page):
    text = page.read_text(encoding="utf-8")
    exercises, solutions = EXERCISE.findall(text), SOLUTION.findall(text)
    assert not set(exercises) - set(solutions), f"{_name(page)}: exercises without a solution"
    assert not set(solutions) - set(exercises), f"{_name(page)}: solutions to no exercise on the page"
    # Hidden until opened: every solution is a dropdown.
    blocks = re.findall(r"^(?::{3,}\{solution\}|```\{solution-start\}) [\w-]+\n((?::\w+:.*\n)*)", text, re.M)
    assert all(":class: dropdown" in options for options in blocks), f"{_name(page)}: a solution is not hidden"


@pytest.mark.parametrize("page", [*CHAPTERS, TEMPLATE], ids=_name)
def test_each_chapter_ends_with_three_exercises_one_computational(page):
    text = page.read_text(encoding="utf-8")
    assert len(EXERCISE.findall(text)) >= 3
    computed = [label for label, body in COMPUTED.findall(text) if "```{code-cell}" in body]
    assert computed, f"{_name(page)}: no exercise whose solution runs code"


@pytest.mark.parametrize("page", [*CHAPTERS, TEMPLATE], ids=_name)
def test_each_chapter_has_self_checks(page):
    """Self-checks come from the question bank (tests/test_question_bank.py checks how many)."""
    text = page.read_text(encoding="utf-8")
    if page == TEMPLATE:
        assert re.search(r"^```\{self-check-bank\} <[^>\n]+>\n```$", text, re.M)
    else:
        assert f"```{{self-check-bank}} {page.stem}\n" in text


def _soup(html_dir, page):
    path = html_dir / page.relative_to(ROOT).with_suffix(".html")
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.mark.build
@pytest.mark.parametrize("page", CHAPTERS + TEACHING, ids=_name)
def test_computational_solutions_ran_and_printed_their_answer(built, page):
    """The build executes the code; here we check each solution's code left an answer and no error."""
    _, html = built
    expected = sum("```{code-cell}" in body for _, body in COMPUTED.findall(page.read_text(encoding="utf-8")))
    solutions = [s for s in _soup(html, page).select("div.solution") if s.select("div.cell")]
    assert len(solutions) == expected
    for solution in solutions:
        title = solution.select_one(".admonition-title").get_text(" ", strip=True)
        for cell in solution.select("div.cell"):
            assert cell.select("div.cell_output"), f"{title}: a code cell printed nothing"
            assert not cell.select(".traceback, .stderr, .error"), f"{title}: a code cell failed"


@pytest.mark.build
@pytest.mark.parametrize("page", CHAPTERS + TEACHING, ids=_name)
def test_self_checks_render_without_a_kernel(built, page):
    """Each question is plain HTML: options as <details>, exactly one right, each explained."""
    _, html = built
    for question in _soup(html, page).select("div.self-check"):
        options = question.select("details.self-check-option")
        assert len(options) >= 3
        assert len(question.select("details.right")) == 1
        for option in options:
            assert option.summary and option.summary.get_text(strip=True)
            feedback = option.select_one(".self-check-feedback").get_text(" ", strip=True)
            assert feedback.startswith(("Right.", "Not this one.")) and len(feedback) > 30


# --- Seminar plans ------------------------------------------------------------------------------

SEMINARS = [p for p in TEACHING if p.name.startswith("seminar-")]
SEMINAR_SECTIONS = [
    "## Learning objectives",
    "## Before the session",
    "## Plan",
    "## Activities",
    "## Clinical case",
    "## Instructor notes",
]


def test_there_are_at_least_five_seminars_and_the_teaching_page_lists_them():
    assert len(SEMINARS) >= 5
    index = (ROOT / "book/teaching/index.md").read_text(encoding="utf-8")
    for page in SEMINARS:
        assert f"{{ref}}`{page.stem}`" in index, f"book/teaching/index.md does not list {page.name}"


@pytest.mark.parametrize("page", SEMINARS, ids=_name)
def test_each_seminar_has_the_parts_an_instructor_expects(page):
    text = page.read_text(encoding="utf-8")
    assert text.startswith("---\nfile_format: mystnb") and f"({page.stem})=" in text
    positions = [text.find(section) for section in SEMINAR_SECTIONS]
    assert -1 not in positions, f"{_name(page)}: missing {SEMINAR_SECTIONS[positions.index(-1)]}"
    assert positions == sorted(positions), f"{_name(page)}: sections out of the house order"
    assert re.search(r"^```\{seminar-plan\}\n:minutes: 90\n", text, re.M), "no ninety-minute plan"
    assert len(EXERCISE.findall(text)) >= 2, "fewer than two activities"
    assert any("```{code-cell}" in body for _, body in COMPUTED.findall(text)), "no computational activity"
    assert re.search(r":::\{admonition\} Case: [^\n]+\n:class: case", text), "no clinical case"
    # Model answers stay closed until the instructor opens them.
    assert re.search(r":::\{admonition\} Instructor notes[^\n]*\n:class: dropdown", text)


def _plan_lines(text):
    body = re.search(r"^```\{seminar-plan\}\n(?::\w+:[^\n]*\n)*(.*?)^```", text, re.M | re.S).group(1)
    return body.splitlines()


@pytest.mark.parametrize("page", SEMINARS, ids=_name)
def test_each_plan_fills_ninety_minutes(page):
    steps = parse_plan(_plan_lines(page.read_text(encoding="utf-8")), 90, where=_name(page))
    assert len(steps) >= 4


@pytest.mark.build
@pytest.mark.parametrize("page", SEMINARS, ids=_name)
def test_instructor_notes_are_closed_when_the_page_opens(built, page):
    _, html = built
    notes = [
        d
        for d in _soup(html, page).select("div.admonition.dropdown")
        if "Instructor notes" in d.select_one(".admonition-title").get_text()
    ]
    assert len(notes) == 1
    table = _soup(html, page).select_one("table.seminar-plan")
    assert table is not None and "90 minutes" in table.caption.get_text()


# A student who pastes a worked answer into Binder, Colab or a fresh notebook must be able to run it:
# every name its code uses is imported or defined in the answer itself, not in a hidden cell above.
_SOLUTION = re.compile(r"```\{solution-start\}.*?```\{solution-end\}", re.S)
_CODE_CELL = re.compile(r"^```\{code-cell\}[^\n]*\n(.*?)^```\s*$", re.S | re.M)


def _names_used_but_not_defined(source: str, known: set[str]) -> tuple[list[str], set[str]]:
    import ast
    import builtins

    tree = ast.parse(source)
    defined = set(dir(builtins)) | known
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            defined |= {(alias.asname or alias.name).split(".")[0] for alias in node.names}
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            defined.add(node.name)
        elif isinstance(node, ast.arg):
            defined.add(node.arg)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            defined.add(node.id)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            defined.add(node.name)
    missing = sorted(
        {
            n.id
            for n in ast.walk(tree)
            if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load) and n.id not in defined
        }
    )
    return missing, defined


@pytest.mark.parametrize(
    "page",
    sorted(
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "book").rglob("*.md")
        if "{solution-start}" in p.read_text(encoding="utf-8")
    ),
)
def test_worked_answers_run_on_their_own(page):
    text = (ROOT / page).read_text(encoding="utf-8")
    problems = []
    for block in _SOLUTION.findall(text):
        known: set[str] = set()
        for source in _CODE_CELL.findall(block):
            source = "\n".join(line for line in source.splitlines() if not line.startswith(":"))
            missing, known = _names_used_but_not_defined(source, known)
            if missing:
                problems.append(f"{source.splitlines()[0][:60]!r} uses {missing}")
    assert not problems, f"{page}: worked answers depend on hidden cells:\n" + "\n".join(problems)


# --- Reading time of the pre-reading ------------------------------------------------------------

from naltrexone.teaching import (  # noqa: E402
    READING_WORDS_PER_MINUTE,
    count_words,
    pre_reading,
    pre_reading_words,
    reading_minutes,
)


def test_count_words_reads_prose_only():
    page = (
        "---\nfile_format: mystnb\n---\n\n(chap-x)=\n# A title\n\n```{code-cell} ipython3\n"
        "import numpy as np  # not read\n```\n\n:::{admonition} Two words\n:class: tip\n"
        "Three more {fact}`row-id` and {ref}`shown text <label>`.\n:::\n<!-- a comment -->\n"
    )
    # "A title", then "Three more row-id and shown text": the admonition's title is on its fence line.
    assert count_words(page) == 8


@pytest.mark.parametrize(
    "words, speed, minutes", [(0, 150, 0), (1, 150, 1), (150, 150, 1), (151, 150, 2), (4500, 150, 30)]
)
def test_reading_minutes_round_up(words, speed, minutes):
    assert reading_minutes(words, speed) == minutes


def test_reading_minutes_refuse_nonsense():
    with pytest.raises(ValueError, match="words: expected a count of zero or more"):
        reading_minutes(-1)
    with pytest.raises(ValueError, match="words_per_minute: expected a positive speed"):
        reading_minutes(10, 0)
    assert READING_WORDS_PER_MINUTE > 0


def test_pre_reading_follows_the_links_of_before_the_session():
    pk = pre_reading("seminar-pk")
    assert [(p.page.name, p.title) for p in pk] == [
        ("pharmacokinetics.md", "Pharmacokinetics"),
        ("pharmacology.md", "Receptor occupancy and how long the blockade lasts"),
    ]
    # The receptors seminar reads the whole pharmacology chapter: its occupancy section is not counted twice.
    assert [p.title for p in pre_reading("seminar-receptors")] == ["Pharmacology and neurobiology"]
    # Sections named in italics, when the chapter has them, instead of the whole chapter.
    alcohol = [p.title for p in pre_reading("seminar-alcohol") if p.page.name == "clinical.md"]
    assert alcohol == ["Reading the numbers", "Alcohol"]
    whole = count_words((ROOT / "book/chapters/clinical.md").read_text(encoding="utf-8"))
    assert (
        0 < sum(count_words(p.text()) for p in pre_reading("seminar-alcohol") if p.page.name == "clinical.md") < whole
    )


def test_pre_reading_refuses_a_link_to_no_chapter(tmp_path):
    book = tmp_path / "book"
    (book / "teaching").mkdir(parents=True)
    (book / "chapters").mkdir()
    (book / "chapters" / "one.md").write_text("(chap-one)=\n# One\n\nSome words here.\n", encoding="utf-8")
    page = book / "teaching" / "seminar-x.md"
    page.write_text("# X\n\n## Before the session\n\n- Read {ref}`chap-one`.\n\n## Plan\n", encoding="utf-8")
    assert pre_reading_words("seminar-x", book) == 4
    page.write_text("# X\n\n## Before the session\n\n- Read {ref}`chap-two`.\n\n## Plan\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"seminar-x.md: \{ref\}`chap-two` is no chapter"):
        pre_reading("seminar-x", book)
    page.write_text("# X\n\n## Plan\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no '## Before the session' section"):
        pre_reading("seminar-x", book)


@pytest.mark.parametrize("page", SEMINARS, ids=_name)
def test_each_seminar_says_how_long_its_pre_reading_takes_and_how_to_run_it(page):
    text = page.read_text(encoding="utf-8")
    assert f"**Pre-reading:** {{reading-time}}`{page.stem}`" in text
    running = re.search(r"^## Running the session\n(.*?)^## ", text, re.M | re.S)
    assert running, f"{_name(page)}: no '## Running the session' section"
    for part in ("**Class size.**", "**Materials.**", "**Without Wi-Fi.**", "**Without laptops.**", "**The kit.**"):
        assert part in running.group(1), f"{_name(page)}: 'Running the session' lacks {part}"
    # The readiness test and the kit's links, both for the instructor edition only.
    assert f"```{{readiness-test}} {page.stem}\n```" in text
    assert f"```{{seminar-kit}} {page.stem}\n```" in text
