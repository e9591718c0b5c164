"""The cited inputs and standard regimens behind the book's occupancy predictions.

These used to live beside the figures that draw them; they are model inputs, so they live with
the models, and the figures and checks import them from here (``naltrexone.figures.pk`` still
re-exports them, because notebooks and exercises import them from there).
"""

from __future__ import annotations

from dataclasses import dataclass

from .facts import central_value
from .pk import Dose
from .regimens import schedule, skip_day

FOUR_WEEKS_H = 28 * 24

#: Where the default binding constants and protein binding come from (rows of data/). The
#: default is one corner of the range in :mod:`naltrexone.sensitivity`, not a best estimate.
KI_NALTREXONE = "receptor_binding:wentland2009-naltrexone-mu"
KI_6BN = "receptor_binding:pelotte2009-6bn-mu"
PROTEIN_BINDING = "plasma_kinetics:swiss-protein-binding"
#: Plasma naltrexone that blocked the liking of intravenous heroin (extended-release patients).
BLOCKING_LEVEL = "castillo2024-blocking-level"


def unbound_fraction() -> float:
    """Share of naltrexone not bound to plasma proteins (assumed the same for 6β-naltrexol)."""
    return 1.0 - central_value(PROTEIN_BINDING) / 100.0


def binding_inputs() -> dict[str, float]:
    """Keyword arguments for :func:`naltrexone.pk.mu_occupancy` at the book's earlier inputs.

    These are the *upper* corner of the plausible range (the tightest naltrexone binding in the
    data, and 6β-naltrexol acting fully in brain). Predictions a reader could act on use
    :func:`naltrexone.sensitivity.occupancy_band` instead, which spans the whole range.
    """
    fu = unbound_fraction()
    return {
        "ki_naltrexone_nm": central_value(KI_NALTREXONE),
        "ki_6bn_nm": central_value(KI_6BN),
        "fu_naltrexone": fu,
        "fu_6bn": fu,
    }


@dataclass(frozen=True)
class Regimen:
    label: str
    doses: tuple[Dose, ...]

    @property
    def route(self) -> str:
        routes = {dose.route for dose in self.doses}
        return routes.pop() if len(routes) == 1 else "mixed"


#: Day (from 0 = the first Monday) of the dose left out in the missed-dose regimen: Wednesday, week 3.
MISSED_DAY = 16


def standard_regimens() -> tuple[Regimen, ...]:
    """The regimens the chapter compares over four weeks, built from data/dosing_regimens.csv."""
    daily = schedule("daily-50", weeks=4)
    return (
        Regimen("50 mg every day", tuple(daily)),
        Regimen("100/100/150 mg Mon/Wed/Fri", tuple(schedule("mon-wed-fri", weeks=4))),
        Regimen(
            "review's induction, then Mon/Wed/Fri",
            tuple(schedule("review-induction") + schedule("mon-wed-fri", weeks=1, start_week=4)),
        ),
        Regimen("50 mg every day, Wednesday of week 3 missed", tuple(skip_day(daily, MISSED_DAY))),
        Regimen("380 mg injection every 4 weeks", tuple(schedule("xr-380", weeks=4))),
    )


def oral_regimens() -> tuple[Regimen, ...]:
    """The standard regimens without the injectable, whose model the chapter does not trust
    for levels late in the interval (see :func:`naltrexone.pk_checks.xr_agreement`)."""
    return tuple(r for r in standard_regimens() if r.route == "oral")
