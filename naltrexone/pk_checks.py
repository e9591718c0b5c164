"""What the calibrated PK model says, checked against observations it was not fitted to.

Each function returns plain numbers or a table, so the chapter can quote them (through glue)
and the tests can pin them down.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .facts import central_value, numeric
from .figures.pk import BLOCKING_LEVEL, FOUR_WEEKS_H, binding_inputs, standard_regimens
from .pk import (MW_NALTREXONE, MW_NALTREXONE_HCL, Dose, PKParameters, auc, dose_ratio_over_time,
                 hours_above, mu_occupancy, simulate)
from .regimens import schedule


def implied_bioavailability(auc_ng_h_per_ml: float, dose_mg: float, clearance_l_per_h: float,
                            form: str = "hydrochloride") -> float:
    """F = CL × AUC / dose: the share of an oral dose that must reach the circulation.

    AUC in ng·h/mL is µg·h/L; times L/h gives µg, which divided by the dose in µg is F.
    The dose is converted from the hydrochloride to naltrexone base first.
    """
    for name, value in (("auc_ng_h_per_ml", auc_ng_h_per_ml), ("dose_mg", dose_mg),
                        ("clearance_l_per_h", clearance_l_per_h)):
        if not np.isfinite(value) or value <= 0:
            raise ValueError(f"{name}: expected a positive number, got {value!r}")
    if form not in ("hydrochloride", "base"):
        raise ValueError(f"form: expected 'hydrochloride' or 'base', got {form!r}")
    base_mg = dose_mg * (MW_NALTREXONE / MW_NALTREXONE_HCL if form == "hydrochloride" else 1.0)
    return clearance_l_per_h * auc_ng_h_per_ml / (base_mg * 1000.0)


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


def lee_check(params: PKParameters, occupancy: pd.DataFrame) -> pd.DataFrame:
    """Predicted µ occupancy after one 50 mg dose beside Lee et al.'s PET measurements."""
    lee = occupancy[occupancy["source"] == "lee1988"].sort_values("time_after_dose_h")
    dose = float(lee["naltrexone_dose_mg"].iloc[0])
    sim = simulate(params, [Dose(0, dose)], float(lee["time_after_dose_h"].max()), dt_h=1.0)
    predicted = 100 * mu_occupancy(sim, **binding_inputs())
    return pd.DataFrame({
        "time_h": lee["time_after_dose_h"].to_numpy(),
        "measured_percent": lee["occupancy_percent"].to_numpy(),
        "sem_percent": lee["dispersion_percent"].to_numpy(),
        "predicted_percent": [predicted[int(t)] for t in lee["time_after_dose_h"]],
    })


def daily_dosing_level_at(params: PKParameters, hours_after_dose: float, day: int = 27) -> float:
    """Naltrexone plus 6β-naltrexol (ng/mL) some hours after the dose on a day of daily 50 mg."""
    doses = schedule("daily-50", weeks=4)
    sim = simulate(params, doses, FOUR_WEEKS_H, dt_h=0.1)
    t = day * 24 + doses[0].time_h + hours_after_dose
    return sim.at(round(t, 1)) + sim.at(round(t, 1), "6bn")


def xr_checks(params: PKParameters) -> dict[str, float]:
    """The injectable after one 380 mg dose: exposure against daily tablets, and how long it lasts."""
    injection = schedule("xr-380", weeks=4)
    end = injection[0].time_h + 35 * 24
    xr = simulate(params, injection, end, dt_h=0.1)
    tablets = simulate(params, schedule("daily-50", weeks=4), FOUR_WEEKS_H + injection[0].time_h, dt_h=0.1)
    window = xr.times_h <= injection[0].time_h + FOUR_WEEKS_H
    ratio = auc(xr.times_h[window], xr.naltrexone_ng_ml[window]) / auc(tablets.times_h, tablets.naltrexone_ng_ml)
    ratio_6bn = auc(xr.times_h[window], xr.naltrexol_ng_ml[window]) / auc(tablets.times_h, tablets.naltrexol_ng_ml)
    day = lambda d: xr.at(round(injection[0].time_h + d * 24, 1))  # noqa: E731
    return {
        "exposure_ratio": ratio,
        "exposure_ratio_6bn": ratio_6bn,
        # Lower end of the usual therapeutic range (data/facts.csv), as the chapter describes it.
        "days_above_1": hours_above(xr, numeric("castillo2024-therapeutic-range")[0]) / 24,
        "days_above_blocking": hours_above(xr, central_value(BLOCKING_LEVEL)) / 24,
        "level_day_14": day(14), "level_day_28": day(28), "level_day_31": day(31),
        "peak_ng_ml": float(xr.naltrexone_ng_ml.max()),
    }


def regimen_summary(params: PKParameters, regimens=None) -> pd.DataFrame:
    """Per regimen, in week 4: hours at or above the blocking level, and the lowest occupancy."""
    regimens = regimens or standard_regimens()
    level = central_value(BLOCKING_LEVEL)
    rows = []
    for regimen in regimens:
        sim = simulate(params, regimen.doses, FOUR_WEEKS_H, dt_h=0.1)
        week4 = sim.times_h >= 21 * 24
        theta = 100 * mu_occupancy(sim, **binding_inputs())
        rows.append({"regimen": regimen.label,
                     "hours_at_or_above_level": hours_above(sim, level, window_h=(21 * 24, FOUR_WEEKS_H)),
                     "lowest_occupancy_percent": float(theta[week4].min()),
                     "lowest_naltrexone_ng_ml": float(sim.naltrexone_ng_ml[week4].min())})
    return pd.DataFrame(rows)


def after_stopping(params: PKParameters, days_after: float) -> dict[str, float]:
    """Daily 50 mg for four weeks, then stopped: occupancy and dose ratio some days later."""
    doses = schedule("daily-50", weeks=4)
    last = doses[-1].time_h
    end = last + days_after * 24
    sim = simulate(params, doses, round(end + 0.1, 1), dt_h=0.1)
    k = np.searchsorted(sim.times_h, end - 1e-9)
    return {"occupancy_percent": float(100 * mu_occupancy(sim, **binding_inputs())[k]),
            "dose_ratio": float(dose_ratio_over_time(sim, **binding_inputs())[k])}


def published_bioavailability_range() -> tuple[float, float]:
    """The label's range, for comparison with the fitted value."""
    low, high = numeric("plasma_kinetics:label-bioavailability")
    return low, high if high is not None else low
