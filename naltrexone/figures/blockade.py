"""Fig 2, re-created: blockade of intravenous heroin after a single oral dose of naltrexone.

The review's Fig 2 showed the effect of 25 mg heroin IV given a day before and 2, 24, 48 and
72 h after 100 mg naltrexone (Verebey et al. 1976). Those per-time-point values could not be
found in any accessible source, so they are not reproduced. Instead the figure shows:

* top: µ-receptor occupancy predicted by the model in :mod:`naltrexone.blockade`, fitted to the
  PET measurements of Lee et al. (1988), for 50, 100 and 150 mg, with the 95 % confidence band
  of the fitted decline for 100 mg and the model's values (labelled as such) at the review's
  challenge times;
* bottom: what the studies and the label report about how long blockade lasts, each mark
  labelled with its source and confidence.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from .. import blockade
from .style import GREY, OKABE_ITO, finalise, house_figure, new_figure, source_line

DOSE_COLOURS = {50: OKABE_ITO["blue"], 100: OKABE_ITO["vermillion"], 150: OKABE_ITO["purple"]}
X_LIMITS = (-30, 172)
SHARE_TEXT = {"all": "all", "most": "most", "about_half": "about half"}
LABEL_ROW = 62  # y (%) of the row of predicted values at the challenge times


def _tag(row) -> str:
    return f"[{row['confidence']}]"


@house_figure
def heroin_blockade_figure(occupancy: pd.DataFrame, challenges: pd.DataFrame) -> Figure:
    """Draw the re-created Fig 2 from the ``receptor_occupancy`` and ``heroin_challenge`` tables."""
    model = blockade.fit_lee1988(occupancy)
    threshold, _ = blockade.label_threshold(model, challenges)
    ends = blockade.label_blockade_ends(challenges)
    threshold_range = model.across_slope(lambda m: 100 * blockade.label_threshold(m, ends)[0])
    lee_dose, lee_t, lee_theta, lee_sem = blockade.lee1988_observations(occupancy)

    fig = new_figure(7.5, 7.4)
    top, bottom = fig.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": [3, 2.3]})
    _draw_occupancy(top, model, threshold, threshold_range, challenges, lee_dose, lee_t, lee_theta, lee_sem)
    _draw_evidence(bottom, challenges)
    bottom.set_xlim(*X_LIMITS)
    bottom.set_xticks(np.arange(-24, 169, 24))
    bottom.set_xlabel("Hours after the naltrexone dose")
    source_line(
        fig,
        (
            "Model (this book): competitive occupancy fitted to four PET means, Lee et al. 1988 (50 mg); "
            "band: 95% confidence interval of the fitted decline.\n"
            "Evidence: REVIA label 2009 [A]; US label, reproduced [B]; Volavka et al. 1976 [A]; "
            "Schuh et al. 1999 [A]; Resnick et al. 1974 and the\n"
            "Verebey et al. 1976 design, as reported by the review [B]. "
            "Verebey's per-time-point results could not be verified and are not drawn."
        ),
    )
    return finalise(fig)


def _draw_occupancy(ax, model, threshold, threshold_range, challenges, lee_dose, lee_t, lee_theta, lee_sem):
    # The model has no absorption phase, so curves start at the dose rather than rising to it.
    t = np.linspace(0, X_LIMITS[1], 689)
    band_low, band_high = blockade.occupancy_band(model, 100, t)
    ax.fill_between(
        t,
        100 * band_low,
        100 * band_high,
        color=DOSE_COLOURS[100],
        alpha=0.15,
        linewidth=0,
        label="100 mg, 95% confidence band of the fitted decline",
    )
    for dose, colour in DOSE_COLOURS.items():
        ax.plot(
            t,
            100 * model.occupancy(dose, t),
            color=colour,
            linewidth=2.4 if dose == 100 else 1.2,
            label=f"model, {dose} mg",
        )
    ax.errorbar(
        lee_t,
        100 * lee_theta,
        yerr=100 * lee_sem,
        fmt="o",
        color="black",
        markersize=4.5,
        capsize=2.5,
        linewidth=1,
        label=f"Lee et al. 1988, {lee_dose:.0f} mg, PET ± SEM [B] (fitted)",
    )

    doses, times = blockade.label_blockade_ends(challenges)
    for dose, time in zip(doses, times):
        ax.plot(
            [time],
            [100 * model.occupancy(dose, time)],
            marker="s",
            markersize=8.5,
            color=DOSE_COLOURS.get(int(dose), GREY),
            markeredgecolor="black",
            zorder=4,
        )
    ax.axhline(100 * threshold, color=GREY, linestyle="--", linewidth=0.9)

    design = challenges[(challenges["source"] == "verebey1976") & (challenges["outcome"] == "challenge_time")]
    for time in design["time_after_dose_h"].to_numpy(float):
        if time < 0:
            continue  # the control challenge came before the dose: there is nothing to predict
        value = 100 * model.occupancy(100, time)
        ax.plot(
            [time],
            [value],
            marker="D",
            markersize=6,
            markerfacecolor="white",
            markeredgecolor=DOSE_COLOURS[100],
            markeredgewidth=1.4,
            zorder=5,
        )
        # Model values sit in a row below the curves, joined to their marker by a dotted line,
        # and say that they are model values: the original study's results are not known.
        ax.plot([time, time], [LABEL_ROW + 4, value], linestyle=":", linewidth=0.8, color=DOSE_COLOURS[100], zorder=1)
        ax.text(
            time,
            LABEL_ROW,
            f"model\n{value:.0f}%",
            ha="center",
            va="center",
            fontsize=7,
            color=DOSE_COLOURS[100],
            linespacing=1.0,
        )

    handles, labels = ax.get_legend_handles_labels()
    handles += [
        Line2D([], [], marker="s", linestyle="none", color=GREY, markeredgecolor="black"),
        Line2D([], [], color=GREY, linestyle="--", linewidth=0.9),
        Line2D([], [], marker="D", linestyle="none", markerfacecolor="white", markeredgecolor=DOSE_COLOURS[100]),
    ]
    labels += [
        "US label: end of blockade of 25 mg heroin IV",
        f"where those blockades end if the model holds: {threshold_range.formatted(unit='%')}",
        "review's heroin challenge times: model values, not results",
    ]
    ax.legend(handles, labels, loc="lower left", bbox_to_anchor=(0.16, 0.0), frameon=False, fontsize=7.5)
    ax.set_ylim(0, 104)
    ax.set_ylabel("µ-receptor occupancy (%)")
    ax.set_title("Predicted µ-receptor blockade after one oral dose", loc="left")
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)


def _draw_evidence(ax, challenges):
    """One row per study: bars for 'blocked up to', markers for point observations."""
    rows = []
    label = challenges[(challenges["study"] == "US label")].sort_values("naltrexone_dose_mg")
    for _, r in label.iterrows():
        rows.append(
            (
                "bar",
                f"US label, {r['naltrexone_dose_mg']:.0f} mg {_tag(r)}",
                r,
                DOSE_COLOURS.get(int(r["naltrexone_dose_mg"]), GREY),
            )
        )
    for _, r in challenges[challenges["source"] == "volavka1976"].iterrows():
        dose = f"{r['naltrexone_dose_mg']:.0f}"
        if pd.notna(r["naltrexone_dose_max_mg"]):
            dose += f"–{r['naltrexone_dose_max_mg']:.0f}"
        rows.append(
            ("bar" if r["outcome"] == "blocked_up_to" else "weaker", f"Volavka 1976, {dose} mg {_tag(r)}", r, GREY)
        )
    for _, r in challenges[challenges["source"] == "schuh1999"].iterrows():
        rows.append(
            (
                "bar",
                f"Schuh 1999, a week of {r['naltrexone_dose_mg']:.0f} mg daily:\n"
                f"behavioural, not physiological, effects {_tag(r)}",
                r,
                GREY,
            )
        )
    resnick = challenges[challenges["source"] == "resnick1974"]
    if not resnick.empty:
        rows.append(("spacer", "", None, None))  # room for the share labels above the markers
        rows.append(
            ("shares", f"Resnick 1974, share fully blocked\n(via review) {_tag(resnick.iloc[0])}", resnick, GREY)
        )
    design = challenges[(challenges["source"] == "verebey1976") & (challenges["outcome"] == "challenge_time")]
    if not design.empty:
        rows.append(("design", f"Verebey 1976 design (via review) {_tag(design.iloc[0])}", design, DOSE_COLOURS[100]))

    y_positions = np.arange(len(rows))[::-1]
    for y, (kind, _text, data, colour) in zip(y_positions, rows):
        if kind == "bar":
            end = float(data["time_after_dose_h"])
            ax.barh(y, end, left=0, height=0.55, color=colour, alpha=0.85)
            # No model-predicted end is drawn beside the label's bars: the threshold was derived
            # from these same bars, so their agreement would be circular.
            text_at = end
            ax.text(text_at + 3, y, f"blocked up to {end:.0f} h", va="center", fontsize=7.5)
        elif kind == "weaker":
            time = float(data["time_after_dose_h"])
            ax.plot([time], [y], marker="X", markersize=8, color=colour)
            ax.text(time + 3, y, f"antagonism weaker by {time:.0f} h", va="center", fontsize=7.5)
        elif kind == "shares":
            for _, r in data.iterrows():
                time = float(r["time_after_dose_h"])
                ax.plot([time], [y], marker="o", markersize=6, color=colour)
                ax.annotate(
                    f"{r['naltrexone_dose_mg']:.0f} mg:\n{SHARE_TEXT[r['share_blocked']]}",
                    (time, y),
                    textcoords="offset points",
                    xytext=(0, 5),
                    ha="center",
                    va="bottom",
                    fontsize=7,
                    linespacing=1.1,
                )
        elif kind == "design":
            times = data["time_after_dose_h"].to_numpy(float)
            ax.plot(times, [y] * len(times), marker="v", linestyle="none", markersize=7, color=colour)
            ax.text(times.max() + 5, y, "25 mg IV heroin; results not verified", va="center", fontsize=7.5)
    ax.axvline(0, color=GREY, linewidth=0.8)
    ax.set_yticks(y_positions, [r[1] for r in rows])
    ax.set_ylim(-0.7, len(rows) - 0.3)
    ax.tick_params(axis="y", length=0)
    ax.set_title("Reported duration of blockade", loc="left")
    ax.grid(axis="x", color="#eeeeee", linewidth=0.6)


def heroin_blockade_alt(occupancy: pd.DataFrame, challenges: pd.DataFrame) -> str:
    """Alt text for Fig 2, with the model's and the sources' numbers computed from the data."""
    model = blockade.fit_lee1988(occupancy)
    half_life = model.half_life_interval()
    ends = blockade.label_blockade_ends(challenges)
    threshold = model.across_slope(lambda m: 100 * blockade.label_threshold(m, ends)[0])
    dose, times, theta, _ = blockade.lee1988_observations(occupancy)
    doses, ends = blockade.label_blockade_ends(challenges)
    lee = ", ".join(f"{100 * th:.0f}% at {t:.0f} h" for t, th in zip(times, theta))
    label = ", ".join(f"{d:.0f} mg for {e:.0f} h" for d, e in zip(doses, ends))
    schuh = challenges[challenges["source"] == "schuh1999"]
    schuh_text = "".join(
        f", and Schuh's behavioural blockade for {r['time_after_dose_h']:.0f} h after a week of "
        f"{r['naltrexone_dose_mg']:.0f} mg daily"
        for _, r in schuh.iterrows()
    )
    return (
        f"Two panels sharing a time axis in hours after one oral dose of naltrexone. Top: predicted "
        f"µ-receptor occupancy falls slowly over several days; curves for "
        f"{', '.join(f'{d:.0f}' for d in doses)} mg, fitted to the measured points after {dose:.0f} mg "
        f"({lee}, relative to the 1-hour scan); the half-life of the driving level is "
        f"{half_life.formatted(digits=0)}, drawn as a band around the 100 mg curve. A dashed line "
        f"marks the occupancy at which the label's blockades end if the model holds, "
        f"{threshold.formatted(unit='%')}. Bottom: bars for the label's durations of blockade "
        f"({label}), the Volavka and Resnick observations{schuh_text}, and the challenge times of "
        f"the original study, whose results are not known."
    )
