"""Safety figures: liver enzymes against dose, and death or overdose rates by treatment period.

Both are evidence displays: every mark is one row of ``data/``, labelled with its source and
confidence, and a row tagged C is drawn open and marked "unverified" rather than as fact.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import FixedLocator, NullLocator
from matplotlib.transforms import blended_transform_factory

from ..references import short_citation
from ..safety import CI_COMPUTED, CI_NONE, CI_PUBLISHED, liver_evidence, mortality_rates
from .style import GREY, OKABE_ITO, finalise, house_figure, new_figure

DOSE_TICKS_MG = (25, 50, 100, 300)
FINDING_MARKERS = {"raised": "^", "no_change": "o", "fell": "v"}
FINDING_LABELS = {"raised": "enzymes rose in some patients", "no_change": "no rise", "fell": "enzymes fell on average"}
POPULATION_COLOURS = {
    "obesity": OKABE_ITO["vermillion"],
    "gambling and impulse disorders": OKABE_ITO["purple"],
    "alcohol dependence": OKABE_ITO["orange"],
    "opioid dependence": OKABE_ITO["blue"],
    "eating disorders": OKABE_ITO["green"],
    "Huntington's disease": OKABE_ITO["black"],
}
TREATMENT_COLOURS = {
    "oral naltrexone": OKABE_ITO["vermillion"],
    "naltrexone implant": OKABE_ITO["purple"],
    "extended-release naltrexone": OKABE_ITO["purple"],
    "methadone": OKABE_ITO["blue"],
    "buprenorphine": OKABE_ITO["green"],
    "any treatment": GREY,
}
PERIOD_LABELS = {
    "during": "while on it",
    "induction": "induction (first weeks)",
    "maintenance": "after induction",
    "after": "after stopping",
    "after, first months": "first months after stopping",
    "whole follow-up": "whole follow-up",
}
OUTCOME_LABELS = {
    "death": "deaths from any cause",
    "overdose death": "deaths from overdose",
    "overdose": "overdoses, fatal and non-fatal",
}


def _present(value) -> bool:
    return value is not None and value is not pd.NA and not (isinstance(value, float) and math.isnan(value))


def _tag(row) -> str:
    return f"[{row['confidence']}" + (", unverified]" if row["confidence"] == "C" else "]")


def _study_label(row, name: str | None = None) -> str:
    """The row's citation (or a given name, e.g. for a study known only through the review)."""
    return f"{name or short_citation(row['source'])} {_tag(row)}"


# --- liver -------------------------------------------------------------------------------


@house_figure
def liver_dose_figure(liver: pd.DataFrame, label_dose_mg: float) -> Figure:
    """Daily dose of each liver study (left) and the share with raised enzymes (right).

    ``label_dose_mg`` is the usual daily dose in the label, drawn as a reference line so the
    reader sees how far above it the worrying studies were.
    """
    if not label_dose_mg > 0:
        raise ValueError(f"label_dose_mg: expected a positive dose, got {label_dose_mg!r}")
    rows = liver_evidence(liver)
    if rows.empty:
        raise ValueError("liver: the table has no rows to draw")
    n = len(rows)
    fig = new_figure(7.2, 1.3 + 0.34 * n)
    dose_ax, share_ax = fig.subplots(1, 2, sharey=True, gridspec_kw={"width_ratios": [1.25, 1]})
    y = np.arange(n)[::-1]

    for yi, (_, row) in zip(y, rows.iterrows()):
        colour = POPULATION_COLOURS[row["population"]]
        unverified = row["confidence"] == "C"
        face = "white" if unverified else colour
        high = row["daily_dose_max_mg"] if _present(row["daily_dose_max_mg"]) else row["daily_dose_mg"]
        if high > row["daily_dose_mg"]:
            dose_ax.plot([row["daily_dose_mg"], high], [yi, yi], color=colour, lw=2.2, solid_capstyle="butt")
        dose_ax.plot(
            [row["daily_dose_mg"]],
            [yi],
            marker=FINDING_MARKERS[row["finding"]],
            ms=7,
            mfc=face,
            mec=colour,
            mew=1.3,
            ls="none",
        )
        if _present(row["share"]):
            share_ax.plot([100 * row["share_low"], 100 * row["share_high"]], [yi, yi], color=colour, lw=1.4)
            share_ax.plot([100 * row["share"]], [yi], marker="o", ms=6, mfc=face, mec=colour, ls="none")
            share_ax.annotate(
                f"{int(row['n_raised'])}/{int(row['n_naltrexone'])}",
                (100 * row["share_high"], yi),
                xytext=(4, 0),
                textcoords="offset points",
                va="center",
                fontsize=7,
            )
            if _present(row["comparator_share"]):
                share_ax.plot(
                    [100 * row["comparator_share"]], [yi - 0.28], marker="o", ms=5, mfc="white", mec=GREY, ls="none"
                )
                share_ax.plot(
                    [100 * row["comparator_share_low"], 100 * row["comparator_share_high"]],
                    [yi - 0.28, yi - 0.28],
                    color=GREY,
                    lw=1.0,
                )
        else:
            share_ax.text(1, yi, "not counted", color=GREY, fontsize=7, va="center")

    labels = [
        _study_label(row, row["study"] if row["source"] == "norwegian_review" else None) for _, row in rows.iterrows()
    ]
    dose_ax.set_yticks(y, labels)
    dose_ax.set_ylim(-0.7, n - 0.3)
    dose_ax.set_xscale("log")
    top = rows[["daily_dose_mg", "daily_dose_max_mg"]].max().max()
    dose_ax.set_xlim(min(15.0, 0.6 * rows["daily_dose_mg"].min()), max(500.0, 1.5 * top))
    dose_ax.xaxis.set_major_locator(FixedLocator(DOSE_TICKS_MG))
    dose_ax.xaxis.set_minor_locator(NullLocator())
    dose_ax.xaxis.set_major_formatter(lambda v, _: f"{v:g}")
    dose_ax.set_xlabel("naltrexone per day (mg, log scale)")
    dose_ax.axvline(label_dose_mg, color=GREY, ls="--", lw=1)
    dose_ax.text(label_dose_mg, -0.6, " usual dose", color=GREY, fontsize=7, va="bottom")
    dose_ax.set_title("Dose studied", loc="left")

    share_ax.set_xlim(-3, 100)  # a little room left of zero so a 0 % marker is drawn whole
    share_ax.set_xlabel("patients with raised\nenzymes (%, 95 % CI)")
    share_ax.set_title("Raised transaminases", loc="left")
    share_ax.tick_params(axis="y", left=False)

    populations = list(dict.fromkeys(rows["population"]))
    handles = [Line2D([], [], color=POPULATION_COLOURS[p], lw=6, label=p) for p in populations]
    handles += [
        Line2D([], [], marker=FINDING_MARKERS[f], color=GREY, mfc=GREY, ls="none", label=FINDING_LABELS[f])
        for f in FINDING_MARKERS
        if f in set(rows["finding"])
    ]
    if rows["comparator_share"].notna().any():
        handles.append(Line2D([], [], marker="o", mfc="white", mec=GREY, color=GREY, label="placebo arm"))
    fig.legend(handles=handles, loc="outside lower center", ncols=3, frameon=False, fontsize=7)
    return finalise(fig)


def _dose_text(row) -> str:
    if _present(row["daily_dose_max_mg"]) and row["daily_dose_max_mg"] > row["daily_dose_mg"]:
        return f"{row['daily_dose_mg']:g} to {row['daily_dose_max_mg']:g}"
    return f"{row['daily_dose_mg']:g}"


def liver_dose_alt(liver: pd.DataFrame, label_dose_mg: float) -> str:
    """Alt text for the liver figure, written from the same rows."""
    rows = liver_evidence(liver)
    counted = rows[rows["share"].notna()]
    parts = [
        f"{row['study']}, {_dose_text(row)} mg a day, {int(row['n_raised'])} of {int(row['n_naltrexone'])} raised"
        for _, row in counted.iterrows()
    ]
    return (
        f"Two-panel chart of {len(rows)} liver-enzyme studies of naltrexone. Left: the daily dose "
        f"of each, from {rows['daily_dose_mg'].min():g} to "
        f"{rows[['daily_dose_mg', 'daily_dose_max_mg']].max().max():g} mg, against the usual "
        f"{label_dose_mg:g} mg. Right: the share of patients with raised enzymes where counted: "
        + "; ".join(parts)
        + "."
    )


# --- overdose and death ------------------------------------------------------------------


@house_figure
def overdose_mortality_figure(table: pd.DataFrame) -> Figure:
    """Death and overdose rates per 100 person-years, one panel per study and outcome.

    Rows are ordered within a panel as the data table orders them. Whiskers are 95 % CIs:
    solid when published, dashed when computed from the counts; a row without either has none.
    """
    rows = mortality_rates(table)
    if rows.empty:
        raise ValueError("table: the table has no rows to draw")
    groups = list(dict.fromkeys(zip(rows["study"], rows["outcome"], rows["source"])))
    heights = [len(rows[(rows["study"] == s) & (rows["outcome"] == o)]) + 0.8 for s, o, _ in groups]
    fig = new_figure(7.2, 1.2 + 0.3 * sum(heights))
    axes = fig.subplots(len(groups), 1, sharex=True, gridspec_kw={"height_ratios": heights})
    axes = np.atleast_1d(axes)
    finite = pd.concat([rows["rate_100"], rows["low_100"], rows["high_100"]])
    finite = finite[(finite > 0) & finite.notna()]
    x_low, x_high = 10 ** math.floor(math.log10(finite.min())), 10 ** math.ceil(math.log10(finite.max()))

    for ax, (study, outcome, source) in zip(axes, groups):
        part = rows[(rows["study"] == study) & (rows["outcome"] == outcome)]
        y = np.arange(len(part))[::-1]
        for yi, (_, row) in zip(y, part.iterrows()):
            colour = TREATMENT_COLOURS[row["treatment"]]
            face = "white" if row["confidence"] == "C" else colour
            if row["ci_origin"] != CI_NONE:
                ax.plot(
                    [row["low_100"], row["high_100"]],
                    [yi, yi],
                    color=colour,
                    lw=1.6,
                    ls="--" if row["ci_origin"] == CI_COMPUTED else "-",
                )
            ax.plot(
                [row["rate_100"]],
                [yi],
                marker="D" if outcome == "overdose" else "s",
                ms=6,
                mfc=face,
                mec=colour,
                ls="none",
            )
            ax.annotate(
                f"{row['rate_100']:.3g}",
                (row["rate_100"], yi),
                xytext=(0, 5),
                textcoords="offset points",
                ha="center",
                fontsize=7,
            )
        ax.set_yticks(y, [f"{r['treatment']}, {PERIOD_LABELS[r['period']]}" for _, r in part.iterrows()])
        ax.set_ylim(-0.6, len(part) - 0.4)
        # Panel titles start at the figure's left edge, above the row labels, so long study
        # names never run off the right of the figure.
        ax.set_title(" ", loc="left")  # reserves the title's height in the layout
        title = ax.text(
            0.01,
            1.03,
            f"{short_citation(source)}: {OUTCOME_LABELS[outcome]} {_tag(part.iloc[0])}",
            transform=blended_transform_factory(fig.transFigure, ax.transAxes),
            fontsize=9,
            fontweight="bold",
            va="bottom",
            ha="left",
        )
        title.set_in_layout(False)
        ax.set_xscale("log")
        ax.set_xlim(x_low, x_high)
        ax.grid(axis="x", color="#dddddd", lw=0.6)
        ax.set_axisbelow(True)
    axes[-1].set_xlabel("events per 100 person-years (log scale)")
    axes[-1].xaxis.set_major_formatter(lambda v, _: f"{v:g}")
    origins = set(rows["ci_origin"])
    handles = [
        h
        for origin, h in (
            (CI_PUBLISHED, Line2D([], [], color=GREY, lw=1.6, label="95 % CI as published")),
            (CI_COMPUTED, Line2D([], [], color=GREY, lw=1.6, ls="--", label="95 % CI computed from the counts")),
            (CI_NONE, Line2D([], [], marker="s", color=GREY, ls="none", label="no interval in the source")),
        )
        if origin in origins
    ]
    fig.legend(handles=handles, loc="outside lower center", ncols=len(handles), frameon=False, fontsize=7)
    return finalise(fig)


def overdose_mortality_alt(table: pd.DataFrame) -> str:
    """Alt text for the mortality figure, written from the same rows."""
    rows = mortality_rates(table)
    parts = []
    for (study, outcome), part in rows.groupby(["study", "outcome"], sort=False):
        items = ", ".join(
            f"{r['treatment']} {PERIOD_LABELS[r['period']]} {r['rate_100']:.3g}" for _, r in part.iterrows()
        )
        parts.append(f"{study}, {OUTCOME_LABELS[outcome]} per 100 person-years: {items}")
    return "Dot-and-interval chart on a log scale. " + "; ".join(parts) + "."
