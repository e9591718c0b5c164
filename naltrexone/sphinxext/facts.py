"""Numbers from ``data/`` printed with their provenance: the ``{fact}`` and ``{num}`` roles.

Roles (usable from MyST as ``{fact}`...``` and ``{num}`...```):

* ``fact`` prints the number with its unit ("72–108 h");
* ``num`` prints the number alone ("155"), for counts and lists.

Either renders as ``<abbr title="what it measures. Source: key, locator. Confidence ...">``;
a value tagged C is followed by a visible "(unverified)" mark. A reference that does not
resolve is an error, so a strict build (``-W``) fails on it. In the PDF the provenance, a tooltip
on the web, becomes a footnote. The rules (what a reference means, how it prints) live in
:mod:`naltrexone.facts`; this module only turns the result into nodes.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx

from ..data import DATA_DIR, DataError
from ..facts import quote


def _make_role(with_unit: bool):
    def role(name, rawtext, text, lineno, inliner, options=None, content=None):
        try:
            found = quote(text)
        except DataError as err:
            message = inliner.reporter.error(f"{{{name}}} role: {err}", line=lineno)
            problem = inliner.problematic(rawtext, rawtext, message)
            return [problem], [message]
        env = inliner.document.settings.env
        # Rebuild pages that quote a table whenever the table changes.
        env.note_dependency(str(DATA_DIR / found.path.removeprefix("data/")))
        shown = found.text if with_unit else found.number
        result: list[nodes.Node] = [
            nodes.abbreviation(
                rawtext, shown, explanation=found.explanation, classes=["fact", f"confidence-{found.confidence}"]
            )
        ]
        if found.unverified:
            result.append(nodes.Text(" "))
            result.append(nodes.inline("", "(unverified)", classes=["unverified"]))
        return result, []

    return role


# Where a LaTeX \footnote breaks or is lost: moving arguments, table cells, links.
_NO_FOOTNOTE = (nodes.title, nodes.subtitle, nodes.caption, nodes.rubric, nodes.term, nodes.table, nodes.reference)


def _facts_as_footnotes(app: Sphinx, doctree, docname) -> None:
    """In the PDF, a quoted number's provenance becomes a footnote.

    The HTML shows it as a tooltip; LaTeX would spell it out in brackets after every number, which
    buries the sentence. Where a footnote cannot go (titles, captions, tables, links) the number
    stands alone: such places name their sources themselves.
    """
    if app.builder.name != "latex":
        return
    from sphinx.util.texescape import escape

    for node in list(doctree.findall(nodes.abbreviation)):
        if "fact" not in node.get("classes", []) or not node.get("explanation"):
            continue
        text = node.astext()
        replacement: list[nodes.Node] = [nodes.inline(text, text)]
        parents, parent = [], node.parent
        while parent is not None:
            parents.append(parent)
            parent = parent.parent
        if not any(isinstance(p, _NO_FOOTNOTE) for p in parents):
            note = escape(node["explanation"], latex_engine=app.config.latex_engine)
            replacement.append(nodes.raw("", f"\\footnote{{{note}}}", format="latex"))
        node.replace_self(replacement)


def setup(app: Sphinx):
    app.add_role("fact", _make_role(with_unit=True))
    app.add_role("num", _make_role(with_unit=False))
    app.connect("doctree-resolved", _facts_as_footnotes)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
