"""The marks a reviewer looks for (P1, overdue, low score, late callback), as in the exported workbook."""
from __future__ import annotations

import datetime as dt
from typing import Any, Mapping

from reviewdesk.exporters.xlsx.styles import HIGHLIGHT
from reviewdesk.templates import Artefact, rules


def marks(art: Artefact, record: Mapping[str, Any], today: dt.date) -> dict[str | None, str]:
    """{field key or None (whole row): style} for one record; single-cell marks win over the row's."""
    found: dict[str | None, str] = {}
    if art.key == "issue" and record.get("priority") == "P1":
        found[None] = "critical"
    if art.key in ("plan_step", "collab") and art.flags["overdue"](record, today):
        found[None] = "overdue"
    if art.key == "callback":
        if rules.follow_up_overdue(record, today):
            found[None] = "overdue"
        score = record.get("score")
        if score is not None and score < rules.FOLLOW_UP_SCORE:
            found["score"] = "low_score"
        if rules.callback_late(record, today):
            found["callback_date"] = "late"
    return found


def colours(style: str) -> tuple[str | None, str | None, bool, bool]:
    """(background, foreground, bold, italic) of a workbook highlight style."""
    spec = HIGHLIGHT[style]
    return spec.get("bg_color"), spec.get("font_color"), bool(spec.get("bold")), bool(spec.get("italic"))
