"""The window's colours for the marks declared with each artefact (templates/marks.py), as the workbook shows them."""
from __future__ import annotations

import datetime as dt
from typing import Any, Mapping

from reviewdesk.exporters.xlsx.styles import HIGHLIGHT
from reviewdesk.templates import Artefact


def marks(art: Artefact, record: Mapping[str, Any], today: dt.date) -> dict[str | None, str]:
    """{field key or None (whole row): style} for one record; single-cell marks win over the row's, and of two row
    marks the first declared."""
    found: dict[str | None, str] = {}
    for mark in art.marks:
        if mark.column not in found and mark.holds(record, today):
            found[mark.column] = mark.style
    return found


def colours(style: str) -> tuple[str | None, str | None, bool, bool]:
    """(background, foreground, bold, italic) of a workbook highlight style."""
    spec = HIGHLIGHT[style]
    return spec.get("bg_color"), spec.get("font_color"), bool(spec.get("bold")), bool(spec.get("italic"))
