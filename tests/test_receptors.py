"""Receptor theory: known values, properties, and refusal to compare across assays."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from naltrexone.data import load_table
from naltrexone.receptors import (
    competitive_occupancy,
    dose_ratio,
    fractional_occupancy,
    occupancy_ratio,
    relative_affinity,
    remaining_agonist_effect,
)

positive = st.floats(min_value=1e-6, max_value=1e6, allow_nan=False, allow_infinity=False)
non_negative = st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False)


def test_occupancy_by_hand():
    assert fractional_occupancy(1.0, 1.0) == 0.5  # C = K: half occupied
    assert fractional_occupancy(9.0, 1.0) == 0.9
    assert fractional_occupancy(0.0, 3.0) == 0.0


def test_occupancy_ratio_inverts_occupancy():
    assert occupancy_ratio(0.5) == pytest.approx(1.0)
    assert occupancy_ratio(15 / 16) == pytest.approx(15.0)


def test_dose_ratio_by_hand():
    # Antagonist at 15 x K_B: the agonist must be 16 times as concentrated.
    assert dose_ratio(15.0, 1.0) == 16.0
    assert dose_ratio(0.0, 0.11) == 1.0


def test_competitive_occupancy_by_hand():
    # Agonist at K_A and antagonist at K_B: one part each against one: 1 / (1 + 1 + 1).
    assert competitive_occupancy(1.0, 1.0, 1.0, 1.0) == pytest.approx(1 / 3)


def test_remaining_effect_by_hand():
    # a = 1 (agonist at its EC50), DR = 16: (1 + 1) / (1 + 16)
    assert remaining_agonist_effect(1.0, 16.0) == pytest.approx(2 / 17)


@given(non_negative, positive)
def test_occupancy_is_a_fraction(c, k):
    assert 0.0 <= fractional_occupancy(c, k) < 1.0 or c / k > 1e12


@given(positive, positive, non_negative, positive)
def test_antagonist_never_increases_agonist_occupancy(a, ka, b, kb):
    assert competitive_occupancy(a, ka, b, kb) <= fractional_occupancy(a, ka) + 1e-12


@given(
    st.floats(min_value=1e-3, max_value=1e3),
    st.floats(min_value=1, max_value=1e3),
    st.floats(min_value=1.01, max_value=100),
)
def test_blockade_is_surmountable(a, dr, factor):
    # A bigger agonist dose always recovers more of its effect: the essence of competition.
    assert remaining_agonist_effect(a * factor, dr) >= remaining_agonist_effect(a, dr)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: fractional_occupancy(-1, 1), "concentration_nm: cannot be negative"),
        (lambda: fractional_occupancy(1, 0), "k_nm: must be greater than zero"),
        (lambda: fractional_occupancy(math.nan, 1), "concentration_nm: must be finite"),
        (lambda: fractional_occupancy("high", 1), "concentration_nm: expected a number"),
        (lambda: dose_ratio(1, -2), "kb_nm: must be greater than zero"),
        (lambda: occupancy_ratio(94), "occupancy: must be below 1 .a fraction, not a percentage."),
        (lambda: remaining_agonist_effect(1, 0.5), "dose_ratio_value: a dose ratio is at least 1"),
    ],
)
def test_bad_input_raises_a_clear_value_error(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_relative_affinity_within_one_assay():
    binding = load_table("receptor_binding")
    chen = relative_affinity(binding, "chen1991-rat-damgo").set_index("compound")
    assert chen.loc["morphine", "relative_affinity"] == 1.0
    assert chen.loc["hydromorphone", "relative_affinity"] == pytest.approx(1.2 / 0.6)
    assert chen.loc["hydrocodone", "relative_affinity"] == pytest.approx(1.2 / 19.8)
    assert set(chen["reference_nm"]) == {1.2}  # never another study's morphine


def test_ratio_inherits_the_weaker_confidence():
    binding = load_table("receptor_binding")
    volpe = relative_affinity(binding, "volpe2011-human-mu").set_index("compound")
    assert volpe.loc["tramadol", "confidence"] == "A"
    assert volpe.loc["tramadol", "ratio_confidence"] == "C"  # morphine's value there is unverified


def test_assay_without_a_reference_is_refused_not_borrowed():
    binding = load_table("receptor_binding")
    with pytest.raises(ValueError, match=r"assay 'wentland2009-human-cho' has 0 morphine rows.*never borrow"):
        relative_affinity(binding, "wentland2009-human-cho")


def test_mixed_measures_in_one_assay_are_refused():
    binding = load_table("receptor_binding").copy()
    binding.loc[binding["id"] == "chen1991-m6g", "measure"] = "ic50"
    with pytest.raises(ValueError, match="cannot be divided by each other"):
        relative_affinity(binding, "chen1991-rat-damgo")
