"""Pharmacokinetic figures for the chapter on pharmacokinetics, all drawn from the calibrated model.

Each function takes the data tables it shows and the model parameters, and returns a Figure.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from ..facts import central_value
from ..pk import Dose, PKParameters, Simulation, hours_above, simulate

# The model inputs live with the models; they are re-exported here because notebooks and
# exercises import them from this module.
# (`name as name` marks a re-export for readers and linters alike.)
from ..pk_inputs import (
    BLOCKING_LEVEL,
    FOUR_WEEKS_H,
    oral_regimens,
    standard_regimens,
)
from ..pk_inputs import (
    KI_6BN as KI_6BN,
)
from ..pk_inputs import (
    KI_NALTREXONE as KI_NALTREXONE,
)
from ..pk_inputs import (
    PROTEIN_BINDING as PROTEIN_BINDING,
)
from ..pk_inputs import (
    Regimen as Regimen,
)
from ..pk_inputs import (
    binding_inputs as binding_inputs,
)
from ..references import short_citation
from ..sensitivity import binding_scenarios, dose_ratio_band, occupancy_band
from .style import GREY, OKABE_ITO, finalise, house_figure, new_figure, source_line

DT_H = 0.1
ANALYTE_COLOURS = {"naltrexone": OKABE_ITO["blue"], "6β-naltrexol": OKABE_ITO["orange"]}


def _simulate(params: PKParameters, doses, end_h: float = FOUR_WEEKS_H) -> Simulation:
    return simulate(params, doses, end_h, dt_h=DT_H)


SOURCE_MARKERS = ("o", "^", "v", "s", "D", "P")


@house_figure
def single_dose_figure(plasma: pd.DataFrame, params: PKParameters) -> Figure:
    """Model curves after single oral doses of 50 and 100 mg, with the observed peaks.

    Each observed peak has its own marker, named in the legend with its source, dose and
    confidence; error bars are standard deviations where the source gives them.
    """
    peaks = plasma[
        (plasma["parameter"] == "cmax") & (plasma["route"] == "oral") & (plasma["regimen"] == "single")
    ].sort_values(["dose_mg", "id"])
    markers = {
        row_id: SOURCE_MARKERS[k % len(SOURCE_MARKERS)]
        for k, row_id in enumerate(peaks.drop_duplicates("source")["source"])
    }
    # Draw the model at the doses the observations were made at (at most three line styles).
    doses = sorted(peaks["dose_mg"].unique())[:3]
    fig = new_figure(7.5, 4.8)
    axes = fig.subplots(1, 2, sharey=True)
    for ax, analyte in zip(axes, ("naltrexone", "6β-naltrexol")):
        colour = ANALYTE_COLOURS[analyte]
        for dose, style in zip(doses, ("-", "--", ":")):
            sim = simulate(params, [Dose(0, dose)], 48, dt_h=0.05)
            ax.plot(sim.times_h, sim.concentration(analyte), style, color=colour, linewidth=1.6)
        for _, row in peaks[peaks["analyte"] == analyte].iterrows():
            sd = row["sd"] if pd.notna(row["sd"]) else 0.0
            ax.errorbar(
                [row["time_h"]],
                [row["value"]],
                yerr=[[min(sd, 0.9 * row["value"])], [sd]] if sd else None,
                fmt=markers[row["source"]],
                color="black",
                markerfacecolor="white",
                markersize=6.5,
                capsize=2.5,
                linewidth=0.9,
                zorder=5,
            )
        ax.set_yscale("log")
        ax.set_xlim(0, 48)
        ax.set_xticks(np.arange(0, 49, 12))
        ax.set_xlabel("Hours after one oral dose")
        ax.set_title(analyte, loc="left")
        ax.grid(color="#eeeeee", linewidth=0.6)
    axes[0].set_ylim(0.05, 400)
    axes[0].set_ylabel("Plasma concentration (ng/mL, log scale)")
    handles = [
        Line2D([], [], color=GREY, linestyle=style, label=f"model, {dose:g} mg")
        for dose, style in zip(doses, ("-", "--", ":"))
    ]
    for source, marker in markers.items():
        rows = peaks[peaks["source"] == source]
        doses = "/".join(f"{d:.0f}" for d in sorted(rows["dose_mg"].unique()))
        handles.append(
            Line2D(
                [],
                [],
                marker=marker,
                linestyle="none",
                color="black",
                markerfacecolor="white",
                label=f"{short_citation(source)}, {doses} mg [{rows['confidence'].iloc[0]}]",
            )
        )
    fig.legend(handles=handles, loc="outside upper center", ncols=3, frameon=False, fontsize=7.5)
    source_line(
        fig,
        "Model: this book, calibrated to the cited observations (see the fit table). "
        "Points: observed mean peaks (± SD where reported).",
    )
    return finalise(fig)


@house_figure
def regimen_figure(params: PKParameters, regimens=None) -> Figure:
    """Plasma naltrexone and 6β-naltrexol over four weeks per regimen, against the level that blocks heroin.

    Each panel's title gives the hours in week 4 that naltrexone spends at or above that level.
    """
    regimens = regimens or standard_regimens()
    level = central_value(BLOCKING_LEVEL)
    fig = new_figure(7.5, 1.45 * len(regimens) + 1.2)
    axes = np.atleast_1d(fig.subplots(len(regimens), 1, sharex=True, sharey=True))
    for ax, regimen in zip(axes, regimens):
        sim = _simulate(params, regimen.doses)
        days = sim.times_h / 24
        ax.axhspan(level, 1000, color=OKABE_ITO["green"], alpha=0.08, linewidth=0)
        ax.axhline(level, color=OKABE_ITO["green"], linewidth=0.8, linestyle="--")
        ax.plot(days, sim.naltrexol_ng_ml, color=ANALYTE_COLOURS["6β-naltrexol"], linewidth=0.9)
        ax.plot(days, sim.naltrexone_ng_ml, color=ANALYTE_COLOURS["naltrexone"], linewidth=1.1)
        # One artist for all the dose ticks: a line per dose made this figure slow to draw.
        ax.plot(
            [dose.time_h / 24 for dose in regimen.doses],
            [0.03] * len(regimen.doses),
            linestyle="none",
            marker="|",
            color="black",
            markersize=6,
        )
        if regimen.route == "oral":
            last_week = hours_above(sim, level, window_h=(21 * 24, FOUR_WEEKS_H))
            ax.set_title(
                f"{regimen.label}: at or above {level:g} ng/mL for {last_week:.0f} of the 168 h of week 4",
                loc="left",
                fontsize=8,
            )
        else:
            # The injectable's model does not reproduce the label's exposure or late levels
            # (pk_checks.xr_agreement): its curve shows the shape only, and no time is claimed.
            ax.set_title(
                f"{regimen.label}: shape only; the model's late levels are too low to trust (see text)",
                loc="left",
                fontsize=8,
            )
        ax.set_yscale("log")
        ax.set_ylim(0.02, 400)
        ax.grid(axis="x", color="#eeeeee", linewidth=0.6)
    fig.legend(
        handles=[Line2D([], [], color=ANALYTE_COLOURS[a], label=a) for a in ANALYTE_COLOURS],
        loc="outside upper center",
        ncols=2,
        frameon=False,
    )
    axes[-1].set_xlim(0, 28)
    axes[-1].set_xticks(np.arange(0, 29, 7))
    axes[-1].set_xlabel("Days (ticks under the curves: doses)")
    fig.supylabel("Plasma concentration (ng/mL, log scale)", fontsize=9)
    source_line(
        fig,
        f"Model: this book. Dashed line: plasma level that blocked the liking of "
        f"intravenous heroin, {short_citation('castillo2024')}.\nRegimens: "
        f"{short_citation('revia_label_2013')}; the review; {short_citation('vivitrol_hcp')}.",
    )
    return finalise(fig)


BAND_ALPHA = 0.25


@house_figure
def occupancy_figure(params: PKParameters, occupancy: pd.DataFrame, regimens=None) -> Figure:
    """µ occupancy predicted from plasma levels, as a band across the binding inputs.

    Top: one 50 mg dose against Lee et al.'s PET measurements. Below: the oral regimens over
    four weeks, one small panel each. The band runs from the weakest to the strongest blockade
    the data allow (:mod:`naltrexone.sensitivity`); the injectable is left out because its model
    is not trusted late in the interval.
    """
    scenarios = binding_scenarios()
    regimens = regimens or oral_regimens()
    rows = (len(regimens) + 1) // 2
    fig = new_figure(7.5, 3.6 + 2.1 * rows)
    grid = fig.add_gridspec(1 + rows, 2, height_ratios=[1.25] + [1] * rows)
    top = fig.add_subplot(grid[0, :])
    lee = occupancy[(occupancy["source"] == "lee1988")]
    dose = float(lee["naltrexone_dose_mg"].iloc[0])
    sim = simulate(params, [Dose(0, dose)], 170, dt_h=0.5)
    band = occupancy_band(sim, scenarios)
    top.fill_between(
        band.times_h,
        band.low,
        band.high,
        color=OKABE_ITO["vermillion"],
        alpha=BAND_ALPHA,
        linewidth=0,
        label="predicted: range the binding inputs allow",
    )
    top.plot(
        band.times_h,
        band.high,
        color=OKABE_ITO["vermillion"],
        linewidth=1.2,
        label=f"upper edge: {scenarios.high.name}",
    )
    top.plot(
        band.times_h,
        band.low,
        color=OKABE_ITO["vermillion"],
        linewidth=1.2,
        linestyle="--",
        label=f"lower edge: {scenarios.low.name}",
    )
    top.errorbar(
        lee["time_after_dose_h"],
        lee["occupancy_percent"],
        yerr=lee["dispersion_percent"],
        fmt="o",
        color="black",
        capsize=2.5,
        markersize=5,
        label=f"measured by PET, {short_citation('lee1988')} [B] (% of the 1-h scan; not used in the fit)",
    )
    top.set_xlim(0, 170)
    top.set_xticks(np.arange(0, 169, 24))
    top.set_ylim(0, 104)
    top.set_xlabel(f"Hours after one oral dose of {dose:g} mg")
    top.set_ylabel("µ occupancy (%)")
    top.legend(loc="lower left", frameon=False, fontsize=7)
    top.grid(color="#eeeeee", linewidth=0.6)
    top.set_title("A single dose: prediction against measurement", loc="left")

    panels = [fig.add_subplot(grid[1 + k // 2, k % 2]) for k in range(len(regimens))]
    for ax, regimen in zip(panels, regimens):
        band = occupancy_band(_simulate(params, regimen.doses), scenarios)
        days = band.times_h / 24
        ax.fill_between(days, band.low, band.high, color=OKABE_ITO["blue"], alpha=BAND_ALPHA, linewidth=0)
        ax.plot(days, band.high, color=OKABE_ITO["blue"], linewidth=0.8)
        ax.plot(days, band.low, color=OKABE_ITO["blue"], linewidth=0.8, linestyle="--")
        ax.set_ylim(0, 102)
        ax.set_xlim(0, 28)
        ax.set_xticks(np.arange(0, 29, 7))
        ax.set_title(regimen.label, loc="left", fontsize=8)
        ax.grid(color="#eeeeee", linewidth=0.6)
    for ax in panels[-2:] if len(panels) % 2 == 0 else panels[-1:]:
        ax.set_xlabel("Days")
    for ax in panels[::2]:
        ax.set_ylabel("µ occupancy (%)")
    source_line(
        fig,
        f"Model: this book. Band: naltrexone Ki from {scenarios.high.ki_naltrexone_nm:g} to "
        f"{scenarios.low.ki_naltrexone_nm:g} nM (the assays in the data), 6β-naltrexol acting fully in brain "
        f"or not at all.\nKi: {short_citation('wentland2009')}, {short_citation('cassel2005')}, "
        f"{short_citation('pelotte2009')}, all [B]; unbound fraction from "
        f"{short_citation('swiss_fachinfo')}.",
    )
    return finalise(fig)


@house_figure
def dose_ratio_figure(params: PKParameters, regimens=None) -> Figure:
    """How many-fold an opioid dose would have to rise to overcome the blockade, over time, as a
    band across the binding inputs.

    By default two oral regimens (daily tablets, three doses a week), for four weeks of
    treatment and two weeks after it stops.
    """
    scenarios = binding_scenarios()
    if regimens is None:
        regimens = oral_regimens()[:2]
    fig = new_figure(7.5, 4.2)
    ax = fig.subplots()
    colours = [OKABE_ITO["blue"], OKABE_ITO["orange"], OKABE_ITO["green"], OKABE_ITO["purple"]]
    for regimen, colour in zip(regimens, colours):
        band = dose_ratio_band(_simulate(params, regimen.doses, end_h=FOUR_WEEKS_H + 14 * 24), scenarios)
        days = band.times_h / 24
        ax.fill_between(days, band.low, band.high, color=colour, alpha=BAND_ALPHA, linewidth=0, label=regimen.label)
        ax.plot(days, band.low, color=colour, linewidth=0.8, linestyle="--")
        ax.plot(days, band.high, color=colour, linewidth=0.8)
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
    source_line(
        fig,
        "Dose ratio = 1 + Σ unbound concentration / Ki (Gaddum–Schild), from the model's "
        "plasma levels. Band: from the weakest (dashed) to the\nstrongest (solid) blockade "
        "the binding inputs allow. It is not a safe dose: see the warning in the text.",
    )
    return finalise(fig)


_NUMBER_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight"}


def single_dose_alt(plasma: pd.DataFrame, params: PKParameters) -> str:
    """Alt text for the single-dose figure, with the model's peak computed."""
    from ..pk_calibration import model_quantities

    peak = model_quantities(params)["ntx_cmax_50"]
    return (
        "Two panels on a log scale: model curves of naltrexone and 6β-naltrexol for two days "
        "after one oral dose of 50 or 100 mg, with each study's observed mean peak marked. Naltrexone peaks "
        f"near {peak:.3g} ng/mL after 50 mg and falls quickly; 6β-naltrexol peaks higher and falls more "
        "slowly."
    )


def regimen_alt(params: PKParameters, regimens=None) -> str:
    """Alt text for the regimen figure: the hours each oral regimen spends at the blocking level."""
    regimens = regimens or standard_regimens()
    level = central_value(BLOCKING_LEVEL)
    parts = []
    for regimen in regimens:
        if regimen.route != "oral":
            continue
        sim = _simulate(params, regimen.doses)
        hours = hours_above(sim, level, window_h=(21 * 24, FOUR_WEEKS_H))
        parts.append(f"{regimen.label}, {hours:.0f} of 168 hours of week 4 at or above it")
    count = _NUMBER_WORDS.get(len(regimens), str(len(regimens)))
    text = (
        f"{count.capitalize()} stacked panels of plasma naltrexone and 6β-naltrexol on a log scale over four "
        "weeks, one per regimen, with the blocking level marked: " + "; ".join(parts)
    )
    if any(regimen.route != "oral" for regimen in regimens):
        text += "; the injection's curve is drawn for its shape only"
    return text + "."


def occupancy_alt(params: PKParameters, occupancy: pd.DataFrame) -> str:
    """Alt text for the occupancy figure, with its ranges computed from the model and the data."""
    # Imported here: pk_checks sits beside the figures, and only the alt text needs its tables.
    from ..pk_checks import lee_check, occupancy_summary

    check = lee_check(params, occupancy)
    measured = ", ".join(f"{m:.0f} percent at {t:.0f} hours" for t, m in zip(check.time_h, check.measured_percent))
    last = check.iloc[-1]
    lows = "; ".join(
        f"{r.regimen}, {r.lowest_occupancy}" for r in occupancy_summary(params, oral_regimens()).itertuples()
    )
    return (
        "Top: a band of predicted µ occupancy after one 50 mg dose, wide because the binding inputs are "
        f"uncertain; at one week it spans {last.predicted_low:.0f} to {last.predicted_high:.0f} percent. "
        f"The PET measurements ({measured}) lie near the band's upper edge. Below: four small panels, "
        "one per oral regimen, each a band over four weeks; the lowest values in week 4 are: "
        f"{lows}."
    )


def dose_ratio_alt(params: PKParameters) -> str:
    """Alt text for the dose-ratio figure, with its ranges computed from the model."""
    from ..pk_checks import after_stopping

    scenarios = binding_scenarios()
    parts = []
    for regimen in oral_regimens()[:2]:
        band = dose_ratio_band(_simulate(params, regimen.doses), scenarios)
        week4 = band.times_h >= 21 * 24
        parts.append(
            f"{regimen.label}, from {band.low[week4].min():.1f} at the weakest trough to "
            f"{band.high[week4].max():.0f} at the strongest peak in week 4"
        )
    week = after_stopping(params, 7)["dose_ratio"]
    return (
        "Dose ratio on a log scale over six weeks for two oral regimens, each a band from the weakest "
        "to the strongest blockade the binding inputs allow: " + "; ".join(parts) + ". After treatment "
        f"stops the bands fall to {week.span_text()} within a week of the last tablet."
    )
