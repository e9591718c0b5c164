"""Sphinx extension: print numbers from ``data/`` with their provenance.

Roles (usable from MyST as ``{fact}`...``` and ``{num}`...```):

* ``fact`` prints the number with its unit ("72–108 h");
* ``num`` prints the number alone ("155"), for counts and lists.

Either renders as ``<abbr title="what it measures. Source: key, locator. Confidence ...">``;
a value tagged C is followed by a visible "(unverified)" mark. A reference that does not
resolve is an error, so a strict build (``-W``) fails on it.
"""

from __future__ import annotations

from docutils import nodes

from .data import DATA_DIR, DataError
from .facts import quote


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
            nodes.abbreviation(rawtext, shown, explanation=found.explanation,
                               classes=["fact", f"confidence-{found.confidence}"])
        ]
        if found.unverified:
            result.append(nodes.Text(" "))
            result.append(nodes.inline("", "(unverified)", classes=["unverified"]))
        return result, []

    return role


def setup(app):
    app.add_role("fact", _make_role(with_unit=True))
    app.add_role("num", _make_role(with_unit=False))
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
