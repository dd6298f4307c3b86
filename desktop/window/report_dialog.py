"""Reports → Customer feedback report…: the period, the format, the language and personal data, written in the
background, then an offer to open the folder."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (QButtonGroup, QCheckBox, QComboBox, QDateEdit, QDialog, QFormLayout, QHBoxLayout, QLabel,
                               QLineEdit, QRadioButton, QVBoxLayout, QWidget)

from reviewdesk.exporters.report.feedback import write_feedback_report
from reviewdesk.templates import ReviewDeskError
from reviewdesk.templates.periods import Period, between, last_full_week

from reviewdesk.desktop.window import dialogs
from reviewdesk.desktop.window.export_dialog import (language_box, last_folder, ok_cancel, remember_folder, save_as,
                                                     with_browse, word_template)
from reviewdesk.desktop.window.jobs import run_job

WEEKS_OFFERED = 26  # the last half year of full weeks, newest first
NAMES = {"zh": "客户反馈分析报告-{period}.{suffix}", "en": "customer-feedback-{period}.{suffix}"}


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _date(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


class FeedbackReportDialog(QDialog):
    """Which week (or which dates), Word or Excel, which language, personal data or not, and where to."""

    def __init__(self, lang: str, parent: QWidget | None = None, *, today: dt.date | None = None):
        super().__init__(parent)
        self.lang = lang
        self.report: Any = None
        self.setWindowTitle(self.tr("Customer feedback report"))
        latest = last_full_week(today or dt.date.today())
        self.by_week = QRadioButton(self.tr("Week"))
        self.by_dates = QRadioButton(self.tr("From"))
        group = QButtonGroup(self)
        group.addButton(self.by_week)
        group.addButton(self.by_dates)
        self.by_week.setChecked(True)
        self.week = QComboBox()
        self.week.setObjectName("report_week")
        for back in range(WEEKS_OFFERED):
            week = Period(latest.start - dt.timedelta(weeks=back), latest.end - dt.timedelta(weeks=back))
            self.week.addItem(week.label(lang), week)
        self.start, self.end = QDateEdit(_qdate(latest.start)), QDateEdit(_qdate(latest.end))
        for edit, name in ((self.start, "report_from"), (self.end, "report_to")):
            edit.setObjectName(name)
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        dates = QHBoxLayout()
        dates.addWidget(self.by_dates)
        dates.addWidget(self.start)
        dates.addWidget(QLabel(self.tr("to")))
        dates.addWidget(self.end)
        dates.addStretch(1)
        weeks = QHBoxLayout()
        weeks.addWidget(self.by_week)
        weeks.addWidget(self.week, 1)
        self.format = QComboBox()
        self.format.setObjectName("report_format")
        self.format.addItem(self.tr("Word document (.docx)"), "docx")
        self.format.addItem(self.tr("Excel workbook (.xlsx)"), "xlsx")
        self.language = language_box(lang)
        self.personal = QCheckBox(self.tr("Include customer names and phone numbers (otherwise masked)"))
        self.personal.setObjectName("report_personal")
        self.path = QLineEdit()
        self.path.setObjectName("report_path")
        note = QLabel(self.tr("Each period is set beside the period of the same length before it."))
        note.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Period"), weeks)
        form.addRow("", dates)
        form.addRow("", note)
        form.addRow(self.tr("Format"), self.format)
        form.addRow(self.tr("Language"), self.language)
        form.addRow("", self.personal)
        form.addRow(self.tr("Save as"), with_browse(self.path, self.browse))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(ok_cancel(self, self.tr("Write report"), self.start_writing))
        self.setMinimumWidth(600)
        for signal in (self.week.currentIndexChanged, self.format.currentIndexChanged,
                       self.language.currentIndexChanged, self.by_week.toggled, self.start.dateChanged,
                       self.end.dateChanged):
            signal.connect(self._suggest)
        self._suggest()

    def period(self) -> Period:
        """The chosen week, or the chosen dates (refused when the first comes after the last)."""
        if self.by_week.isChecked():
            return self.week.currentData()
        return between(_date(self.start.date()), _date(self.end.date()))

    def _suggest(self) -> None:
        """A file name saying the report and its period, in the chosen language, in the folder last used."""
        try:
            period = self.period()
        except ReviewDeskError:
            return
        shown = period.week or f"{period.start:%Y%m%d}-{period.end:%Y%m%d}"
        name = NAMES[self.language.currentData()].format(period=shown, suffix=self.format.currentData())
        folder = Path(self.path.text()).parent if self.path.text() else Path(last_folder("report"))
        self.path.setText(str(folder / name))

    def browse(self) -> None:
        save_as(self, self.path, self.format.currentData())

    def start_writing(self) -> None:
        try:
            period = self.period()
        except ReviewDeskError as exc:
            dialogs.show_error(self, exc, self.lang)
            return
        if not self.path.text().strip():
            dialogs.inform(self, self.tr("Choose where to save the file."))
            return
        path = Path(self.path.text().strip())
        remember_folder("report", path)
        lang, personal, template = self.language.currentData(), self.personal.isChecked(), word_template()

        def work(progress):
            progress(0, 0)
            return write_feedback_report(path, period, lang=lang, include_personal_data=personal, template=template)

        self.job = run_job(self, self.tr("Writing the customer feedback report…"), work, lang=self.lang,
                           on_done=self.finished, cancellable=False)

    def finished(self, report: Any) -> None:
        self.report = report
        self.accept()
        dialogs.offer_folder(self.parentWidget(), self.tr("Written: {path} ({n} callbacks)").format(
            path=report.path, n=report.callbacks), report.path)


def feedback_report(parent: QWidget, lang: str) -> None:
    FeedbackReportDialog(lang, parent).exec()
