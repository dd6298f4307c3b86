"""The dashboard's box of the current review round: each department's workbook returned, not yet or overdue, and its
open actions, each a click away (the meeting's page; the department's open actions)."""
from __future__ import annotations

import datetime as dt
from typing import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QPushButton, QVBoxLayout, QWidget

from reviewdesk import store
from reviewdesk.templates import artefact
from reviewdesk.templates.figures import Figures

ACTION = artefact("action")
Link = Callable[..., QWidget]  # (text, name, artefact, filters, ranges, condition, urgent): a figure's button


def open_actions(f: Figures) -> dict[str, int]:
    """Open actions per owner department, as the dashboard counted them."""
    return {dept: n for dept, n in f.value("action", "open_by_department").items() if dept and n}


def returned_words(state: store.rounds.DepartmentState) -> str:
    """Where a department's workbook stands, as the dashboard says it: 已交回 2026-12-03（逾期）, 未交回 or 逾期未交回."""
    translate = QCoreApplication.translate
    if state.returned_at is None:
        return translate("RoundBox", "Overdue, not returned") if state.overdue else translate("RoundBox",
                                                                                               "Not returned yet")
    day = store.rounds.local_day(state.returned_at).isoformat()
    return (translate("RoundBox", "Returned {day}, late") if state.overdue else
            translate("RoundBox", "Returned {day}")).format(day=day)


class RoundBox(QGroupBox):
    """The current round, shown as 本轮评审 on the dashboard, the latest meeting with a round sent, its departments and
    their open actions."""

    def __init__(self, lang: str, today: dt.date, f: Figures, lookups: store.Lookups, link: Link,
                 open_meeting: Callable[[str], None], buttons: dict[str, QWidget]):
        super().__init__()
        self.lang, self.today, self.lookups = lang, today, lookups
        self.setObjectName("round_box")
        meeting = store.rounds.current_round()
        states = store.rounds.round_state(meeting, today) if meeting else []
        actions = open_actions(f)
        column = QVBoxLayout(self)
        if meeting is None:
            self.setTitle(self.tr("Current round"))
            hint = QLabel(self.tr("No workbooks sent yet: on the meetings page, choose Send to departments…"))
            hint.setStyleSheet("color: #555;")
            column.addWidget(hint)
        else:
            record = store.get_record(meeting, lookups)
            self.setTitle(self.tr("Current round: {code} {title}").format(code=meeting, title=record["title"]))
            column.addWidget(self._counts(states))
        grid = QGridLayout()
        grid.setVerticalSpacing(2)
        for c, header in enumerate((self.tr("Department"), self.tr("Workbook"), self.tr("Open actions"))):
            label = QLabel(header)
            label.setStyleSheet("font-weight: bold;")
            grid.addWidget(label, 0, c)
        in_round = [s.department for s in states]
        others = sorted((d for d in actions if d not in in_round), key=lambda d: lookups.department_label(d, lang))
        for r, dept in enumerate(in_round + others, 1):
            grid.addWidget(QLabel(lookups.department_label(dept, lang)), r, 0)
            state = next((s for s in states if s.department == dept), None)
            grid.addWidget(self._returned(state, meeting, open_meeting, buttons), r, 1)
            n = actions.get(dept, 0)
            grid.addWidget(link(str(n), f"round.actions.{dept}", ACTION, {"department": [dept]}, None, ACTION.open,
                                False), r, 2)
        grid.setHorizontalSpacing(24)
        grid.setColumnStretch(3, 1)  # the columns as wide as they need, the rest of the row empty
        column.addLayout(grid)

    def _counts(self, states: list[store.rounds.DepartmentState]) -> QLabel:
        back = sum(s.returned_at is not None for s in states)
        late = sum(s.overdue for s in states)
        deadline = states[0].deadline.isoformat() if states and states[0].deadline else "—"
        label = QLabel(self.tr("Due back {deadline} · returned {back} · not yet {waiting} · overdue {late}").format(
            deadline=deadline, back=back, waiting=len(states) - back, late=late))
        label.setObjectName("round_counts")
        return label

    def _returned(self, state: store.rounds.DepartmentState | None, meeting: str | None,
                  open_meeting: Callable[[str], None], buttons: dict[str, QWidget]) -> QWidget:
        if state is None:
            return QLabel(self.tr("Not in the round"))
        button = QPushButton(returned_words(state))
        button.setObjectName(f"figure_round.returned.{state.department}")
        button.setFlat(True)
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        button.setToolTip(self.tr("Open the meeting, its round status and reminders"))
        colour = "#9C0006" if state.overdue else "#1F4E79"
        button.setStyleSheet(f"QPushButton {{ text-align: left; color: {colour}; padding: 2px 4px; }}"
                             "QPushButton:hover { text-decoration: underline; }")
        button.clicked.connect(lambda: open_meeting(meeting))
        buttons[f"round.returned.{state.department}"] = button
        return button


__all__ = ["RoundBox", "open_actions", "returned_words"]
