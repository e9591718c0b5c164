"""The question bank (``data/question_bank.yaml``): load it, check it, and turn its MyST into text.

Every self-check question of the chapters and every readiness-test question of the seminars lives
in one YAML file. The book renders the self-checks from it (``{self-check-bank}``, in
:mod:`naltrexone.sphinxext.teaching`); :mod:`naltrexone.quiz` exports the whole bank for a learning
platform. Questions are written in MyST, like the chapters; :func:`plain_text` turns the roles the
bank uses into the words a reader would see (``{fact}`` -> the value with its unit from
:mod:`naltrexone.facts`, ``{term}`x <y>``` -> x, ``{ref}`` -> the link text or the referenced
heading), for exports that cannot run Sphinx.

The rules an item must follow to be rendered at all (one key among three or more options, feedback
on every option) live here; the item-writing checks (how many per chapter, the longest option...)
are tests, in ``tests/test_question_bank.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from .data import DATA_DIR
from .facts import quote
from .teaching import answer_index

BANK = DATA_DIR / "question_bank.yaml"
BOOK = DATA_DIR.parent / "book"

BLOOM = ("remember", "understand", "apply", "analyse", "evaluate", "create")
PROFESSIONS = ("medicine", "pharmacy", "nursing")
USES = ("self-check", "readiness")


@dataclass(frozen=True)
class Option:
    text: str  # MyST
    feedback: str  # MyST: why this option is right or wrong


@dataclass(frozen=True)
class Question:
    id: str
    use: str  # "self-check" or "readiness"
    chapter: str  # book/chapters/<chapter>.md
    objective: int  # the chapter's learning objective, counted from 1
    bloom: str
    professions: tuple[str, ...]
    key: str  # letter of the right option
    stem: str  # MyST
    options: tuple[Option, ...]
    seminar: str | None = None  # book/teaching/<seminar>.md, for readiness questions
    calculation: bool = False

    @property
    def key_index(self) -> int:
        return ord(self.key) - ord("a")

    @property
    def right(self) -> Option:
        return self.options[self.key_index]


@dataclass
class BankError(ValueError):
    problems: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return "data/question_bank.yaml:\n  " + "\n  ".join(self.problems)


def _question(raw: dict, problems: list[str]) -> Question | None:
    qid = raw.get("id", "?")
    where = f"question {qid}"
    expected = {
        "id",
        "use",
        "seminar",
        "chapter",
        "objective",
        "bloom",
        "professions",
        "calculation",
        "key",
        "stem",
        "options",
    }
    if unknown := set(raw) - expected:
        problems.append(f"{where}: unknown fields {sorted(unknown)}")
    if not re.fullmatch(r"q-[a-z0-9-]+", str(qid)):
        problems.append(f"{where}: id must look like q-<chapter>-<n>")
    if raw.get("use") not in USES:
        problems.append(f"{where}: use must be one of {USES}, got {raw.get('use')!r}")
    if (raw.get("use") == "readiness") != bool(raw.get("seminar")):
        problems.append(f"{where}: a seminar is given exactly for readiness questions")
    if raw.get("seminar") and not (BOOK / "teaching" / f"{raw['seminar']}.md").exists():
        problems.append(f"{where}: no seminar page book/teaching/{raw['seminar']}.md")
    if not (BOOK / "chapters" / f"{raw.get('chapter')}.md").exists():
        problems.append(f"{where}: no chapter book/chapters/{raw.get('chapter')}.md")
    if not isinstance(raw.get("objective"), int) or raw["objective"] < 1:
        problems.append(f"{where}: objective must be the number of a learning objective")
    if raw.get("bloom") not in BLOOM:
        problems.append(f"{where}: bloom must be one of {BLOOM}, got {raw.get('bloom')!r}")
    professions = raw.get("professions") or []
    if not professions or set(professions) - set(PROFESSIONS):
        problems.append(f"{where}: professions must be some of {PROFESSIONS}, got {professions!r}")
    if not str(raw.get("stem", "")).strip():
        problems.append(f"{where}: the stem is empty")
    options = []
    for n, option in enumerate(raw.get("options") or []):
        letter = chr(ord("a") + n)
        if not isinstance(option, dict) or not str(option.get("text", "")).strip():
            problems.append(f"{where}: option {letter} has no text")
            continue
        if not str(option.get("feedback", "")).strip():
            problems.append(f"{where}: option {letter} has no feedback (say why it is right or wrong)")
            continue
        options.append(Option(str(option["text"]).strip(), str(option["feedback"]).strip()))
    try:
        answer_index(str(raw.get("key", "")), len(options), where=where)
    except ValueError as err:
        problems.append(str(err))
        return None
    if len(problems):
        return None
    return Question(
        id=qid,
        use=raw["use"],
        chapter=raw["chapter"],
        objective=raw["objective"],
        bloom=raw["bloom"],
        professions=tuple(professions),
        key=raw["key"].strip().lower(),
        stem=str(raw["stem"]).strip(),
        options=tuple(options),
        seminar=raw.get("seminar"),
        calculation=bool(raw.get("calculation", False)),
    )


def load_bank(path: Path | str = BANK) -> list[Question]:
    """Every question, in file order; a broken item fails with its id and what is wrong."""
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    problems: list[str] = []
    questions = []
    for item in raw.get("questions") or []:
        found: list[str] = []
        question = _question(item if isinstance(item, dict) else {}, found)
        problems += found
        if question:
            questions.append(question)
    ids = [q.id for q in questions]
    problems += [f"question {qid}: id used twice" for qid in sorted({i for i in ids if ids.count(i) > 1})]
    if problems:
        raise BankError(problems)
    return questions


@lru_cache(maxsize=1)
def bank() -> tuple[Question, ...]:
    return tuple(load_bank())


def self_checks(chapter: str, questions=None) -> list[Question]:
    """The self-check questions of one chapter, in bank order (the order the page numbers them)."""
    return [q for q in (questions or bank()) if q.use == "self-check" and q.chapter == chapter]


def readiness_test(seminar: str, questions=None) -> list[Question]:
    return [q for q in (questions or bank()) if q.use == "readiness" and q.seminar == seminar]


# --- MyST to plain text, for the exports ---------------------------------------------------------

_ROLE = re.compile(r"\{([\w:-]+)\}`([^`]*)`")
_LABELLED = re.compile(r"^(.*?)\s*<([^<>]+)>$", re.S)


@lru_cache(maxsize=1)
def _headings() -> dict[str, str]:
    """Label -> the heading that follows ``(label)=`` in the book's pages."""
    found = {}
    for page in BOOK.rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        for label, title in re.findall(r"^\(([\w-]+)\)=\s*\n#+\s+(.+)$", text, re.M):
            found[label] = title.strip()
    return found


def _role_text(role: str, content: str) -> str:
    content = " ".join(content.split())
    if role == "fact":
        return quote(content).text
    if role == "num":
        return quote(content).number
    labelled = _LABELLED.match(content)
    if role in ("term", "ref", "doc", "numref", "index"):
        if labelled:
            return labelled.group(1)
        if role == "ref":
            return _role_text_heading(content)
        return content
    raise ValueError(f"no plain-text form for the {{{role}}} role (in {content!r})")


def _role_text_heading(label: str) -> str:
    try:
        return plain_text(_headings()[label])
    except KeyError:
        raise ValueError(f"{{ref}}`{label}`: no heading carries that label") from None


def plain_text(myst: str) -> str:
    """The words a reader sees: roles resolved; emphasis, inline-code and maths marks dropped."""
    text = _ROLE.sub(lambda m: _role_text(m.group(1), m.group(2)), myst)
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    text = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"\1", text)
    text = re.sub(r"`([^`]*)`", r"\1", text)
    text = re.sub(r"\$([^$]+)\$", r"\1", text)  # inline maths keeps its symbols: "p_N - p_P"
    return " ".join(text.split())


def key_is_longest(question: Question) -> bool:
    """True when the right option is (one of) the longest, as a reader sees them: a test-wise cue."""
    lengths = [len(plain_text(option.text)) for option in question.options]
    return lengths[question.key_index] == max(lengths)
