"""Schematic figures: mechanisms drawn as diagrams, with no numbers in them.

The review's Fig 4 showed the brain's reward circuit; this is the book's own drawing of the same
idea, not a copy: alcohol releases endogenous opioids, which disinhibit dopamine neurons, and
naltrexone blocks the opioid step.
"""

from __future__ import annotations

from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from .style import GREY, OKABE_ITO, finalise, house_figure, new_figure

# (key, text, x, y, colour) in axes units (0..10 by 0..5)
BOXES = (
    ("alcohol", "alcohol", 1.3, 4.0, OKABE_ITO["orange"]),
    ("opioids", "endogenous opioids\n(β-endorphin)", 1.3, 1.6, OKABE_ITO["sky"]),
    ("gaba", "GABA interneuron\n(µ receptors)\nventral tegmental area", 4.4, 1.6, GREY),
    ("dopamine", "dopamine neuron\nventral tegmental area", 4.4, 4.0, OKABE_ITO["blue"]),
    ("accumbens", "dopamine release in the\nnucleus accumbens:\nreward, wanting more", 8.1, 4.0, OKABE_ITO["green"]),
)
ARROWS = (
    ("alcohol", "opioids", "releases", "-|>"),
    ("opioids", "gaba", "inhibit", "-["),
    ("gaba", "dopamine", "normally brakes", "-["),
    ("dopamine", "accumbens", "fires more", "-|>"),
)


@house_figure
def reward_circuit_figure() -> Figure:
    """How alcohol's reward runs through opioid receptors, and where naltrexone acts."""
    fig = new_figure(7.2, 3.4)
    ax = fig.subplots()
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 5)
    ax.axis("off")
    centres = {}
    for key, text, x, y, colour in BOXES:
        ax.add_patch(
            FancyBboxPatch(
                (x - 1.05, y - 0.55),
                2.1,
                1.1,
                boxstyle="round,pad=0.08",
                facecolor="white",
                edgecolor=colour,
                linewidth=1.8,
            )
        )
        ax.text(x, y, text, ha="center", va="center", fontsize=7.5)
        centres[key] = (x, y)
    for start, end, label, style in ARROWS:
        (x0, y0), (x1, y1) = centres[start], centres[end]
        # Start and end on the box edges (half-width 1.05 plus padding, half-height 0.55).
        if y0 == y1:
            step = 1.15 if x1 > x0 else -1.15
            tail, head = (x0 + step, y0), (x1 - step, y1)
        else:
            step = 0.65 if y1 > y0 else -0.65
            tail, head = (x0, y0 + step), (x1, y1 - step)
        ax.add_patch(
            FancyArrowPatch(
                tail, head, arrowstyle=style, mutation_scale=12, shrinkA=0, shrinkB=0, color="black", lw=1.2
            )
        )
        ax.text(
            (x0 + x1) / 2 + (0.15 if x0 == x1 else 0),
            (y0 + y1) / 2 + (0 if x0 == x1 else 0.18),
            label,
            fontsize=7,
            ha="left" if x0 == x1 else "center",
            va="center",
            color=GREY,
        )
    # Naltrexone sits on the opioid step.
    ax.add_patch(
        FancyBboxPatch(
            (2.2, 0.15), 1.3, 0.55, boxstyle="round,pad=0.06", facecolor=OKABE_ITO["vermillion"], edgecolor="none"
        )
    )
    ax.text(2.85, 0.42, "naltrexone", ha="center", va="center", fontsize=7.5, color="white", fontweight="bold")
    ax.add_patch(
        FancyArrowPatch(
            (2.85, 0.78),
            (2.85, 1.5),
            arrowstyle="-[",
            mutation_scale=10,
            shrinkA=0,
            shrinkB=0,
            color=OKABE_ITO["vermillion"],
            lw=1.6,
        )
    )
    ax.text(
        6.2,
        0.5,
        "Blocking µ receptors removes the opioid step:\nthe same drink brings less reward.",
        fontsize=7.5,
        ha="left",
        va="center",
    )
    return finalise(fig)


def reward_circuit_alt() -> str:
    return (
        "Diagram. Alcohol releases endogenous opioids such as beta-endorphin. These act on mu "
        "receptors of GABA interneurons in the ventral tegmental area, which normally brake the "
        "dopamine neurons. With the brake released, dopamine neurons fire more and release dopamine "
        "in the nucleus accumbens, felt as reward and wanting more. Naltrexone blocks the opioid "
        "step at the mu receptors, so the same drink brings less reward."
    )
