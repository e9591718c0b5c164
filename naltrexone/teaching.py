"""Teaching apparatus: seminar timetables and self-check questions, checked before they render.

The Sphinx side (``naltrexone.sphinxext.teaching``) turns these into pages; the rules live here so
they can be tested without building a book:

* a seminar plan is a list of steps, each with a duration, that must fill the session exactly;
* a self-check question has at least three options, exactly one of which is right, and every
  option carries its own explanation.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path
from string import ascii_lowercase

MIN_OPTIONS = 3


@dataclass(frozen=True)
class PlanStep:
    """One block of a seminar: starts ``start`` minutes in and lasts ``minutes``."""

    start: int
    minutes: int
    activity: str
    description: str

    @property
    def end(self) -> int:
        return self.start + self.minutes

    @property
    def clock(self) -> str:
        return f"{self.start}–{self.end}"


def parse_plan(lines: list[str], total_minutes: int, *, where: str = "seminar plan") -> list[PlanStep]:
    """Read ``minutes | activity | what happens`` lines into timed steps.

    Blank lines are skipped. The durations must add up to ``total_minutes`` exactly: a plan that
    overruns or leaves a gap is an error, not something to round away.
    """
    if total_minutes <= 0:
        raise ValueError(f"{where}: the session length must be positive, got {total_minutes}")
    steps: list[PlanStep] = []
    start = 0
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|", 2)]
        if len(parts) != 3 or not all(parts):
            raise ValueError(
                f"{where}, line {number}: expected 'minutes | activity | what happens', got {line.strip()!r}"
            )
        minutes_text, activity, description = parts
        if not minutes_text.isdigit() or int(minutes_text) == 0:
            raise ValueError(
                f"{where}, line {number}: the duration must be a whole number of minutes "
                f"above zero, got {minutes_text!r}"
            )
        steps.append(PlanStep(start, int(minutes_text), activity, description))
        start += int(minutes_text)
    if not steps:
        raise ValueError(f"{where}: the plan has no steps")
    if start != total_minutes:
        raise ValueError(f"{where}: the steps add up to {start} minutes, but the session lasts {total_minutes}")
    return steps


def answer_index(answer: str, n_options: int, *, where: str = "self-check") -> int:
    """Position of the right option from its letter (``a`` is the first option)."""
    if n_options < MIN_OPTIONS:
        raise ValueError(f"{where}: a question needs at least {MIN_OPTIONS} options, got {n_options}")
    letter = answer.strip().lower()
    allowed = ascii_lowercase[:n_options]
    if len(letter) != 1 or letter not in allowed:
        raise ValueError(f"{where}: the answer must be one of the option letters {', '.join(allowed)}; got {answer!r}")
    return allowed.index(letter)


# --- Reading time of a seminar's pre-reading -------------------------------------------------------

#: Words a minute for the pre-reading estimate. Silent reading of plain non-fiction runs near 240
#: words a minute; a student studying a pharmacology text with figures, tables and numbers to check
#: reads far slower, so the estimate plans for a slow, careful reader rather than a skimming one.
READING_WORDS_PER_MINUTE = 150

_FENCE = re.compile(r"^(`{3,}|:{3,})(.*)$")
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*$")
_TARGET = re.compile(r"^\(([\w-]+)\)=\s*$")
_ROLE = re.compile(r"\{[\w:-]+\}`([^`<]*?)(?:\s*<[^`]*>)?`")
_BOOK = Path(__file__).resolve().parent.parent / "book"


def prose_lines(myst: str) -> list[str]:
    """The page's lines with everything a reader does not read blanked out, numbering kept:
    front matter, code cells and code blocks, directive fences and options, labels, comments."""
    lines = myst.splitlines()
    out = list(lines)
    if lines and lines[0] == "---":
        end = lines.index("---", 1)
        out[: end + 1] = [""] * (end + 1)
    stack: list[tuple[str, bool]] = []  # open fences: (fence, holds code)
    for number, line in enumerate(lines):
        if not out[number]:
            continue
        match = _FENCE.match(line)
        if match and stack and match.group(1) == stack[-1][0] and not match.group(2).strip():
            stack.pop()
            out[number] = ""
        elif match:
            info = match.group(2).strip()
            stack.append((match.group(1), info.startswith("{code-cell}") or not info.startswith("{")))
            out[number] = ""
        elif any(code for _, code in stack) or re.match(r"^:[\w-]+:", line) or _TARGET.match(line):
            out[number] = ""
        elif line.lstrip().startswith("<!--"):
            out[number] = ""
    return out


def count_words(myst: str) -> int:
    """Words of prose a reader meets in a MyST page (a role counts as the text it shows)."""
    text = "\n".join(prose_lines(myst))
    text = _ROLE.sub(lambda m: m.group(1), text)
    return len(re.findall(r"[^\W_]+(?:[-'\u2019][^\W_]+)*", text))


def reading_minutes(words: int, words_per_minute: float = READING_WORDS_PER_MINUTE) -> int:
    """Whole minutes to read ``words`` at ``words_per_minute``, rounded up (a plan needs a ceiling)."""
    if words < 0:
        raise ValueError(f"words: expected a count of zero or more, got {words!r}")
    if not words_per_minute > 0:
        raise ValueError(f"words_per_minute: expected a positive speed, got {words_per_minute!r}")
    return math.ceil(words / words_per_minute)


@dataclass(frozen=True)
class Reading:
    """Part of a page to read before a seminar: lines ``start`` up to (not including) ``end``."""

    page: Path
    start: int
    end: int
    title: str

    def text(self) -> str:
        return "\n".join(self.page.read_text(encoding="utf-8").splitlines()[self.start : self.end])


def _sections(page: Path) -> list[tuple[int, int, int, str, str | None]]:
    """(start line, end line, heading level, title, label) of every heading of a page."""
    lines = prose_lines(page.read_text(encoding="utf-8"))
    raw = page.read_text(encoding="utf-8").splitlines()
    heads = []
    for number, line in enumerate(lines):
        match = _HEADING.match(line)
        if match:
            label = _TARGET.match(raw[number - 1]) if number else None
            heads.append((number, len(match.group(1)), match.group(2), label.group(1) if label else None))
    sections = []
    for i, (start, level, title, label) in enumerate(heads):
        end = next((s for s, lvl, _, _ in heads[i + 1 :] if lvl <= level), len(lines))
        sections.append((start, end, level, title, label))
    return sections


def _labels(book: Path) -> dict[str, tuple[Path, int, int, str]]:
    found = {}
    for page in sorted((book / "chapters").glob("*.md")):
        for start, end, _, title, label in _sections(page):
            if label:
                found[label] = (page, start, end, title)
    return found


def pre_reading(seminar: str, book: Path = _BOOK) -> list[Reading]:
    """What a seminar's "Before the session" section asks students to read, from its links.

    Each bullet's ``{ref}`` to a chapter or a chapter's section counts; a teaching page (another
    seminar) does not. Where the bullet names the chapter's sections in italics (``*Alcohol*``)
    and the chapter has headings of those names, only those sections count, else the whole
    chapter. A section inside a chapter already counted is not counted twice.
    """
    path = book / "teaching" / f"{seminar}.md"
    text = path.read_text(encoding="utf-8")
    match = re.search(r"^## Before the session\n(.*?)(?=^## )", text, re.M | re.S)
    if not match:
        raise ValueError(f"{path.relative_to(book.parent)}: no '## Before the session' section")
    labels = _labels(book)
    bullets = re.split(r"^- ", match.group(1), flags=re.M)
    parts: list[Reading] = []
    for bullet in bullets:
        for ref in re.findall(r"\{ref\}`(?:[^`<]*<)?([\w-]+)>?`", bullet):
            if ref not in labels:
                if (book / "teaching" / f"{ref}.md").exists():
                    continue
                raise ValueError(f"{path.relative_to(book.parent)}: {{ref}}`{ref}` is no chapter or chapter section")
            page, start, end, title = labels[ref]
            named = set(re.findall(r"(?<![\w*])\*([^*\n]+)\*(?![\w*])", bullet))
            chosen = [s for s in _sections(page) if s[3] in named and start <= s[0] < end]
            if chosen:
                parts += [Reading(page, s, e, t) for s, e, _, t, _ in chosen]
            else:
                parts.append(Reading(page, start, end, title))
    return _without_overlaps(parts)


def _without_overlaps(parts: list[Reading]) -> list[Reading]:
    kept: list[Reading] = []
    for part in sorted(parts, key=lambda p: (str(p.page), p.start, -p.end)):
        if any(k.page == part.page and k.start <= part.start and part.end <= k.end for k in kept):
            continue
        kept.append(part)
    return kept


def pre_reading_words(seminar: str, book: Path = _BOOK) -> int:
    return sum(count_words(part.text()) for part in pre_reading(seminar, book))
