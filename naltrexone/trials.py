"""Clinical-trial evidence prepared for the chapter: effects from arm-level counts, pooled
estimates, and the attrition from eligible patients to patients on treatment.

Effects are always computed from the counts in ``data/trial_outcomes.csv``; a paper's own printed
measure is kept beside them so that a test can check the two agree.
"""

from __future__ import annotations

import math

import pandas as pd

from .evidence import odds_ratio, proportion, published_nnt, risk_difference, risk_ratio


def comparisons(trials: pd.DataFrame) -> pd.DataFrame:
    """Each comparison with both risks, the risk ratio and risk difference (95 % CIs) and,
    where the difference favours naltrexone, the number needed to treat.

    Columns added: ``risk_naltrexone``, ``risk_comparator``, ``rr``, ``rr_low``, ``rr_high``,
    ``rd``, ``rd_low``, ``rd_high`` (fractions) and ``nnt`` (rounded up, and only where the
    difference's interval excludes zero). "Favours naltrexone" means more of a
    benefit or less of a harm; ``favours_naltrexone`` says whether the point estimate does.
    """
    out = trials.copy()
    columns = {
        name: []
        for name in (
            "risk_naltrexone",
            "risk_comparator",
            "rr",
            "rr_low",
            "rr_high",
            "rd",
            "rd_low",
            "rd_high",
            "nnt",
            "favours_naltrexone",
        )
    }
    for _, row in out.iterrows():
        counts = (
            int(row["events_naltrexone"]),
            int(row["n_naltrexone"]),
            int(row["events_comparator"]),
            int(row["n_comparator"]),
        )
        rr = risk_ratio(*counts)
        rd = risk_difference(*counts)
        # Benefits and process steps (starting treatment) are better when more common.
        favours = rd.value > 0 if row["outcome_kind"] in ("benefit", "process") else rd.value < 0
        columns["risk_naltrexone"].append(proportion(counts[0], counts[1]).value)
        columns["risk_comparator"].append(proportion(counts[2], counts[3]).value)
        columns["rr"].append(rr.value)
        columns["rr_low"].append(rr.low)
        columns["rr_high"].append(rr.high)
        columns["rd"].append(rd.value)
        columns["rd_low"].append(rd.low)
        columns["rd_high"].append(rd.high)
        # A number needed to treat only where the interval of the difference excludes zero:
        # otherwise "one patient in N" would suggest a precision the trial does not have.
        clear = rd.low > 0 or rd.high < 0
        columns["nnt"].append(published_nnt(rd.value) if favours and clear else math.nan)
        columns["favours_naltrexone"].append(bool(favours))
    for name, values in columns.items():
        out[name] = values
    return out


RECOVERED = ("from percentages and arm sizes", "from percentages and a printed odds ratio")


def _percent_matches(percent: float, total: int) -> list[int]:
    """Every whole count out of ``total`` that rounds to ``percent`` as precisely as it was printed."""
    text = f"{percent:g}"
    decimals = len(text.split(".")[1]) if "." in text else 0
    return [k for k in range(total + 1) if abs(100 * k / total - percent) <= 0.5 * 10**-decimals + 1e-9]


def _rounds_to(value: float, printed: float) -> bool:
    return abs(value - printed) <= 0.005 + 1e-9  # printed to two decimals


def recovered_counts_problems(trials: pd.DataFrame) -> list[str]:
    """Rows whose counts were recovered from printed numbers but are not the only ones that fit.

    A count recovered from a percentage is only trustworthy if it is the sole whole number that
    rounds to the printed value. Where percentages alone leave several candidates, the printed odds
    ratio and its interval may single one pair out; this lists every row where no unique pair
    reproduces what was printed, in words.
    """
    problems = []
    for _, row in trials[trials["counts"].isin(RECOVERED)].iterrows():
        candidates = {}
        for arm in ("naltrexone", "comparator"):
            percent, total = row[f"{arm}_percent"], int(row[f"n_{arm}"])
            if pd.isna(percent):
                problems.append(f"{row['id']}: no printed percentage for the {arm} arm")
            else:
                candidates[arm] = _percent_matches(percent, total)
        if len(candidates) < 2:
            continue
        pairs = [(a, b) for a in candidates["naltrexone"] for b in candidates["comparator"]]
        if row["counts"] == "from percentages and a printed odds ratio":
            if row["published_measure"] != "odds ratio":
                problems.append(f"{row['id']}: counts: recovered with an odds ratio, but none is printed")
                continue
            printed = (row["published_value"], row["published_low"], row["published_high"])
            pairs = [
                (a, b)
                for a, b in pairs
                if 0 < a < row["n_naltrexone"]
                and 0 < b < row["n_comparator"]
                and all(
                    _rounds_to(x, p)
                    for x, p in zip(odds_ratio(a, int(row["n_naltrexone"]), b, int(row["n_comparator"])), printed)
                )
            ]
        table = (int(row["events_naltrexone"]), int(row["events_comparator"]))
        if row["counts"] == "from percentages and arm sizes":
            for arm, events in zip(("naltrexone", "comparator"), table):
                if candidates[arm] != [events]:
                    problems.append(
                        f"{row['id']}: {row[f'{arm}_percent']:g} % of {int(row[f'n_{arm}'])} "
                        f"fits {candidates[arm]}, but the table says {events}"
                    )
        elif pairs != [table]:
            problems.append(
                f"{row['id']}: the printed percentages and odds ratio fit {pairs}, but the table says {table}"
            )
    return problems


def funnel_shares(funnels: pd.DataFrame) -> pd.DataFrame:
    """Each stage of each study and arm as a share of that study's first stage."""
    out = funnels.sort_values(["study", "arm", "stage_order"], kind="stable").copy()
    first = out.groupby(["study", "arm"])["n"].transform("first")
    out["share"] = out["n"].astype(float) / first.astype(float)
    order = list(dict.fromkeys(funnels["study"] + " | " + funnels["arm"]))
    out["_key"] = pd.Categorical(out["study"] + " | " + out["arm"], categories=order, ordered=True)
    return out.sort_values(["_key", "stage_order"], kind="stable").drop(columns="_key").reset_index(drop=True)
