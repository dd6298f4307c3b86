"""The desktop window: a navigation list of the artefacts with their counts, and a table of the chosen one."""
from __future__ import annotations

import sys

from PySide6.QtWidgets import (QApplication, QHBoxLayout, QHeaderView, QLabel, QListWidget, QListWidgetItem,
                               QMainWindow, QMessageBox, QSplitter, QTableView, QVBoxLayout, QWidget)

import store
from templates import ARTEFACTS, ReviewDeskError

from .record_model import RecordTableModel


class MainWindow(QMainWindow):
    def __init__(self, db_path: str, lang: str = "zh"):
        super().__init__()
        self.lang = lang
        self.setWindowTitle(("ReviewDesk 评审台 — " if lang == "zh" else "ReviewDesk — ") + db_path)
        self.navigation = QListWidget()
        self.navigation.setMaximumWidth(240)
        self.table = QTableView()
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.verticalHeader().setVisible(False)
        self.caption = QLabel()
        right = QWidget()
        layout = QVBoxLayout(right)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.caption)
        layout.addWidget(self.table)
        splitter = QSplitter()
        splitter.addWidget(self.navigation)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        central = QWidget()
        QHBoxLayout(central).addWidget(splitter)
        self.setCentralWidget(central)
        for key, art in ARTEFACTS.items():
            item = QListWidgetItem(f"{art.label(lang)}  ({store.count_records(key)})")
            item.setData(256, key)
            self.navigation.addItem(item)
        self.navigation.currentItemChanged.connect(self.show_artefact)
        self.navigation.setCurrentRow(0)
        self.resize(1200, 720)

    def show_artefact(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        model = RecordTableModel(item.data(256), self.lang, self)
        if model.canFetchMore():
            model.fetchMore()  # the first page, so the columns can be sized to real content
        self.table.setModel(model)
        self.table.resizeColumnsToContents()
        for column in range(model.columnCount()):
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), 320))
        art = model.artefact
        self.caption.setText(f"{art.label(self.lang)} — {model.total}" + (" 条" if self.lang == "zh" else " records"))


def run(db: str | None = None, lang: str = "zh") -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("ReviewDesk")
    try:
        path = store.open_database(db)
    except ReviewDeskError as exc:
        QMessageBox.critical(None, "ReviewDesk", exc.message(lang))
        return 1
    window = MainWindow(str(path), lang)
    window.show()
    return app.exec()
