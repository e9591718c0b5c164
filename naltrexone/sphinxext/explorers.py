"""The ``explorer`` directive: a figure the reader changes in the browser, with its static fallback.

A page writes::

    ````{explorer} regimen
    ```{glued-figure} fig-explorer-regimen
    ...caption...
    ```
    **What to try.** ...
    ````

The directive embeds the explorer's Vega-Lite specification (:mod:`naltrexone.explorers`) as
JSON beside the content, which holds the static figure of the same explorer (drawn at its default
settings) and the prompts. In the browser, ``_static/explorers.js`` draws the live figure from the
specification with Vega, hides the static image and keeps the caption; without JavaScript, in
print and in the PDF the static figure stands alone.

The three Vega bundles come from ``explorers/node_modules`` (pinned by ``explorers/package-lock.json``
and installed by ``make book``) and are copied into the built book's ``_static``: nothing is loaded
from a CDN. ``pageweight`` links them only on pages that have an explorer.
"""

from __future__ import annotations

import json
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util.docutils import SphinxDirective

from ..explorers import JS_DIR, explorer

#: The bundles the browser needs, in load order (vega-embed expects vega and vega-lite as globals).
VENDOR = (
    "vega/build/vega.min.js",
    "vega-lite/build/vega-lite.min.js",
    "vega-embed/build/vega-embed.min.js",
)
SCRIPTS = (*(Path(v).name for v in VENDOR), "explorers.js")


class ExplorerDirective(SphinxDirective):
    required_arguments = 1
    has_content = True

    def run(self):
        name = self.arguments[0]
        try:
            spec = explorer(name).spec
        except ValueError as exc:
            raise self.error(str(exc)) from exc
        if not self.content:
            raise self.error(f"explorer {name!r}: give its static figure (a glued-figure) and a 'what to try' prompt")
        container = nodes.container(classes=["explorer"], ids=[f"explorer-{name}"])
        # "</" may not appear inside a <script> element; JSON allows the escaped form.
        payload = json.dumps(spec, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
        live = (
            f'<div class="explorer-live" data-explorer="{name}" hidden></div>'
            f'<p class="explorer-status" aria-live="polite"></p>'
            f'<script type="application/json" class="explorer-spec" data-explorer="{name}">{payload}</script>'
        )
        container += nodes.raw("", live, format="html")
        self.state.nested_parse(self.content, self.content_offset, container)
        if not any(isinstance(n, nodes.figure) for n in container.findall(nodes.figure)):
            raise self.error(f"explorer {name!r}: its content must hold the static figure (a glued-figure)")
        return [container]


def _missing() -> list[str]:
    return [v for v in VENDOR if not (JS_DIR / "node_modules" / v).is_file()]


def _add_static_files(app: Sphinx, config) -> None:
    """Copy the pinned Vega bundles into the book's _static.

    Done when the configuration is read, before Sphinx compares it with the saved environment's:
    changing it any later would make every build look like a changed configuration.
    """
    if not _missing():
        config.html_static_path.extend(str(JS_DIR / "node_modules" / v) for v in VENDOR)


def _add_scripts(app: Sphinx) -> None:
    if app.builder.format != "html":
        return
    if _missing():
        raise ExtensionError(
            f"explorers: the pinned Vega bundles are not installed ({', '.join(_missing())} missing under "
            f"{JS_DIR / 'node_modules'}); run `make book`, or `npm ci --prefix explorers`"
        )
    for script in SCRIPTS:
        app.add_js_file(script)
    app.add_css_file("explorers.css")


def setup(app: Sphinx):
    app.add_directive("explorer", ExplorerDirective)
    app.connect("config-inited", _add_static_files)
    app.connect("builder-inited", _add_scripts)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
