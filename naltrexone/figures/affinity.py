"""Fig 1, re-created: how tightly opioids bind the µ receptor, relative to a reference drug.

The review's Fig 1 showed µ affinities relative to morphine, "mostly from rat brain", drawn
freely from two references that are now lost. This re-creation uses primary binding data
instead, and keeps each study's assay in its own panel, because a ratio of binding constants
is only meaningful inside one assay.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from ..receptors import relative_affinity
from ..references import short_citation
from .style import GREY, ROLE_COLOURS, ROLE_LABELS, finalise, house_figure, new_figure, source_line


@dataclass(frozen=True)
class Panel:
    """One assay drawn in one panel."""

    assay: str
    reference: str = "morphine"
    compounds: tuple[str, ...] | None = None  # a subset to draw; None draws every row


#: The panels of the re-created Fig 1: assays whose values were seen in the primary source.
#: A fourth assay on human receptors (Volpe et al. 2011) is left out: of its per-drug values only
#: two could be checked against the paper, and a textbook figure should not rest on the rest.
FIG1_PANELS = (
    Panel("chen1991-rat-damgo"),
    Panel("inturrisi1983-rat-naltrexone"),
    # No verified assay measures naltrexone beside morphine, so the antagonists are compared
    # with naltrexone in their own assay instead of being paired with another study's morphine.
    Panel("michel1985-rat-dihydromorphine", reference="naltrexone"),
)
#: The unverified human-receptor assay, for the notebook's exercise on what rests on C values.
VOLPE_PANEL = Panel(
    "volpe2011-human-mu",
    compounds=(
        "sufentanil",
        "buprenorphine",
        "hydromorphone",
        "fentanyl",
        "morphine",
        "methadone",
        "oxycodone",
        "pethidine (meperidine)",
        "codeine",
        "tramadol",
    ),
)

_MEASURE = {"ki": "Ki", "ic50": "IC50"}
#: Caveats the authors themselves attach to a value (see the row's note in data/): drawn beside the
#: bar, because a reader of the figure alone would otherwise take the bar at face value.
AUTHORS_CAVEATS = {"inturrisi1983-heroin": "\nthe authors: mostly 6-MAM formed in the assay"}
_RADIOLIGAND = {"[3H]": "[³H]", " mu ": " µ "}


def _pretty(text: str) -> str:
    for raw, nice in _RADIOLIGAND.items():
        text = text.replace(raw, nice)
    return text


def panel_table(binding: pd.DataFrame, panel: Panel) -> pd.DataFrame:
    """The rows one panel draws, with relative affinity, sorted tightest-binding first."""
    table = relative_affinity(binding, panel.assay, reference=panel.reference)
    if panel.compounds is not None:
        unknown = set(panel.compounds) - set(table["compound"])
        if unknown:
            raise ValueError(f"panel {panel.assay!r}: compound(s) not in the data: {', '.join(sorted(unknown))}")
        table = table[table["compound"].isin(panel.compounds)]
    return table.sort_values("relative_affinity", ascending=False).reset_index(drop=True)


def _panel_title(rows: pd.DataFrame, panel: Panel) -> str:
    first = rows.iloc[0]
    sources = ", ".join(sorted({short_citation(s) for s in rows["source"]}))
    species = _pretty(first["preparation"])
    radioligand = _pretty(first["radioligand"])
    if radioligand.startswith("not stated"):
        radioligand = "radioligand not stated"
    return f"{sources}: {species}\n{radioligand}; {_MEASURE[first['measure']]} ratios relative to {panel.reference}"


@house_figure
def relative_affinity_figure(binding: pd.DataFrame, panels=FIG1_PANELS) -> Figure:
    """Draw the re-created Fig 1 from the ``receptor_binding`` table.

    Bars start at 1 (the panel's reference compound) and run right for tighter binding, left
    for weaker, on a log scale. Colour gives the compound's role at the µ receptor. A bar
    whose ratio rests on an unverified (C) value is drawn hatched and unfilled and labelled
    "unverified".
    """
    tables = [panel_table(binding, p) for p in panels]
    counts = [len(t) for t in tables]
    fig = new_figure(7.5, 1.4 + 0.26 * sum(counts) + 0.62 * len(panels))
    axes = fig.subplots(len(panels), 1, sharex=True, gridspec_kw={"height_ratios": [c + 0.6 for c in counts]})
    axes = np.atleast_1d(axes)
    for ax, rows, panel in zip(axes, tables, panels):
        _draw_panel(ax, rows, panel)
    axes[-1].set_xscale("log")
    smallest = min(float(t["relative_affinity"].min()) for t in tables)
    axes[-1].set_xlim(min(0.01, 10 ** np.floor(np.log10(smallest)) / 3), 300)
    axes[-1].set_xlabel(
        "Affinity relative to the panel's reference compound (log scale; right of 1 = binds more tightly)"
    )
    handles = [Patch(facecolor=ROLE_COLOURS[r], label=ROLE_LABELS[r]) for r in ROLE_COLOURS]
    if any((t["ratio_confidence"] == "C").any() for t in tables):
        handles.append(Patch(facecolor="white", edgecolor=GREY, hatch="////", label="unverified value (confidence C)"))
    fig.legend(handles=handles, loc="outside upper center", ncols=4, frameon=False)
    sources = sorted({s for t in tables for s in t["source"]})
    source_line(
        fig,
        "Re-created from primary binding data: "
        + "; ".join(short_citation(s) for s in sources)
        + ".\nEach ratio divides two values from the same study's assay; "
        "[A]/[B]/[C] = confidence of the ratio's inputs.",
    )
    return finalise(fig)


def _ratio_text(value: float) -> str:
    """'8.5×', '0.061×'; very small ratios as a fraction, '1/10,700×', which reads better."""
    if value >= 10:
        return f"{value:.0f}×"
    if value >= 0.01:
        return f"{value:.2g}×"
    return f"1/{float(f'{1 / value:.3g}'):,.0f}×"


def _draw_panel(ax, rows: pd.DataFrame, panel: Panel) -> None:
    y = np.arange(len(rows))[::-1]
    for yi, (_, row) in zip(y, rows.iterrows()):
        value = row["relative_affinity"]
        colour = ROLE_COLOURS[row["role"]]
        unverified = row["ratio_confidence"] == "C"
        left, width = (1.0, value - 1.0) if value >= 1 else (value, 1.0 - value)
        if row["compound"] == panel.reference:
            ax.plot([1], [yi], marker="D", color=colour, markersize=6, zorder=3)
        else:
            ax.barh(
                yi,
                width,
                left=left,
                height=0.62,
                color="white" if unverified else colour,
                edgecolor=colour,
                hatch="////" if unverified else None,
                linewidth=0.9,
            )
        shown = _ratio_text(value)
        tag = f"  [{row['ratio_confidence']}{', unverified' if unverified else ''}]"
        text = ("reference" if row["compound"] == panel.reference else shown) + tag + AUTHORS_CAVEATS.get(row["id"], "")
        x_text = max(value, 1.0) * 1.3
        ax.text(x_text, yi, text, va="center", ha="left", fontsize=7.5, color=GREY if unverified else "black")
    ax.axvline(1.0, color=GREY, linewidth=0.8, linestyle="--", zorder=0)
    ax.set_yticks(y, rows["compound"])
    ax.set_ylim(-0.7, len(rows) - 0.3)
    ax.set_title(_panel_title(rows, panel), loc="left", fontsize=8.5)
    ax.tick_params(axis="y", length=0)
    ax.spines["left"].set_visible(False)


def relative_affinity_alt(binding: pd.DataFrame, panels=FIG1_PANELS) -> str:
    """Alt text for Fig 1, stating what each verified panel shows, computed from the data."""
    parts = [
        "Horizontal bar chart, one panel per binding study, of µ-receptor affinity relative "
        "to a reference compound on a log scale."
    ]
    for panel in panels:
        rows = panel_table(binding, panel)
        others = rows[rows["compound"] != panel.reference]
        if (others["ratio_confidence"] == "C").all():
            parts.append(
                f"{short_citation(rows['source'].iloc[0])}: {len(others)} values relative to "
                f"{panel.reference}, all drawn hatched as unverified."
            )
            continue
        phrases = [f"{r['compound']} {_ratio_text(r['relative_affinity'])}" for _, r in others.iterrows()]
        parts.append(
            f"{short_citation(rows['source'].iloc[0])}, relative to {panel.reference}: " + ", ".join(phrases) + "."
        )
    return " ".join(parts)
