"""How long an oral dose of naltrexone keeps µ-opioid receptors blocked: a documented model.

Used for the re-created Fig 2 of the review. The model is deliberately small:

1. **Competitive occupancy.** At time *t* after a dose, the antagonist present (naltrexone plus
   its active metabolite, lumped together) is *r(t)* times its equilibrium dissociation constant,
   so the share of µ receptors it occupies is θ = r / (1 + r).
2. **One exponential decline.** r(t) = r₀ · exp(−k·t) after the reference dose: the antagonist
   concentration that drives occupancy halves every ln 2 / k hours.
3. **Linear kinetics.** r scales with dose: a dose *D* gives (D / D_ref) · r(t).

r₀ and k are fitted by least squares on the log-odds scale, ln(θ/(1−θ)) = ln r₀ − k·t, to the
PET occupancy measurements of Lee et al. (1988) after a single 50 mg dose. Those values are
relative to the 1-hour scan; the model treats the 1-hour scan as full occupancy, which the
near-saturation seen with 50 mg in other PET studies supports but does not prove.

How sure the fit is: four points leave two degrees of freedom, so the slope k has a wide
t-based confidence interval (``slope_interval``). Every output the chapter quotes is computed
across that interval (``across_slope``): for each k in it, ln r₀ is refitted with k held fixed,
which for a straight line means the line through the centroid of the data.

A pattern the model does *not* test: the label's durations (one more day of blockade per doubling
of the dose) follow from any threshold on a quantity that declines exponentially, whether that
quantity is receptor occupancy or simply a plasma level. The pattern fits competitive
antagonism, but it is not evidence for it.

What the model cannot represent: the separate kinetics of naltrexone and 6β-naltrexol,
absorption, receptor reserve (a strong agonist dose needs fewer free receptors than a weak one),
and differences between brain regions and people.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
from scipy import stats

from .checks import finite_array
from .sensitivity import ModelRange


def _positive_dose(dose_mg, name: str = "dose_mg") -> float:
    if isinstance(dose_mg, bool) or not isinstance(dose_mg, (int, float, np.number)):
        raise ValueError(f"{name}: expected a number of milligrams, got {dose_mg!r}")
    if not math.isfinite(dose_mg) or dose_mg <= 0:
        raise ValueError(f"{name}: must be a positive, finite number of mg, got {dose_mg!r}")
    return float(dose_mg)


@dataclass(frozen=True)
class OccupancyDecay:
    """Fitted competitive-occupancy model; see the module docstring for the equations."""

    log_r0: float
    k_per_h: float
    reference_dose_mg: float
    fit_times_h: tuple[float, ...] = ()
    fit_occupancy: tuple[float, ...] = ()

    @property
    def r0(self) -> float:
        """Antagonist level in multiples of its K at time zero, after the reference dose."""
        return math.exp(self.log_r0)

    @property
    def half_life_h(self) -> float:
        """Time for the occupancy-driving antagonist level to halve."""
        return math.log(2) / self.k_per_h

    def ratio(self, dose_mg, times_h) -> np.ndarray:
        """r(t) for a dose: the antagonist level in multiples of K (zero before the dose)."""
        dose = _positive_dose(dose_mg)
        t = finite_array(times_h, "times_h")
        r = (dose / self.reference_dose_mg) * np.exp(self.log_r0 - self.k_per_h * t)
        return np.where(t < 0, 0.0, r)

    def occupancy(self, dose_mg, times_h):
        """Predicted fraction of µ receptors occupied (0–1) at each time after one dose."""
        r = self.ratio(dose_mg, times_h)
        theta = r / (1.0 + r)
        return float(theta) if np.ndim(theta) == 0 else theta

    def time_to_occupancy(self, dose_mg, occupancy: float) -> float:
        """Hours after a dose until occupancy falls to ``occupancy`` (a fraction)."""
        dose = _positive_dose(dose_mg)
        if not (isinstance(occupancy, (int, float)) and 0 < occupancy < 1):
            raise ValueError(f"occupancy: expected a fraction between 0 and 1, got {occupancy!r}")
        target = occupancy / (1.0 - occupancy)
        return (math.log(dose / self.reference_dose_mg) + self.log_r0 - math.log(target)) / self.k_per_h

    def blockade_hours(self, dose_mg, occupancy: float) -> float:
        """How long occupancy after a dose stays at or above ``occupancy``, in hours.

        Unlike :meth:`time_to_occupancy`, which may return a time before the dose, this is a
        duration: zero when the dose never reaches that occupancy.
        """
        return max(0.0, self.time_to_occupancy(dose_mg, occupancy))

    def rms_error(self) -> float:
        """Root-mean-square difference between fitted and observed occupancy (fraction)."""
        observed = np.asarray(self.fit_occupancy)
        fitted = self.occupancy(self.reference_dose_mg, np.asarray(self.fit_times_h))
        return float(np.sqrt(np.mean((fitted - observed) ** 2)))

    def _log_odds(self) -> tuple[np.ndarray, np.ndarray]:
        t = np.asarray(self.fit_times_h, dtype=float)
        theta = np.asarray(self.fit_occupancy, dtype=float)
        if t.size < 3:
            raise ValueError(
                f"an interval needs at least three fitted observations (one degree of freedom), got {t.size}"
            )
        return t, np.log(theta / (1.0 - theta))

    def slope_interval(self, level: float = 0.95) -> tuple[float, float]:
        """Confidence interval for k from the straight-line fit (t distribution, n − 2 df).

        Raises if the interval reaches zero or below: then the data cannot exclude a blockade
        that never declines, and no finite half-life interval exists.
        """
        if not 0 < level < 1:
            raise ValueError(f"level: expected a probability between 0 and 1, got {level!r}")
        t, y = self._log_odds()
        residuals = y - (self.log_r0 - self.k_per_h * t)
        df = t.size - 2
        se = math.sqrt(float(np.sum(residuals**2)) / df / float(np.sum((t - t.mean()) ** 2)))
        half_width = stats.t.ppf(0.5 + level / 2, df) * se
        low, high = self.k_per_h - half_width, self.k_per_h + half_width
        if low <= 0:
            raise ValueError(
                f"the {level:.0%} interval for k reaches {low:.4g} per h: the data do "
                "not exclude a blockade that never declines"
            )
        return low, high

    def with_slope(self, k_per_h: float) -> OccupancyDecay:
        """The model refitted with k held at ``k_per_h``: ln r₀ from the line through the centroid."""
        if not (isinstance(k_per_h, (int, float)) and math.isfinite(k_per_h) and k_per_h > 0):
            raise ValueError(f"k_per_h: expected a positive rate per hour, got {k_per_h!r}")
        t, y = self._log_odds()
        return replace(self, log_r0=float(y.mean() + k_per_h * t.mean()), k_per_h=float(k_per_h))

    def half_life_interval(self, level: float = 0.95) -> ModelRange:
        """The driving level's half-life with its confidence interval, in hours."""
        k_low, k_high = self.slope_interval(level)
        return ModelRange(
            math.log(2) / k_high, math.log(2) / k_low, self.half_life_h, unit="h", interval=f"{level:.0%} CI"
        )

    def across_slope(
        self, output: Callable[[OccupancyDecay], float], level: float = 0.95, points: int = 201
    ) -> ModelRange:
        """An output of the model computed for every k in its confidence interval.

        ``output`` takes a model and returns a number; the result is the range it covers, with
        the fitted model's value as the estimate. The grid is fine enough that the range is
        exact to well below the precision the book prints.
        """
        k_low, k_high = self.slope_interval(level)
        values = [output(self.with_slope(float(k))) for k in np.linspace(k_low, k_high, points)]
        best = output(self)
        return ModelRange(min([*values, best]), max([*values, best]), best, interval=f"{level:.0%} CI")


def fit_occupancy_decay(times_h, occupancy, reference_dose_mg) -> OccupancyDecay:
    """Fit r₀ and k to occupancy observations (fractions 0–1) after one dose.

    Needs at least two distinct times; occupancies must lie strictly between 0 and 1 (the
    log-odds of 0 % or 100 % is infinite, so such points carry no usable information here).
    """
    t = finite_array(times_h, "times_h")
    theta = finite_array(occupancy, "occupancy")
    dose = _positive_dose(reference_dose_mg, "reference_dose_mg")
    if t.shape != theta.shape or t.ndim != 1:
        raise ValueError(
            f"times_h and occupancy: expected two 1-D sequences of equal length, got shapes {t.shape} and {theta.shape}"
        )
    if np.any(t < 0):
        raise ValueError("times_h: observations must be at or after the dose (t >= 0)")
    if np.any((theta <= 0) | (theta >= 1)):
        raise ValueError(
            "occupancy: each value must be a fraction strictly between 0 and 1 "
            f"(percentages must be divided by 100), got {occupancy!r}"
        )
    if np.unique(t).size < 2:
        raise ValueError("times_h: need observations at two or more different times")
    log_odds = np.log(theta / (1.0 - theta))
    design = np.column_stack([np.ones_like(t), -t])
    (log_r0, k), *_ = np.linalg.lstsq(design, log_odds, rcond=None)
    if k <= 0:
        raise ValueError("occupancy: the observations do not decline with time; no decay can be fitted")
    return OccupancyDecay(float(log_r0), float(k), dose, tuple(t.tolist()), tuple(theta.tolist()))


def occupancy_at(model: OccupancyDecay, doses_mg, times_h) -> np.ndarray:
    """Predicted occupancy for paired (dose, time) observations, e.g. reported blockade ends."""
    doses = finite_array(doses_mg, "doses_mg")
    times = finite_array(times_h, "times_h")
    if doses.shape != times.shape:
        raise ValueError(f"doses_mg and times_h: expected equal lengths, got {doses.shape} and {times.shape}")
    return np.array([model.occupancy(float(d), float(t)) for d, t in zip(doses, times)])


# --- the model as used for Fig 2, fitted straight from the data tables -----------------------


def lee1988_observations(occupancy) -> tuple[float, np.ndarray, np.ndarray, np.ndarray]:
    """Dose (mg), times (h), occupancy (fractions) and SEM (fractions) of Lee et al. (1988).

    ``occupancy`` is the ``receptor_occupancy`` table; rows are those of source ``lee1988``
    measured after a single oral dose relative to the 1-hour scan.
    """
    rows = occupancy[
        (occupancy["source"] == "lee1988")
        & (occupancy["regimen"] == "single_oral")
        & (occupancy["reference_frame"] == "relative_to_1h_scan")
    ]
    if len(rows) < 2:
        raise ValueError("occupancy: need at least two Lee 1988 single-dose rows to fit the model")
    doses = rows["naltrexone_dose_mg"].unique()
    if len(doses) != 1:
        raise ValueError(f"occupancy: Lee 1988 rows mix doses {sorted(doses)}; expected one")
    rows = rows.sort_values("time_after_dose_h")
    return (
        float(doses[0]),
        rows["time_after_dose_h"].to_numpy(float),
        rows["occupancy_percent"].to_numpy(float) / 100.0,
        rows["dispersion_percent"].to_numpy(float) / 100.0,
    )


def fit_lee1988(occupancy) -> OccupancyDecay:
    """The Fig 2 model: competitive occupancy with one exponential, fitted to Lee 1988."""
    dose, times, theta, _ = lee1988_observations(occupancy)
    return fit_occupancy_decay(times, theta, dose)


def fit_lee1988_band(occupancy, level: float = 0.95) -> tuple[OccupancyDecay, OccupancyDecay]:
    """The models at the two ends of k's confidence interval (their envelope is the band)."""
    model = fit_lee1988(occupancy)
    k_low, k_high = model.slope_interval(level)
    return model.with_slope(k_low), model.with_slope(k_high)


def occupancy_band(model: OccupancyDecay, dose_mg, times_h, level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Lowest and highest predicted occupancy at each time across k's confidence interval.

    The lines for different k all pass through the data's centroid, so the two end models
    bound every line in between; their pointwise minimum and maximum is the band.
    """
    k_low, k_high = model.slope_interval(level)
    a = model.with_slope(k_low).occupancy(dose_mg, times_h)
    b = model.with_slope(k_high).occupancy(dose_mg, times_h)
    return np.minimum(a, b), np.maximum(a, b)


def label_blockade_ends(challenges) -> tuple[np.ndarray, np.ndarray]:
    """Doses (mg) and times (h) at which the US label says blockade of 25 mg IV heroin ends."""
    rows = challenges[(challenges["study"] == "US label") & (challenges["outcome"] == "blocked_up_to")]
    if rows.empty:
        raise ValueError("challenges: no 'US label' rows with outcome 'blocked_up_to'")
    rows = rows.sort_values("naltrexone_dose_mg")
    return rows["naltrexone_dose_mg"].to_numpy(float), rows["time_after_dose_h"].to_numpy(float)


def label_threshold(model: OccupancyDecay, challenges) -> tuple[float, np.ndarray]:
    """Mean predicted occupancy at the label's blockade end points, and each point's value.

    If blockade of a standard heroin dose needs a fixed share of receptors to be occupied,
    the label's three (dose, duration) pairs should all end at about the same occupancy.
    ``challenges`` is the ``heroin_challenge`` table, or the (doses, times) pair that
    :func:`label_blockade_ends` returns: pass the pair when calling this many times (as across a
    confidence interval), so the table is not filtered again on every call.
    """
    doses, times = challenges if isinstance(challenges, tuple) else label_blockade_ends(challenges)
    r = (np.asarray(doses, float) / model.reference_dose_mg) * np.exp(
        model.log_r0 - model.k_per_h * np.asarray(times, float)
    )
    at_ends = r / (1.0 + r)
    return float(np.mean(at_ends)), at_ends


def compare_with_reports(model: OccupancyDecay, challenges, level: float = 0.95) -> pd.DataFrame:
    """Model predictions beside each reported duration or share of blockade.

    For every ``heroin_challenge`` row that reports an outcome (not a mere challenge time) and
    that was not used to set the threshold (the label's own end points), give the predicted
    occupancy at the reported time and the model's predicted end of blockade, i.e. the time at
    which occupancy after that dose falls to the label-derived threshold. Each is a range across
    the confidence interval of the fitted decline, with the threshold recomputed for every slope.
    Dose ranges are evaluated at both ends.
    """
    ends = label_blockade_ends(challenges)

    def threshold_of(m: OccupancyDecay) -> float:
        return label_threshold(m, ends)[0]

    rows = []
    reported = challenges[
        (challenges["outcome"] != "challenge_time")
        & ~((challenges["study"] == "US label") & (challenges["outcome"] == "blocked_up_to"))
    ]
    for _, r in reported.iterrows():
        doses = [float(r["naltrexone_dose_mg"])]
        if pd.notna(r.get("naltrexone_dose_max_mg")):
            doses.append(float(r["naltrexone_dose_max_mg"]))
        for dose in doses:
            time = float(r["time_after_dose_h"])
            occupancy = model.across_slope(lambda m, dose=dose, time=time: 100 * m.occupancy(dose, time), level)
            end = model.across_slope(lambda m, dose=dose: m.blockade_hours(dose, threshold_of(m)), level)
            rows.append(
                {
                    "id": r["id"],
                    "study": r["study"],
                    "regimen": r["regimen"],
                    "dose_mg": dose,
                    "reported_h": time,
                    "outcome": r["outcome"],
                    "share_blocked": r.get("share_blocked"),
                    "predicted_occupancy": occupancy.formatted(unit="%"),
                    "predicted_end": end.formatted(unit="h"),
                    "source": r["source"],
                    "locator": r["locator"],
                    "confidence": r["confidence"],
                }
            )
    return pd.DataFrame(rows)
