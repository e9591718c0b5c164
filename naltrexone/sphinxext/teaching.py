"""Sphinx directives for the teaching apparatus: ``seminar-plan`` and ``self-check``.

``seminar-plan`` renders a timetable from ``minutes | activity | what happens`` lines and fails
the build if the steps do not fill the session::

    ```{seminar-plan}
    :minutes: 90

    10 | Warm-up | Two self-check questions, answered on paper.
    ...
    ```

``self-check`` renders a multiple-choice question that works without a kernel or JavaScript:
each option is a ``<details>`` element that opens on its own explanation::

    ::::{self-check}
    :answer: b

    Question text.

    - First option.

      Why it is wrong.
    - Second option.

      Why it is right.
    ::::

Options are the items of the last bullet list; each item's first paragraph is the option and
the rest is its explanation. Rules (three or more options, one answer, an explanation for every
option) are in :mod:`naltrexone.teaching`; breaking them is a build error.

``self-check-bank`` renders a chapter's self-check questions from the question bank
(``data/question_bank.yaml``, read by :mod:`naltrexone.question_bank`), in bank order, exactly as
if each were written out as a ``self-check`` block on the page::

    ```{self-check-bank} pharmacokinetics
    ```

Readiness-test questions (``use: readiness``) are never rendered by it.

``readiness-test`` renders a seminar's readiness test from the bank, with its key and the
feedback on the right option, in the instructor edition only (``book_edition = "instructor"``,
see :mod:`naltrexone.sphinxext.editions`); in the default book and the student edition it renders
nothing, so the questions stay unseen until the session::

    ```{readiness-test} seminar-pk
    ```

The role ``{reading-time}`seminar-pk``` prints how long the seminar's pre-reading takes
("about 35 minutes (5,200 words at 150 words a minute)"), counted by
:func:`naltrexone.teaching.pre_reading_words` from the pages its "Before the session" section links
to; the page is re-rendered when one of those pages changes (no code runs, so nothing re-executes).

``seminar-kit`` links, in the instructor edition only, to the seminar's projection-and-print kit
(``make kits``, :mod:`naltrexone.kits`), which is copied into the instructor site under ``kits/``.
"""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective

from ..question_bank import BANK, Question, load_bank, readiness_test, self_checks
from ..teaching import READING_WORDS_PER_MINUTE, answer_index, count_words, parse_plan, pre_reading, reading_minutes


class SeminarPlan(SphinxDirective):
    has_content = True
    option_spec = {"minutes": directives.positive_int}

    def run(self):
        where = f"seminar plan in {self.env.docname}"
        try:
            steps = parse_plan(list(self.content), self.options.get("minutes", 90), where=where)
        except ValueError as err:
            raise self.error(str(err)) from None
        # "colwidths-given" makes the LaTeX (PDF) writer honour the column widths below too.
        table = nodes.table(classes=["seminar-plan", "colwidths-given"])
        table += nodes.title("", f"Minute-by-minute plan ({steps[-1].end} minutes)")
        group = nodes.tgroup(cols=3)
        table += group
        for width in (13, 22, 65):
            group += nodes.colspec(colwidth=width)
        head = nodes.thead()
        head += _row([nodes.paragraph("", text) for text in ("Minutes", "Activity", "What happens")])
        group += head
        body = nodes.tbody()
        for offset, step in enumerate(steps):
            description = nodes.container()
            self.state.nested_parse(StringList([step.description]), self.content_offset + offset, description)
            activity = nodes.paragraph()
            activity += nodes.strong("", step.activity)
            # One paragraph goes in as it is; anything longer keeps its container.
            what = description.children[0] if len(description.children) == 1 else description
            body += _row([nodes.paragraph("", step.clock), activity, what])
        group += body
        return [table]


def _row(cells):
    row = nodes.row()
    for cell in cells:
        entry = nodes.entry()
        entry += cell
        row += entry
    return row


class self_check(nodes.General, nodes.Element):
    """A multiple-choice question (a ``<div class="self-check">``)."""


class check_option(nodes.General, nodes.Element):
    """One option: ``<details>`` that opens on the option's explanation."""


class check_summary(nodes.TextElement):
    """The option's text: the ``<summary>`` a reader clicks."""


class SelfCheck(SphinxDirective):
    has_content = True
    option_spec = {"answer": directives.unchanged_required, "class": directives.class_option}

    def run(self):
        where = f"self-check in {self.env.docname} (line {self.lineno})"
        parsed = nodes.container()
        self.state.nested_parse(self.content, self.content_offset, parsed)
        lists = [i for i, child in enumerate(parsed.children) if isinstance(child, nodes.bullet_list)]
        if not lists:
            raise self.error(f"{where}: the options must be a bullet list after the question")
        stem, items = parsed.children[: lists[-1]], list(parsed.children[lists[-1]].children)
        if not stem:
            raise self.error(f"{where}: the question text is missing before the options")
        try:
            right = answer_index(self.options.get("answer", ""), len(items), where=where)
        except ValueError as err:
            raise self.error(str(err)) from None

        question = self_check(classes=["self-check", *self.options.get("class", [])])
        self.set_source_info(question)
        # Number the questions on each page, so a seminar can say "question 2 of the chapter".
        count = self.env.temp_data["self_check_count"] = self.env.temp_data.get("self_check_count", 0) + 1
        question += nodes.rubric("", f"Question {count}")
        question.extend(node.deepcopy() for node in stem)
        options = nodes.enumerated_list(enumtype="loweralpha", prefix="", suffix=".", classes=["self-check-options"])
        for index, item in enumerate(items):
            letter = chr(ord("a") + index)
            if not item.children or not isinstance(item.children[0], nodes.paragraph):
                raise self.error(f"{where}: option {letter} must start with a line of text")
            explanation = item.children[1:]
            if not explanation:
                raise self.error(
                    f"{where}: option {letter} has no explanation (add an indented "
                    "paragraph under it saying why it is right or wrong)"
                )
            is_right = index == right
            option = check_option(classes=["self-check-option", "right" if is_right else "wrong"])
            summary = check_summary()
            summary.extend(child.deepcopy() for child in item.children[0].children)
            option += summary
            feedback = nodes.container(classes=["self-check-feedback"])
            feedback.extend(node.deepcopy() for node in explanation)
            verdict = nodes.strong("", "Right. " if is_right else "Not this one. ")
            if isinstance(feedback.children[0], nodes.paragraph):
                feedback.children[0].insert(0, verdict)
            else:
                feedback.insert(0, nodes.paragraph("", "", verdict))
            option += feedback
            entry = nodes.list_item()
            entry += option
            options += entry
        question += options
        return [question]


def self_check_myst(question: Question) -> str:
    """The ``self-check`` block a bank question stands for, as MyST."""
    lines = ["::::{self-check}", f":answer: {question.key}", "", question.stem, ""]
    for option in question.options:
        lines += [f"- {option.text}", "", f"  {option.feedback}"]
    return "\n".join([*lines, "::::", ""])


class SelfCheckBank(SphinxDirective):
    """All self-check questions of one chapter, from the bank."""

    required_arguments = 1

    def run(self):
        chapter = self.arguments[0]
        questions = _bank_questions(self, self_checks, chapter, f"self-check question for chapter {chapter!r}")
        return _parsed(self, "\n".join(self_check_myst(question) for question in questions))


def _bank_questions(directive: SphinxDirective, select, name: str, what: str) -> list[Question]:
    """The bank's questions that ``select`` picks for ``name``; the page is rebuilt when the bank
    changes, and an empty or broken selection fails the build, naming the page."""
    directive.env.note_dependency(str(BANK))
    try:
        questions = select(name, load_bank())
    except ValueError as err:
        raise directive.error(str(err)) from None
    if not questions:
        raise directive.error(f"{directive.name} in {directive.env.docname}: the bank holds no {what}")
    return questions


def _parsed(directive: SphinxDirective, myst: str) -> list[nodes.Node]:
    """``myst`` parsed as if it stood in the page at the directive's place."""
    parsed = nodes.container()
    directive.state.nested_parse(StringList(myst.splitlines()), directive.content_offset, parsed)
    return parsed.children


def _instructor_edition(directive: SphinxDirective) -> bool:
    return getattr(directive.config, "book_edition", "") == "instructor"


def readiness_myst(seminar: str, questions: list[Question]) -> str:
    """The instructor's copy of a readiness test, as MyST: each question, its options, its key."""
    lines = [
        ":::{admonition} Readiness test (instructor edition only)",
        ":class: readiness-test note",
        "",
        "Give it closed book at the start of the session, alone and then in groups. The questions are"
        " not on any student page; they are also exported for a learning platform by `make quiz`.",
        "",
    ]
    for number, question in enumerate(questions, start=1):
        lines += [f"**Question {number}** ({question.id}). {question.stem}", ""]
        lines += [f"- ({chr(ord('a') + i)}) {option.text}" for i, option in enumerate(question.options)]
        lines += ["", f"*Key: ({question.key}).* {question.right.feedback}", ""]
    return "\n".join([*lines, ":::", ""])


class ReadinessTest(SphinxDirective):
    """A seminar's readiness test with its key, in the instructor edition only."""

    required_arguments = 1

    def run(self):
        seminar = self.arguments[0]
        questions = _bank_questions(self, readiness_test, seminar, f"readiness question for {seminar!r}")
        if not _instructor_edition(self):
            return []
        return _parsed(self, readiness_myst(seminar, questions))


KIT_FILES = (
    ("slides.html", "slides for projection, one per step of the plan, with the instructor notes as speaker notes"),
    ("worksheet.html", "the student worksheet, without answers, with a version for groups without a laptop"),
    ("case-cards.html", "the case cards, one case a page, without answers"),
    ("index.html", "the kit's cover: materials, class size, pre-reading time, and what to do without Wi-Fi"),
)


class SeminarKit(SphinxDirective):
    """Links to the seminar's kit (built by ``make kits`` into the instructor site's ``kits/``)."""

    required_arguments = 1

    def run(self):
        if not _instructor_edition(self):
            return []
        seminar = self.arguments[0]
        depth = self.env.docname.count("/")
        base = "../" * depth + f"kits/{seminar}/"
        box = nodes.admonition(classes=["seminar-kit", "note"])
        box += nodes.title(text="The kit for this seminar (instructor edition only)")
        box += nodes.paragraph(text="Built by make kits; print or project these files:")
        items = nodes.bullet_list()
        for name, what in KIT_FILES:
            para = nodes.paragraph()
            para += nodes.reference("", name, refuri=base + name, internal=False)
            para += nodes.Text(f": {what}.")
            item = nodes.list_item()
            item += para
            items += item
        box += items
        return [box]


def reading_time_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    env = inliner.document.settings.env
    try:
        parts = pre_reading(text.strip())
    except (ValueError, OSError) as err:
        message = inliner.reporter.error(f"{{reading-time}}`{text}`: {err}", line=lineno)
        return [inliner.problematic(rawtext, rawtext, message)], [message]
    for part in parts:
        env.note_dependency(str(part.page))
    words = sum(count_words(part.text()) for part in parts)
    # Words to the hundred: the count is an estimate, and a reader should not take it for more.
    minutes, hundreds = reading_minutes(words), round(words, -2)
    shown = f"about {minutes} minutes ({hundreds:,} words at {READING_WORDS_PER_MINUTE} words a minute)"
    return [nodes.inline(rawtext, shown, classes=["reading-time"])], []


def _visit_self_check(self, node):
    self.body.append(self.starttag(node, "div"))


def _depart_div(self, node):
    self.body.append("</div>\n")


def _visit_option(self, node):
    self.body.append(self.starttag(node, "details"))


def _depart_option(self, node):
    self.body.append("</details>\n")


def _visit_summary(self, node):
    self.body.append(self.starttag(node, "summary", suffix=""))


def _depart_summary(self, node):
    self.body.append("</summary>\n")


def _pass(self, node):
    """Other writers (LaTeX for the PDF, text) print the question, options and explanations in
    order, so the printed book keeps every explanation."""


def setup(app):
    app.add_directive("seminar-plan", SeminarPlan)
    app.add_directive("self-check", SelfCheck)
    app.add_directive("self-check-bank", SelfCheckBank)
    app.add_directive("readiness-test", ReadinessTest)
    app.add_directive("seminar-kit", SeminarKit)
    app.add_role("reading-time", reading_time_role)
    others = {fmt: (_pass, _pass) for fmt in ("latex", "text", "man", "texinfo")}
    app.add_node(self_check, html=(_visit_self_check, _depart_div), **others)
    app.add_node(check_option, html=(_visit_option, _depart_option), **others)
    app.add_node(check_summary, html=(_visit_summary, _depart_summary), **others)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
