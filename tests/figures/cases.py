"""Every public figure function, drawn from fixed inputs: the book's own tables in ``data/``.

One entry per figure function (``tests/figures/test_house_style.py`` fails when a module gains a
``*_figure`` function that is not listed here). Each entry names the files its drawing reads, so
that the stored hashes (``figure_hashes.json``) can tell a figure that drifted from one whose data
changed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from matplotlib.figure import Figure

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
BIB = "data/references.bib"
# The PK figures read rows through facts, the calibration and the sensitivity ranges: every table.
EVERYTHING = ("data/*.csv", BIB, "naltrexone/calibrated_pk.json")


@dataclass(frozen=True)
class Case:
    module: str  # naltrexone.figures.<module>
    draw: Callable[[], Figure]
    inputs: tuple[str, ...]  # glob patterns relative to the repository root

    @staticmethod
    def function(case_id: str) -> str:
        """'effects_forest_figure[alcohol dependence]' -> 'effects_forest_figure'."""
        return case_id.split("[", 1)[0]

    def inputs_sha256(self) -> str:
        digest = hashlib.sha256()
        for pattern in self.inputs:
            for path in sorted(ROOT.glob(pattern)):
                digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
        return digest.hexdigest()


@cache
def table(name: str):
    from naltrexone.data import load_table

    return load_table(name)


@cache
def params():
    from naltrexone.pk_calibration import calibrated_parameters

    return calibrated_parameters()


def _figures():
    from naltrexone.figures import affinity, blockade, calendar, evidence, pk, safety, schematics

    return {
        "relative_affinity_figure": Case(
            "affinity",
            lambda: affinity.relative_affinity_figure(table("receptor_binding")),
            ("data/receptor_binding.csv", BIB),
        ),
        "heroin_blockade_figure": Case(
            "blockade",
            lambda: blockade.heroin_blockade_figure(table("receptor_occupancy"), table("heroin_challenge")),
            ("data/receptor_occupancy.csv", "data/heroin_challenge.csv", BIB),
        ),
        "dosing_calendar_figure": Case(
            "calendar",
            lambda: calendar.dosing_calendar_figure(table("dosing_regimens")),
            ("data/dosing_regimens.csv", BIB),
        ),
        **{
            f"effects_forest_figure[{condition}]": Case(
                "evidence",
                (
                    lambda condition=condition: evidence.effects_forest_figure(
                        table("trial_outcomes"), table("pooled_estimates"), condition
                    )
                ),
                ("data/trial_outcomes.csv", "data/pooled_estimates.csv", BIB),
            )
            for condition in ("opioid dependence", "alcohol dependence")
        },
        "funnel_figure": Case(
            "evidence", lambda: evidence.funnel_figure(table("treatment_funnels")), ("data/treatment_funnels.csv", BIB)
        ),
        "single_dose_figure": Case("pk", lambda: pk.single_dose_figure(table("plasma_kinetics"), params()), EVERYTHING),
        "regimen_figure": Case("pk", lambda: pk.regimen_figure(params()), EVERYTHING),
        "occupancy_figure": Case("pk", lambda: pk.occupancy_figure(params(), table("receptor_occupancy")), EVERYTHING),
        "dose_ratio_figure": Case("pk", lambda: pk.dose_ratio_figure(params()), EVERYTHING),
        "liver_dose_figure": Case(
            "safety", lambda: safety.liver_dose_figure(table("liver_studies"), 50), ("data/liver_studies.csv", BIB)
        ),
        "overdose_mortality_figure": Case(
            "safety",
            lambda: safety.overdose_mortality_figure(table("overdose_mortality")),
            ("data/overdose_mortality.csv", BIB),
        ),
        "reward_circuit_figure": Case("schematics", lambda: schematics.reward_circuit_figure(), ()),
    }


FIGURES: dict[str, Case] = {}


def figures() -> dict[str, Case]:
    if not FIGURES:
        FIGURES.update(_figures())
    return FIGURES
