"""Input checks shared by the models: one place that turns bad numbers into clear errors."""

from __future__ import annotations

import numpy as np


def finite_array(value, name: str, *, sign: str | None = None) -> np.ndarray:
    """``value`` as a float array, or a ``ValueError`` naming the parameter.

    ``sign`` is None (any finite number), "non-negative" or "positive".
    """
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name}: expected a number or array of numbers, got {value!r}") from None
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name}: must be finite (got NaN or infinity)")
    if sign == "positive" and np.any(array <= 0):
        raise ValueError(f"{name}: must be greater than zero, got {value!r}")
    if sign == "non-negative" and np.any(array < 0):
        raise ValueError(f"{name}: cannot be negative, got {value!r}")
    return array


def scalar_or_array(array: np.ndarray):
    """Give a scalar back as a float, an array as an array."""
    return float(array) if np.ndim(array) == 0 else array
