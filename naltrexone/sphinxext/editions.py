"""Student and instructor editions of the book, built from the same source.

The config value ``book_edition`` chooses the edition; it is empty for the book as ``make book``
builds it (everything in, solutions and instructor notes closed until opened):

``student``
    Every worked solution (sphinx-exercise's ``{solution}``, and ``{solution-start}`` …
    ``{solution-end}`` with the code cells between them) and every instructor-only block (any
    element with the class ``instructor``, such as the seminars' instructor notes) is taken out of
    the doctree as soon as it is read, before Sphinx indexes, collects images or pickles it, so it
    reaches no page, no search index and no image folder. A short notice takes its place and says
    that the instructor has it. The page sources are not copied (no ``_sources/*.md`` or
    ``.ipynb`` download, no download button) and pages that lost something have no launch buttons,
    since those open the full source in the repository. The self-check questions stay, with their
    explanations: they are the formative feedback students are sent to before each seminar. On
    paper (the LaTeX builder, ``make pdf``) the explanations go too, since a printed one sits under
    its question with nothing to click: the printed questions keep their options only.
``instructor``
    Instructor-only blocks are open (not drop-downs), and ``print.css`` (``book/_static``) makes a
    printed page show them and every solution.

``python -m naltrexone.sphinxext.editions student|instructor [BUILD_DIR [CACHE]] [--latex]`` builds an
edition into ``BUILD_DIR/<edition>/html`` (``make student``, ``make instructor``), or with
``--latex`` its LaTeX source into ``BUILD_DIR/<edition>/latex`` (``make pdf`` builds the student
edition's, ``make pdf-instructor`` the instructor's), strictly, reusing the execution cache
``BUILD_DIR/.jupyter_cache`` of the default build.

In every edition, an admonition titled "Instructor notes…" without the class ``instructor`` is a
build error, so notes cannot slip into the student edition by a forgotten class.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx_exercise.nodes import solution_node, solution_start_node

logger = logging.getLogger(__name__)

EDITIONS = ("", "student", "instructor")
INSTRUCTOR_CLASS = "instructor"
WITHHELD_CLASS = "edition-withheld"
PRINT_CSS = "print.css"
FEEDBACK_CLASS = "self-check-feedback"  # naltrexone.sphinxext.teaching: a self-check option's explanation

SOLUTION_NOTICE = ("Worked solution", "The worked solution is not in the student edition: your instructor has it.")
NOTES_NOTICE = ("For the instructor", "This part is in the instructor edition only: your instructor has it.")


def _edition(app: Sphinx) -> str:
    edition = app.config.book_edition
    if edition not in EDITIONS:
        raise ValueError(f"book_edition must be one of {EDITIONS[1:]} or empty, got {edition!r}")
    return edition


def _is_solution(node: nodes.Node) -> bool:
    # Plain {solution} blocks, and gated ones once sphinx-exercise's transform has merged
    # {solution-start} ... {solution-end} (with the cells between) into one node.
    return isinstance(node, (solution_node, solution_start_node))


def _is_instructor(node: nodes.Node) -> bool:
    return isinstance(node, nodes.Element) and INSTRUCTOR_CLASS in node.get("classes", [])


def _notice(title: str, text: str, ids: list[str]) -> nodes.admonition:
    box = nodes.admonition(classes=[WITHHELD_CLASS, "note"], ids=list(ids))
    box += nodes.title(text=title)
    box += nodes.paragraph(text=text)
    return box


def _check_marked(app: Sphinx, doctree: nodes.document) -> None:
    """Instructor notes must say so in a class the editions can act on."""
    for node in doctree.findall(nodes.admonition):
        title = next(iter(node.findall(nodes.title)), None)
        if title is not None and title.astext().lower().startswith("instructor notes") and not _is_instructor(node):
            logger.warning(
                "admonition %r has no class %r: the student edition could not leave it out (add it to :class:)",
                title.astext(),
                INSTRUCTOR_CLASS,
                location=node,
            )


def _apply_edition(app: Sphinx, doctree: nodes.document) -> None:
    _check_marked(app, doctree)
    edition = _edition(app)
    if edition == "student":
        # Outermost first; a node inside one already replaced is gone with it.
        for node in list(doctree.findall(lambda n: _is_solution(n) or _is_instructor(n))):
            if node.parent is None or not _attached(node, doctree):
                continue
            title, text = SOLUTION_NOTICE if _is_solution(node) else NOTES_NOTICE
            # (Not replace_self: it would copy the classes, "dropdown" and "instructor" with them.)
            node.parent.replace(node, _notice(title, text, node.get("ids", [])))
    elif edition == "instructor":
        for node in doctree.findall(_is_instructor):
            node["classes"] = [c for c in node["classes"] if c != "dropdown"]


def _no_printed_feedback(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """The student edition on paper: self-check questions without their explanations.

    Done as each output is written, not as the page is read, because the HTML and LaTeX builds of
    an edition share its doctrees, and the web page keeps the explanations behind their clicks."""
    if _edition(app) == "student" and app.builder.format == "latex":
        for node in list(doctree.findall(lambda n: isinstance(n, nodes.Element) and FEEDBACK_CLASS in n["classes"])):
            node.parent.remove(node)


def _attached(node: nodes.Node, doctree: nodes.document) -> bool:
    while node.parent is not None:
        node = node.parent
    return node is doctree


def _student_config(app: Sphinx, config) -> None:
    if _edition(app) == "student":
        config.html_copy_source = False
        config.html_theme_options = {**config.html_theme_options, "use_download_button": False}


def _print_css(app: Sphinx) -> None:
    if _edition(app) == "instructor" and app.builder.format == "html":
        app.add_css_file(PRINT_CSS, media="print")


def _no_launch_where_withheld(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """Launch buttons open the page's full source in the repository: none where we withheld."""
    if _edition(app) != "student" or doctree is None:
        return
    if any(WITHHELD_CLASS in n.get("classes", []) for n in doctree.findall(nodes.Element)):
        context["header_buttons"] = [b for b in context.get("header_buttons", []) if b.get("label") != "launch-buttons"]


def _drop_sources(app: Sphinx, exception) -> None:
    """The theme copies each Markdown notebook's executed .ipynb into ``_sources`` for download."""
    if exception is None and _edition(app) == "student" and app.builder.format == "html":
        shutil.rmtree(Path(app.outdir) / "_sources", ignore_errors=True)


def setup(app: Sphinx):
    app.add_config_value("book_edition", "", "env", types=[str])
    app.connect("config-inited", _student_config)
    # Before Sphinx's collectors (images, labels, titles) and sphinx-exercise read the doctree.
    app.connect("doctree-read", _apply_edition, priority=400)
    app.connect("builder-inited", _print_css)
    app.connect("doctree-resolved", _no_printed_feedback)
    # After the theme adds its header buttons (priority 501).
    app.connect("html-page-context", _no_launch_where_withheld, priority=600)
    app.connect("build-finished", _drop_sources)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


# --- building an edition --------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[2]


BUILDERS = ("html", "latex")


def build(edition: str, build_dir: Path, cache: Path | None = None, root: Path = ROOT, builder: str = "html") -> int:
    """Build ``edition`` strictly (``-W -n --keep-going``, as ``make book``) into
    ``build_dir/<edition>/<builder>``; notebooks execute through the cache ``cache`` (default
    ``build_dir/.jupyter_cache``, the default build's). Returns Sphinx's exit status."""
    if edition not in EDITIONS[1:]:
        raise SystemExit(f"edition must be one of {EDITIONS[1:]}, got {edition!r}")
    if builder not in BUILDERS:
        raise SystemExit(f"builder must be one of {BUILDERS}, got {builder!r}")
    from jupyter_book.sphinx import build_sphinx

    build_dir = Path(build_dir).resolve()
    cache = Path(cache).resolve() if cache else build_dir / ".jupyter_cache"
    overrides = {
        "external_toc_path": (root / "_toc.yml").as_posix(),
        "latex_individualpages": False,
        "nitpicky": True,
        "book_edition": edition,
        "nb_execution_cache_path": str(cache),
    }
    return build_sphinx(
        root,
        build_dir / edition / builder,
        noconfig=True,
        path_config=str(root / "_config.yml"),
        confoverrides=overrides,
        builder=builder,
        warningiserror=True,
        keep_going=True,
    )


def main(argv: list[str]) -> int:
    builder = "latex" if "--latex" in argv else "html"
    argv = [arg for arg in argv if arg != "--latex"]
    if not argv or len(argv) > 3:
        print(
            "usage: python -m naltrexone.sphinxext.editions student|instructor [BUILD_DIR [CACHE]] [--latex]",
            file=sys.stderr,
        )
        return 2
    edition, build_dir = argv[0], Path(argv[1] if len(argv) > 1 else "_build")
    return int(build(edition, build_dir, Path(argv[2]) if len(argv) > 2 else None, builder=builder) or 0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
