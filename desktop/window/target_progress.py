"""Beside a target's form in its editor: the line chart of its readings, the pilot's before and after, and its readings,
where another can be added (or one opened) in the reading's own editor."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QGridLayout, QHBoxLayout, QHeaderView, QLabel, QPushButton,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from reviewdesk import store
from reviewdesk.exporters.word.progress_chart import target_chart
from reviewdesk.templates import artefact, values
from reviewdesk.templates.progress import Progress

from reviewdesk.desktop.window.progress_chart import ProgressChart

COLUMNS = ("measured_on", "value", "phase", "period", "source")  # the reading's fields in the table
TITLE_STYLE = "font-size: 14px; font-weight: bold; padding: 4px 0 2px 0;"


class TargetProgressPanel(QWidget):
    """One saved target's KPI tracking; `reading_saved` carries the change when a reading is added or edited here."""

    reading_saved = Signal(object)  # store.Change

    def __init__(self, code: str, *, lang: str, who: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.code, self.lang, self.who = code, lang, who
        self.progress: Progress | None = None
        self.chart = ProgressChart()
        self.chart.setObjectName("target_chart")
        self.pilot_period, self.pilot_words = QLabel(), QLabel()
        self.pilot_words.setObjectName("pilot_words")
        self.pilot_words.setWordWrap(True)
        self.pilot_table = QGridLayout()
        self.pilot_table.setHorizontalSpacing(14)
        self.readings = QTableWidget(0, len(COLUMNS) + 1)
        self.readings.setObjectName("target_readings")
        self.readings.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.readings.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.readings.verticalHeader().hide()
        self.readings.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.readings.horizontalHeader().setStretchLastSection(True)
        self.readings.cellDoubleClicked.connect(lambda row, _: self.edit_reading(self.readings.item(row, 0).text()))
        reading = artefact("reading")
        self.readings.setHorizontalHeaderLabels([reading.code_label(lang)] + [reading.field(k).label(lang)
                                                                              for k in COLUMNS])
        self.add_button = QPushButton(self.tr("Add a reading…"))
        self.add_button.setObjectName("add_reading")
        self.add_button.clicked.connect(lambda: self.edit_reading(None))
        self._lay_out()
        self.refresh()

    def _lay_out(self) -> None:
        column = QVBoxLayout(self)
        column.setContentsMargins(6, 0, 0, 0)
        column.addWidget(self._title(self.tr("KPI tracking")))
        column.addWidget(self.chart, 3)
        column.addWidget(self._title(self.tr("Before and after the pilot")))
        column.addWidget(self.pilot_period)
        column.addLayout(self.pilot_table)
        column.addWidget(self.pilot_words)
        row = QHBoxLayout()
        row.addWidget(self._title(self.tr("Readings")))
        row.addStretch(1)
        row.addWidget(self.add_button)
        column.addLayout(row)
        column.addWidget(self.readings, 2)

    @staticmethod
    def _title(text: str) -> QLabel:
        label = QLabel(text)
        label.setStyleSheet(TITLE_STYLE)
        return label

    def refresh(self) -> None:
        """Read the target's readings and pilot again and show them."""
        (self.progress,) = store.target_progress([self.code])
        self.chart.show_chart(target_chart(self.progress, self.lang))
        self._show_pilot()
        self._show_readings()

    def _show_pilot(self) -> None:
        ba = self.progress.pilot
        period = ba.period_words(self.lang)
        self.pilot_period.setText(self.tr("Pilot: {period}").format(period=period) if period else "")
        self.pilot_period.setVisible(bool(period))
        while self.pilot_table.count():
            self.pilot_table.takeAt(0).widget().deleteLater()
        for r, cells in enumerate(ba.table(self.lang)):
            for c, text in enumerate(cells):
                label = QLabel(text)
                label.setObjectName(f"pilot_{r}_{c}")
                if r == 0:
                    label.setStyleSheet("color: #555;")
                self.pilot_table.addWidget(label, r, c)
        self.pilot_words.setText(ba.words(self.lang))

    def _show_readings(self) -> None:
        """The readings, the latest first."""
        reading = artefact("reading")
        rows = list(reversed(self.progress.readings))
        self.readings.setRowCount(len(rows))
        for n, r in enumerate(rows):
            cells = [r["code"]] + [values.display(reading.field(k), r.get(k), self.lang) for k in COLUMNS]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if COLUMNS[c - 1] == "value" and c:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.readings.setItem(n, c, item)

    def edit_reading(self, code: str | None) -> None:
        """The reading's own editor: a new one of this target, or the one with this code."""
        from reviewdesk.desktop.window.record_editor import RecordEditor  # the editor holds this panel

        record = store.get_record(code) if code else None
        editor = RecordEditor("reading", record, lang=self.lang, who=self.who, initial={"target": self.code},
                              parent=self)
        if editor.exec() and editor.change is not None and editor.change.fields:
            self.reading_saved.emit(editor.change)  # the target's editor redraws this panel


__all__ = ["TargetProgressPanel"]
