"""Launch buttons (Binder, Colab) only on pages whose source is a real notebook.

sphinx-book-theme gives every page with a kernel a launch menu, MyST Markdown pages included, and
points it at the page's source in the repository: ``book/teaching/seminar-pk.md``. Colab cannot open
a ``.md`` file, and Binder shows it as text (jupytext is not in the runtime). A button that opens
nothing runnable is worse than none, so this module takes the theme's launch menu off every page
whose source is not an ``.ipynb``, unless an ``.ipynb`` of the same name sits beside it (the theme
then links that instead, as it would for a jupytext pair). The seminars point to their student
notebooks (``notebooks/seminars/``), which keep the buttons.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

#: The theme's label for its launch menu (sphinx_book_theme.header_buttons.launch).
LAUNCH_MENU = "launch-buttons"


def opens_a_notebook(source: Path) -> bool:
    """Whether the launch links of a page built from ``source`` would open an ``.ipynb``."""
    return source.suffix == ".ipynb" or source.with_suffix(".ipynb").is_file()


def _launch_only_for_notebooks(app: Sphinx, pagename, templatename, context, doctree) -> None:
    if doctree is None or opens_a_notebook(Path(app.env.doc2path(pagename))):
        return
    context["header_buttons"] = [b for b in context.get("header_buttons", []) if b.get("label") != LAUNCH_MENU]


def setup(app: Sphinx):
    # After the theme adds its header buttons (priority 501).
    app.connect("html-page-context", _launch_only_for_notebooks, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
