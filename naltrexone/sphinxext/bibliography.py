"""The printed bibliography: "et al." for BibTeX's "and others", and a list screen readers accept."""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.application import Sphinx

# BibTeX's "and others" (authors we could not see) prints literally through pybtex; readers
# expect "et al.".
_OTHERS = re.compile(r" and others\b\.?")


def _et_al(app, doctree, docname):
    for ref in doctree.findall(nodes.reference):
        if "reftitle" in ref:
            ref["reftitle"] = _OTHERS.sub(" et al.", ref["reftitle"])
    for text in list(doctree.findall(nodes.Text)):
        inside_citation = any(
            isinstance(a, (nodes.reference, nodes.citation)) or "bibtex-citation" in a.get("classes", [])
            for a in _ancestors(text)
            if isinstance(a, nodes.Element)
        )
        if inside_citation and _OTHERS.search(text.astext()):
            text.parent.replace(text, nodes.Text(_OTHERS.sub(" et al.", text.astext())))


def _ancestors(node):
    while node.parent is not None:
        node = node.parent
        yield node


def _citation_list_role(app, pagename, templatename, context, doctree):
    """Docutils marks the bibliography as an ARIA list whose entries are not list items, which
    screen readers (and axe-core) treat as a broken list; the entries keep their own role."""
    body = context.get("body")
    if body and 'role="list" class="citation-list"' in body:
        context["body"] = body.replace('<div role="list" class="citation-list">', '<div class="citation-list">')


def setup(app: Sphinx):
    app.connect("doctree-resolved", _et_al)
    app.connect("html-page-context", _citation_list_role)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
