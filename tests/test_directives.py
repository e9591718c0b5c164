"""The book's roles and directives, built in a tiny Sphinx project (seconds, not the whole book).

The project loads MyST-NB and ``naltrexone.sphinxext`` exactly as ``_config.yml`` does and holds a
page that uses every custom role and directive correctly, and pages that each break one rule. A
good page must render the promised HTML; each broken one must produce an error that names the page
and says what is wrong (the whole-book build runs with -W, where any such error fails the build).
"""

from __future__ import annotations

import json
import re
import textwrap
from io import StringIO

import pytest
from bs4 import BeautifulSoup

from naltrexone.facts import quote

FACT = "lee1988-blockade-half-time"

GOOD = """\
# Good page

Blockade half-time {fact}`FACT`; the number alone: {num}`FACT`.

::::{self-check}
:answer: b

Which organ does most of naltrexone's first-pass metabolism?

- The kidney.

  It clears 6β-naltrexol, after the first pass.
- The liver.

  With the gut wall, it reduces naltrexone to 6β-naltrexol.
- The lung.

  It plays no part here.
::::

```{self-check-bank} pharmacokinetics
```

```{readiness-test} seminar-pk
```

```{seminar-kit} seminar-pk
```

Pre-reading: {reading-time}`seminar-pk`.

```{seminar-plan}
:minutes: 30

10 | Warm-up | Two *self-check* questions.
20 | Cases | In groups.
```
""".replace("FACT", FACT)

BAD = {
    "bad_fact": "# Bad fact\n\nA number {fact}`no-such-fact-anywhere`.\n",
    "bad_answer": (
        "# Bad answer\n\n::::{self-check}\n:answer: d\n\nQ?\n\n- A.\n\n  Why.\n- B.\n\n  Why.\n- C.\n\n  Why.\n::::\n"
    ),
    "no_explanation": (
        "# No explanation\n\n::::{self-check}\n:answer: a\n\nQ?\n\n- A.\n\n  Why.\n- B.\n- C.\n\n  Why.\n::::\n"
    ),
    "short_plan": "# Short plan\n\n```{seminar-plan}\n:minutes: 90\n\n10 | Warm-up | Questions.\n```\n",
    "bad_readiness": "# Bad readiness\n\n```{readiness-test} seminar-none\n```\n",
    "bad_reading": "# Bad reading\n\nAbout {reading-time}`seminar-none`.\n",
    "missing_glue": "# Missing glue\n\n```{glued-figure} no-such-key\n:alt-key: no-such-alt\n\nCaption.\n```\n",
}

EXPECTED_ERRORS = {
    "bad_fact": r"\{fact\} role: .*no-such-fact-anywhere",
    "bad_answer": r"self-check in bad_answer .*one of the option letters a, b, c; got 'd'",
    "no_explanation": r"self-check in no_explanation .*option b has no explanation",
    "short_plan": r"seminar plan in short_plan.*add up to 10 minutes, but the session lasts 90",
    "missing_glue": r"no-such-alt",
    "bad_readiness": r"readiness-test in bad_readiness: the bank holds no readiness question for 'seminar-none'",
    "bad_reading": r"\{reading-time\}`seminar-none`: .*seminar-none.md",
}


def _glue_notebook(alt: str) -> dict:
    """A notebook whose stored outputs glue a figure and its alt text (no kernel needed)."""
    png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="

    def glued(name, data):
        return {
            "output_type": "display_data",
            "data": {f"application/papermill.record/{k}": v for k, v in data.items()},
            "metadata": {"scrapbook": {"name": name, "mime_prefix": "application/papermill.record/"}},
        }

    return {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
            "language_info": {"name": "python"},
        },
        "cells": [
            {"cell_type": "markdown", "id": "a", "metadata": {}, "source": "# Glued figure"},
            {
                "cell_type": "code",
                "id": "b",
                "metadata": {},
                "execution_count": 1,
                "source": "glue(...)",
                "outputs": [
                    glued("fig-demo", {"image/png": png, "text/plain": "<Figure>"}),
                    glued("alt-demo", {"text/plain": repr(alt)}),
                ],
            },
            {
                "cell_type": "markdown",
                "id": "c",
                "metadata": {},
                "source": "```{glued-figure} fig-demo\n:alt-key: alt-demo\n:name: fig-demo\n\nA caption.\n```\n",
            },
        ],
    }


ALT = "Naltrexone binds 10-fold more tightly (from data)"


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """Build the tiny project once: (html directory, warnings text)."""
    from sphinx.application import Sphinx

    src = tmp_path_factory.mktemp("src")
    (src / "conf.py").write_text(
        textwrap.dedent("""
        extensions = ["myst_nb", "naltrexone.sphinxext"]
        nb_execution_mode = "off"
        myst_enable_extensions = ["colon_fence"]
        exclude_patterns = ["_build"]
        html_theme = "basic"
    """)
    )
    toc = "\n".join(["glued", *BAD])
    (src / "index.md").write_text(GOOD + "\n```{toctree}\n" + toc + "\n```\n", encoding="utf-8")
    for name, text in BAD.items():
        (src / f"{name}.md").write_text(text, encoding="utf-8")
    (src / "glued.ipynb").write_text(json.dumps(_glue_notebook(ALT)), encoding="utf-8")
    out = tmp_path_factory.mktemp("out")
    warnings = StringIO()
    app = Sphinx(
        str(src),
        str(src),
        str(out / "html"),
        str(out / "doctrees"),
        "html",
        status=StringIO(),
        warning=warnings,
        freshenv=True,
    )
    app.build()
    return out / "html", warnings.getvalue()


def _page(project, name):
    return BeautifulSoup((project[0] / f"{name}.html").read_text(encoding="utf-8"), "html.parser")


def test_the_good_page_builds_without_a_warning(project):
    good = [line for line in project[1].splitlines() if re.search(r"[/\\]index\.md|[/\\]glued\.ipynb", line)]
    assert not good, "\n".join(good)


def test_fact_and_num_print_the_value_with_its_provenance(project):
    found = quote(FACT)
    abbrs = [a for a in _page(project, "index").select("abbr.fact") if not a.find_parent("div", class_="self-check")]
    assert [a.get_text() for a in abbrs] == [found.text, found.number]
    for abbr in abbrs:
        assert abbr["title"] == found.explanation
        assert f"confidence-{found.confidence}" in abbr["class"]


def test_self_check_renders_details_that_open_on_each_explanation(project):
    question = _page(project, "index").select_one("div.self-check")
    assert question.select_one("p.rubric").get_text() == "Question 1"
    options = question.select("details.self-check-option")
    assert [o["class"][1] for o in options] == ["wrong", "right", "wrong"]
    assert [o.select_one("summary").get_text(strip=True) for o in options] == ["The kidney.", "The liver.", "The lung."]
    assert options[1].select_one(".self-check-feedback").get_text().strip().startswith("Right. With the gut wall")
    assert options[0].select_one(".self-check-feedback").get_text().strip().startswith("Not this one. ")


def test_self_check_bank_renders_the_chapters_questions_from_the_bank(project):
    from naltrexone.question_bank import load_bank, self_checks

    questions = _page(project, "index").select("div.self-check")
    bank = self_checks("pharmacokinetics", load_bank())
    # The page's own question comes first; the bank's follow, numbered on.
    assert len(questions) == 1 + len(bank)
    for number, (question, item) in enumerate(zip(questions[1:], bank), start=2):
        assert question.select_one("p.rubric").get_text() == f"Question {number}"
        options = question.select("details.self-check-option")
        assert len(options) == len(item.options)
        assert [o["class"][1] for o in options].index("right") == item.key_index
        for option in options:
            assert (
                option.select_one(".self-check-feedback").get_text().strip().startswith(("Right. ", "Not this one. "))
            )
    # Roles inside bank text still render: this question's stem cites a fact, with its tooltip.
    assert questions[1 + [q.id for q in bank].index("q-pharmacokinetics-3")].select("abbr.fact")


def test_readiness_test_and_kit_links_stay_out_of_the_default_book(project):
    """They render in the instructor edition only (tests/test_kits.py and test_editions.py check it
    there); the readiness questions must not reach a page a student may read."""
    from naltrexone.question_bank import load_bank, plain_text, readiness_test

    text = _page(project, "index").get_text(" ")
    assert not _page(project, "index").select(".readiness-test, .seminar-kit")
    for question in readiness_test("seminar-pk", load_bank()):
        assert plain_text(question.stem)[:40] not in text


def test_readiness_myst_holds_every_question_and_its_key():
    from naltrexone.question_bank import load_bank, readiness_test
    from naltrexone.sphinxext.teaching import readiness_myst

    questions = readiness_test("seminar-pk", load_bank())
    text = readiness_myst("seminar-pk", questions)
    for question in questions:
        assert question.stem in text and f"*Key: ({question.key}).* {question.right.feedback}" in text


def test_reading_time_prints_minutes_words_and_speed(project):
    from naltrexone.teaching import READING_WORDS_PER_MINUTE, pre_reading_words, reading_minutes

    shown = _page(project, "index").select_one("span.reading-time").get_text()
    words = pre_reading_words("seminar-pk")
    speed = READING_WORDS_PER_MINUTE
    assert shown == f"about {reading_minutes(words)} minutes ({round(words, -2):,} words at {speed} words a minute)"


def test_seminar_plan_renders_a_timetable(project):
    table = _page(project, "index").select_one("table.seminar-plan")
    assert "Minute-by-minute plan (30 minutes)" in table.select_one("caption").get_text()
    rows = [[cell.get_text(" ", strip=True) for cell in row.select("td")] for row in table.select("tbody tr")]
    assert rows == [["0–10", "Warm-up", "Two self-check questions."], ["10–30", "Cases", "In groups."]]
    assert table.select_one("tbody em").get_text() == "self-check"  # the description is parsed as MyST


def test_glued_figure_takes_its_alt_text_from_the_glued_value(project):
    image = _page(project, "glued").select_one("figure img")
    assert image["alt"] == ALT
    assert "A caption." in _page(project, "glued").select_one("figcaption").get_text()


@pytest.mark.parametrize("name", sorted(BAD))
def test_a_broken_page_is_an_error_that_names_the_page_and_the_problem(project, name):
    lines = [line for line in project[1].splitlines() if f"{name}.md" in line]
    assert lines, f"no warning for {name}.md; warnings were:\n{project[1]}"
    assert re.search(EXPECTED_ERRORS[name], "\n".join(lines)), "\n".join(lines)
