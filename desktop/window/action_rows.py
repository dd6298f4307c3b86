"""The meeting editor's table of new actions: what a decision asks someone to do, typed beside the agenda and created
with the meeting when it is saved (store.meetings.save_with_actions, as `meeting decide --action` does)."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHeaderView, QLabel, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from reviewdesk import store
from reviewdesk.templates import artefact

from reviewdesk.desktop.window.field_widgets import row_buttons

ACTION = artefact("action")
COLUMNS = ("agenda_item", "action", "department", "owner", "due_date")


def _combo(options: list[tuple[str, Any]]) -> QComboBox:
    box = QComboBox()
    box.addItem("", None)
    for label, value in options:
        box.addItem(label, value)
    return box


class ActionRows(QWidget):
    """New actions, one row each: the agenda item whose decision asks for it, what, which department, who, by when."""

    def __init__(self, lookups: store.Lookups, lang: str, existing: int = 0):
        super().__init__()
        self.lookups, self.lang = lookups, lang
        self.agenda: list[str] = []
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("new_actions")
        self.table.setHorizontalHeaderLabels([ACTION.field(k).label(lang) for k in COLUMNS])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setMinimumHeight(110)
        self.table.setToolTip(QCoreApplication.translate(
            "ActionRows", "Created as meeting actions when the meeting is saved; the due date as 2026-12-10."))
        buttons = row_buttons(self.table, QCoreApplication.translate("ActionRows", "Add action"),
                              QCoreApplication.translate("ActionRows", "Remove action"), self.add_row)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        if existing:
            held = QLabel(QCoreApplication.translate("ActionRows", "This meeting already has {n} action(s): see the "
                                                                   "Actions page.").format(n=existing))
            held.setStyleSheet("color: #555;")
            layout.addWidget(held)
        layout.addWidget(self.table)
        layout.addLayout(buttons)

    def set_agenda(self, agenda: list[dict[str, Any]] | None) -> None:
        """Offer the agenda as it now stands in each row's first column (a row keeps its item number)."""
        self.agenda = [a["item"] for a in agenda or []]
        for row in range(self.table.rowCount()):
            box = self.table.cellWidget(row, 0)
            kept = box.currentData()
            box.clear()
            box.addItem("", None)
            for number, item in enumerate(self.agenda, 1):
                box.addItem(f"{number}. {item}", number)
            box.setCurrentIndex(max(0, box.findData(kept)))

    def add_row(self, item: int | None = None, text: str = "", department: str | None = None,
                owner: str | None = None, due: str = "") -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        items = _combo([(f"{n}. {i}", n) for n, i in enumerate(self.agenda, 1)])
        items.setCurrentIndex(max(0, items.findData(item if item is not None else len(self.agenda) or None)))
        departments = _combo([(self.lookups.department_label(c, self.lang), c) for c in self.lookups.department_labels])
        departments.setCurrentIndex(max(0, departments.findData(department)))
        people = _combo([(name, name) for name in sorted(self.lookups.person_role)])
        people.setCurrentIndex(max(0, people.findData(owner)))
        self.table.setCellWidget(row, 0, items)
        self.table.setItem(row, 1, QTableWidgetItem(text))
        self.table.setCellWidget(row, 2, departments)
        self.table.setCellWidget(row, 3, people)
        self.table.setItem(row, 4, QTableWidgetItem(due))

    def get(self) -> list[dict[str, Any]]:
        """The typed actions (rows without a text left out), as the store takes them."""
        actions = []
        for row in range(self.table.rowCount()):
            text = self.table.item(row, 1).text().strip() if self.table.item(row, 1) else ""
            if not text:
                continue
            due = self.table.item(row, 4).text().strip() if self.table.item(row, 4) else ""
            actions.append({"agenda_item": self.table.cellWidget(row, 0).currentData(), "action": text,
                            "department": self.table.cellWidget(row, 2).currentData(),
                            "owner": self.table.cellWidget(row, 3).currentData(), "due_date": due or None})
        return actions


__all__ = ["ActionRows"]
