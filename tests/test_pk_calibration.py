"""The calibrated PK model: the stored parameters follow from data/, and how well they fit."""

import math
from dataclasses import asdict

import numpy as np
import pytest

from naltrexone.data import load_table
from naltrexone.figures.pk import binding_inputs
from naltrexone.pk import Dose, mu_occupancy, simulate
from naltrexone.pk_calibration import (ORAL_TARGETS, XR_TARGETS, calibrate, calibrated_parameters,
                                       fit_report)


@pytest.fixture(scope="module")
def stored():
    return calibrated_parameters()


def test_stored_calibration_still_follows_from_the_data(stored):
    fresh = calibrate()
    for name, value in asdict(fresh).items():
        assert getattr(stored, name) == pytest.approx(value, rel=2e-3), (
            f"{name}: naltrexone/calibrated_pk.json is stale; run `make calibrate`")


def test_every_target_is_a_cited_positive_number():
    for target in ORAL_TARGETS + XR_TARGETS:
        assert target.observed > 0 and math.isfinite(target.observed), target.reference


def test_fit_stays_within_two_and_a_half_log_sds_of_every_target(stored):
    report = fit_report(stored)
    worst = max(report, key=lambda r: abs(r["z"]))
    assert abs(worst["z"]) < 2.5, worst
    # The bulk of the targets are fitted closely; the conflicts are few and named in the text.
    assert np.mean([abs(r["z"]) for r in report]) < 0.8


def test_fitted_values_are_physiologically_plausible(stored):
    assert 0.05 < stored.f_oral < 0.5
    fast, intermediate, slow = stored.disposition_half_lives_h()
    assert fast < 1.5 and 1.5 < intermediate < 6 and 15 < slow < 120


def test_occupancy_prediction_matches_lee1988_without_being_fitted_to_it(stored):
    """An out-of-sample check: Lee's PET data are not among the targets."""
    assert not any("lee1988" in t.reference and "terminal" not in t.reference for t in ORAL_TARGETS)
    sim = simulate(stored, [Dose(0, 50)], 170, dt_h=1.0)
    predicted = 100 * mu_occupancy(sim, **binding_inputs())
    lee = load_table("receptor_occupancy")
    lee = lee[lee["source"] == "lee1988"]
    for _, row in lee.iterrows():
        at = predicted[int(row["time_after_dose_h"])]
        assert abs(at - row["occupancy_percent"]) < 15, (row["time_after_dose_h"], at)
