"""The overview sheet: who the workbook is for, by when to return it, key figures and native Excel charts."""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field as dc_field
from typing import Any, Mapping, Sequence

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from reviewdesk.templates import artefact, rules

from reviewdesk.exporters.xlsx.help import t
from reviewdesk.exporters.xlsx.sheet import print_setup
from reviewdesk.exporters.xlsx.styles import DATE_FORMAT, Styles

LEVEL_ORDER = ("low", "medium", "high")  # the matrix axes, 1 = low … 3 = high
CHART_SIZE = {"width": 560, "height": 300}
CHART_COLUMN = 5  # charts sit to the right of the tables, from column F


@dataclass
class Stats:
    """Counts gathered while the rows stream past; nothing is kept per record."""

    today: dt.date
    rows: Counter = dc_field(default_factory=Counter)
    matrix: Counter = dc_field(default_factory=Counter)  # (impact, frequency)
    issue_status: Counter = dc_field(default_factory=Counter)
    plan_overdue: int = 0
    collab_open: Counter = dc_field(default_factory=Counter)  # cooperating department
    collab_overdue: int = 0
    scores: Counter = dc_field(default_factory=Counter)
    follow_up_pending: int = 0
    follow_up_overdue: int = 0

    def add(self, art_key: str, r: Mapping[str, Any]) -> None:
        self.rows[art_key] += 1
        if art_key == "issue":
            if r.get("impact") and r.get("frequency"):
                self.matrix[(r["impact"], r["frequency"])] += 1
            self.issue_status[r.get("status")] += 1
        elif art_key == "plan_step":
            self.plan_overdue += rules.plan_step_overdue(r, self.today)
        elif art_key == "collab":
            if artefact("collab").open_when(r):
                self.collab_open[r.get("cooperating_department")] += 1
            self.collab_overdue += rules.collab_overdue(r, self.today)
        elif art_key == "callback":
            if r.get("score") is not None:
                self.scores[r["score"]] += 1
            self.follow_up_pending += bool(artefact("callback").open_when(r))
            self.follow_up_overdue += rules.follow_up_overdue(r, self.today)


@dataclass
class Cover:
    """What the overview says about the workbook itself."""

    title: str
    lines: Sequence[tuple[str, Any]]  # (label, value) pairs; dates are written as dates
    sheets: Sequence[tuple[str, int]]  # (sheet name, rows)
    notes: Sequence[str]
    emphasis: str | None = None  # the label whose value stands out (the return deadline)


class _Writer:
    def __init__(self, workbook: Workbook, sheet: Worksheet, styles: Styles, lang: str):
        self.workbook, self.sheet, self.styles, self.lang = workbook, sheet, styles, lang
        self.row = 0
        self.chart_row = 0

    def line(self, *cells: Any, fmt=None, formats: Sequence | None = None) -> int:
        for col, value in enumerate(cells):
            f = formats[col] if formats else fmt
            if value is None:
                continue
            if isinstance(value, dt.date):
                self.sheet.write_datetime(self.row, col, value, f)
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                self.sheet.write_number(self.row, col, value, f)
            else:
                self.sheet.write_string(self.row, col, str(value), f)
        self.row += 1
        return self.row - 1

    def table(self, title: str, headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> tuple[int, int]:
        """A small titled table; returns (first data row, last data row)."""
        self.row += 1
        self.line(title, fmt=self.styles.text(bold=True, size=11))
        head = self.styles.text(bold=True, fill="#DDEBF7", border=True)
        self.line(*headers, fmt=head)
        first = self.row
        cell = self.styles.text(border=True)
        for r in rows:
            self.line(*r, fmt=cell)
        return first, self.row - 1

    def chart(self, chart) -> None:
        chart.set_size(CHART_SIZE)
        chart.set_legend({"none": True})
        self.sheet.insert_chart(self.chart_row, CHART_COLUMN, chart, {"x_offset": 10, "y_offset": 5})
        self.chart_row += 16

    def ref(self, first_row: int, last_row: int, col: int) -> list:
        return [self.sheet.name, first_row, col, last_row, col]


def write_overview(workbook: Workbook, sheet: Worksheet, styles: Styles, lang: str, cover: Cover, stats: Stats,
                   department_labels: Mapping[str, tuple[str, str]]) -> None:
    w = _Writer(workbook, sheet, styles, lang)
    sheet.set_column(0, 0, 22)
    sheet.set_column(1, 3, 14)
    w.line(cover.title, fmt=styles.text(bold=True, size=16))
    w.row += 1
    label_fmt = styles.text(bold=True)
    for label, value in cover.lines:
        strong = label == cover.emphasis
        value_fmt = styles.text(bold=strong, color="#C00000" if strong else None,
                                num_format=DATE_FORMAT if isinstance(value, dt.date) else None, align="left")
        w.line(label, value, formats=[label_fmt, value_fmt])
    first, last = w.table(t(lang, "工作表", "Sheets"), [t(lang, "工作表", "Sheet"), t(lang, "行数", "Rows")],
                          [list(s) for s in cover.sheets])
    if cover.notes:
        w.row += 1
        w.line(t(lang, "填写须知", "How to fill in"), fmt=styles.text(bold=True, size=11))
        for note in cover.notes:
            w.line(note, fmt=styles.text(wrap=False))
    _figures(w, stats, lang, department_labels)
    print_setup(sheet, lang, cover.title, repeat_header=False)
    sheet.hide_gridlines(2)
    sheet.activate()


def _figures(w: _Writer, stats: Stats, lang: str, department_labels: Mapping[str, tuple[str, str]]) -> None:
    issue, collab, callback = artefact("issue"), artefact("collab"), artefact("callback")
    count = t(lang, "数量", "Count")
    if "issue" in stats.rows:
        impact, frequency = issue.field("impact"), issue.field("frequency")
        levels = {k: i + 1 for i, k in enumerate(LEVEL_ORDER)}
        axis_format = '[=1]"{0}";[=2]"{1}";"{2}"'.format(*(frequency.choice(k).label(lang) for k in LEVEL_ORDER))
        rows = [[levels[f], levels[i], stats.matrix[(i, f)]] for i in LEVEL_ORDER for f in LEVEL_ORDER]
        first, last = w.table(t(lang, "问题:影响程度 × 发生频率", "Issues: impact × frequency"),
                              [frequency.label(lang), impact.label(lang), count], rows)
        for r in range(first, last + 1):  # show the levels as words, keep them numbers for the chart
            w.sheet.write_number(r, 0, rows[r - first][0], w.styles.text(border=True, num_format=axis_format))
            w.sheet.write_number(r, 1, rows[r - first][1], w.styles.text(border=True, num_format=axis_format))
        _matrix_grid(w, stats, lang, impact, frequency)
        if any(stats.matrix.values()):
            w.chart(_matrix_chart(w, stats, lang, first, rows, impact, frequency, axis_format))

        status = issue.field("status")
        rows = [[c.label(lang), stats.issue_status[c.key]] for c in status.choices]
        first, last = w.table(t(lang, "问题:按状态", "Issues by status"), [status.label(lang), count], rows)
        w.chart(_bars(w, "column", t(lang, "问题状态分布", "Issues by status"), first, last, "#2F5597",
                         max(stats.issue_status.values(), default=0)))
    if "plan_step" in stats.rows or "collab" in stats.rows:
        figures = []
        if "plan_step" in stats.rows:
            figures.append([t(lang, "方案步骤已逾期", "Plan steps overdue"), stats.plan_overdue])
        if "collab" in stats.rows:
            figures.append([t(lang, "协作申请已逾期", "Collaboration requests overdue"), stats.collab_overdue])
        w.table(t(lang, "逾期", "Overdue"), [t(lang, "项目", "Item"), count], figures)
    if "collab" in stats.rows:
        dept_field = collab.field("cooperating_department")
        rows = [[(zh if lang == "zh" else en), stats.collab_open[code]] for code, (zh, en) in department_labels.items()]
        first, last = w.table(t(lang, "未完成协作申请:按协作部门", "Open collaboration requests by department"),
                              [dept_field.label(lang), count], rows)
        if rows:
            w.chart(_bars(w, "bar", t(lang, "各部门未完成协作申请", "Open collaboration requests per department"),
                          first, last, "#548235", max(stats.collab_open.values(), default=0)))
    if "callback" in stats.rows:
        score = callback.field("score")
        low, high = int(score.minimum or 0), int(score.maximum or 10)
        rows = [[s, stats.scores[s]] for s in range(low, high + 1)]
        first, last = w.table(t(lang, "回访:满意度评分分布", "Callbacks: score distribution"), [score.label(lang), count], rows)
        w.chart(_bars(w, "column", t(lang, "满意度评分分布", "Score distribution"), first, last, "#BF8F00",
                         max(stats.scores.values(), default=0)))
        scored = sum(stats.scores.values())
        average = sum(s * n for s, n in stats.scores.items()) / scored if scored else 0
        good = sum(n for s, n in stats.scores.items() if s >= rules.FOLLOW_UP_SCORE) / scored if scored else 0
        first, last = w.table(t(lang, "回访:关键指标", "Callbacks: key figures"), [t(lang, "指标", "Figure"), t(lang, "值", "Value")], [
            [t(lang, "平均满意度", "Average score"), round(average, 2)],
            [t(lang, f"{rules.FOLLOW_UP_SCORE} 分及以上占比", f"Share scoring {rules.FOLLOW_UP_SCORE} or more"), good],
            [t(lang, "待二次沟通", "Follow-ups pending"), stats.follow_up_pending],
            [t(lang, "二次沟通已逾期", "Follow-ups overdue"), stats.follow_up_overdue]])
        w.sheet.write_number(first + 1, 1, good, w.styles.text(border=True, num_format="0.0%"))


def _matrix_grid(w: _Writer, stats: Stats, lang: str, impact, frequency) -> None:
    """The matrix as a grid, impact high at the top, frequency high at the right, shaded by count."""
    w.row += 1
    w.line(t(lang, "影响程度 / 发生频率", "Impact / frequency"), *(frequency.choice(k).label(lang) for k in LEVEL_ORDER),
           fmt=w.styles.text(bold=True, fill="#DDEBF7", border=True))
    first = w.row
    for i in reversed(LEVEL_ORDER):
        w.line(impact.choice(i).label(lang), *(stats.matrix[(i, f)] for f in LEVEL_ORDER),
               formats=[w.styles.text(bold=True, fill="#DDEBF7", border=True)] + [w.styles.text(border=True)] * 3)
    w.sheet.conditional_format(first, 1, w.row - 1, 3, {
        "type": "2_color_scale", "min_color": "#FFFFFF", "max_color": "#F8696B"})


def _matrix_chart(w: _Writer, stats: Stats, lang: str, first: int, rows: list, impact, frequency, axis_format: str):
    """A scatter chart drawn as a bubble chart (xlsxwriter has no bubble type): one point per matrix cell,
    its marker sized by the number of issues in it."""
    chart = w.workbook.add_chart({"type": "scatter"})
    largest = max(stats.matrix.values())
    for offset, (x, y, n) in enumerate(rows):
        if not n:
            continue
        r = first + offset
        chart.add_series({
            "categories": w.ref(r, r, 0), "values": w.ref(r, r, 1),
            "marker": {"type": "circle", "size": int(8 + 40 * (n / largest) ** 0.5),
                       "fill": {"color": "#C00000" if (x, y) == (3, 3) else "#2F5597", "transparency": 30},
                       "border": {"none": True}},
            "data_labels": {"value": False, "custom": [{"value": str(n)}], "position": "center",
                            "font": {"color": "#FFFFFF", "bold": True}}})
    chart.set_title({"name": t(lang, "影响程度 × 发生频率矩阵", "Impact × frequency matrix"), "name_font": {"size": 11}})
    low, high = (frequency.choice(k).label(lang) for k in (LEVEL_ORDER[0], LEVEL_ORDER[-1]))
    for axis, field in (("x", frequency), ("y", impact)):  # gridlines at 0.5 … 3.5 draw the nine cells
        getattr(chart, f"set_{axis}_axis")({
            "name": f"{field.label(lang)}({low} → {high})" if lang == "zh" else f"{field.label(lang)} ({low} → {high})",
            "min": 0.5, "max": 3.5, "major_unit": 1, "label_position": "none", "major_tick_mark": "none",
            "name_font": {"size": 9, "bold": False},
            "major_gridlines": {"visible": True, "line": {"color": "#A6A6A6"}}})
    return chart


def _bars(w: _Writer, kind: str, title: str, first: int, last: int, color: str, largest: int = 0):
    chart = w.workbook.add_chart({"type": kind})
    chart.add_series({"name": title, "categories": w.ref(first, last, 0), "values": w.ref(first, last, 1),
                      "fill": {"color": color}, "data_labels": {"value": True}, "gap": 60})
    chart.set_title({"name": title, "name_font": {"size": 11}})
    chart.set_style(10)
    axis: dict[str, Any] = {"major_gridlines": {"visible": True, "line": {"color": "#E7E6E6"}}, "min": 0}
    if largest < 5:  # counts are whole numbers: no 0.5 steps on a small axis
        axis["major_unit"] = 1
    (chart.set_x_axis if kind == "bar" else chart.set_y_axis)(axis)
    if kind == "bar":  # bars are drawn bottom-up: reverse them to read in table order
        chart.set_y_axis({"reverse": True})
    return chart
