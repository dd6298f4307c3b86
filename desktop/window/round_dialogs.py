"""A meeting's review round in the window: Send to departments… (workbooks and e-mail drafts, in the background) and
the round's status per department, with Remind… for those that have not answered."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QCheckBox, QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QHeaderView, QLabel,
                               QLineEdit, QListWidget, QListWidgetItem, QTableWidget, QTableWidgetItem, QVBoxLayout,
                               QWidget)

from reviewdesk import store
from reviewdesk.exporters.review import round as review_round
from reviewdesk.exporters.xlsx.export import return_deadline

from reviewdesk.desktop.window import dialogs
from reviewdesk.desktop.window.export_dialog import language_box, last_folder, remember_folder, with_browse
from reviewdesk.desktop.window.jobs import run_job
from reviewdesk.desktop.window.round_box import returned_words

KEY = Qt.ItemDataRole.UserRole


def local_time(moment: dt.datetime | None) -> str:
    """A stored UTC time as the user's local time, to the minute."""
    return "" if moment is None else f"{moment.replace(tzinfo=dt.timezone.utc).astimezone():%Y-%m-%d %H:%M}"


def offer_drafts(parent: QWidget | None, drafts: list[review_round.Draft], folder: Path, lang: str, *,
                 reminder: bool) -> None:
    """Say what was written, naming the departments without an e-mail address, and offer the folder or drafts."""
    lookups = store.Lookups()
    said = (QCoreApplication.translate("RoundDialogs", "Reminders for {n} department(s) are in {folder}.")
            if reminder else QCoreApplication.translate(
                "RoundDialogs", "Workbooks and e-mail drafts for {n} department(s) are in {folder}.")).format(
        n=len(drafts), folder=folder)
    without = [lookups.department_label(d.department, lang) for d in drafts if not d.address]
    if without:
        said += "\n" + QCoreApplication.translate(
            "RoundDialogs", "No contact e-mail, send their workbook another way: {names}").format(
            names=("、" if lang == "zh" else ", ").join(without))
    dialogs.offer_drafts(parent, said, folder, [d.draft for d in drafts])


class SendRoundDialog(QDialog):
    """Send to departments…: the folder, the deadline, the departments (those attending checked), the language and
    personal data; send_round runs in the background, then the drafts are offered and the round's status shown."""

    def __init__(self, code: str, lang: str, who: str, parent: QWidget | None = None, *,
                 today: dt.date | None = None):
        super().__init__(parent)
        self.code, self.lang, self.who = code, lang, who
        self.drafts: list[review_round.Draft] | None = None
        today = today or dt.date.today()
        meeting = store.get_record(code)
        self.setWindowTitle(self.tr("Send {code} to departments").format(code=code))
        self.folder = QLineEdit(str(Path(last_folder("round")) / f"{code}-round"))
        self.folder.setObjectName("round_folder")
        self.deadline = QDateEdit()
        self.deadline.setObjectName("round_deadline")
        self.deadline.setCalendarPopup(True)
        self.deadline.setDisplayFormat("yyyy-MM-dd")
        due = return_deadline(today, meeting.get("date"))
        self.deadline.setDate(QDate(due.year, due.month, due.day))
        self.departments = QListWidget()
        self.departments.setObjectName("round_departments")
        attending = set(meeting.get("departments") or [])
        lookups = store.Lookups()
        for dept in store.reference.departments():
            address = dept.get("email") or self.tr("no contact e-mail")
            item = QListWidgetItem(f"{lookups.department_label(dept['code'], lang)}  ({address})")
            item.setData(KEY, dept["code"])
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if dept["code"] in attending else Qt.CheckState.Unchecked)
            self.departments.addItem(item)
        self.language = language_box(lang)
        self.personal = QCheckBox(self.tr("Include customer names and phone numbers (otherwise masked)"))
        form = QFormLayout(self)
        form.addRow(QLabel(self.tr("{title}: one workbook per department with an e-mail draft to its contact "
                                   "address; the round remembers what went to whom.").format(title=meeting["title"])))
        form.addRow(self.tr("Folder"), with_browse(self.folder, self.browse))
        form.addRow(self.tr("Due back by"), self.deadline)
        form.addRow(self.tr("Departments"), self.departments)
        form.addRow(self.tr("Language"), self.language)
        form.addRow("", self.personal)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.send_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.send_button.setText(self.tr("Send"))
        self.send_button.setObjectName("round_send")
        buttons.accepted.connect(self.start)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.resize(620, 460)

    def chosen(self) -> list[str]:
        return [self.departments.item(i).data(KEY) for i in range(self.departments.count())
                if self.departments.item(i).checkState() == Qt.CheckState.Checked]

    def browse(self) -> None:
        name = dialogs.existing_folder(self, self.tr("Folder"), self.folder.text())
        if name:
            self.folder.setText(str(Path(name) / f"{self.code}-round"))

    def start(self) -> None:
        chosen = self.chosen()
        if not chosen:
            dialogs.inform(self, self.tr("Check at least one department."))
            return
        folder = Path(self.folder.text().strip())
        remember_folder("round", folder.parent)
        code, who, lang, personal = self.code, self.who, self.language.currentData(), self.personal.isChecked()
        deadline = self.deadline.date().toPython()

        def work(progress):
            progress(0, 0)
            return review_round.send_round(code, folder, who=who, deadline=deadline, departments=chosen, lang=lang,
                                           include_personal_data=personal)

        self.send_button.setEnabled(False)
        self.job = run_job(self, self.tr("Writing the workbooks and e-mail drafts…"), work, lang=self.lang,
                           on_done=lambda drafts: self.finished(drafts, folder),
                           on_failed=self.failed, cancellable=False)

    def failed(self, exc: BaseException) -> None:
        self.send_button.setEnabled(True)
        dialogs.show_error(self, exc, self.lang)

    def finished(self, drafts: list[review_round.Draft], folder: Path) -> None:
        self.drafts = drafts
        self.accept()
        offer_drafts(self.parentWidget(), drafts, folder, self.lang, reminder=False)


class RoundStatusDialog(QDialog):
    """Each department of a meeting's round: sent, returned, its import batch and what it held, overdue; Remind…
    writes drafts again for those that have not returned their workbook."""

    def __init__(self, code: str, lang: str, parent: QWidget | None = None, *, today: dt.date | None = None):
        super().__init__(parent)
        self.code, self.lang, self.today = code, lang, today
        self.reminders: list[review_round.Draft] | None = None
        self.setWindowTitle(self.tr("Round status of {code}").format(code=code))
        self.summary = QLabel()
        self.summary.setObjectName("round_summary")
        self.table = QTableWidget(0, 8)
        self.table.setObjectName("round_table")
        self.table.setHorizontalHeaderLabels([
            self.tr("Department"), self.tr("Sent"), self.tr("Returned"), self.tr("Import batch"), self.tr("Changes"),
            self.tr("Not permitted"), self.tr("Conflicts"), self.tr("Overdue")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.remind_button = buttons.addButton(self.tr("Remind…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.remind_button.setObjectName("round_remind")
        self.remind_button.clicked.connect(self.remind)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.refresh()
        self.resize(860, 320)

    def refresh(self) -> None:
        states = store.rounds.round_state(self.code, self.today)
        lookups = store.Lookups()
        waiting = [s for s in states if s.returned_at is None]
        deadline = store.rounds.round_deadline(self.code)
        if not states:
            self.summary.setText(self.tr("Nothing has been sent for this meeting yet: use Send to departments…"))
        else:
            self.summary.setText(self.tr("Due back {deadline}: {back} of {n} returned, {late} overdue.").format(
                deadline=deadline.isoformat() if deadline else "—", back=len(states) - len(waiting), n=len(states),
                late=sum(s.overdue for s in states)))
        self.remind_button.setEnabled(bool(waiting))
        self.table.setRowCount(len(states))
        for row, s in enumerate(states):
            returned = returned_words(s) if s.returned_at is None else local_time(s.returned_at)
            cells = [lookups.department_label(s.department, self.lang), local_time(s.sent_at), returned,
                     "" if s.batch is None else str(s.batch), str(s.changes), str(s.not_permitted), str(s.conflicts),
                     self.tr("Yes") if s.overdue else ""]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if s.overdue:
                    item.setForeground(QColor("#9C0006"))
                self.table.setItem(row, column, item)

    def remind(self) -> None:
        chosen = dialogs.existing_folder(self, self.tr("Folder for the reminders"), last_folder("round"))
        if not chosen:
            return
        folder = Path(chosen) / f"{self.code}-reminders-{dt.date.today().isoformat()}"
        code, lang, today = self.code, self.lang, self.today

        def work(progress: Any):
            progress(0, 0)
            return review_round.remind(code, folder, lang=lang, today=today)

        self.job = run_job(self, self.tr("Writing the reminders…"), work, lang=self.lang,
                           on_done=lambda drafts: self.reminded(drafts, folder), cancellable=False)

    def reminded(self, drafts: list[review_round.Draft], folder: Path) -> None:
        self.reminders = drafts
        offer_drafts(self, drafts, folder, self.lang, reminder=True)


__all__ = ["RoundStatusDialog", "SendRoundDialog", "local_time", "offer_drafts"]
