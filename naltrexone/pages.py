"""Helpers for the book's executable pages.

``glue_model`` is how a page quotes a prediction of the occupancy models: it accepts only a
:class:`~naltrexone.sensitivity.ModelRange`, so the text shows the spread the inputs allow. A
test (tests/test_prose.py) reads every page and refuses a cell that runs one of those models and
glues a bare number with plain ``glue``.
"""

from __future__ import annotations

from .sensitivity import ModelRange


def glue_model(key: str, value: ModelRange) -> None:
    """Glue a model output for ``{glue:text}`` as its range (no display in the page)."""
    if not isinstance(value, ModelRange):
        raise TypeError(
            f"glue_model({key!r}): expected a ModelRange (a range across the model's "
            f"inputs), got {type(value).__name__}; a single value would hide what the "
            "model cannot tell"
        )
    from myst_nb import glue  # imported here: the package does not need myst-nb to compute

    glue(key, value, display=False)


def glue_explorer(name: str) -> None:
    """Glue an explorer's static figure (``fig-explorer-NAME``) and its alt text (``alt-explorer-NAME``).

    The page shows the figure with ``glued-figure`` inside the ``{explorer}`` directive, which adds
    the live version; the alt text states the numbers the figure shows at its default settings.
    """
    from myst_nb import glue

    from .explorers import explorer, static_figure

    chosen = explorer(name)
    figure = static_figure(chosen)
    glue(f"fig-explorer-{name}", figure, display=False)
    glue(f"alt-explorer-{name}", figure.alt_text(chosen), display=False)
