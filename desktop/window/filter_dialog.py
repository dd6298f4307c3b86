"""The filter dialog of a table: a drop-down per choice, department and person column, a range per date column."""
from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QWidget)

from reviewdesk import store
from reviewdesk.templates import Artefact, Field, Kind

from reviewdesk.desktop.window.field_widgets import DateInput

FILTERED_KINDS = (Kind.CHOICE, Kind.DEPARTMENT, Kind.PERSON)


class CheckCombo(QComboBox):
    """A drop-down whose options are ticked: several values of one field mean either of them."""

    def __init__(self, options: list[tuple[str, Any]], chosen: list[Any], any_text: str):
        super().__init__()
        self.any_text = any_text
        self.items = QStandardItemModel(self)
        for label, value in options:
            item = QStandardItem(label)
            item.setData(value, Qt.ItemDataRole.UserRole)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setData(Qt.CheckState.Checked if value in chosen else Qt.CheckState.Unchecked,
                         Qt.ItemDataRole.CheckStateRole)
            self.items.appendRow(item)
        self.setModel(self.items)
        self.setEditable(True)
        self.lineEdit().setReadOnly(True)
        self.view().pressed.connect(self._toggle)
        self._show()

    def _toggle(self, index) -> None:
        item = self.items.itemFromIndex(index)
        checked = item.checkState() == Qt.CheckState.Checked
        item.setCheckState(Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)
        QTimer.singleShot(0, self, self._show)  # after the combo box has put the clicked text in

    def _checked(self) -> list[QStandardItem]:
        return [self.items.item(r) for r in range(self.items.rowCount())
                if self.items.item(r).checkState() == Qt.CheckState.Checked]

    def _show(self) -> None:
        self.lineEdit().setText(" / ".join(i.text() for i in self._checked()) or self.any_text)

    def values(self) -> list[Any]:
        return [i.data(Qt.ItemDataRole.UserRole) for i in self._checked()]

    def set_values(self, wanted: list[Any]) -> None:
        for r in range(self.items.rowCount()):
            item = self.items.item(r)
            item.setCheckState(Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole) in wanted
                               else Qt.CheckState.Unchecked)
        self._show()


class FilterDialog(QDialog):
    def __init__(self, art: Artefact, filters: dict[str, list[Any]], ranges: dict[str, tuple[Any, Any]], *,
                 lang: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Filter — {name}").format(name=art.label(lang)))
        self.art = art
        lookups = store.Lookups()
        self.combos: dict[str, CheckCombo] = {}
        self.dates: dict[str, tuple[DateInput, DateInput]] = {}
        form = QFormLayout(self)
        for field in art.fields:
            if field.kind in FILTERED_KINDS:
                if field.kind is Kind.CHOICE:
                    options = [(c.label(lang), c.key) for c in field.choices]
                elif field.kind is Kind.DEPARTMENT:
                    options = [(lookups.department_label(c, lang), c) for c in lookups.department_labels]
                else:
                    options = [(n, n) for n in sorted(lookups.person_id)]
                box = CheckCombo(options, filters.get(field.key) or [], self.tr("(any)"))
                box.setObjectName(f"filter_{field.key}")
                self.combos[field.key] = box
                form.addRow(field.label(lang), box)
            elif field.kind is Kind.DATE:
                low, high = ranges.get(field.key, (None, None))
                pair = (self._date_input(field, low, "from"), self._date_input(field, high, "to"))
                pair[0].partner, pair[1].partner = pair[1], pair[0]
                row = QWidget()
                line = QHBoxLayout(row)
                line.setContentsMargins(0, 0, 0, 0)
                line.addWidget(pair[0], 1)
                line.addWidget(QLabel("–"))
                line.addWidget(pair[1], 1)
                self.dates[field.key] = pair
                form.addRow(field.label(lang) + self.tr(" (from – to)"), row)
        self.problem = QLabel()
        self.problem.setObjectName("filter_problem")
        self.problem.setStyleSheet("color: #B00020;")
        self.problem.setWordWrap(True)
        self.problem.hide()
        form.addRow(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
                                   | QDialogButtonBox.StandardButton.Reset)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Reset).clicked.connect(self.clear)
        form.addRow(buttons)

    def _date_input(self, field: Field, value: dt.date | None, end: str) -> DateInput:
        spread: list[tuple[Any, Any]] = []  # the dates the records hold, read once, when a calendar first opens

        def data_range() -> tuple[Any, Any]:
            if not spread:
                spread.append(store.value_range(self.art.key, field.key))
            return spread[0]

        edit = DateInput(field, value, data_range=data_range)
        edit.setObjectName(f"filter_{field.key}_{end}")
        edit.changed.connect(lambda key=field.key: self._check_range(key))
        return edit

    def _check_range(self, key: str) -> None:
        low, high = self.dates[key]
        reversed_ = low.date() is not None and high.date() is not None and high.date() < low.date()
        high.set_problem(self.tr("The end date is before the start date: no record would match.") if reversed_
                         else None)
        if not self.invalid():
            self.problem.hide()

    def invalid(self) -> list[DateInput]:
        """The date fields whose condition cannot be used as typed (not a date, or a range that ends before it starts)."""
        return [edit for pair in self.dates.values() for edit in pair if edit.problem()]

    def accept(self) -> None:
        """Never drops a condition in silence: a date that cannot be read keeps the dialog open, saying so."""
        wrong = self.invalid()
        if wrong:
            self.problem.setText(self.tr("Correct the dates marked in red, or clear them: {problem}")
                                 .format(problem=wrong[0].problem()))
            self.problem.show()
            wrong[0].line.setFocus()
            wrong[0].line.selectAll()
            return
        super().accept()

    def clear(self) -> None:
        for box in self.combos.values():
            box.set_values([])
        for low, high in self.dates.values():
            low.set_date(None)
            high.set_date(None)

    def filters(self) -> dict[str, list[Any]]:
        return {k: box.values() for k, box in self.combos.items() if box.values()}

    def ranges(self) -> dict[str, tuple[Any, Any]]:
        """The date ranges typed; call it after accept(), which refuses dates it cannot read."""
        result = {k: (low.date(), high.date()) for k, (low, high) in self.dates.items()}
        return {k: v for k, v in result.items() if v != (None, None)}
