"""Fig 2: deterministic, model and evidence both present, provenance visible."""

import pytest
from matplotlib.figure import Figure

from naltrexone.data import load_table
from naltrexone.figures import figure_to_svg, heroin_blockade_figure


@pytest.fixture(scope="module")
def tables():
    return load_table("receptor_occupancy"), load_table("heroin_challenge")


def test_returns_a_figure_with_model_and_evidence_panels(tables):
    fig = heroin_blockade_figure(*tables)
    assert isinstance(fig, Figure)
    top, bottom = fig.axes
    assert "occupancy" in top.get_ylabel()
    assert "Hours after" in bottom.get_xlabel()


def test_same_input_gives_identical_svg_bytes(tables):
    assert figure_to_svg(heroin_blockade_figure(*tables)) == figure_to_svg(heroin_blockade_figure(*tables))


def test_every_evidence_row_shows_its_confidence(tables):
    _, bottom = heroin_blockade_figure(*tables).axes
    labels = [t.get_text() for t in bottom.get_yticklabels()]
    labels = [label for label in labels if label]  # blank spacer rows carry no source
    assert labels and all(any(f"[{c}]" in label for c in "AB") for label in labels)
    assert not any("[C]" in label for label in labels)  # no unverified observation is drawn


def test_unverified_verebey_results_are_not_drawn(tables):
    fig = heroin_blockade_figure(*tables)
    texts = " ".join(t.get_text() for ax in fig.axes for t in ax.texts) + " ".join(t.get_text() for t in fig.texts)
    assert "results not verified" in texts
    assert "could not be verified" in texts


def test_lee_points_are_plotted_with_error_bars(tables):
    top, _ = heroin_blockade_figure(*tables).axes
    assert any("Lee et al. 1988" in t.get_text() for t in top.get_legend().get_texts())


def test_alt_text_is_computed_from_the_data(tables):
    from naltrexone.figures import heroin_blockade_alt

    occupancy, challenges = tables
    alt = heroin_blockade_alt(occupancy, challenges)
    lee = occupancy[occupancy["source"] == "lee1988"]
    for _, row in lee.iterrows():
        assert f"{row['occupancy_percent']:.0f}% at {row['time_after_dose_h']:.0f} h" in alt
    assert "100 mg for 48 h" in alt
    assert "95% CI" in alt  # the fit's uncertainty is stated


def test_challenge_time_labels_say_they_are_model_values(tables):
    top, _ = heroin_blockade_figure(*tables).axes
    values = [t.get_text() for t in top.texts if t.get_text().endswith("%")]
    assert values and all(v.startswith("model") for v in values)
    assert any("not results" in t.get_text() for t in top.get_legend().get_texts())


def test_schuh_longer_blockade_is_drawn(tables):
    _, bottom = heroin_blockade_figure(*tables).axes
    assert any("Schuh 1999" in t.get_text() for t in bottom.get_yticklabels())


def test_display_wrapper_offers_svg_and_png_on_request(tables):
    from naltrexone.figures import show

    fig = heroin_blockade_figure(*tables)
    assert set(show(fig)._repr_mimebundle_()) == {"image/svg+xml"}
    both = show(fig, formats=("svg", "png"))._repr_mimebundle_()
    assert set(both) == {"image/svg+xml", "image/png"} and both["image/png"][:4] == b"\x89PNG"
    with pytest.raises(ValueError, match="unknown figure format"):
        show(fig, formats=("gif",))
