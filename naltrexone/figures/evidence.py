"""Evidence figures for the clinical chapter: forest plots of effects and treatment funnels.

Effects from single trials are computed from their arm-level counts (``naltrexone.trials``);
pooled estimates are drawn as published. Benefit outcomes (more is better) and harm outcomes
(less is better) are drawn in separate panels so that "which side favours naltrexone" never
changes within a panel.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import FixedLocator, NullLocator

from ..trials import comparisons, funnel_shares
from .style import GREY, OKABE_ITO, finalise, house_figure, new_figure

FORM_COLOURS = {
    "oral": OKABE_ITO["blue"],
    "implant": OKABE_ITO["purple"],
    "extended-release injection": OKABE_ITO["vermillion"],
    "pooled": OKABE_ITO["black"],
}
#: One panel per kind of row, each with a direction that never changes inside it. Rows whose
#: groups are no longer the randomised ones, and process measures, are drawn in panels of their own
#: so that they are never read as effects of the drug.
PANEL_TITLES = {
    "benefit": "More is better (retention, abstinence): above 1 favours naltrexone",
    "harm": "Less is better (relapse, drug use): below 1 favours naltrexone",
    "process": "A step of care, not a health outcome: above 1 favours naltrexone",
    "apart": "Not a comparison of randomised groups (for teaching only): below 1 favours naltrexone",
}
PANEL_ORDER = ("benefit", "harm", "process", "apart")
FORM_SHORT = {"oral": "oral", "implant": "implant", "extended-release injection": "injection"}
RATIO_TICKS = (0.2, 0.5, 1, 2, 5, 10)
#: Comparators, grouped so that rows against different comparators never interleave.
COMPARATOR_ORDER = ("placebo", "oral naltrexone", "buprenorphine-naloxone", "usual care")
ROLE_TEXT = {"main": "", "subgroup": ", a subgroup of its trials", "superseded": ", superseded by a later update"}


def _tag(confidence: str) -> str:
    return f"[{confidence}" + (", unverified]" if confidence == "C" else "]")


def _comparator_group(comparator: str) -> int:
    text = comparator.lower()
    for k, name in enumerate(COMPARATOR_ORDER):
        if text.startswith(name):
            return k
    return len(COMPARATOR_ORDER)


def effect_rows(trials: pd.DataFrame, pooled: pd.DataFrame, condition: str) -> pd.DataFrame:
    """One row per drawn effect: trial risk ratios from counts, then pooled risk ratios.

    Each row names its panel: benefit or harm for outcomes compared as randomised, process for
    steps of care, apart for anything not compared as randomised (per protocol, or a subgroup
    defined after randomisation). Within a panel, rows are grouped by comparator.
    """
    if condition not in set(trials["condition"]) | set(pooled["condition"]):
        raise ValueError(f"condition: no trials or pooled estimates for {condition!r}")
    rows = []
    for _, row in comparisons(trials[trials["condition"] == condition]).iterrows():
        randomised = row["analysis"] == "as randomised"
        panel = row["outcome_kind"] if randomised else "apart"
        label = f"{row['trial']}: {FORM_SHORT[row['naltrexone_form']]} vs {row['comparator']}\n{row['outcome']}"
        if not randomised:
            label += f" ({row['analysis']})"
        rows.append(
            {
                "label": label,
                "detail": (
                    f"{int(row['events_naltrexone'])}/{int(row['n_naltrexone'])} vs "
                    f"{int(row['events_comparator'])}/{int(row['n_comparator'])}"
                ),
                "estimate": row["rr"],
                "low": row["rr_low"],
                "high": row["rr_high"],
                "kind": row["outcome_kind"],
                "panel": panel,
                "analysis": row["analysis"],
                "group": _comparator_group(row["comparator"]),
                "role": "trial",
                "style": row["naltrexone_form"],
                "confidence": row["confidence"],
                "source": row["source"],
            }
        )
    ratios = pooled[(pooled["condition"] == condition) & (pooled["measure"] == "risk ratio")]
    for _, row in ratios.iterrows():
        studies = f"{int(row['n_studies'])} studies" if pd.notna(row["n_studies"]) else "studies not given"
        rows.append(
            {
                "label": f"{row['review']} (pooled{ROLE_TEXT[row['role']]})\n{row['outcome']}",
                "detail": studies,
                "estimate": row["value"],
                "low": row["ci_low"],
                "high": row["ci_high"],
                "kind": row["outcome_kind"],
                "panel": row["outcome_kind"],
                "analysis": "as randomised",
                "group": len(COMPARATOR_ORDER) + 1,
                "role": row["role"],
                "style": "pooled",
                "confidence": row["confidence"],
                "source": row["source"],
            }
        )
    frame = pd.DataFrame(rows)
    frame["_panel"] = frame["panel"].map(PANEL_ORDER.index)
    return frame.sort_values(["_panel", "group"], kind="stable").drop(columns="_panel").reset_index(drop=True)


@house_figure
def effects_forest_figure(trials: pd.DataFrame, pooled: pd.DataFrame, condition: str) -> Figure:
    """Forest plot of risk ratios for one condition: trials (squares) and pooled reviews (diamonds).

    Panels separate benefit from harm outcomes, process measures from outcomes, and comparisons of
    randomised groups from anything else; inside a panel a thin line separates comparators.
    Subgroup and superseded pooled estimates are drawn hollow.
    """
    rows = effect_rows(trials, pooled, condition)
    panels = [k for k in PANEL_ORDER if (rows["panel"] == k).any()]
    heights = [int((rows["panel"] == k).sum()) + 0.6 for k in panels]
    fig = new_figure(8.8, 1.2 + 0.42 * sum(heights) + 0.15 * len(panels))
    fig.get_layout_engine().set(w_pad=0.12)  # room for hinted text at any resolution
    axes = np.atleast_1d(fig.subplots(len(panels), 1, sharex=True, gridspec_kw={"height_ratios": heights}))
    low = min(rows["low"].min(), min(RATIO_TICKS)) * 0.8
    high = max(rows["high"].max(), max(RATIO_TICKS)) * 1.25
    for ax, panel in zip(axes, panels):
        part = rows[rows["panel"] == panel]
        y = np.arange(len(part))[::-1]
        for yi, (_, row) in zip(y, part.iterrows()):
            colour = FORM_COLOURS[row["style"]] if row["role"] in ("trial", "main") else GREY
            hollow = row["confidence"] == "C" or row["role"] in ("subgroup", "superseded") or panel == "apart"
            ax.plot([row["low"], row["high"]], [yi, yi], color=colour, lw=1.6, ls=":" if panel == "apart" else "-")
            ax.plot(
                [row["estimate"]],
                [yi],
                marker="D" if row["style"] == "pooled" else "s",
                ms=7 if row["style"] == "pooled" else 6,
                mfc="white" if hollow else colour,
                mec=colour,
                ls="none",
            )
        groups = part["group"].to_numpy()
        for k in np.nonzero(groups[1:] != groups[:-1])[0]:
            ax.axhline(y[k] - 0.5, color="#bbbbbb", lw=0.6)  # a new comparator starts below
        ax.axvline(1, color=GREY, lw=0.9)
        ax.set_yticks(y, [f"{lab} {_tag(c)}" for lab, c in zip(part["label"], part["confidence"])], fontsize=7)
        right = ax.twinx()
        right.set_ylim(-0.6, len(part) - 0.4)
        right.set_yticks(
            y,
            [
                f"{d}\n{e:.2f} ({lo:.2f}–{hi:.2f})"
                for d, e, lo, hi in zip(part["detail"], part["estimate"], part["low"], part["high"])
            ],
            fontsize=7,
        )
        right.tick_params(axis="y", length=0)
        right.spines[["top", "right", "left"]].set_visible(False)
        ax.set_ylim(-0.6, len(part) - 0.4)
        ax.set_title(PANEL_TITLES[panel], loc="left", fontsize=8)
        ax.set_xscale("log")
        ax.set_xlim(low, high)
        ax.grid(axis="x", color="#dddddd", lw=0.6)
        ax.set_axisbelow(True)
    axes[-1].xaxis.set_major_locator(FixedLocator(RATIO_TICKS))
    axes[-1].xaxis.set_minor_locator(NullLocator())
    axes[-1].xaxis.set_major_formatter(lambda v, _: f"{v:g}")
    axes[-1].set_xlabel("risk ratio, naltrexone against comparator (log scale, 95 % CI)")
    styles = [s for s in FORM_COLOURS if (rows["style"] == s).any()]
    handles = [
        Line2D(
            [],
            [],
            marker="D" if s == "pooled" else "s",
            color=FORM_COLOURS[s],
            ls="-",
            label="pooled review" if s == "pooled" else f"trial, {s}",
        )
        for s in styles
    ]
    if (rows["role"].isin(["subgroup", "superseded"])).any():
        handles.append(
            Line2D([], [], marker="D", color=GREY, mfc="white", ls="-", label="pooled: subgroup or superseded")
        )
    fig.legend(handles=handles, loc="outside lower center", ncols=len(handles), frameon=False, fontsize=7)
    return finalise(fig)


def effects_forest_alt(trials: pd.DataFrame, pooled: pd.DataFrame, condition: str) -> str:
    rows = effect_rows(trials, pooled, condition)
    parts = []
    for panel in PANEL_ORDER:
        part = rows[rows["panel"] == panel]
        if part.empty:
            continue
        items = [
            f"{lab.replace(chr(10), ', ')}: {e:.2f} ({lo:.2f} to {hi:.2f})"
            for lab, e, lo, hi in zip(part["label"], part["estimate"], part["low"], part["high"])
        ]
        parts.append(f"{PANEL_TITLES[panel].split(':')[0]}: " + "; ".join(items))
    return (
        f"Forest plot of risk ratios for naltrexone in {condition}, on a log scale with a line at 1, "
        "in panels. " + ". ".join(parts) + "."
    )


@house_figure
def funnel_figure(funnels: pd.DataFrame) -> Figure:
    """How many patients remain at each stage, as a share of the first stage, study by study."""
    rows = funnel_shares(funnels)
    groups = list(dict.fromkeys(zip(rows["study"], rows["arm"])))
    fig = new_figure(7.2, 0.9 + 0.28 * (len(rows) + 1.2 * len(groups)))
    fig.get_layout_engine().set(w_pad=0.12)
    ax = fig.subplots()
    y, ticks, labels = 0.0, [], []
    colours = [OKABE_ITO[c] for c in ("vermillion", "blue", "green", "orange", "purple", "sky")]
    for index, (study, arm) in enumerate(groups):
        part = rows[(rows["study"] == study) & (rows["arm"] == arm)]
        tag = _tag(part["confidence"].iloc[0])
        ax.text(0, y + 0.15, f"{study}, {arm} {tag}", fontsize=8, fontweight="bold", va="bottom")
        for _, row in part.iterrows():
            y -= 1
            colour = colours[index % len(colours)]
            ax.barh(y, 100 * row["share"], height=0.7, color=colour, hatch="//" if row["confidence"] == "C" else None)
            ax.text(100 * row["share"] + 1, y, f"{int(row['n'])} ({100 * row['share']:.0f} %)", va="center", fontsize=7)
            ticks.append(y)
            labels.append(row["stage"])
        y -= 1.2
    ax.set_yticks(ticks, labels, fontsize=7)
    ax.set_ylim(y + 0.6, 1.0)
    ax.set_xlim(0, 118)
    ax.set_xticks([0, 25, 50, 75, 100])
    ax.set_xlabel("patients at each stage, % of the first stage")
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="y", length=0)
    return finalise(fig)


def funnel_alt(funnels: pd.DataFrame) -> str:
    rows = funnel_shares(funnels)
    parts = []
    for (study, arm), part in rows.groupby(["study", "arm"], sort=False):
        steps = " to ".join(f"{int(n)} {stage}" for n, stage in zip(part["n"], part["stage"]))
        parts.append(f"{study} ({arm}): {steps}")
    return "Bar chart of patients remaining at each stage. " + "; ".join(parts) + "."
