"""Teaching apparatus: seminar timetables and self-check questions, checked before they render.

The Sphinx side (``naltrexone.sphinxext.teaching``) turns these into pages; the rules live here so
they can be tested without building a book:

* a seminar plan is a list of steps, each with a duration, that must fill the session exactly;
* a self-check question has at least three options, exactly one of which is right, and every
  option carries its own explanation.
"""

from __future__ import annotations

from dataclasses import dataclass
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
