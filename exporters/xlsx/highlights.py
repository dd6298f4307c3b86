"""Conditional formats a reviewer wants: P1 issues, overdue steps and requests, low scores, late follow-ups.

A row mark fills only the row's code cell and tints the text of the others, and a cell mark fills its cell only where
the cell is locked: a white cell that may be changed stays white, so "change only the white cells" still holds on a
marked row.

The formulas use TODAY(), so a workbook opened next week still shows what is overdue then. Which
statuses count as finished is read from the artefact's own flag rule (templates/rules.py), by probing it.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable

from xlsxwriter.utility import xl_col_to_name

from reviewdesk.templates import Artefact, rules

from reviewdesk.exporters.xlsx.layout import CODE_KEY, Column

FIRST_ROW = 2  # formulas are written for the first data row (Excel row 2) and copied down by Excel


@dataclass(frozen=True)
class Highlight:
    style: str  # a key of xlsx_styles.HIGHLIGHT
    formula: str
    column: str | None  # None: the row (its code cell filled, its text tinted); else the field key of the one column marked
    meaning_zh: str
    meaning_en: str


def _ref(columns: dict[str, Column], key: str) -> str:
    return f"${xl_col_to_name(columns[key].index)}{FIRST_ROW}"


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def finished_statuses(art: Artefact, flag: str, date_key: str) -> list[str]:
    """The statuses under which a past date no longer makes a record overdue, asked of the flag rule itself."""
    today = dt.date.today()
    past = today - dt.timedelta(days=1)
    rule = art.flags[flag]
    return [c.key for c in art.field("status").choices if not rule({date_key: past, "status": c.key}, today)]


def _overdue_by_status(art: Artefact, cols: dict[str, Column], lang: str, flag: str, date_key: str) -> str:
    date = _ref(cols, date_key)
    status_col = _ref(cols, "status")
    status = art.field("status")
    done = [f"{status_col}<>{_quoted(status.choice(k).label(lang))}" for k in finished_statuses(art, flag, date_key)]
    return f"AND(ISNUMBER({date}),{date}<TODAY()," + ",".join(done) + ")"


def _issue(art: Artefact, cols: dict[str, Column], lang: str) -> list[Highlight]:
    priority = art.field("priority")
    p1 = rules.priority({"impact": "high", "frequency": "high"})
    return [Highlight("critical", f"{_ref(cols, 'priority')}={_quoted(priority.choice(p1).label(lang))}", None,
                      "优先级 P1（核心问题）", "Priority P1 (core issue)")]


def _plan_step(art: Artefact, cols: dict[str, Column], lang: str) -> list[Highlight]:
    return [Highlight("overdue", _overdue_by_status(art, cols, lang, "overdue", "end_date"), None,
                      "完成节点已过而未完成", "Milestone date passed and not done")]


def _collab(art: Artefact, cols: dict[str, Column], lang: str) -> list[Highlight]:
    return [Highlight("overdue", _overdue_by_status(art, cols, lang, "overdue", "due_date"), None,
                      "要求完成时间已过而未完成", "Due date passed and not done")]


def _callback(art: Artefact, cols: dict[str, Column], lang: str) -> list[Highlight]:
    score, due, result = _ref(cols, "score"), _ref(cols, "follow_up_due"), _ref(cols, "follow_up_result")
    resolved, called = _ref(cols, "resolved_on"), _ref(cols, "callback_date")
    return [
        Highlight("overdue", f"AND(ISNUMBER({due}),{due}<TODAY(),LEN({result})=0)", None,
                  "二次沟通期限已过而无结果", "Follow-up due date passed without a result"),
        Highlight("low_score", f"AND(ISNUMBER({score}),{score}<{rules.FOLLOW_UP_SCORE})", "score",
                  f"满意度低于 {rules.FOLLOW_UP_SCORE} 分", f"Score under {rules.FOLLOW_UP_SCORE}"),
        Highlight("late", f"AND(ISNUMBER({resolved}),ISNUMBER({called}),{called}-{resolved}>{rules.CALLBACK_DAYS})",
                  "callback_date", "解决后超过 24 小时才回访", "Called back more than a day after resolution"),
    ]


RULES: dict[str, Callable[[Artefact, dict[str, Column], str], list[Highlight]]] = {
    "issue": _issue, "plan_step": _plan_step, "collab": _collab, "callback": _callback}


def fills(mark: Highlight, columns: list[Column]) -> bool:
    """Whether a mark may fill its cell: only a locked one (the code cell of a row mark, a computed or locked column);
    on a cell that may be typed in it only tints the text, so the cell still looks editable."""
    key = mark.column or CODE_KEY
    return next(c.locked for c in columns if c.key == key)


def highlights(art: Artefact, columns: list[Column], lang: str) -> list[Highlight]:
    """The marks of one sheet, single-column marks first: the first matching rule's fill wins."""
    make = RULES.get(art.key)
    marks = make(art, {c.key: c for c in columns}, lang) if make else []
    return sorted(marks, key=lambda m: m.column is None)
