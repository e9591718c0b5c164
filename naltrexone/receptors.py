"""Receptor theory used in the pharmacology chapter: affinity, occupancy, competitive antagonism.

All functions take concentrations and equilibrium dissociation constants in the *same* molar
unit (nM throughout the book) and reject negative, non-finite or zero-where-impossible input
with a ``ValueError`` that names the parameter.

Equations (law of mass action at equilibrium, one binding site):

* fractional occupancy by a single ligand:          θ = C / (C + K)
* agonist occupancy with a competitive antagonist:   θ_A = (A/K_A) / (1 + A/K_A + B/K_B)
* Gaddum–Schild dose ratio:                          DR = 1 + B/K_B
* relative affinity to morphine (same assay only):   Ki(morphine) / Ki(drug)
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .checks import finite_array, scalar_or_array


def _as_array(value, name: str, *, positive: bool = False) -> np.ndarray:
    return finite_array(value, name, sign="positive" if positive else "non-negative")


def fractional_occupancy(concentration_nm, k_nm):
    """Share of receptors occupied by one ligand at equilibrium: C / (C + K)."""
    c = _as_array(concentration_nm, "concentration_nm")
    k = _as_array(k_nm, "k_nm", positive=True)
    return scalar_or_array(c / (c + k))


def occupancy_ratio(occupancy):
    """Invert θ = r/(1+r): the concentration in multiples of K that gives occupancy θ.

    Defined for 0 ≤ θ < 1; full occupancy would need an infinite concentration.
    """
    theta = _as_array(occupancy, "occupancy")
    if np.any(theta >= 1):
        raise ValueError(f"occupancy: must be below 1 (a fraction, not a percentage), got {occupancy!r}")
    return scalar_or_array(theta / (1.0 - theta))


def dose_ratio(antagonist_nm, kb_nm):
    """Gaddum–Schild dose ratio 1 + [B]/K_B.

    The factor by which an agonist's concentration must rise to give the same effect in the
    presence of a competitive antagonist at concentration [B].
    """
    b = _as_array(antagonist_nm, "antagonist_nm")
    kb = _as_array(kb_nm, "kb_nm", positive=True)
    return scalar_or_array(1.0 + b / kb)


def competitive_occupancy(agonist_nm, ka_nm, antagonist_nm, kb_nm):
    """Receptor share held by an agonist when a competitive antagonist is also present."""
    a = _as_array(agonist_nm, "agonist_nm") / _as_array(ka_nm, "ka_nm", positive=True)
    b = _as_array(antagonist_nm, "antagonist_nm") / _as_array(kb_nm, "kb_nm", positive=True)
    return scalar_or_array(a / (1.0 + a + b))


def remaining_agonist_effect(agonist_multiple, dose_ratio_value):
    """Agonist effect left under competitive blockade, as a fraction of the unblocked effect.

    For a simple hyperbolic concentration–effect curve E = Emax·a/(a + 1), where ``a`` is the
    agonist concentration in multiples of its EC50, a competitive antagonist shifts the curve
    right by the dose ratio: E_blocked = Emax·a/(a + DR). The ratio is (a + 1)/(a + DR).
    A bigger agonist dose (larger ``a``) recovers more of its effect: the blockade is
    surmountable, which is exactly why trying to overcome it is dangerous.
    """
    a = _as_array(agonist_multiple, "agonist_multiple", positive=True)
    dr = _as_array(dose_ratio_value, "dose_ratio_value")
    if np.any(dr < 1):
        raise ValueError(f"dose_ratio_value: a dose ratio is at least 1, got {dose_ratio_value!r}")
    return scalar_or_array((a + 1.0) / (a + dr))


def relative_affinity(
    binding: pd.DataFrame, assay: str, reference: str = "morphine", receptor: str = "mu"
) -> pd.DataFrame:
    """Affinity of each compound in one assay relative to ``reference`` in the *same* assay.

    ``binding`` is the ``receptor_binding`` table. Relative affinity is
    K(reference) / K(drug), with K the Ki or IC50 that the assay reports; above 1 means tighter
    binding than the reference. Absolute values differ several-fold between tissues, species
    and radioligands, so a ratio across assays would be meaningless, and this function only
    ever divides values from the same assay.

    Returns the assay's rows with ``reference_nm``, ``relative_affinity`` and
    ``ratio_confidence`` (the weaker of the drug's and the reference's tags) added.
    """
    required = {"compound", "receptor", "value_nm", "assay", "measure", "confidence"}
    missing = required - set(binding.columns)
    if missing:
        raise ValueError(f"binding: missing column(s) {', '.join(sorted(missing))}")
    rows = binding[(binding["assay"] == assay) & (binding["receptor"] == receptor)]
    if rows.empty:
        raise ValueError(f"assay: no {receptor} rows for assay {assay!r}")
    if rows["measure"].nunique() != 1:
        raise ValueError(
            f"assay: {assay!r} mixes measures {sorted(rows['measure'].unique())}; "
            "Ki and IC50 cannot be divided by each other"
        )
    references = rows[rows["compound"] == reference]
    if len(references) != 1:
        raise ValueError(
            f"reference: assay {assay!r} has {len(references)} {reference} rows; "
            "exactly one is needed (never borrow a reference from another assay)"
        )
    ref = references.iloc[0]
    result = rows.copy()
    result["reference_nm"] = ref["value_nm"]
    result["relative_affinity"] = ref["value_nm"] / result["value_nm"]
    result["ratio_confidence"] = [max(c, ref["confidence"]) for c in result["confidence"]]
    return result.reset_index(drop=True)
