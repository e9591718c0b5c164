"""Dosing calendars: the review's induction schedule and the usual maintenance regimens, drawn
as week-by-day grids from ``data/dosing_regimens.csv``."""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pandas as pd
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure

from ..references import short_citation
from ..regimens import DOSING_HOUR, WEEKDAYS, schedule
from .style import GREY, finalise, house_figure, new_figure

# White to the book's blue: darker cells carry larger doses, and an empty day stays white.
DOSE_MAP = LinearSegmentedColormap.from_list("dose", ["#ffffff", "#0072B2"])
CALENDAR_REGIMENS = (
    ("review-induction", "The review's three-week induction"),
    ("daily-50", "50 mg every day"),
    ("weekdays-50-saturday-100", "50 mg on weekdays, 100 mg on Saturday"),
    ("mon-wed-fri", "Monday, Wednesday and Friday"),
)


def daily_doses(regimen: str, weeks: int, table: pd.DataFrame) -> np.ndarray:
    """A weeks-by-seven array of the milligrams taken each day (zero on days without a dose)."""
    rows = table[table["regimen"] == regimen]
    repeating = rows["repeat_every_days"].notna().any()
    doses = schedule(regimen, weeks=weeks if repeating else None, table=table)
    grid = np.zeros((weeks, 7))
    for dose in doses:
        day = int((dose.time_h - DOSING_HOUR) // 24)
        if day < weeks * 7:
            grid[day // 7, day % 7] += dose.amount_mg
    return grid


def _tag(rows: pd.DataFrame) -> str:
    worst = max(rows["confidence"])  # "C" > "B" > "A": the weakest row sets the tag
    sources = ", ".join(dict.fromkeys(short_citation(s) for s in rows["source"]))
    return f"{sources} [{worst}{', unverified' if worst == 'C' else ''}]"


@house_figure
def dosing_calendar_figure(table: pd.DataFrame, regimens=CALENDAR_REGIMENS, weeks: int = 3) -> Figure:
    """One calendar per regimen: weeks down, days across, the dose in each cell."""
    if not isinstance(weeks, int) or weeks < 1:
        raise ValueError(f"weeks: expected a whole number of weeks >= 1, got {weeks!r}")
    grids = {rid: daily_doses(rid, weeks, table) for rid, _ in regimens}
    top = max(grid.max() for grid in grids.values())
    fig = new_figure(7.2, 0.6 + (0.42 * weeks + 0.55) * len(regimens))
    axes = np.atleast_1d(fig.subplots(len(regimens), 1))
    for ax, (rid, title) in zip(axes, regimens):
        grid = grids[rid]
        # Capped well below full blue so black numbers stay legible in every cell.
        ax.imshow(grid, cmap=DOSE_MAP, vmin=0, vmax=top * 1.6, aspect="auto")
        for week in range(weeks):
            for day in range(7):
                mg = grid[week, day]
                ax.text(
                    day,
                    week,
                    f"{mg:g}" if mg else "–",
                    ha="center",
                    va="center",
                    fontsize=8,
                    color="black" if mg else GREY,
                )
        ax.set_xticks(range(7), WEEKDAYS)
        ax.set_yticks(range(weeks), [f"week {w + 1}: {grid[w].sum():g} mg" for w in range(weeks)])
        ax.tick_params(length=0)
        ax.set_xticks(np.arange(-0.5, 7), minor=True)
        ax.set_yticks(np.arange(-0.5, weeks), minor=True)
        ax.grid(which="minor", color="#999999", lw=0.6)
        ax.tick_params(which="minor", length=0)
        ax.set_title(f"{title} · {_tag(table[table['regimen'] == rid])}", loc="left", fontsize=8)
        for spine in ax.spines.values():
            spine.set_visible(False)
    return finalise(fig)


def dosing_calendar_alt(table: pd.DataFrame, regimens=CALENDAR_REGIMENS, weeks: int = 3) -> str:
    parts = []
    for rid, title in regimens:
        grid = daily_doses(rid, weeks, table)
        weekly = ", ".join(f"week {w + 1} {grid[w].sum():g} mg" for w in range(weeks))
        days = defaultdict(list)
        for w in range(weeks):
            for d in range(7):
                if grid[w, d]:
                    days[w].append(f"{WEEKDAYS[d]} {grid[w, d]:g}")
        first = "; ".join(days[0])
        parts.append(f"{title}: first week {first}; totals {weekly}")
    return "Dosing calendars, weeks by days. " + ". ".join(parts) + "."
