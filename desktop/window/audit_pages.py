"""The audit log, a record's history and the import history: read-only tables over the store's bookkeeping."""
from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QPushButton, QTableView, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from reviewdesk import store
from reviewdesk.templates import ARTEFACTS

PAGE = 500


def field_label(art_key: str, key: str | None, lang: str) -> str:
    if not key:
        return ""
    art = ARTEFACTS.get(art_key)
    if art is None or not art.has_field(key):
        return key
    return art.field(key).label(lang)


class AuditModel(QAbstractTableModel):
    """The newest audit entries first, fetched a page at a time as the view scrolls."""

    def __init__(self, lang: str, parent=None, code: str | None = None, search: str = ""):
        super().__init__(parent)
        self.lang, self.code, self.search = lang, code, search.strip()
        self.rows: list = []  # store.audit_entries
        self.done = False
        self.lookups = store.Lookups()
        self.headers = [self.tr("When"), self.tr("Who"), self.tr("Record"), self.tr("Action"), self.tr("Field"),
                        self.tr("Old"), self.tr("New"), self.tr("Source")]

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def canFetchMore(self, parent=QModelIndex()) -> bool:
        return not parent.isValid() and not self.done

    def fetchMore(self, parent=QModelIndex()) -> None:
        page = store.audit_entries(code=self.code, search=self.search, offset=len(self.rows), limit=PAGE)
        self.done = len(page) < PAGE
        if page:
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(page) - 1)
            self.rows.extend(page)
            self.endInsertRows()

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def value(self, e, text: str | None) -> str:
        """An audit value as the table shows it: choice and department labels in the interface language."""
        if not text:
            return ""
        art = ARTEFACTS.get(e.artefact)
        if art is None or not e.field or not art.has_field(e.field):
            return text
        return self.lookups.display_audit(art.field(e.field), text, self.lang)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole) or not index.isValid():
            return None
        try:
            e = self.rows[index.row()]
            actions = {"create": self.tr("created"), "update": self.tr("changed"), "delete": self.tr("deleted")}
            local = e.at.replace(tzinfo=dt.timezone.utc).astimezone()
            cells = [f"{local:%Y-%m-%d %H:%M:%S}", e.who, e.code, actions.get(e.action, e.action),
                     field_label(e.artefact, e.field, self.lang), self.value(e, e.old), self.value(e, e.new),
                     store.sources.label(e.source, self.lang)]
            text = str(cells[index.column()])
            if role == Qt.ItemDataRole.ToolTipRole:
                return text if len(text) > 20 else None
            return text.replace("\n", " ")
        except Exception:  # never raise inside data()
            return "?" if role == Qt.ItemDataRole.DisplayRole else None


def audit_view(model: AuditModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.verticalHeader().setVisible(False)
    view.setAlternatingRowColors(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.horizontalHeader().setStretchLastSection(True)
    for column, width in enumerate((140, 80, 90, 60, 110, 220, 220)):
        view.setColumnWidth(column, width)
    if model.canFetchMore():
        model.fetchMore()
    return view


class AuditPage(QWidget):
    def __init__(self, lang: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.lang = lang
        self.view = audit_view(AuditModel(lang, self))
        self.search = QLineEdit()
        self.search.setObjectName("audit_search")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(self.tr("A record code (ISS-0001), a person, or a source such as an import batch"))
        self.search.returnPressed.connect(self.refresh)
        self.search.textChanged.connect(lambda text: text or self.refresh())
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Every change to every record: who, when, old and new value, and where it "
                                     "came from.")), 1)
        top.addWidget(self.search, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.view)

    def refresh(self) -> None:
        widths = [self.view.columnWidth(c) for c in range(8)]
        self.view.setModel(AuditModel(self.lang, self, search=self.search.text()))
        if self.view.model().canFetchMore():
            self.view.model().fetchMore()
        for column, width in enumerate(widths):
            self.view.setColumnWidth(column, width)


class HistoryDialog(QDialog):
    """The audit entries of one record, newest first."""

    def __init__(self, code: str, lang: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("History of {code}").format(code=code))
        self.view = audit_view(AuditModel(lang, self, code=code))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)
        layout.addWidget(buttons)
        self.resize(1040, 460)


class ImportHistoryPage(QWidget):
    """Applied imports, newest first, each with an undo button's worth of information."""

    undo_requested = Signal(int)
    import_requested = Signal()

    def __init__(self, lang: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.lang = lang
        self.table = QTableWidget(0, 6)
        self.table.setObjectName("import_history")
        self.table.setHorizontalHeaderLabels([self.tr("Batch"), self.tr("When"), self.tr("Who"),
                                              self.tr("Files"), self.tr("Created / updated"), self.tr("Undone")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(3, 300)
        self.table.setColumnWidth(4, 260)
        import_button = QPushButton(self.tr("Import workbooks…"))
        import_button.clicked.connect(self.import_requested)
        self.undo_button = QPushButton(self.tr("Undo this import"))
        self.undo_button.setObjectName("undo_import")
        self.undo_button.clicked.connect(self._undo)
        buttons = QHBoxLayout()
        buttons.addWidget(import_button)
        buttons.addWidget(self.undo_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.table)
        self.refresh()

    def refresh(self) -> None:
        batches = store.import_batches()
        self.table.setRowCount(len(batches))
        for row, b in enumerate(batches):
            counts = ("；" if self.lang == "zh" else "; ").join(b.counts_lines(self.lang))
            undone = f"{_local(b.undone_at):%Y-%m-%d %H:%M} {b.undone_by}" if b.undone_at else ""
            same = self.tr(" (same file as batch {n})")
            files = ("、" if self.lang == "zh" else ", ").join(
                name + (same.format(n=b.same_file_as[name]) if name in b.same_file_as else "") for name in b.files)
            for column, text in enumerate((str(b.batch), f"{_local(b.at):%Y-%m-%d %H:%M}", b.who, files, counts,
                                           undone)):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, b.batch)
                self.table.setItem(row, column, item)

    def _undo(self) -> None:
        item = self.table.item(self.table.currentRow(), 0)
        if item is not None:
            self.undo_requested.emit(int(item.data(Qt.ItemDataRole.UserRole)))


def _local(at: dt.datetime) -> dt.datetime:
    """The store keeps UTC; people read their own clock."""
    return at.replace(tzinfo=dt.timezone.utc).astimezone()


def count_batches() -> int:
    return len(store.import_batches())


__all__ = ["AuditModel", "AuditPage", "HistoryDialog", "ImportHistoryPage", "count_batches"]
