"""Export from the window: a workbook (or one artefact's Word document) and a meeting's review pack, in the background."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QGroupBox,
                               QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget)

from reviewdesk import store
from reviewdesk.exporters.word import documents as docx_documents
from reviewdesk.exporters.review import pack as review_pack
from reviewdesk.exporters.xlsx import export as xlsx_export
from reviewdesk.exporters.xlsx.export import describe_conditions
from reviewdesk.templates import WORKBOOK_ARTEFACTS, artefact

from reviewdesk.desktop.window import dialogs
from reviewdesk.desktop.window.jobs import run_job

WORD_TEMPLATE_KEY = "word/template"


def last_folder(kind: str) -> str:
    return str(QSettings().value(f"folders/{kind}", "") or Path.home())


def remember_folder(kind: str, path: Path) -> None:
    QSettings().setValue(f"folders/{kind}", str(path if path.is_dir() else path.parent))


def word_template() -> str | None:
    return str(QSettings().value(WORD_TEMPLATE_KEY, "") or "") or None


def language_box(lang: str) -> QComboBox:
    box = QComboBox()
    box.addItem("中文", "zh")
    box.addItem("English", "en")
    box.setCurrentIndex(0 if lang == "zh" else 1)
    return box



def with_browse(field: QLineEdit, browse: Callable[[], None]) -> QHBoxLayout:
    """A path field with its Browse… button beside it."""
    button = QPushButton(QCoreApplication.translate("ExportDialog", "Browse…"))
    button.clicked.connect(browse)
    row = QHBoxLayout()
    row.addWidget(field, 1)
    row.addWidget(button)
    return row

def ok_cancel(dialog: QDialog, text: str, accepted: Callable[[], None]) -> QDialogButtonBox:
    """The dialog's OK button, named for what it does, and Cancel."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(text)
    buttons.accepted.connect(accepted)
    buttons.rejected.connect(dialog.reject)
    return buttons


def save_as(parent: QWidget, field: QLineEdit, suffix: str) -> None:
    """Save as…: a Word document or a workbook, its name in `field` given the suffix when typed without it."""
    translate = QCoreApplication.translate
    kinds = translate("ExportDialog", "Word documents (*.docx)") if suffix == "docx" else \
        translate("ExportDialog", "Excel workbooks (*.xlsx)")
    name = dialogs.save_file_name(parent, translate("ExportDialog", "Save as"), field.text(), kinds)
    if name:
        field.setText(name if name.lower().endswith("." + suffix) else f"{name}.{suffix}")


class ExportDialog(QDialog):
    """Which artefacts, whose rows, which language, personal data or not, and where to."""

    def __init__(self, lang: str, parent: QWidget | None = None, *, current: str | None = None,
                 shown: dict[str, Any] | None = None, shown_rows: int = 0):
        """`shown`: the current table's conditions (RecordTableModel.conditions()), `shown_rows` the rows it shows."""
        super().__init__(parent)
        self.lang = lang
        self.current = current if current in WORKBOOK_ARTEFACTS else None
        self.shown = shown if self.current and shown and any(shown.values()) else None
        self.summary: Any = None
        self.setWindowTitle(self.tr("Export"))
        self.checks: dict[str, QCheckBox] = {}
        group = QGroupBox(self.tr("Artefacts"))
        column = QVBoxLayout(group)
        for key in WORKBOOK_ARTEFACTS:
            check = QCheckBox(artefact(key).label(lang))
            check.setObjectName(f"export_{key}")
            check.setChecked(self.current in (None, key))
            self.checks[key] = check
            column.addWidget(check)
        self.department = QComboBox()
        self.department.setObjectName("export_department")
        self.department.addItem(self.tr("All departments (every row, every column open)"), None)
        lookups = store.Lookups()
        for code in lookups.department_labels:
            self.department.addItem(lookups.department_label(code, lang), code)
        self.language = language_box(lang)
        self.personal = QCheckBox(self.tr("Include customer names and phone numbers (otherwise masked)"))
        self.personal.setObjectName("export_personal")
        self.filtered = QCheckBox(self.tr("Only the {n} records the table shows").format(n=f"{shown_rows:,}"))
        self.filtered.setObjectName("export_filtered")
        self.filtered.setChecked(self.shown is not None)
        self.format = QComboBox()
        self.format.setObjectName("export_format")
        self.format.addItem(self.tr("Excel workbook (.xlsx)"), "xlsx")
        self.format.addItem(self.tr("Word document of one artefact (.docx)"), "docx")
        self.format.currentIndexChanged.connect(self._suggest)
        self.path = QLineEdit()
        self.path.setObjectName("export_path")
        where = with_browse(self.path, self.browse)
        form = QFormLayout()
        form.addRow(self.tr("Format"), self.format)
        form.addRow(self.tr("Department"), self.department)
        form.addRow(self.tr("Language"), self.language)
        form.addRow("", self.personal)
        if self.shown:
            form.addRow("", self.filtered)
            form.addRow("", self._conditions_note(lookups))
        form.addRow(self.tr("Save as"), where)
        buttons = ok_cancel(self, self.tr("Export"), self.start)
        layout = QVBoxLayout(self)
        layout.addWidget(group)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(600)
        self.department.currentIndexChanged.connect(self._suggest)
        self._suggest()

    def _conditions_note(self, lookups: store.Lookups) -> QLabel:
        described = describe_conditions(artefact(self.current), self.shown, self.lang, lookups)
        note = QLabel(self.tr("Conditions of {artefact}: {conditions}. Other artefacts you tick are exported whole.")
                      .format(artefact=artefact(self.current).label(self.lang), conditions=described))
        note.setObjectName("export_conditions")
        note.setWordWrap(True)
        note.setIndent(22)  # under the check box's text, not its box
        self.filtered.toggled.connect(note.setEnabled)
        return note

    def _suggest(self) -> None:
        suffix = self.format.currentData()
        dept = self.department.currentText() if self.department.currentData() else ""
        stem = ("ReviewDesk" + (f"-{dept}" if dept else "") + f"-{dt.date.today():%Y%m%d}")
        folder = Path(self.path.text()).parent if self.path.text() else Path(last_folder("export"))
        self.path.setText(str(folder / f"{stem}.{suffix}"))

    def browse(self) -> None:
        save_as(self, self.path, self.format.currentData())

    def chosen(self) -> list[str]:
        return [k for k, check in self.checks.items() if check.isChecked()]

    def start(self) -> None:
        keys, path = self.chosen(), Path(self.path.text().strip())
        if not keys:
            dialogs.inform(self, self.tr("Choose at least one artefact."))
            return
        if not self.path.text().strip():
            dialogs.inform(self, self.tr("Choose where to save the file."))
            return
        if self.format.currentData() == "docx" and len(keys) != 1:
            dialogs.inform(self, self.tr("A Word document holds one artefact: choose exactly one."))
            return
        remember_folder("export", path)
        lang, dept, personal = self.language.currentData(), self.department.currentData(), self.personal.isChecked()
        shown = {self.current: self.shown} if self.shown and self.filtered.isChecked() else {}
        if self.format.currentData() == "docx":
            template = word_template()

            def work(progress):
                return docx_documents.export_document(path, keys[0], lang=lang, department=dept,
                                                      include_personal_data=personal, template=template,
                                                      **shown.get(keys[0], {}))
        else:
            def work(progress):
                return xlsx_export.export_workbook(path, keys, lang=lang, department=dept, shown=shown,
                                                   include_personal_data=personal, progress=progress)

        self.job = run_job(self, self.tr("Exporting…"), work, lang=self.lang, on_done=self.finished,
                           cancellable=self.format.currentData() == "xlsx")

    def finished(self, summary: Any) -> None:
        self.summary = summary
        self.accept()
        dialogs.offer_folder(self.parentWidget(), self.tr("Written: {path}").format(path=summary.path), summary.path)


class PackDialog(QDialog):
    """The review pack of one meeting: folder, language, per-department workbooks, personal data."""

    def __init__(self, code: str, lang: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.code, self.lang = code, lang
        self.result_: Any = None
        self.setWindowTitle(self.tr("Review pack of {code}").format(code=code))
        self.folder = QLineEdit(str(Path(last_folder("pack")) / f"{code}-pack"))
        self.folder.setObjectName("pack_folder")
        where = with_browse(self.folder, self.browse)
        self.language = language_box(lang)
        self.per_department = QCheckBox(self.tr("Also one workbook per attending department"))
        self.per_department.setChecked(True)
        self.personal = QCheckBox(self.tr("Include customer names and phone numbers (otherwise masked)"))
        form = QFormLayout(self)
        form.addRow(self.tr("Folder"), where)
        form.addRow(self.tr("Language"), self.language)
        form.addRow("", self.per_department)
        form.addRow("", self.personal)
        buttons = ok_cancel(self, self.tr("Export pack"), self.start)
        form.addRow(buttons)
        self.resize(560, 200)

    def browse(self) -> None:
        name = dialogs.existing_folder(self, self.tr("Folder"), self.folder.text())
        if name:
            self.folder.setText(str(Path(name) / f"{self.code}-pack"))

    def start(self) -> None:
        folder = Path(self.folder.text().strip())
        remember_folder("pack", folder.parent)
        code, lang, per, personal, template = (self.code, self.language.currentData(), self.per_department.isChecked(),
                                               self.personal.isChecked(), word_template())

        def work(progress):
            progress(0, 0)
            return review_pack.write_pack(code, folder, lang=lang, per_department=per,
                                          include_personal_data=personal, template=template)

        self.job = run_job(self, self.tr("Writing the review pack…"), work, lang=self.lang, on_done=self.finished,
                           cancellable=False)

    def finished(self, result: Any) -> None:
        self.result_ = result
        self.accept()
        dialogs.offer_folder(self.parentWidget(), self.tr("The review pack of {code} is in {folder} ({n} files).")
                             .format(code=self.code, folder=result.folder, n=len(result.files)), result.folder)


def export_pack(parent: QWidget, code: str, lang: str) -> None:
    PackDialog(code, lang, parent).exec()
