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
