"""Projection-and-print kits for the seminars (``make kits``).

For each seminar page (``book/teaching/seminar-*.md``) the kit is a folder of self-contained HTML
files that open from a USB stick with no network, print from any browser, and hold nothing from
another host:

``slides.html``
    One slide per step of the seminar's plan (the ``{seminar-plan}`` table), each with what the
    step's row says, the figures and activity it names, and the seminar's case on the case step;
    the speaker notes are the instructor notes, each paragraph on the slide of the step it is
    about (:func:`assign_notes`). Taken from the instructor edition.
``worksheet.html``
    The activities' tasks and the exit question, taken from the student edition (which holds no
    worked solution and no instructor note), and a version for groups without a laptop
    (:data:`NO_LAPTOP`): for the pharmacokinetics seminar the model's results, printed as ranges;
    for the others the rows of ``data/`` their computations start from, with the arithmetic, for a
    calculator (:data:`CALCULATOR`).
``case-cards.html``
    Each clinical case on its own page, from the student edition.
``index.html``
    The cover: what to print and what to project, the class size and materials, the pre-reading
    and its reading time, and what to do without Wi-Fi or laptops (the page's "Running the
    session" section).

Why our own HTML rather than reveal.js through sphinx-revealjs: its wheel (3.2.1) does ship
reveal.js, so it would work offline, but it builds slides from a Sphinx source whose sections are
the slides. Ours are a re-arrangement of a built page: its plan's rows, the figures (on other pages)
and the activities those rows point to, the case, and the instructor notes shared out by step, with
the numbers the executed page computed (glue, ``{fact}``). With sphinx-revealjs each seminar would
need a second, generated source and a second Sphinx build with the book's whole extension and its
execution cache, plus a new pinned dependency, for a deck whose needs (one slide at a time, speaker
notes, one slide a printed page) fit in a page of CSS and a few lines of script. Everything is read
from the built editions with Beautiful Soup, already the theme's dependency, so the kit shows exactly
the numbers the book shows.

``python -m naltrexone.kits [BUILD_DIR]`` reads ``BUILD_DIR/instructor/html`` and
``BUILD_DIR/student/html`` (``make instructor``, ``make student``), writes ``BUILD_DIR/kits`` and
copies it into the instructor edition as ``kits/``, where its seminar pages link to it.
"""

from __future__ import annotations

import html
import re
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from bs4 import BeautifulSoup, Tag

from .data import load_raw
from .pk_calibration import calibrated_parameters
from .pk_checks import HALF_TABLET_DOSES_MG, mon_wed_fri_lowest

ROOT = Path(__file__).resolve().parent.parent
TEACHING = "book/teaching"
FILES = ("index.html", "slides.html", "worksheet.html", "case-cards.html")


def seminar_names(root: Path = ROOT) -> list[str]:
    return sorted(p.stem for p in (root / TEACHING).glob("seminar-*.md"))


# --- reading a built seminar page -------------------------------------------------------------------


@dataclass
class Step:
    clock: str
    activity: str
    description: Tag


@dataclass
class Seminar:
    name: str
    page: Path
    soup: BeautifulSoup
    title: str
    steps: list[Step]
    exercises: dict[str, Tag]
    cases: list[Tag]
    notes: list[Tag] = field(default_factory=list)  # the instructor notes' blocks, title left out

    def section(self, section_id: str) -> Tag | None:
        return self.soup.find("section", id=section_id)


class KitError(ValueError):
    pass


def read_seminar(html_dir: Path, name: str) -> Seminar:
    """The parts of a built seminar page the kit needs; a missing part names the page and part."""
    page = Path(html_dir) / TEACHING / f"{name}.html"
    if not page.exists():
        raise KitError(f"{page}: no such page (build the edition first: make instructor / make student)")
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    article = soup.find("article") or soup.body

    def need(found, what):
        if not found:
            raise KitError(f"{page}: no {what}")
        return found

    heading = need(article.find("h1"), "title (h1)")
    title = _text(heading)
    table = need(article.select_one("table.seminar-plan"), "seminar plan (table.seminar-plan)")
    steps = []
    for number, row in enumerate(table.select("tbody > tr"), start=1):
        cells = row.find_all("td", recursive=False)
        if len(cells) != 3:
            raise KitError(f"{page}: plan row {number} has {len(cells)} cells, expected 3")
        steps.append(Step(_text(cells[0]), _text(cells[1]), cells[2]))
    exercises = {div["id"]: div for div in article.select("div.exercise[id]")}
    cases = need(article.select("div.admonition.case"), "clinical case (admonition with class case)")
    notes_box = article.select_one("div.instructor")
    notes = []
    if notes_box is not None:
        notes = [
            child
            for child in notes_box.find_all(recursive=False)
            if "admonition-title" not in (child.get("class") or [])
        ]
    return Seminar(name, page, soup, title, steps, exercises, cases, notes)


def _text(tag: Tag) -> str:
    return re.sub(r"\s+", " ", tag.get_text(" ")).replace(" .", ".").replace(" ,", ",").strip().rstrip("#").strip()


# --- speaker notes ------------------------------------------------------------------------------------


def _norm(label: str) -> str:
    return re.sub(r"[\s.:?!]+$", "", label.strip().lower())


def note_label(block: Tag) -> str | None:
    """The bold lead-in of an instructor-notes paragraph (``**Case.**`` -> ``Case``), if any."""
    if block.name != "p":
        return None
    first = next((c for c in block.children if not (isinstance(c, str) and not c.strip())), None)
    if isinstance(first, Tag) and first.name == "strong":
        return first.get_text(" ").strip()
    return None


def assign_notes(activities: list[str], labels: list[str | None]) -> list[int]:
    """For each block of the instructor notes, the plan step (index) whose slide carries it.

    A block with a lead-in goes to the first step, from the current one on, that the lead-in
    names: the whole activity ("Opening questions"), its part before the colon ("Case" for "Case:
    the long weekend"), its part after it ("The first dose" for "Activity: the first dose"), or
    the start of one of these ("The liver" for "the liver in proportion", "Case" for "Cases").
    Any other block stays with the step before it. The notes therefore keep their order, and read
    one after another across the slides they are the notes' whole text.
    """
    if not activities:
        raise ValueError("activities: a plan has at least one step")
    names = []
    for activity in activities:
        head, _, tail = activity.partition(":")
        names.append({n for n in (_norm(activity), _norm(head), _norm(tail)) if n})
    current, out = 0, []
    for label in labels:
        if label:
            wanted = {_norm(label), _norm(label.partition(":")[0])} - {""}
            for index in range(current, len(activities)):
                if any(n == w or n.startswith(w) or w.startswith(n) for n in names[index] for w in wanted):
                    current = index
                    break
        out.append(current)
    return out


# --- cleaning a fragment for a standalone file --------------------------------------------------------

_TEX = [
    (r"\\times", "×"),
    (r"\\cdot", "·"),
    (r"\\approx", "≈"),
    (r"\\le(?:q)?(?![a-z])", "≤"),
    (r"\\ge(?:q)?(?![a-z])", "≥"),
    (r"\\,", " "),
    (r"\\%", "%"),
    (r"\\mu", "µ"),
    (r"\\beta", "β"),
    (r"\\text\{([^{}]*)\}", r"\1"),
    (r"\\mathrm\{([^{}]*)\}", r"\1"),
    (r"\\left|\\right", ""),
    (r"_\{([^{}]*)\}", r"\1"),
    (r"\^\{([^{}]*)\}", r"^\1"),
    (r"\\frac\{([^{}]*)\}\{([^{}]*)\}", r"(\1)/(\2)"),
    (r"[{}]", ""),
]


def plain_maths(tex: str) -> str:
    """Inline TeX as plain text, for pages without MathJax: ``\\frac{1}{p_N - p_P}`` -> ``(1)/(pN - pP)``."""
    text = tex.strip()
    text = re.sub(r"^\\\(|\\\)$|^\\\[|\\\]$|^\$+|\$+$", "", text).strip()
    for pattern, replacement in _TEX:
        text = re.sub(pattern, replacement, text)
    return re.sub(r"\s+", " ", text).strip()


def clean(fragment: Tag, images: Callable[[Tag], None] | None = None) -> str:
    """The fragment as HTML for a kit file: links become their text (the kit stands alone), header
    anchors, buttons and withheld-part notices go, maths becomes text, images are handed to
    ``images`` (which copies them and rewrites their source) or dropped."""
    copy = BeautifulSoup(str(fragment), "html.parser")
    for element in copy.select("a.headerlink, button, .edition-withheld, script, .toggle-details"):
        element.decompose()
    for element in copy.select("span.math, div.math"):
        element.replace_with(plain_maths(element.get_text()))
    for link in copy.find_all("a"):
        link.unwrap()
    for img in copy.find_all("img"):
        if images is None:
            img.decompose()
        else:
            images(img)
    for element in copy.find_all(True):
        for attribute in ("onclick", "data-toggle", "data-bs-toggle"):
            element.attrs.pop(attribute, None)
    return str(copy)


# --- the files ---------------------------------------------------------------------------------------

CSS = """
:root { color-scheme: light; }
body { font: 17px/1.45 "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: #111; background: #fff;
       max-width: 52rem; margin: 1.5rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.3rem; } h3 { font-size: 1.1rem; }
table { border-collapse: collapse; margin: 0.6rem 0; }
th, td { border: 1px solid #888; padding: 0.2rem 0.45rem; vertical-align: top; text-align: left; }
.admonition { border: 1px solid #888; border-left: 6px solid #555; padding: 0.3rem 0.9rem; margin: 0.8rem 0; }
.admonition-title { font-weight: bold; margin: 0.4rem 0; }
.warning { border-left-color: #b3261e; }
img { max-width: 100%; height: auto; }
figcaption { font-size: 0.9rem; }
.lines { border-bottom: 1px solid #999; height: 2.2rem; }
.meta { color: #444; font-size: 0.9rem; }
.grid td, .grid th { text-align: center; font-variant-numeric: tabular-nums; }
@page { size: A4; margin: 15mm; }
@media print { body { margin: 0; max-width: none; font-size: 11.5pt; } .page { break-after: page; }
               .no-print { display: none; } }
"""

SLIDE_CSS = """
:root { color-scheme: light; }
body { margin: 0; font: 26px/1.4 "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: #111; background: #fff; }
.slide { box-sizing: border-box; min-height: 100vh; padding: 3vh 5vw; border-bottom: 2px solid #ccc; }
.slide header { display: flex; gap: 1.5rem; align-items: baseline; }
.slide .clock { color: #555; font-size: 0.8em; white-space: nowrap; }
.slide h1 { font-size: 1.3em; margin: 0 0 0.4em; } .slide h2 { font-size: 1.4em; margin: 0.2em 0 0.5em; }
.slide img { max-height: 62vh; max-width: 100%; height: auto; display: block; margin: 0.4em auto; }
figure { margin: 0.4em 0; flex: 1 1 0; min-width: 0; } figcaption { font-size: 0.6em; }
.figures { display: flex; gap: 2vw; align-items: flex-start; }
.admonition { border-left: 6px solid #555; padding: 0.1em 0.8em; margin: 0.5em 0; background: #f6f6f6; }
.admonition-title { font-weight: bold; }
.notes { display: none; font-size: 0.65em; border-top: 3px dashed #777; margin-top: 1em; padding-top: 0.4em;
         background: #fffbe6; }
body.show-notes .notes { display: block; }
.help { position: fixed; right: 1em; bottom: 0.5em; font-size: 0.5em; color: #666; background: #fff; }
body.deck .slide { display: none; border: 0; } body.deck .slide.current { display: block; }
@page { size: A4 landscape; margin: 10mm; }
@media print { body { font-size: 15pt; } body.deck .slide, .slide { display: block; min-height: 0;
               break-after: page; border: 0; } .help { display: none; } .slide img { max-height: 120mm; } }
"""

# Arrow keys, space and Page Up/Down move between slides, N shows the speaker notes, Home and End
# jump; the slide's number is kept in the address so a reload stays put. Without script every
# slide shows, one under another, which still projects and prints.
SLIDE_JS = """
(function () {
  var slides = Array.prototype.slice.call(document.querySelectorAll('.slide'));
  var at = Math.max(0, Math.min(slides.length - 1, (parseInt(location.hash.slice(1), 10) || 1) - 1));
  document.body.classList.add('deck');
  function show(i) { at = Math.max(0, Math.min(slides.length - 1, i));
    slides.forEach(function (s, k) { s.classList.toggle('current', k === at); });
    history.replaceState(null, '', '#' + (at + 1)); }
  document.addEventListener('keydown', function (e) {
    if (['ArrowRight', 'ArrowDown', 'PageDown', ' '].indexOf(e.key) >= 0) { show(at + 1); e.preventDefault(); }
    else if (['ArrowLeft', 'ArrowUp', 'PageUp'].indexOf(e.key) >= 0) { show(at - 1); e.preventDefault(); }
    else if (e.key === 'Home') { show(0); } else if (e.key === 'End') { show(slides.length - 1); }
    else if (e.key === 'n' || e.key === 'N') { document.body.classList.toggle('show-notes'); }
  });
  show(at);
})();
"""


def _document(title: str, body: str, css: str = CSS, script: str = "") -> str:
    tail = f"<script>{script}</script>\n" if script else ""
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n<style>{css}</style>\n</head>\n<body>\n{body}\n{tail}</body>\n</html>\n"
    )


class _Images:
    """Copies the images a kit file shows into the kit's ``figures/`` and points to the copy."""

    def __init__(self, html_dir: Path, page: Path, out: Path):
        self.html_dir, self.page, self.out = html_dir, page, out

    def __call__(self, img: Tag) -> None:
        src = img.get("src", "")
        if re.match(r"^[a-z][a-z0-9+.-]*:", src, re.I) or src.startswith("//"):
            img.decompose()  # a data: URI or another host: nothing of either belongs in a kit
            return
        source = (self.page.parent / src).resolve()
        if not source.is_file():
            raise KitError(f"{self.page}: image {src} not found in the build")
        (self.out / "figures").mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, self.out / "figures" / source.name)
        img["src"] = f"figures/{source.name}"
        img.attrs.pop("srcset", None)


@cache
def _page_soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _linked_figures(seminar: Seminar, step: Step) -> list[tuple[Path, Tag]]:
    """The figures a plan row points to (``{numref}`fig-...```), found in the pages that hold them."""
    found = []
    for link in step.description.find_all("a", href=True):
        target, _, anchor = link["href"].partition("#")
        if not anchor.startswith("fig-"):
            continue
        page = (seminar.page.parent / target).resolve() if target else seminar.page
        figure = _page_soup(page).find(id=anchor)
        if figure is None:
            raise KitError(f"{seminar.page}: the plan points to {link['href']}, which the build does not hold")
        found.append((page, figure))
    return found


def _linked_exercises(seminar: Seminar, step: Step) -> list[Tag]:
    ids = [a["href"].partition("#")[2] for a in step.description.find_all("a", href=True)]
    return [seminar.exercises[i] for i in ids if i in seminar.exercises]


def _cases_for(seminar: Seminar, step: Step) -> list[Tag]:
    if not _norm(step.activity).startswith("case"):
        return []
    _, _, named = step.activity.partition(":")
    matching = [c for c in seminar.cases if named.strip() and _norm(named) in _norm(_text(c))]
    return matching or seminar.cases


def slides(seminar: Seminar, html_dir: Path, out: Path) -> str:
    """The deck: one ``section.slide`` per plan step, speaker notes in ``aside.notes``."""
    labels = [note_label(block) for block in seminar.notes]
    where = assign_notes([s.activity for s in seminar.steps], labels)
    sections = []
    for index, step in enumerate(seminar.steps):
        parts = []
        if index == 0:
            objectives = seminar.section("learning-objectives")
            parts.append(f"<h1>{html.escape(seminar.title)}</h1>")
            if objectives is not None:
                parts.append(clean(objectives.find(["ol", "ul"]) or objectives))
        parts.append(f'<header><h2>{html.escape(step.activity)}</h2><p class="clock">{step.clock} min</p></header>')
        parts.append(clean(step.description))
        figures = [clean(figure, _Images(html_dir, page, out)) for page, figure in _linked_figures(seminar, step)]
        if figures:  # side by side: a plan row names figures to compare ("put Fig 3.1 beside Fig 3.3")
            parts.append('<div class="figures">' + "".join(figures) + "</div>")
        parts += [clean(exercise) for exercise in _linked_exercises(seminar, step)]
        parts += [clean(case) for case in _cases_for(seminar, step)]
        notes = [clean(block) for block, at in zip(seminar.notes, where, strict=True) if at == index]
        if notes:
            parts.append('<aside class="notes"><p><strong>Speaker notes</strong></p>' + "".join(notes) + "</aside>")
        sections.append(f'<section class="slide" id="step-{index + 1}">\n' + "\n".join(parts) + "\n</section>")
    help_line = '<p class="help">← → move · N speaker notes · print: one slide a page</p>'
    return _document(f"Slides: {seminar.title}", "\n".join(sections) + help_line, SLIDE_CSS, SLIDE_JS)


def _exit_question(seminar: Seminar) -> str | None:
    match = re.search(r"Exit question[^:]*:\s*[“\"]([^”\"]+)[”\"]", _text(seminar.steps[-1].description))
    return match.group(1) if match else None


def worksheet(seminar: Seminar, no_laptop: str = "") -> str:
    """The student's sheet: the activities' tasks with room to write, the no-laptop tables, the
    exit question. Built from the student edition, so no worked answer can be in it."""
    parts = [f"<h1>Worksheet: {html.escape(seminar.title.removeprefix('Seminar: '))}</h1>"]
    parts.append('<p class="meta">Group: ______________________ Names: ______________________________</p>')
    for exercise in seminar.exercises.values():
        parts.append(clean(exercise) + '<div class="lines"></div>' * 6)
    if no_laptop:
        parts.append('<section class="page"><h2>Without a laptop</h2>' + no_laptop)
        parts.append("</section>")
    question = _exit_question(seminar)
    if question:
        parts.append(f"<h2>Exit question</h2><p>{html.escape(question)}</p>" + '<div class="lines"></div>' * 4)
    return _document(f"Worksheet: {seminar.title}", "\n".join(parts))


def case_cards(seminar: Seminar) -> str:
    cards = [
        f'<section class="page card"><p class="meta">{html.escape(seminar.title)} · case card {n} of '
        f"{len(seminar.cases)}</p>{clean(case)}</section>"
        for n, case in enumerate(seminar.cases, start=1)
    ]
    return _document(f"Case cards: {seminar.title}", "\n".join(cards))


PRINT_OR_PROJECT = (
    ("slides.html", "Project", "One slide per step of the plan; press N for the speaker notes (the instructor notes)."),
    (
        "worksheet.html",
        "Print one per group",
        "The tasks without answers, and the model's results for groups without a laptop.",
    ),
    ("case-cards.html", "Print one set per group", "Each case on its own page, without answers."),
)


def cover(seminar: Seminar) -> str:
    parts = [
        f"<h1>Kit: {html.escape(seminar.title)}</h1>",
        "<table><tr><th>File</th><th>Use</th><th>What it is</th></tr>",
    ]
    parts += [
        f'<tr><td><a href="{name}">{name}</a></td><td>{use}</td><td>{what}</td></tr>'
        for name, use, what in PRINT_OR_PROJECT
    ]
    parts.append("</table>")
    glance = next((p for p in seminar.soup.select("div.admonition p") if "Pre-reading" in p.get_text()), None)
    if glance is not None:
        parts.append(clean(glance))
    for section_id in ("running-the-session", "before-the-session"):
        section = seminar.section(section_id)
        if section is None:
            raise KitError(f"{seminar.page}: no section {section_id!r}")
        parts.append(clean(section))
    plan = seminar.section("plan")
    if plan is not None:
        parts.append(clean(plan))
    return _document(f"Kit: {seminar.title}", "\n".join(parts))


# --- the version without a laptop -------------------------------------------------------------------


def pk_no_laptop() -> str:
    """The weekend-gap search done in advance, as ranges. (Not the second activity's numbers:
    predicting them is that activity's whole task, so they would be its answer.)"""
    params = calibrated_parameters()
    # One decimal: the cheapest regimens clear the PET value by less than a point, which a whole
    # percent would hide (and the gap between the edges shows how little that decimal means).
    rows = {regimen: value.formatted(digits=1) for regimen, value in mon_wed_fri_lowest(params)}
    fridays = HALF_TABLET_DOSES_MG
    head = "".join(f"<th>Fri {mg}</th>" for mg in fridays)
    body = []
    for monday in HALF_TABLET_DOSES_MG:
        for wednesday in HALF_TABLET_DOSES_MG:
            cells = "".join(f"<td>{rows[(monday, wednesday, friday)]}</td>" for friday in fridays)
            body.append(f"<tr><th>Mon {monday} · Wed {wednesday}</th>{cells}</tr>")
    return (
        "<p>The book's model (<code>naltrexone.pk_checks.mon_wed_fri_lowest</code>): the lowest µ-receptor "
        "occupancy in the third week of each Monday–Wednesday–Friday regimen (doses in mg at 09:00), as the "
        "range across the binding inputs, from the lowest to the highest. Use it for the weekend gap: pick "
        "your regimens from it and say why.</p>"
        f'<table class="grid"><tr><th>Doses (mg)</th>{head}</tr>{"".join(body)}</table>'
    )


@dataclass(frozen=True)
class DataCard:
    """Rows of one table of ``data/``, printed as written, for an activity done with a calculator:
    the inputs of the computation, never its result."""

    title: str
    table: str
    columns: tuple[str, ...]
    rows: Callable[[dict[str, str]], bool]


def data_card(card: DataCard) -> str:
    rows = [row for row in load_raw(card.table) if card.rows(row)]
    if not rows:
        raise KitError(f"data/{card.table}.csv: no row matches the data card {card.title!r}")
    missing = [c for c in card.columns if c not in rows[0]]
    if missing:
        raise KitError(f"data/{card.table}.csv: the data card {card.title!r} asks for no such field {missing}")
    head = "".join(f"<th>{html.escape(c.replace('_', ' '))}</th>" for c in card.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(row[c] or '')}</td>" for c in card.columns) + "</tr>" for row in rows
    )
    return (
        f'<h3>{html.escape(card.title)}</h3><p class="meta">From <code>data/{card.table}.csv</code>, as written '
        f'there.</p><table class="data-card"><tr>{head}</tr>{body}</table>'
    )


def _ids(*prefixes: str) -> Callable[[dict[str, str]], bool]:
    return lambda row: row["id"].startswith(prefixes)


#: Seminar -> (what to do with the numbers, the data cards). The formulas are the chapters' own;
#: the answers to the activities' questions are left to the groups.
CALCULATOR: dict[str, tuple[str, tuple[DataCard, ...]]] = {
    "seminar-receptors": (
        "Within one assay, a drug's affinity relative to another is the other's binding constant divided "
        "by its own. An antagonist holding a share p of the receptors raises the agonist concentration "
        "needed for the usual effect by the dose ratio 1 / (1 − p). The model's durations need the model: "
        "the instructor projects them.",
        (
            DataCard(
                "Binding constants at the µ receptor, by assay",
                "receptor_binding",
                ("compound", "receptor", "value_nm", "measure", "assay", "source"),
                lambda row: (
                    row["source"] in ("michel1985", "inturrisi1983")
                    or (row["compound"] == "naltrexone" and row["receptor"] == "mu")
                    or row["assay"].startswith("wentland2009")
                ),
            ),
        ),
    ),
    "seminar-safety": (
        "Expected deaths = rate per person-year × patients × years at risk (four weeks is 4/52 of a "
        "year; a rate per 100 person-years is divided by 100 first, per 1000 by 1000). A share is "
        "events divided by patients.",
        (
            DataCard(
                "Death rates during and after treatment",
                "overdose_mortality",
                ("study", "treatment", "period", "outcome", "rate", "ci_low", "ci_high", "unit"),
                _ids("gibson2007-naltrexone", "kelty2012"),
            ),
            DataCard(
                "Raised liver enzymes in two studies",
                "liver_studies",
                (
                    "study",
                    "population",
                    "daily_dose_mg",
                    "duration_weeks",
                    "n_naltrexone",
                    "n_raised",
                    "n_comparator",
                    "n_raised_comparator",
                ),
                _ids("mitchell1987", "yen2006"),
            ),
        ),
    ),
    "seminar-opioid-evidence": (
        "A stage's share is its number divided by the study's first stage. From arm counts: risk = "
        "events / patients in each arm; risk ratio = risk on naltrexone / risk on the comparator; risk "
        "difference = their difference; number needed to treat = 1 / risk difference, rounded up.",
        (
            DataCard(
                "Treatment funnels",
                "treatment_funnels",
                ("study", "arm", "stage_order", "stage", "n"),
                lambda row: True,
            ),
            DataCard(
                "Two trials in St Petersburg: arm counts",
                "trial_outcomes",
                (
                    "trial",
                    "naltrexone_form",
                    "comparator",
                    "events_naltrexone",
                    "n_naltrexone",
                    "events_comparator",
                    "n_comparator",
                ),
                _ids("krupitsky"),
            ),
            DataCard(
                "The Cochrane review's pooled estimates for tablets",
                "pooled_estimates",
                ("review", "outcome", "measure", "value", "ci_low", "ci_high", "n_studies", "n_participants"),
                _ids("minozzi2011"),
            ),
        ),
    ),
    "seminar-alcohol": (
        "If a ratio RR holds at a risk p on placebo, the risk on naltrexone is RR × p, the risk "
        "difference p − RR × p, and the number needed to treat 1 / (p − RR × p), rounded up. A gain in "
        "days abstinent is the share on naltrexone minus the share without it.",
        (
            DataCard(
                "Pooled estimates for alcohol",
                "pooled_estimates",
                ("review", "outcome", "measure", "value", "ci_low", "ci_high"),
                _ids("rosner2010", "mcpheeters2023"),
            ),
            DataCard(
                "Days abstinent in the COMBINE analysis of smokers",
                "facts",
                ("quantity", "value", "unit", "source", "confidence"),
                _ids("fucito2012"),
            ),
        ),
    ),
}


def calculator_sheet(seminar: str) -> str:
    how, cards = CALCULATOR[seminar]
    return f"<p>{html.escape(how)}</p>" + "".join(data_card(card) for card in cards)


#: Seminar -> what the worksheet prints for groups without a laptop: the PK model's predictions, or
#: the data an evidence activity computes from, for a calculator.
NO_LAPTOP: dict[str, Callable[[], str]] = {
    "seminar-pk": pk_no_laptop,
    **{name: (lambda name=name: calculator_sheet(name)) for name in CALCULATOR},
}


# --- building -----------------------------------------------------------------------------------------


def build_kit(name: str, instructor_html: Path, student_html: Path, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    teacher = read_seminar(instructor_html, name)
    learner = read_seminar(student_html, name)
    files = {
        "index.html": cover(learner),
        "slides.html": slides(teacher, instructor_html, out),
        "worksheet.html": worksheet(learner, NO_LAPTOP[name]() if name in NO_LAPTOP else ""),
        "case-cards.html": case_cards(learner),
    }
    for filename, text in files.items():
        (out / filename).write_text(text, encoding="utf-8")
    return [out / filename for filename in files]


def build_kits(build_dir: Path, seminars: list[str] | None = None) -> Path:
    """Every seminar's kit into ``build_dir/kits``, then a copy into the instructor edition."""
    build_dir = Path(build_dir)
    instructor_html, student_html = build_dir / "instructor" / "html", build_dir / "student" / "html"
    kits = build_dir / "kits"
    for name in seminars or seminar_names():
        shutil.rmtree(kits / name, ignore_errors=True)
        build_kit(name, instructor_html, student_html, kits / name)
    shutil.rmtree(instructor_html / "kits", ignore_errors=True)
    shutil.copytree(kits, instructor_html / "kits")
    return kits


def main(argv: list[str]) -> int:
    if len(argv) > 1:
        print("usage: python -m naltrexone.kits [BUILD_DIR]", file=sys.stderr)
        return 2
    try:
        kits = build_kits(Path(argv[0] if argv else "_build"))
    except KitError as err:
        print(f"make kits: {err}", file=sys.stderr)
        return 1
    print(f"Kits built: {kits.resolve()}/<seminar>/index.html")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
