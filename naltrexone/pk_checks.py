"""What the calibrated PK model says, checked against observations it was not fitted to.

Each function returns plain numbers or a table, so the chapter can quote them (through glue)
and the tests can pin them down.
"""

from __future__ import annotations

from itertools import product

import numpy as np
import pandas as pd

from .facts import central_value, numeric
from .pk import MW_NALTREXONE, MW_NALTREXONE_HCL, Dose, PKParameters, auc, hours_above, simulate
from .pk_inputs import BLOCKING_LEVEL, FOUR_WEEKS_H, MISSED_DAY, standard_regimens, unbound_fraction
from .regimens import schedule
from .sensitivity import (
    ACCESS_FULL,
    ACCESS_NONE,
    BindingScenario,
    ModelRange,
    binding_scenarios,
    dose_ratio_band,
    naltrexone_mu_kis,
    occupancy_band,
)


def implied_bioavailability(
    auc_ng_h_per_ml: float, dose_mg: float, clearance_l_per_h: float, form: str = "hydrochloride"
) -> float:
    """F = CL × AUC / dose: the share of an oral dose that must reach the circulation.

    AUC in ng·h/mL is µg·h/L; times L/h gives µg, which divided by the dose in µg is F.
    The dose is converted from the hydrochloride to naltrexone base first.
    """
    for name, value in (
        ("auc_ng_h_per_ml", auc_ng_h_per_ml),
        ("dose_mg", dose_mg),
        ("clearance_l_per_h", clearance_l_per_h),
    ):
        if not np.isfinite(value) or value <= 0:
            raise ValueError(f"{name}: expected a positive number, got {value!r}")
    if form not in ("hydrochloride", "base"):
        raise ValueError(f"form: expected 'hydrochloride' or 'base', got {form!r}")
    base_mg = dose_mg * (MW_NALTREXONE / MW_NALTREXONE_HCL if form == "hydrochloride" else 1.0)
    return clearance_l_per_h * auc_ng_h_per_ml / (base_mg * 1000.0)


def bioavailability_from_exposure_ratio(
    exposure_ratio: float, xr_dose_mg: float = 380.0, oral_dose_mg: float = 50.0, days: int = 28
) -> float:
    """Oral F implied by a stated ratio of injectable to tablet exposure over one interval.

    If the whole injected dose (base) reaches the circulation, and the same clearance removes
    naltrexone whatever its route, the ratio of exposures is the ratio of amounts reaching the
    circulation: ratio = xr_dose / (days × F × oral dose as base). Solve for F.
    """
    for name, value in (
        ("exposure_ratio", exposure_ratio),
        ("xr_dose_mg", xr_dose_mg),
        ("oral_dose_mg", oral_dose_mg),
        ("days", days),
    ):
        if not np.isfinite(value) or value <= 0:
            raise ValueError(f"{name}: expected a positive number, got {value!r}")
    oral_base_mg = oral_dose_mg * MW_NALTREXONE / MW_NALTREXONE_HCL
    return xr_dose_mg / (exposure_ratio * days * oral_base_mg)


def urinary_shares(urine: pd.DataFrame, source: str = "cone1974") -> dict[str, float]:
    """Totals and conjugated shares of naltrexone and 6β-naltrexol recovered in one study."""
    rows = urine[urine["source"] == source].set_index(["analyte", "form"])["share_of_dose_percent"]
    out = {}
    for analyte, key in (("naltrexone", "ntx"), ("6β-naltrexol", "6bn")):
        free, conjugated = rows[(analyte, "free")], rows[(analyte, "conjugated")]
        out[f"{key}_total"] = free + conjugated
        out[f"{key}_conjugated_share"] = 100.0 * conjugated / (free + conjugated)
    out["all_total"] = out["ntx_total"] + out["6bn_total"]
    return out


def _lee_rows(occupancy: pd.DataFrame) -> pd.DataFrame:
    lee = occupancy[occupancy["source"] == "lee1988"].sort_values("time_after_dose_h")
    if lee.empty:
        raise ValueError("occupancy: no rows of source 'lee1988'")
    return lee


def lee_check(params: PKParameters, occupancy: pd.DataFrame) -> pd.DataFrame:
    """Predicted µ occupancy after one 50 mg dose, as a range across the binding inputs, beside
    Lee et al.'s PET measurements (which are relative to the scan one hour after the dose)."""
    lee = _lee_rows(occupancy)
    dose = float(lee["naltrexone_dose_mg"].iloc[0])
    sim = simulate(params, [Dose(0, dose)], float(lee["time_after_dose_h"].max()), dt_h=1.0)
    band = occupancy_band(sim)
    return pd.DataFrame(
        {
            "time_h": lee["time_after_dose_h"].to_numpy(),
            "measured_percent": lee["occupancy_percent"].to_numpy(),
            "sem_percent": lee["dispersion_percent"].to_numpy(),
            "predicted_low": [band.at(float(t)).low for t in lee["time_after_dose_h"]],
            "predicted_high": [band.at(float(t)).high for t in lee["time_after_dose_h"]],
        }
    )


#: How close a prediction must come to each PET value to count as agreeing (percentage points).
#: Lee's values carry standard errors of 6–14 points; 15 points is about two of the typical ones.
PET_TOLERANCE_POINTS = 15.0


def lee_alternatives(
    params: PKParameters, occupancy: pd.DataFrame, binding: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The PET comparison for every binding input: each Ki in the data, 6β-naltrexol none or full.

    One row per scenario, one column per PET time (predicted percent), and whether every
    prediction lies within :data:`PET_TOLERANCE_POINTS` of the measurement.
    """
    lee = _lee_rows(occupancy)
    dose = float(lee["naltrexone_dose_mg"].iloc[0])
    times = lee["time_after_dose_h"].to_numpy(float)
    measured = lee["occupancy_percent"].to_numpy(float)
    sim = simulate(params, [Dose(0, dose)], float(times.max()), dt_h=1.0)
    fu = unbound_fraction()
    ki_6bn = binding_scenarios(binding).high.ki_6bn_nm
    rows = []
    for _, ki in naltrexone_mu_kis(binding).iterrows():
        for access in (ACCESS_FULL, ACCESS_NONE):
            scenario = BindingScenario("", float(ki["value_nm"]), ki_6bn, access, fu)
            theta = 100 * scenario.occupancy(sim)
            predicted = np.array([theta[int(t)] for t in times])
            row = {
                "ki_row": ki["id"],
                "source": ki["source"],
                "ki_nm": float(ki["value_nm"]),
                "confidence": ki["confidence"],
                "access_6bn": access,
            }
            row.update({f"at_{t:.0f}h": p for t, p in zip(times, predicted)})
            row["largest_miss_points"] = float(np.max(np.abs(predicted - measured)))
            row["agrees"] = bool(row["largest_miss_points"] <= PET_TOLERANCE_POINTS)
            rows.append(row)
    return pd.DataFrame(rows)


def daily_dosing_level_at(params: PKParameters, hours_after_dose: float, day: int = 27) -> float:
    """Naltrexone plus 6β-naltrexol (ng/mL) some hours after the dose on a day of daily 50 mg."""
    doses = schedule("daily-50", weeks=4)
    sim = simulate(params, doses, FOUR_WEEKS_H, dt_h=0.1)
    t = day * 24 + doses[0].time_h + hours_after_dose
    return sim.at(round(t, 1)) + sim.at(round(t, 1), "6bn")


def xr_checks(params: PKParameters) -> dict[str, float]:
    """The injectable after one 380 mg dose: exposure against daily tablets, and how long it lasts."""
    injection = schedule("xr-380", weeks=4)
    start = injection[0].time_h
    end = start + 35 * 24
    xr = simulate(params, injection, end, dt_h=0.1)
    tablets = simulate(params, schedule("daily-50", weeks=4), FOUR_WEEKS_H + start, dt_h=0.1)
    window = xr.times_h <= start + FOUR_WEEKS_H
    ratio = auc(xr.times_h[window], xr.naltrexone_ng_ml[window]) / auc(tablets.times_h, tablets.naltrexone_ng_ml)
    ratio_6bn = auc(xr.times_h[window], xr.naltrexol_ng_ml[window]) / auc(tablets.times_h, tablets.naltrexol_ng_ml)
    day = lambda d: xr.at(round(start + d * 24, 1))  # noqa: E731
    return {
        "exposure_ratio": ratio,
        "exposure_ratio_6bn": ratio_6bn,
        # Lower end of the usual therapeutic range (data/facts.csv), as the chapter describes it.
        "days_above_1": hours_above(xr, numeric("castillo2024-therapeutic-range")[0]) / 24,
        "days_above_blocking": hours_above(xr, central_value(BLOCKING_LEVEL)) / 24,
        "level_day_14": day(14),
        "level_day_28": day(28),
        "level_day_30": day(30),
        "level_day_31": day(31),
        "peak_ng_ml": float(xr.naltrexone_ng_ml.max()),
    }


#: Days either side of the label's blockade that still count as reproducing it.
XR_BLOCKADE_TOLERANCE_DAYS = 4.0
#: Factor either side of a measured late level that still counts as reproducing it.
XR_LEVEL_TOLERANCE_FACTOR = 2.0


def xr_agreement(params: PKParameters) -> pd.DataFrame:
    """Does the injectable's model reproduce what is known of the injectable? One row per check,
    each with the tolerance it is judged by.

    1. Exposure over four weeks against daily tablets: inside the manufacturer's stated range.
    2. Days with plasma naltrexone at or above the level that blocked heroin liking: within
       :data:`XR_BLOCKADE_TOLERANCE_DAYS` of the label's duration of blockade.
    3. Plasma naltrexone a month after a depot (a different 400 mg product, scaled to 380 mg):
       within a factor of :data:`XR_LEVEL_TOLERANCE_FACTOR`.
    """
    xr = xr_checks(params)
    ratio_low, ratio_high = numeric("plasma_kinetics:vivitrol-exposure-ratio")
    blockade_days = central_value("vivitrol-blockade-days")
    late = "plasma_kinetics:wang2014-400-day30"
    late_level = central_value(late) * 380.0 / central_value(f"{late}:dose_mg")
    late_model = xr["level_day_30"]
    rows = [
        {
            "check": "exposure over four weeks, against daily tablets",
            "reference": "plasma_kinetics:vivitrol-exposure-ratio",
            "model": xr["exposure_ratio"],
            "observed": f"{ratio_low:g}–{ratio_high:g}",
            "tolerance": "inside the stated range",
            "agrees": bool(ratio_low <= xr["exposure_ratio"] <= ratio_high),
        },
        {
            "check": "days at or above the blocking level, against the label's blockade",
            "reference": "vivitrol-blockade-days",
            "model": xr["days_above_blocking"],
            "observed": f"{blockade_days:g}",
            "tolerance": f"within {XR_BLOCKADE_TOLERANCE_DAYS:g} days",
            "agrees": bool(abs(xr["days_above_blocking"] - blockade_days) <= XR_BLOCKADE_TOLERANCE_DAYS),
        },
        {
            "check": "plasma naltrexone a month after a depot (ng/mL)",
            "reference": late,
            "model": late_model,
            "observed": f"{late_level:.2g}",
            "tolerance": f"within a factor of {XR_LEVEL_TOLERANCE_FACTOR:g}",
            "agrees": bool(
                late_level / XR_LEVEL_TOLERANCE_FACTOR <= late_model <= late_level * XR_LEVEL_TOLERANCE_FACTOR
            ),
        },
    ]
    return pd.DataFrame(rows)


def xr_trusted(params: PKParameters) -> bool:
    """Whether the injectable's model passes every check in :func:`xr_agreement`."""
    return bool(xr_agreement(params)["agrees"].all())


def calibration_limits(params: PKParameters, urine: pd.DataFrame | None = None) -> pd.DataFrame:
    """Where the calibrated model disagrees with cited numbers it was not (or could not be) fitted to.

    Each row: what is compared, the model's value, the data's value with its row, and a note.
    """
    from .data import DATA_DIR, load_table

    urine = load_table("urinary_excretion", DATA_DIR) if urine is None else urine
    shares = urinary_shares(urine)
    # Share of an oral dose that the model turns into 6β-naltrexol (first pass plus systemic).
    converted = (1 - params.f_oral) * params.f_first_pass_to_6bn + params.f_oral * params.fm_systemic_to_6bn
    xr = xr_checks(params)
    ratio_low, ratio_high = numeric("plasma_kinetics:vivitrol-exposure-ratio")
    brunen = [central_value("plasma_kinetics:brunen-partial-8h"), central_value("plasma_kinetics:brunen-responders-8h")]
    rows = [
        (
            "share of an oral dose converted to 6β-naltrexol (%)",
            100 * converted,
            f"at least {shares['6bn_total']:.0f} (recovered in urine)",
            "urinary_excretion:cone1974-6bn-free",
            "urine collection recovered only part of the dose, so the data give a lower bound; "
            "the fit sits near the top",
        ),
        (
            "6β-naltrexol clearance (L/h)",
            params.cl_6bn_l_per_h / params.fm_systemic_to_6bn,
            f"{central_value('plasma_kinetics:dunbar2007-6bn-clearance'):g} (apparent, after the injectable)",
            "plasma_kinetics:dunbar2007-6bn-clearance",
            "the fit was not given this target; the model clears 6β-naltrexol far more slowly",
        ),
        (
            "volume of distribution at steady state (L)",
            params.v1_l + params.v2_l + params.v3_l,
            f"{central_value('plasma_kinetics:label-volume'):g}",
            "plasma_kinetics:label-volume",
            "a target with wide weight; the fit trades it against the half-lives",
        ),
        (
            "naltrexone + 6β-naltrexol 8 h after a daily 50 mg dose (ng/mL)",
            daily_dosing_level_at(params, 8),
            f"{min(brunen):g}–{max(brunen):g}",
            "plasma_kinetics:brunen-responders-8h",
            "several times too high: too much 6β-naltrexol, too slowly cleared, or different assays",
        ),
        (
            "injectable: exposure over four weeks against daily tablets (fold)",
            xr["exposure_ratio"],
            f"{ratio_low:g}–{ratio_high:g}",
            "plasma_kinetics:vivitrol-exposure-ratio",
            "cannot be reconciled with the clearance and oral exposure the model uses",
        ),
    ]
    return pd.DataFrame(rows, columns=["quantity", "model", "data", "reference", "note"])


def plasma_summary(params: PKParameters, regimens=None) -> pd.DataFrame:
    """Per regimen, in week 4: hours with plasma naltrexone at or above the blocking level, and its
    lowest level. Plasma levels do not depend on the binding inputs."""
    regimens = regimens or standard_regimens()
    level = central_value(BLOCKING_LEVEL)
    rows = []
    for regimen in regimens:
        sim = simulate(params, regimen.doses, FOUR_WEEKS_H, dt_h=0.1)
        rows.append(
            {
                "regimen": regimen.label,
                "route": regimen.route,
                "hours_at_or_above_level": hours_above(sim, level, window_h=(21 * 24, FOUR_WEEKS_H)),
                "lowest_naltrexone_ng_ml": float(sim.naltrexone_ng_ml[sim.times_h >= 21 * 24].min()),
            }
        )
    return pd.DataFrame(rows)


def occupancy_summary(params: PKParameters, regimens=None) -> pd.DataFrame:
    """Per regimen, the lowest µ occupancy in week 4 as a range across the binding inputs
    (see :mod:`naltrexone.sensitivity`)."""
    regimens = regimens or standard_regimens()
    rows = []
    for regimen in regimens:
        sim = simulate(params, regimen.doses, FOUR_WEEKS_H, dt_h=0.1)
        lowest = occupancy_band(sim).lowest((21 * 24, FOUR_WEEKS_H)).formatted(unit="%")
        rows.append(
            {
                "regimen": regimen.label,
                "route": regimen.route,
                "lowest_occupancy": lowest,
                "lowest_occupancy_low": lowest.low,
                "lowest_occupancy_high": lowest.high,
            }
        )
    return pd.DataFrame(rows)


def missed_dose(params: PKParameters) -> dict[str, ModelRange]:
    """Daily 50 mg with one day's tablet missed: the lowest occupancy around the gap, with and
    without the missed tablet, each as a range across the binding inputs."""
    daily = schedule("daily-50", weeks=4)
    missed = [d for d in daily if int(d.time_h // 24) != MISSED_DAY]
    window = ((MISSED_DAY - 2) * 24, (MISSED_DAY + 3) * 24)
    out = {}
    for key, doses in (("taken", daily), ("missed", missed)):
        sim = simulate(params, doses, FOUR_WEEKS_H, dt_h=0.1)
        out[key] = occupancy_band(sim).lowest(window).formatted(unit="%")
    return out


def long_weekend(params: PKParameters, weeks: int = 4) -> dict[str, ModelRange]:
    """The review's Monday/Wednesday/Friday schedule (100/100/150 mg) with the last Friday's dose
    taken, missed, or moved to the Thursday morning before: occupancy just before the following
    Monday's dose, each as a range across the binding inputs (the seminar case "the long weekend")."""

    def week_doses(friday_day):
        doses = [Dose(24.0 * (7 * w + day) + 9, mg) for w in range(weeks) for day, mg in ((0, 100), (2, 100), (4, 150))]
        last_friday = 24.0 * (7 * (weeks - 1) + 4) + 9
        kept = [d for d in doses if d.time_h != last_friday]
        return kept + ([Dose(24.0 * (7 * (weeks - 1) + friday_day) + 9, 150)] if friday_day else [])

    monday = 24.0 * 7 * weeks + 9
    out = {}
    for key, friday_day in (("taken", 4), ("moved_to_thursday", 3), ("missed", None)):
        doses = sorted(week_doses(friday_day), key=lambda d: d.time_h)
        sim = simulate(params, doses, monday + 0.5, dt_h=0.5)
        out[key] = occupancy_band(sim).at(monday).formatted(unit="%")
    return out


def after_stopping(params: PKParameters, days_after: float) -> dict[str, ModelRange]:
    """Daily 50 mg for four weeks, then stopped: occupancy and dose ratio some days later, each
    as a range across the binding inputs."""
    doses = schedule("daily-50", weeks=4)
    last = doses[-1].time_h
    end = round(last + days_after * 24, 1)
    sim = simulate(params, doses, round(end + 0.1, 1), dt_h=0.1)
    return {
        "occupancy_percent": occupancy_band(sim).at(end).formatted(unit="%"),
        "dose_ratio": dose_ratio_band(sim).at(end).formatted(digits=1),
    }


def published_bioavailability_range() -> tuple[float, float]:
    """The label's range, for comparison with the fitted value."""
    low, high = numeric("plasma_kinetics:label-bioavailability")
    return low, high if high is not None else low


#: Oral doses a clinic can give in half-tablet steps, up to three tablets (mg of the hydrochloride).
HALF_TABLET_DOSES_MG = (25, 50, 75, 100, 125, 150)
#: The review's Monday/Wednesday/Friday schedule (mg), as in :func:`long_weekend`.
REVIEW_MON_WED_FRI_MG = (100, 100, 150)


def mon_wed_fri_lowest(
    params: PKParameters, doses_mg=HALF_TABLET_DOSES_MG, max_weekly_mg: float | None = None, weeks: int = 3
) -> list[tuple[tuple[int, int, int], ModelRange]]:
    """Every Monday/Wednesday/Friday regimen on a grid of doses: the lowest occupancy in the last
    simulated week (09:00 doses), as a range across the binding inputs, sorted by weekly total.

    This is the seminar activity "the weekend gap" done in advance, for groups without a laptop:
    they choose from the table instead of running the search. ``max_weekly_mg`` keeps only
    regimens up to that weekly total."""
    if weeks < 2:
        raise ValueError(f"weeks: at least 2, so that the last week is near steady state; got {weeks!r}")
    grid = sorted(set(doses_mg))
    if not grid or grid[0] <= 0:
        raise ValueError(f"doses_mg: expected positive doses, got {doses_mg!r}")
    end = 24.0 * 7 * weeks
    rows = []
    for regimen in product(grid, repeat=3):
        if max_weekly_mg is not None and sum(regimen) > max_weekly_mg:
            continue
        doses = [
            Dose(24.0 * (7 * w + day) + 9, mg) for w in range(weeks) for day, mg in zip((0, 2, 4), regimen, strict=True)
        ]
        sim = simulate(params, doses, end, dt_h=0.5)
        rows.append((regimen, occupancy_band(sim).lowest((end - 24.0 * 7, end)).formatted(unit="%")))
    return sorted(rows, key=lambda row: (sum(row[0]), row[0]))
