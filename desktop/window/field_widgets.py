"""One input widget per field kind, generated from templates/: get() and set() speak canonical values."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any, Callable

from PySide6.QtCore import QCoreApplication, QDate, QPoint, Qt, Signal
from PySide6.QtGui import QDoubleValidator
from PySide6.QtWidgets import (QAbstractItemView, QCalendarWidget, QComboBox, QCompleter, QHBoxLayout, QHeaderView,
                               QLineEdit, QListWidget, QListWidgetItem, QPlainTextEdit, QPushButton, QSpinBox,
                               QTableWidget, QTableWidgetItem, QToolButton, QVBoxLayout, QWidget)

from reviewdesk import store
from reviewdesk.templates import Field, FieldError, Kind, artefact, values

INVALID_STYLE = "QLineEdit { color: #B00020; background: #FDECEC; border: 1px solid #B00020; padding: 1px; }"



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


class DateInput(QWidget):
    """A date typed the way the command line takes it — 2026-11-30, 2026/11/30, 2026.11.30, 2026年11月30日 — or picked
    from a calendar that opens at that date, at the other end of a range, or at today (kept within the dates the
    records hold). What cannot be read stays as typed, in red, with a tooltip saying what is expected."""

    changed = Signal()

    def __init__(self, field: Field, value: dt.date | None = None, *,
                 data_range: Callable[[], tuple[dt.date | None, dt.date | None]] | None = None) -> None:
        super().__init__()
        self.field, self.data_range = field, data_range
        self.partner: DateInput | None = None  # the other end of a from–to range
        self.extra_problem: str | None = None  # set from outside: an end before its start
        self.line = QLineEdit()
        self.line.setObjectName("date_text")
        self.line.setPlaceholderText(QCoreApplication.translate("fields", "e.g. 2026-11-30"))
        self.line.setClearButtonEnabled(True)
        self.line.setMinimumWidth(self.line.fontMetrics().horizontalAdvance("2026年11月30日") + 36)
        self.button = QToolButton()
        self.button.setObjectName("date_calendar")
        self.button.setArrowType(Qt.ArrowType.DownArrow)
        self.button.setToolTip(QCoreApplication.translate("fields", "Pick the date from a calendar"))
        self.button.clicked.connect(self.show_calendar)
        self.calendar: QCalendarWidget | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.line, 1)
        layout.addWidget(self.button)
        self.setFocusProxy(self.line)
        self.set_date(value)
        self.line.textChanged.connect(self._edited)
        self.line.editingFinished.connect(self._tidy)

    # --- the value ---
    def text(self) -> str:
        return self.line.text().strip()

    def _parsed(self) -> dt.date | None | FieldError:
        if not self.text():
            return None
        try:
            return values.parse_date(self.field, self.text())
        except FieldError as exc:
            return exc

    def date(self) -> dt.date | None:
        """The date typed; None when the field is blank or cannot be read (see problem())."""
        parsed = self._parsed()
        return parsed if isinstance(parsed, dt.date) else None

    def value(self) -> dt.date | str | None:
        """The date, None when blank, or the text as typed when it is no date (the store then says what is wrong)."""
        parsed = self._parsed()
        return self.text() if isinstance(parsed, FieldError) else parsed

    def problem(self) -> str | None:
        if isinstance(self._parsed(), FieldError):
            return QCoreApplication.translate(
                "fields", "'{text}' is not a date. Type a date such as 2026-11-30, 2026/11/30, 2026.11.30 or "
                          "2026年11月30日, or pick one from the calendar.").format(text=self.text())
        return self.extra_problem

    def set_date(self, value: dt.date | None) -> None:
        self.line.setText(f"{value:%Y-%m-%d}" if value else "")

    def set_problem(self, text: str | None) -> None:
        self.extra_problem = text
        self._show_problem()

    def _edited(self) -> None:
        self._show_problem()
        self.changed.emit()

    def _show_problem(self) -> None:
        problem = self.problem()
        self.line.setStyleSheet(INVALID_STYLE if problem else "")
        self.line.setToolTip(problem or "")

    def _tidy(self) -> None:
        """A date understood is shown the one way: 2026年8月1日 becomes 2026-08-01."""
        day = self.date()
        if day is not None and self.text() != f"{day:%Y-%m-%d}":
            self.set_date(day)

    # --- the calendar ---
    def calendar_start(self) -> dt.date:
        """The typed date; else the other end of the range; else today, kept within the dates the records hold."""
        for day in (self.date(), self.partner.date() if self.partner else None):
            if day is not None:
                return day
        today = dt.date.today()
        low, high = self.data_range() if self.data_range else (None, None)
        if high is not None and today > high:
            return high
        if low is not None and today < low:
            return low
        return today

    def show_calendar(self) -> None:
        if self.calendar is None:
            self.calendar = QCalendarWidget(self)
            self.calendar.setWindowFlags(Qt.WindowType.Popup)  # closes on a click elsewhere, like a drop-down
            self.calendar.setObjectName("date_popup")
            self.calendar.setGridVisible(True)
            self.calendar.clicked.connect(self._picked)
            self.calendar.activated.connect(self._picked)
        start = self.calendar_start()
        self.calendar.setSelectedDate(QDate(start.year, start.month, start.day))
        self.calendar.setCurrentPage(start.year, start.month)
        self.calendar.adjustSize()
        self.calendar.move(self.line.mapToGlobal(QPoint(0, self.line.height())))
        self.calendar.show()
        self.calendar.setFocus()

    def _picked(self, day: QDate) -> None:
        self.set_date(dt.date(day.year(), day.month(), day.day()))
        if self.calendar is not None:
            self.calendar.hide()
        self.line.setFocus()


def _date(field: Field) -> FieldInput:
    edit = DateInput(field)
    return FieldInput(field, edit, edit.value, edit.set_date, edit.changed)


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


def row_buttons(table: QTableWidget, add_label: str, remove_label: str, add: Callable[[], None]) -> QHBoxLayout:
    """Add and Remove under a table of rows typed by hand: add() appends one, Remove takes the current one away."""
    adding = QPushButton(add_label)
    adding.setObjectName("add_row")
    removing = QPushButton(remove_label)
    adding.clicked.connect(lambda: add())
    removing.clicked.connect(lambda: table.removeRow(table.currentRow()))
    buttons = QHBoxLayout()
    buttons.addWidget(adding)
    buttons.addWidget(removing)
    buttons.addStretch(1)
    return buttons


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
        buttons = row_buttons(self.table, QCoreApplication.translate("fields", "Add item"),
                              QCoreApplication.translate("fields", "Remove item"), lambda: self.add_row("", ""))
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
        codes = [c for (c,) in store.select_rows(field.reference, ["code"], descending=True, limit=5000)]
        completer = QCompleter(codes, made.widget)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        made.widget.setCompleter(completer)
        made.widget.setPlaceholderText(f"{artefact(field.reference).prefix}-0001")
        return made
    if kind is Kind.TEXT:
        return _text(field)
    return None
