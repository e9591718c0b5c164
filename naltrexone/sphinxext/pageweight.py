"""Page weight: web pages that load only what they use.

Jupyter Book's theme stack puts every asset of every extension on every page. A first-time reader
of a page of prose paid for a 1.5 MB icon script, the whole search index and the stylesheets of
features the page does not have. This part of ``naltrexone.sphinxext``:

* drops the theme's FontAwesome *script* (``fontawesome.js``, 1.5 MB). It only redraws the icons
  as inline SVG: the theme's stylesheet already carries FontAwesome's CSS and the webfont, which
  draw the same icons;
* loads Sphinx's search scripts and index only on the search page (the theme puts them in the
  head of every page for a search-as-you-type feature that is off);
* links the stylesheets and scripts of the copy button, toggles, sphinx-design, exercises and
  MyST-NB cells only on pages that contain such elements, MathJax only on pages with maths (Sphinx
  also loads it on a page whose table of contents reaches maths, such as the landing page), and
  Thebe's stylesheet nowhere (its scripts are already dropped);
* marks the remaining scripts ``defer``, so they no longer block rendering (except on the search
  page, whose search scripts rely on them synchronously, and for ``documentation_options.js``,
  which the inline page scripts read at once);
* gives figure images their width and height (no layout shift) and loads all but a page's first
  image lazily;
* links ``basic.css`` directly instead of through the theme's one-line ``@import`` stylesheet,
  which saves a round trip before anything can be drawn;
* trims the theme's stylesheet to the FontAwesome icons the book uses (it defines all ~1,900), and
  serves those icons from a subset of the solid icon font, a few kilobytes instead of 150. The full
  font stays declared before the subset, so a glyph missing from the subset would still be drawn
  from it (CSS tries same-descriptor faces from the last declared back to the first).

The browser tests check that icons still render, that pages make no failed request and log no
console error, and that maths still typesets.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from sphinx.application import Sphinx

# Stylesheets and scripts that only a page with matching elements needs: asset file name (without
# any "?v=" suffix) -> pattern that the page body must contain.
_CLASS = r'class="[^"]*?\b'
PAGE_ASSETS: dict[str, re.Pattern[str]] = {}
for _names, _pattern in (
    (("copybutton.js", "clipboard.min.js", "copybutton.css", "pygments.css"), _CLASS + r"highlight\b"),
    (("togglebutton.js", "togglebutton.css"), _CLASS + r"(toggle|dropdown)\b"),
    (("design-tabs.js", "sphinx-design.min.css"), _CLASS + r"sd-"),
    # The explorers' Vega bundles (about 280 kB compressed) only where an explorer is.
    (("vega.min.js", "vega-lite.min.js", "vega-embed.min.js", "explorers.js", "explorers.css"), _CLASS + r"explorer\b"),
    (("exercise.css",), _CLASS + r"(exercise|solution)"),
    (("mystnb.css",), _CLASS + r"(cell|output|pasted-)"),
):
    for _name in _names:
        PAGE_ASSETS[_name] = re.compile(_pattern)

NEVER = {"sphinx-thebe.css"}
# Inline scripts read this one as soon as they run: it must stay synchronous.
KEEP_SYNCHRONOUS = {"documentation_options.js"}
MATH = re.compile(_CLASS + r"math\b")


def _name(asset) -> str:
    """'_static/mystnb.11b3…e.css' -> 'mystnb.css'; inline assets -> ''."""
    filename = str(getattr(asset, "filename", asset) or "")
    name = filename.rsplit("/", 1)[-1].split("?", 1)[0]
    return re.sub(r"\.[0-9a-f]{32,}(?=\.)", "", name)


def _needed(asset, body: str, has_math: bool, mathjax: str) -> bool:
    name = _name(asset)
    if name in NEVER:
        return False
    if name in PAGE_ASSETS:
        return bool(PAGE_ASSETS[name].search(body))
    if not has_math:
        filename = str(getattr(asset, "filename", "") or "")
        inline = str(getattr(asset, "attributes", {}).get("body", ""))
        # Sphinx stores the MathJax path under _static/ unless it is a URL.
        if (mathjax and filename in (mathjax, f"_static/{mathjax}")) or inline.startswith("window.MathJax"):
            return False
    return True


def _deferred(asset):
    """The same script, loaded with ``defer`` (inline and already-deferred scripts unchanged)."""
    attributes = dict(getattr(asset, "attributes", {}))
    if (
        not getattr(asset, "filename", None)
        or "async" in attributes
        or "defer" in attributes
        or _name(asset) in KEEP_SYNCHRONOUS
    ):
        return asset
    attributes["defer"] = "defer"
    return type(asset)(asset.filename, priority=asset.priority, **attributes)


_IMG = re.compile(r"<img\b[^>]*>")
_SRC = re.compile(r'\ssrc="(?:[^"]*/)?_images/([^"/]+)"')


def size_images(body: str, image_sizes) -> str:
    """Give each figure image its width and height, so the page does not shift as it loads, and
    let every image but the first load lazily, when the reader scrolls near it.

    ``image_sizes(name)`` returns the (width, height) in CSS pixels of ``_images/name``, or None.
    ``height: auto`` keeps the aspect ratio when the theme narrows an image to its column.
    """
    seen = 0

    def one(match: re.Match) -> str:
        nonlocal seen
        tag = match.group(0)
        src = _SRC.search(tag)
        if not src:
            return tag
        seen += 1
        extra = ""
        size = image_sizes(src.group(1))
        if size and not re.search(r"\s(width|height|style)=", tag):
            extra += f' width="{size[0]}" height="{size[1]}" style="height: auto"'
        if seen > 1 and "loading=" not in tag:
            extra += ' loading="lazy"'
        if not extra:
            return tag
        end = len(tag) - (2 if tag.endswith("/>") else 1)
        return tag[:end].rstrip() + extra + " " + tag[end:]

    return _IMG.sub(one, body)


def _image_sizes(app: Sphinx):
    """``name -> (width, height)`` for the images this build copies to ``_images``."""
    from sphinx.util.images import get_image_size

    sources = {dest: src for src, dest in getattr(app.builder, "images", {}).items()}

    def size(name: str):
        src = sources.get(name)
        if src is None:
            return None
        return get_image_size(str(Path(app.srcdir, src)))

    return size


def page_assets(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """Keep, for one page, the stylesheets and scripts its content uses (see the module doc)."""
    body = context.get("body") or ""
    if "<img" in body:
        body = context["body"] = size_images(body, _image_sizes(app))
    has_math = bool(MATH.search(body))
    mathjax = app.config.mathjax_path or ""
    for key in ("css_files", "script_files"):
        if context.get(key) is not None:
            context[key] = [a for a in context[key] if _needed(a, body, has_math, mathjax)]
    if templatename != "search.html" and context.get("script_files") is not None:
        context["script_files"] = [_deferred(s) for s in context["script_files"]]


# What is cut from the rendered page; each pattern removes whole tags only.
_FONTAWESOME_JS = re.compile(
    r"[ \t]*(?:<!-- So that users can add custom icons -->\s*)?"
    r'<script defer src="[^"]*_static/scripts/fontawesome\.js(?:\?[^"]*)?"></script>\n?'
)
_SEARCH_JS = re.compile(
    r'[ \t]*<script src="[^"]*(?:_static/searchtools\.js|_static/language_data\.js|searchindex\.js)"></script>\n?'
)
_THEME_CSS = re.compile(r'<link href="([^"]*_static/)styles/theme\.css(?:\?[^"]*)?" rel="stylesheet" />')


def _theme_css_only_imports_basic(app: Sphinx) -> bool:
    """True when the theme's ``styles/theme.css`` does nothing but ``@import "../basic.css"``."""
    theme = getattr(app.builder, "theme", None)
    for theme_dir in theme.get_theme_dirs() if theme is not None else []:
        path = Path(theme_dir) / "static" / "styles" / "theme.css"
        if path.is_file():
            text = re.sub(r"/\*.*?\*/", "", path.read_text(encoding="utf-8"), flags=re.S).strip()
            return text in ('@import "../basic.css";', "@import '../basic.css';")
    return False


def strip_page(html: str, templatename: str, basic_css: bool) -> str:
    """The rendered page without the FontAwesome script, and without the search scripts
    (except on the search page); ``basic.css`` linked directly if ``basic_css``."""
    html = _FONTAWESOME_JS.sub("", html)
    if templatename != "search.html":
        html = _SEARCH_JS.sub("", html)
    if basic_css:
        html = _THEME_CSS.sub(r'<link href="\1basic.css" rel="stylesheet" />', html)
    return html


def _filter_rendered_pages(app: Sphinx) -> None:
    """Pass every page the HTML builders render through :func:`strip_page`.

    The theme writes these tags from its own templates, out of reach of ``html-page-context``.
    """
    if app.builder.format != "html" or not hasattr(app.builder, "templates"):
        return
    templates = app.builder.templates
    render = templates.render
    basic_css = _theme_css_only_imports_basic(app)

    def filtered_render(template: str, context: dict) -> str:
        return strip_page(render(template, context), template, basic_css)

    templates.render = filtered_render


# FontAwesome in the theme's stylesheet: one rule per icon, ".fa-bars:before,.fa-navicon:before{content:"\f0c9"}".
_GLYPH_RULE = re.compile(r'((?:\.fa-[a-z0-9-]+:(?:before|after),?)+)\{content:"([^"]*)"\}')
_ICON_NAME = re.compile(r"\bfa-[a-z0-9]+(?:-[a-z0-9]+)*")
_CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6}) ?")
# FontAwesome's icons sit in the private use area, U+E000 to U+F8FF.
_PRIVATE_USE = re.compile(r"[\ue000-\uf8ff]|\\[eEfF][0-9a-fA-F]{3}\b")
THEME_CSS = "styles/pydata-sphinx-theme.css"
SOLID_FONT = "vendor/fontawesome/webfonts/fa-solid-900.ttf"
# The subset's name carries a hash of its glyphs: a new icon gives a new file, which browsers
# cannot confuse with a cached one, and an unchanged set is not subset again.
SUBSET_FONT = "vendor/fontawesome/webfonts/fa-solid-900.subset-{}.woff"
_SUBSET_MARK = "/* naltrexone.sphinxext.pageweight: the solid icons the book uses */"


def _unescape(css_string: str) -> str:
    return _CSS_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), css_string)


def trim_icon_rules(css: str, used: set[str]) -> tuple[str, set[str]]:
    """The stylesheet without the icon rules of unused icons, and the characters kept icons draw."""
    characters: set[str] = set()

    def keep(match: re.Match) -> str:
        selectors = [s for s in match.group(1).split(",") if s and s.split(":")[0][1:] in used]
        if not selectors:
            return ""
        characters.update(_unescape(match.group(2)))
        return ",".join(selectors) + '{content:"' + match.group(2) + '"}'

    return _GLYPH_RULE.sub(keep, css), characters


def icons_in_use(outdir: Path) -> set[str]:
    """Every ``fa-…`` name in the built pages and in the scripts that may add icons."""
    names: set[str] = set()
    for pattern in ("**/*.html", "_static/*.js", "_static/scripts/*.js"):
        for path in outdir.glob(pattern):
            if path.name == "fontawesome.js":  # the theme's icon script, which no page loads
                continue
            names.update(_ICON_NAME.findall(path.read_text(encoding="utf-8", errors="replace")))
    return names


def _subset_font(source: Path, target: Path, characters: set[str]) -> None:
    from fontTools import subset

    options = subset.Options()
    options.flavor = "woff"  # woff2 would need the brotli package
    options.layout_features = []
    options.name_IDs = ["*"]  # keep the copyright and licence records
    options.notdef_outline = True
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(ord(c) for c in characters))
    subsetter.subset(font)
    target.parent.mkdir(parents=True, exist_ok=True)
    subset.save_font(font, str(target), options)


def trim_icons(app: Sphinx, exception) -> None:
    """Rewrite the built theme stylesheet for the icons in use and write the icon font subset."""
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    theme = getattr(app.builder, "theme", None)
    sources = [Path(d) / "static" / THEME_CSS for d in (theme.get_theme_dirs() if theme else [])]
    source = next((p for p in sources if p.is_file()), None)
    if source is None or not (static / SOLID_FONT).is_file() or not (static / THEME_CSS).is_file():
        return
    # Always from the theme's own copy, so that an icon new to this build is never missing.
    css, characters = trim_icon_rules(source.read_text(encoding="utf-8"), icons_in_use(Path(app.outdir)))
    css = re.sub(r"/\*# sourceMappingURL=[^*]*\*/", "", css)  # the map no longer matches
    # Icons that stylesheets draw themselves (admonition titles, the theme's own variables).
    for path in static.glob("**/*.css"):
        text = css if path == static / THEME_CSS else path.read_text(encoding="utf-8", errors="replace")
        characters.update(_unescape(m) for m in _PRIVATE_USE.findall(text))
    glyphs = " ".join(f"{ord(c):x}" for c in sorted(characters))
    subset_font = SUBSET_FONT.format(hashlib.sha256(glyphs.encode()).hexdigest()[:10])
    if not (static / subset_font).is_file():
        for stale in (static / subset_font).parent.glob(SUBSET_FONT.rsplit("/", 1)[1].format("*")):
            stale.unlink()
        _subset_font(static / SOLID_FONT, static / subset_font, characters)
    css += (
        "\n" + _SUBSET_MARK + "\n@font-face{font-display:block;font-family:Font Awesome\\ 6 Free;"
        "font-style:normal;font-weight:900;"
        f'src:url(../{subset_font}) format("woff")}}\n'
    )
    (static / THEME_CSS).write_text(css, encoding="utf-8")


def setup(app: Sphinx):
    app.connect("builder-inited", _filter_rendered_pages)
    app.connect("build-finished", trim_icons)
    # After every extension has added its per-page assets (MathJax at 500, Thebe's removal at 900).
    app.connect("html-page-context", page_assets, priority=950)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
