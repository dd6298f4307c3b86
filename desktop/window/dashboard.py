"""The dashboard: the figures each artefact declares (templates/figures.py), counted in the database, each a click
away from the records it counts."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (QFrame, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QProgressBar, QPushButton,
                               QScrollArea, QVBoxLayout, QWidget)

from reviewdesk import store
from reviewdesk.templates import WORKBOOK_ARTEFACTS, Artefact, Kind, artefact, language
from reviewdesk.templates.figures import OWNER, Figures, Measure, Tally, categories, in_words
from reviewdesk.templates.marks import Condition, Mark, as_filters


COLUMNS = 3  # boxes side by side: a desktop window shows most figures without scrolling
CLASS_COLOURS = ("#F4B6BD", "#FBD7A8", "#FFF1B8", "#E8F0E0")  # a matrix's classes, the most pressing first
# A panel's tiles by the value they count (a target's tracking status): (background, text); others grey.
TILE_COLOURS = {"not_started": ("#EDEDED", "#555555"), "reached": ("#E2EFDA", "#38761D"),
                "on_track": ("#DDEBF7", "#1F4E79"), "at_risk": ("#FFF2CC", "#9C5700"),
                "overdue": ("#F8D7DA", "#9C0006")}


def figures(today: dt.date) -> Figures:
    """Everything the dashboard shows: the figures each artefact declares, counted in the database."""
    return store.count_figures(WORKBOOK_ARTEFACTS, today)


class Histogram(QWidget):
    """Bars of how many callbacks got each score, 0 to 10; a click on a bar asks for that score's table."""

    clicked = Signal(int)

    def __init__(self, counts: dict[int, int], mark: Mark | None = None):
        super().__init__()
        self.counts = counts
        self.mark = mark  # the values it holds for are drawn red
        self.setMinimumHeight(110)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def _slot(self) -> float:
        return self.width() / 11

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        top = max(self.counts.values(), default=0) or 1
        slot, base = self._slot(), self.height() - 18
        for score in range(11):
            n = self.counts.get(score, 0)
            height = (base - 16) * n / top
            marked = self.mark is not None and self.mark.holds({self.mark.column: score})
            colour = QColor("#E06666" if marked else "#6AA84F")
            painter.fillRect(QRectF(score * slot + 4, base - height, slot - 8, height), colour)
            painter.setPen(QColor("#333"))
            painter.drawText(QRectF(score * slot, base, slot, 18), Qt.AlignmentFlag.AlignCenter, str(score))
            if n:
                painter.drawText(QRectF(score * slot, base - height - 16, slot, 16), Qt.AlignmentFlag.AlignCenter,
                                 f"{n:,}")

    def mousePressEvent(self, event) -> None:
        self.clicked.emit(min(10, int(event.position().x() // self._slot())))


class Dashboard(QScrollArea):
    """Each artefact's figures in a box; open_filtered(artefact, filters, ranges) when one is clicked."""

    open_filtered = Signal(str, dict, dict)

    def __init__(self, lang: str, parent: QWidget | None = None, *, today: dt.date | None = None):
        super().__init__(parent)
        self.lang = lang
        self.today = today or dt.date.today()
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.buttons: dict[str, QWidget] = {}
        self.refresh()

    def refresh(self) -> None:
        self.buttons = {}
        self.lookups = store.Lookups()
        f = figures(self.today)
        body = QWidget()
        grid = QGridLayout(body)
        grid.setSpacing(14)
        panels = [(artefact(key), tally) for key in WORKBOOK_ARTEFACTS for tally in f.of(key) if tally.figure.panel]
        for row, (art, tally) in enumerate(panels):
            grid.addWidget(self._panel(art, tally, f.rows[art.key]), row, 0, 1, COLUMNS)
        for index, key in enumerate(WORKBOOK_ARTEFACTS):
            grid.addWidget(self._box(artefact(key), f), len(panels) + index // COLUMNS, index % COLUMNS,
                           Qt.AlignmentFlag.AlignTop)
        grid.setRowStretch(len(panels) + (len(WORKBOOK_ARTEFACTS) + COLUMNS - 1) // COLUMNS, 1)
        self.setWidget(body)

    def _box(self, art: Artefact, f: Figures) -> QGroupBox:
        """One artefact's figures: the matrix, the counts and averages as lines, the distributions as bars."""
        box = QGroupBox(f"{art.label(self.lang)}（{f.rows[art.key]:,}）" if self.lang == "zh" else
                        f"{art.label(self.lang)} ({f.rows[art.key]:,})")
        column = QVBoxLayout(box)
        for tally in f.of(art.key):
            figure = tally.figure
            if figure.together or figure.panel:
                continue  # drawn in the pack's shared chart (each artefact's own count is its line), or a panel above
            if figure.measure is Measure.MATRIX:
                column.addWidget(self._matrix(art, tally))
            elif figure.measure is Measure.BY:
                column.addWidget(self._distribution(art, tally))
            elif figure.measure is Measure.TOP:
                column.addWidget(self._top(art, tally))
            else:
                column.addWidget(self._line(art, tally))
        column.addStretch(1)
        return box

    def _panel(self, art: Artefact, tally: Tally, records: int) -> QGroupBox:
        """A figure by the values of one field as a row of tiles across the dashboard, each a count that opens the
        records with that value."""
        figure = tally.figure
        title = language.t(self.lang, f"{art.sheet_zh}：{figure.zh}（{records:,}）", f"{art.sheet_en}: {figure.en} "
                                                                                   f"({records:,})")
        box = QGroupBox(title)
        box.setObjectName(f"panel_{art.key}.{figure.key}")
        row = QHBoxLayout(box)
        field = art.field(figure.field)
        for choice in field.choices:
            n = tally.value.get(choice.key, 0)
            tile = self._link(f"{n:,}\n{choice.label(self.lang)}", f"{art.key}.{figure.key}.{choice.key}", art,
                              {field.key: [choice.key]}, None, figure.condition(art))
            background, ink = TILE_COLOURS.get(choice.key, TILE_COLOURS["not_started"])
            tile.setStyleSheet(f"QPushButton {{ background: {background}; color: {ink}; border: 1px solid #CCC; "
                               "border-radius: 4px; padding: 6px 10px; font-size: 15px; font-weight: bold; }"
                               f" QPushButton:hover {{ border: 2px solid {ink}; }}")
            tile.setMinimumHeight(56)
            tile.setToolTip(self.tr("Open the records counted here."))
            row.addWidget(tile, 1)
        return box

    # --- pieces ---
    def _link(self, text: str, name: str, art: Artefact, filters: dict, ranges: dict | None = None,
              condition: Condition | None = None, urgent: bool = False) -> QWidget:
        """A figure that opens the table of the records it counts: `filters` and `ranges` and, added to them, the
        figure's `condition`; a plain label when the table's filters cannot say that condition exactly."""
        narrowed = self._narrowed(art, filters, ranges or {}, condition)
        if narrowed is None:
            label = QLabel(text)
            label.setObjectName(f"figure_{name}")
            label.setStyleSheet("padding: 2px 4px;")
            self.buttons[name] = label
            return label
        button = QPushButton(text)
        button.setObjectName(f"figure_{name}")
        button.setFlat(True)
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        colour = "#9C0006" if urgent else "#1F4E79"
        button.setStyleSheet(f"QPushButton {{ text-align: left; color: {colour}; padding: 2px 4px; }}"
                             "QPushButton:hover { text-decoration: underline; }")
        button.clicked.connect(lambda: self.open_filtered.emit(art.key, *narrowed))
        self.buttons[name] = button
        return button

    def _open_narrowed(self, art: Artefact, filters: dict, ranges: dict, condition: Condition | None) -> None:
        narrowed = self._narrowed(art, filters, ranges, condition)
        if narrowed is not None:
            self.open_filtered.emit(art.key, *narrowed)

    def _narrowed(self, art: Artefact, filters: dict, ranges: dict,
                  condition: Condition | None) -> tuple[dict, dict] | None:
        if condition is None:
            return filters, ranges
        said = as_filters(condition, art, self.today)
        if said is None:
            return None
        more_filters, more_ranges = said
        if set(more_filters) & set(filters) or set(more_ranges) & set(ranges):
            return None  # the figure's own value and its condition on one field: not one filter
        return {**filters, **more_filters}, {**ranges, **more_ranges}

    def _line(self, art: Artefact, tally: Tally) -> QWidget:
        """A count (a link to the records it counts), an average or a share."""
        figure = tally.figure
        value = in_words(tally, art, self.lang, self._department)
        text = f"{figure.label(self.lang)}：{value}" if self.lang == "zh" else f"{figure.label(self.lang)}: {value}"
        if figure.measure is not Measure.COUNT:
            label = QLabel(text)
            label.setObjectName(f"figure_{art.key}.{figure.key}")
            self.buttons[f"{art.key}.{figure.key}"] = label
            return label
        urgent = isinstance(figure.only, str) and figure.only in {m.key for m in art.marks if m.style == "overdue"}
        return self._link(text, f"{art.key}.{figure.key}", art, {}, None, figure.condition(art), urgent and tally.value > 0)

    def _top(self, art: Artefact, tally: Tally) -> QWidget:
        label = QLabel(f"{tally.figure.label(self.lang)}：\n" + in_words(tally, art, self.lang, self._department)
                       if self.lang == "zh" else
                       f"{tally.figure.label(self.lang)}:\n" + in_words(tally, art, self.lang, self._department))
        label.setWordWrap(True)
        label.setStyleSheet("color: #555;")
        return label

    def _department(self, code: str) -> str:
        return self.lookups.department_label(code, self.lang) or self.tr("(none)")

    def _matrix(self, art: Artefact, tally: Tally) -> QWidget:
        """The matrix as a grid of buttons, the first field's high values at the top, coloured by class."""
        figure = tally.figure
        rows_field, columns_field = (art.field(k) for k in figure.fields)
        cell = art.field(figure.cell).computed if figure.cell else None
        colours = {k: CLASS_COLOURS[min(i, len(CLASS_COLOURS) - 1)] for i, (k, _, _) in enumerate(figure.legend)}
        holder = QWidget()
        grid = QGridLayout(holder)
        grid.setContentsMargins(0, 0, 0, 0)
        title = QLabel(f"{figure.label(self.lang)}（{sum(tally.value.values()):,}）" if self.lang == "zh" else
                       f"{figure.label(self.lang)} ({sum(tally.value.values()):,})")
        title.setStyleSheet("font-weight: bold;")
        grid.addWidget(title, 0, 0, 1, 4)
        corner = QLabel(f"{rows_field.label(self.lang)} ↓  {columns_field.label(self.lang)} →")
        corner.setStyleSheet("color: #666;")
        grid.addWidget(corner, 1, 0)
        levels = [c.key for c in rows_field.choices]  # declared most pressing first
        for c, level in enumerate(reversed(levels), 1):
            grid.addWidget(QLabel(columns_field.choice(level).label(self.lang)), 1, c, Qt.AlignmentFlag.AlignCenter)
        for r, row_level in enumerate(levels, 2):
            grid.addWidget(QLabel(rows_field.choice(row_level).label(self.lang)), r, 0)
            for c, column_level in enumerate(reversed(levels), 1):
                n = tally.value.get((row_level, column_level), 0)
                name = f"{art.key}.{figure.key}.{row_level}.{column_level}"
                button = QPushButton(str(n))
                button.setObjectName(f"figure_{name}")
                button.setMinimumSize(56, 36)
                kind = cell({rows_field.key: row_level, columns_field.key: column_level}) if cell else None
                button.setStyleSheet(f"QPushButton {{ background: {colours.get(kind, CLASS_COLOURS[-1])}; "
                                     "border: 1px solid #BBB; font-size: 15px; font-weight: bold; }"
                                     " QPushButton:hover { border: 2px solid #1F4E79; }")
                filters = {rows_field.key: [row_level], columns_field.key: [column_level]}
                narrowed = self._narrowed(art, filters, {}, figure.condition(art))
                if narrowed is not None:
                    button.clicked.connect(lambda _=False, n=narrowed: self.open_filtered.emit(art.key, *n))
                self.buttons[name] = button
                grid.addWidget(button, r, c)
        if figure.legend:
            legend = QLabel("  ".join(f"<span style='color: {colours[k]}; font-size: 15px;'>■</span> "
                                      f"{zh if self.lang == 'zh' else en}" for k, zh, en in figure.legend))
            legend.setStyleSheet("color: #666;")
            grid.addWidget(legend, len(levels) + 2, 0, 1, 4)
        return holder

    def _distribution(self, art: Artefact, tally: Tally) -> QWidget:
        """Bars per value; a click opens the records with that value (among those the figure counts)."""
        figure = tally.figure
        field = art.field(figure.field) if figure.field != OWNER else None
        holder = QWidget()
        grid = QGridLayout(holder)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setVerticalSpacing(2)
        title = QLabel(figure.label(self.lang))
        title.setStyleSheet("font-weight: bold;")
        grid.addWidget(title, 0, 0, 1, 3)
        if field is not None and field.kind is Kind.INTEGER and not field.choices:
            histogram = Histogram({k: n for k, n in tally.value.items() if k is not None},
                                  next((m for m in art.marks if m.column == field.key), None))
            histogram.setObjectName(f"figure_{art.key}.{figure.key}")
            histogram.setToolTip(self.tr("Click a bar to see its records."))
            histogram.clicked.connect(lambda v: self._open_narrowed(art, {}, {field.key: (v, v)}, figure.condition(art)))
            self.buttons[f"{art.key}.{figure.key}"] = histogram
            grid.addWidget(histogram, 1, 0, 1, 3)
            return holder
        labels, counts = categories(art, figure.field, tally.value, self.lang, self._department)
        keys = [c.key for c in field.choices] if field is not None and field.choices else \
            [k for k, _ in tally.value.most_common() if k is not None]
        top = max(counts + [1])
        for r, (label, n, key) in enumerate(zip(labels, counts, keys), 1):
            filters = {field.key: [key]} if field is not None else {}
            grid.addWidget(self._link(label, f"{art.key}.{figure.key}.{key}", art, filters, None,
                                      figure.condition(art)), r, 0)
            bar = QProgressBar()
            bar.setRange(0, top)
            bar.setValue(n)
            bar.setTextVisible(False)
            bar.setMaximumHeight(12)
            grid.addWidget(bar, r, 1)
            count = QLabel(f"{n:,}")
            count.setMinimumWidth(44)
            count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(count, r, 2)
        if not keys:
            grid.addWidget(QLabel(self.tr("Nothing open.")), 1, 0)
        grid.setColumnStretch(1, 1)
        return holder


__all__ = ["Dashboard", "figures"]
