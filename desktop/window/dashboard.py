"""The dashboard: the review pack's figures as SQL counts, each one a click away from its filtered table."""
from __future__ import annotations

import datetime as dt
from typing import Any

import peewee as pw
from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (QFrame, QGridLayout, QGroupBox, QLabel, QProgressBar, QPushButton, QScrollArea,
                               QVBoxLayout, QWidget)

from reviewdesk import store
from reviewdesk.store import marks
from reviewdesk.store.models import Department, model_for
from reviewdesk.templates import artefact, rules

MATRIX_COLOURS = {("high", "high"): "#F4B6BD", ("high", "medium"): "#FBD7A8", ("medium", "high"): "#FBD7A8",
                  ("medium", "medium"): "#FFF1B8"}
LEVELS = ("high", "medium", "low")


def open_statuses(art_key: str) -> list[str]:
    art = artefact(art_key)
    return [c.key for c in art.field("status").choices if art.open_when({"status": c.key, "follow_up_needed": "yes"})]


def counts_by(art_key: str, *keys: str, where: pw.Expression | None = None) -> dict[tuple, int]:
    model = model_for(art_key)
    columns = [getattr(model, k) for k in keys]
    query = model.select(*columns, pw.fn.COUNT(model.id)).group_by(*columns)
    if where is not None:
        query = query.where(where)
    return {tuple(row[:-1]): row[-1] for row in query.tuples()}


def figures(today: dt.date) -> dict[str, Any]:
    """Everything the dashboard shows, in a handful of GROUP BY queries."""
    issue, target, step, collab, callback = (model_for(k) for k in ("issue", "target", "plan_step", "collab",
                                                                       "callback"))
    soon = today + dt.timedelta(days=rules.FOLLOW_UP_DAYS)
    scores = callback.select(pw.fn.COUNT(callback.score), pw.fn.AVG(callback.score),
                             pw.fn.SUM(pw.Case(None, [(callback.score >= rules.FOLLOW_UP_SCORE, 1)], 0))).tuples()[0]
    pending = callback.follow_up_result.is_null() & (callback.follow_up_needed == "yes")
    return {
        "matrix": counts_by("issue", "impact", "frequency", where=issue.status.in_(open_statuses("issue"))),
        "issue_open": issue.select().where(issue.status.in_(open_statuses("issue"))).count(),
        "targets": counts_by("target", "status"),
        "steps": counts_by("plan_step", "status"),
        "steps_overdue": marks.count(artefact("plan_step"), artefact("plan_step").mark("overdue"), today),
        "progress": step.select(pw.fn.AVG(step.progress)).where(step.status != "cancelled").scalar(),
        "collab_open": counts_by("collab", "cooperating_department",
                                 where=collab.status.in_(open_statuses("collab"))),
        "collab_overdue": marks.count(artefact("collab"), artefact("collab").mark("overdue"), today),
        "callbacks": scores[0] or 0, "average": scores[1], "satisfied": scores[2] or 0,
        "due_48h": callback.select().where(pending, callback.follow_up_due >= today,
                                           callback.follow_up_due <= soon).count(),
        "follow_up_overdue": marks.count(artefact("callback"), artefact("callback").mark("follow_up_overdue"), today),
        "scores": counts_by("callback", "score"),
        "departments": {d.id: d.code for d in Department.select(Department.id, Department.code)},
    }


class Histogram(QWidget):
    """Bars of how many callbacks got each score, 0 to 10; a click on a bar asks for that score's table."""

    clicked = Signal(int)

    def __init__(self, counts: dict[int, int]):
        super().__init__()
        self.counts = counts
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
            colour = QColor("#E06666" if score < rules.FOLLOW_UP_SCORE else "#6AA84F")
            painter.fillRect(QRectF(score * slot + 4, base - height, slot - 8, height), colour)
            painter.setPen(QColor("#333"))
            painter.drawText(QRectF(score * slot, base, slot, 18), Qt.AlignmentFlag.AlignCenter, str(score))
            if n:
                painter.drawText(QRectF(score * slot, base - height - 16, slot, 16), Qt.AlignmentFlag.AlignCenter,
                                 f"{n:,}")

    def mousePressEvent(self, event) -> None:
        self.clicked.emit(min(10, int(event.position().x() // self._slot())))


class Dashboard(QScrollArea):
    """Figures of the review pack; open_filtered(artefact, filters, ranges) when one is clicked."""

    open_filtered = Signal(str, dict, dict)

    def __init__(self, lang: str, parent: QWidget | None = None, *, today: dt.date | None = None):
        super().__init__(parent)
        self.lang = lang
        self.today = today or dt.date.today()
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.buttons: dict[str, QPushButton] = {}
        self.refresh()

    def refresh(self) -> None:
        self.buttons = {}
        f = figures(self.today)
        lookups = store.Lookups()
        body = QWidget()
        grid = QGridLayout(body)
        grid.setSpacing(14)
        grid.addWidget(self._matrix(f), 0, 0)
        grid.addWidget(self._callbacks(f), 0, 1)
        grid.addWidget(self._bars(self.tr("Targets by status"), "target", "status", f["targets"]), 1, 0)
        grid.addWidget(self._plan(f), 1, 1)
        collab_rows = [(lookups.department_label(f["departments"].get(k[0], ""), self.lang) or self.tr("(none)"),
                        n, {"cooperating_department": [f["departments"].get(k[0])],
                            "status": open_statuses("collab")})
                       for k, n in sorted(f["collab_open"].items(), key=lambda kv: -kv[1]) if k[0] is not None]
        extra = self._link(self.tr("Overdue requests: {n}").format(n=f["collab_overdue"]), "collab_overdue", "collab",
                           {"status": open_statuses("collab")},
                           {"due_date": (None, self.today - dt.timedelta(days=1))})
        grid.addWidget(self._bar_box(self.tr("Open collaboration requests per department"), "collab", collab_rows,
                                     extra), 2, 0, 1, 2)
        grid.setRowStretch(3, 1)
        self.setWidget(body)

    # --- pieces ---
    def _link(self, text: str, name: str, art_key: str, filters: dict, ranges: dict | None = None) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(f"figure_{name}")
        button.setFlat(True)
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        colour = "#9C0006" if "overdue" in name else "#1F4E79"
        button.setStyleSheet(f"QPushButton {{ text-align: left; color: {colour}; padding: 2px 4px; }}"
                             "QPushButton:hover { text-decoration: underline; }")
        button.clicked.connect(lambda: self.open_filtered.emit(art_key, filters, ranges or {}))
        self.buttons[name] = button
        return button

    def _matrix(self, f: dict) -> QGroupBox:
        issue = artefact("issue")
        box = QGroupBox(self.tr("Open issues: impact × frequency ({n})").format(n=f["issue_open"]))
        grid = QGridLayout(box)
        impact, frequency = issue.field("impact"), issue.field("frequency")
        corner = QLabel(self.tr("impact ↓  frequency →"))
        corner.setStyleSheet("color: #666;")
        grid.addWidget(corner, 0, 0)
        for c, level in enumerate(LEVELS, 1):
            grid.addWidget(QLabel(frequency.choice(level).label(self.lang)), 0, c, Qt.AlignmentFlag.AlignCenter)
        for r, i_level in enumerate(LEVELS, 1):
            grid.addWidget(QLabel(impact.choice(i_level).label(self.lang)), r, 0)
            for c, f_level in enumerate(LEVELS, 1):
                n = f["matrix"].get((i_level, f_level), 0)
                cell = QPushButton(str(n))
                cell.setObjectName(f"figure_matrix_{i_level}_{f_level}")
                cell.setMinimumSize(72, 44)
                colour = MATRIX_COLOURS.get((i_level, f_level), "#E8F0E0")
                cell.setStyleSheet(f"QPushButton {{ background: {colour}; border: 1px solid #BBB; font-size: 15px;"
                                   f" font-weight: bold; }} QPushButton:hover {{ border: 2px solid #1F4E79; }}")
                filters = {"impact": [i_level], "frequency": [f_level], "status": open_statuses("issue")}
                cell.clicked.connect(lambda _=False, fl=filters: self.open_filtered.emit("issue", fl, {}))
                self.buttons[f"matrix_{i_level}_{f_level}"] = cell
                grid.addWidget(cell, r, c)
        note = QLabel(self.tr("Red: P1 core issues (high impact and high frequency)."))
        note.setStyleSheet("color: #666;")
        grid.addWidget(note, 4, 0, 1, 4)
        return box

    def _bars(self, title: str, art_key: str, field_key: str, counts: dict[tuple, int],
              extra: QWidget | None = None) -> QGroupBox:
        field = artefact(art_key).field(field_key)
        rows = [(c.label(self.lang), counts.get((c.key,), 0), {field_key: [c.key]}) for c in field.choices]
        return self._bar_box(title, art_key, rows, extra)

    def _bar_box(self, title: str, art_key: str, rows: list[tuple[str, int, dict]],
                 extra: QWidget | None = None) -> QGroupBox:
        box = QGroupBox(title)
        grid = QGridLayout(box)
        top = max([n for _, n, _ in rows] + [1])
        for r, (label, n, filters) in enumerate(rows):
            grid.addWidget(self._link(label, f"{art_key}_{r}", art_key, filters), r, 0)
            bar = QProgressBar()
            bar.setRange(0, top)
            bar.setValue(n)
            bar.setTextVisible(False)
            bar.setMaximumHeight(14)
            grid.addWidget(bar, r, 1)
            count = QLabel(f"{n:,}")
            count.setMinimumWidth(44)
            count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(count, r, 2)
        if not rows:
            grid.addWidget(QLabel(self.tr("Nothing open.")), 0, 0)
        if extra is not None:
            grid.addWidget(extra, len(rows) + 1, 0, 1, 3)
        grid.setColumnStretch(1, 1)
        return box

    def _plan(self, f: dict) -> QGroupBox:
        progress = f["progress"]
        extra = QWidget()
        column = QVBoxLayout(extra)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(QLabel(self.tr("Average progress: {p}").format(
            p="—" if progress is None else f"{progress:.0f}%")))
        column.addWidget(self._link(self.tr("Overdue steps: {n}").format(n=f["steps_overdue"]), "steps_overdue",
                                    "plan_step", {"status": open_statuses("plan_step")},
                                    {"end_date": (None, self.today - dt.timedelta(days=1))}))
        return self._bars(self.tr("Plan steps by status"), "plan_step", "status", f["steps"], extra)

    def _callbacks(self, f: dict) -> QGroupBox:
        box = QGroupBox(self.tr("Customer callbacks"))
        column = QVBoxLayout(box)
        n = f["callbacks"]
        average = "—" if f["average"] is None else f"{f['average']:.1f}"
        share = "—" if not n else f"{100 * f['satisfied'] / n:.0f}%"
        big = QLabel(self.tr("Average score {average} / 10 · {share} scored 8 or more · {n} callbacks").format(
            average=average, share=share, n=f"{n:,}"))
        big.setStyleSheet("font-size: 15px; font-weight: bold;")
        big.setWordWrap(True)
        column.addWidget(big)
        column.addWidget(self._link(self.tr("Scores under 8: follow-up needed"), "low_scores", "callback",
                                    {"follow_up_needed": ["yes"]}))
        soon = self.today + dt.timedelta(days=rules.FOLLOW_UP_DAYS)
        column.addWidget(self._link(self.tr("Follow-ups due within 48 hours: {n}").format(n=f["due_48h"]), "due_48h",
                                    "callback", {"follow_up_needed": ["yes"], "follow_up_result": [None]},
                                    {"follow_up_due": (self.today, soon)}))
        column.addWidget(self._link(self.tr("Follow-ups overdue: {n}").format(n=f["follow_up_overdue"]),
                                    "follow_up_overdue", "callback",
                                    {"follow_up_needed": ["yes"], "follow_up_result": [None]},
                                    {"follow_up_due": (None, self.today - dt.timedelta(days=1))}))
        histogram = Histogram({k[0]: n for k, n in f["scores"].items() if k[0] is not None})
        histogram.setObjectName("figure_scores")
        histogram.setToolTip(self.tr("Callbacks per score; click a bar to see them."))
        histogram.clicked.connect(lambda score: self.open_filtered.emit("callback", {}, {"score": (score, score)}))
        column.addWidget(histogram, 1)
        return box


__all__ = ["Dashboard", "figures"]
