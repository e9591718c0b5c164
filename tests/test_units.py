"""Concentration units: hand-computed conversions and clear errors."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from naltrexone.units import convert_concentration, molecular_weight


def test_molecular_weights_come_from_the_data():
    assert molecular_weight("naltrexone") == 341.41
    assert molecular_weight("6β-naltrexol") == 343.42


def test_unknown_substance_is_named():
    with pytest.raises(ValueError, match=r"substance: no molecular weight for 'naloxone'"):
        molecular_weight("naloxone")


def test_mass_to_molar_by_hand():
    # 43.6 ng/mL of naltrexone: 43.6 / 341.41 * 1000 nmol/L = 127.7 nmol/L = 0.1277 µmol/L
    assert convert_concentration(43.6, "ng/mL", "nmol/L", 341.41) == pytest.approx(127.705, rel=1e-4)
    assert convert_concentration(43.6, "ng/mL", "µmol/L", 341.41) == pytest.approx(0.127705, rel=1e-4)


def test_molar_to_mass_by_hand():
    assert convert_concentration(1.0, "µmol/L", "ng/mL", 341.41) == pytest.approx(341.41)


def test_same_kind_needs_no_molecular_weight():
    assert convert_concentration(2.0, "mg/L", "ng/mL") == 2000.0
    assert convert_concentration(5.0, "nM", "µM") == pytest.approx(0.005)


def test_arrays_are_converted_elementwise():
    out = convert_concentration([1.0, 2.0], "ng/mL", "nmol/L", 341.41)
    assert isinstance(out, np.ndarray) and out[1] == pytest.approx(2 * out[0])


@pytest.mark.parametrize(
    "value, args, message",
    [
        (1.0, ("ng/ml", "nM", 341.41), "from_unit: unknown concentration unit 'ng/ml'"),
        (1.0, ("ng/mL", "mmol", 341.41), "to_unit: unknown concentration unit 'mmol'"),
        (-1.0, ("ng/mL", "nM", 341.41), "value: concentrations cannot be negative"),
        (math.nan, ("ng/mL", "nM", 341.41), "value: concentrations must be finite"),
        (1.0, ("ng/mL", "nM", None), "mw_g_per_mol: needed to convert between mass and molar"),
        (1.0, ("ng/mL", "nM", -5), "mw_g_per_mol: expected a positive number"),
    ],
)
def test_bad_input_names_the_parameter(value, args, message):
    with pytest.raises(ValueError, match=message):
        convert_concentration(value, *args)


@given(st.floats(min_value=0, max_value=1e6, allow_nan=False))
def test_round_trip_is_identity(value):
    there = convert_concentration(value, "ng/mL", "nmol/L", 341.41)
    assert convert_concentration(there, "nmol/L", "ng/mL", 341.41) == pytest.approx(value, rel=1e-12, abs=1e-12)
