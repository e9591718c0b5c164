"""Pooling effects across trials: a random-effects meta-analysis, with its heterogeneity.

Method (DerSimonian & Laird 1986, the method most Cochrane reviews of this literature used):

1. Each trial's effect y_i and its variance v_i. From arm counts (``pool_risk_ratios``): the log
   risk ratio, with v_i = 1/a − 1/n₁ + 1/c − 1/n₂. From published estimates with a 95 % interval
   (``pool_estimates``, the generic inverse-variance method): the estimate on its analysis scale
   (log for ratios, as printed for differences) and v_i = ((upper − lower) / (2 × 1.96))². A trial
   with zero events in an arm gets 0.5 added to every cell (the usual continuity correction), and
   the result says so; a trial with no events in either arm carries no information about a ratio
   and is refused.
2. Fixed-effect weights w_i = 1/v_i give Cochran's Q = Σ w_i (y_i − ȳ_w)², with k − 1 degrees of
   freedom, and I² = max(0, (Q − df)/Q): the share of the spread beyond what chance would give.
3. The between-trial variance τ² = max(0, (Q − df)/(Σw − Σw²/Σw)); random-effects weights
   w*_i = 1/(v_i + τ²) give the pooled log ratio and its standard error 1/√Σw*.
4. The 95 % interval uses the normal quantile, as the classic method does. With few trials it is
   too narrow; ``hartung_knapp=True`` gives the Hartung–Knapp–Sidik–Jonkman interval instead
   (a t quantile with k − 1 df and a rescaled variance), which is the safer choice with two to five
   trials.

Why hand-written: the method is a dozen lines, its formulas are the specification a reader should
see, and the libraries that offer it (statsmodels, PyMARE) would add a large dependency for it. A
test compares this code with statsmodels wherever that is installed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from scipy import stats

if TYPE_CHECKING:  # pandas is imported where tables are built, not at import time
    import pandas as pd


@dataclass(frozen=True)
class Trial:
    """Arm-level counts of one trial: events and totals, naltrexone first."""

    label: str
    events_treated: int
    n_treated: int
    events_control: int
    n_control: int

    def __post_init__(self):
        for name in ("events_treated", "n_treated", "events_control", "n_control"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0:
                raise ValueError(f"Trial {self.label!r}: {name} must be a whole number >= 0, got {value!r}")
        for events, total, arm in (
            (self.events_treated, self.n_treated, "treated"),
            (self.events_control, self.n_control, "control"),
        ):
            if total == 0:
                raise ValueError(f"Trial {self.label!r}: the {arm} arm has no patients")
            if events > total:
                raise ValueError(f"Trial {self.label!r}: {events} events in the {arm} arm of {total}")
        if self.events_treated == 0 and self.events_control == 0:
            raise ValueError(f"Trial {self.label!r}: no events in either arm; it says nothing about a ratio")

    @property
    def corrected(self) -> bool:
        """True when a zero cell forces the 0.5 continuity correction."""
        return 0 in (
            self.events_treated,
            self.events_control,
            self.n_treated - self.events_treated,
            self.n_control - self.events_control,
        )

    def log_rr(self) -> tuple[float, float]:
        """Log risk ratio and its variance (with the continuity correction where needed)."""
        add = 0.5 if self.corrected else 0.0
        a, n1 = self.events_treated + add, self.n_treated + 2 * add
        c, n2 = self.events_control + add, self.n_control + 2 * add
        return math.log((a / n1) / (c / n2)), 1 / a - 1 / n1 + 1 / c - 1 / n2


@dataclass(frozen=True)
class Pooled:
    """A random-effects pooled estimate with its heterogeneity statistics.

    ``estimate``, ``low`` and ``high`` are on the scale readers see: a ratio, or a difference in
    the outcome's unit.
    """

    estimate: float
    low: float
    high: float
    scale: str  # "ratio" (pooled on the log scale) or "difference"
    k: int
    tau2: float  # on the analysis scale
    q: float
    i2: float  # percent
    q_p: float
    method: str
    weights: tuple[float, ...]  # random-effects weights as percentages, in the trials' order


MODELS = ("random", "fixed")
SCALES = ("ratio", "difference")


def _check_level(level: float) -> None:
    if not 0 < level < 1:
        raise ValueError(f"level: expected a probability between 0 and 1, got {level!r}")


def _random_effects(
    y: np.ndarray, v: np.ndarray, scale: str, hartung_knapp: bool, level: float, model: str = "random"
) -> Pooled:
    """The DerSimonian–Laird computation of the module docstring, on the analysis scale.

    ``model="fixed"`` keeps τ² at zero in the weights (the inverse-variance fixed-effect model),
    for reproducing meta-analyses that used it; Q, I² and τ² are still reported.
    """
    if model not in MODELS:
        raise ValueError(f"model: expected one of {MODELS}, got {model!r}")
    if model == "fixed" and hartung_knapp:
        raise ValueError("hartung_knapp: the Hartung–Knapp interval belongs to the random-effects model")
    w = 1 / v
    k = len(y)
    fixed = float(np.sum(w * y) / np.sum(w))
    q = float(np.sum(w * (y - fixed) ** 2))
    df = k - 1
    c = float(np.sum(w) - np.sum(w**2) / np.sum(w))
    tau2 = max(0.0, (q - df) / c)
    w_star = 1 / (v + (tau2 if model == "random" else 0.0))
    mu = float(np.sum(w_star * y) / np.sum(w_star))
    if hartung_knapp:
        scale_factor = float(np.sum(w_star * (y - mu) ** 2) / df)
        se = math.sqrt(scale_factor / np.sum(w_star))
        crit = stats.t.ppf(0.5 + level / 2, df)
        method = "random effects (DerSimonian–Laird), Hartung–Knapp interval"
    else:
        se = math.sqrt(1 / np.sum(w_star))
        crit = stats.norm.ppf(0.5 + level / 2)
        method = "random effects (DerSimonian–Laird)" if model == "random" else "fixed effect (inverse variance)"
    back = math.exp if scale == "ratio" else float
    i2 = 100 * max(0.0, (q - df) / q) if q > 0 else 0.0
    return Pooled(
        estimate=back(mu),
        low=back(mu - crit * se),
        high=back(mu + crit * se),
        scale=scale,
        k=k,
        tau2=tau2,
        q=q,
        i2=i2,
        q_p=float(stats.chi2.sf(q, df)),
        method=method,
        weights=tuple(float(x) for x in 100 * w_star / np.sum(w_star)),
    )


def pool_risk_ratios(trials, hartung_knapp: bool = False, level: float = 0.95) -> Pooled:
    """Random-effects (DerSimonian–Laird) pooled risk ratio from arm counts; see the module docstring."""
    trials = list(trials)
    if len(trials) < 2:
        raise ValueError(f"trials: pooling needs at least two trials, got {len(trials)}")
    if not all(isinstance(t, Trial) for t in trials):
        raise ValueError("trials: expected Trial objects")
    _check_level(level)
    y, v = np.array([t.log_rr() for t in trials]).T
    return _random_effects(y, v, "ratio", hartung_knapp, level)


def pool_estimates(
    estimates, scale: str, hartung_knapp: bool = False, level: float = 0.95, model: str = "random"
) -> Pooled:
    """Random-effects pooling of published estimates, each given as (label, value, low, high).

    Each trial's variance is recovered from its 95 % interval, which is how a reader re-pools
    published results when the counts or standard deviations are not printed. Ratios are pooled on
    the log scale; differences as they are. Intervals that are not 95 % ones would give wrong
    weights, so only 95 % intervals may be passed.
    """
    if scale not in SCALES:
        raise ValueError(f"scale: expected one of {SCALES}, got {scale!r}")
    estimates = list(estimates)
    if len(estimates) < 2:
        raise ValueError(f"estimates: pooling needs at least two, got {len(estimates)}")
    _check_level(level)
    z = stats.norm.ppf(0.975)
    y, v = [], []
    for item in estimates:
        if len(item) != 4:
            raise ValueError(f"estimates: expected (label, value, low, high), got {item!r}")
        label, value, low, high = item
        if not low < value < high:
            raise ValueError(f"estimate {label!r}: expected low < value < high, got {low}, {value}, {high}")
        if scale == "ratio":
            if low <= 0:
                raise ValueError(f"estimate {label!r}: a ratio's interval must be above zero, got {low}")
            value, low, high = math.log(value), math.log(low), math.log(high)
        y.append(value)
        v.append(((high - low) / (2 * z)) ** 2)
    return _random_effects(np.array(y), np.array(v), scale, hartung_knapp, level, model)


# A reproduction agrees when every limit matches the published figure to its printed two decimals
# (half a unit in the last digit). The inputs are themselves rounded to two decimals, which alone
# can move a pooled limit by a few thousandths, so this is a strict test, not a loose one.
REPRODUCTION_TOLERANCE = 0.005

_MEASURE_SCALE = {
    "standardised mean difference": "difference",
    "mean difference": "difference",
    "risk ratio": "ratio",
    "odds ratio": "ratio",
}


def reproduce_published(rows) -> pd.DataFrame:
    """Re-pool each published meta-analysis in ``data/reproduced_pools.csv`` from its component rows.

    Each analysis is pooled with the model the paper names (``model`` of its published row) and
    also with DerSimonian–Laird random effects, so a reader sees whether the choice matters. The
    result has one row per analysis: the published and reproduced estimate and limits, the largest
    absolute difference on the printed scale, and Q, I² and τ².
    """
    import pandas as pd

    out = []
    for analysis, group in rows.groupby("analysis", sort=False):
        published = group[group["row_kind"] == "published"]
        components = group[group["row_kind"] == "component"]
        if len(published) != 1:
            raise ValueError(
                f"reproduced_pools: analysis {analysis!r}: expected one published row, got {len(published)}"
            )
        pub = published.iloc[0]
        if set(group["measure"]) != {pub["measure"]}:
            raise ValueError(
                f"reproduced_pools: analysis {analysis!r}: measure: rows mix {sorted(set(group['measure']))}"
            )
        model = {"fixed effect": "fixed", "random effects": "random"}.get(pub["model"])
        if model is None:
            raise ValueError(
                f"reproduced_pools: row {pub['id']!r}: model: expected 'fixed effect' or 'random effects', "
                f"got {pub['model']!r}"
            )
        scale = _MEASURE_SCALE[pub["measure"]]
        items = [(r["study"], r["value"], r["ci_low"], r["ci_high"]) for _, r in components.iterrows()]
        same = pool_estimates(items, scale=scale, model=model)
        dl = pool_estimates(items, scale=scale, model="random")
        got = (same.estimate, same.low, same.high)
        want = (pub["value"], pub["ci_low"], pub["ci_high"])
        out.append(
            {
                "analysis": analysis,
                "review": pub["review"],
                "measure": pub["measure"],
                "model": pub["model"],
                "k": same.k,
                "published": want,
                "reproduced": got,
                "max_difference": max(abs(a - b) for a, b in zip(got, want)),
                "random_effects": (dl.estimate, dl.low, dl.high),
                "q": same.q,
                "i2": same.i2,
                "tau2": same.tau2,
                "source": pub["source"],
            }
        )
    return pd.DataFrame(out)
