"""The explorers (naltrexone/explorers.py): specifications, the numbers Vega computes from them,
and their static figures.

Vega is run here through Node.js (the engine the browser runs, outside it) at many settings and
compared with the Python models; tests/browser/test_explorers.py does the same through the page's
own controls in Chromium at fewer settings.
"""

from __future__ import annotations

import json
import math
import shutil

import altair as alt
import numpy as np
import pytest
from conftest import ROOT

from naltrexone import explorers
from naltrexone.pk import Dose, simulate
from naltrexone.pk_calibration import calibrated_parameters
from naltrexone.pk_checks import occupancy_summary
from naltrexone.pooling import pool_risk_ratios
from naltrexone.regimens import WEEKDAYS

NODE_READY = shutil.which("node") is not None and (explorers.JS_DIR / "node_modules" / "vega").is_dir()
needs_vega = pytest.mark.skipif(not NODE_READY, reason="Node.js and explorers/node_modules are needed (make test)")

#: How closely Vega's numbers must match the Python models'. The specifications carry the unit-dose
#: curve to five significant figures, so occupancy agrees to far better than a hundredth of a point.
OCCUPANCY_POINTS = 0.01
RELATIVE = 1e-6
DAILY = {day: 50.0 for day in WEEKDAYS}


@pytest.fixture(scope="module", params=list(explorers.EXPLORERS))
def each(request):
    return explorers.explorer(request.param)


def test_every_explorer_is_valid_vega_lite_with_a_readout_and_labelled_controls(each):
    spec = each.spec
    assert spec["$schema"].endswith(f"/{alt.SCHEMA_VERSION}.json")
    assert spec["description"].startswith("Interactive figure.")
    text = json.dumps(spec)
    assert f'"name": "{explorers.READOUT}"' in text
    assert each.parameters, "an explorer needs at least one control"
    for param in spec["params"]:
        if "bind" in param:
            assert param["bind"].get("name", "").strip(), f"{each.name}: control {param['name']} has no label"
    # Everything inline: no URL the browser could fetch.
    assert '"url"' not in text


def test_an_unknown_explorer_is_refused_with_the_known_names():
    with pytest.raises(ValueError, match=r"no explorer named 'x'.*antagonism"):
        explorers.explorer("x")


def test_vega_lite_in_package_json_is_the_schema_altair_writes():
    package = json.loads((ROOT / "explorers" / "package.json").read_text())
    lock = json.loads((ROOT / "explorers" / "package-lock.json").read_text())
    assert package["dependencies"]["vega-lite"] == alt.SCHEMA_VERSION.lstrip("v")
    for name, version in package["dependencies"].items():
        assert lock["packages"][f"node_modules/{name}"]["version"] == version, name


def test_the_model_is_linear_so_a_regimen_is_a_sum_of_shifted_unit_curves():
    params = calibrated_parameters()
    unit = explorers.unit_dose_curve(params)
    week = {"Mon": 100.0, "Wed": 75.0, "Fri": 150.0}
    doses = explorers.weekly_doses(week)
    sim = simulate(params, doses, t_end_h=explorers.REGIMEN_DAYS * 24, dt_h=1.0)
    times = sim.times_h[sim.times_h >= 9][::2]
    summed = np.zeros_like(times)
    for dose in doses:
        summed += (
            dose.amount_mg / explorers.UNIT_DOSE_MG * np.interp(times - dose.time_h, unit["t"], unit["ntx"], left=0)
        )
    direct = np.interp(times, sim.times_h, sim.naltrexone_ng_ml)
    assert np.allclose(summed, direct, rtol=1e-9, atol=1e-12)


def test_weekly_doses_take_half_tablets_and_a_missed_day_and_refuse_bad_input():
    doses = explorers.weekly_doses({"Mon": 100, "Wed": 100, "Fri": 150}, missed_day=2)
    assert [d.amount_mg for d in doses[:3]] == [100, 150, 100]  # Wednesday of week 1 left out
    assert doses[0] == Dose(9.0, 100.0)
    assert explorers.weekly_doses({"Mon": 50}, missed_day=1) == explorers.weekly_doses({"Mon": 50})
    with pytest.raises(ValueError, match="not a weekday"):
        explorers.weekly_doses({"Monday": 50})
    with pytest.raises(ValueError, match=r"week\['Mon'\]"):
        explorers.weekly_doses({"Mon": -25})
    with pytest.raises(ValueError, match="missed_day"):
        explorers.weekly_doses({"Mon": 50}, missed_day=21)


def test_the_designer_agrees_with_the_chapters_regimen_summary():
    """Week 3 of the designer (near steady state) quotes the chapter's week-4 lowest occupancy, to
    the whole percent the chapter prints, for the two regimens both cover."""
    summary = occupancy_summary(calibrated_parameters()).set_index("regimen")["lowest_occupancy"]
    for week, regimen in ((explorers.DEFAULT_WEEK, "100/100/150 mg Mon/Wed/Fri"), (DAILY, "50 mg every day")):
        ref = explorers.regimen_reference(week, None, 90.0)
        assert (round(ref["min_low"]), round(ref["min_high"])) == (
            round(summary[regimen].low),
            round(summary[regimen].high),
        ), regimen


def test_settings_for_a_control_an_explorer_lacks_are_refused(each):
    with pytest.raises(ValueError, match=r"runs\[0\]: .* has no control"):
        explorers.run_in_vega(each, [{"no_such_control": 1}])


_computed: dict[str, dict] = {}


def vega_values(name: str, settings: dict, cases: list[dict]) -> dict:
    """Vega's result for ``settings``, computing every case of the explorer in one Node.js call."""
    if name not in _computed:
        results = explorers.run_in_vega(explorers.explorer(name), cases, svg=False)
        _computed[name] = {json.dumps(c, sort_keys=True): r for c, r in zip(cases, results)}
    return _computed[name][json.dumps(settings, sort_keys=True)]


# --- Vega (through Node.js) against the Python models ------------------------------------------

REGIMEN_CASES = [
    (explorers.DEFAULT_WEEK, None, 90.0),
    (DAILY, None, 90.0),
    (DAILY, 16, 80.0),
    ({"Mon": 100.0, "Wed": 100.0, "Fri": 150.0}, 18, 95.0),
    ({"Mon": 75.0, "Tue": 25.0, "Thu": 125.0, "Sat": 50.0}, 0, 60.0),
]


def _regimen_settings(week, missed, floor):
    settings = {f"dose_{d.lower()}": week.get(d, 0.0) for d in WEEKDAYS}
    return {**settings, "missed": -1 if missed is None else missed, "floor": floor}


@needs_vega
@pytest.mark.parametrize(("week", "missed", "floor"), REGIMEN_CASES)
def test_regimen_designer_in_vega_matches_the_model(week, missed, floor):
    cases = [_regimen_settings(*case) for case in REGIMEN_CASES]
    got = vega_values("regimen", _regimen_settings(week, missed, floor), cases)["values"][0]
    want = explorers.regimen_reference(week, missed, floor)
    assert got["min_low"] == pytest.approx(want["min_low"], abs=OCCUPANCY_POINTS)
    assert got["min_high"] == pytest.approx(want["min_high"], abs=OCCUPANCY_POINTS)
    # Hours below the floor count two-hour grid points: equal unless a point sits on the floor.
    assert got["hours_below_low"] == pytest.approx(want["hours_below_low"], abs=explorers.GRID_H)
    assert got["hours_below_high"] == pytest.approx(want["hours_below_high"], abs=explorers.GRID_H)


SENSITIVITY_CASES = [(0.11, 0.0), (0.35, 0.5), (1.1, 1.0), (0.86, 0.25)]


@needs_vega
@pytest.mark.parametrize(("ki", "access"), SENSITIVITY_CASES)
def test_sensitivity_in_vega_matches_the_model(ki, access):
    cases = [{"ki": k, "access": a} for k, a in SENSITIVITY_CASES]
    got = vega_values("sensitivity", {"ki": ki, "access": access}, cases)["values"][0]
    want = explorers.sensitivity_reference(ki, access)
    assert got["trough"] == pytest.approx(want["trough"], abs=OCCUPANCY_POINTS)
    assert got["off3"] == pytest.approx(want["off3"], abs=OCCUPANCY_POINTS)


ANTAGONISM_CASES = [(0.0, 0.86, 1.0), (-1.5, 0.11, 3.0), (2.0, 1.1, -1.0)]


@needs_vega
@pytest.mark.parametrize(("log_ntx", "ki", "log_agonist"), ANTAGONISM_CASES)
def test_antagonism_in_vega_matches_the_receptor_equations(log_ntx, ki, log_agonist):
    settings = {"log_ntx": log_ntx, "ki": ki, "log_agonist": log_agonist}
    cases = [{"log_ntx": n, "ki": k, "log_agonist": a} for n, k, a in ANTAGONISM_CASES]
    got = vega_values("antagonism", settings, cases)["values"][0]
    want = explorers.antagonism_reference(10**log_agonist, 10**log_ntx, ki)
    for key, value in want.items():
        assert got[key] == pytest.approx(value, rel=RELATIVE), key


NNT_CASES = [
    (60, 0.8, 0.7, 0.92),
    (10, 0.8, 0.7, 0.92),
    (40, 0.9, 0.7, 1.15),
    (30, 1.5, 1.2, 1.9),
    (55, 0.45, 0.3, 0.7),
]


@needs_vega
@pytest.mark.parametrize(("baseline", "rr", "low", "high"), NNT_CASES)
def test_nnt_in_vega_rounds_as_the_book_and_refuses_a_range_through_no_difference(baseline, rr, low, high):
    def settings(b, r, lo, hi):
        return {"baseline": b, "rr": r, "rr_low": lo, "rr_high": hi}

    got = vega_values("nnt", settings(baseline, rr, low, high), [settings(*c) for c in NNT_CASES])
    values, text = got["values"][0], " ".join(got["readout"])
    want = explorers.nnt_reference(baseline, rr, low, high)
    assert values["difference"] == pytest.approx(want["difference"], rel=RELATIVE)
    assert values["nnt"] == want["nnt"]
    assert ("to harm" in text) == (rr > 1)
    if want["nnt_range"] is None:
        assert values["crosses"] and "no NNT range is quoted" in text
    else:
        assert not values["crosses"]
        assert sorted((values["nnt_a"], values["nnt_b"])) == list(want["nnt_range"])


def _evidence_settings(chosen: set[int]) -> dict:
    rows = explorers.evidence_trials()
    return {f"include_{k}": k in chosen for k in range(len(rows))}


EVIDENCE_CASES = [{1, 2, 3}, {0, 1, 2, 3, 4}, {1, 2}, {0, 4}, {2, 3, 4}, {2}]


@needs_vega
@pytest.mark.parametrize("chosen", EVIDENCE_CASES[:-1])
def test_evidence_pool_in_vega_matches_the_tested_pooling(chosen):
    rows = explorers.evidence_trials()
    cases = [_evidence_settings(c) for c in EVIDENCE_CASES]
    got = vega_values("evidence", _evidence_settings(chosen), cases)["values"][0]
    want = pool_risk_ratios([rows["trial_object"][k] for k in sorted(chosen)])
    assert got["k"] == want.k
    for key in ("estimate", "low", "high", "tau2"):
        assert got[key] == pytest.approx(getattr(want, key), rel=1e-6, abs=1e-9), key
    assert got["i2"] == pytest.approx(want.i2, abs=1e-6)


@needs_vega
def test_evidence_pool_asks_for_two_trials_when_one_is_ticked():
    cases = [_evidence_settings(c) for c in EVIDENCE_CASES]
    got = vega_values("evidence", _evidence_settings({2}), cases)
    assert "needs at least two trials" in " ".join(got["readout"])


def test_evidence_opens_with_the_oral_trials_only():
    rows = explorers.evidence_trials()
    spec = explorers.explorer("evidence").spec
    ticked = {p["name"] for p in spec["params"] if p["name"].startswith("include_") and p["value"]}
    oral = {f"include_{k}" for k, form in enumerate(rows["naltrexone_form"]) if form == "oral"}
    assert ticked == oral and len(oral) >= 2
    assert rows["study"].is_unique or not rows.duplicated(["study", "naltrexone_form"]).any()


# --- the static figures --------------------------------------------------------------------------


@needs_vega
def test_static_figures_are_deterministic_and_state_their_readout_in_the_alt_text(each):
    first, second = explorers.static_figure(each), explorers.static_figure(each)
    assert first.svg == second.svg and first.svg.startswith("<svg")
    assert first.readout and all(line in first.alt_text(each) for line in first.readout)
    assert not first.alt_text(each).startswith("Interactive")


@needs_vega
def test_the_regimen_figure_opens_on_the_chapters_weekend_range():
    figure = explorers.static_figure(explorers.explorer("regimen"))
    want = explorers.regimen_reference(
        explorers.DEFAULT_WEEK, None, explorers.explorer("regimen").spec["params"][-1]["value"]
    )
    assert f"{want['min_low']:.0f}–{want['min_high']:.0f} %" in figure.readout[0]
    assert not math.isnan(want["min_low"])
