"""The import wizard: choose or drop workbooks, read the plan as a table (old → new, refusals, conflicts, errors), apply."""
from __future__ import annotations

import datetime as dt

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QDialog, QHBoxLayout, QHeaderView, QLabel,
                               QListWidget, QPushButton, QSplitter, QTableWidget, QTableWidgetItem, QTextBrowser,
                               QVBoxLayout, QWidget)

from reviewdesk import store
from reviewdesk.exporters.returns import plan as import_plan
from reviewdesk.exporters.returns.apply import apply_plan
from reviewdesk.exporters.returns.workbook import read_workbook_apart
from reviewdesk.templates import ARTEFACTS, ReviewDeskError, artefact

from reviewdesk.desktop.window import dialogs
from reviewdesk.desktop.window.export_dialog import last_folder, remember_folder
from reviewdesk.desktop.window.jobs import run_job
from reviewdesk.desktop.window.record_view import RecordView

MAX_ROWS = 20_000  # a plan longer than this is summarised; the rest stays applicable
COLOURS = {"created": "#E2F0D9", "updated": "#FFFFFF", "not_permitted": "#EDEDED", "conflict": "#FFF2CC",
           "error": "#FCE4E4", "missing": "#F2F2F2"}
OLD, NEW = "#9C0006", "#006100"
CODE = Qt.ItemDataRole.UserRole
TOOLTIP_FROM = 12  # characters: a cell holding more shows it whole in its tooltip (the column may cut it with …)


class ImportWizard(QDialog):
    """Files → plan → apply; nothing is written before Apply, and the batch can be undone from the import history.

    A double-click on a row opens its record read-only beside the wizard (one window per record); the pane below the
    table shows the chosen row whole."""

    def __init__(self, lang: str, who: str, parent: QWidget | None = None, *, paths: list[str] | None = None):
        super().__init__(parent)
        self.lang, self.who = lang, who
        self.plan: import_plan.Plan | None = None
        self.checks = 0  # plans asked for; only the last one asked for is shown and can be applied
        self.batch: int | None = None
        self.choices: dict[tuple[str, str], QComboBox] = {}
        self.details: list[dict[str, str]] = []  # per table row, its texts whole, for the pane below the table
        self.views: dict[str, RecordView] = {}  # code -> its record, open beside the wizard
        self.lookups = store.Lookups()
        self.setWindowTitle(self.tr("Import workbooks"))
        self.setAcceptDrops(True)
        layout = QVBoxLayout(self)
        layout.addLayout(self._files_and_department())
        layout.addWidget(self.files)
        layout.addWidget(self._summary_line())
        layout.addWidget(self._plan_and_detail(), 1)
        layout.addLayout(self._apply_row())
        self.resize(1100, 680)
        self.splitter.setSizes([430, 150])
        for path in paths or []:
            self.files.addItem(path)
        if paths:
            self.check()

    def _files_and_department(self) -> QHBoxLayout:
        """The workbooks chosen (the list sits below this row), the department to check them as, and Check."""
        self.files = QListWidget()
        self.files.setObjectName("import_files")
        self.files.setMaximumHeight(80)
        add = QPushButton(self.tr("Add files…"))
        add.clicked.connect(self.browse)
        clear = QPushButton(self.tr("Clear"))
        clear.clicked.connect(self.files.clear)
        self.department = QComboBox()
        self.department.setObjectName("import_department")
        self.department.setToolTip(self.tr("The department that returned the workbooks: only its rows, and in them only "
                                            "the columns it may change, are applied. Auto: the department the workbook "
                                            "was exported for."))
        self.department.addItem(self.tr("Auto (from the workbook)"), None)
        for code in self.lookups.department_labels:
            self.department.addItem(self.lookups.department_label(code, self.lang), code)
        self.department.currentIndexChanged.connect(self._department_changed)
        self.check_button = QPushButton(self.tr("Check"))
        self.check_button.setObjectName("import_check")
        self.check_button.clicked.connect(self.check)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(clear)
        row.addStretch(1)
        row.addWidget(QLabel(self.tr("Check as department")))
        row.addWidget(self.department)
        row.addWidget(self.check_button)
        return row

    def _summary_line(self) -> QLabel:
        """What to do first, then the plan's counts."""
        self.summary = QLabel(self.tr("Choose one or more returned workbooks, or drop them here, then press Check."))
        self.summary.setObjectName("import_summary")
        self.summary.setWordWrap(True)
        return self.summary

    def _plan_and_detail(self) -> QSplitter:
        """The plan as a table, and below it the chosen row whole."""
        self.table = QTableWidget(0, 7)
        self.table.setObjectName("import_plan")
        self.table.setHorizontalHeaderLabels([self.tr("What"), self.tr("Record"), self.tr("Sheet / row / column"),
                                              self.tr("Field"), self.tr("Old (database)"), self.tr("New (sheet)"),
                                              self.tr("Note / decision")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((70, 80, 240, 100, 160, 160)):
            self.table.setColumnWidth(column, width)
        self.table.cellDoubleClicked.connect(self._double_clicked)
        self.table.currentCellChanged.connect(lambda row, *_: self._show_detail(row))
        self.detail = QTextBrowser()
        self.detail.setObjectName("import_detail")
        self.detail.setOpenLinks(False)
        self.detail.setPlaceholderText(self.tr("Choose a row to read it whole here; double-click it to see its record."))
        self.detail.setMinimumHeight(80)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 4)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        return self.splitter

    def _apply_row(self) -> QHBoxLayout:
        """Apply the valid rows only, one side for every conflict, Apply and Close (the first two shown when the plan
        needs them)."""
        self.valid_only = QCheckBox(self.tr("Apply the rows without errors and leave the others"))
        self.valid_only.setObjectName("import_valid_only")
        self.valid_only.hide()
        self.take_all = QComboBox()
        self.take_all.addItem(self.tr("Conflicts: decide per field"), None)
        self.take_all.addItem(self.tr("Conflicts: take every sheet value"), "sheet")
        self.take_all.addItem(self.tr("Conflicts: keep every database value"), "database")
        self.take_all.currentIndexChanged.connect(self._take_all)
        self.take_all.hide()
        self.apply_button = QPushButton(self.tr("Apply"))
        self.apply_button.setObjectName("import_apply")
        self.apply_button.setEnabled(False)
        self.apply_button.clicked.connect(self.apply)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.valid_only)
        row.addWidget(self.take_all)
        row.addStretch(1)
        row.addWidget(self.apply_button)
        row.addWidget(close)
        return row

    # --- files ---
    def paths(self) -> list[str]:
        return [self.files.item(i).text() for i in range(self.files.count())]

    def browse(self) -> None:
        names = dialogs.open_file_names(self, self.tr("Returned workbooks"), last_folder("import"),
                                        self.tr("Workbooks (*.xlsx *.xlsm *.xls *.ods)"))
        for name in names:
            if name not in self.paths():
                self.files.addItem(name)
        if names:
            remember_folder("import", Path(names[0]))

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        self.add_paths([url.toLocalFile() for url in event.mimeData().urls() if url.toLocalFile()])
        event.acceptProposedAction()

    def add_paths(self, paths: list[str]) -> None:
        """More workbooks (dropped, or handed over by a second start of ReviewDesk), each once; the plan is read
        again with them."""
        added = [p for p in paths if p not in self.paths()]
        for path in added:
            self.files.addItem(path)
        if added and self.plan is not None:
            self.check()

    # --- the plan ---
    def check(self) -> None:
        paths = self.paths()
        if not paths:
            dialogs.inform(self, self.tr("Choose at least one workbook."))
            return
        self.plan = None  # nothing to apply until the new plan is read
        self.apply_button.setEnabled(False)
        self.table.setRowCount(0)
        self.details = []
        self.detail.clear()
        lang, department = self.lang, self.department.currentData()
        self.checks += 1
        check = self.checks

        def done(plan: import_plan.Plan) -> None:
            if check == self.checks:  # a check started later (another department, more files) has the last word
                self.show_plan(plan)

        self.job = run_job(self, self.tr("Reading the workbooks…"),
                           lambda progress: import_plan.build_plan(paths, department=department, lang=lang,
                                                                     reader=read_workbook_apart),
                           lang=lang, on_done=done)

    def _department_changed(self) -> None:
        if self.paths():  # a plan checked as another department is not what Apply would do: check again
            self.check()

    def _label(self, art_key: str | None, key: str | None) -> str:
        if not art_key or not key or art_key not in ARTEFACTS or not artefact(art_key).has_field(key):
            return key or ""
        return artefact(art_key).field(key).label(self.lang)

    def _value(self, art_key: str | None, key: str | None, value: Any) -> str:
        if value is None:
            return ""
        if not art_key or not key or art_key not in ARTEFACTS or not artefact(art_key).has_field(key):
            return str(value)
        return self.lookups.display(artefact(art_key).field(key), value, self.lang)

    def _row(self, kind: str, what: str, code: str | None, where: str, field: str, old: str, new: str,
             note: str = "", *, new_row: bool = False, file: str | None = None) -> int:
        """One line of the plan; its record is the code, or 新行 for a row of the sheet that has none yet."""
        row = self.table.rowCount()
        self.table.insertRow(row)
        record = code or (self.tr("New row") if new_row else "")
        for column, text in enumerate((what, record, where, field, old, new, note)):
            item = QTableWidgetItem(text.replace("\n", " "))
            if len(text) > TOOLTIP_FROM or "\n" in text:
                item.setToolTip(_tooltip(text))
            item.setBackground(QBrush(QColor(COLOURS[kind])))
            item.setData(CODE, code)
            if column == 4 and old and kind in ("updated", "conflict", "not_permitted"):
                item.setForeground(QBrush(QColor(OLD)))
            if column == 5 and new and kind != "error":
                item.setForeground(QBrush(QColor(NEW)))
                font = item.font()
                font.setBold(kind == "updated")
                item.setFont(font)
            self.table.setItem(row, column, item)
        if file and not where.startswith(file):  # the pane names the workbook even when there is only one
            where = f"{file} {where}".strip()
        self.details.append(dict(kind=kind, what=what, record=record, where=where, field=field, old=old, new=new,
                                 note=note))
        return row

    def _where(self, sheet: Any, row: Any = None, column: Any = None, file: str | None = None) -> str:
        """Where in the workbook, as the command line says it: 「问题清单」第 5 行「发现日期」列."""
        text = ""
        if sheet and row:
            text = self.tr("'{sheet}' row {row}").format(sheet=sheet, row=row)
        elif sheet:
            text = self.tr("'{sheet}'").format(sheet=sheet)
        if column:
            text = (self.tr("{where}, column '{column}'") if text else self.tr("column '{column}'")).format(
                where=text, column=column)
        if file and self.plan is not None and len(self.plan.files) > 1:  # which of the workbooks
            text = f"{file} {text}".strip()
        return text

    def show_plan(self, plan: import_plan.Plan) -> None:
        self.plan = plan
        self.choices = {}
        self.details = []
        self.table.setRowCount(0)
        self.table.setUpdatesEnabled(False)
        for error in plan.errors:
            self._error_row(error)
        for conflict in plan.conflicts:
            self._conflict_row(conflict)
        for refused in plan.not_permitted:
            self._change_row("not_permitted", self.tr("Not permitted"), refused, refused.reason)
        for update in plan.updated[:MAX_ROWS]:
            self._change_row("updated", self.tr("Change"), update)
        for created in plan.created[:max(MAX_ROWS - len(plan.updated), 0)]:
            self._created_row(created)
        for missing in plan.missing:
            self._row("missing", self.tr("Not in sheet"), missing.code, self._where(missing.sheet),
                      artefact(missing.artefact).label(self.lang), "", "", self.tr("Left as it is"))
        self.table.setUpdatesEnabled(True)
        self._summarise(plan)
        self.valid_only.setVisible(bool(plan.errors))
        self.take_all.setVisible(bool(plan.conflicts))
        self.apply_button.setEnabled(plan.has_changes or bool(plan.conflicts))

    def _error_row(self, error: import_plan.PlanError) -> None:
        self._row("error", self.tr("Error"), error.code, self._where(error.sheet, error.row, error.column, error.file),
                  self._label(error.artefact, error.field), "", "" if error.value is None else str(error.value),
                  error.message, new_row=bool(error.sheet and error.row) and not error.code, file=error.file)

    def _change_row(self, kind: str, what: str, line: import_plan.Updated | import_plan.NotPermitted,
                    note: str = "") -> None:
        """A field's change, old → new: one the plan applies, or one refused (a whole row: no field, no values)."""
        art_key, key = line.artefact, line.field
        self._row(kind, what, line.code, self._where(line.sheet, line.row, file=line.file), self._label(art_key, key),
                  self._value(art_key, key, line.old), self._value(art_key, key, line.new), note,
                  new_row=not line.code, file=line.file)

    def _conflict_row(self, conflict: import_plan.Conflict) -> None:
        """A conflict, with its choice: keep the database's value or take the sheet's."""
        art_key, key = conflict.artefact, conflict.field
        exported = self._value(art_key, key, conflict.exported)
        row = self._row("conflict", self.tr("Conflict"), conflict.code,
                        self._where(conflict.sheet, conflict.row, file=conflict.file), self._label(art_key, key),
                        self._value(art_key, key, conflict.current), self._value(art_key, key, conflict.returned),
                        self.tr("Changed both in the database since the export (it was {exported}) and in the "
                                "sheet: choose which value to keep.").format(exported=exported or "—"),
                        file=conflict.file)
        box = QComboBox()
        box.addItem(self.tr("Keep the database value"), "database")
        box.addItem(self.tr("Take the sheet value"), "sheet")
        box.setObjectName(f"conflict_{conflict.code}_{key}")
        self.table.setCellWidget(row, 6, box)
        self.choices[(conflict.code, key)] = box

    def _created_row(self, created: import_plan.Created) -> None:
        """A new record, shown by its first required value."""
        art = artefact(created.artefact)
        first = next((f for f in art.fields if f.required and created.values.get(f.key) is not None), None)
        text = self._value(art.key, first.key, created.values.get(first.key)) if first else ""
        self._row("created", self.tr("New record"), None, self._where(created.sheet, created.row, file=created.file),
                  art.label(self.lang), "", text, self.tr("{n} fields").format(n=len(created.values)), new_row=True,
                  file=created.file)

    def _summarise(self, plan: import_plan.Plan) -> None:
        """The counts, after what an earlier import already applied (most likely the same mail opened twice)."""
        totals = {k: sum(v[k] for v in plan.summary().values()) for k in ("created", "updated", "unchanged",
                                                                          "not_permitted", "conflicts", "errors")}
        text = self.tr(
            "{created} new, {updated} changed, {unchanged} unchanged records; {not_permitted} changes not permitted "
            "(not applied), {conflicts} conflicts, {errors} errors. Double-click a row to see its record.") \
            .format(**totals)
        earlier = [self.tr("{file} is the very file import batch {batch} applied on {at}.").format(
            file=a.file, batch=a.batch, at=f"{a.at.replace(tzinfo=dt.timezone.utc).astimezone():%Y-%m-%d %H:%M}")
            for a in plan.applied_before]
        if plan.recognised:
            earlier.append(self.tr("{n} new rows were imported before and are not created again.")
                           .format(n=len(plan.recognised)))
        self.summary.setText(" ".join(earlier) + "\n" + text if earlier else text)

    def _take_all(self) -> None:
        side = self.take_all.currentData()
        if side:
            for box in self.choices.values():
                box.setCurrentIndex(box.findData(side))

    def decisions(self) -> dict[tuple[str, str], str]:
        return {key: box.currentData() for key, box in self.choices.items()}

    def _show_detail(self, row: int) -> None:
        """The chosen row whole, below the table: what and where (the file named), the values, the message in full."""
        if not 0 <= row < len(self.details):
            self.detail.clear()
            return
        d = self.details[row]
        heads = [self.table.horizontalHeaderItem(c).text() for c in range(7)]
        title = " · ".join(_html(d[k]) for k in ("what", "record", "where") if d[k])
        values_ = []
        for head, key, colour in ((heads[3], "field", None), (heads[4], "old", OLD), (heads[5], "new", NEW)):
            if d[key]:
                text = _html(d[key]) if colour is None or d["kind"] == "error" else \
                    f"<span style='color:{colour};'>{_html(d[key])}</span>"
                values_.append(self.tr("{name}: {value}").format(name=_html(head), value=text))
        parts = [f"<b>{title}</b>", "&#12288;".join(values_), _html(d["note"])]
        self.detail.setHtml("".join(f"<p style='margin:0 0 4px 0;'>{p}</p>" for p in parts if p))

    def _double_clicked(self, row: int, column: int) -> None:
        item = self.table.item(row, 1)
        code = item.data(CODE) if item else None
        if code:
            self.open_record(code)

    def open_record(self, code: str) -> RecordView | None:
        """The record beside the wizard, read-only and not modal: the wizard stays usable, the plan in view. One
        window per record: asked again, the open one comes to the front."""
        view = self.views.get(code)
        if view is not None:
            view.bring_forward()
            return view
        try:
            view = RecordView(code, lang=self.lang, planned=self._planned(code), parent=self)
        except ReviewDeskError as exc:  # deleted since the plan was read
            dialogs.show_error(self, exc, self.lang)
            return None
        view.setObjectName(f"record_{code}")
        self.views[code] = view
        view.destroyed.connect(lambda *_, code=code: self.views.pop(code, None))
        view.place_beside(self)
        view.bring_forward()
        return view

    def _planned(self, code: str) -> dict[str, str]:
        """field -> the value the sheet gives it, for every change of this record the plan lists."""
        if self.plan is None:
            return {}
        plan = self.plan
        given = [*((u, u.new) for u in plan.updated), *((n, n.new) for n in plan.not_permitted),
                 *((c, c.returned) for c in plan.conflicts)]
        return {line.field: self._value(line.artefact, line.field, value) for line, value in given
                if line.code == code and line.field}

    # --- applying ---
    def apply(self) -> None:
        if self.plan is None:
            return
        plan, who, decisions, valid_only = self.plan, self.who, self.decisions(), self.valid_only.isChecked()
        self.job = run_job(self, self.tr("Applying the import…"),
                           lambda progress: apply_plan(plan, who=who, decisions=decisions, valid_only=valid_only),
                           lang=self.lang, on_done=self.applied, on_failed=self.apply_failed, cancellable=False)

    def applied(self, result: store.AppliedBatch) -> None:
        self.batch = result.batch
        self.apply_button.setEnabled(False)
        dialogs.inform(self, self.tr("Import batch {batch} applied. You can undo it from the import history.")
                       .format(batch=result.batch))
        self.accept()


    def apply_failed(self, exc: BaseException) -> None:
        """Applying failed; when its connection broke, what the server answered: applied, the wizard closes as after
        any apply; not applied, or nobody knows, the plan stays to be applied again."""
        if not isinstance(exc, store.ConnectionLost):
            dialogs.show_error(self, exc, self.lang)
            return
        if exc.committed:
            self.apply_button.setEnabled(False)
            dialogs.connection_lost(self, exc, self.lang, self.tr(
                "The import is applied: it is in the import history, where it can be undone."))
            self.accept()
        elif exc.committed is False:
            dialogs.connection_lost(self, exc, self.lang, self.tr("Nothing was imported: apply it again."))
        else:
            dialogs.connection_lost(self, exc, self.lang, self.tr(
                "Once the server can be reached, look at the import history before applying again: the import may "
                "be there already."))


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br>")


def _tooltip(text: str) -> str:
    """The whole text, wrapped: a tooltip in rich text breaks its lines, a plain one runs off the screen."""
    return f"<qt>{_html(text)}</qt>"
