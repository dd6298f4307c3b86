"""Settings: the user's name, the base Word template, the database file (open, new, back up, restore), departments and people."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QFormLayout,
                               QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QTableWidget,
                               QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget)

from reviewdesk import store
from reviewdesk.templates import REFERENCE_DATA, ReviewDeskError

from reviewdesk.desktop.window import dialogs
from reviewdesk.desktop.window.export_dialog import WORD_TEMPLATE_KEY, last_folder, remember_folder
from reviewdesk.desktop.window.main_window import user_name


class SettingsDialog(QDialog):
    def __init__(self, lang: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.lang = lang
        self.reopen: Path | None = None
        self.setWindowTitle(self.tr("Settings"))
        tabs = QTabWidget()
        tabs.addTab(self._general(), self.tr("General"))
        tabs.addTab(self._database(), self.tr("Database"))
        tabs.addTab(self._departments(), self.tr("Departments"))
        tabs.addTab(self._people(), self.tr("People"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        layout.addWidget(buttons)
        self.resize(720, 520)

    def reject(self) -> None:
        settings = QSettings()
        settings.setValue("user/name", self.user.text().strip())
        settings.setValue(WORD_TEMPLATE_KEY, self.template.text().strip())
        super().reject()

    # --- general ---
    def _general(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.user = QLineEdit(user_name())
        self.user.setObjectName("settings_user")
        form.addRow(self.tr("Your name (audit log)"), self.user)
        self.template = QLineEdit(str(QSettings().value(WORD_TEMPLATE_KEY, "") or ""))
        self.template.setPlaceholderText(self.tr("Built-in look"))
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._pick_template)
        row = QHBoxLayout()
        row.addWidget(self.template, 1)
        row.addWidget(browse)
        form.addRow(self.tr("Base Word template (.docx)"), row)
        return page

    def _pick_template(self) -> None:
        name = dialogs.open_file_name(self, self.tr("Base Word template"), last_folder("template"),
                                      self.tr("Word documents (*.docx)"))
        if name:
            self.template.setText(name)
            remember_folder("template", Path(name))

    # --- database ---
    def _database(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        path = store.current_path()
        column.addWidget(QLabel(self.tr("Current database: {path}").format(path=path)))
        for text, slot in ((self.tr("Open another database…"), self._open), (self.tr("Create a new database…"), self._new),
                           (self.tr("Back up now"), self._backup), (self.tr("Restore from a backup…"), self._restore)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            column.addWidget(button)
        column.addStretch(1)
        return page

    def _open(self) -> None:
        name = dialogs.open_file_name(self, self.tr("Open database"), last_folder("database"),
                                      self.tr("ReviewDesk database (*.sqlite3 *.db);;All files (*)"))
        if name:
            remember_folder("database", Path(name))
            self.reopen = Path(name)
            self.accept()

    def _new(self) -> None:
        name = dialogs.save_file_name(self, self.tr("New database"), last_folder("database"),
                                      self.tr("ReviewDesk database (*.sqlite3)"))
        if name:
            path = Path(name if name.endswith((".sqlite3", ".db")) else name + ".sqlite3")
            if path.exists():
                dialogs.inform(self, self.tr("{path} exists already; choose a new name.").format(path=path))
                return
            self.reopen = path
            self.accept()

    def _backup(self) -> None:
        try:
            copy = store.maintenance.backup()
        except (ReviewDeskError, OSError) as exc:
            dialogs.show_error(self, exc, self.lang)
            return
        dialogs.offer_folder(self, self.tr("Backed up to {path}").format(path=copy), copy)

    def _restore(self) -> None:
        current = store.current_path()
        name = dialogs.open_file_name(self, self.tr("Restore from a backup"), str(current.parent),
                                      self.tr("Backups (*.bak*.sqlite3 *.sqlite3 *.db)"))
        if not name or not dialogs.confirm(self, self.tr(
                "Replace the current database by this backup? Its present content is backed up first.")):
            return
        try:
            store.maintenance.restore(Path(name))  # checks it is a sound ReviewDesk database, keeps a safety copy
        except (ReviewDeskError, OSError) as exc:
            dialogs.show_error(self, exc, self.lang)
        self.reopen = current
        self.accept()

    # --- departments and people ---
    def _table(self, headers: list[str]) -> QTableWidget:
        table = QTableWidget(0, len(headers))
        table.setHorizontalHeaderLabels(headers)
        table.verticalHeader().setVisible(False)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        return table

    def _buttons(self, table: QTableWidget, save, delete) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        add = QPushButton(self.tr("Add"))
        add.clicked.connect(lambda: table.insertRow(table.rowCount()))
        save_button, delete_button = QPushButton(self.tr("Save changes")), QPushButton(self.tr("Delete selected"))
        save_button.clicked.connect(save)
        delete_button.clicked.connect(delete)
        for b in (add, save_button, delete_button):
            row.addWidget(b)
        row.addStretch(1)
        return box

    @staticmethod
    def _cell(table: QTableWidget, row: int, column: int) -> str:
        widget = table.cellWidget(row, column)
        if isinstance(widget, QComboBox):
            return widget.currentData() or ""
        item = table.item(row, column)
        return item.text().strip() if item else ""

    def _departments(self) -> QWidget:
        art = REFERENCE_DATA["department"]
        self.departments = self._table([art.code_label(self.lang), *(f.label(self.lang) for f in art.fields)])
        self.departments.setObjectName("settings_departments")
        self._fill_departments()
        page = QWidget()
        column = QVBoxLayout(page)
        column.addWidget(self.departments)
        column.addWidget(self._buttons(self.departments, self._save_departments, self._delete_department))
        return page

    def _fill_departments(self) -> None:
        rows = store.reference.departments()
        self.departments.setRowCount(len(rows))
        for r, d in enumerate(rows):
            for c, key in enumerate(("code", "name_zh", "name_en")):
                self.departments.setItem(r, c, QTableWidgetItem(d[key]))

    def _save_departments(self) -> None:
        try:
            for r in range(self.departments.rowCount()):
                code, zh, en = (self._cell(self.departments, r, c) for c in range(3))
                if code or zh or en:
                    store.reference.save_department(code, zh, en, who=user_name())
        except ReviewDeskError as exc:
            dialogs.show_error(self, exc, self.lang)
        self._fill_departments()

    def _delete_department(self) -> None:
        code = self._cell(self.departments, self.departments.currentRow(), 0)
        if code and dialogs.confirm(self, self.tr("Delete department {name}?").format(name=code)):
            try:
                store.reference.delete_department(code, who=user_name())
            except ReviewDeskError as exc:
                dialogs.show_error(self, exc, self.lang)
            self._fill_departments()

    def _people(self) -> QWidget:
        art = REFERENCE_DATA["person"]
        self.people = self._table([art.code_label(self.lang), *(f.label(self.lang) for f in art.fields)])
        self.people.setObjectName("settings_people")
        self._fill_people()
        page = QWidget()
        column = QVBoxLayout(page)
        column.addWidget(self.people)
        add_row = self._buttons(self.people, self._save_people, self._delete_person)
        column.addWidget(add_row)
        self.people.model().rowsInserted.connect(lambda _p, first, last: [self._person_row(r, None) for r in
                                                                          range(first, last + 1)])
        return page

    def _person_row(self, r: int, person: dict | None) -> None:
        lookups = store.Lookups()
        role_field = REFERENCE_DATA["person"].field("role")
        dept, role = QComboBox(), QComboBox()
        for code in lookups.department_labels:
            dept.addItem(lookups.department_label(code, self.lang), code)
        for c in role_field.choices:
            role.addItem(c.label(self.lang), c.key)
        if person:
            self.people.setItem(r, 0, QTableWidgetItem(person["name"]))
            dept.setCurrentIndex(max(dept.findData(person["department"]), 0))
            role.setCurrentIndex(max(role.findData(person["role"]), 0))
        self.people.setCellWidget(r, 1, dept)
        self.people.setCellWidget(r, 2, role)

    def _fill_people(self) -> None:
        rows = store.reference.people()
        self.people.blockSignals(True)
        self.people.setRowCount(0)
        self.people.setRowCount(len(rows))
        self.people.blockSignals(False)
        for r, p in enumerate(rows):
            self._person_row(r, p)

    def _save_people(self) -> None:
        try:
            for r in range(self.people.rowCount()):
                name, dept, role = (self._cell(self.people, r, c) for c in range(3))
                if name:
                    store.reference.save_person(name, dept, role or None, who=user_name())
        except ReviewDeskError as exc:
            dialogs.show_error(self, exc, self.lang)
        self._fill_people()

    def _delete_person(self) -> None:
        name = self._cell(self.people, self.people.currentRow(), 0)
        if name and dialogs.confirm(self, self.tr("Delete {name}?").format(name=name)):
            try:
                store.reference.delete_person(name, who=user_name())
            except ReviewDeskError as exc:
                dialogs.show_error(self, exc, self.lang)
            self._fill_people()
