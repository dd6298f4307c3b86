"""The filter dialog of a table: a drop-down per choice, department and person column, a range per date column."""
from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QWidget

import store
from templates import Artefact, Kind

from .field_widgets import BLANK_DATE

FILTERED_KINDS = (Kind.CHOICE, Kind.DEPARTMENT, Kind.PERSON)


def _date_edit(value: dt.date | None) -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setMinimumDate(BLANK_DATE)
    edit.setSpecialValueText(" ")
    edit.setDate(QDate(value.year, value.month, value.day) if value else BLANK_DATE)
    return edit


def _date(edit: QDateEdit) -> dt.date | None:
    d = edit.date()
    return None if d == BLANK_DATE else dt.date(d.year(), d.month(), d.day())


class FilterDialog(QDialog):
    def __init__(self, art: Artefact, filters: dict[str, list[Any]], ranges: dict[str, tuple[Any, Any]], *,
                 lang: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Filter — {name}").format(name=art.label(lang)))
        self.art = art
        lookups = store.Lookups()
        self.combos: dict[str, QComboBox] = {}
        self.dates: dict[str, tuple[QDateEdit, QDateEdit]] = {}
        form = QFormLayout(self)
        for field in art.fields:
            if field.kind in FILTERED_KINDS:
                box = QComboBox()
                box.addItem(self.tr("(any)"), None)
                if field.kind is Kind.CHOICE:
                    options = [(c.label(lang), c.key) for c in field.choices]
                elif field.kind is Kind.DEPARTMENT:
                    options = [(lookups.department_label(c, lang), c) for c in lookups.department_labels]
                else:
                    options = [(n, n) for n in sorted(lookups.person_id)]
                for label, value in options:
                    box.addItem(label, value)
                chosen = (filters.get(field.key) or [None])[0]
                box.setCurrentIndex(max(box.findData(chosen), 0) if chosen is not None else 0)
                box.setObjectName(f"filter_{field.key}")
                self.combos[field.key] = box
                form.addRow(field.label(lang), box)
            elif field.kind is Kind.DATE:
                low, high = ranges.get(field.key, (None, None))
                pair = (_date_edit(low), _date_edit(high))
                row = QWidget()
                line = QHBoxLayout(row)
                line.setContentsMargins(0, 0, 0, 0)
                line.addWidget(pair[0])
                line.addWidget(pair[1])
                self.dates[field.key] = pair
                form.addRow(field.label(lang) + self.tr(" (from – to)"), row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
                                   | QDialogButtonBox.StandardButton.Reset)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Reset).clicked.connect(self.clear)
        form.addRow(buttons)

    def clear(self) -> None:
        for box in self.combos.values():
            box.setCurrentIndex(0)
        for low, high in self.dates.values():
            low.setDate(BLANK_DATE)
            high.setDate(BLANK_DATE)

    def filters(self) -> dict[str, list[Any]]:
        return {k: [box.currentData()] for k, box in self.combos.items() if box.currentData() is not None}

    def ranges(self) -> dict[str, tuple[Any, Any]]:
        result = {k: (_date(low), _date(high)) for k, (low, high) in self.dates.items()}
        return {k: v for k, v in result.items() if v != (None, None)}
