"""Pharmacokinetics of naltrexone and 6β-naltrexol: a small linear compartment model.

Compartments (amounts in µmol, so that a dose converted to its metabolite keeps its moles):

* ``gut``: an oral dose, absorbed with rate constant ka. Of what is absorbed, a fraction
  F reaches the circulation as naltrexone; most of the rest is reduced to 6β-naltrexol in the
  gut wall and liver on the way (first pass), the remainder leaves as other metabolites.
* ``im_fast``, ``im_slow``, ``im_release``: an extended-release intramuscular dose. A small part
  is released at once (the early peak); the rest first hydrates (``im_slow`` → ``im_release``)
  and is then released slowly, which puts a second peak a few days after the injection. Nothing
  is lost to first pass.
* ``ntx_central``, ``ntx_shallow``, ``ntx_deep``: naltrexone in plasma and two tissue
  compartments, which give the fast, intermediate and slow (terminal) phases of its decline.
* ``bn``: 6β-naltrexol, formed on first pass and from systemic naltrexone, eliminated by the
  kidneys.

Everything is linear, so doses superpose. The system dx/dt = A·x is solved exactly on a grid:
x(t + Δt) = exp(A·Δt)·x(t), with doses added at their grid times; the amounts k steps after a
dose are exp(A·Δt)^k times the dose, and the powers are computed once for all doses.

What it cannot represent: saturable or time-varying processes, enterohepatic cycling,
differences between people, liver or kidney disease, and the conjugated (inactive) metabolites.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, fields
from functools import lru_cache

import numpy as np
from scipy.linalg import expm

from .checks import finite_array

STATES = ("gut", "im_fast", "im_slow", "im_release", "ntx_central", "ntx_shallow", "ntx_deep", "bn")
ROUTES = ("oral", "im_xr", "iv")
FORMS = ("hydrochloride", "base")
# The form a dose is labelled in when nobody says: tablets carry the hydrochloride salt,
# the extended-release injectable and intravenous research doses the base.
DEFAULT_FORM = {"oral": "hydrochloride", "im_xr": "base", "iv": "base"}

# Molecular weights (g/mol); the values are checked against data/molecular_weights.csv in tests.
MW_NALTREXONE = 341.41
MW_6BN = 343.42
# The hydrochloride adds one HCl (IUPAC conventional atomic weights H 1.008, Cl 35.45).
MW_NALTREXONE_HCL = MW_NALTREXONE + 1.008 + 35.45


@dataclass(frozen=True)
class Dose:
    """One dose: when (hours from the start), how much (mg), how, and of which chemical form.

    ``form`` defaults to the form the route is labelled in (see DEFAULT_FORM).
    """

    time_h: float
    amount_mg: float
    route: str = "oral"
    form: str | None = None

    def __post_init__(self):
        for name in ("time_h", "amount_mg"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float, np.number)) or not math.isfinite(value):
                raise ValueError(f"Dose.{name}: expected a finite number, got {value!r}")
        if self.amount_mg <= 0:
            raise ValueError(f"Dose.amount_mg: must be greater than zero, got {self.amount_mg!r}")
        if self.route not in ROUTES:
            raise ValueError(f"Dose.route: expected one of {', '.join(ROUTES)}, got {self.route!r}")
        if self.form is None:
            object.__setattr__(self, "form", DEFAULT_FORM[self.route])
        if self.form not in FORMS:
            raise ValueError(f"Dose.form: expected one of {', '.join(FORMS)}, got {self.form!r}")

    @property
    def amount_umol(self) -> float:
        """The dose in micromoles of naltrexone, whatever form it was weighed in."""
        mw = MW_NALTREXONE_HCL if self.form == "hydrochloride" else MW_NALTREXONE
        return self.amount_mg * 1000.0 / mw


@dataclass(frozen=True)
class PKParameters:
    """Model parameters. Volumes in L, clearances in L/h, rate constants per hour."""

    ka_per_h: float  # oral absorption
    f_oral: float  # fraction of an oral dose reaching the circulation unchanged
    f_first_pass_to_6bn: float  # fraction of the first-pass loss that becomes 6β-naltrexol
    cl_l_per_h: float  # systemic clearance of naltrexone
    v1_l: float  # central volume of naltrexone
    q2_l_per_h: float  # intercompartmental clearance, shallow tissue
    v2_l: float
    q3_l_per_h: float  # intercompartmental clearance, deep tissue
    v3_l: float
    fm_systemic_to_6bn: float  # fraction of systemic naltrexone clearance forming 6β-naltrexol
    cl_6bn_l_per_h: float  # clearance of 6β-naltrexol
    v_6bn_l: float  # volume of 6β-naltrexol
    xr_hydration_per_h: float  # extended-release microspheres: hydration before release
    xr_release_per_h: float  # slow release from the hydrated microspheres
    xr_burst_fraction: float  # share of an extended-release dose released at once
    xr_burst_per_h: float  # rate constant of that early release

    _FRACTIONS = ("f_oral", "f_first_pass_to_6bn", "fm_systemic_to_6bn", "xr_burst_fraction")

    def __post_init__(self):
        for f in fields(self):
            value = getattr(self, f.name)
            if not isinstance(value, (int, float, np.number)) or not math.isfinite(value):
                raise ValueError(f"PKParameters.{f.name}: expected a finite number, got {value!r}")
            if f.name in self._FRACTIONS:
                if not 0.0 <= value <= 1.0:
                    raise ValueError(f"PKParameters.{f.name}: a fraction must lie in [0, 1], got {value!r}")
            elif value <= 0:
                raise ValueError(f"PKParameters.{f.name}: must be greater than zero, got {value!r}")

    def replace(self, **changes) -> PKParameters:
        return PKParameters(**{**asdict(self), **changes})

    def rate_matrix(self) -> np.ndarray:
        """A in dx/dt = A·x; column j holds the flows out of compartment j."""
        i = {name: k for k, name in enumerate(STATES)}
        a = np.zeros((len(STATES), len(STATES)))

        def flow(source: str, target: str | None, rate: float) -> None:
            a[i[source], i[source]] -= rate
            if target is not None:
                a[i[target], i[source]] += rate

        ka = self.ka_per_h
        flow("gut", "ntx_central", self.f_oral * ka)
        flow("gut", "bn", (1 - self.f_oral) * self.f_first_pass_to_6bn * ka)
        flow("gut", None, (1 - self.f_oral) * (1 - self.f_first_pass_to_6bn) * ka)
        flow("im_fast", "ntx_central", self.xr_burst_per_h)
        flow("im_slow", "im_release", self.xr_hydration_per_h)
        flow("im_release", "ntx_central", self.xr_release_per_h)
        k10 = self.cl_l_per_h / self.v1_l
        flow("ntx_central", "bn", self.fm_systemic_to_6bn * k10)
        flow("ntx_central", None, (1 - self.fm_systemic_to_6bn) * k10)
        flow("ntx_central", "ntx_shallow", self.q2_l_per_h / self.v1_l)
        flow("ntx_shallow", "ntx_central", self.q2_l_per_h / self.v2_l)
        flow("ntx_central", "ntx_deep", self.q3_l_per_h / self.v1_l)
        flow("ntx_deep", "ntx_central", self.q3_l_per_h / self.v3_l)
        flow("bn", None, self.cl_6bn_l_per_h / self.v_6bn_l)
        return a

    def disposition_half_lives_h(self) -> tuple[float, float, float]:
        """Half-lives of the three phases of naltrexone's decline after an IV dose, fastest first."""
        a = self.rate_matrix()
        idx = [STATES.index(s) for s in ("ntx_central", "ntx_shallow", "ntx_deep")]
        eigen = np.linalg.eigvals(a[np.ix_(idx, idx)]).real
        return tuple(sorted(float(math.log(2) / -e) for e in eigen))


@dataclass(frozen=True)
class Simulation:
    """Plasma concentrations on a time grid (hours), in ng/mL."""

    times_h: np.ndarray
    naltrexone_ng_ml: np.ndarray
    naltrexol_ng_ml: np.ndarray
    amounts_umol: np.ndarray

    def concentration(self, analyte: str) -> np.ndarray:
        if analyte == "naltrexone":
            return self.naltrexone_ng_ml
        if analyte in ("6β-naltrexol", "6bn"):
            return self.naltrexol_ng_ml
        raise ValueError(f"analyte: expected 'naltrexone' or '6β-naltrexol', got {analyte!r}")

    def at(self, time_h: float, analyte: str = "naltrexone") -> float:
        """Concentration at a grid time (no interpolation: ask for a time on the grid)."""
        k = np.searchsorted(self.times_h, time_h)
        if k >= len(self.times_h) or not math.isclose(self.times_h[k], time_h, abs_tol=1e-9):
            raise ValueError(f"time_h: {time_h!r} is not on the simulation grid")
        return float(self.concentration(analyte)[k])


def _grid(t_start_h: float, t_end_h: float, dt_h: float) -> np.ndarray:
    for name, value in (("t_start_h", t_start_h), ("t_end_h", t_end_h), ("dt_h", dt_h)):
        if not isinstance(value, (int, float, np.number)) or not math.isfinite(value):
            raise ValueError(f"{name}: expected a finite number of hours, got {value!r}")
    if dt_h <= 0:
        raise ValueError(f"dt_h: the time step must be greater than zero, got {dt_h!r}")
    if t_end_h <= t_start_h:
        raise ValueError(f"t_end_h: must be after t_start_h ({t_start_h!r}), got {t_end_h!r}")
    steps = (t_end_h - t_start_h) / dt_h
    if not math.isclose(steps, round(steps), abs_tol=1e-6):
        raise ValueError(f"dt_h: {dt_h!r} h does not divide the interval {t_start_h!r}-{t_end_h!r} h")
    return t_start_h + dt_h * np.arange(round(steps) + 1)


# Grid points per block of powers: four weeks at 6-minute steps fit in one (3.4 MB).
_BLOCK = 8192


@lru_cache(maxsize=4)
def _step_powers(params: PKParameters, dt_h: float, n: int) -> np.ndarray:
    """exp(A·Δt)^k for k = 0 … n−1, stacked (read-only): amounts k steps after a dose are
    ``powers[k] @ dose``. Built by doubling, so it takes about log2(n) batched products."""
    step = expm(params.rate_matrix() * dt_h)
    powers = np.empty((n, len(STATES), len(STATES)))
    powers[0] = np.eye(len(STATES))
    filled, jump = 1, step
    while filled < n:
        block = min(filled, n - filled)
        powers[filled : filled + block] = powers[:block] @ jump
        filled += block
        jump = jump @ jump
    powers.flags.writeable = False
    return powers


def simulate(
    params: PKParameters, doses: Iterable[Dose], t_end_h: float, dt_h: float = 0.1, t_start_h: float = 0.0
) -> Simulation:
    """Concentrations of naltrexone and 6β-naltrexol after ``doses``, on a grid of step ``dt_h``.

    Dose times must fall on the grid: a dose is never silently moved to another time.

    Results are remembered (a page, its figures and its checks ask for the same regimens many
    times), so the arrays of the returned :class:`Simulation` are read-only: copy them to change them.
    """
    doses = tuple(doses)
    try:
        hash((params, doses, t_end_h, dt_h, t_start_h))
    except TypeError:  # not hashable, so not a valid input either: let the checks say why
        return _simulate(params, doses, t_end_h, dt_h, t_start_h)
    return _remembered(params, doses, t_end_h, dt_h, t_start_h)


# A four-week simulation at 6-minute steps holds about half a megabyte.
@lru_cache(maxsize=32)
def _remembered(params, doses, t_end_h, dt_h, t_start_h) -> Simulation:
    sim = _simulate(params, doses, t_end_h, dt_h, t_start_h)
    for array in (sim.times_h, sim.naltrexone_ng_ml, sim.naltrexol_ng_ml, sim.amounts_umol):
        array.flags.writeable = False
    return sim


def _simulate(params: PKParameters, doses: tuple, t_end_h: float, dt_h: float, t_start_h: float) -> Simulation:
    times = _grid(t_start_h, t_end_h, dt_h)
    if not all(isinstance(d, Dose) for d in doses):
        raise ValueError("doses: expected Dose objects")
    n_states = len(STATES)
    increments: dict[int, np.ndarray] = {}
    for dose in doses:
        if not t_start_h <= dose.time_h <= t_end_h:
            raise ValueError(
                f"doses: a dose at {dose.time_h!r} h lies outside the simulated interval {t_start_h!r}-{t_end_h!r} h"
            )
        position = (dose.time_h - t_start_h) / dt_h
        k = round(position)
        if not math.isclose(position, k, abs_tol=1e-6):
            raise ValueError(
                f"doses: a dose at {dose.time_h!r} h is not on the {dt_h!r}-h grid; "
                "choose a step that divides the dosing times"
            )
        vector = increments.setdefault(k, np.zeros(n_states))
        umol = dose.amount_umol
        if dose.route == "oral":
            vector[STATES.index("gut")] += umol
        elif dose.route == "iv":
            vector[STATES.index("ntx_central")] += umol
        else:
            vector[STATES.index("im_fast")] += umol * params.xr_burst_fraction
            vector[STATES.index("im_slow")] += umol * (1 - params.xr_burst_fraction)

    # Doses superpose: each adds its amounts, carried forward by the powers of the step matrix.
    # The loops are over dosing times and blocks of the grid, never over grid points; a block
    # starts from what the one before it left.
    n = len(times)
    powers = _step_powers(params, dt_h, min(n, _BLOCK))
    amounts = np.zeros((n, n_states))
    for start in range(0, n, len(powers)):
        span = amounts[start : start + len(powers)]
        if start:
            span += powers[: len(span)] @ (powers[1] @ amounts[start - 1])
        for k, vector in increments.items():
            if start <= k < start + len(span):
                span[k - start :] += powers[: len(span) - (k - start)] @ vector
    amounts[np.abs(amounts) < 1e-300] = 0.0
    # µmol / L = µmol/L; times g/mol gives µg/L, which is ng/mL.
    ntx = amounts[:, STATES.index("ntx_central")] / params.v1_l * MW_NALTREXONE
    bn = amounts[:, STATES.index("bn")] / params.v_6bn_l * MW_6BN
    return Simulation(times, ntx, bn, amounts)


def auc(times_h: np.ndarray, concentration: np.ndarray) -> float:
    """Area under a concentration–time curve by the trapezoidal rule (units: conc × h)."""
    t = finite_array(times_h, "times_h")
    c = finite_array(concentration, "concentration")
    if t.shape != c.shape:
        raise ValueError("times_h and concentration: expected arrays of equal length")
    if np.any(np.diff(t) <= 0):
        raise ValueError("times_h: must increase strictly")
    return float(np.sum((c[1:] + c[:-1]) * np.diff(t)) / 2.0)


def hours_above(
    sim: Simulation, threshold_ng_ml: float, analyte: str = "naltrexone", window_h: tuple[float, float] | None = None
) -> float:
    """Hours (on the grid) during which the concentration is at or above ``threshold_ng_ml``."""
    if not isinstance(threshold_ng_ml, (int, float)) or not math.isfinite(threshold_ng_ml) or threshold_ng_ml < 0:
        raise ValueError(f"threshold_ng_ml: expected a non-negative number, got {threshold_ng_ml!r}")
    t, c = sim.times_h, sim.concentration(analyte)
    dt = np.diff(t)
    above = c[:-1] >= threshold_ng_ml
    if window_h is not None:
        lo, hi = window_h
        above &= (t[:-1] >= lo) & (t[:-1] < hi)
    return float(np.sum(dt[above]))


def antagonist_ratio(
    sim: Simulation, ki_naltrexone_nm: float, ki_6bn_nm: float, fu_naltrexone: float = 1.0, fu_6bn: float = 1.0
) -> np.ndarray:
    """Σ [B]ᵢ/Kᵢ over both antagonists, using unbound concentrations (fu = fraction unbound)."""
    for name, value in (("ki_naltrexone_nm", ki_naltrexone_nm), ("ki_6bn_nm", ki_6bn_nm)):
        if not isinstance(value, (int, float)) or not math.isfinite(value) or value <= 0:
            raise ValueError(f"{name}: expected a positive number of nM, got {value!r}")
    for name, value in (("fu_naltrexone", fu_naltrexone), ("fu_6bn", fu_6bn)):
        if not isinstance(value, (int, float)) or not 0 < value <= 1:
            raise ValueError(f"{name}: a fraction unbound must lie in (0, 1], got {value!r}")
    ntx_nm = sim.naltrexone_ng_ml * 1000.0 / MW_NALTREXONE
    bn_nm = sim.naltrexol_ng_ml * 1000.0 / MW_6BN
    return fu_naltrexone * ntx_nm / ki_naltrexone_nm + fu_6bn * bn_nm / ki_6bn_nm


def mu_occupancy(sim: Simulation, **kwargs) -> np.ndarray:
    """Predicted share of µ receptors occupied by naltrexone and 6β-naltrexol together."""
    r = antagonist_ratio(sim, **kwargs)
    return r / (1.0 + r)


def dose_ratio_over_time(sim: Simulation, **kwargs) -> np.ndarray:
    """How many-fold an agonist's concentration would have to rise to overcome the blockade."""
    return 1.0 + antagonist_ratio(sim, **kwargs)


def trough_values(sim: Simulation, dose_times_h: Sequence[float], analyte: str = "naltrexone") -> np.ndarray:
    """Concentrations just before each dose (at the grid point preceding it)."""
    c = sim.concentration(analyte)
    idx = np.searchsorted(sim.times_h, np.asarray(dose_times_h, dtype=float)) - 1
    if np.any(idx < 0):
        raise ValueError("dose_times_h: a trough needs a grid point before the dose")
    return c[idx]
