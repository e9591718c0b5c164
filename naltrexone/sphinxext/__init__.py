"""The book's machinery: everything Sphinx and the build need, and nothing a reader imports.

``_config.yml`` enables this package as one Sphinx extension (``naltrexone.sphinxext``); its
:func:`setup` loads one module per job, in the manner of sphinx-design:

=================  ==========================================================================
``facts``          the ``{fact}`` and ``{num}`` roles, and their provenance as PDF footnotes
``glue``           the ``glued-figure`` directive (glued alt text)
``teaching``       the ``seminar-plan`` and ``self-check`` directives
``explorers``      the ``explorer`` directive: figures the reader changes in the browser (Vega)
``bibliography``   "et al." for BibTeX's "and others"; the citation list's ARIA role
``offline``        MathJax served from the book; Thebe removed; the theme's default colour mode
``pageweight``     each page loads only what it uses; the icon font subset; image sizes
``latex``          the PDF: SVG figures as vector PDF, the ``bbm.sty`` stand-in, the preamble
``kernels``        the pages' kernels on local IPC sockets: no "running over TCP" warning per page
``editions``       the student and instructor editions (``book_edition``); builds them with
                   ``python -m naltrexone.sphinxext.editions``
``launch``         launch buttons (Binder, Colab) only on pages that are real notebooks
``cachekey``       not an extension: ``python -m naltrexone.sphinxext.cachekey _build``
                   (run by ``make book``) clears stale execution caches
=================  ==========================================================================

The rules these modules render live in Sphinx-free modules below (``naltrexone.facts``,
``naltrexone.teaching``), so they are tested without a build. This package sits at the top of the
package's layers: nothing else in ``naltrexone`` may import it (``tests/test_layers.py``).
"""

from __future__ import annotations

JOBS = (
    "facts",
    "glue",
    "teaching",
    "explorers",
    "bibliography",
    "offline",
    "pageweight",
    "latex",
    "kernels",
    "editions",
    "launch",
)


def setup(app):
    for job in JOBS:
        app.setup_extension(f"{__name__}.{job}")
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
