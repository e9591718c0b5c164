"""Concentration units, converted explicitly through molecular weight.

Plasma levels of naltrexone are reported in mass units (ng/mL) in most clinical papers and in
molar units (µmol/L, nmol/L) in others, including the review this book follows. Binding
constants are molar (nM). Mixing them silently is the classic error, so every conversion here
names both units and takes the molecular weight from ``data/molecular_weights.csv``.
"""

from __future__ import annotations

import math

import numpy as np

from .data import DATA_DIR, load_table

# Mass concentrations in ng/mL per unit, molar concentrations in nmol/L per unit.
_MASS = {"ng/mL": 1.0, "µg/L": 1.0, "ug/L": 1.0, "mg/L": 1e3, "µg/mL": 1e3, "ug/mL": 1e3}
_MOLAR = {"nmol/L": 1.0, "nM": 1.0, "µmol/L": 1e3, "umol/L": 1e3, "µM": 1e3, "uM": 1e3, "pmol/L": 1e-3, "pM": 1e-3}

UNITS = tuple(_MASS) + tuple(_MOLAR)


def molecular_weight(substance: str, data_dir=DATA_DIR) -> float:
    """Molecular weight in g/mol of a substance listed in ``data/molecular_weights.csv``."""
    table = load_table("molecular_weights", data_dir).set_index("substance")
    if substance not in table.index:
        known = ", ".join(sorted(table.index))
        raise ValueError(f"substance: no molecular weight for {substance!r} (known: {known})")
    return float(table.loc[substance, "mw_g_per_mol"])


def _check_unit(unit: str, parameter: str) -> None:
    if unit not in _MASS and unit not in _MOLAR:
        raise ValueError(f"{parameter}: unknown concentration unit {unit!r}; use one of {', '.join(UNITS)}")


def convert_concentration(value, from_unit: str, to_unit: str, mw_g_per_mol: float | None = None):
    """Convert a concentration (scalar or array) between mass and molar units.

    ``mw_g_per_mol`` is needed only when crossing between mass and molar units.
    1 ng/mL of a substance of molecular weight M g/mol is 1000/M nmol/L.
    """
    _check_unit(from_unit, "from_unit")
    _check_unit(to_unit, "to_unit")
    array = np.asarray(value, dtype=float)
    if not np.all(np.isfinite(array)):
        raise ValueError("value: concentrations must be finite numbers")
    if np.any(array < 0):
        raise ValueError("value: concentrations cannot be negative")
    crossing = (from_unit in _MASS) != (to_unit in _MASS)
    if crossing:
        if mw_g_per_mol is None:
            raise ValueError("mw_g_per_mol: needed to convert between mass and molar units")
        if not (isinstance(mw_g_per_mol, (int, float)) and math.isfinite(mw_g_per_mol) and mw_g_per_mol > 0):
            raise ValueError(f"mw_g_per_mol: expected a positive number, got {mw_g_per_mol!r}")

    if from_unit in _MASS:
        ng_per_ml = array * _MASS[from_unit]
        nmol_per_l = ng_per_ml * 1000.0 / mw_g_per_mol if crossing else None
    else:
        nmol_per_l = array * _MOLAR[from_unit]
        ng_per_ml = nmol_per_l * mw_g_per_mol / 1000.0 if crossing else None

    if to_unit in _MASS:
        result = ng_per_ml / _MASS[to_unit]
    else:
        result = nmol_per_l / _MOLAR[to_unit]
    return float(result) if np.ndim(result) == 0 else result
