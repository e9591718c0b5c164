"""Explorers: figures a reader changes in the browser, with no kernel and no network.

Each explorer is a Vega-Lite specification, written with Altair from the package's tested
functions, that the book's pages embed (``naltrexone.sphinxext.explorers``). The reader's browser
computes the figure from the numbers the specification carries, with the same formulas as the
Python models:

* **Competitive antagonism** (:func:`antagonism`): the Gaddum equations of
  :mod:`naltrexone.receptors`, evaluated for the agonist and antagonist concentrations the reader
  sets.
* **Regimen designer** (:func:`regimen`): the pharmacokinetic model is linear, so the levels after
  any set of doses are a weighted sum of one precomputed unit-dose curve shifted to each dosing
  time. The specification carries that one curve (from :func:`naltrexone.pk.simulate` with the
  stored calibration); the browser shifts, scales and sums it, then applies the two corner binding
  scenarios of :mod:`naltrexone.sensitivity`, so occupancy is always a band, never one line.
* **Model sensitivity** (:func:`sensitivity`): one simulated course, with the binding constant and
  6β-naltrexol's action in brain set by the reader inside the band the data allow.
* **Numbers needed to treat** (:func:`nnt`): absolute effect and NNT from a baseline risk and a
  risk ratio with its interval, rounded as :func:`naltrexone.evidence.published_nnt` rounds, and
  not quoted when the interval includes no difference (:func:`naltrexone.evidence.nnt_interval`).
* **Evidence** (:func:`evidence`): trials switched in and out of a DerSimonian–Laird pool, whose
  inputs (log risk ratios and variances) come from :meth:`naltrexone.pooling.Trial.log_rr`.

Every explorer names one mark ``readout``: its datum holds the numbers the figure states, which
the browser tests read and compare with the Python models at several settings
(``tests/browser/test_explorers.py``). The same numbers are computed in Python by the
``*_reference`` functions here, so the tests compare the browser with the models, not with itself.

Vega-Lite is used rather than hand-written JavaScript: it is a declarative grammar made for
interactive figures, its expressions are small enough to read beside the Python they mirror, and
Altair writes it from the same data frames the static figures use.
"""

from __future__ import annotations

import json
import math
import shutil
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import altair as alt
import numpy as np
import pandas as pd

from .data import DATA_DIR, load_table
from .evidence import Estimate, nnt_interval, published_nnt
from .facts import central_value
from .pk import MW_6BN, MW_NALTREXONE, Dose, simulate
from .pk_calibration import calibrated_parameters
from .pooling import Trial, pool_risk_ratios
from .references import short_citation
from .regimens import DOSING_HOUR, WEEKDAYS, skip_day, weekly
from .sensitivity import ACCESS_FULL, ACCESS_NONE, BindingScenario, binding_scenarios, naltrexone_mu_kis
from .trials import comparisons

#: Figures are drawn at one width so that the page's column holds them on a laptop screen.
WIDTH = 560
#: The reader's browser draws SVG: crisp when zoomed, and its text is searchable.
READOUT = "readout"

# --- shared pieces -----------------------------------------------------------------------------


def _slider(name: str, label: str, value: float, low: float, high: float, step: float) -> alt.Parameter:
    """A parameter bound to a labelled range input (Vega draws a <label> round the input, so
    screen readers announce the label, and arrow keys move it by ``step``)."""
    return alt.param(name=name, value=value, bind=alt.binding_range(min=low, max=high, step=step, name=label))


def _select(name: str, label: str, value, options: Sequence, labels: Sequence[str]) -> alt.Parameter:
    return alt.param(
        name=name, value=value, bind=alt.binding_select(options=list(options), labels=list(labels), name=label)
    )


def _check(name: str, label: str, value: bool) -> alt.Parameter:
    return alt.param(name=name, value=value, bind=alt.binding_checkbox(name=label))


def _rounded(values, digits: int = 5) -> list[float]:
    """Numbers for the specification, to ``digits`` significant figures.

    Rounding keeps the page small; at five figures it moves no drawn or stated value (the browser
    tests' tolerances are far wider than the rounding).
    """
    out = []
    for v in np.asarray(values, dtype=float):
        out.append(0.0 if v == 0 else float(f"{v:.{digits}g}"))
    return out


def _readout(chart: alt.Chart, lines: int) -> alt.Chart:
    """The explorer's stated numbers as text above the figure: the mark named ``readout`` whose
    datum (its ``text`` field and the numbers behind it) the page reads aloud and the tests read."""
    return (
        chart.mark_text(align="left", baseline="top", fontSize=13, dy=-4)
        .encode(text="text:N", x=alt.value(0), y=alt.value(0))
        .properties(name=READOUT, width=WIDTH, height=18 * lines)
    )


@dataclass(frozen=True)
class Explorer:
    """One explorer: its Vega-Lite specification and what the page says about it."""

    name: str
    spec: dict
    description: str  # the figure's text alternative, also the SVG's aria label

    @property
    def parameters(self) -> list[str]:
        """The names of the reader's controls (the parameters bound to inputs)."""
        return [p["name"] for p in self.spec.get("params", []) if "bind" in p]


def _finish(name: str, chart, description: str) -> Explorer:
    # The live figure's SVG carries the description as its label, saying it can be changed.
    chart = chart.properties(description=f"Interactive figure. {description}").configure_view(stroke=None)
    spec = chart.to_dict(validate=True)
    # The $schema address is only a label for editors; the browser never fetches it.
    return Explorer(name, spec, description)


# --- 1. competitive antagonism -----------------------------------------------------------------


def _mu_kis() -> pd.DataFrame:
    return naltrexone_mu_kis().reset_index(drop=True)


def antagonism_reference(agonist_multiple: float, naltrexone_nm: float, ki_nm: float) -> dict[str, float]:
    """What the antagonism explorer states, from :mod:`naltrexone.receptors`."""
    from .receptors import competitive_occupancy, dose_ratio, fractional_occupancy

    return {
        "dose_ratio": float(dose_ratio(naltrexone_nm, ki_nm)),
        "agonist_alone": 100 * float(fractional_occupancy(agonist_multiple, 1.0)),
        "agonist_blocked": 100 * float(competitive_occupancy(agonist_multiple, 1.0, naltrexone_nm, ki_nm)),
        "antagonist_alone": 100 * float(fractional_occupancy(naltrexone_nm, ki_nm)),
    }


def antagonism() -> Explorer:
    kis = _mu_kis()
    ki_values = [float(v) for v in kis["value_nm"]]
    ki_labels = [f"{v:g} nM ({short_citation(s)})" for v, s in zip(kis["value_nm"], kis["source"])]
    middle = ki_values[len(ki_values) // 2]
    params = [
        _slider("log_ntx", "Naltrexone, unbound (log10 nM) ", 0.0, -2.0, 2.0, 0.1),
        _select("ki", "Naltrexone's Ki (assay) ", middle, ki_values, ki_labels),
        _slider("log_agonist", "Agonist for the readout (log10 multiples of its K) ", 1.0, -1.0, 4.0, 0.1),
    ]
    curve = alt.Chart(alt.sequence(-20, 41, 1, as_="step")).transform_calculate(
        a="pow(10, datum.step / 10)",
        b="pow(10, log_ntx)",
        alone="100 * datum.a / (1 + datum.a)",
        blocked="100 * datum.a / (1 + datum.a + datum.b / ki)",
    )
    x = alt.X("a:Q", scale=alt.Scale(type="log"), title="Agonist concentration (multiples of its own K)")
    folded = curve.transform_fold(["alone", "blocked"], as_=["case", "occupancy"]).transform_calculate(
        label="datum.case == 'alone' ? 'agonist alone' : 'agonist with naltrexone'"
    )
    lines = folded.mark_line(strokeWidth=2.5).encode(
        x=x,
        y=alt.Y("occupancy:Q", title="Receptors held by the agonist (%)", scale=alt.Scale(domain=[0, 100])),
        color=alt.Color(
            "label:N",
            title=None,
            scale=alt.Scale(range=["#0072B2", "#D55E00"]),
            legend=alt.Legend(orient="bottom-right", fillColor="white"),
        ),
        strokeDash=alt.StrokeDash("label:N", legend=None, scale=alt.Scale(range=[[1, 0], [6, 3]])),
    )
    readout = alt.Chart(alt.InlineData(values=[{}])).transform_calculate(
        b="pow(10, log_ntx)",
        a="pow(10, log_agonist)",
        dose_ratio="1 + datum.b / ki",
        agonist_alone="100 * datum.a / (1 + datum.a)",
        agonist_blocked="100 * datum.a / (1 + datum.a + datum.b / ki)",
        antagonist_alone="100 * datum.b / (datum.b + ki)",
        text=(
            "['Naltrexone ' + format(datum.b, '.3~g') + ' nM holds ' + format(datum.antagonist_alone, '.0f') "
            "+ ' % of receptors on its own; dose ratio ' + format(datum.dose_ratio, '.3~g') + '.', "
            "'An agonist at ' + format(datum.a, '.3~g') + ' × its K holds ' "
            "+ format(datum.agonist_blocked, '.0f') + ' % (' + format(datum.agonist_alone, '.0f') "
            "+ ' % without naltrexone).']"
        ),
    )
    readout = _readout(readout, lines=2)
    chart = alt.vconcat(readout, alt.layer(lines).properties(width=WIDTH, height=300)).add_params(*params)
    description = (
        "the share of µ receptors an agonist holds across its concentration, "
        "alone and with the naltrexone concentration the reader sets; the curve shifts right by the "
        "dose ratio, 1 plus the naltrexone concentration divided by its Ki."
    )
    return _finish("antagonism", chart, description)


# --- 2. regimen designer -----------------------------------------------------------------------

#: The designer covers three weeks from the first Monday, on a two-hour grid.
REGIMEN_DAYS = 21
GRID_H = 2.0
#: The tablet is 50 mg and may be halved: doses move in 25 mg steps up to three tablets.
HALF_TABLET_MG, MOST_MG = 25.0, 150.0
UNIT_DOSE_MG = 50.0
#: The week the readout judges (the third: near steady state for a weekly pattern).
JUDGED_WEEK = 3
DEFAULT_WEEK = {"Mon": 100.0, "Wed": 100.0, "Fri": 150.0}


def unit_dose_curve(params=None) -> pd.DataFrame:
    """Plasma naltrexone and 6β-naltrexol after one 50 mg tablet, every two hours from the dose.

    The model is linear in dose, so this one curve, shifted and scaled, gives any oral regimen.
    """
    params = params or calibrated_parameters()
    horizon_h = REGIMEN_DAYS * 24 - DOSING_HOUR
    sim = simulate(params, [Dose(0.0, UNIT_DOSE_MG)], t_end_h=horizon_h, dt_h=1.0)
    keep = np.isclose(np.mod(sim.times_h, GRID_H), 0.0)
    return pd.DataFrame({"t": sim.times_h[keep], "ntx": sim.naltrexone_ng_ml[keep], "bn": sim.naltrexol_ng_ml[keep]})


def weekly_doses(week: dict[str, float], missed_day: int | None = None, days: int = REGIMEN_DAYS) -> list[Dose]:
    """Timed doses for a weekly pattern (mg per weekday), with one day's dose left out.

    Built on :func:`naltrexone.regimens.weekly`; a weekday at zero (a slider moved to the left) is
    a day without a tablet. Day 0 is the first Monday.
    """
    for day, mg in week.items():
        if isinstance(mg, bool) or not isinstance(mg, (int, float)) or mg < 0 or not math.isfinite(mg):
            raise ValueError(f"week[{day!r}]: expected a dose in mg >= 0, got {mg!r}")
    if days % 7:
        raise ValueError(f"days: expected whole weeks, got {days!r}")
    if missed_day is not None and not (isinstance(missed_day, int) and 0 <= missed_day < days):
        raise ValueError(f"missed_day: expected a day from 0 to {days - 1}, got {missed_day!r}")
    given = {day: float(mg) for day, mg in week.items() if mg > 0}
    doses = weekly(given, weeks=days // 7) if given else []
    # Missing a day that has no tablet changes nothing, as in the browser.
    if missed_day is None or not any(int(d.time_h // 24) == missed_day for d in doses):
        return doses
    return skip_day(doses, missed_day)


def regimen_reference(week: dict[str, float], missed_day: int | None, floor: float, params=None) -> dict[str, float]:
    """What the regimen designer states, from the Python model: the judged week's lowest
    occupancy for both corner scenarios and the hours each spends below ``floor`` (percent)."""
    params = params or calibrated_parameters()
    doses = weekly_doses(week, missed_day)
    if not doses:
        raise ValueError("week: every dose is zero; there is nothing to simulate")
    sim = simulate(params, doses, t_end_h=REGIMEN_DAYS * 24, dt_h=1.0)
    low, high = binding_scenarios()
    start = (JUDGED_WEEK - 1) * 7 * 24
    on_grid = (sim.times_h >= start) & np.isclose(np.mod(sim.times_h - DOSING_HOUR, GRID_H), 0.0)
    occ_low = 100 * low.occupancy(sim)[on_grid]
    occ_high = 100 * high.occupancy(sim)[on_grid]
    return {
        "min_low": float(occ_low.min()),
        "min_high": float(occ_high.min()),
        "hours_below_low": float(GRID_H * np.sum(occ_low < floor)),
        "hours_below_high": float(GRID_H * np.sum(occ_high < floor)),
    }


def _ratio_expr(ki: str, access: str, fu: float, ki_6bn: float) -> str:
    """The Vega expression for r = fu·([NTX]/Ki + access·[6βN]/Ki_6βN), concentrations in ng/mL."""
    return (
        f"{fu!r} * (datum.ntx * 1000 / {MW_NALTREXONE!r} / {ki} + {access} * datum.bn * 1000 / {MW_6BN!r} / {ki_6bn!r})"
    )


def _with_occupancy(chart: alt.Chart, scenarios, **more_ratios: str) -> alt.Chart:
    """Add predicted occupancy (percent) to rows of plasma levels (``ntx``, ``bn``, ``time``):
    ``occ_low`` and ``occ_high`` for the two corner scenarios of :mod:`naltrexone.sensitivity`, and
    ``occ_<name>`` for each further ratio expression given; θ = r/(1 + r), as in
    :meth:`~naltrexone.sensitivity.BindingScenario.occupancy`. Also ``day``, the time in days."""
    low, high = scenarios
    ratios = {
        "low": _ratio_expr(repr(low.ki_naltrexone_nm), repr(ACCESS_NONE), low.fu, low.ki_6bn_nm),
        "high": _ratio_expr(repr(high.ki_naltrexone_nm), repr(ACCESS_FULL), high.fu, high.ki_6bn_nm),
        **more_ratios,
    }
    return chart.transform_calculate(**{f"r_{name}": expr for name, expr in ratios.items()}).transform_calculate(
        **{f"occ_{name}": f"100 * datum.r_{name} / (1 + datum.r_{name})" for name in ratios}, day="datum.time / 24"
    )


def regimen(params=None) -> Explorer:
    unit = unit_dose_curve(params)
    low, high = binding_scenarios()
    target = central_value("trostheim2022-occupancy-50mg")
    day_names = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
    dose_params = [
        _slider(f"dose_{day.lower()}", f"{name} (mg) ", DEFAULT_WEEK.get(day, 0.0), 0.0, MOST_MG, HALF_TABLET_MG)
        for day, name in zip(WEEKDAYS, day_names)
    ]
    missed_labels = ["none"] + [f"{day_names[d % 7]}, week {d // 7 + 1}" for d in range(REGIMEN_DAYS)]
    params_ = [
        *dose_params,
        _select("missed", "Dose missed ", -1, [-1, *range(REGIMEN_DAYS)], missed_labels),
        _slider("floor", "Occupancy floor (%) ", target, 50.0, 99.0, 1.0),
    ]
    by_weekday = " : ".join(f"datum.weekday == {k} ? {p.name}" for k, p in enumerate(dose_params[:-1]))
    dose_expr = f"datum.slot == missed ? 0 : ({by_weekday} : {dose_params[-1].name})"
    curve = {"key": 1, "t": _rounded(unit["t"], 6), "ntx": _rounded(unit["ntx"]), "bn": _rounded(unit["bn"])}
    end_h = REGIMEN_DAYS * 24
    levels = (
        alt.Chart(alt.sequence(0, REGIMEN_DAYS, 1, as_="slot"))
        .transform_calculate(key="1", weekday="datum.slot % 7")
        .transform_lookup(
            lookup="key", from_=alt.LookupData(alt.InlineData(values=[curve]), key="key", fields=["t", "ntx", "bn"])
        )
        .transform_flatten(["t", "ntx", "bn"])
        .transform_calculate(time=f"datum.t + 24 * datum.slot + {DOSING_HOUR!r}", dose=dose_expr)
        .transform_filter(f"datum.time <= {end_h}")
        .transform_calculate(
            c_ntx=f"datum.ntx * datum.dose / {UNIT_DOSE_MG!r}", c_bn=f"datum.bn * datum.dose / {UNIT_DOSE_MG!r}"
        )
        .transform_aggregate(ntx="sum(c_ntx)", bn="sum(c_bn)", groupby=["time"])
    )
    levels = _with_occupancy(levels, (low, high))
    day_axis = alt.X(
        "day:Q",
        title="Days from the first Monday (gridlines at each Monday)",
        scale=alt.Scale(domain=[0, REGIMEN_DAYS]),
        axis=alt.Axis(values=list(range(0, REGIMEN_DAYS + 1, 7))),
    )
    band = levels.mark_area(opacity=0.45, color="#009E73").encode(
        x=day_axis,
        y=alt.Y("occ_low:Q", title="Predicted µ occupancy (%)", scale=alt.Scale(domain=[0, 100])),
        y2="occ_high:Q",
    )
    floor_rule = (
        alt.Chart(alt.InlineData(values=[{}]))
        .transform_calculate(level="floor")
        .mark_rule(color="#D55E00", strokeDash=[6, 3], strokeWidth=2)
        .encode(y="level:Q")
    )
    plasma = (
        levels.transform_fold(["ntx", "bn"], as_=["analyte", "ng_ml"])
        .transform_calculate(label="datum.analyte == 'ntx' ? 'naltrexone' : '6β-naltrexol'")
        .mark_line(strokeWidth=1.5)
        .encode(
            x=day_axis,
            y=alt.Y("ng_ml:Q", title="Plasma level (ng/mL)"),
            color=alt.Color(
                "label:N",
                title=None,
                scale=alt.Scale(range=["#009E73", "#CC79A7"]),
                legend=alt.Legend(orient="top-right"),
            ),
        )
        .properties(width=WIDTH, height=150)
    )
    judged = (JUDGED_WEEK - 1) * 7 * 24
    readout = (
        levels.transform_filter(f"datum.time >= {judged}")
        .transform_calculate(
            below_low=f"datum.occ_low < floor ? {GRID_H!r} : 0", below_high=f"datum.occ_high < floor ? {GRID_H!r} : 0"
        )
        .transform_aggregate(
            min_low="min(occ_low)",
            min_high="min(occ_high)",
            hours_below_low="sum(below_low)",
            hours_below_high="sum(below_high)",
        )
        .transform_calculate(
            text=(
                f"['Week {JUDGED_WEEK}: lowest predicted occupancy ' + format(datum.min_low, '.0f') + '–' "
                "+ format(datum.min_high, '.0f') + ' % across the binding inputs in the data.', "
                "'Hours below the ' + format(floor, '.0f') + ' % floor that week: ' "
                "+ format(datum.hours_below_high, '.0f') + ' (strongest binding) to ' "
                "+ format(datum.hours_below_low, '.0f') + ' (weakest).']"
            )
        )
    )
    readout = _readout(readout, lines=2)
    occupancy = alt.layer(band, floor_rule).properties(width=WIDTH, height=240)
    chart = alt.vconcat(readout, occupancy, plasma).add_params(*params_)
    description = (
        "predicted µ-receptor occupancy over three weeks of the tablet regimen the "
        "reader sets (a dose for each weekday in half-tablet steps, one dose that may be missed), drawn "
        "as a band between the weakest and strongest binding inputs in the book's data, against a "
        "chosen floor; below it, plasma naltrexone and 6β-naltrexol."
    )
    return _finish("regimen", chart, description)


# --- 3. model sensitivity ----------------------------------------------------------------------

#: The course the sensitivity explorer varies: a week of 50 mg daily, then a week without tablets.
SENSITIVITY_WEEK = {"Mon": 50.0, "Tue": 50.0, "Wed": 50.0, "Thu": 50.0, "Fri": 50.0, "Sat": 50.0, "Sun": 50.0}
SENSITIVITY_DAYS = 14
#: The readout's two moments: the last trough on tablets, and three days after the last tablet.
LAST_TROUGH_H = 7 * 24 + DOSING_HOUR
OFF_3_DAYS_H = 6 * 24 + DOSING_HOUR + 72


def _sensitivity_sim(params=None):
    params = params or calibrated_parameters()
    doses = weekly_doses(SENSITIVITY_WEEK, days=7)
    return simulate(params, doses, t_end_h=SENSITIVITY_DAYS * 24, dt_h=1.0)


def sensitivity_reference(ki_nm: float, access: float, params=None) -> dict[str, float]:
    """What the sensitivity explorer states for one binding scenario, from the Python model."""
    sim = _sensitivity_sim(params)
    low, _ = binding_scenarios()
    scenario = BindingScenario("reader", ki_nm, low.ki_6bn_nm, access, low.fu)
    occ = 100 * scenario.occupancy(sim)
    return {
        "trough": float(np.interp(LAST_TROUGH_H, sim.times_h, occ)),
        "off3": float(np.interp(OFF_3_DAYS_H, sim.times_h, occ)),
    }


def sensitivity(params=None) -> Explorer:
    sim = _sensitivity_sim(params)
    low, high = binding_scenarios()
    keep = np.isclose(np.mod(sim.times_h - DOSING_HOUR, GRID_H), 0.0) | np.isin(
        sim.times_h, [LAST_TROUGH_H, OFF_3_DAYS_H]
    )
    rows = pd.DataFrame(
        {
            "time": sim.times_h[keep],
            "ntx": _rounded(sim.naltrexone_ng_ml[keep]),
            "bn": _rounded(sim.naltrexol_ng_ml[keep]),
        }
    )
    fu, ki_6bn = low.fu, low.ki_6bn_nm
    kis = _mu_kis()
    k_lo, k_hi = float(kis["value_nm"].min()), float(kis["value_nm"].max())
    params_ = [
        _slider("ki", "Naltrexone's Ki (nM) ", round(math.sqrt(k_lo * k_hi), 2), k_lo, k_hi, 0.01),
        _slider("access", "6β-naltrexol acting in brain (0 none, 1 fully) ", 0.5, 0.0, 1.0, 0.05),
    ]
    base = _with_occupancy(
        alt.Chart(alt.InlineData(values=rows.to_dict("records"))),
        (low, high),
        reader=_ratio_expr("ki", "access", fu, ki_6bn),
    )
    x = alt.X(
        "day:Q",
        title=f"Days from midnight before the first tablet ({SENSITIVITY_WEEK['Mon']:g} mg at "
        f"{DOSING_HOUR:02.0f}:00 daily for a week, then none)",
        scale=alt.Scale(domain=[0, SENSITIVITY_DAYS]),
    )
    band = base.mark_area(opacity=0.25, color="#999999").encode(
        x=x, y=alt.Y("occ_low:Q", title="Predicted µ occupancy (%)", scale=alt.Scale(domain=[0, 100])), y2="occ_high:Q"
    )
    line = base.mark_line(color="#0072B2", strokeWidth=2.5).encode(x=x, y="occ_reader:Q")
    readout = (
        base.transform_filter(f"datum.time == {LAST_TROUGH_H!r} || datum.time == {OFF_3_DAYS_H!r}")
        .transform_calculate(
            trough_part=f"datum.time == {LAST_TROUGH_H!r} ? datum.occ_reader : 0",
            off_part=f"datum.time == {OFF_3_DAYS_H!r} ? datum.occ_reader : 0",
        )
        .transform_aggregate(trough="sum(trough_part)", off3="sum(off_part)")
        .transform_calculate(
            text=(
                "['With Ki ' + format(ki, '.2f') + ' nM and 6β-naltrexol acting ' + format(100 * access, '.0f') "
                "+ ' %:', 'trough on tablets ' + format(datum.trough, '.0f') + ' %; three days after the last tablet ' "
                "+ format(datum.off3, '.0f') + ' %.', 'The grey band is every prediction the data allow.']"
            )
        )
    )
    readout = _readout(readout, lines=3)
    chart = alt.vconcat(readout, alt.layer(band, line).properties(width=WIDTH, height=260)).add_params(*params_)
    description = (
        "predicted µ occupancy over a week of 50 mg daily tablets and the week after, "
        "for the binding constant and the share of 6β-naltrexol acting in brain that the reader sets, "
        "inside a grey band of every prediction the book's data allow."
    )
    return _finish("sensitivity", chart, description)


# --- 4. numbers needed to treat ----------------------------------------------------------------


def nnt_reference(baseline_percent: float, rr: float, rr_low: float, rr_high: float) -> dict:
    """What the NNT explorer states, from :mod:`naltrexone.evidence` (risk difference from a
    baseline risk and a risk ratio: treated risk = baseline × RR)."""
    p0 = baseline_percent / 100
    diff = Estimate(p0 * (rr - 1), p0 * (rr_low - 1), p0 * (rr_high - 1))
    out = {"difference": 100 * diff.value, "nnt": float(published_nnt(diff.value)) if diff.value else math.inf}
    try:
        out["nnt_range"] = tuple(float(n) for n in nnt_interval(diff))
    except ValueError:
        out["nnt_range"] = None
    return out


def nnt() -> Explorer:
    params_ = [
        _slider("baseline", "Risk without the drug (%) ", 60.0, 1.0, 99.0, 1.0),
        _slider("rr", "Risk ratio ", 0.8, 0.2, 2.0, 0.01),
        _slider("rr_low", "Lower 95 % limit of the risk ratio ", 0.7, 0.1, 2.0, 0.01),
        _slider("rr_high", "Upper 95 % limit of the risk ratio ", 0.92, 0.2, 3.0, 0.01),
    ]
    # published_nnt rounds 1/|d| up; the tiny allowance mirrors its guard against floating error.
    ceil = "ceil(1 / abs({d}) - 1e-9)"
    calc = (
        alt.Chart(alt.InlineData(values=[{}]))
        .transform_calculate(
            p0="baseline / 100",
            p1="baseline / 100 * rr",
            d="baseline / 100 * (rr - 1)",
            d_low="baseline / 100 * (min(rr_low, rr_high) - 1)",
            d_high="baseline / 100 * (max(rr_low, rr_high) - 1)",
            valid="rr_low <= rr && rr <= rr_high && baseline * rr <= 100",
        )
        .transform_calculate(
            difference="100 * datum.d",
            nnt=f"datum.d == 0 ? null : {ceil.format(d='datum.d')}",
            crosses="datum.d_low <= 0 && datum.d_high >= 0",
            nnt_a=f"datum.d_low == 0 ? null : {ceil.format(d='datum.d_low')}",
            nnt_b=f"datum.d_high == 0 ? null : {ceil.format(d='datum.d_high')}",
        )
        .transform_calculate(
            kind="datum.d < 0 ? 'to treat (one fewer event)' : 'to harm (one more event)'",
            range_text=(
                "datum.crosses ? 'Its interval includes no difference, so no NNT range is quoted "
                "(it would run through infinity).' : '95 % range of the number needed: ' "
                "+ min(datum.nnt_a, datum.nnt_b) + ' to ' + max(datum.nnt_a, datum.nnt_b) + '.'"
            ),
        )
        .transform_calculate(
            text=(
                "!datum.valid ? ['Set the limits round the risk ratio, with a treated risk of at most 100 %.'] : "
                "datum.d == 0 ? ['No difference: no number needed.'] : "
                "['Risk ' + format(100 * datum.p0, '.0f') + ' % without, ' + format(100 * datum.p1, '.1f') "
                "+ ' % with: a difference of ' "
                "+ format(datum.difference, '+.1f') + ' percentage points.', "
                "'Number needed ' + datum.kind + ': ' + datum.nnt + ' (1 / |difference|, rounded up).', "
                "datum.range_text]"
            )
        )
    )
    readout = _readout(calc, lines=3)
    per_1000 = (
        calc.transform_calculate(without="1000 * datum.p0", with_drug="1000 * datum.p1")
        .transform_fold(["without", "with_drug"], as_=["arm", "events"])
        .transform_calculate(label="datum.arm == 'without' ? 'without the drug' : 'with the drug'")
        .mark_bar(color="#0072B2")
        .encode(
            y=alt.Y("label:N", title=None, sort=["without the drug", "with the drug"]),
            x=alt.X("events:Q", title="People with the event, per 1000 treated", scale=alt.Scale(domain=[0, 1000])),
        )
        .properties(width=WIDTH, height=90)
    )
    chart = alt.vconcat(readout, per_1000).add_params(*params_)
    description = (
        "events per 1000 people without and with the drug, for the baseline risk "
        "and risk ratio the reader sets, with the absolute difference and the number needed to treat "
        "or harm, rounded up, and its range only when the interval excludes no difference."
    )
    return _finish("nnt", chart, description)


# --- 5. evidence -------------------------------------------------------------------------------

#: The trials the evidence explorer offers: opioid dependence, naltrexone against placebo, outcomes
#: where more is better, compared as randomised. The oral trials are in the pool at first; the
#: implant and the injection are offered so the reader sees what mixing forms does.
EVIDENCE_CONDITION = "opioid dependence"


def evidence_trials() -> pd.DataFrame:
    """The rows the evidence explorer offers, with each trial's log risk ratio and variance."""
    rows = comparisons(load_table("trial_outcomes", DATA_DIR))
    keep = rows[
        (rows["condition"] == EVIDENCE_CONDITION)
        & (rows["comparator"] == "placebo")
        & (rows["outcome_kind"] == "benefit")
        & (rows["analysis"] == "as randomised")
    ].copy()
    # A trial reported twice (the injection trial's two analyses) enters once, with its first row;
    # the implant and oral arms of one trial are two comparisons and both stay (sharing a placebo
    # group, which the page's prompt asks the reader to notice).
    keep["study"] = keep["trial"].str.replace(r"\s*\(.*\)$", "", regex=True)
    keep = keep.drop_duplicates(subset=["study", "naltrexone_form"], keep="first").reset_index(drop=True)
    short = {"oral": "oral", "implant": "implant", "extended-release injection": "injection"}
    trials = [
        Trial(
            f"{r['study']}, {short[r['naltrexone_form']]}",
            int(r["events_naltrexone"]),
            int(r["n_naltrexone"]),
            int(r["events_comparator"]),
            int(r["n_comparator"]),
        )
        for _, r in keep.iterrows()
    ]
    keep["label"] = [t.label for t in trials]
    keep["y"], keep["v"] = zip(*(t.log_rr() for t in trials))
    keep["trial_object"] = trials
    return keep


def evidence_reference(labels: Sequence[str]) -> dict[str, float]:
    """The pooled risk ratio of the chosen trials, from :func:`naltrexone.pooling.pool_risk_ratios`."""
    rows = evidence_trials()
    chosen = [t for t in rows["trial_object"] if t.label in set(labels)]
    pooled = pool_risk_ratios(chosen)
    return {
        "estimate": pooled.estimate,
        "low": pooled.low,
        "high": pooled.high,
        "i2": pooled.i2,
        "tau2": pooled.tau2,
        "k": pooled.k,
    }


def evidence() -> Explorer:
    rows = evidence_trials()
    z = 1.959963984540054  # the 97.5th centile of the normal distribution, as pooling.py takes from scipy
    params_, include = [], []
    for k, r in rows.reset_index(drop=True).iterrows():
        name = f"include_{k}"
        params_.append(_check(name, f"{r['label']} ", r["naltrexone_form"] == "oral"))
        include.append(f"datum.k == {k} ? {name}")
    records = [
        {
            "k": k,
            "label": r["label"],
            "outcome": r["outcome"],
            "y": float(r["y"]),
            "v": float(r["v"]),
            "source": short_citation(r["source"]) if "source" in r else "",
        }
        for k, r in rows.reset_index(drop=True).iterrows()
    ]
    inc = " : ".join(include) + " : false"
    base = alt.Chart(alt.InlineData(values=records)).transform_calculate(
        included=inc,
        rr="exp(datum.y)",
        lo=f"exp(datum.y - {z!r} * sqrt(datum.v))",
        hi=f"exp(datum.y + {z!r} * sqrt(datum.v))",
    )
    y_axis = alt.Y("label:N", title=None, sort=[r["label"] for r in records])
    x_axis = alt.X(
        "rr:Q", scale=alt.Scale(type="log", domain=[0.2, 20]), title="Risk ratio (above 1 favours naltrexone)"
    )
    whiskers = base.mark_rule().encode(
        y=y_axis,
        x=alt.X("lo:Q", scale=alt.Scale(type="log", domain=[0.2, 20]), title="Risk ratio (above 1 favours naltrexone)"),
        x2="hi:Q",
        opacity=alt.condition("datum.included", alt.value(1), alt.value(0.3)),
    )
    points = base.mark_square(size=80, color="#0072B2").encode(
        y=y_axis, x=x_axis, opacity=alt.condition("datum.included", alt.value(1), alt.value(0.3))
    )
    one = alt.Chart(alt.InlineData(values=[{"one": 1}])).mark_rule(color="#777777").encode(x="one:Q")
    # DerSimonian–Laird, as naltrexone.pooling._random_effects computes it.
    pooled = (
        base.transform_filter("datum.included")
        .transform_calculate(
            w="1 / datum.v", wy="datum.y / datum.v", wyy="datum.y * datum.y / datum.v", ww="1 / (datum.v * datum.v)"
        )
        .transform_joinaggregate(sw="sum(w)", swy="sum(wy)", swyy="sum(wyy)", sww="sum(ww)", k="count()")
        .transform_calculate(
            q="datum.swyy - datum.swy * datum.swy / datum.sw",
            c="datum.sw - datum.sww / datum.sw",
        )
        .transform_calculate(tau2="datum.k > 1 ? max(0, (datum.q - (datum.k - 1)) / datum.c) : 0")
        .transform_calculate(ws="1 / (datum.v + datum.tau2)", wsy="datum.y / (datum.v + datum.tau2)")
        .transform_aggregate(sws="sum(ws)", swsy="sum(wsy)", k="max(k)", q="max(q)", tau2="max(tau2)")
        .transform_calculate(mu="datum.swsy / datum.sws", se="sqrt(1 / datum.sws)")
        .transform_calculate(
            estimate="exp(datum.mu)",
            low=f"exp(datum.mu - {z!r} * datum.se)",
            high=f"exp(datum.mu + {z!r} * datum.se)",
            i2="datum.q > 0 ? 100 * max(0, (datum.q - (datum.k - 1)) / datum.q) : 0",
        )
    )
    readout = pooled.transform_calculate(
        text=(
            "datum.k < 2 ? ['Pooling needs at least two trials: tick another.'] : "
            "['Pooled risk ratio of ' + datum.k + ' trials (DerSimonian–Laird random effects): ' "
            "+ format(datum.estimate, '.2f') + ' (95 % CI ' + format(datum.low, '.2f') + ' to ' "
            "+ format(datum.high, '.2f') + ').', "
            "'Heterogeneity: I² ' + format(datum.i2, '.0f') + ' %, τ² ' + format(datum.tau2, '.3f') + '.']"
        )
    )
    readout = _readout(readout, lines=2)
    diamond = (
        pooled.transform_filter("datum.k >= 2")
        .transform_calculate(label="'pooled (ticked trials)'")
        .mark_rule(color="#000000", strokeWidth=4)
        .encode(
            y=alt.Y("label:N", title=None),
            x=alt.X(
                "low:Q", scale=alt.Scale(type="log", domain=[0.2, 20]), title="Risk ratio (above 1 favours naltrexone)"
            ),
            x2="high:Q",
        )
    )
    forest = alt.layer(one, whiskers, points).properties(width=WIDTH - 220, height=30 * len(records))
    pooled_row = alt.layer(one, diamond).properties(width=WIDTH - 220, height=30)
    chart = alt.vconcat(readout, forest, pooled_row).add_params(*params_)
    description = (
        "A forest plot: risk ratios with 95 % intervals of naltrexone against placebo in "
        "opioid dependence (more is better), with a tick box for each trial and the random-effects pooled "
        "estimate of the ticked trials recomputed below."
    )
    return _finish("evidence", chart, description)


#: The explorers by name, as the ``{explorer}`` directive takes them.
EXPLORERS: dict[str, Callable[[], Explorer]] = {
    "antagonism": antagonism,
    "regimen": regimen,
    "sensitivity": sensitivity,
    "nnt": nnt,
    "evidence": evidence,
}


def explorer(name: str) -> Explorer:
    """The explorer called ``name`` (an error lists the known ones)."""
    if name not in EXPLORERS:
        raise ValueError(f"explorer: no explorer named {name!r} (known: {', '.join(EXPLORERS)})")
    return EXPLORERS[name]()


# --- the static fallback -----------------------------------------------------------------------

#: The folder holding the explorers' JavaScript (package.json, the lock, render.mjs); installed
#: by ``make book`` with ``npm ci --prefix explorers``.
JS_DIR = Path(__file__).resolve().parent.parent / "explorers"


@dataclass(frozen=True)
class StaticFigure:
    """An explorer drawn at its default settings: the SVG, and the readout's sentences."""

    svg: str
    readout: tuple[str, ...]

    def alt_text(self, explorer: Explorer) -> str:
        """The figure's text alternative: what it shows, then what it states at the defaults."""
        return f"{explorer.description} At the settings it opens with: {' '.join(self.readout)}"

    def _repr_svg_(self) -> str:  # what a page displays (and myst-nb glues) as an SVG figure
        return self.svg


def run_in_vega(explorer: Explorer, runs: Sequence[dict] = ({},), svg: bool = True) -> list[dict]:
    """Compute ``explorer`` with the Vega engine the browser runs, outside the browser (Node.js).

    ``runs`` is a list of settings (control name -> value; the defaults where not given). Each
    result holds the SVG (unless ``svg`` is false), the readout's sentences and the numbers behind
    them. One call starts Node.js once, however many runs it asks for.
    """
    runs = list(runs)
    for k, settings in enumerate(runs):
        unknown = set(settings) - set(explorer.parameters)
        if unknown:
            raise ValueError(
                f"runs[{k}]: explorer {explorer.name!r} has no control(s) {sorted(unknown)} "
                f"(its controls: {', '.join(explorer.parameters)})"
            )
    node = shutil.which("node")
    if node is None or not (JS_DIR / "node_modules" / "vega").is_dir():
        raise RuntimeError(
            f"explorer {explorer.name!r}: computing it outside the browser needs Node.js and the pinned "
            f"Vega packages in {JS_DIR / 'node_modules'}; run `make book` (or `npm ci --prefix explorers`)"
        )
    request = json.dumps({"spec": explorer.spec, "runs": runs, "svg": svg})
    run = subprocess.run(
        [node, str(JS_DIR / "render.mjs")], input=request, capture_output=True, text=True, cwd=JS_DIR, timeout=300
    )
    if run.returncode != 0:
        raise RuntimeError(f"explorer {explorer.name!r}: Vega could not compute it:\n{run.stderr[-2000:]}")
    return json.loads(run.stdout)


def static_figure(explorer: Explorer) -> StaticFigure:
    """Draw ``explorer`` at its default settings with the same Vega engine the browser runs.

    The fallback is the interactive figure itself, frozen, rather than a second drawing of the same
    data: it cannot drift from what the reader's browser shows.
    """
    (out,) = run_in_vega(explorer)
    return StaticFigure(out["svg"], tuple(out["readout"]))
