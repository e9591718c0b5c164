"""Dosing regimens from ``data/dosing_regimens.csv``, turned into timed doses for the simulator.

Time zero is midnight at the start of the first Monday; tablets are taken at a fixed hour of the
day (09:00 unless told otherwise), an assumption the sources do not fix.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from .data import DATA_DIR, load_table
from .pk import Dose

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
DOSING_HOUR = 9.0


def _rows(regimen: str, table: pd.DataFrame | None) -> pd.DataFrame:
    table = load_table("dosing_regimens", DATA_DIR) if table is None else table
    rows = table[table["regimen"] == regimen]
    if rows.empty:
        known = ", ".join(sorted(table["regimen"].unique()))
        raise ValueError(f"regimen: no regimen named {regimen!r} in data/dosing_regimens.csv (known: {known})")
    return rows


def schedule(
    regimen: str,
    *,
    weeks: int | None = None,
    start_week: int = 1,
    dosing_hour: float = DOSING_HOUR,
    table: pd.DataFrame | None = None,
) -> list[Dose]:
    """The doses of ``regimen``, starting in week ``start_week`` of the simulation.

    Repeating regimens (a weekly pattern, or an injection every 28 days) need ``weeks``: how many
    weeks to cover. A fixed schedule such as the review's three-week induction is taken as it is.
    """
    rows = _rows(regimen, table)
    if not isinstance(start_week, int) or start_week < 1:
        raise ValueError(f"start_week: expected a week number from 1, got {start_week!r}")
    if not 0 <= dosing_hour < 24:
        raise ValueError(f"dosing_hour: expected an hour of the day in [0, 24), got {dosing_hour!r}")
    repeat = rows["repeat_every_days"].dropna().unique()
    offset_h = (start_week - 1) * 7 * 24
    if len(repeat) == 0:
        if weeks is not None:
            raise ValueError(f"weeks: regimen {regimen!r} is a fixed schedule; leave weeks unset")
        cycles, period_h = 1, 0.0
    else:
        if weeks is None or not isinstance(weeks, int) or weeks < 1:
            raise ValueError(f"weeks: regimen {regimen!r} repeats; give a whole number of weeks >= 1, got {weeks!r}")
        period_h = float(repeat[0]) * 24
        cycles = max(1, int((weeks * 7 * 24) // period_h))
    doses = []
    for cycle in range(cycles):
        for _, row in rows.iterrows():
            day = (int(row["week"]) - 1) * 7 + WEEKDAYS.index(row["weekday"])
            time = offset_h + cycle * period_h + day * 24 + dosing_hour
            doses.append(Dose(time, float(row["dose_mg"]), row["route"], row["form"]))
    return sorted(doses, key=lambda d: d.time_h)


def skip_day(doses: Iterable[Dose], day: int) -> list[Dose]:
    """The same doses with every dose on ``day`` (counted from 0 = the first Monday) left out."""
    doses = list(doses)
    if not isinstance(day, int) or day < 0:
        raise ValueError(f"day: expected a day number from 0, got {day!r}")
    kept = [d for d in doses if int(d.time_h // 24) != day]
    if len(kept) == len(doses):
        raise ValueError(f"day: there is no dose on day {day} to skip")
    return kept


def day_label(day: int) -> str:
    """'Mon wk 1' for day 0, and so on."""
    return f"{WEEKDAYS[day % 7]} wk {day // 7 + 1}"


def every(
    interval_h: float, dose_mg: float, *, weeks: int, route: str = "oral", first_dose_h: float = DOSING_HOUR
) -> list[Dose]:
    """A dose every ``interval_h`` hours for ``weeks`` weeks: the building block of the explorer."""
    for name, value in (("interval_h", interval_h), ("dose_mg", dose_mg)):
        if not isinstance(value, (int, float)) or value <= 0:
            raise ValueError(f"{name}: expected a positive number, got {value!r}")
    if not isinstance(weeks, int) or weeks < 1:
        raise ValueError(f"weeks: expected a whole number of weeks >= 1, got {weeks!r}")
    end = weeks * 7 * 24
    count = int((end - first_dose_h) // interval_h) + 1
    return [
        Dose(first_dose_h + k * interval_h, float(dose_mg), route)
        for k in range(count)
        if first_dose_h + k * interval_h < end
    ]


def weekly(
    doses_mg: Mapping[str, float],
    *,
    weeks: int,
    start_week: int = 1,
    dosing_hour: float = DOSING_HOUR,
    route: str = "oral",
) -> list[Dose]:
    """A weekly pattern with its own dose on each dosing day, repeated for ``weeks`` weeks.

    ``weekly({"Mon": 100, "Wed": 100, "Fri": 150}, weeks=4)`` is the review's supervised schedule:
    the designs a clinic weighs (a heavier Friday dose to cover the weekend) need a dose per weekday,
    which :func:`every` (one dose at a fixed interval) cannot express. Days are named as in
    :data:`WEEKDAYS`; days left out get no dose.
    """
    if not isinstance(doses_mg, Mapping) or not doses_mg:
        raise ValueError(f"doses_mg: expected a mapping of weekday to dose, such as {{'Mon': 100}}, got {doses_mg!r}")
    for day, dose_mg in doses_mg.items():
        if day not in WEEKDAYS:
            raise ValueError(f"doses_mg: {day!r} is not a weekday; use one of {', '.join(WEEKDAYS)}")
        if isinstance(dose_mg, bool) or not isinstance(dose_mg, (int, float)) or not 0 < dose_mg < float("inf"):
            raise ValueError(f"doses_mg[{day!r}]: expected a positive number of mg, got {dose_mg!r}")
    if isinstance(weeks, bool) or not isinstance(weeks, int) or weeks < 1:
        raise ValueError(f"weeks: expected a whole number of weeks >= 1, got {weeks!r}")
    if isinstance(start_week, bool) or not isinstance(start_week, int) or start_week < 1:
        raise ValueError(f"start_week: expected a week number from 1, got {start_week!r}")
    if not isinstance(dosing_hour, (int, float)) or not 0 <= dosing_hour < 24:
        raise ValueError(f"dosing_hour: expected an hour of the day in [0, 24), got {dosing_hour!r}")
    first_day = (start_week - 1) * 7
    doses = [
        Dose((first_day + 7 * week + WEEKDAYS.index(day)) * 24.0 + dosing_hour, float(dose_mg), route)
        for week in range(weeks)
        for day, dose_mg in doses_mg.items()
    ]
    return sorted(doses, key=lambda d: d.time_h)
