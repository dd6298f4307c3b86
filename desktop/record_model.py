"""A Qt table model over one artefact's records: columns from templates/, rows fetched lazily page by page."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

import store
from templates import Kind, artefact, values

PAGE = 500


class RecordTableModel(QAbstractTableModel):
    """Holds only the pages fetched so far; a 100,000-row artefact costs one page until the user scrolls."""

    def __init__(self, artefact_key: str, lang: str = "zh", parent=None):
        super().__init__(parent)
        self.artefact = artefact(artefact_key)
        self.lang = lang
        self.fields = [f for f in self.artefact.fields if f.kind not in (Kind.AGENDA, Kind.SCOPE)]
        self.lookups = store.Lookups()
        self.total = store.count_records(artefact_key)
        self.rows: list[dict[str, Any]] = []

    # --- size and lazy fetching ---
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.fields) + 1

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:
        return not parent.isValid() and len(self.rows) < self.total

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:
        page = list(store.select_records(self.artefact.key, lookups=self.lookups, offset=len(self.rows), limit=PAGE))
        if not page:
            self.total = len(self.rows)
            return
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(page) - 1)
        self.rows.extend(page)
        self.endInsertRows()

    # --- what is shown ---
    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if section == 0:
            return self.artefact.code_label(self.lang)
        return self.fields[section - 1].label(self.lang)

    def text(self, row: int, column: int) -> str:
        record = self.rows[row]
        if column == 0:
            return record["code"]
        field = self.fields[column - 1]
        value = record.get(field.key)
        if field.kind is Kind.DEPARTMENT and value is not None:
            codes = value if field.multiple else [value]
            return ("、" if self.lang == "zh" else ", ").join(self.lookups.department_label(c, self.lang) for c in codes)
        return values.display(field, value, self.lang)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            try:
                return self.text(index.row(), index.column()).replace("\n", " ")
            except Exception:  # never raise inside data(): a broken cell must not take the view down
                return "?"
        if role == Qt.ItemDataRole.ToolTipRole and index.column() > 0 and self.fields[index.column() - 1].is_long:
            return self.text(index.row(), index.column())
        return None
