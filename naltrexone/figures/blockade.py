"""Fig 2, re-created: blockade of intravenous heroin after a single oral dose of naltrexone.

The review's Fig 2 showed the effect of 25 mg heroin IV given a day before and 2, 24, 48 and
72 h after 100 mg naltrexone (Verebey et al. 1976). Those per-time-point values could not be
found in any accessible source, so they are not reproduced. Instead the figure shows:

* top: µ-receptor occupancy predicted by the model in :mod:`naltrexone.blockade`, fitted to the
  PET measurements of Lee et al. (1988), for 50, 100 and 150 mg, with the review's challenge
  times marked on the 100 mg curve;
* bottom: what the studies and the label report about how long blockade lasts, each mark
  labelled with its source and confidence.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from .. import blockade
from .style import GREY, OKABE_ITO, book_style, finalise, new_figure, source_line

DOSE_COLOURS = {50: OKABE_ITO["blue"], 100: OKABE_ITO["vermillion"], 150: OKABE_ITO["purple"]}
X_LIMITS = (-30, 172)
SHARE_TEXT = {"all": "all", "most": "most", "about_half": "about half"}
LABEL_ROW = 62  # y (%) of the row of predicted values at the challenge times


def _tag(row) -> str:
    return f"[{row['confidence']}]"


def heroin_blockade_figure(occupancy: pd.DataFrame, challenges: pd.DataFrame) -> Figure:
    """Draw the re-created Fig 2 from the ``receptor_occupancy`` and ``heroin_challenge`` tables."""
    model = blockade.fit_lee1988(occupancy)
    low, high = blockade.fit_lee1988_envelope(occupancy)
    threshold, _ = blockade.label_threshold(model, challenges)
    lee_dose, lee_t, lee_theta, lee_sem = blockade.lee1988_observations(occupancy)

    fig = new_figure(7.5, 7.4)
    with book_style():
        top, bottom = fig.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": [3, 2.3]})
        _draw_occupancy(top, model, low, high, threshold, challenges,
                        lee_dose, lee_t, lee_theta, lee_sem)
        _draw_evidence(bottom, model, threshold, challenges)
        bottom.set_xlim(*X_LIMITS)
        bottom.set_xticks(np.arange(-24, 169, 24))
        bottom.set_xlabel("Hours after the naltrexone dose")
        source_line(fig, (
            "Model (this book): competitive occupancy fitted to Lee et al. 1988 (50 mg, PET). "
            "Evidence: REVIA label 2009 [A]; US label, reproduced [B];\n"
            "Volavka et al. 1976 [A]; Resnick et al. 1974 and the Verebey et al. 1976 design, "
            "as reported by the review [B].\n"
            "Verebey's per-time-point results could not be verified and are not drawn."))
    return finalise(fig)


def _draw_occupancy(ax, model, low, high, threshold, challenges, lee_dose, lee_t, lee_theta, lee_sem):
    # The model has no absorption phase, so curves start at the dose rather than rising to it.
    t = np.linspace(0, X_LIMITS[1], 689)
    ax.fill_between(t, 100 * low.occupancy(100, t), 100 * high.occupancy(100, t),
                    color=DOSE_COLOURS[100], alpha=0.15, linewidth=0,
                    label="100 mg, fits to Lee 1988 ± 1 SEM")
    for dose, colour in DOSE_COLOURS.items():
        ax.plot(t, 100 * model.occupancy(dose, t), color=colour,
                linewidth=2.4 if dose == 100 else 1.2, label=f"model, {dose} mg")
    ax.errorbar(lee_t, 100 * lee_theta, yerr=100 * lee_sem, fmt="o", color="black",
                markersize=4.5, capsize=2.5, linewidth=1,
                label=f"Lee et al. 1988, {lee_dose:.0f} mg, PET ± SEM [B]")

    doses, times = blockade.label_blockade_ends(challenges)
    for dose, time in zip(doses, times):
        ax.plot([time], [100 * model.occupancy(dose, time)], marker="s", markersize=8.5,
                color=DOSE_COLOURS.get(int(dose), GREY), markeredgecolor="black", zorder=4)
    ax.axhline(100 * threshold, color=GREY, linestyle="--", linewidth=0.9)
    ax.text(X_LIMITS[1] - 2, 100 * threshold + 1.5,
            f"{100 * threshold:.0f}%: where the label's blockade ends (derived)",
            ha="right", va="bottom", fontsize=7.5, color=GREY)

    design = challenges[(challenges["source"] == "verebey1976")
                        & (challenges["outcome"] == "challenge_time")]
    for time in design["time_after_dose_h"].to_numpy(float):
        value = 100 * model.occupancy(100, time)
        ax.plot([time], [value], marker="D", markersize=6, markerfacecolor="white",
                markeredgecolor=DOSE_COLOURS[100], markeredgewidth=1.4, zorder=5)
        # Values sit in a row below the curves, joined to their marker by a dotted line.
        ax.plot([time, time], [LABEL_ROW + 4, value], linestyle=":", linewidth=0.8,
                color=DOSE_COLOURS[100], zorder=1)
        ax.text(time, LABEL_ROW, f"{value:.0f}%", ha="center", va="center", fontsize=7.5,
                color=DOSE_COLOURS[100], fontweight="bold")

    handles, labels = ax.get_legend_handles_labels()
    handles += [Line2D([], [], marker="s", linestyle="none", color=GREY, markeredgecolor="black"),
                Line2D([], [], marker="D", linestyle="none", markerfacecolor="white",
                       markeredgecolor=DOSE_COLOURS[100])]
    labels += ["US label: end of blockade of 25 mg heroin IV",
               "review's heroin challenge times, predicted for 100 mg"]
    ax.legend(handles, labels, loc="lower left", bbox_to_anchor=(0.16, 0.0), frameon=False,
              fontsize=7.5)
    ax.set_ylim(0, 104)
    ax.set_ylabel("µ-receptor occupancy (%)")
    ax.set_title("Predicted µ-receptor blockade after one oral dose", loc="left")
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)


def _draw_evidence(ax, model, threshold, challenges):
    """One row per study: bars for 'blocked up to', markers for point observations."""
    rows = []
    label = challenges[(challenges["study"] == "US label")].sort_values("naltrexone_dose_mg")
    for _, r in label.iterrows():
        rows.append(("bar", f"US label, {r['naltrexone_dose_mg']:.0f} mg {_tag(r)}",
                     r, DOSE_COLOURS.get(int(r["naltrexone_dose_mg"]), GREY)))
    for _, r in challenges[challenges["source"] == "volavka1976"].iterrows():
        dose = f"{r['naltrexone_dose_mg']:.0f}"
        if pd.notna(r["naltrexone_dose_max_mg"]):
            dose += f"–{r['naltrexone_dose_max_mg']:.0f}"
        rows.append(("bar" if r["outcome"] == "blocked_up_to" else "weaker",
                     f"Volavka 1976, {dose} mg {_tag(r)}", r, GREY))
    resnick = challenges[challenges["source"] == "resnick1974"]
    if not resnick.empty:
        rows.append(("shares", f"Resnick 1974, share fully blocked\n(via review) {_tag(resnick.iloc[0])}",
                     resnick, GREY))
    design = challenges[(challenges["source"] == "verebey1976")
                        & (challenges["outcome"] == "challenge_time")]
    if not design.empty:
        rows.append(("design", f"Verebey 1976 design (via review) {_tag(design.iloc[0])}",
                     design, DOSE_COLOURS[100]))

    y_positions = np.arange(len(rows))[::-1]
    for y, (kind, text, data, colour) in zip(y_positions, rows):
        if kind == "bar":
            end = float(data["time_after_dose_h"])
            ax.barh(y, end, left=0, height=0.55, color=colour, alpha=0.85)
            text_at = end
            if data["study"] == "US label":
                predicted = model.time_to_occupancy(float(data["naltrexone_dose_mg"]), threshold)
                ax.plot([predicted], [y], marker="|", markersize=14, markeredgewidth=2,
                        color="black")
                text_at = max(end, predicted)
            ax.text(text_at + 3, y, f"blocked up to {end:.0f} h", va="center", fontsize=7.5)
        elif kind == "weaker":
            time = float(data["time_after_dose_h"])
            ax.plot([time], [y], marker="X", markersize=8, color=colour)
            ax.text(time + 3, y, f"antagonism weaker by {time:.0f} h", va="center", fontsize=7.5)
        elif kind == "shares":
            for _, r in data.iterrows():
                time = float(r["time_after_dose_h"])
                ax.plot([time], [y], marker="o", markersize=6, color=colour)
                ax.annotate(f"{r['naltrexone_dose_mg']:.0f} mg:\n{SHARE_TEXT[r['share_blocked']]}",
                            (time, y), textcoords="offset points", xytext=(0, 5), ha="center",
                            va="bottom", fontsize=7, linespacing=1.1)
        elif kind == "design":
            times = data["time_after_dose_h"].to_numpy(float)
            ax.plot(times, [y] * len(times), marker="v", linestyle="none", markersize=7,
                    color=colour)
            ax.text(times.max() + 5, y, "25 mg heroin IV challenges; results not verified",
                    va="center", fontsize=7.5)
    ax.axvline(0, color=GREY, linewidth=0.8)
    ax.set_yticks(y_positions, [r[1] for r in rows])
    ax.set_ylim(-0.7, len(rows) - 0.3)
    ax.tick_params(axis="y", length=0)
    ax.set_title("Reported duration of blockade (black tick: model-predicted end for that dose)",
                 loc="left")
    ax.grid(axis="x", color="#eeeeee", linewidth=0.6)


def heroin_blockade_alt(occupancy: pd.DataFrame, challenges: pd.DataFrame) -> str:
    """Alt text for Fig 2, with the model's and the sources' numbers computed from the data."""
    model = blockade.fit_lee1988(occupancy)
    threshold, _ = blockade.label_threshold(model, challenges)
    dose, times, theta, _ = blockade.lee1988_observations(occupancy)
    doses, ends = blockade.label_blockade_ends(challenges)
    predicted = [model.time_to_occupancy(float(d), threshold) for d in doses]
    lee = ", ".join(f"{100 * th:.0f}% at {t:.0f} h" for t, th in zip(times, theta))
    label = ", ".join(f"{d:.0f} mg for {e:.0f} h" for d, e in zip(doses, ends))
    model_ends = ", ".join(f"{p:.0f} h" for p in predicted)
    return (f"Two panels sharing a time axis in hours after one oral dose of naltrexone. Top: predicted "
            f"µ-receptor occupancy falls slowly over several days; curves for "
            f"{', '.join(f'{d:.0f}' for d in doses)} mg; the measured points after {dose:.0f} mg are "
            f"{lee} (relative to the 1-hour scan). A dashed line at {100 * threshold:.0f}% marks the "
            f"occupancy where the label's blockade ends. Bottom: bars for the label's durations of "
            f"blockade ({label}), with the model's predicted ends at {model_ends}, and markers for "
            f"the Volavka and Resnick observations and the challenge times of the original study.")
