"""Clinical-trial evidence prepared for the chapter: effects from arm-level counts, pooled
estimates, and the attrition from eligible patients to patients on treatment.

Effects are always computed from the counts in ``data/trial_outcomes.csv``; a paper's own printed
measure is kept beside them so that a test can check the two agree.
"""

from __future__ import annotations

import math

import pandas as pd

from .evidence import proportion, published_nnt, risk_difference, risk_ratio


def comparisons(trials: pd.DataFrame) -> pd.DataFrame:
    """Each comparison with both risks, the risk ratio and risk difference (95 % CIs) and,
    where the difference favours naltrexone, the number needed to treat.

    Columns added: ``risk_naltrexone``, ``risk_comparator``, ``rr``, ``rr_low``, ``rr_high``,
    ``rd``, ``rd_low``, ``rd_high`` (fractions) and ``nnt`` (rounded up, and only where the
    difference's interval excludes zero). "Favours naltrexone" means more of a
    benefit or less of a harm; ``favours_naltrexone`` says whether the point estimate does.
    """
    out = trials.copy()
    columns = {name: [] for name in ("risk_naltrexone", "risk_comparator", "rr", "rr_low", "rr_high",
                                     "rd", "rd_low", "rd_high", "nnt", "favours_naltrexone")}
    for _, row in out.iterrows():
        counts = (int(row["events_naltrexone"]), int(row["n_naltrexone"]),
                  int(row["events_comparator"]), int(row["n_comparator"]))
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


def recovered_counts_problems(trials: pd.DataFrame) -> list[str]:
    """Rows whose counts were recovered from printed percentages but do not reproduce them.

    A count recovered from a percentage is only trustworthy if it is the sole whole number that
    rounds to the printed value; this lists the rows where that fails, in words.
    """
    problems = []
    for _, row in trials[trials["counts"] == "from percentages and arm sizes"].iterrows():
        for arm in ("naltrexone", "comparator"):
            percent, events, total = row[f"{arm}_percent"], row[f"events_{arm}"], row[f"n_{arm}"]
            if pd.isna(percent):
                problems.append(f"{row['id']}: no printed percentage for the {arm} arm")
                continue
            text = f"{percent:g}"
            decimals = len(text.split(".")[1]) if "." in text else 0  # as precisely as it was printed
            matches = [k for k in range(int(total) + 1)
                       if abs(100 * k / int(total) - percent) <= 0.5 * 10 ** -decimals + 1e-9]
            if matches != [int(events)]:
                problems.append(f"{row['id']}: {percent:g} % of {int(total)} fits {matches}, "
                                f"but the table says {int(events)}")
    return problems


def funnel_shares(funnels: pd.DataFrame) -> pd.DataFrame:
    """Each stage of each study and arm as a share of that study's first stage."""
    out = funnels.sort_values(["study", "arm", "stage_order"], kind="stable").copy()
    first = out.groupby(["study", "arm"])["n"].transform("first")
    out["share"] = out["n"].astype(float) / first.astype(float)
    order = list(dict.fromkeys(funnels["study"] + " | " + funnels["arm"]))
    out["_key"] = pd.Categorical(out["study"] + " | " + out["arm"], categories=order, ordered=True)
    return out.sort_values(["_key", "stage_order"], kind="stable").drop(columns="_key").reset_index(drop=True)
