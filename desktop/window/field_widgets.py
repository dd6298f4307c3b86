"""One input widget per field kind, generated from templates/: get() and set() speak canonical values."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any, Callable

from PySide6.QtCore import QCoreApplication, QDate, Qt
from PySide6.QtGui import QDoubleValidator
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QCompleter, QDateEdit, QHBoxLayout, QHeaderView, QLineEdit,
                               QListWidget, QListWidgetItem, QPlainTextEdit, QPushButton, QSpinBox, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from reviewdesk import store
from reviewdesk.store.models import model_for
from reviewdesk.templates import Field, Kind, artefact, values

BLANK_DATE = QDate(1900, 1, 1)



class FieldInput:
    """A widget for one field plus how to read and write its canonical value."""

    def __init__(self, field: Field, widget: QWidget, get: Callable[[], Any], set_: Callable[[Any], None],
                 signal) -> None:
        self.field, self.widget, self.get, self.set, self.changed = field, widget, get, set_, signal


def _combo(field: Field, options: list[tuple[str, Any]]) -> FieldInput:
    box = QComboBox()
    box.addItem("", None)
    for label, value in options:
        box.addItem(label, value)

    def set_(value: Any) -> None:
        index = box.findData(value)
        if index < 0 and value is not None:  # a value no longer offered (a follow-up owner who changed role): kept
            box.addItem(str(value), value)
            index = box.count() - 1
        box.setCurrentIndex(max(index, 0))

    return FieldInput(field, box, box.currentData, set_, box.currentIndexChanged)


def _date(field: Field) -> FieldInput:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setMinimumDate(BLANK_DATE)
    edit.setSpecialValueText(" ")  # the minimum shows blank and means "no date"
    edit.setDate(BLANK_DATE)

    def get() -> dt.date | None:
        d = edit.date()
        return None if d == BLANK_DATE else dt.date(d.year(), d.month(), d.day())

    def set_(value: dt.date | None) -> None:
        edit.setDate(QDate(value.year, value.month, value.day) if value else BLANK_DATE)

    return FieldInput(field, edit, get, set_, edit.dateChanged)


def _integer(field: Field) -> FieldInput:
    spin = QSpinBox()
    low = int(field.minimum) if field.minimum is not None else -1_000_000_000
    high = int(field.maximum) if field.maximum is not None else 1_000_000_000
    spin.setRange(low - 1, high)  # one below the minimum means blank
    spin.setSpecialValueText(" ")
    spin.setValue(low - 1)
    if field.minimum == 0 and field.maximum == 100:
        spin.setSuffix(" %")

    def get() -> int | None:
        return None if spin.value() == spin.minimum() else spin.value()

    def set_(value: int | None) -> None:
        spin.setValue(spin.minimum() if value is None else int(value))

    return FieldInput(field, spin, get, set_, spin.valueChanged)


def _decimal(field: Field) -> FieldInput:
    edit = QLineEdit()
    edit.setValidator(QDoubleValidator())

    def get() -> Any:
        text = edit.text().strip()
        if not text:
            return None
        try:
            return Decimal(text)
        except InvalidOperation:
            return text  # the store says what is wrong with it

    def set_(value: Any) -> None:
        edit.setText("" if value is None else values.display(field, value))

    return FieldInput(field, edit, get, set_, edit.textChanged)


def _text(field: Field) -> FieldInput:
    edit = QLineEdit()
    if field.max_length:
        edit.setMaxLength(field.max_length)
    return FieldInput(field, edit, lambda: edit.text().strip() or None, lambda v: edit.setText(v or ""),
                      edit.textChanged)


def _long(field: Field) -> FieldInput:
    edit = QPlainTextEdit()
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(64)
    return FieldInput(field, edit, lambda: edit.toPlainText().strip() or None,
                      lambda v: edit.setPlainText(v or ""), edit.textChanged)


def _departments(field: Field, lookups: store.Lookups, lang: str) -> FieldInput:
    listing = QListWidget()
    listing.setFixedHeight(90)
    for code in lookups.department_labels:
        item = QListWidgetItem(lookups.department_label(code, lang))
        item.setData(Qt.ItemDataRole.UserRole, code)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Unchecked)
        listing.addItem(item)

    def get() -> list[str] | None:
        chosen = [listing.item(i).data(Qt.ItemDataRole.UserRole) for i in range(listing.count())
                  if listing.item(i).checkState() == Qt.CheckState.Checked]
        return chosen or None

    def set_(value: list[str] | None) -> None:
        for i in range(listing.count()):
            item = listing.item(i)
            item.setCheckState(Qt.CheckState.Checked if value and item.data(Qt.ItemDataRole.UserRole) in value
                               else Qt.CheckState.Unchecked)

    return FieldInput(field, listing, get, set_, listing.itemChanged)


class AgendaEditor(QWidget):
    """Ordered agenda items, each with its decision: the meeting's agenda and minutes in one table."""

    def __init__(self) -> None:
        super().__init__()
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels([QCoreApplication.translate("fields", "Agenda item"),
                                              QCoreApplication.translate("fields", "Decision")])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setMinimumHeight(130)
        add = QPushButton(QCoreApplication.translate("fields", "Add item"))
        remove = QPushButton(QCoreApplication.translate("fields", "Remove item"))
        add.clicked.connect(lambda: self.add_row("", ""))
        remove.clicked.connect(lambda: self.table.removeRow(self.table.currentRow()))
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)

    def add_row(self, item: str, decision: str) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(item))
        self.table.setItem(row, 1, QTableWidgetItem(decision))

    def get(self) -> list[dict[str, Any]] | None:
        items = []
        for row in range(self.table.rowCount()):
            text = (self.table.item(row, 0).text() if self.table.item(row, 0) else "").strip()
            decision = (self.table.item(row, 1).text() if self.table.item(row, 1) else "").strip()
            if text:
                items.append({"item": text, "decision": decision or None})
        return items or None

    def set(self, value: list[dict[str, Any]] | None) -> None:
        self.table.setRowCount(0)
        for a in value or []:
            self.add_row(a.get("item") or "", a.get("decision") or "")


def make_input(field: Field, lookups: store.Lookups, lang: str) -> FieldInput | None:
    """The input widget of one field (None for what cannot be typed here: the pack scope)."""
    kind = field.kind
    if kind is Kind.CHOICE:
        return _combo(field, [(c.label(lang), c.key) for c in field.choices])
    if kind is Kind.DEPARTMENT and field.multiple:
        return _departments(field, lookups, lang)
    if kind is Kind.DEPARTMENT:
        return _combo(field, [(lookups.department_label(c, lang), c) for c in lookups.department_labels])
    if kind is Kind.PERSON:
        people = sorted(name for name, role in lookups.person_role.items() if not field.roles or role in field.roles)
        return _combo(field, [(name, name) for name in people])
    if kind is Kind.DATE:
        return _date(field)
    if kind is Kind.INTEGER:
        return _integer(field)
    if kind is Kind.DECIMAL:
        return _decimal(field)
    if kind is Kind.LONG_TEXT:
        return _long(field)
    if kind is Kind.AGENDA:
        editor = AgendaEditor()
        return FieldInput(field, editor, editor.get, editor.set, editor.table.itemChanged)
    if kind is Kind.REFERENCE:
        made = _text(field)
        model = model_for(field.reference)
        codes = [c for (c,) in model.select(model.code).order_by(model.number.desc()).limit(5000).tuples()]
        completer = QCompleter(codes, made.widget)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        made.widget.setCompleter(completer)
        made.widget.setPlaceholderText(f"{artefact(field.reference).prefix}-0001")
        return made
    if kind is Kind.TEXT:
        return _text(field)
    return None
