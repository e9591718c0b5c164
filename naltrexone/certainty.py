"""Certainty of evidence, GRADE style: summary-of-findings rows built from the book's own tables.

Each row of ``data/certainty.csv`` names one comparison and outcome, points at the effect it rates
(a pooled estimate, a trial's counts, or several trial results that the book pools itself), and
gives a certainty with the judgement on each GRADE domain. Evidence from randomised trials starts
at *high*; each serious concern lowers it one step and each very serious concern two, down to
*very low* (Guyatt et al., BMJ 2008). Where the book makes the judgement itself, the stated
certainty must follow from the domains by that rule, and every downgrade must carry its reason.
Where a published rating is quoted instead, its domains may be "not reported".

Absolute effects follow the GRADE summary-of-findings convention: the control group's risk per
1000 and the corresponding risk on naltrexone, control risk × risk ratio (and its interval).
"""

from __future__ import annotations

import math

import pandas as pd

from .pooling import pool_estimates
from .trials import comparisons

LEVELS = ("high", "moderate", "low", "very low")
DOMAINS = ("risk_of_bias", "inconsistency", "indirectness", "imprecision", "publication_bias")
#: How many steps each judgement lowers the certainty. "single trial" (inconsistency cannot be
#: judged from one trial) and "not assessed" (publication bias with too few trials for a funnel
#: plot) lower nothing; "not reported" is allowed only for a quoted published rating.
STEPS = {"not serious": 0, "serious": 1, "very serious": 2, "single trial": 0, "not assessed": 0, "not reported": 0}
SYMBOLS = {"high": "⊕⊕⊕⊕", "moderate": "⊕⊕⊕◯", "low": "⊕⊕◯◯", "very low": "⊕◯◯◯"}
EFFECT_TABLES = ("pooled_estimates", "trial_outcomes", "book pooling")
RATIO_MEASURES = ("risk ratio", "rate ratio", "hazard ratio")


def implied_certainty(row: pd.Series) -> str:
    """The certainty the domain judgements imply for evidence from randomised trials."""
    steps = sum(STEPS[row[d]] for d in DOMAINS)
    return LEVELS[min(steps, len(LEVELS) - 1)]


def certainty_problems(certainty: pd.DataFrame, pooled: pd.DataFrame, trials: pd.DataFrame) -> list[str]:
    """Every way a certainty row fails the rules above, in words naming the row and field."""
    problems = []
    pooled_ids, trial_ids = set(pooled["id"]), set(trials["id"])
    for _, row in certainty.iterrows():
        where = f"certainty.csv row {row['id']!r}"
        for domain in DOMAINS:
            if row[domain] not in STEPS:
                problems.append(f"{where}: {domain}: unknown judgement {row[domain]!r}")
        if any(row[d] not in STEPS for d in DOMAINS):
            continue
        ids = [i.strip() for i in str(row["effect_ids"]).split(";")]
        known = trial_ids if row["effect_table"] == "trial_outcomes" else pooled_ids
        for missing in (i for i in ids if i not in known):
            problems.append(f"{where}: effect_ids: {missing!r} is not a row of {row['effect_table']}")
        if row["effect_table"] == "book pooling" and len(ids) < 2:
            problems.append(f"{where}: effect_ids: the book pools two or more results, got {len(ids)}")
        if row["effect_table"] != "book pooling" and len(ids) != 1:
            problems.append(f"{where}: effect_ids: one effect expected, got {len(ids)}")
        single = row["effect_table"] == "trial_outcomes" or (
            row["effect_table"] == "pooled_estimates"
            and ids[0] in pooled_ids
            and pooled.set_index("id").loc[ids[0], "n_studies"] == 1
        )
        if row["inconsistency"] == "single trial" and not single:
            problems.append(f"{where}: inconsistency: 'single trial' but the effect pools several trials")
        if row["rated_by"] == "book":
            if "not reported" in {row[d] for d in DOMAINS}:
                problems.append(f"{where}: the book's own rating must judge every domain")
            implied = implied_certainty(row)
            if row["certainty"] != implied:
                problems.append(
                    f"{where}: certainty: {row['certainty']!r} does not follow from the domains, which give {implied!r}"
                )
            downgraded = [d for d in DOMAINS if STEPS[row[d]] > 0]
            if downgraded and not str(row["reasons"]).strip():
                problems.append(f"{where}: reasons: downgraded for {', '.join(downgraded)} without a reason")
            for domain in downgraded:  # each reason is introduced by its domain's name
                if domain.replace("_", " ") not in str(row["reasons"]).lower():
                    problems.append(f"{where}: reasons: no reason given for {domain.replace('_', ' ')}")
        if row["rated_by"] == "published" and not str(row["reasons"]).strip():
            problems.append(
                f"{where}: reasons: say what the published rating gives as its reasons, or that they were not seen"
            )
        if pd.notna(row["control_per_1000"]) and not 0 < row["control_per_1000"] < 1000:
            problems.append(
                f"{where}: control_per_1000: expected a risk between 0 and 1000, got {row['control_per_1000']}"
            )
    return problems


def corresponding_per_1000(control: float, measure: str, value: float) -> float:
    """Risk per 1000 on naltrexone given the control risk per 1000 and a ratio.

    A risk ratio scales the risk; a hazard ratio acts on survival, 1 − (1 − p)^HR, which keeps
    the result below 1000. A risk ratio can in principle imply more than 1000 per 1000; that is
    refused rather than capped, since it means the ratio cannot hold at that control risk.
    """
    if not 0 < control < 1000:
        raise ValueError(f"control: a risk per 1000 between 0 and 1000 is needed, got {control!r}")
    if measure == "risk ratio":
        risk = control * value
        if risk > 1000:
            raise ValueError(
                f"value: a risk ratio of {value} at a control risk of {control:g} per 1000 "
                "implies more than 1000 per 1000"
            )
        return risk
    if measure == "hazard ratio":
        return 1000 * (1 - (1 - control / 1000) ** value)
    raise ValueError(f"measure: absolute risks only follow from a risk or hazard ratio, not a {measure}")


def _fmt(x: float) -> str:
    """Two significant decimals for ratios near one, fewer for large numbers; a true minus sign."""
    text = f"{x:.2f}" if abs(x) < 10 else f"{x:.1f}"
    return text.replace("-", "−")


def _effect(row: pd.Series, pooled: pd.DataFrame, trials: pd.DataFrame) -> dict:
    """The rated effect as one record: measure, value, interval, studies, participants, control risk."""
    ids = [i.strip() for i in str(row["effect_ids"]).split(";")]
    if row["effect_table"] == "trial_outcomes":
        t = comparisons(trials[trials["id"] == ids[0]]).iloc[0]
        return {
            "measure": "risk ratio",
            "value": t["rr"],
            "low": t["rr_low"],
            "high": t["rr_high"],
            "studies": 1,
            "participants": int(t["n_naltrexone"] + t["n_comparator"]),
            "control": 1000 * t["risk_comparator"],
            "source": t["source"],
            "pooled_by_book": None,
        }
    parts = pooled.set_index("id").loc[ids]
    if row["effect_table"] == "pooled_estimates":
        p = parts.iloc[0]
        return {
            "measure": p["measure"],
            "value": p["value"],
            "low": p["ci_low"],
            "high": p["ci_high"],
            "studies": p["n_studies"],
            "participants": p["n_participants"],
            "control": row["control_per_1000"],
            "source": p["source"],
            "pooled_by_book": None,
        }
    measures = set(parts["measure"])
    if len(measures) != 1:
        raise ValueError(f"certainty row {row['id']!r}: effect_ids: cannot pool different measures {sorted(measures)}")
    measure = measures.pop()
    scale = "ratio" if measure in RATIO_MEASURES else "difference"
    result = pool_estimates([(i, r["value"], r["ci_low"], r["ci_high"]) for i, r in parts.iterrows()], scale=scale)
    return {
        "measure": measure,
        "value": result.estimate,
        "low": result.low,
        "high": result.high,
        "studies": len(parts),
        "participants": parts["n_participants"].sum(min_count=len(parts)),
        "control": math.nan,
        "source": ";".join(parts["source"]),
        "pooled_by_book": result,
    }


def summary_of_findings(certainty: pd.DataFrame, pooled: pd.DataFrame, trials: pd.DataFrame) -> pd.DataFrame:
    """One display row per certainty row, in the columns of a GRADE summary-of-findings table.

    Columns: comparison, condition, outcome, relative, absolute, studies, certainty, rated, why,
    plus the numbers behind them (measure, value, low, high, control, corresponding,
    corresponding_low, corresponding_high) for tests and figures.
    """
    problems = certainty_problems(certainty, pooled, trials)
    if problems:
        raise ValueError("certainty.csv: " + "; ".join(problems))
    records = []
    by_id = pooled.set_index("id")
    for _, row in certainty.iterrows():
        e = _effect(row, pooled, trials)
        ratio = e["measure"] in RATIO_MEASURES
        short = {"risk ratio": "RR", "rate ratio": "rate ratio", "hazard ratio": "HR"}.get(e["measure"])
        relative = f"{short} {_fmt(e['value'])} ({_fmt(e['low'])} to {_fmt(e['high'])})" if ratio else "not applicable"
        corr = corr_low = corr_high = math.nan
        if pd.notna(row["absolute_id"]):
            a = by_id.loc[row["absolute_id"]]
            kind = "NNT" if a["measure"] == "number needed to treat" else a["measure"]
            absolute = f"{kind} {_fmt(a['value']) if kind != 'NNT' else int(a['value'])}"
            if pd.notna(a["ci_low"]):
                low, high = (
                    (int(a["ci_low"]), int(a["ci_high"])) if kind == "NNT" else (_fmt(a["ci_low"]), _fmt(a["ci_high"]))
                )
                absolute += f" ({low} to {high})"
        elif ratio and pd.notna(e["control"]) and e["measure"] != "rate ratio":
            corr, corr_low, corr_high = (
                corresponding_per_1000(e["control"], e["measure"], v) for v in (e["value"], e["low"], e["high"])
            )
            absolute = f"{round(e['control'])} → {round(corr)} per 1000 ({round(corr_low)} to {round(corr_high)})"
        elif not ratio:
            absolute = f"{_fmt(e['value'])} ({_fmt(e['low'])} to {_fmt(e['high'])})"
            if e["pooled_by_book"] is not None:
                absolute += f", pooled by the book (I² {e['pooled_by_book'].i2:.0f} %)"
        else:
            absolute = "not given by the source"
        studies = f"{int(e['studies'])}" if pd.notna(e["studies"]) else "not given"
        if pd.notna(e["participants"]):
            studies += f" ({int(e['participants'])})"
        rated = "the book" if row["rated_by"] == "book" else f"{{cite:t}}`{row['source']}`"
        records.append(
            {
                "id": row["id"],
                "comparison": row["comparison"],
                "condition": row["condition"],
                "outcome": row["outcome"],
                "relative": relative,
                "absolute": absolute,
                "studies": studies,
                "certainty": f"{SYMBOLS[row['certainty']]} {row['certainty']}",
                "level": row["certainty"],
                "rated": rated,
                "why": row["reasons"],
                "measure": e["measure"],
                "value": e["value"],
                "low": e["low"],
                "high": e["high"],
                "control": e["control"],
                "corresponding": corr,
                "corresponding_low": corr_low,
                "corresponding_high": corr_high,
            }
        )
    return pd.DataFrame(records)
