"""Conditional formats a reviewer wants: P1 issues, overdue steps and requests, low scores, late follow-ups.

A row mark fills only the row's code cell and tints the text of the others, and a cell mark fills its cell only where
the cell is locked: a white cell that may be changed stays white, so "change only the white cells" still holds on a
marked row.

The formulas use TODAY(), so a workbook opened next week still shows what is overdue then. Each is generated from
the mark declared with the artefact (templates/marks.py), the same declaration the window and the dashboard read.
"""
from __future__ import annotations

from dataclasses import dataclass

from xlsxwriter.utility import xl_col_to_name

from reviewdesk.templates import Artefact
from reviewdesk.templates.marks import Mark, excel_formula

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


def _highlight(art: Artefact, mark: Mark, cols: dict[str, Column], lang: str) -> Highlight | None:
    """A declared mark as a conditional format; None when the sheet lacks a column the mark reads."""
    if not mark.fields() <= cols.keys():
        return None
    formula = excel_formula(mark.when, lambda key: _ref(cols, key),
                            lambda key, value: art.field(key).choice(value).label(lang))
    return Highlight(mark.style, formula, mark.column, mark.zh, mark.en)


def fills(mark: Highlight, columns: list[Column]) -> bool:
    """Whether a mark may fill its cell: only a locked one (the code cell of a row mark, a computed or locked column);
    on a cell that may be typed in it only tints the text, so the cell still looks editable."""
    key = mark.column or CODE_KEY
    return next(c.locked for c in columns if c.key == key)


def highlights(art: Artefact, columns: list[Column], lang: str) -> list[Highlight]:
    """The marks of one sheet, single-column marks first: the first matching rule's fill wins."""
    cols = {c.key: c for c in columns}
    found = [h for h in (_highlight(art, m, cols, lang) for m in art.marks) if h is not None]
    return sorted(found, key=lambda m: m.column is None)
