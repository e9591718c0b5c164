"""Fig 1: deterministic, every bar traceable, nothing unverified drawn as fact."""

import pytest
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from naltrexone.data import load_table
from naltrexone.figures import figure_to_svg, relative_affinity_figure
from naltrexone.figures.affinity import FIG1_PANELS, VOLPE_PANEL, Panel, panel_table
from naltrexone.figures.style import ROLE_COLOURS


@pytest.fixture(scope="module")
def binding():
    return load_table("receptor_binding")


def test_returns_a_figure_with_one_panel_per_assay(binding):
    fig = relative_affinity_figure(binding)
    assert isinstance(fig, Figure)
    assert len(fig.axes) == len(FIG1_PANELS)
    assert fig.axes[-1].get_xscale() == "log"


def test_same_input_gives_identical_svg_bytes(binding):
    assert figure_to_svg(relative_affinity_figure(binding)) == figure_to_svg(relative_affinity_figure(binding))


def test_saving_twice_gives_identical_bytes(binding):
    fig = relative_affinity_figure(binding)
    assert figure_to_svg(fig) == figure_to_svg(fig)


def test_svg_carries_no_timestamp(binding):
    assert b"<dc:date>" not in figure_to_svg(relative_affinity_figure(binding))


@pytest.mark.parametrize("panels", [FIG1_PANELS, (VOLPE_PANEL,)], ids=["book figure", "unverified panel"])
def test_every_unverified_bar_is_hatched_unfilled_and_labelled(binding, panels):
    fig = relative_affinity_figure(binding, panels=panels)
    for ax, panel in zip(fig.axes, panels):
        rows = panel_table(binding, panel)
        bars = [p for p in ax.patches if isinstance(p, Rectangle)]
        drawn = rows[rows["compound"] != panel.reference]
        assert len(bars) == len(drawn)
        labels = [t.get_text() for t in ax.texts]
        for bar, (_, row) in zip(bars, drawn.iterrows()):
            if row["ratio_confidence"] == "C":
                assert bar.get_hatch(), f"{row['compound']}: unverified bar without hatching"
                assert bar.get_facecolor()[:3] == (1.0, 1.0, 1.0)
            else:
                assert not bar.get_hatch(), f"{row['compound']}: verified bar drawn as unverified"
        n_unverified = (rows["ratio_confidence"] == "C").sum()
        assert sum("unverified" in t for t in labels) == n_unverified


def test_every_bar_names_its_confidence_and_the_panel_its_source(binding):
    fig = relative_affinity_figure(binding)
    for ax, panel in zip(fig.axes, FIG1_PANELS):
        rows = panel_table(binding, panel)
        assert all(any(f"[{c}" in t.get_text() for t in ax.texts) for c in rows["ratio_confidence"])
        title = ax.get_title(loc="left")
        assert "et al." in title and panel.reference in title


def test_roles_are_visually_distinct():
    assert len(set(ROLE_COLOURS.values())) == 3


def test_panel_ratios_never_cross_assays(binding):
    for panel in FIG1_PANELS:
        rows = panel_table(binding, panel)
        assert rows["assay"].nunique() == 1


def test_unknown_compound_in_a_panel_is_refused(binding):
    with pytest.raises(ValueError, match=r"compound\(s\) not in the data: heroin"):
        panel_table(binding, Panel("chen1991-rat-damgo", compounds=("morphine", "heroin")))


def test_alt_text_is_computed_from_the_data(binding):
    from naltrexone.figures import relative_affinity_alt

    alt = relative_affinity_alt(binding)
    assert "hydrocodone 0.061×" in alt  # 1.2 / 19.8, from the Chen rows
    assert "naloxone 0.25×" in alt  # 1.0 / 4, from the Michel rows
    assert "unverified" not in alt  # the book's figure draws verified values only
    assert "unverified" in relative_affinity_alt(binding, panels=(VOLPE_PANEL,))


def test_the_books_figure_rests_on_no_unverified_value(binding):
    for panel in FIG1_PANELS:
        assert not (panel_table(binding, panel)["ratio_confidence"] == "C").any(), panel.assay
