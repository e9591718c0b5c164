"""Pharmacokinetic figures for the chapter on pharmacokinetics, all drawn from the calibrated model.

Each function takes the data tables it shows and the model parameters, and returns a Figure.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from ..facts import central_value
from ..pk import Dose, PKParameters, Simulation, dose_ratio_over_time, hours_above, mu_occupancy, simulate
from ..references import short_citation
from ..regimens import schedule, skip_day
from .style import GREY, OKABE_ITO, book_style, finalise, new_figure, source_line

DT_H = 0.1
FOUR_WEEKS_H = 28 * 24
ANALYTE_COLOURS = {"naltrexone": OKABE_ITO["blue"], "6β-naltrexol": OKABE_ITO["orange"]}

#: Where binding constants and protein binding come from (rows of data/).
KI_NALTREXONE = "receptor_binding:wentland2009-naltrexone-mu"
KI_6BN = "receptor_binding:pelotte2009-6bn-mu"
PROTEIN_BINDING = "plasma_kinetics:swiss-protein-binding"
BLOCKING_LEVEL = "castillo2024-blocking-level"


def binding_inputs() -> dict[str, float]:
    """Ki of both antagonists and the unbound fraction, from the data (same fu assumed for both)."""
    fu = 1.0 - central_value(PROTEIN_BINDING) / 100.0
    return {"ki_naltrexone_nm": central_value(KI_NALTREXONE), "ki_6bn_nm": central_value(KI_6BN),
            "fu_naltrexone": fu, "fu_6bn": fu}


@dataclass(frozen=True)
class Regimen:
    label: str
    doses: tuple[Dose, ...]


def standard_regimens() -> tuple[Regimen, ...]:
    """The regimens the chapter compares over four weeks, built from data/dosing_regimens.csv."""
    daily = schedule("daily-50", weeks=4)
    return (
        Regimen("50 mg every day", tuple(daily)),
        Regimen("100/100/150 mg Mon/Wed/Fri", tuple(schedule("mon-wed-fri", weeks=4))),
        Regimen("review's induction, then Mon/Wed/Fri",
                tuple(schedule("review-induction") + schedule("mon-wed-fri", weeks=1, start_week=4))),
        Regimen("50 mg every day, Wednesday of week 3 missed", tuple(skip_day(daily, 16))),
        Regimen("380 mg injection every 4 weeks", tuple(schedule("xr-380", weeks=4))),
    )


def _simulate(params: PKParameters, doses, end_h: float = FOUR_WEEKS_H) -> Simulation:
    return simulate(params, doses, end_h, dt_h=DT_H)


SOURCE_MARKERS = ("o", "^", "v", "s", "D", "P")


def single_dose_figure(plasma: pd.DataFrame, params: PKParameters) -> Figure:
    """Model curves after single oral doses of 50 and 100 mg, with the observed peaks.

    Each observed peak has its own marker, named in the legend with its source, dose and
    confidence; error bars are standard deviations where the source gives them.
    """
    peaks = plasma[(plasma["parameter"] == "cmax") & (plasma["route"] == "oral")
                   & (plasma["regimen"] == "single")].sort_values(["dose_mg", "id"])
    markers = {row_id: SOURCE_MARKERS[k % len(SOURCE_MARKERS)]
               for k, row_id in enumerate(peaks.drop_duplicates("source")["source"])}
    # Draw the model at the doses the observations were made at (at most three line styles).
    doses = sorted(peaks["dose_mg"].unique())[:3]
    fig = new_figure(7.5, 4.8)
    with book_style():
        axes = fig.subplots(1, 2, sharey=True)
        for ax, analyte in zip(axes, ("naltrexone", "6β-naltrexol")):
            colour = ANALYTE_COLOURS[analyte]
            for dose, style in zip(doses, ("-", "--", ":")):
                sim = simulate(params, [Dose(0, dose)], 48, dt_h=0.05)
                ax.plot(sim.times_h, sim.concentration(analyte), style, color=colour, linewidth=1.6)
            for _, row in peaks[peaks["analyte"] == analyte].iterrows():
                sd = row["sd"] if pd.notna(row["sd"]) else 0.0
                ax.errorbar([row["time_h"]], [row["value"]],
                            yerr=[[min(sd, 0.9 * row["value"])], [sd]] if sd else None,
                            fmt=markers[row["source"]], color="black", markerfacecolor="white",
                            markersize=6.5, capsize=2.5, linewidth=0.9, zorder=5)
            ax.set_yscale("log")
            ax.set_xlim(0, 48)
            ax.set_xticks(np.arange(0, 49, 12))
            ax.set_xlabel("Hours after one oral dose")
            ax.set_title(analyte, loc="left")
            ax.grid(color="#eeeeee", linewidth=0.6)
        axes[0].set_ylim(0.05, 400)
        axes[0].set_ylabel("Plasma concentration (ng/mL, log scale)")
        handles = [Line2D([], [], color=GREY, linestyle=style, label=f"model, {dose:g} mg")
                   for dose, style in zip(doses, ("-", "--", ":"))]
        for source, marker in markers.items():
            rows = peaks[peaks["source"] == source]
            doses = "/".join(f"{d:.0f}" for d in sorted(rows["dose_mg"].unique()))
            handles.append(Line2D([], [], marker=marker, linestyle="none", color="black",
                                  markerfacecolor="white",
                                  label=f"{short_citation(source)}, {doses} mg [{rows['confidence'].iloc[0]}]"))
        fig.legend(handles=handles, loc="outside upper center", ncols=3, frameon=False, fontsize=7.5)
        source_line(fig, "Model: this book, calibrated to the cited observations (see the fit table). "
                    "Points: observed mean peaks (± SD where reported).")
    return finalise(fig)


def regimen_figure(params: PKParameters, regimens=None) -> Figure:
    """Plasma naltrexone and 6β-naltrexol over four weeks per regimen, against the level that blocks heroin.

    Each panel's title gives the hours in week 4 that naltrexone spends at or above that level.
    """
    regimens = regimens or standard_regimens()
    level = central_value(BLOCKING_LEVEL)
    fig = new_figure(7.5, 1.45 * len(regimens) + 1.2)
    with book_style():
        axes = np.atleast_1d(fig.subplots(len(regimens), 1, sharex=True, sharey=True))
        for ax, regimen in zip(axes, regimens):
            sim = _simulate(params, regimen.doses)
            days = sim.times_h / 24
            ax.axhspan(level, 1000, color=OKABE_ITO["green"], alpha=0.08, linewidth=0)
            ax.axhline(level, color=OKABE_ITO["green"], linewidth=0.8, linestyle="--")
            ax.plot(days, sim.naltrexol_ng_ml, color=ANALYTE_COLOURS["6β-naltrexol"], linewidth=0.9)
            ax.plot(days, sim.naltrexone_ng_ml, color=ANALYTE_COLOURS["naltrexone"], linewidth=1.1)
            # One artist for all the dose ticks: a line per dose made this figure slow to draw.
            ax.plot([dose.time_h / 24 for dose in regimen.doses], [0.03] * len(regimen.doses),
                    linestyle="none", marker="|", color="black", markersize=6)
            last_week = hours_above(sim, level, window_h=(21 * 24, FOUR_WEEKS_H))
            ax.set_title(f"{regimen.label}: at or above {level:g} ng/mL for {last_week:.0f} of the "
                         f"168 h of week 4", loc="left", fontsize=8)
            ax.set_yscale("log")
            ax.set_ylim(0.02, 400)
            ax.grid(axis="x", color="#eeeeee", linewidth=0.6)
        fig.legend(handles=[Line2D([], [], color=ANALYTE_COLOURS[a], label=a) for a in ANALYTE_COLOURS],
                   loc="outside upper center", ncols=2, frameon=False)
        axes[-1].set_xlim(0, 28)
        axes[-1].set_xticks(np.arange(0, 29, 7))
        axes[-1].set_xlabel("Days (ticks under the curves: doses)")
        fig.supylabel("Plasma concentration (ng/mL, log scale)", fontsize=9)
        source_line(fig, f"Model: this book. Dashed line: plasma level that blocked the liking of "
                    f"intravenous heroin, {short_citation('castillo2024')}.\nRegimens: "
                    f"{short_citation('revia_label_2013')}; the review; {short_citation('vivitrol_hcp')}.")
    return finalise(fig)


def occupancy_figure(params: PKParameters, occupancy: pd.DataFrame, regimens=None) -> Figure:
    """µ occupancy predicted from plasma levels and binding constants; Lee 1988 as a check."""
    binding = binding_inputs()
    regimens = regimens or standard_regimens()
    fig = new_figure(7.5, 6.2)
    with book_style():
        top, bottom = fig.subplots(2, 1, gridspec_kw={"height_ratios": [1, 1.1]})
        lee = occupancy[(occupancy["source"] == "lee1988")]
        dose = float(lee["naltrexone_dose_mg"].iloc[0])
        sim = simulate(params, [Dose(0, dose)], 170, dt_h=0.5)
        theta = 100 * mu_occupancy(sim, **binding)
        top.plot(sim.times_h, theta, color=OKABE_ITO["vermillion"], linewidth=1.8,
                 label="predicted: plasma naltrexone + 6β-naltrexol and their Ki")
        top.errorbar(lee["time_after_dose_h"], lee["occupancy_percent"], yerr=lee["dispersion_percent"],
                     fmt="o", color="black", capsize=2.5, markersize=5,
                     label=f"measured by PET, {short_citation('lee1988')} [B] (not used in the fit)")
        top.set_xlim(0, 170)
        top.set_xticks(np.arange(0, 169, 24))
        top.set_ylim(0, 104)
        top.set_xlabel(f"Hours after one oral dose of {dose:g} mg")
        top.set_ylabel("µ occupancy (%)")
        top.legend(loc="lower left", frameon=False, fontsize=7.5)
        top.grid(color="#eeeeee", linewidth=0.6)
        top.set_title("A single dose: prediction against measurement", loc="left")

        colours = [OKABE_ITO["blue"], OKABE_ITO["orange"], OKABE_ITO["green"], OKABE_ITO["purple"],
                   OKABE_ITO["vermillion"]]
        for regimen, colour in zip(regimens, colours):
            sim = _simulate(params, regimen.doses)
            theta = 100 * mu_occupancy(sim, **binding)
            bottom.plot(sim.times_h / 24, theta, color=colour, linewidth=1.1, label=regimen.label)
        bottom.set_ylim(90, 100.3)
        bottom.set_xlim(0, 28)
        bottom.set_xticks(np.arange(0, 29, 7))
        bottom.set_xlabel("Days")
        bottom.set_ylabel("µ occupancy (%)")
        bottom.legend(loc="lower left", frameon=False, fontsize=7, ncols=2)
        bottom.grid(color="#eeeeee", linewidth=0.6)
        bottom.set_title("The first four weeks of each regimen", loc="left")
        source_line(fig, f"Model: this book. Ki: {short_citation('wentland2009')} (naltrexone), "
                    f"{short_citation('pelotte2009')} (6β-naltrexol), both [B];\nunbound fraction from "
                    f"{short_citation('swiss_fachinfo')}.")
    return finalise(fig)


def dose_ratio_figure(params: PKParameters, regimens=None) -> Figure:
    """How many-fold an opioid dose would have to rise to overcome the blockade, over time.

    By default three regimens (daily tablets, three doses a week, the injection), for four weeks
    of treatment and two weeks after it stops.
    """
    binding = binding_inputs()
    if regimens is None:
        everything = standard_regimens()
        regimens = (everything[0], everything[1], everything[4])
    fig = new_figure(7.5, 4.2)
    with book_style():
        ax = fig.subplots()
        colours = [OKABE_ITO["blue"], OKABE_ITO["orange"], OKABE_ITO["vermillion"],
                   OKABE_ITO["green"], OKABE_ITO["purple"]]
        for regimen, colour in zip(regimens, colours):
            sim = _simulate(params, regimen.doses, end_h=FOUR_WEEKS_H + 14 * 24)
            ax.plot(sim.times_h / 24, dose_ratio_over_time(sim, **binding), color=colour,
                    linewidth=1.1, label=regimen.label)
        ax.axvline(28, color=GREY, linewidth=0.8, linestyle=":")
        ax.text(28.3, 1.3, "treatment stops", fontsize=7.5, color=GREY)
        ax.set_yscale("log")
        ax.set_ylim(1, 3000)
        ax.set_xlim(0, 42)
        ax.set_xticks(np.arange(0, 43, 7))
        ax.set_xlabel("Days")
        ax.set_ylabel("Dose ratio (log scale)")
        ax.grid(color="#eeeeee", linewidth=0.6)
        fig.legend(loc="outside upper center", ncols=3, frameon=False, fontsize=7.5)
        source_line(fig, "Dose ratio = 1 + Σ unbound concentration / Ki (Gaddum–Schild), from the "
                    "model's plasma levels and the cited binding constants.\nIt is not a safe dose: "
                    "see the warning in the text.")
    return finalise(fig)
