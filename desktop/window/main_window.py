"""The main window: navigation with counts, the pages, menus with shortcuts, undo/redo, drops and remembered state."""
from __future__ import annotations

import getpass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (QLabel, QListWidget, QListWidgetItem, QMainWindow, QSplitter, QStackedWidget,
                               QStyle, QToolBar, QWidget)

from reviewdesk import store
from reviewdesk.templates import ARTEFACTS, MEETING, WORKBOOK_ARTEFACTS, ReviewDeskError

from reviewdesk.desktop.window import dialogs, i18n, team_login
from reviewdesk.desktop.window.artefact_page import ArtefactPage
from reviewdesk.desktop.window.audit_pages import AuditPage, HistoryDialog, ImportHistoryPage, count_batches
from reviewdesk.desktop.window.live import LiveUpdates
from reviewdesk.desktop.window.record_editor import RecordEditor
from reviewdesk.desktop.window.undo import ChangeCommand

DASHBOARD, IMPORTS, AUDIT = "dashboard", "imports", "audit"
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
KEY = Qt.ItemDataRole.UserRole


def user_name() -> str:
    return str(QSettings().value("user/name", "") or "") or getpass.getuser()


class MainWindow(QMainWindow):
    def __init__(self, db_path: str | Path, lang: str = "zh"):
        super().__init__()
        self.db_path = store.resolve_path(db_path)  # a file's path, or a team database's URL as it is
        self.lang = lang
        self.undo_stack = QUndoStack(self)
        self.pages: dict[str, QWidget] = {}
        self.setAcceptDrops(True)
        self.setWindowIcon(i18n.app_icon())
        self.status = QLabel()
        self.statusBar().addWidget(self.status, 1)
        self._build()
        settings = QSettings()
        geometry = settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)
        self.show_page(str(settings.value("window/page", DASHBOARD) or DASHBOARD))
        self.live: LiveUpdates | None = None
        self.edit_sessions: list = []  # (EditSession, its dock, its panel), this run's
        self.stale_pages: set[str] = set()  # pages others' changes reached while hidden: read again when shown
        self.start_live_updates()
        self._opened()

    # --- building (again, when the language changes) ---
    def _build(self) -> None:
        self.setWindowTitle(self.tr("ReviewDesk") + " — " + self.database_name())
        self.menuBar().clear()
        for bar in self.findChildren(QToolBar):
            self.removeToolBar(bar)
            bar.deleteLater()
        self._actions()
        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setMinimumWidth(170)
        self.navigation.setStyleSheet("QListWidget { font-size: 14px; } QListWidget::item { padding: 6px 8px; }")
        self.page_order = (DASHBOARD, *WORKBOOK_ARTEFACTS, MEETING.key, IMPORTS, AUDIT)  # the navigation's order
        for key in self.page_order:
            item = QListWidgetItem()
            item.setData(KEY, key)
            self.navigation.addItem(item)
        self.stack = QStackedWidget()
        self.pages = {}
        self.splitter = QSplitter()
        self.splitter.addWidget(self.navigation)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        state = QSettings().value("window/splitter")
        if state is not None:
            self.splitter.restoreState(state)
        else:
            self.splitter.setSizes([200, 1080])
        self.setCentralWidget(self.splitter)
        self.update_counts()
        self.navigation.currentItemChanged.connect(lambda item, _: item and self._show(item.data(KEY)))

    def _action(self, text: str, slot, shortcut: Any = None, name: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda checked=False: slot())
        action.setObjectName(name)
        return action

    def _actions(self) -> None:
        S = QKeySequence.StandardKey
        self.act_new = self._action(self.tr("&New record"), self.new_record, S.New, "new")
        self.act_duplicate = self._action(self.tr("D&uplicate"), self.duplicate_record, "Ctrl+D", "duplicate")
        self.act_edit = self._action(self.tr("&Edit…"), self.edit_record, "Ctrl+E", "edit")
        self.act_delete = self._action(self.tr("&Delete"), self.delete_record, S.Delete, "delete")
        self.act_history = self._action(self.tr("&History"), self.show_history, "Ctrl+H", "history")
        self.act_undo = self.undo_stack.createUndoAction(self, self.tr("&Undo"))
        self.act_undo.setShortcuts([QKeySequence(S.Undo)])
        self.act_redo = self.undo_stack.createRedoAction(self, self.tr("&Redo"))
        self.act_redo.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence(S.Redo)])
        self.act_find = self._action(self.tr("&Find"), self.focus_search, S.Find, "find")
        self.act_filter = self._action(self.tr("Fi&lter…"), self.edit_filters, "Ctrl+L", "filter")
        self.act_refresh = self._action(self.tr("&Refresh"), self.refresh, S.Refresh, "refresh")
        self.act_export = self._action(self.tr("&Export workbook…"), self.export_workbook, "Ctrl+Shift+E", "export")
        self.act_import = self._action(self.tr("&Import workbooks…"), self.import_workbooks, "Ctrl+I", "import")
        self.act_pack = self._action(self.tr("Export review &pack…"), self.export_pack, "Ctrl+Shift+P", "pack")
        self.act_send_round = self._action(self.tr("Sen&d to departments…"), self.send_round, None, "send_round")
        self.act_round_status = self._action(self.tr("Round s&tatus…"), self.show_round_status, None, "round_status")
        self.act_excel = self._action(self.tr("Edit in E&xcel"), self.edit_in_excel, "Ctrl+Shift+X", "edit_in_excel")
        self.act_feedback = self._action(self.tr("&Customer feedback report…"), self.feedback_report, None,
                                         "feedback_report")
        self.act_settings = self._action(self.tr("&Settings…"), self.open_settings, S.Preferences, "settings")
        self.act_quit = self._action(self.tr("&Quit"), self.close, S.Quit, "quit")
        self.act_about = self._action(self.tr("&About ReviewDesk"), self.about, None, "about")
        self.act_zh = self._action("中文", lambda: self.set_language("zh"), None, "lang_zh")
        self.act_en = self._action("English", lambda: self.set_language("en"), None, "lang_en")
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        for action in (self.act_import, self.act_export, self.act_pack, self.act_send_round, self.act_round_status):
            file_menu.addAction(action)
        self.sessions_menu = file_menu.addMenu(self.tr("Editing sessions"))
        self.sessions_menu.aboutToShow.connect(self._list_sessions)
        file_menu.addSeparator()
        file_menu.addAction(self.act_settings)
        file_menu.addSeparator()
        file_menu.addAction(self.act_quit)
        edit_menu = bar.addMenu(self.tr("&Edit"))
        for action in (self.act_undo, self.act_redo, None, self.act_new, self.act_duplicate, self.act_edit,
                       self.act_delete, self.act_history, None, self.act_find, self.act_filter, None, self.act_excel):
            edit_menu.addSeparator() if action is None else edit_menu.addAction(action)
        view_menu = bar.addMenu(self.tr("&View"))
        view_menu.addAction(self.act_refresh)
        language = view_menu.addMenu(self.tr("&Language"))
        language.addAction(self.act_zh)
        language.addAction(self.act_en)
        reports_menu = bar.addMenu(self.tr("&Reports"))
        reports_menu.addAction(self.act_feedback)
        help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.addAction(self.act_about)
        toolbar = QToolBar(self.tr("Main"))
        toolbar.setObjectName("main_toolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.setIconSize(QSize(16, 16))
        P = QStyle.StandardPixmap
        for action, icon in ((self.act_new, P.SP_FileIcon), (self.act_duplicate, P.SP_FileLinkIcon),
                             (self.act_edit, P.SP_FileDialogDetailedView), (self.act_delete, P.SP_TrashIcon),
                             (self.act_history, P.SP_FileDialogInfoView), (self.act_undo, P.SP_ArrowBack),
                             (self.act_redo, P.SP_ArrowForward), (self.act_import, P.SP_DialogOpenButton),
                             (self.act_export, P.SP_DialogSaveButton), (self.act_pack, P.SP_DirIcon),
                             (self.act_settings, P.SP_FileDialogListView)):
            action.setIcon(self.style().standardIcon(icon))
        for action in (self.act_new, self.act_duplicate, self.act_edit, self.act_delete, self.act_history, None,
                       self.act_undo, self.act_redo, None, self.act_excel, self.act_import, self.act_export,
                       self.act_pack, None, self.act_settings):
            toolbar.addSeparator() if action is None else toolbar.addAction(action)
        self.addToolBar(toolbar)

    # --- navigation ---
    def page_label(self, key: str) -> str:
        if key == DASHBOARD:
            return self.tr("Dashboard")
        if key == IMPORTS:
            return self.tr("Import history")
        if key == AUDIT:
            return self.tr("Audit log")
        return ARTEFACTS[key].sheet(self.lang)

    def update_counts(self) -> None:
        """Navigation labels with their counts (plain COUNT queries: fast even on 100,000 rows)."""
        counts = {key: store.count_records(key) for key in ARTEFACTS}
        counts[IMPORTS] = count_batches()
        for row in range(self.navigation.count()):
            item = self.navigation.item(row)
            key = item.data(KEY)
            count = counts.get(key)
            item.setText(self.page_label(key) + (f"  ({count:,})" if count is not None else ""))

    def show_page(self, key: str) -> None:
        key = key if key in self.page_order else DASHBOARD
        self.navigation.setCurrentRow(self.page_order.index(key))

    def _page(self, key: str) -> QWidget:
        page = self.pages.get(key)
        if page is None:
            if key == DASHBOARD:
                from reviewdesk.desktop.window.dashboard import Dashboard
                page = Dashboard(self.lang, self)
                page.open_filtered.connect(self.open_filtered)
                page.open_meeting.connect(self.open_meeting)
            elif key == IMPORTS:
                page = ImportHistoryPage(self.lang, self)
                page.undo_requested.connect(self.undo_import)
                page.import_requested.connect(self.import_workbooks)
            elif key == AUDIT:
                page = AuditPage(self.lang, self)
            else:
                page = ArtefactPage(key, self.lang, self)
                page.open_record.connect(lambda code: self.edit_record(code))
                if key == MEETING.key:
                    page.add_buttons([self.act_send_round, self.act_round_status])
                page.conditions_changed.connect(self._status_for_page)
            self.pages[key] = page
            self.stack.addWidget(page)
        return page

    def _show(self, key: str) -> None:
        page = self._page(key)
        if key in getattr(self, "stale_pages", ()):
            self.stale_pages.discard(key)
            page.refresh()
        self.stack.setCurrentWidget(page)
        QSettings().setValue("window/page", key)
        is_table = isinstance(page, ArtefactPage)
        for action in (self.act_new, self.act_duplicate, self.act_edit, self.act_delete, self.act_history,
                       self.act_find, self.act_filter):
            action.setEnabled(is_table)
        self.act_excel.setEnabled(is_table and key in WORKBOOK_ARTEFACTS)
        for action in (self.act_pack, self.act_send_round, self.act_round_status):
            action.setEnabled(key == MEETING.key)
        self._status_for_page()

    # --- other people's changes ---
    def start_live_updates(self) -> None:
        """Watch the open database for others' changes (again after reopening another one)."""
        if self.live is not None:
            self.live.stop()
        try:
            self.live = LiveUpdates(self, on_error=self._live_lost)
        except Exception as exc:  # noqa: BLE001 - the window works without it, refreshed by hand (F5)
            self._live_lost(exc)
            return
        self.live.changed.connect(self.others_changed)

    def _live_lost(self, exc: Exception) -> None:
        self.live = None
        self.statusBar().showMessage(self.tr("Other people's changes are no longer shown as they happen ({reason}); "
                                             "press F5 to refresh.").format(reason=getattr(
                                                 exc, "message", lambda lang: str(exc))(self.lang)))

    def others_changed(self, changes: store.watch.Changes) -> None:
        """Redraw what others changed: the tables' changed rows (or every row, when a figure gathered from another
        artefact moved), the counts, the visible summary page, mark open editors whose record was saved, and redraw
        the gathered figures of open editors (a target's, when its readings changed)."""
        shown = self.current_page()
        for key, page in self.pages.items():
            if isinstance(page, ArtefactPage):
                gathered_from = {f.gathered.artefact for f in page.art.gathered_fields}
                if changes.reference or gathered_from & set(changes.records):
                    page.follow_changes(None)
                elif key in changes.records:
                    page.follow_changes(changes.records[key])
            elif page is shown:
                page.refresh()
            else:
                self.stale_pages.add(key)
        self.update_counts()
        self._status_for_page()
        for code in changes.codes():
            editor = RecordEditor.showing.get(code)
            if editor is not None:
                editor.changed_elsewhere(*changes.last_by[code])
        for editor in list(RecordEditor.showing.values()):  # a target's figures when its readings changed
            if editor.gathered_from() & set(changes.records):
                editor.follow_gathered()

    def database_name(self) -> str:
        """The database in use as a person tells it: a file's path, or the account and the team database."""
        if store.is_server(self.db_path):
            return f"{store.account()}@{store.ServerAddress.from_url(self.db_path).server}"
        return str(self.db_path)

    def database_status(self) -> str:
        """Who works on which database: a team database's account is the one its audit log records; a file's
        user is the name given in the settings."""
        if store.is_server(self.db_path):
            server = store.ServerAddress.from_url(self.db_path).server
            return (self.tr("Account: {account}").format(account=store.account()) + "   ·   "
                    + self.tr("Team database: {server}").format(server=server))
        where = self.tr("Database: {path}").format(path=self.db_path)
        if store.network_warning() is not None:
            where += self.tr(" (on a network drive)")
        return self.tr("User: {name}").format(name=user_name()) + "   ·   " + where

    def _status_for_page(self) -> None:
        page = self.current_page()
        self.status.setText(self.database_status())
        if isinstance(page, ArtefactPage):
            self.status.setText(f"{page.art.label(self.lang)}: {page.caption.text()}   ·   " + self.status.text())

    def current_page(self) -> QWidget | None:
        return self.stack.currentWidget()

    def table_page(self) -> ArtefactPage | None:
        page = self.current_page()
        return page if isinstance(page, ArtefactPage) else None

    def open_filtered(self, art_key: str, filters: dict, ranges: dict | None = None) -> None:
        """From the dashboard to the table with the figure's conditions."""
        self.show_page(art_key)
        page = self._page(art_key)
        page.clear_filters()
        page.set_filters(filters, ranges or {})

    def open_meeting(self, code: str) -> None:
        """From the dashboard's round to the meeting's row on the meetings page."""
        self.open_filtered(MEETING.key, {}, {})
        self._page(MEETING.key).select_code(code)

    # --- records ---
    def _push(self, change: store.Change) -> None:
        self.undo_stack.push(ChangeCommand(change, who=user_name, lang=self.lang,
                                           on_error=lambda exc: dialogs.show_error(self, exc, self.lang),
                                           on_changed=self.record_changed))
        self.record_changed(change.code)

    def record_changed(self, code: str) -> None:
        page = self.table_page()
        if page is not None:
            page.refresh(code)
        for key, other in self.pages.items():
            if other is not page and hasattr(other, "refresh") and not isinstance(other, ArtefactPage):
                other.refresh()
            elif isinstance(other, ArtefactPage) and other is not page:
                other.model.refresh()
        self.update_counts()

    def editor(self, art_key: str, record: dict | None = None, initial: dict | None = None) -> RecordEditor:
        editor = RecordEditor(art_key, record, lang=self.lang, who=user_name(), initial=initial, parent=self)
        editor.other_change.connect(self._push)  # a reading added in a target's editor: undone like any change
        return editor

    def _run_editor(self, editor: RecordEditor) -> None:
        self.last_editor = editor
        if not editor.exec():
            return
        if editor.change is None and not editor.made:  # saved, but its connection broke before the change came
            self.record_changed(editor.record["code"] if editor.record else None)  # back: read it again
            return
        done = [c for c in (editor.change, *editor.made) if c is not None and c.fields]
        if len(done) > 1:  # a meeting saved with the actions its decisions ask for: one step to undo
            self.undo_stack.beginMacro(self.tr("Decisions and actions of {code}").format(code=done[0].code))
        for change in done:
            self._push(change)
        if len(done) > 1:
            self.undo_stack.endMacro()

    def new_record(self) -> None:
        page = self.table_page()
        if page is not None:
            self._run_editor(self.editor(page.art.key))

    def duplicate_record(self) -> None:
        page = self.table_page()
        record = page.current_record() if page else None
        if record is None:
            return
        initial = {f.key: record.get(f.key) for f in page.art.input_fields}
        self._run_editor(self.editor(page.art.key, initial=initial))

    def edit_record(self, code: str | None = None) -> None:
        page = self.table_page()
        code = code or (page.current_code() if page else None)
        if not code or RecordEditor.bring_forward(code):  # one editor per record: a second request raises it
            return
        try:
            record = store.get_record(code)
        except ReviewDeskError as exc:
            dialogs.show_error(self, exc, self.lang)
            return
        self._run_editor(self.editor(page.art.key if page else record["code"], record))

    def delete_record(self) -> None:
        page = self.table_page()
        record = page.current_record() if page else None
        if record is None:
            return
        if not dialogs.confirm(self, self.tr("Delete {code}? You can undo this with Ctrl+Z.").format(
                code=record["code"])):
            return
        try:
            change = store.delete(record["code"], who=user_name(), expected_revision=record["revision"])
        except ReviewDeskError as exc:
            dialogs.show_error(self, exc, self.lang)
            return
        self._push(change)

    def show_history(self) -> None:
        page = self.table_page()
        code = page.current_code() if page else None
        if code:
            HistoryDialog(code, self.lang, self).exec()

    def focus_search(self) -> None:
        page = self.table_page()
        if page is not None:
            page.search.setFocus()
            page.search.selectAll()

    def edit_filters(self) -> None:
        page = self.table_page()
        if page is not None:
            page.edit_filters()

    def refresh(self) -> None:
        for page in self.pages.values():
            page.refresh()
        self.update_counts()

    # --- Excel, Word, imports ---
    def edit_in_excel(self) -> None:
        """The table's records (only those it shows, when searched or filtered) in the spreadsheet program, each save
        shown as a plan in a panel beside the table."""
        from reviewdesk.desktop.window.jobs import run_job
        from reviewdesk.exporters.returns.session import EditSession

        page = self.table_page()
        if page is None or page.art.key not in WORKBOOK_ARTEFACTS:
            return
        art_key, lang, conditions = page.art.key, self.lang, page.model.conditions()
        shown = conditions if any(conditions.values()) else None
        department = store.accounts.my_department()  # a team database's member or lead: its rows and columns
        run_job(self, self.tr("Writing the workbook…"),
                lambda progress: EditSession(art_key, lang=lang, shown=shown, department=department), lang=lang,
                on_done=self._editing)

    def _editing(self, session) -> None:
        from PySide6.QtWidgets import QDockWidget

        from reviewdesk.desktop.window.edit_panel import EditPanel

        dialogs.open_in_spreadsheet(session.path)
        panel = EditPanel(session, self.lang, user_name(), self)
        panel.setWindowFlags(Qt.WindowType.Widget)
        dock = QDockWidget(self.tr("Edit in Excel — {file}").format(file=session.path.name), self)
        dock.setObjectName(f"edit_{session.path.stem}")
        dock.setWidget(panel)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        self.resizeDocks([dock], [max(620, self.width() * 2 // 5)], Qt.Orientation.Horizontal)  # old → new readable
        dock.show()
        panel.applied_batch.connect(lambda batch: self.refresh())
        panel.finished.connect(lambda result: dock.hide())
        self.edit_sessions.append((session, dock, panel))

    def _list_sessions(self) -> None:
        """File → Editing sessions: each workbook being (or having been) edited this run; a click shows its panel."""
        self.sessions_menu.clear()
        if not self.edit_sessions:
            self.sessions_menu.addAction(self.tr("None yet: Edit → Edit in Excel")).setEnabled(False)
        for session, dock, panel in self.edit_sessions:
            action = self.sessions_menu.addAction(session.path.name)
            action.triggered.connect(lambda checked=False, d=dock, p=panel: self._resume(d, p))

    def _resume(self, dock, panel) -> None:
        panel.timer.start()
        dock.show()
        dialogs.open_in_spreadsheet(panel.session.path)

    def export_workbook(self) -> None:
        from reviewdesk.desktop.window.export_dialog import ExportDialog

        page = self.table_page()
        ExportDialog(self.lang, self, current=page.art.key if page else None,
                     shown=page.model.conditions() if page else None, shown_rows=page.model.total if page else 0).exec()

    def current_meeting(self) -> str | None:
        """The meeting chosen in the meetings table (None, after saying so, when there is none)."""
        page = self.table_page()
        code = page.current_code() if page and page.art is MEETING else None
        if code is None:
            dialogs.inform(self, self.tr("Choose a meeting in the meetings table first."))
        return code

    def export_pack(self) -> None:
        from reviewdesk.desktop.window.export_dialog import export_pack

        code = self.current_meeting()
        if code is not None:
            export_pack(self, code, self.lang)

    def send_round(self) -> None:
        """Send to departments…: the workbooks and e-mail drafts of the chosen meeting, then its round's status."""
        from reviewdesk.desktop.window.round_dialogs import SendRoundDialog

        code = self.current_meeting()
        if code is None:
            return
        self.last_dialog = SendRoundDialog(code, self.lang, user_name(), self)
        if self.last_dialog.exec():
            self.show_round_status(code)

    def show_round_status(self, code: str | None = None) -> None:
        """Round status…: each department of the chosen meeting's round, with Remind…."""
        from reviewdesk.desktop.window.round_dialogs import RoundStatusDialog

        code = code or self.current_meeting()
        if code is not None:
            self.last_dialog = RoundStatusDialog(code, self.lang, self)
            self.last_dialog.exec()

    def feedback_report(self) -> None:
        from reviewdesk.desktop.window.report_dialog import feedback_report

        feedback_report(self, self.lang)

    def bring_forward(self, files: list[str]) -> None:
        """A second start of ReviewDesk: come to the front; with workbooks, open the import wizard with them (or add
        them to the wizard already open)."""
        if self.isMinimized():
            self.showNormal()
        self.raise_()
        self.activateWindow()
        if not files:
            return
        wizard = getattr(self, "last_wizard", None)
        if wizard is not None and wizard.isVisible():
            wizard.add_paths(files)
            wizard.raise_()
            wizard.activateWindow()
        else:
            QTimer.singleShot(0, lambda: self.import_workbooks(files))

    def import_workbooks(self, paths: list[str] | None = None) -> None:
        from reviewdesk.desktop.window.import_wizard import ImportWizard

        wizard = ImportWizard(self.lang, user_name(), self, paths=paths)
        self.last_wizard = wizard
        wizard.exec()
        if wizard.batch is not None:
            self.refresh()

    def undo_import(self, batch: int) -> None:
        if not dialogs.confirm(self, self.tr("Undo import batch {batch}?").format(batch=batch)):
            return
        try:
            result = store.undo_import(batch, who=user_name())
        except store.ChangedSinceImport as changed:
            lines = "\n".join(c.line(self.lang) for c in changed.changed[:15])
            if not dialogs.confirm(self, self.tr("Some of what import batch {batch} changed was changed again since:\n\n"
                                                 "{lines}\n\nUndo everything else and keep these as they are?")
                                   .format(batch=batch, lines=lines)):
                return
            result = store.undo_import(batch, who=user_name(), except_changed=True)
        except ReviewDeskError as exc:
            dialogs.show_error(self, exc, self.lang)
            return
        dialogs.inform(self, self.tr("Import batch {batch} undone: {restored} record(s) restored, {removed} removed.")
                       .format(batch=batch, restored=result.restored, removed=result.removed)
                       + (self.tr(" {kept} change(s) made since were kept.").format(kept=len(result.kept))
                          if result.kept else ""))
        self.refresh()

    def dragEnterEvent(self, event) -> None:
        if any(u.toLocalFile().lower().endswith(WORKBOOK_SUFFIXES) for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.toLocalFile().lower().endswith(WORKBOOK_SUFFIXES)]
        if paths:
            event.acceptProposedAction()
            QTimer.singleShot(0, lambda: self.import_workbooks(paths))

    # --- settings, language, about ---
    def open_settings(self) -> None:
        from reviewdesk.desktop.window.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.lang, self)
        dialog.exec()
        if dialog.reopen is not None:
            self.reopen(dialog.reopen)
        else:
            self.refresh()

    def reopen(self, path: Path | str) -> None:
        """Work on another database from now on: a file, or a team database (its password asked if need be); back
        on the one before when it cannot be opened."""
        try:
            store.close()
            self.db_path = team_login.open_database(self, path)
        except ReviewDeskError as exc:
            dialogs.show_error(self, exc, self.lang)
            self.db_path = team_login.open_database(self, self.db_path)
        QSettings().setValue("database/path", str(self.db_path))
        self.undo_stack.clear()
        self._rebuild()
        self.start_live_updates()
        self._opened()

    def _opened(self) -> None:
        """Once each time a database is opened: a team database's URL is remembered for the settings' form (never a
        password), and a file on a network drive is said at once."""
        if store.is_server(self.db_path):
            QSettings().setValue("database/team", str(self.db_path))
        warning = store.network_warning(self.lang)
        if warning is not None:
            self.network_notice = dialogs.notice(self, warning)

    def set_language(self, lang: str) -> None:
        if lang == self.lang:
            return
        i18n.install(lang)
        QSettings().setValue("ui/language", lang)
        self.lang = lang
        self._rebuild()

    def _rebuild(self) -> None:
        current = self.navigation.currentItem().data(KEY) if self.navigation.currentItem() else DASHBOARD
        self.save_state()
        old = self.centralWidget()
        self._build()
        if old is not None:
            old.deleteLater()
        self.show_page(current)

    def about(self) -> None:
        from reviewdesk import __version__

        dialogs.inform(self, self.tr("ReviewDesk {version}\n\nReviews of customer-service process optimisation: "
                                     "issues, targets, plans, collaboration requests and callbacks, with Excel and "
                                     "Word review packs.\n\nDatabase: {path}").format(version=__version__,
                                                                                      path=self.database_name()))

    def save_state(self) -> None:
        settings = QSettings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/splitter", self.splitter.saveState())
        for page in self.pages.values():
            if isinstance(page, ArtefactPage):
                page.save_columns()

    def closeEvent(self, event) -> None:
        if self.live is not None:
            self.live.stop()
        self.save_state()
        super().closeEvent(event)
