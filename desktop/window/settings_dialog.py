"""Settings: the user's name, the base Word template, the database (a file: open, new, back up, restore; or a team
database: connect, test the connection), departments and people."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QGroupBox,
                               QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QSpinBox, QTableWidget,
                               QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget)

from reviewdesk import store
from reviewdesk.templates import REFERENCE_DATA, ReviewDeskError

from reviewdesk.desktop.window import dialogs, jobs, passwords, team_login
from reviewdesk.desktop.window.export_dialog import WORD_TEMPLATE_KEY, last_folder, remember_folder
from reviewdesk.desktop.window.main_window import user_name


class SettingsDialog(QDialog):
    def __init__(self, lang: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.lang = lang
        self.reopen: Path | str | None = None  # the file or team database's URL to work on from now on
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
        window = self.parent()
        location = getattr(window, "db_path", None) or store.current_path()
        team = store.is_server(location)
        if team:
            current = QLabel(self.tr("Current database: the team database {server}, account {account}").format(
                server=store.ServerAddress.from_url(location).server, account=store.account()))
        else:
            current = QLabel(self.tr("Current database: {path}").format(path=location))
        current.setObjectName("settings_current_database")
        current.setWordWrap(True)
        current.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addWidget(current)
        files = QGroupBox(self.tr("Database file on this computer"))
        row = QHBoxLayout(files)
        for text, slot, name in ((self.tr("Open another database…"), self._open, "open"),
                                 (self.tr("Create a new database…"), self._new, "new"),
                                 (self.tr("Back up now"), self._backup, "backup"),
                                 (self.tr("Restore from a backup…"), self._restore, "restore")):
            button = QPushButton(text)
            button.setObjectName(f"settings_{name}_database")
            button.clicked.connect(slot)
            if team and name in ("backup", "restore"):  # a team database is IT's to back up (pg_dump)
                button.setEnabled(False)
                button.setToolTip(self.tr("A team database is backed up by IT on its server."))
            row.addWidget(button)
        row.addStretch(1)
        column.addWidget(files)
        column.addWidget(self._team_group())
        column.addStretch(1)
        return page

    def _team_group(self) -> QGroupBox:
        """Host, port, database and account of a team database, a test of the connection, and connecting."""
        group = QGroupBox(self.tr("Connect to a team database"))
        group.setObjectName("settings_team")
        remembered = QSettings().value("database/team")
        known = store.ServerAddress.from_url(str(remembered)) if remembered else None
        self.team_host = QLineEdit(known.host if known else "")
        self.team_host.setPlaceholderText(self.tr("e.g. db.example.com"))
        self.team_port = QSpinBox()
        self.team_port.setRange(1, 65535)
        self.team_port.setValue(known.port if known else store.ServerAddress.DEFAULT_PORT)
        self.team_database = QLineEdit(known.dbname if known else "")
        self.team_database.setPlaceholderText(self.tr("e.g. review"))
        self.team_user = QLineEdit(known.user if known else "")
        self.team_user.setPlaceholderText(self.tr("the login IT made for you"))
        for name, widget in (("host", self.team_host), ("port", self.team_port), ("database", self.team_database),
                             ("user", self.team_user)):
            widget.setObjectName(f"team_{name}")
        server = QHBoxLayout()
        server.addWidget(self.team_host, 1)
        server.addWidget(QLabel(self.tr("Port")))
        server.addWidget(self.team_port)
        form = QFormLayout()
        form.addRow(self.tr("Server"), server)
        form.addRow(self.tr("Database"), self.team_database)
        form.addRow(self.tr("Account"), self.team_user)
        hint = QLabel(self.tr("The password is not typed here: ReviewDesk asks for it when it first connects and keeps "
                              "it in the system's keyring."))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: palette(placeholder-text);")
        test, connect = QPushButton(self.tr("Test connection")), QPushButton(self.tr("Connect"))
        test.setObjectName("team_test")
        connect.setObjectName("team_connect")
        test.clicked.connect(lambda: self._test_team())
        connect.clicked.connect(self._connect_team)
        buttons = QHBoxLayout()
        buttons.addWidget(test)
        buttons.addWidget(connect)
        buttons.addStretch(1)
        self.team_result = QLabel()
        self.team_result.setObjectName("team_result")
        self.team_result.setWordWrap(True)
        self.team_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column = QVBoxLayout(group)
        column.addLayout(form)
        column.addWidget(hint)
        column.addLayout(buttons)
        column.addWidget(self.team_result)
        return group

    def _typed_team(self) -> store.ServerAddress | None:
        """The team database the form names, or None after saying what is wrong with it."""
        try:
            return store.ServerAddress.from_fields(self.team_host.text(), self.team_port.value(),
                                                   self.team_database.text(), self.team_user.text())
        except ReviewDeskError as exc:
            self.team_result.setText(exc.message(self.lang))
            return None

    def _test_team(self, password: str | None = None, typed: bool = False) -> None:
        """Connect on a pool thread (the window stays responsive) and say what was found or why not; a password
        the server wants is asked here, on the GUI thread, and the test runs again with it."""
        address = self._typed_team()
        if address is None:
            return
        if not typed:
            password = passwords.stored(address.login)
        self.team_result.setText(self.tr("Connecting to {server}…").format(server=address.server))

        def found(result: store.ServerFound) -> None:
            if typed:
                passwords.keep(address.login, password)
            self.team_result.setText(result.summary(self.lang))

        def failed(exc: BaseException) -> None:
            if isinstance(exc, store.PasswordRefused):
                again = team_login.next_password(self, exc, password)
                if again is not None:
                    self._test_team(again, typed=True)
                    return
            self.team_result.setText(dialogs.error_text(exc, self.lang))

        self.team_job = jobs.run_job(self, self.tr("Test connection"), lambda progress: store.probe_server(
            address.url, password), lang=self.lang, on_done=found, on_failed=failed, cancellable=False)

    def _connect_team(self) -> None:
        """Work on the team database from now on: the window reopens on its URL as it does on another file."""
        address = self._typed_team()
        if address is not None:
            self.reopen = address.url
            self.accept()

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
