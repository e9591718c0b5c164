"""Oracle tests: the PK engine (matrix exponential on a grid) against answers found another way.

* With tissue distribution switched off (intercompartmental clearances ~0), an oral dose reduces
  to the one-compartment model with first-order absorption, whose plasma curve is the Bateman
  function; 6β-naltrexol, formed on first pass and from plasma and cleared first-order, then has a
  closed form too (a sum of exponentials, derived below).
* The full model (three naltrexone compartments, the injectable's release chain) is integrated
  with scipy's ``solve_ivp`` on the same rate matrix: an independent solver must give the same curves.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from scipy.integrate import solve_ivp

from naltrexone.pk import MW_6BN, MW_NALTREXONE, STATES, Dose, simulate
from naltrexone.pk_calibration import calibrated_parameters

OFF = 1e-12  # L/h: no exchange with the tissue compartments (the model asks for clearances > 0)


@pytest.fixture(scope="module")
def params():
    return calibrated_parameters()


def bateman(t, dose_umol, f, ka, k, v_l):
    """One-compartment plasma concentration (µmol/L) after an oral dose, first-order absorption."""
    return f * dose_umol * ka / (v_l * (ka - k)) * (np.exp(-k * t) - np.exp(-ka * t))


def _rise_and_fall(t, a, kb):
    """∫₀ᵗ e^(−kb (t−s)) e^(−a s) ds: what a first-order input decaying at rate a leaves in a
    compartment emptied at rate kb."""
    return (np.exp(-a * t) - np.exp(-kb * t)) / (kb - a)


def test_an_oral_dose_without_tissue_distribution_follows_the_bateman_function(params):
    p = params.replace(q2_l_per_h=OFF, q3_l_per_h=OFF)
    dose = Dose(0, 50, "oral", form="base")
    sim = simulate(p, [dose], 48, dt_h=0.05)
    k10 = p.cl_l_per_h / p.v1_l
    expected = bateman(sim.times_h, dose.amount_umol, p.f_oral, p.ka_per_h, k10, p.v1_l) * MW_NALTREXONE
    np.testing.assert_allclose(sim.naltrexone_ng_ml, expected, rtol=1e-8, atol=1e-12)
    # The peak sits where the Bateman function says: t_max = ln(ka/k) / (ka − k).
    t_max = np.log(p.ka_per_h / k10) / (p.ka_per_h - k10)
    assert abs(sim.times_h[np.argmax(sim.naltrexone_ng_ml)] - t_max) <= 0.05 / 2 + 1e-9


def test_6b_naltrexol_without_tissue_distribution_matches_its_closed_form(params):
    p = params.replace(q2_l_per_h=OFF, q3_l_per_h=OFF)
    dose = Dose(0, 100, "oral", form="base")
    sim = simulate(p, [dose], 72, dt_h=0.1)
    t, d, ka = sim.times_h, dose.amount_umol, p.ka_per_h
    k10, kb = p.cl_l_per_h / p.v1_l, p.cl_6bn_l_per_h / p.v_6bn_l
    first_pass = (1 - p.f_oral) * p.f_first_pass_to_6bn * ka * d * _rise_and_fall(t, ka, kb)
    from_plasma = (
        p.fm_systemic_to_6bn
        * k10
        * p.f_oral
        * d
        * ka
        / (ka - k10)
        * (_rise_and_fall(t, k10, kb) - _rise_and_fall(t, ka, kb))
    )
    expected = (first_pass + from_plasma) / p.v_6bn_l * MW_6BN
    np.testing.assert_allclose(sim.naltrexol_ng_ml, expected, rtol=1e-8, atol=1e-12)


def test_a_one_compartment_iv_bolus_decays_exponentially(params):
    p = params.replace(q2_l_per_h=OFF, q3_l_per_h=OFF)
    dose = Dose(0, 1, "iv")
    sim = simulate(p, [dose], 24, dt_h=0.25)
    expected = dose.amount_umol / p.v1_l * np.exp(-p.cl_l_per_h / p.v1_l * sim.times_h) * MW_NALTREXONE
    np.testing.assert_allclose(sim.naltrexone_ng_ml, expected, rtol=1e-8)


@pytest.mark.parametrize(
    "doses",
    [
        [Dose(0, 50), Dose(24, 50), Dose(48, 100)],
        [Dose(0, 380, "im_xr")],
        [Dose(0, 2, "iv")],
    ],
    ids=["oral regimen", "injectable", "iv bolus"],
)
def test_the_full_model_agrees_with_an_independent_ode_solver(params, doses):
    """solve_ivp (an adaptive Runge–Kutta–type solver for stiff systems) on dx/dt = A·x between
    doses; the engine uses exp(A·Δt). Concentrations must agree to well within a percent."""
    end_h = 24 * 7
    sim = simulate(params, doses, end_h, dt_h=0.5)
    a = params.rate_matrix()
    x = np.zeros(len(STATES))
    times = sim.times_h
    amounts = np.zeros((len(times), len(STATES)))
    starts = [*sorted({d.time_h for d in doses}), end_h]
    for start, stop in itertools.pairwise(starts):
        reference = simulate(params, [d for d in doses if d.time_h == start], start + 0.5, 0.5, t_start_h=start)
        x = x + reference.amounts_umol[0]  # the dose vector as the engine builds it (route split)
        grid = times[(times >= start) & (times <= stop)]
        solution = solve_ivp(lambda _t, y: a @ y, (start, stop), x, method="LSODA", t_eval=grid, rtol=1e-10, atol=1e-14)
        assert solution.success, solution.message
        amounts[(times >= start) & (times <= stop)] = solution.y.T
        x = solution.y[:, -1]
    ntx = amounts[:, STATES.index("ntx_central")] / params.v1_l * MW_NALTREXONE
    bn = amounts[:, STATES.index("bn")] / params.v_6bn_l * MW_6BN
    floor = 1e-6 * max(sim.naltrexone_ng_ml.max(), 1e-12)
    np.testing.assert_allclose(sim.naltrexone_ng_ml, ntx, rtol=1e-6, atol=floor)
    np.testing.assert_allclose(sim.naltrexol_ng_ml, bn, rtol=1e-6, atol=1e-6 * sim.naltrexol_ng_ml.max())
