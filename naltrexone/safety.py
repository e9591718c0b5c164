"""Safety evidence prepared for tables and figures: liver enzymes, overdose and death rates,
adverse effects against their comparators.

Each function takes a validated table from ``data/`` and returns it with the derived columns a
reader needs (an interval, a difference, where the interval came from). Nothing is filled in
that the data cannot support: a row without counts gets no interval, and says so.
"""

from __future__ import annotations

import math

import pandas as pd

from .evidence import number_needed, proportion, rate, risk_difference


def _present(value) -> bool:
    return value is not None and value is not pd.NA and not (isinstance(value, float) and math.isnan(value))


def liver_evidence(liver: pd.DataFrame) -> pd.DataFrame:
    """Liver-enzyme studies with the share of patients with raised enzymes and its 95 % CI.

    Adds ``share``, ``share_low``, ``share_high`` (naltrexone arm) and the same three with a
    ``comparator_`` prefix, as fractions; empty where the study did not count patients.
    """
    out = liver.copy()
    for prefix, events, total in (
        ("", "n_raised", "n_naltrexone"),
        ("comparator_", "n_raised_comparator", "n_comparator"),
    ):
        values = []
        for _, row in out.iterrows():
            if _present(row[events]) and _present(row[total]):
                values.append(tuple(proportion(int(row[events]), int(row[total]))))
            else:
                values.append((math.nan, math.nan, math.nan))
        out[[f"{prefix}share", f"{prefix}share_low", f"{prefix}share_high"]] = pd.DataFrame(
            values, index=out.index, dtype="float64"
        )
    return out.sort_values(["daily_dose_mg", "study"], kind="stable").reset_index(drop=True)


#: Where a row's confidence interval came from.
CI_PUBLISHED, CI_COMPUTED, CI_NONE = "published", "computed from counts", "none"

#: Person-years in each unit the data may use; the book compares rates per 100 person-years.
PERSON_YEARS_IN_UNIT = {"per 100 person-years": 100.0, "per 1000 person-years": 1000.0}


def mortality_rates(table: pd.DataFrame) -> pd.DataFrame:
    """Rates per 100 person-years with a 95 % CI where the data allow one, and its origin.

    Adds ``rate_100``, ``low_100`` and ``high_100`` (every rate converted to per 100
    person-years, so studies can share an axis) and ``ci_origin``. A published interval is kept
    as published; where only the counts are given (events and person-years), the exact Poisson
    interval is computed; otherwise the row has no interval and ``ci_origin`` says so.
    """
    out = table.copy()
    rates, lows, highs, origins = [], [], [], []
    for _, row in out.iterrows():
        if row["unit"] not in PERSON_YEARS_IN_UNIT:
            raise ValueError(
                f"unit: row '{row['id']}' gives rates {row['unit']!r}; expected one of {sorted(PERSON_YEARS_IN_UNIT)}"
            )
        to_100 = 100.0 / PERSON_YEARS_IN_UNIT[row["unit"]]
        rates.append(row["rate"] * to_100)
        if _present(row["ci_low"]) and _present(row["ci_high"]):
            lows.append(row["ci_low"] * to_100)
            highs.append(row["ci_high"] * to_100)
            origins.append(CI_PUBLISHED)
        elif _present(row["events"]) and _present(row["person_years"]):
            estimate = rate(int(row["events"]), float(row["person_years"]), per=100.0)
            lows.append(estimate.low)
            highs.append(estimate.high)
            origins.append(CI_COMPUTED)
        else:
            lows.append(math.nan)
            highs.append(math.nan)
            origins.append(CI_NONE)
    out["rate_100"] = pd.Series(rates, index=out.index, dtype="float64")
    out["low_100"] = pd.Series(lows, index=out.index, dtype="float64")
    out["high_100"] = pd.Series(highs, index=out.index, dtype="float64")
    out["ci_origin"] = origins
    return out


def recomputed_rate(row: pd.Series) -> float | None:
    """The rate recomputed from a row's counts, in the row's own unit; None without counts."""
    if _present(row["events"]) and _present(row["person_years"]):
        return rate(int(row["events"]), float(row["person_years"]), per=PERSON_YEARS_IN_UNIT[row["unit"]]).value
    return None


def excess_risk(effects: pd.DataFrame) -> pd.DataFrame:
    """Adverse effects with the excess over the comparator and the number needed to harm.

    ``excess_percent`` is naltrexone minus comparator in percentage points, with a 95 % CI
    (``excess_low``, ``excess_high``, Newcombe's method) where the counts are given; the
    counts are used in preference to the rounded percentages. ``nnh`` is the number of patients
    treated for one more to have the effect; empty where the excess is not positive or there is
    no comparator.
    """
    out = effects.copy()
    excess, low, high = [], [], []
    for _, row in out.iterrows():
        counts = [row[c] for c in ("n_events_naltrexone", "n_naltrexone", "n_events_comparator", "n_comparator")]
        if all(_present(c) for c in counts):
            d = risk_difference(*(int(c) for c in counts))
            excess.append(100 * d.value)
            low.append(100 * d.low)
            high.append(100 * d.high)
        else:
            excess.append(row["naltrexone_percent"] - row["comparator_percent"])
            low.append(math.nan)
            high.append(math.nan)
    out["excess_percent"] = pd.Series(excess, index=out.index, dtype="float64")
    out["excess_low"] = pd.Series(low, index=out.index, dtype="float64")
    out["excess_high"] = pd.Series(high, index=out.index, dtype="float64")
    out["nnh"] = [number_needed(d / 100) if _present(d) and d > 0 else math.nan for d in out["excess_percent"]]
    return out
