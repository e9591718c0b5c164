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

from ..references import short_citation
from ..trials import comparisons, funnel_shares
from .style import GREY, OKABE_ITO, finalise, new_figure

FORM_COLOURS = {"oral": OKABE_ITO["blue"], "implant": OKABE_ITO["purple"],
                "extended-release injection": OKABE_ITO["vermillion"], "pooled": OKABE_ITO["black"]}
KIND_TITLES = {
    "benefit": "More is better (retention, abstinence): above 1 favours naltrexone",
    "harm": "Less is better (relapse, drug use): below 1 favours naltrexone",
}
FORM_SHORT = {"oral": "oral", "implant": "implant", "extended-release injection": "injection"}
RATIO_TICKS = (0.2, 0.5, 1, 2, 5, 10)


def _tag(confidence: str) -> str:
    return f"[{confidence}" + (", unverified]" if confidence == "C" else "]")


def effect_rows(trials: pd.DataFrame, pooled: pd.DataFrame, condition: str) -> pd.DataFrame:
    """One row per drawn effect: trial risk ratios from counts, then pooled risk ratios."""
    if condition not in set(trials["condition"]) | set(pooled["condition"]):
        raise ValueError(f"condition: no trials or pooled estimates for {condition!r}")
    rows = []
    for _, row in comparisons(trials[trials["condition"] == condition]).iterrows():
        rows.append({
            "label": f"{row['trial']}: {FORM_SHORT[row['naltrexone_form']]} vs {row['comparator']}\n{row['outcome']}",
            "detail": (f"{int(row['events_naltrexone'])}/{int(row['n_naltrexone'])} vs "
                       f"{int(row['events_comparator'])}/{int(row['n_comparator'])}"),
            "estimate": row["rr"], "low": row["rr_low"], "high": row["rr_high"],
            "kind": row["outcome_kind"], "style": row["naltrexone_form"], "confidence": row["confidence"],
            "source": row["source"]})
    ratios = pooled[(pooled["condition"] == condition) & (pooled["measure"] == "risk ratio")]
    for _, row in ratios.iterrows():
        studies = f"{int(row['n_studies'])} studies" if pd.notna(row["n_studies"]) else "pooled"
        rows.append({
            "label": f"{row['review']} (pooled)\n{row['outcome']}", "detail": studies,
            "estimate": row["value"], "low": row["ci_low"], "high": row["ci_high"],
            "kind": row["outcome_kind"], "style": "pooled", "confidence": row["confidence"],
            "source": row["source"]})
    return pd.DataFrame(rows)


def effects_forest_figure(trials: pd.DataFrame, pooled: pd.DataFrame, condition: str) -> Figure:
    """Forest plot of risk ratios for one condition: trials (squares) and pooled reviews (diamonds)."""
    rows = effect_rows(trials, pooled, condition)
    kinds = [k for k in ("benefit", "harm") if (rows["kind"] == k).any()]
    heights = [int((rows["kind"] == k).sum()) + 0.6 for k in kinds]
    fig = new_figure(8.8, 1.0 + 0.42 * sum(heights))
    fig.get_layout_engine().set(w_pad=0.12)  # room for hinted text at any resolution
    axes = np.atleast_1d(fig.subplots(len(kinds), 1, sharex=True, gridspec_kw={"height_ratios": heights}))
    low = min(rows["low"].min(), min(RATIO_TICKS)) * 0.8
    high = max(rows["high"].max(), max(RATIO_TICKS)) * 1.25
    for ax, kind in zip(axes, kinds):
        part = rows[rows["kind"] == kind]
        y = np.arange(len(part))[::-1]
        for yi, (_, row) in zip(y, part.iterrows()):
            colour = FORM_COLOURS[row["style"]]
            face = "white" if row["confidence"] == "C" else colour
            ax.plot([row["low"], row["high"]], [yi, yi], color=colour, lw=1.6)
            ax.plot([row["estimate"]], [yi], marker="D" if row["style"] == "pooled" else "s",
                    ms=7 if row["style"] == "pooled" else 6, mfc=face, mec=colour, ls="none")
        ax.axvline(1, color=GREY, lw=0.9)
        ax.set_yticks(y, [f"{lab} {_tag(c)}" for lab, c in zip(part["label"], part["confidence"])], fontsize=7)
        right = ax.twinx()
        right.set_ylim(-0.6, len(part) - 0.4)
        right.set_yticks(y, [f"{d}\n{e:.2f} ({lo:.2f}–{hi:.2f})" for d, e, lo, hi in
                             zip(part["detail"], part["estimate"], part["low"], part["high"])], fontsize=7)
        right.tick_params(axis="y", length=0)
        right.spines[["top", "right", "left"]].set_visible(False)
        ax.set_ylim(-0.6, len(part) - 0.4)
        ax.set_title(KIND_TITLES[kind], loc="left", fontsize=8)
        ax.set_xscale("log")
        ax.set_xlim(low, high)
        ax.grid(axis="x", color="#dddddd", lw=0.6)
        ax.set_axisbelow(True)
    axes[-1].xaxis.set_major_locator(FixedLocator(RATIO_TICKS))
    axes[-1].xaxis.set_minor_locator(NullLocator())
    axes[-1].xaxis.set_major_formatter(lambda v, _: f"{v:g}")
    axes[-1].set_xlabel("risk ratio, naltrexone against comparator (log scale, 95 % CI)")
    styles = [s for s in FORM_COLOURS if (rows["style"] == s).any()]
    handles = [Line2D([], [], marker="D" if s == "pooled" else "s", color=FORM_COLOURS[s], ls="-",
                      label="pooled review" if s == "pooled" else f"trial, {s}") for s in styles]
    fig.legend(handles=handles, loc="outside lower center", ncols=len(handles), frameon=False, fontsize=7)
    return finalise(fig)


def effects_forest_alt(trials: pd.DataFrame, pooled: pd.DataFrame, condition: str) -> str:
    rows = effect_rows(trials, pooled, condition)
    parts = [f"{lab.replace(chr(10), ', ')}: {e:.2f} ({lo:.2f} to {hi:.2f})"
             for lab, e, lo, hi in zip(rows["label"], rows["estimate"], rows["low"], rows["high"])]
    return (f"Forest plot of risk ratios for naltrexone in {condition}, on a log scale with a line at 1. "
            + "; ".join(parts) + ".")


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
            ax.barh(y, 100 * row["share"], height=0.7, color=colour,
                    hatch="//" if row["confidence"] == "C" else None)
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
