"""Render data tables and the data package's own description as MyST Markdown.

Pages display the returned text with ``IPython.display.Markdown``; myst-nb parses it like any
other Markdown, so citations (``{cite}``) inside it resolve and a strict build checks them.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from .data import DATA_DIR, load_package, load_table
from .facts import format_number

UNVERIFIED = "*(unverified)*"
# Typography for cells: receptor names as Greek letters, isotopes as superscripts.
_WHOLE_CELL = {"mu": "µ", "delta": "δ", "kappa": "κ"}
_ISOTOPES = {"[3H]": "[³H]", "[11C]": "[¹¹C]", "[35S]": "[³⁵S]"}


def _cell(value) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return ""
    if isinstance(value, float):
        text = f"{value:g}" if abs(value) < 1e5 else f"{value:.0f}"
        return format_number(text)
    text = _WHOLE_CELL.get(str(value), str(value))
    for plain, pretty in _ISOTOPES.items():
        text = text.replace(plain, pretty)
    return text.replace("|", "\\|").replace("\n", " ")


def markdown_table(
    frame: pd.DataFrame,
    columns: Sequence[str],
    headers: Sequence[str] | None = None,
    cite: bool = True,
    caption: str | None = None,
    name: str | None = None,
) -> str:
    """A pipe table of ``columns``; adds Source (as a citation) and Confidence columns.

    Rows tagged C get "(unverified)" beside their confidence, so they are never read as fact.
    With a ``caption`` the table is wrapped in a MyST ``table`` directive, numbered and
    referable by ``name``.
    """
    headers = list(headers or columns)
    if len(headers) != len(columns):
        raise ValueError(f"headers: expected {len(columns)} names, got {len(headers)}")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"columns: not in the table: {', '.join(missing)}")
    has_provenance = cite and {"source", "locator", "confidence"} <= set(frame.columns)
    head = headers + (["Source", "Confidence"] if has_provenance else [])
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for _, row in frame.iterrows():
        cells = [_cell(row[c]) for c in columns]
        if has_provenance:
            confidence = row["confidence"] + (f" {UNVERIFIED}" if row["confidence"] == "C" else "")
            cells += [f"{{cite:t}}`{row['source']}`, {_cell(row['locator'])}", confidence]
        lines.append("| " + " | ".join(cells) + " |")
    body = "\n".join(lines)
    if caption is None:
        return body
    options = (f":name: {name}\n" if name else "") + ":widths: auto\n"
    return f"::::{{table}} {caption}\n{options}\n{body}\n::::"


def package_markdown(data_dir: Path | str = DATA_DIR) -> str:
    """The Datasets appendix: every table, what it holds, its fields and its evidence mix."""
    package = load_package(data_dir)
    parts = []
    for res in package["resources"]:
        table = load_table(res["name"], data_dir)
        parts.append(f"## {res['title']}\n")
        parts.append(f"{res['description']}\n")
        counts = ""
        if "confidence" in table.columns:
            tally = table["confidence"].value_counts()
            counts = "; confidence " + ", ".join(f"{level}: {int(tally.get(level, 0))}" for level in ("A", "B", "C"))
        parts.append(
            f'File `data/{res["path"]}` · {len(table)} rows{counts} · read with `load_table("{res["name"]}")`.\n'
        )
        lines = ["| Field | Type | Meaning | Allowed values |", "|---|---|---|---|"]
        for field in res["schema"]["fields"]:
            constraints = field.get("constraints", {})
            allowed = []
            if constraints.get("required"):
                allowed.append("required")
            if "enum" in constraints:
                allowed.append(", ".join(f"`{v}`" for v in constraints["enum"]))
            for key, sign in (("minimum", "≥"), ("exclusiveMinimum", ">"), ("maximum", "≤")):
                if key in constraints:
                    allowed.append(f"{sign} {constraints[key]}")
            lines.append(
                f"| `{field['name']}` | {field.get('type', 'string')} | "
                f"{_cell(field.get('description', ''))} | {'; '.join(allowed)} |"
            )
        parts.append("\n".join(lines) + "\n")
    return "\n".join(parts)
