"""One artefact's page: search box, filters, column chooser and the lazy table; double-click opens the editor."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelectionModel, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QMenu, QPushButton,
                               QTableView, QToolButton, QVBoxLayout, QWidget)

from reviewdesk.exporters.xlsx.export import describe_conditions
from reviewdesk.templates import Kind

from reviewdesk.desktop.window.filter_dialog import FilterDialog
from reviewdesk.desktop.window.table_model import RecordTableModel

DEFAULT_WIDTH = {Kind.LONG_TEXT: 260, Kind.TEXT: 220, Kind.DATE: 96, Kind.INTEGER: 80, Kind.DECIMAL: 80,
                 Kind.CHOICE: 90, Kind.PERSON: 80, Kind.DEPARTMENT: 100, Kind.REFERENCE: 90, Kind.AGENDA: 260}


class ArtefactPage(QWidget):
    """The table of one artefact; the window's actions (new, edit, delete, …) act on its current record."""

    open_record = Signal(str)  # a code, double-clicked
    conditions_changed = Signal()

    def __init__(self, art_key: str, lang: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.lang = lang
        self.model = RecordTableModel(art_key, lang, self)
        self.art = self.model.artefact
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(self.tr("Search code and text fields…"))
        self._search_timer = QTimer(self, singleShot=True, interval=250)
        self._search_timer.timeout.connect(self.apply_search)
        self.search.textChanged.connect(lambda _: self._search_timer.start())
        self.filter_button = QPushButton(self.tr("Filter…"))
        self.filter_button.setObjectName("filter_button")
        self.filter_button.clicked.connect(self.edit_filters)
        self.clear_button = QPushButton(self.tr("Clear filters"))
        self.clear_button.clicked.connect(self.clear_filters)
        self.columns_button = QToolButton()
        self.columns_button.setText(self.tr("Columns"))
        self.columns_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.columns_menu = QMenu(self)
        self.columns_button.setMenu(self.columns_menu)
        self.caption = QLabel()
        self.caption.setObjectName("caption")
        bar = self.bar = QHBoxLayout()
        bar.addWidget(self.search, 2)
        bar.addWidget(self.filter_button)
        bar.addWidget(self.clear_button)
        bar.addWidget(self.columns_button)
        bar.addWidget(self.caption, 1)
        self.table = QTableView()
        self.table.setObjectName("table")
        self.table.setModel(self.model)
        # no sort indicator before sorting is on: turning it on sorts by the indicator, which is then the model's
        # own order already (each sort reads every matching row's id again: 100,000 of them on a large table)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # no per-row measuring
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionsMovable(True)
        header.setHighlightSections(False)
        self.table.setColumnWidth(0, 90)
        for column, field in enumerate(self.model.fields, 1):
            short = field.kind is Kind.TEXT and (field.max_length or 200) <= 60
            self.table.setColumnWidth(column, 125 if short else DEFAULT_WIDTH.get(field.kind, 120))
        # A double-click emits doubleClicked and then activated: connecting both opened the editor twice, the
        # second time after the first was saved or cancelled. activated is a double-click, or Enter on a row.
        self.table.activated.connect(self._double_clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        self._build_columns_menu()
        self.update_caption()

    def add_buttons(self, actions: list[QAction]) -> None:
        """Buttons for window actions that act on this page's record (a meeting's Send to departments…)."""
        for action in actions:
            button = QToolButton()
            button.setDefaultAction(action)
            button.setObjectName(f"button_{action.objectName()}")
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            self.bar.insertWidget(self.bar.count() - 1, button)

    # --- columns, remembered ---
    def _settings_key(self) -> str:
        return f"columns/{self.art.key}"

    def _build_columns_menu(self) -> None:
        remembered = QSettings().value(self._settings_key() + "/hidden")
        if remembered is None:  # first time: long free text stays in the editor and the tooltip
            hidden = {f.key for f in self.model.fields if f.kind is Kind.LONG_TEXT and not f.required}
        else:
            hidden = {k for k in str(remembered).split(",") if k}
        state = QSettings().value(self._settings_key() + "/state")
        if state is not None:
            self.table.horizontalHeader().restoreState(state)
        for column, field in enumerate(self.model.fields, 1):
            action = QAction(field.label(self.lang), self.columns_menu, checkable=True)
            action.setChecked(field.key not in hidden)
            action.toggled.connect(lambda on, c=column: self.show_column(c, on))
            self.columns_menu.addAction(action)
            self.table.setColumnHidden(column, field.key in hidden)

    def show_column(self, column: int, visible: bool) -> None:
        self.table.setColumnHidden(column, not visible)
        self.save_columns()

    def save_columns(self) -> None:
        hidden = [f.key for c, f in enumerate(self.model.fields, 1) if self.table.isColumnHidden(c)]
        settings = QSettings()
        settings.setValue(self._settings_key() + "/hidden", ",".join(hidden))
        settings.setValue(self._settings_key() + "/state", self.table.horizontalHeader().saveState())

    # --- conditions ---
    def apply_search(self) -> None:
        self.model.set_conditions(search=self.search.text())
        self.update_caption()

    def edit_filters(self) -> None:
        dialog = FilterDialog(self.art, self.model.filters, self.model.ranges, lang=self.lang, parent=self)
        if dialog.exec():
            self.set_filters(dialog.filters(), dialog.ranges())

    def set_filters(self, filters: dict[str, list[Any]], ranges: dict[str, tuple[Any, Any]] | None = None) -> None:
        self.model.set_conditions(filters=filters, ranges=ranges or {})
        self.update_caption()

    def clear_filters(self) -> None:
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.model.set_conditions(filters={}, ranges={}, search="")
        self.update_caption()

    def update_caption(self) -> None:
        if self.model.error:
            self.caption.setText(self.model.error)
            return
        active = len(self.model.filters) + len(self.model.ranges) + bool(self.model.search)
        text = self.tr("{count} records").format(count=f"{self.model.total:,}")
        if active:
            text += self.tr(" (filtered)") + "  " + self.describe_conditions()
        self.caption.setText(text)
        self.clear_button.setEnabled(bool(active))
        self.conditions_changed.emit()

    def describe_conditions(self) -> str:
        """The active conditions as a person reads them: 需二次沟通 = 是 · 状态 = 待分析/已确认."""
        return describe_conditions(self.art, self.model.conditions(), self.lang, self.model.lookups)

    # --- the current record ---
    def current_code(self) -> str | None:
        index = self.table.currentIndex()
        return self.model.code(index.row()) if index.isValid() else None

    def current_record(self) -> dict[str, Any] | None:
        index = self.table.currentIndex()
        return self.model.record(index.row()) if index.isValid() else None

    def select_code(self, code: str) -> None:
        row = self.model.row_of(code)
        if row is not None:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))

    def refresh(self, code: str | None = None) -> None:
        """After a change of `code` only its rows are redrawn when the table's rows stay as they were (selection and
        scroll kept); otherwise the table is read again and the record selected where it now is."""
        keep = code or self.current_code()
        if code is not None:
            before = list(self.model.ids)
            self.model.changed([code])
            if self.model.ids == before:
                self.update_caption()
                return
        else:
            self.model.refresh()
        self.update_caption()
        if keep:
            self.select_code(keep)

    def follow_changes(self, codes: set[str] | None) -> None:
        """Someone else's changes to these records (None: any record, a figure gathered from others moved): redrawn
        in place while the table's rows stay the same rows; otherwise read again with the selected record still
        selected and the view scrolled where it was."""
        scrolled = self.table.verticalScrollBar().value()
        keep = self.current_code()
        before = list(self.model.ids)
        self.model.changed(self.model.cached_codes() if codes is None else codes)
        if self.model.ids != before:
            row = self.model.row_of(keep) if keep else None
            if row is not None:  # selected without scrolling to it: the view stays where the user left it
                self.table.selectionModel().setCurrentIndex(
                    self.model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows)
            self.table.verticalScrollBar().setValue(scrolled)
        self.update_caption()

    def _double_clicked(self, index) -> None:  # or Enter
        code = self.model.code(index.row())
        if code:
            self.open_record.emit(code)
