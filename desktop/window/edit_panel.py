"""在 Excel 中编辑 / Edit in Excel in the window: the import wizard's plan view in a panel beside the table, fed by
each completed save of the session's workbook, planned off the GUI thread; Apply writes one import batch."""
from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QPushButton, QWidget

from reviewdesk import store
from reviewdesk.exporters.returns.session import EditSession

from reviewdesk.desktop.window import dialogs
from reviewdesk.desktop.window.import_wizard import ImportWizard
from reviewdesk.desktop.window.jobs import run_job

POLL_MS = 300  # how often the workbook's size and time are looked at (a stat: cheap)


class EditPanel(ImportWizard):
    """One edit session: waits for saves, shows each one's plan, applies it on Apply; `applied` tells the window."""

    applied_batch = Signal(int)

    def __init__(self, session: EditSession, lang: str, who: str, parent: QWidget | None = None):
        self.session = session
        super().__init__(lang, who, parent)
        self.setAcceptDrops(False)  # one workbook, the session's
        self.setWindowTitle(self.tr("Edit in Excel — {file}").format(file=session.path.name))
        self.summary.setText(self.tr("Waiting for you to save the workbook in your spreadsheet program…"))
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.poll)
        self.timer.start(POLL_MS)

    def closeEvent(self, event) -> None:
        self.timer.stop()
        super().closeEvent(event)

    def _files_and_department(self) -> QHBoxLayout:
        """Instead of choosing files: the session's workbook and a button to open it again."""
        self.files = QListWidget()  # the one file, for the wizard's own code; not shown
        self.files.addItem(str(self.session.path))
        self.files.setMaximumHeight(0)
        self.files.hide()
        self.department = _NoDepartment()
        name = QLabel(self.tr("Workbook: {path}").format(path=self.session.path))
        name.setObjectName("edit_file")
        name.setWordWrap(True)
        again = QPushButton(self.tr("Open again"))
        again.setObjectName("edit_open")
        again.clicked.connect(lambda: dialogs.open_in_spreadsheet(self.session.path))
        row = QHBoxLayout()
        row.addWidget(name, 1)
        row.addWidget(again)
        return row

    def poll(self) -> None:
        """A finished save: plan it (a save seen half-written waits, see SaveWatcher)."""
        if self.session.saved():
            self.check()

    def check(self) -> None:
        self.plan = None
        self.apply_button.setEnabled(False)
        self.table.setRowCount(0)
        self.details = []
        self.detail.clear()
        self.checks += 1
        check, session = self.checks, self.session
        self.summary.setText(self.tr("Saved: checking what it changes…"))

        def done(plan) -> None:
            if check == self.checks:
                self.show_plan(plan)

        def failed(exc: BaseException) -> None:  # a save the importer cannot read: said here, no dialog
            if check == self.checks:
                self.summary.setText(self.tr("This save cannot be read: {reason}").format(
                    reason=getattr(exc, "message", lambda lang: str(exc))(self.lang)))

        self.job = run_job(self, self.tr("Reading the workbooks…"), lambda progress: session.plan(), lang=self.lang,
                           on_done=done, on_failed=failed, modal_progress=False)

    def apply(self) -> None:
        if self.plan is None:
            return
        plan, who, decisions, session = self.plan, self.who, self.decisions(), self.session
        self.apply_button.setEnabled(False)
        self.job = run_job(self, self.tr("Applying the import…"),
                           lambda progress: session.apply(plan, who=who, decisions=decisions),
                           lang=self.lang, on_done=self.applied, cancellable=False)

    def applied(self, result: store.AppliedBatch) -> None:
        """Written: the panel waits for the next save, compared with the database as it now is."""
        self.plan = None
        self.batch = result.batch
        self.table.setRowCount(0)
        self.details = []
        self.detail.clear()
        self.summary.setText(self.tr("Import batch {batch} applied. Keep editing: the next save shows its changes.")
                             .format(batch=result.batch))
        self.applied_batch.emit(result.batch)

    def unapplied(self) -> bool:
        return self.plan is not None and (self.plan.has_changes or bool(self.plan.conflicts))

    def reject(self) -> None:
        """Closing with a plan not applied asks: apply, discard, or keep watching."""
        if self.unapplied():
            answer = dialogs.ask_discard(self, self.tr("The last save has changes that are not applied. Apply them "
                                                       "before closing?"))
            if answer == dialogs.SAVE:
                self.apply()
                return
            if answer != dialogs.DISCARD:
                return  # keep watching
        self.timer.stop()
        super().reject()


class _NoDepartment:
    """The wizard's department choice, fixed: a session's workbook is checked as it was written."""

    def currentData(self):
        return None


__all__ = ["EditPanel", "POLL_MS"]
