"""The feedback report as a workbook: a summary sheet (key figures, the score distribution and its chart, the notes),
a sheet per breakdown, the low scores and the frequent suggestions, numbers written as numbers."""
from __future__ import annotations

import datetime as dt
import os
from typing import Any, Sequence

from reviewdesk import store
from reviewdesk.store.feedback import CALLBACK, FeedbackFigures, LowScore, Ratio
from reviewdesk.templates import Kind, t
from reviewdesk.templates.suggestions import METHOD

from reviewdesk.exporters.files import atomic_output
from reviewdesk.exporters.report import feedback_words as words
from reviewdesk.exporters.xlsx import properties
from reviewdesk.exporters.xlsx.export import close_workbook, new_workbook
from reviewdesk.exporters.xlsx.sheet import LINE_HEIGHT, column_points, line_count, print_layout, print_setup
from reviewdesk.exporters.xlsx.styles import DATE_FORMAT, Styles
from reviewdesk.exporters.xlsx.summary import READER_SPREAD, WIDTHS, OverviewWriter, bars

CURRENT_COLOUR, PREVIOUS_COLOUR = "#4472C4", "#A5A5A5"  # the Word charts' blue and grey
SHEETS = {"summary": ("概要", "Summary"), "low_scores": ("低分回访", "Low scores"),
          "suggestions": ("高频建议", "Suggestions")}
WRAP_WIDTH = 24  # columns at least this wide wrap their text


def write_feedback_xlsx(path: str | os.PathLike, figures: FeedbackFigures, *, lang: str, lookups: store.Lookups,
                        masked: bool) -> dict[str, int]:
    """Write the report's workbook to `path` (whole or not at all); returns the data rows of each sheet by name."""
    with atomic_output(path, ".xlsx") as temporary:
        workbook = new_workbook(temporary, streamed=False)
        try:
            styles = Styles(workbook, lang)
            title = t(lang, *words.TITLE)
            properties.describe(workbook, title=f"{title} {figures.current.period.label(lang)}")
            book = _Book(workbook, styles, figures, lang, lookups, masked)
            rows = {book.summary(): len(words.LINES)}
            for key in words.BREAKDOWNS:
                rows[words.breakdown_title(key, lang)] = book.breakdown(key)
            rows[t(lang, *SHEETS["low_scores"])] = book.low_scores()
            rows[t(lang, *SHEETS["suggestions"])] = book.suggestions()
        finally:
            close_workbook(workbook)
    return rows


class _Book:
    """The report's sheets, each written whole by one method."""

    def __init__(self, workbook, styles: Styles, figures: FeedbackFigures, lang: str, lookups: store.Lookups,
                 masked: bool):
        self.workbook, self.styles, self.f, self.lang, self.lookups, self.masked = (workbook, styles, figures, lang,
                                                                                     lookups, masked)
        self.short = [t(lang, "本期", "This period"), t(lang, "上期", "Previous")]
        self.share = styles.text(border=True, num_format="0%", align="right")  # a share, or — right-aligned alike
        self.decimal = styles.text(border=True, num_format="0.0", align="right")

    def value_format(self, value: Any):
        return self.share if isinstance(value, Ratio) else self.decimal if isinstance(value, float) else None

    def change_format(self, value: Any):
        points = t(self.lang, " 个百分点", " pts")
        return self.styles.text(border=True, num_format=f'+0"{points}";-0"{points}";0' if isinstance(value, Ratio)
                                else "+0.0;-0.0;0" if isinstance(value, float) else "+0;-0;0")

    def summary(self) -> str:
        f, lang, styles = self.f, self.lang, self.styles
        name = t(lang, *SHEETS["summary"])
        w = OverviewWriter(self.workbook, self.workbook.add_worksheet(name), styles, lang)
        title = t(lang, *words.TITLE)
        w.title(title, [(t(lang, "统计周期", "Period"), f.current.period.label(lang)),
                        (t(lang, "对比上期", "Compared with"), f.previous.period.label(lang)),
                        (t(lang, "编制日期", "Prepared on"), f.today),
                        (t(lang, "个人信息", "Personal data"), t(lang, "已隐藏", "masked") if self.masked
                         else t(lang, "已包含", "included"))])
        now, before = f.current.overall, f.previous.overall
        rows, formats, heights = [], [], []
        label_format = styles.text(border=True, wrap=True)
        for x in words.LINES:
            values = [x.read(now), x.read(before)]
            moved = words.change(*values)
            rows.append([x.label(lang), *(_number(v) for v in values), "—" if moved is None else moved])
            formats.append({0: label_format, 1: self.value_format(values[0]), 2: self.value_format(values[1]),
                            3: self.change_format(values[0])})
            heights.append(max(1, line_count(x.label(lang), WIDTHS[0] - 2)) * LINE_HEIGHT + 2)
        w.table(t(lang, "关键指标", "Key figures"), [t(lang, "指标", "Figure"), *self.short, t(lang, "变化", "Change")],
                rows, formats=[{k: v for k, v in row.items() if v is not None} for row in formats], heights=heights)
        score = CALLBACK.field("score")
        scores = range(int(score.minimum), int(score.maximum) + 1)
        chart_title = t(lang, "满意度评分分布", "Score distribution")
        first, last = w.table(chart_title, [score.label(lang), *self.short],
                              [[n, now.scores.get(n, 0), before.scores.get(n, 0)] for n in scores])
        names = words.period_names(f, lang)
        w.chart(bars(w, "column", chart_title, first, last, list(zip(names, (CURRENT_COLOUR, PREVIOUS_COLOUR))),
                     max([*now.scores.values(), *before.scores.values(), 0])), legend=True)
        w.skip()
        top = w.line(t(lang, "说明", "Notes"), fmt=styles.text(bold=True, size=11))
        for index, note in enumerate(words.notes(f, lang, self.masked), 1):
            w.wrapped(f"{index}. {note}", styles.text(wrap=True))
        w.keep(top)
        w.finish(title)
        return name

    def breakdown(self, field_key: str) -> int:
        """Each type's figures in two rows, this period's and the previous one's; shares as numbers."""
        lang = self.lang
        headers = [CALLBACK.field(field_key).label(lang), t(lang, "期间", "Period"),
                   *(x.label(lang) for x in words.LINES)]
        rows, formats = [], []
        for key, now, before in self.f.breakdown(field_key):
            for name, s in zip(self.short, (now, before)):
                values = [x.read(s) for x in words.LINES]
                rows.append([words.type_label(field_key, key, lang), name, *(_number(v) for v in values)])
                formats.append({i: self.value_format(v) for i, v in enumerate(values, 2)})
        return self.table(words.breakdown_title(field_key, lang), headers, rows, [10, 8, *([11] * len(words.LINES))],
                          formats)

    def low_scores(self) -> int:
        lang = self.lang
        headers = words.case_headers(lang) + [CALLBACK.field(k).label(lang) for k in words.CASE_DETAILS]
        widths = [9, 11, 8, 13, 8, 8, 8, 8, 10, 11, 11, 16] + [30] * len(words.CASE_DETAILS)
        rows = [self.case_row(low) for low in self.f.current.low_scores]
        return self.table(t(lang, *SHEETS["low_scores"]), headers, rows, widths)

    def case_row(self, low: LowScore) -> list[Any]:
        """A low score's cells as the Word table has them, its dates and its score as dates and a number."""
        cells: list[Any] = words.case_cells(low, self.lang, self.lookups, self.masked)
        for index, key in enumerate(words.CASE_FIELDS, 1):
            if CALLBACK.field(key).kind in (Kind.DATE, Kind.INTEGER):
                cells[index] = low.record.get(key)
        cells[-2] = low.recorded_on
        return cells + [low.record.get(k) for k in words.CASE_DETAILS]

    def suggestions(self) -> int:
        lang, sep = self.lang, t(self.lang, "；", "; ")
        headers = [t(lang, "序号", "No."), t(lang, "问题（原话）", "Problem (as worded)"), *self.short,
                   t(lang, "变化", "Change"), t(lang, "归入此组的其他表述", "Other wordings")]
        rows = [[i, g.text, *g.counts, g.counts[0] - g.counts[1],
                 sep.join(f"{x.text}（{sum(x.counts)}）" if lang == "zh" else f"{x.text} ({sum(x.counts)})"
                          for x in g.wordings[1:])] for i, g in enumerate(self.f.groups[:words.TOP_GROUPS], 1)]
        change = self.styles.text(border=True, num_format="+0;-0;0")
        return self.table(t(lang, *SHEETS["suggestions"]), headers, rows, [6, 34, 8, 8, 8, 40],
                          [{4: change}] * len(rows), note=t(lang, "注：", "Note: ") + t(lang, *METHOD))

    def table(self, name: str, headers: Sequence[str], rows: Sequence[Sequence[Any]], widths: Sequence[float],
              formats: Sequence[dict[int, Any]] = (), note: str = "") -> int:
        """A sheet holding one table: a header row kept in view and filterable, dates as dates, wide columns
        wrapped with their rows as tall as their lines, a note under the table; printed landscape. Returns its rows."""
        sheet, styles = self.workbook.add_worksheet(name), self.styles
        header = styles.header(locked=False, required=False)
        for col, (text, width) in enumerate(zip(headers, widths)):
            sheet.set_column(col, col, width)
            sheet.write_string(0, col, text, header)
        sheet.set_row(0, max(line_count(h, w - 1) for h, w in zip(headers, widths)) * LINE_HEIGHT + 4)
        plain, wrapped = styles.text(border=True), styles.text(border=True, wrap=True)
        date = styles.text(border=True, num_format=DATE_FORMAT, align="left")
        for index, row in enumerate(rows, 1):
            special = formats[index - 1] if index - 1 < len(formats) else {}
            lines = 1
            for col, value in enumerate(row):
                wide = widths[col] >= WRAP_WIDTH
                fmt = special.get(col) or (wrapped if wide else plain)
                if value is None or value == "":
                    sheet.write_blank(index, col, None, fmt)
                elif isinstance(value, dt.date):
                    sheet.write_datetime(index, col, value, date)
                elif isinstance(value, (int, float)):
                    sheet.write_number(index, col, value, fmt)
                else:
                    sheet.write_string(index, col, str(value), fmt)
                    lines = max(lines, line_count(str(value), widths[col] - 1) if wide else 1)
            if lines > 1:
                sheet.set_row(index, lines * LINE_HEIGHT)
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, max(len(rows), 1), len(headers) - 1)
        if note:
            below = len(rows) + 2
            sheet.merge_range(below, 0, below, len(headers) - 1, note, styles.text(wrap=True))
            sheet.set_row(below, (line_count(note, (sum(widths) - 2) / READER_SPREAD) + 1) * LINE_HEIGHT)
        printed = [column_points(w) for w in widths]
        layout = print_layout([w * READER_SPREAD for w in printed])  # one page wide in a reader drawing wider too
        print_setup(sheet, self.lang, name, t(self.lang, *words.TITLE), widths=printed, layout=layout)
        return len(rows)


def _number(value: Any) -> Any:
    """A figure as a cell holds it: a share as a fraction (formatted 0%), an average to two decimals, — for none."""
    if isinstance(value, Ratio):
        value = value.share
    if value is None:
        return "—"
    return round(value, 2) if isinstance(value, float) else value


__all__ = ["write_feedback_xlsx"]
