"""Effect measures and their confidence intervals, computed from counts in ``data/``.

Published papers give proportions, rates and ratios; where a table also holds the counts behind
them, the book recomputes the measure here and a test checks it against the published value.
Every function refuses impossible input (a count above its denominator, a negative person-time)
with a ``ValueError`` naming the parameter, rather than returning a number that looks fine.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from scipy import stats

#: Two-sided coverage used throughout the book.
LEVEL = 0.95


@dataclass(frozen=True)
class Estimate:
    """A point estimate with its interval, on the scale the measure is reported on."""

    value: float
    low: float
    high: float

    def __iter__(self):  # allows ``value, low, high = estimate``
        return iter((self.value, self.low, self.high))


def _check_level(level: float) -> float:
    if not 0 < level < 1:
        raise ValueError(f"level: expected a coverage between 0 and 1, got {level!r}")
    return float(stats.norm.ppf(0.5 + level / 2))


def _check_count(name: str, value, *, allow_zero: bool = True) -> int:
    if isinstance(value, bool) or not float(value).is_integer():
        raise ValueError(f"{name}: expected a whole number, got {value!r}")
    value = int(value)
    if value < 0 or (value == 0 and not allow_zero):
        raise ValueError(f"{name}: expected a {'non-negative' if allow_zero else 'positive'} count, got {value}")
    return value


def proportion(events: int, total: int, level: float = LEVEL) -> Estimate:
    """Share of ``total`` with the event, with Wilson's score interval.

    Wilson's interval is used because the Wald interval collapses to zero width at 0 or n
    events and can run below 0 % with small trials, which the book's safety studies are.
    """
    z = _check_level(level)
    events = _check_count("events", events)
    total = _check_count("total", total, allow_zero=False)
    if events > total:
        raise ValueError(f"events: {events} events cannot exceed the total of {total}")
    p = events / total
    centre = (p + z * z / (2 * total)) / (1 + z * z / total)
    half = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / (1 + z * z / total)
    # At 0 or n events the score interval touches the bound exactly; rounding must not move it.
    low = 0.0 if events == 0 else float(centre - half)
    high = 1.0 if events == total else float(centre + half)
    return Estimate(p, low, high)


def rate(events: int, person_years: float, per: float = 100.0, level: float = LEVEL) -> Estimate:
    """Events per ``per`` person-years, with the exact (Garwood) Poisson interval."""
    events = _check_count("events", events)
    if not person_years > 0 or not math.isfinite(person_years):
        raise ValueError(f"person_years: expected a positive person-time, got {person_years!r}")
    if not per > 0:
        raise ValueError(f"per: expected a positive multiplier, got {per!r}")
    _check_level(level)
    alpha = 1 - level
    low = 0.0 if events == 0 else float(stats.chi2.ppf(alpha / 2, 2 * events)) / 2
    high = float(stats.chi2.ppf(1 - alpha / 2, 2 * events + 2)) / 2
    scale = per / person_years
    return Estimate(events * scale, low * scale, high * scale)


def risk_difference(events_a: int, total_a: int, events_b: int, total_b: int, level: float = LEVEL) -> Estimate:
    """Risk in group a minus risk in group b, with Newcombe's hybrid score interval."""
    pa = proportion(events_a, total_a, level)
    pb = proportion(events_b, total_b, level)
    d = pa.value - pb.value
    low = d - math.sqrt((pa.value - pa.low) ** 2 + (pb.high - pb.value) ** 2)
    high = d + math.sqrt((pa.high - pa.value) ** 2 + (pb.value - pb.low) ** 2)
    return Estimate(d, low, high)


def number_needed(difference: float) -> float:
    """Patients treated for one more (or one fewer) event: 1 / |risk difference|.

    Called the number needed to treat when the event is good and the number needed to harm when
    it is an adverse effect; the arithmetic is the same.
    """
    if not math.isfinite(difference) or difference == 0:
        raise ValueError(f"difference: a number needed is undefined for a risk difference of {difference!r}")
    if abs(difference) > 1:
        raise ValueError(f"difference: a risk difference lies between -1 and 1, got {difference!r}")
    return 1 / abs(difference)


def risk_ratio(events_a: int, total_a: int, events_b: int, total_b: int, level: float = LEVEL) -> Estimate:
    """Risk in group a divided by risk in group b, with the usual log-scale (Katz) interval.

    A zero count makes the ratio or its interval undefined; rather than silently adding a
    continuity correction, the function refuses and names the count.
    """
    z = _check_level(level)
    counts = {"events_a": events_a, "total_a": total_a, "events_b": events_b, "total_b": total_b}
    for name, value in counts.items():
        counts[name] = _check_count(name, value, allow_zero=name.startswith("events"))
    for events, total in (("events_a", "total_a"), ("events_b", "total_b")):
        if counts[events] > counts[total]:
            raise ValueError(f"{events}: {counts[events]} events cannot exceed {total} of {counts[total]}")
        if counts[events] == 0:
            raise ValueError(
                f"{events}: a risk ratio needs at least one event in each group "
                "(a zero count leaves the ratio or its interval undefined)"
            )
    a, n1, b, n2 = counts["events_a"], counts["total_a"], counts["events_b"], counts["total_b"]
    ratio = (a / n1) / (b / n2)
    se = math.sqrt(1 / a - 1 / n1 + 1 / b - 1 / n2)
    return Estimate(ratio, ratio * math.exp(-z * se), ratio * math.exp(z * se))


def odds_ratio(events_a: int, total_a: int, events_b: int, total_b: int, level: float = LEVEL) -> Estimate:
    """Odds in group a divided by odds in group b, with Woolf's log-scale interval.

    Kept so that a trial's printed odds ratio can be checked against its counts; the book itself
    reports risk ratios, which read more naturally. Zero cells are refused, as in ``risk_ratio``.
    """
    z = _check_level(level)
    counts = {"events_a": events_a, "total_a": total_a, "events_b": events_b, "total_b": total_b}
    for name, value in counts.items():
        counts[name] = _check_count(name, value, allow_zero=name.startswith("events"))
    a, n1, b, n2 = counts["events_a"], counts["total_a"], counts["events_b"], counts["total_b"]
    for events, total, name in ((a, n1, "a"), (b, n2, "b")):
        if events > total:
            raise ValueError(f"events_{name}: {events} events cannot exceed total_{name} of {total}")
        if events in (0, total):
            raise ValueError(
                f"events_{name}: an odds ratio needs events and non-events in each group (got {events} of {total})"
            )
    c, d = n1 - a, n2 - b
    ratio = (a * d) / (b * c)
    se = math.sqrt(1 / a + 1 / b + 1 / c + 1 / d)
    return Estimate(ratio, ratio * math.exp(-z * se), ratio * math.exp(z * se))


def published_nnt(difference: float) -> int:
    """A number needed to treat as journals print it: 1 / |risk difference|, rounded up."""
    return math.ceil(number_needed(difference) - 1e-9)


def nnt_interval(difference: Estimate) -> tuple[int, int]:
    """The range of numbers needed to treat that a risk difference's interval allows (Altman 1998).

    Only defined when the whole interval lies on one side of zero; otherwise the range runs
    through infinity (benefit to harm) and a pair of numbers would mislead, so it is refused.
    Both ends are rounded up, as a single NNT is.
    """
    if difference.low <= 0 <= difference.high:
        raise ValueError(
            f"difference: its interval {difference.low:.3f} to {difference.high:.3f} "
            "includes zero, so the number needed to treat runs through infinity"
        )
    largest, smallest = sorted((abs(difference.low), abs(difference.high)), reverse=True)
    return published_nnt(largest), published_nnt(smallest)
