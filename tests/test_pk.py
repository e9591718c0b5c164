"""The PK engine: exact properties of a linear model, units, and clear errors.

These tests use round-number parameters so that expected values can be worked out by hand;
the calibrated parameters are tested in test_pk_calibration.py.
"""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from naltrexone.data import load_table
from naltrexone.pk import (
    MW_6BN,
    MW_NALTREXONE,
    MW_NALTREXONE_HCL,
    Dose,
    PKParameters,
    auc,
    dose_ratio_over_time,
    hours_above,
    mu_occupancy,
    simulate,
    trough_values,
)

ROUND = PKParameters(
    ka_per_h=1.0,
    f_oral=0.1,
    f_first_pass_to_6bn=0.5,
    cl_l_per_h=100.0,
    v1_l=100.0,
    q2_l_per_h=50.0,
    v2_l=400.0,
    q3_l_per_h=2.0,
    v3_l=500.0,
    fm_systemic_to_6bn=0.5,
    cl_6bn_l_per_h=50.0,
    v_6bn_l=500.0,
    xr_hydration_per_h=0.05,
    xr_release_per_h=0.005,
    xr_burst_fraction=0.1,
    xr_burst_per_h=1.0,
)


def test_molecular_weights_match_the_data():
    mw = load_table("molecular_weights").set_index("substance")["mw_g_per_mol"]
    assert MW_NALTREXONE == mw["naltrexone"] and MW_6BN == mw["6β-naltrexol"]
    assert MW_NALTREXONE_HCL == pytest.approx(377.87, abs=0.01)


def test_dose_forms_convert_to_moles():
    assert Dose(0, 341.41, "iv").amount_umol == pytest.approx(1000.0)  # base
    assert Dose(0, 50).form == "hydrochloride"  # tablets
    assert Dose(0, 50).amount_umol == pytest.approx(50_000 / 377.868)
    assert Dose(0, 380, "im_xr").form == "base"


def test_iv_bolus_by_hand():
    # 341.41 mg base = 1000 µmol into 100 L: 10 µmol/L = 3414.1 ng/mL at t = 0.
    sim = simulate(ROUND, [Dose(0, 341.41, "iv")], 10, dt_h=0.5)
    assert sim.at(0.0) == pytest.approx(3414.1)


@pytest.mark.parametrize(
    "dose, expected_fraction", [(Dose(0, 100, "oral"), 0.1), (Dose(0, 100, "iv"), 1.0), (Dose(0, 100, "im_xr"), 1.0)]
)
def test_auc_equals_f_times_dose_over_clearance(dose, expected_fraction):
    sim = simulate(ROUND, [dose], 4000, dt_h=0.25)
    expected = 1000.0 * expected_fraction * dose.amount_umol * MW_NALTREXONE / 1000 / ROUND.cl_l_per_h
    assert auc(sim.times_h, sim.naltrexone_ng_ml) == pytest.approx(expected, rel=0.01)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 100), st.floats(1, 400)), min_size=1, max_size=5))
def test_concentrations_never_negative_and_doses_superpose(doses):
    plan = [Dose(float(t), a) for t, a in doses]
    together = simulate(ROUND, plan, 200, dt_h=1.0)
    assert np.all(together.naltrexone_ng_ml >= 0) and np.all(together.naltrexol_ng_ml >= 0)
    apart = sum(simulate(ROUND, [d], 200, dt_h=1.0).naltrexone_ng_ml for d in plan)
    assert np.allclose(together.naltrexone_ng_ml, apart, rtol=1e-9, atol=1e-12)


@settings(max_examples=15, deadline=None)
@given(st.floats(1, 500), st.floats(1.1, 5))
def test_concentrations_scale_with_dose(amount, factor):
    one = simulate(ROUND, [Dose(0, amount)], 48, dt_h=0.5).naltrexone_ng_ml
    more = simulate(ROUND, [Dose(0, amount * factor)], 48, dt_h=0.5).naltrexone_ng_ml
    assert np.allclose(more, factor * one, rtol=1e-9)


def test_steady_state_is_reached_after_about_five_half_lives():
    # One dominant phase with a 24-h half-life and a dose every 24 h: after n doses the trough
    # is 1 - 2**-n of its steady-state value, so five half-lives bring it within about 3 %.
    simple = ROUND.replace(q2_l_per_h=1e-9, q3_l_per_h=1e-9, cl_l_per_h=100 * math.log(2) / 24)
    assert simple.disposition_half_lives_h()[0] == pytest.approx(24.0)
    days = 40
    sim = simulate(simple, [Dose(24.0 * d, 50) for d in range(days)], 24 * days, dt_h=1.0)
    troughs = trough_values(sim, [24.0 * d for d in range(1, days)])  # troughs[n-1]: after n doses
    assert troughs[4] / troughs[-1] == pytest.approx(1 - 2**-5, abs=1e-3)
    assert troughs[0] / troughs[-1] == pytest.approx(0.5, abs=1e-3)


def test_disposition_half_lives_are_ordered():
    fast, intermediate, slow = ROUND.disposition_half_lives_h()
    assert fast < intermediate < slow


def test_hours_above_and_troughs():
    sim = simulate(ROUND, [Dose(0, 341.41, "iv")], 100, dt_h=0.5)
    # one-compartment-like early decline: above 1000 ng/mL for a while, then not
    assert 0 < hours_above(sim, 1000.0) < 100
    assert hours_above(sim, 0.0) == 100
    with pytest.raises(ValueError, match="threshold_ng_ml"):
        hours_above(sim, -1)


def test_occupancy_and_dose_ratio_rise_with_concentration():
    sim = simulate(ROUND, [Dose(0, 100)], 96, dt_h=0.5)
    theta = mu_occupancy(sim, ki_naltrexone_nm=0.1, ki_6bn_nm=2.0)
    dr = dose_ratio_over_time(sim, ki_naltrexone_nm=0.1, ki_6bn_nm=2.0)
    assert np.all((theta >= 0) & (theta < 1)) and np.all(dr >= 1)
    assert np.allclose(theta, 1 - 1 / dr)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: Dose(0, -5), "Dose.amount_mg: must be greater than zero"),
        (lambda: Dose(math.nan, 5), "Dose.time_h: expected a finite number"),
        (lambda: Dose(0, 5, "rectal"), "Dose.route: expected one of oral, im_xr, iv"),
        (lambda: Dose(0, 5, "oral", "sulfate"), "Dose.form: expected one of hydrochloride, base"),
        (lambda: ROUND.replace(f_oral=1.5), "f_oral: a fraction must lie in"),
        (lambda: ROUND.replace(cl_l_per_h=0), "cl_l_per_h: must be greater than zero"),
        (lambda: ROUND.replace(v1_l=math.inf), "v1_l: expected a finite number"),
        (lambda: simulate(ROUND, [Dose(0.25, 50)], 24, dt_h=0.5), "not on the 0.5-h grid"),
        (lambda: simulate(ROUND, [Dose(30, 50)], 24, dt_h=0.5), "outside the simulated interval"),
        (lambda: simulate(ROUND, [Dose(0, 50)], 24, dt_h=0), "dt_h: the time step must be greater than zero"),
        (lambda: simulate(ROUND, [Dose(0, 50)], 24, dt_h=0.7), "does not divide the interval"),
        (lambda: simulate(ROUND, [Dose(0, 50)], -24), "t_end_h: must be after t_start_h"),
        (lambda: simulate(ROUND, [(0, 50)], 24), "doses: expected Dose objects"),
        (lambda: simulate(ROUND, [Dose(0, 50)], 24).at(3.33), "not on the simulation grid"),
        (lambda: simulate(ROUND, [Dose(0, 50)], 24).concentration("morphine"), "analyte"),
        (
            lambda: mu_occupancy(simulate(ROUND, [Dose(0, 50)], 24), ki_naltrexone_nm=0, ki_6bn_nm=1),
            "ki_naltrexone_nm: expected a positive number of nM",
        ),
        (lambda: auc([0, 1, 1], [1, 2, 3]), "times_h: must increase strictly"),
    ],
)
def test_bad_input_raises_a_clear_value_error(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def _step_by_step(params, doses, t_end_h, dt_h):
    """The model's definition, one step at a time: x(t + Δt) = exp(A·Δt)·x(t), doses added."""
    from scipy.linalg import expm

    from naltrexone.pk import STATES

    step = expm(params.rate_matrix() * dt_h)
    n = round(t_end_h / dt_h) + 1
    added = {}
    for dose in doses:
        vector = added.setdefault(round(dose.time_h / dt_h), np.zeros(len(STATES)))
        if dose.route == "oral":
            vector[STATES.index("gut")] += dose.amount_umol
        elif dose.route == "iv":
            vector[STATES.index("ntx_central")] += dose.amount_umol
        else:
            vector[STATES.index("im_fast")] += dose.amount_umol * params.xr_burst_fraction
            vector[STATES.index("im_slow")] += dose.amount_umol * (1 - params.xr_burst_fraction)
    amounts, x = np.empty((n, len(STATES))), np.zeros(len(STATES))
    for k in range(n):
        x = x + added.get(k, 0.0)
        amounts[k] = x
        x = step @ x
    return amounts


@pytest.mark.parametrize(
    "doses, t_end_h, dt_h",
    [
        ([Dose(0, 50)], 48, 0.05),
        ([Dose(24.0 * d, 50) for d in range(28)], 28 * 24, 0.1),
        ([Dose(0, 380, "im_xr"), Dose(12, 5, "iv")], 24 * 60, 0.1),  # longer than one block of powers
        ([Dose(24.0 * d, 100) for d in range(0, 700, 3)], 24 * 700, 0.5),  # many blocks, doses in each
    ],
)
def test_superposed_powers_match_the_step_by_step_definition(doses, t_end_h, dt_h):
    sim = simulate(ROUND, doses, t_end_h, dt_h=dt_h)
    expected = _step_by_step(ROUND, doses, t_end_h, dt_h)
    scale = np.abs(expected).max(axis=0, keepdims=True) + 1e-300
    assert np.max(np.abs(sim.amounts_umol - expected) / scale) < 1e-10


def test_repeated_simulations_are_remembered_and_read_only():
    first = simulate(ROUND, [Dose(0, 50)], 24, dt_h=0.5)
    again = simulate(ROUND, (Dose(0.0, 50.0),), 24.0, dt_h=0.5)
    assert again is first
    with pytest.raises(ValueError, match="read-only"):
        first.naltrexone_ng_ml[0] = 1.0
    assert simulate(ROUND.replace(ka_per_h=2.0), [Dose(0, 50)], 24, dt_h=0.5) is not first
