"""Shared code for the open naltrexone textbook, in four layers.

Data flow one way, and so do imports: a module may import from its own layer and the layers
before it in :data:`LAYERS`, never from a later one (``tests/test_layers.py`` enforces this, lazy
imports included).

1. **sources** read, validate and quote ``data/``: tables, units, the bibliography, facts.
2. **models** are functions of numbers and tables: receptor binding, blockade, pharmacokinetics
   and its inputs, sensitivity ranges, evidence statistics, the teaching rules.
3. **presentation** turns results into what a page shows: figures (matplotlib lives here and
   above only), Markdown tables, the citation text, ``glue_model``.
4. **book machinery** is what Sphinx and the build run (``naltrexone.sphinxext``, the extension
   ``_config.yml`` enables); nothing else imports it, and only it imports Sphinx or docutils.

Readers import from the first three layers (``naltrexone.data``, ``.facts``, ``.pk``,
``.figures``, ``.pages`` …), in the book's pages, the notebooks and the exercises; those paths stay.
A new module gets a line in :data:`LAYERS` (the test fails until it has one).
"""

#: Layer name -> the modules (and subpackages) it holds, from the bottom up.
LAYERS: dict[str, tuple[str, ...]] = {
    "sources": ("checks", "units", "data", "bibtex", "references", "facts"),
    "models": (
        "receptors",
        "blockade",
        "pk",
        "regimens",
        "pk_inputs",
        "pk_calibration",
        "pk_checks",
        "sensitivity",
        "evidence",
        "pooling",
        "trials",
        "safety",
        "certainty",
        "teaching",
        "question_bank",
    ),
    "presentation": ("figures", "catalogue", "citation", "pages", "quiz", "explorers", "kits"),
    "book machinery": ("sphinxext",),
}

#: Third-party frameworks and the lowest layer allowed to import them.
FRAMEWORKS: dict[str, str] = {
    "matplotlib": "presentation",
    "myst_nb": "presentation",
    "sphinx": "book machinery",
    "docutils": "book machinery",
}
