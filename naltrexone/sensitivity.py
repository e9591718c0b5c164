"""How sure the occupancy predictions are: the spread that the book's own data allow.

Predicted µ-receptor occupancy (and the dose ratio that follows from it) rests on two inputs
that are choices rather than measurements:

1. **Naltrexone's binding constant at the human µ receptor.** ``data/receptor_binding.csv``
   holds inhibition constants (Ki) from several assays of cloned human receptors, about ten-fold
   apart. None is more "right" than another; the assays differ in tracer and conditions.
2. **How fully 6β-naltrexol acts on brain receptors.** The model knows its *plasma*
   concentration. Whether that concentration reaches and blocks brain receptors as naltrexone's
   does is not known: in animals it is far weaker centrally than its binding predicts, and in
   people its plasma level was not related to the µ blockade seen by PET. The factor
   ``access_6bn`` scales its contribution from 0 (it does not act in brain) to 1 (it acts fully).

Occupancy θ = r/(1 + r) with r = fu·[NTX]/Ki_NTX + access·fu·[6βN]/Ki_6βN rises when Ki_NTX
falls and when access rises, for every plasma level. So across the whole box of inputs the
lowest prediction comes from the largest Ki with no 6β-naltrexol action, and the highest from
the smallest Ki with full action. Two corner scenarios therefore bound every prediction exactly;
no grid search is needed (a test checks this against a grid).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .data import DATA_DIR, load_table
from .facts import central_value
from .pk import MW_6BN, MW_NALTREXONE, Simulation
from .pk_inputs import KI_6BN, unbound_fraction
from .references import short_citation

#: The end points of the 6β-naltrexol factor: from no action in brain to full action.
ACCESS_NONE, ACCESS_FULL = 0.0, 1.0


@dataclass(frozen=True)
class BindingScenario:
    """One set of binding inputs for the occupancy prediction."""

    name: str
    ki_naltrexone_nm: float
    ki_6bn_nm: float
    access_6bn: float
    fu: float

    def __post_init__(self):
        for field in ("ki_naltrexone_nm", "ki_6bn_nm"):
            value = getattr(self, field)
            if not isinstance(value, (int, float)) or not math.isfinite(value) or value <= 0:
                raise ValueError(f"BindingScenario.{field}: expected a positive number of nM, got {value!r}")
        if not isinstance(self.access_6bn, (int, float)) or not 0.0 <= self.access_6bn <= 1.0:
            raise ValueError(f"BindingScenario.access_6bn: expected a factor from 0 to 1, got {self.access_6bn!r}")
        if not isinstance(self.fu, (int, float)) or not 0.0 < self.fu <= 1.0:
            raise ValueError(f"BindingScenario.fu: a fraction unbound must lie in (0, 1], got {self.fu!r}")

    def ratio(self, naltrexone_ng_ml, naltrexol_ng_ml) -> np.ndarray:
        """Σ unbound concentration / Ki over both antagonists (the 'r' of θ = r/(1+r))."""
        ntx_nm = np.asarray(naltrexone_ng_ml, dtype=float) * 1000.0 / MW_NALTREXONE
        bn_nm = np.asarray(naltrexol_ng_ml, dtype=float) * 1000.0 / MW_6BN
        return self.fu * (ntx_nm / self.ki_naltrexone_nm + self.access_6bn * bn_nm / self.ki_6bn_nm)

    def occupancy(self, sim: Simulation) -> np.ndarray:
        """Predicted share (0–1) of µ receptors occupied, on the simulation's grid."""
        r = self.ratio(sim.naltrexone_ng_ml, sim.naltrexol_ng_ml)
        return r / (1.0 + r)

    def dose_ratio(self, sim: Simulation) -> np.ndarray:
        """Gaddum–Schild dose ratio 1 + r on the simulation's grid."""
        return 1.0 + self.ratio(sim.naltrexone_ng_ml, sim.naltrexol_ng_ml)


def naltrexone_mu_kis(binding: pd.DataFrame | None = None) -> pd.DataFrame:
    """Rows of naltrexone's inhibition constant (Ki) at µ receptors, smallest first.

    IC50 values are left out: they depend on the tracer's concentration and are not binding
    constants.
    """
    binding = load_table("receptor_binding", DATA_DIR) if binding is None else binding
    rows = binding[
        (binding["compound"] == "naltrexone") & (binding["receptor"] == "mu") & (binding["measure"] == "ki")
    ].sort_values("value_nm")
    if rows.empty:
        raise ValueError("receptor_binding: no Ki row for naltrexone at the mu receptor")
    return rows


@dataclass(frozen=True)
class Scenarios:
    """The two corners that bound every occupancy prediction."""

    low: BindingScenario  # weakest blockade: largest Ki, 6β-naltrexol inactive in brain
    high: BindingScenario  # strongest blockade: smallest Ki, 6β-naltrexol fully active

    def __iter__(self):
        return iter((self.low, self.high))


def binding_scenarios(binding: pd.DataFrame | None = None) -> Scenarios:
    """The corner scenarios from the data: Ki across the assays × 6β-naltrexol from none to full."""
    kis = naltrexone_mu_kis(binding)
    fu = unbound_fraction()
    ki_6bn = central_value(KI_6BN)
    largest, smallest = kis.iloc[-1], kis.iloc[0]
    low = BindingScenario(
        f"naltrexone Ki {largest['value_nm']:g} nM ({short_citation(largest['source'])}), "
        "6β-naltrexol inactive in brain",
        float(largest["value_nm"]),
        ki_6bn,
        ACCESS_NONE,
        fu,
    )
    high = BindingScenario(
        f"naltrexone Ki {smallest['value_nm']:g} nM ({short_citation(smallest['source'])}), 6β-naltrexol fully active",
        float(smallest["value_nm"]),
        ki_6bn,
        ACCESS_FULL,
        fu,
    )
    return Scenarios(low, high)


@dataclass(frozen=True)
class Band:
    """A prediction over time as the lowest and highest value the inputs allow."""

    times_h: np.ndarray
    low: np.ndarray
    high: np.ndarray

    def lowest(self, window_h: tuple[float, float] | None = None) -> ModelRange:
        """The minimum over a time window, as a range across the inputs."""
        mask = _window(self.times_h, window_h)
        return ModelRange(float(self.low[mask].min()), float(self.high[mask].min()))

    def at(self, time_h: float) -> ModelRange:
        k = int(np.argmin(np.abs(self.times_h - time_h)))
        if not math.isclose(self.times_h[k], time_h, abs_tol=1e-6):
            raise ValueError(f"time_h: {time_h!r} is not on the prediction's grid")
        return ModelRange(float(self.low[k]), float(self.high[k]))


def _window(times_h: np.ndarray, window_h):
    if window_h is None:
        return np.ones_like(times_h, dtype=bool)
    lo, hi = window_h
    mask = (times_h >= lo) & (times_h <= hi)
    if not mask.any():
        raise ValueError(f"window_h: no grid time lies in {window_h!r}")
    return mask


def occupancy_band(sim: Simulation, scenarios: Scenarios | None = None) -> Band:
    """Predicted µ occupancy (percent) between the two corner scenarios."""
    scenarios = scenarios or binding_scenarios()
    return Band(sim.times_h, 100 * scenarios.low.occupancy(sim), 100 * scenarios.high.occupancy(sim))


def dose_ratio_band(sim: Simulation, scenarios: Scenarios | None = None) -> Band:
    """Gaddum–Schild dose ratio between the two corner scenarios."""
    scenarios = scenarios or binding_scenarios()
    return Band(sim.times_h, scenarios.low.dose_ratio(sim), scenarios.high.dose_ratio(sim))


@dataclass(frozen=True)
class ModelRange:
    """A model output as the range its inputs allow, optionally with a point estimate.

    Its text form (what ``glue`` shows) is the range: "64–98 %" or "26 h (95 % CI 16–65 h)".
    Chapters quote model outputs only through this type, so a single value cannot pass for a
    prediction the model cannot pin down (see tests/test_prose.py).
    """

    low: float
    high: float
    estimate: float | None = None
    unit: str = ""
    digits: int = 0
    interval: str = ""  # e.g. "95 % CI": names the kind of range when there is an estimate

    def __post_init__(self):
        for name in ("low", "high"):
            value = getattr(self, name)
            if not isinstance(value, (int, float)) or not math.isfinite(value):
                raise ValueError(f"ModelRange.{name}: expected a finite number, got {value!r}")
        if self.high < self.low:
            raise ValueError(f"ModelRange: high ({self.high!r}) is below low ({self.low!r})")
        if self.estimate is not None and not self.low <= self.estimate <= self.high:
            raise ValueError(f"ModelRange.estimate: {self.estimate!r} lies outside {self.low!r}–{self.high!r}")

    def formatted(self, unit: str | None = None, digits: int | None = None, interval: str | None = None) -> ModelRange:
        """The same range with its display settings changed."""
        return ModelRange(
            self.low,
            self.high,
            self.estimate,
            self.unit if unit is None else unit,
            self.digits if digits is None else digits,
            self.interval if interval is None else interval,
        )

    def scaled(self, factor: float) -> ModelRange:
        est = None if self.estimate is None else self.estimate * factor
        lo, hi = sorted((self.low * factor, self.high * factor))
        return ModelRange(lo, hi, est, self.unit, self.digits, self.interval)

    def _num(self, value: float) -> str:
        return f"{value:.{self.digits}f}"

    def _with_unit(self, text: str) -> str:
        # As data/ numbers print: a percent sign attached, other units after a no-break space.
        if not self.unit:
            return text
        return text + ("%" if self.unit == "%" else "\u00a0" + self.unit)

    def span_text(self) -> str:
        low, high = self._num(self.low), self._num(self.high)
        return self._with_unit(low if low == high else f"{low}\u2013{high}")

    def __str__(self) -> str:
        if self.estimate is None:
            return self.span_text()
        label = f"{self.interval} " if self.interval else ""
        return f"{self._with_unit(self._num(self.estimate))} ({label}{self.span_text()})"

    # IPython shows (and myst-nb glues) text/plain from repr: the reader sees the range.
    __repr__ = __str__

    def contains(self, value: float) -> bool:
        return self.low <= value <= self.high


def across(values) -> ModelRange:
    """The smallest range holding every value (for outputs computed over an interval's grid)."""
    array = np.asarray(list(values), dtype=float)
    if array.size == 0 or not np.all(np.isfinite(array)):
        raise ValueError("values: expected one or more finite numbers")
    return ModelRange(float(array.min()), float(array.max()))
