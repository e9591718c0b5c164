"""Calibrating the PK model (naltrexone.pk) to the cited observations in data/.

Every number the fit uses is a row of ``data/plasma_kinetics.csv``; the choices this module
makes are the weights, the few parameters it fixes, and which observations it keeps back as
checks. The published observations do not all agree with one another (see the chapter), so
the fit is a compromise, and its report lists every target with the model's value beside it.

Fit: least squares on (log model − log observed) / σ, where σ is the log-scale uncertainty we
attach to each observation (wider for small studies, secondary sources and statements that
were not measurements). Parameters are fitted on a log scale within plausible bounds.

The fitted parameters are stored in ``naltrexone/calibrated_pk.json`` so that pages and
notebooks need not refit; a test re-runs the fit and checks that the stored values still follow
from the data. Regenerate with ``make calibrate``.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from scipy.optimize import least_squares

from .facts import central_value, numeric
from .pk import Dose, PKParameters, auc, simulate

STORED = Path(__file__).resolve().parent / "calibrated_pk.json"
LN2 = math.log(2)

#: Fixed, with their source row: systemic clearance from the population analysis of the
#: injectable, where first pass plays no part.
FIXED_CLEARANCE = "plasma_kinetics:dunbar2007-clearance"
#: Assumptions that no source we could read quantifies (said so in the text).
XR_BURST_FRACTION = 0.02  # share of an injection released within hours
XR_BURST_PER_H = 1.0  # puts the early peak about two hours after the injection


@dataclass(frozen=True)
class Target:
    """One observation the fit tries to reproduce."""

    reference: str  # a data row, as used by {fact}
    quantity: str  # which model output it is compared with (see model_quantities)
    log_sd: float  # uncertainty on the log scale

    @property
    def observed(self) -> float:
        return central_value(self.reference)


ORAL_TARGETS = (
    # A bioequivalence abstract whose authors, journal and year could not be identified used to
    # supply the 50 mg peak, its time and its area; it is no longer a source.
    Target("plasma_kinetics:swiss-ntx-cmax-50mg", "ntx_cmax_50", 0.3),
    Target("plasma_kinetics:swiss-ntx-cmax-50mg:time_h", "ntx_tmax_50", 0.4),  # "about 1 h"
    Target("plasma_kinetics:verebey1976-ntx-cmax", "ntx_cmax_100", 0.5),  # n = 4, secondary
    Target("plasma_kinetics:verebey1976-ntx-tmax", "ntx_tmax_100", 0.5),
    Target("plasma_kinetics:bertolotti1997-ntx-auc24", "ntx_auc24_100", 0.4),
    Target("plasma_kinetics:swiss-6bn-cmax-50mg", "bn_cmax_50", 0.3),
    Target("plasma_kinetics:verebey1976-6bn-cmax", "bn_cmax_100", 0.4),
    Target("plasma_kinetics:bertolotti1997-6bn-auc24", "bn_auc24_100", 0.3),
    Target("plasma_kinetics:bertolotti1997-ratio-2h", "bn_to_ntx_2h_100", 0.4),
    Target("plasma_kinetics:meyer1984-ntx-thalf", "ntx_thalf_4_12h", 0.3),
    Target("plasma_kinetics:verebey1976-ntx-thalf", "ntx_thalf_12_24h", 0.3),
    Target("plasma_kinetics:crabtree1984-terminal", "ntx_thalf_24_72h", 0.6),  # stated, not measured
    Target("plasma_kinetics:meyer1984-6bn-thalf", "bn_thalf_12_48h", 0.2),
    Target("plasma_kinetics:swiss-6bn-thalf", "bn_thalf_12_48h", 0.2),
    Target("plasma_kinetics:label-volume", "volume_ss", 0.5),  # secondary
    Target("plasma_kinetics:label-bioavailability", "f_oral", 0.5),  # a wide range
)

XR_TARGETS = (
    Target("plasma_kinetics:vivitrol-second-peak", "xr_second_peak_days", 0.2),
    Target("plasma_kinetics:dunbar2006-xr-thalf", "xr_thalf_days", 0.15),
)

#: Parameters fitted to ORAL_TARGETS, with their bounds (a plausible physiological range).
ORAL_FREE = {
    "ka_per_h": (0.3, 10.0),
    "f_oral": (0.02, 0.6),
    "f_first_pass_to_6bn": (0.3, 1.0),
    "v1_l": (20.0, 2000.0),
    "q2_l_per_h": (5.0, 2000.0),
    "v2_l": (20.0, 5000.0),
    "q3_l_per_h": (0.5, 500.0),
    "v3_l": (20.0, 5000.0),
    "cl_6bn_l_per_h": (20.0, 2000.0),
    "v_6bn_l": (50.0, 20000.0),
}
XR_FREE = {"xr_hydration_per_h": (0.005, 1.0), "xr_release_per_h": (0.001, 0.05)}

START = dict(
    ka_per_h=2.0,
    f_oral=0.2,
    f_first_pass_to_6bn=0.9,
    v1_l=300.0,
    q2_l_per_h=100.0,
    v2_l=600.0,
    q3_l_per_h=10.0,
    v3_l=600.0,
    fm_systemic_to_6bn=0.9,
    cl_6bn_l_per_h=250.0,
    v_6bn_l=4000.0,
    xr_hydration_per_h=0.04,
    xr_release_per_h=LN2 / 144,
    xr_burst_fraction=XR_BURST_FRACTION,
    xr_burst_per_h=XR_BURST_PER_H,
)


def _peak(t: np.ndarray, c: np.ndarray) -> tuple[float, float]:
    """Height and time of the maximum, refined by a parabola through the top three points."""
    k = int(np.argmax(c))
    if 0 < k < len(c) - 1:
        y0, y1, y2 = c[k - 1], c[k], c[k + 1]
        denom = y0 - 2 * y1 + y2
        if denom < 0:
            shift = 0.5 * (y0 - y2) / denom
            return float(y1 - 0.25 * (y0 - y2) * shift), float(t[k] + shift * (t[1] - t[0]))
    return float(c[k]), float(t[k])


def _half_life(t: np.ndarray, c: np.ndarray, start: float, end: float) -> float:
    i, j = np.searchsorted(t, start), np.searchsorted(t, end)
    return LN2 * (t[j] - t[i]) / math.log(c[i] / c[j])


def model_quantities(params: PKParameters) -> dict[str, float]:
    """The model's values for every quantity a target or check may name."""
    # The model is linear: the 100 mg curves are exactly twice the 50 mg curves.
    sim = simulate(params, [Dose(0, 50)], 96, dt_h=0.1)
    t = sim.times_h
    first_day = t <= 24
    two_h = np.searchsorted(t, 2.0)
    out: dict[str, float] = {}
    for dose, scale in ((50, 1.0), (100, 2.0)):
        ntx, bn = scale * sim.naltrexone_ng_ml, scale * sim.naltrexol_ng_ml
        out[f"ntx_cmax_{dose}"], out[f"ntx_tmax_{dose}"] = _peak(t, ntx)
        out[f"bn_cmax_{dose}"], out[f"bn_tmax_{dose}"] = _peak(t, bn)
        out[f"ntx_auc24_{dose}"] = auc(t[first_day], ntx[first_day])
        out[f"bn_auc24_{dose}"] = auc(t[first_day], bn[first_day])
        out[f"bn_to_ntx_2h_{dose}"] = bn[two_h] / ntx[two_h]
    ntx, bn = sim.naltrexone_ng_ml, sim.naltrexol_ng_ml
    out["ntx_thalf_4_12h"] = _half_life(t, ntx, 4, 12)
    out["ntx_thalf_12_24h"] = _half_life(t, ntx, 12, 24)
    out["ntx_thalf_24_72h"] = _half_life(t, ntx, 24, 72)
    out["bn_thalf_12_48h"] = _half_life(t, bn, 12, 48)
    out["volume_ss"] = params.v1_l + params.v2_l + params.v3_l
    out["f_oral"] = 100.0 * params.f_oral  # the data give bioavailability in percent
    return out


def xr_quantities(params: PKParameters) -> dict[str, float]:
    sim = simulate(params, [Dose(0, 380, "im_xr")], 24 * 35, dt_h=0.5)
    t, ntx = sim.times_h, sim.naltrexone_ng_ml
    later = t > 12
    _, peak_time = _peak(t[later], ntx[later])
    return {"xr_second_peak_days": peak_time / 24, "xr_thalf_days": _half_life(t, ntx, 14 * 24, 28 * 24) / 24}


def _residuals(quantities: dict[str, float], targets, observed: np.ndarray) -> np.ndarray:
    model = np.array([quantities[tg.quantity] for tg in targets])
    return (np.log(model) - np.log(observed)) / np.array([tg.log_sd for tg in targets])


def _with(base: dict, free: dict, x: np.ndarray) -> PKParameters:
    values = dict(base)
    values.update(zip(free, np.exp(x)))
    # One enzyme family reduces naltrexone wherever it meets it: the same share of the
    # first-pass and of the systemic loss becomes 6β-naltrexol.
    values["fm_systemic_to_6bn"] = values["f_first_pass_to_6bn"]
    return PKParameters(**values)


def _fit(base: dict, free: dict, targets, quantities) -> tuple[PKParameters, float]:
    lower = np.log([b[0] for b in free.values()])
    upper = np.log([b[1] for b in free.values()])
    start = np.clip(np.log([base[k] for k in free]), lower + 1e-9, upper - 1e-9)
    observed = np.array([tg.observed for tg in targets])  # read the data once, not per step
    result = least_squares(
        lambda x: _residuals(quantities(_with(base, free, x)), targets, observed),
        start,
        bounds=(lower, upper),
        x_scale=1.0,
    )
    return _with(base, free, result.x), float(np.sqrt(np.mean(result.fun**2)))


def calibrate() -> PKParameters:
    """Fit the oral part, then the release of the injectable, from the data. Takes seconds."""
    base = dict(START, cl_l_per_h=central_value(FIXED_CLEARANCE))
    oral, _ = _fit(base, ORAL_FREE, ORAL_TARGETS, model_quantities)
    xr, _ = _fit(asdict(oral), XR_FREE, XR_TARGETS, xr_quantities)
    return xr


def write_calibration(path: Path = STORED) -> PKParameters:
    params = calibrate()
    path.write_text(json.dumps(asdict(params), indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return params


@lru_cache(maxsize=1)
def calibrated_parameters() -> PKParameters:
    """The stored calibration (see the module docstring for how it is kept honest)."""
    if not STORED.exists():
        raise FileNotFoundError(f"{STORED}: no stored calibration; run `make calibrate`")
    return PKParameters(**json.loads(STORED.read_text(encoding="utf-8")))


def fit_report(params: PKParameters | None = None) -> list[dict]:
    """Every target beside the model's value, with the standardised residual."""
    params = params or calibrated_parameters()
    values = {**model_quantities(params), **xr_quantities(params)}
    rows = []
    for tg in ORAL_TARGETS + XR_TARGETS:
        low, high = numeric(tg.reference)
        model = values[tg.quantity]
        rows.append(
            {
                "reference": tg.reference,
                "quantity": tg.quantity,
                "observed": low,
                "observed_high": high,
                "model": model,
                "log_sd": tg.log_sd,
                "z": (math.log(model) - math.log(tg.observed)) / tg.log_sd,
            }
        )
    return rows
