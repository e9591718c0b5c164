"""The text: no number typed by hand, every quoted row exists, every citation resolves.

Factual numbers in the chapters must come from data/ through the {fact} and {num} roles (or, for
numbers computed from data, through glue). This test strips everything that is not prose —
code, roles, math, directive options, labels, links — and fails on any digit left over,
except in a short list of names that contain digits (6β-naltrexol, [³H]DAMGO, Fig 1 ...).
"""

from __future__ import annotations

import json
import re

import pytest
from conftest import ROOT

from naltrexone.data import DataError, bib_keys
from naltrexone.facts import quote

PAGES = sorted((ROOT / "book").rglob("*.md"))
NOTEBOOKS = sorted((ROOT / "notebooks").rglob("*.ipynb"))

# Names and conventions that contain digits but are not quoted facts.
ALLOWED = [
    r"2-hydroxy-3-O-methyl",
    r"6β",
    r"6-monoacetylmorphine",
    r"6-MAM",
    r"M6G",
    r"\[3H\]\w*",
    r"\[11C\]\w*",
    r"[Ff]ig(?:ure)?\.? [124]\b",  # the review's figures
    r"OPRM1",
    r"A118G",  # a gene and its variant
    r"[Ss]ections? \d+(?:\.\d+)*(?:(?:,| and) \d+(?:\.\d+)*)*",  # the review's section numbers
    r"95 ?% (?:CI|confidence interval)",  # a statistical convention
    r"per 1000? person-years",  # units of a rate
    r"per 1000 patients",  # GRADE's convention for absolute effects
    r"CC[ \u00a0]BY[ \u00a0]4\.0",
    r"Attribution 4\.0",
    r"Python 3(?:\.11)?",
    r"IC50",
    r"ED50",
    r"CYP\w*",
    r"5-HT\w*",
]
_STRIP = [
    (r"^---\n.*?\n---\n", re.S),  # front matter
    (r"^(`{3,}|:{3,}).*?$", re.M),  # directive/fence opening and closing lines
    (r"^:(?!alt:)[\w-]+:.*$", re.M),  # directive options (alt text is prose: kept)
    (r"\{[\w:-]+\}`[^`]*`", 0),  # roles: {fact}`...`, {cite:p}`...`, {glue:text}`...`
    (r"`[^`]*`", 0),  # inline code
    (r"\$\$.*?\$\$", re.S),  # display math (worked arithmetic is allowed)
    (r"\$[^$\n]+\$", 0),  # inline math
    (r"\(\w[\w-]*\)=", 0),  # targets
    (r"\]\([^)]*\)", 0),  # link targets
    (r"\{\{[^}]*\}\}", 0),  # substitutions (version, date)
    (r"^\s*\d+\.\s", re.M),  # ordered-list markers
    (r"<!--.*?-->", re.S),  # comments
    (r"^\d+ \|", re.M),  # seminar-plan steps: minutes of the book's own timetable
]
NUMBER = re.compile(r"(?<![\w.\u00b7])\d+(?:[.,]\d+)*(?![\w])")


_FENCE = re.compile(r"^(`{3,})(.*)$")


def _without_code(text: str) -> str:
    """Drop code cells and plain code blocks; keep the bodies of directives (captions are prose).

    Fences are matched by walking the lines, because a regular expression cannot tell a closing
    fence from an opening one and would swallow the prose between two directives.
    """
    kept, stack = [], []  # stack of (fence, is_code) for the fences currently open
    for line in text.splitlines():
        match = _FENCE.match(line)
        if match and stack and match.group(1) == stack[-1][0] and not match.group(2).strip():
            stack.pop()
            kept.append("")
            continue
        if match:
            info = match.group(2).strip()
            is_code = info.startswith("{code-cell}") or not info.startswith("{")
            stack.append((match.group(1), is_code))
            kept.append("")
            continue
        kept.append("" if any(code for _, code in stack) else line)
    return "\n".join(kept)


def prose(text: str) -> str:
    text = _without_code(text)
    for pattern, flags in _STRIP:
        text = re.sub(pattern, " ", text, flags=flags)
    for pattern in ALLOWED:
        text = re.sub(pattern, " ", text)
    return text


def _sources():
    for page in PAGES:
        yield page.relative_to(ROOT).as_posix(), page.read_text(encoding="utf-8")
    for nb in NOTEBOOKS:
        cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
        text = "\n\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
        yield nb.relative_to(ROOT).as_posix(), text


SOURCES = list(_sources())


@pytest.mark.parametrize("name, text", SOURCES, ids=[name for name, _ in SOURCES])
def test_no_number_is_typed_by_hand(name, text):
    bare = []
    for _number, line in enumerate(prose(text).splitlines(), start=1):
        bare += [f"{m.group()!r} in: {line.strip()[:90]}" for m in NUMBER.finditer(line)]
    assert not bare, f"{name}: numbers not drawn from data/ (use {{fact}} or {{num}}):\n" + "\n".join(bare)


def test_the_audit_reads_prose_between_two_directives():
    text = "```{glued-figure} a\ncaption\n```\n\nText with 1000 in it.\n\n```{code-cell} ipython3\nx = 1\n```\n"
    assert "1000" in prose(text) and "x = 1" not in prose(text)


def test_the_audit_catches_a_typed_number():
    assert NUMBER.search(prose("Naltrexone blocks heroin for 24 hours."))
    assert not NUMBER.search(prose("It blocks heroin for {fact}`heroin_challenge:label-50mg`."))
    assert not NUMBER.search(prose("6β-naltrexol binds [3H]DAMGO sites; see Fig 2 and section 2.1."))


def test_every_fact_reference_resolves():
    problems = []
    for name, text in _sources():
        for _role, ref in re.findall(r"\{(fact|num)\}`([^`]+)`", text):
            try:
                quote(ref)
            except DataError as err:
                problems.append(f"{name}: {err}")
    assert not problems, "\n".join(problems)


def test_every_citation_key_exists():
    keys = bib_keys()
    missing = set()
    for _name, text in _sources():
        for group in re.findall(r"\{cite(?::\w+)?\}`([^`]+)`", text):
            missing |= {k.strip() for k in group.split(",")} - keys
    assert not missing, f"cited but not in data/references.bib: {sorted(missing)}"


CHAPTERS = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "book/chapters").glob("*.md"))
# The chapter template (not built; see CONTRIBUTING.md) is held to the same shape as the chapters.
TEMPLATE = "book/_templates/chapter.md"


@pytest.mark.parametrize("page", [*CHAPTERS, TEMPLATE])
def test_chapter_has_the_house_shape(page):
    text = (ROOT / page).read_text(encoding="utf-8")
    assert "Learning objectives" in text and "Key points" in text
    assert text.count(":::{exercise}") >= 3
    assert ":class: warning" in text
    assert "Last reviewed {{ last_reviewed }}" in text


def _warnings(page: str) -> str:
    text = (ROOT / page).read_text(encoding="utf-8")
    found = re.findall(r":::\{admonition\}([^\n]*)\n:class: warning\n(.*?)\n:::", text, flags=re.S)
    return " ".join(" ".join(w) for w in found).lower()


def test_the_safety_chapter_puts_each_danger_in_a_warning():
    joined = _warnings("book/chapters/safety.md")
    for topic in (
        "precipitated withdrawal",
        "overdose after stopping",
        "liver",
        "overcoming the blockade",
        "injection-site",
        "pregnan",
    ):
        assert topic in joined, f"no warning admonition about {topic}"


def test_safety_critical_points_stand_in_warnings():
    text = (ROOT / "book/chapters/pharmacology.md").read_text(encoding="utf-8")
    warnings = re.findall(r":::\{admonition\}([^\n]*)\n:class: warning\n(.*?)\n:::", text, flags=re.S)
    warnings = [" ".join(w) for w in warnings]
    joined = " ".join(warnings).lower()
    for topic in ("overdose after stopping", "precipitated withdrawal", "overcoming the blockade"):
        assert topic in joined, f"no warning admonition about {topic}"


def _glossary_entries() -> dict[str, str]:
    text = (ROOT / "book/back/glossary.md").read_text(encoding="utf-8")
    body = re.search(r"```\{glossary\}\n(.*?)\n```", text, flags=re.S).group(1)
    entries, term = {}, None
    for line in body.splitlines():
        if line and not line.startswith(" "):
            term = line.strip()
            entries[term] = ""
        elif term:
            entries[term] += " " + line.strip()
    return entries


def test_every_glossary_term_gives_the_reviews_norwegian_word():
    entries = _glossary_entries()
    assert len(entries) >= 30
    missing = [term for term, text in entries.items() if "*Norwegian:*" not in text]
    assert not missing, f"glossary entries without a Norwegian equivalent: {missing}"
    assert list(entries) == sorted(entries, key=str.lower), "glossary not in alphabetical order"


@pytest.mark.parametrize("page", [*(p for p in CHAPTERS if not p.endswith("introduction.md")), TEMPLATE])
def test_chapters_link_their_technical_terms_to_the_glossary(page):
    text = (ROOT / page).read_text(encoding="utf-8")
    terms = re.findall(r"\{term\}`([^`]+)`", text)
    targets = {" ".join(re.sub(r".*<(.+)>$", r"\1", t, flags=re.S).split()).lower() for t in terms}
    assert len(targets) >= 3, f"{page}: only {sorted(targets)} linked to the glossary"
    assert targets <= {t.lower() for t in _glossary_entries()}, "term links to a missing entry"


# --- model outputs carry their spread ------------------------------------------------------
#
# The occupancy models' predictions depend on inputs the data do not pin down (naltrexone's
# binding constant, how fully 6β-naltrexol acts in brain, the slope of the Fig 2 fit). A page
# that runs one of them may quote numbers only through naltrexone.pages.glue_model, which takes a
# ModelRange; plain glue() in such a cell is for figures and alt text (keys "fig-..."/"alt-...").

import ast  # noqa: E402

MODEL_CALLS = {
    "mu_occupancy",
    "dose_ratio_over_time",
    "antagonist_ratio",
    "occupancy_band",
    "dose_ratio_band",
    "lee_check",
    "lee_alternatives",
    "occupancy_summary",
    "missed_dose",
    "after_stopping",
    "long_weekend",
    "mon_wed_fri_lowest",
    "fit_lee1988",
    "label_threshold",
    "across_slope",
    "half_life_interval",
    "time_to_occupancy",
    "blockade_hours",
    "occupancy",
    "compare_with_reports",
}
CODE_CELL = re.compile(r"^```\{code-cell\}[^\n]*\n(.*?)^```\s*$", re.S | re.M)
PAGES_WITH_CODE = sorted(p for p in (ROOT / "book").rglob("*.md") if "{code-cell}" in p.read_text(encoding="utf-8"))


def _called_names(tree: ast.AST) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            names.add(func.id if isinstance(func, ast.Name) else getattr(func, "attr", ""))
    return names


def bare_model_glues(source: str) -> list[str]:
    """Plain glue() calls of numbers in a cell that runs an occupancy model."""
    body = "\n".join(line for line in source.splitlines() if not line.startswith(":"))
    tree = ast.parse(body)
    if not _called_names(tree) & MODEL_CALLS:
        return []
    problems = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "glue":
            key = node.args[0] if node.args else None
            text = (
                key.value
                if isinstance(key, ast.Constant)
                else (
                    key.values[0].value
                    if isinstance(key, ast.JoinedStr) and key.values and isinstance(key.values[0], ast.Constant)
                    else ""
                )
            )
            if not str(text).startswith(("fig-", "alt-")):
                problems.append(ast.unparse(node)[:100])
    return problems


@pytest.mark.parametrize("page", PAGES_WITH_CODE, ids=[p.relative_to(ROOT).as_posix() for p in PAGES_WITH_CODE])
def test_model_outputs_are_quoted_as_ranges(page):
    problems = []
    for cell in CODE_CELL.findall(page.read_text(encoding="utf-8")):
        problems += bare_model_glues(cell)
    assert not problems, (
        f"{page.relative_to(ROOT)}: a cell runs an occupancy model and glues a single "
        "value; use naltrexone.pages.glue_model with a ModelRange:\n" + "\n".join(problems)
    )


def test_the_model_glue_audit_catches_a_single_value():
    assert bare_model_glues('x = model.occupancy(50, 2)\nglue("occ", x, display=False)')
    assert not bare_model_glues('x = model.occupancy(50, 2)\nglue("fig-a", show(f), display=False)')
    assert not bare_model_glues('glue("hours", 3.0, display=False)')  # no model run in the cell
    assert not bare_model_glues('glue_model("occ", model.across_slope(lambda m: m.occupancy(50, 2)))')


#: Sentences that once drew reassurance from a model that cannot give it.
REASSURANCES = (
    "all these patients are protected",
    "leaves most of the blockade in place",
    "dips occupancy for a day and recovers",
    "genuine check",
    "is what competitive antagonism predicts",
)


@pytest.mark.parametrize("name, text", SOURCES, ids=[name for name, _ in SOURCES])
def test_no_model_reassurance_returns(name, text):
    found = [r for r in REASSURANCES if r in " ".join(text.lower().split())]
    assert not found, f"{name}: reassurance the model cannot support: {found}"
