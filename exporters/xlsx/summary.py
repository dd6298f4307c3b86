"""The overview sheet: who the workbook is for, by when to return it, key figures and native Excel charts."""
from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from dataclasses import dataclass
from typing import Any, Callable, Mapping, Sequence

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from reviewdesk import store
from reviewdesk.templates import Artefact, Kind, artefact
from reviewdesk.templates.figures import Figures, Measure, Running, Tally

from reviewdesk.exporters.word.figures import categories

from reviewdesk.exporters.xlsx.help import t
from reviewdesk.exporters.xlsx.sheet import (LINE_HEIGHT, PAPERS, PrintLayout, column_points, line_count, print_layout,
                                             print_setup)
from reviewdesk.exporters.xlsx.styles import DATE_FORMAT, FONT_SIZE, HIGHLIGHT, Styles

CHART_SIZE = {"width": 480, "height": 270}
CHART_COLUMN = 4  # charts sit to the right of the tables, from column E
CHART_OFFSET = 10  # pixels between column E's left edge and a chart, and above it
WIDTHS = (22, 14, 14, 14)  # columns A–D: the tables, and notes wrapped across them
LAST_TEXT_COLUMN = len(WIDTHS) - 1
DEFAULT_WIDTH = 8.43  # Excel's width of the columns under the charts
ROW_HEIGHT = 15.0  # points; every row gets its height written, so every reader breaks pages alike
TITLE_HEIGHT = 26.0
READER_SPREAD = 1.4  # a reader without Calibri (or its metric twin Carlito) may draw columns this much wider
PAGE_HEIGHT = (8.27 - 2 * 0.6) * 72 * 0.96  # points of an A4 landscape page between the margins, with some room
REFERENCE_COLOR = "#7F7F7F"


class Stats:
    """The overview's figures (templates/figures.py), counted while the rows stream past; nothing kept per record."""

    def __init__(self, today: dt.date, department_of: Callable[[Artefact, Mapping[str, Any]], Any] = lambda a, r: None):
        self.running = Running(today, department_of)

    @property
    def figures(self) -> Figures:
        return self.running.figures

    @property
    def rows(self) -> Counter:
        return self.running.figures.rows

    def add(self, art_key: str, record: Mapping[str, Any]) -> None:
        self.running.add(artefact(art_key), record)


@dataclass
class Cover:
    """What the overview says about the workbook itself."""

    title: str
    lines: Sequence[tuple[str, Any]]  # (label, value) pairs; dates are written as dates
    sheets: Sequence[tuple[str, int, str]]  # (sheet name, rows, remark: hidden or not printed when empty)
    notes: Sequence[str]
    emphasis: str | None = None  # the label whose value stands out (the return deadline)
    # the legend: (sheet, HIGHLIGHT key, header of the cell it marks, whether it fills that cell, whole row?, meaning)
    marks: Sequence[tuple[str, str, str, bool, bool, str]] = ()
    reference: tuple[str, str] | None = None  # (label, export id): for support, small at the foot of the sheet


class OverviewWriter:
    """Writes an overview sheet top-down (the workbook's, a report's), every row with its height, and groups rows that
    belong on one page."""

    def __init__(self, workbook: Workbook, sheet: Worksheet, styles: Styles, lang: str):
        self.workbook, self.sheet, self.styles, self.lang = workbook, sheet, styles, lang
        self.heights: list[float] = []  # per row written so far
        self.blocks: list[tuple[int, int]] = []  # (first, last) rows printed on one page when they fit one
        self.charts: list = []

    @property
    def row(self) -> int:
        return len(self.heights)

    def _height(self, height: float) -> None:
        self.sheet.set_row(self.row, height)
        self.heights.append(height)

    def title(self, title: str, lines: Sequence[tuple[str, Any]], emphasis: str | None = None) -> None:
        """The columns' widths, the sheet's title and the (label, value) lines under it (dates written as dates, the
        `emphasis` label's value in red), kept on the first page."""
        for col, width in enumerate(WIDTHS):
            self.sheet.set_column(col, col, width)
        self.line(title, fmt=self.styles.text(bold=True, size=16), height=TITLE_HEIGHT)
        self.skip()
        label_fmt = self.styles.text(bold=True)
        for label, value in lines:
            strong = label == emphasis
            value_fmt = self.styles.text(bold=strong, color="#C00000" if strong else None,
                                         num_format=DATE_FORMAT if isinstance(value, dt.date) else None, align="left")
            self.line(label, value, formats=[label_fmt, value_fmt])
        self.keep(0)

    def finish(self, title: str) -> None:
        """Page breaks and charts placed (paginate), printed A4 landscape with the charts beside the tables, the
        sheet shown first."""
        layout = overview_layout(bool(self.charts))
        self.paginate(layout.scale)
        print_setup(self.sheet, self.lang, title, repeat_header=False, repeat_first_column=False, layout=layout,
                    widths=overview_widths(bool(self.charts)))
        self.sheet.hide_gridlines(2)
        self.sheet.activate()

    def skip(self) -> None:
        """An empty row."""
        self._height(ROW_HEIGHT)

    def line(self, *cells: Any, fmt=None, formats: Sequence | None = None, height: float = ROW_HEIGHT) -> int:
        row = self.row
        self._height(height)
        for col, value in enumerate(cells):
            f = formats[col] if formats else fmt
            if value is None:
                continue
            if isinstance(value, dt.date):
                self.sheet.write_datetime(row, col, value, f)
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                self.sheet.write_number(row, col, value, f)
            else:
                self.sheet.write_string(row, col, str(value), f)
        return row

    def keep(self, first: int) -> None:
        """Rows from `first` to the last one written stay on one page (a table and its title)."""
        self.blocks.append((first, self.row - 1))

    def table(self, title: str, headers: Sequence[str], rows: Sequence[Sequence[Any]], span_last: bool = False,
              formats: Sequence[Mapping[int, Any]] = (), heights: Sequence[float] = ()) -> tuple[int, int]:
        """A small titled table kept on one page; returns (first data row, last data row).

        `span_last`: the last column's cells reach to column D, for a longer text. `formats`: per row, {column:
        format} instead of the plain bordered cell; `heights`: per row, its height. Every cell is written in order,
        row after row (a streamed workbook cannot go back to a row)."""
        self.skip()
        top = self.line(title, fmt=self.styles.text(bold=True, size=11))
        head = self.styles.text(bold=True, fill="#DDEBF7", border=True)
        self._cells(headers, [head] * len(headers), span_last)
        first = self.row
        cell, wrapped = self.styles.text(border=True), self.styles.text(border=True, wrap=True)
        for index, r in enumerate(rows):
            special = formats[index] if index < len(formats) else {}
            plain = [cell] * (len(r) - 1) + [wrapped if span_last else cell]
            self._cells(r, [special.get(c, f) for c, f in enumerate(plain)], span_last,
                        heights[index] if index < len(heights) else ROW_HEIGHT)
        self.keep(top)
        return first, self.row - 1

    def _cells(self, values: Sequence[Any], formats: Sequence, span_last: bool, height: float = ROW_HEIGHT) -> None:
        row = self.line(*values[:-1] if span_last else values, formats=formats, height=height)
        if span_last:
            last = len(values) - 1
            self.sheet.merge_range(row, last, row, LAST_TEXT_COLUMN, "", formats[last])
            self.sheet.write(row, last, values[last], formats[last])

    def chart(self, chart, legend: bool = False) -> None:
        """A chart beside the tables, with a legend below it when it draws several series; placed when every row is
        known (paginate)."""
        chart.set_size(CHART_SIZE)
        chart.set_legend({"position": "bottom"} if legend else {"none": True})
        self.charts.append(chart)

    def wrapped(self, text: str, fmt) -> None:
        """A line of text wrapped across columns A–D, its row as tall as its lines."""
        row = self.row
        self._height(max(1, line_count(text, sum(WIDTHS))) * LINE_HEIGHT + 2)
        self.sheet.merge_range(row, 0, row, LAST_TEXT_COLUMN, text, fmt)

    def ref(self, first_row: int, last_row: int, col: int) -> list:
        return [self.sheet.name, first_row, col, last_row, col]

    def paginate(self, scale: int) -> None:
        """Page breaks where the rows fill a page at `scale` percent, never inside a kept block that fits a page,
        and the charts placed down the right so that none is cut by a break."""
        room = PAGE_HEIGHT * 100 / scale
        chart_height = (CHART_SIZE["height"] + 2 * CHART_OFFSET) * 0.75
        starts = page_starts(self.heights, self.blocks, room)
        anchors: list[int] = []
        row = 0
        for _ in self.charts:
            while True:
                while row >= len(self.heights):  # charts may reach below the tables
                    self.skip()
                    starts = page_starts(self.heights, self.blocks, room)
                top = max(s for s in starts if s <= row)
                after = min((s for s in starts if s > row), default=None)
                used = sum(self.heights[top:row])
                if used + chart_height <= room or row == top:
                    break
                if after is None:  # the chart starts a page of its own below the last row
                    self.blocks.append((row, row))
                    starts.append(row)
                    break
                row = after
            anchors.append(row)
            height, end = 0.0, row
            while height < chart_height:
                while end >= len(self.heights):
                    self.skip()
                height += self.heights[end]
                end += 1
            self.blocks.append((row, end - 1))  # the rows beside the chart stay on its page
            starts = page_starts(self.heights, self.blocks, room)
            row = end
        for chart, anchor in zip(self.charts, anchors):
            self.sheet.insert_chart(anchor, CHART_COLUMN, chart, {"x_offset": CHART_OFFSET, "y_offset": CHART_OFFSET})
        breaks = [s for s in page_starts(self.heights, self.blocks, room) if s > 0]
        if breaks:
            self.sheet.set_h_pagebreaks(breaks)


def page_starts(heights: Sequence[float], blocks: Sequence[tuple[int, int]], room: float) -> list[int]:
    """The first row of every page: rows fill a page of `room` points; a block that fits a page is not split."""
    block_end = {}
    for first, last in blocks:
        block_end[first] = max(block_end.get(first, first), last)
    starts, used, row = [0], 0.0, 0
    while row < len(heights):
        last = max(row, block_end.get(row, row))
        height = sum(heights[row:last + 1])
        if used and used + height > room and height <= room:
            starts.append(row)
            used = 0.0
        if height > room:  # taller than a page: its rows flow one by one
            last, height = row, heights[row]
            if used and used + height > room:
                starts.append(row)
                used = 0.0
        used += height
        row = last + 1
    return starts


def write_overview(workbook: Workbook, sheet: Worksheet, styles: Styles, lang: str, cover: Cover, stats: Stats,
                   lookups: store.Lookups) -> None:
    w = OverviewWriter(workbook, sheet, styles, lang)
    w.title(cover.title, cover.lines, cover.emphasis)
    w.table(t(lang, "工作表", "Sheets"), [t(lang, "工作表", "Sheet"), t(lang, "行数", "Rows"), t(lang, "说明", "Note")],
            [list(s) for s in cover.sheets], span_last=True)
    if cover.notes:
        w.skip()
        top = w.line(t(lang, "填写须知", "How to fill in"), fmt=styles.text(bold=True, size=11))
        for note in cover.notes:
            w.wrapped(note, styles.text(wrap=True))
        w.keep(top)
    if cover.marks:
        _legend(w, cover.marks, lang)
    _figures(w, stats, lang, lookups)
    if cover.reference:
        w.skip()
        label, value = cover.reference
        quiet = styles.text(color=REFERENCE_COLOR, align="left")
        w.line(label, value, formats=[quiet, quiet])
    w.finish(cover.title)


def overview_widths(charts: bool, spread: float = 1.0) -> list[float]:
    """The overview's printed widths in points: the table columns (`spread` times as wide as Excel draws them),
    then the charts beside them, whose size is fixed."""
    widths = [column_points(x) * spread for x in WIDTHS]
    if charts:  # a reader breaks pages between columns: the column the chart ends in is printed whole
        widths += [(CHART_OFFSET + CHART_SIZE["width"]) * 0.75, column_points(DEFAULT_WIDTH) * spread]
    return widths


def overview_layout(charts: bool) -> PrintLayout:
    """A4 landscape at a scale that keeps the charts beside the tables on one page wide even in a reader whose
    columns come out READER_SPREAD times wider than Excel's: a fixed scale, so the page breaks hold."""
    scale = print_layout(overview_widths(charts, READER_SPREAD)).scale
    return PrintLayout(PAPERS[0][0], scale, 1)


def _legend(w: OverviewWriter, marks: Sequence[tuple[str, str, str, bool, bool, str]], lang: str) -> None:
    """What the coloured cells and rows mean: each mark drawn on the header of the cell it marks, beside its meaning."""
    rows, formats, heights = [], [], []
    for sheet_name, style, column, filled, whole_row, meaning in marks:
        text = meaning + (t(lang, "；编号列上色，行内文字变色", "; number cell coloured, row text tinted") if whole_row else "")
        look = HIGHLIGHT[style]
        rows.append((sheet_name, column, text))
        formats.append({1: w.styles.text(border=True, fill=look.get("bg_color") if filled else None,
                                         color=look.get("font_color"), bold=look.get("bold", False),
                                         italic=look.get("italic", False))})
        heights.append(max(1, line_count(text, sum(WIDTHS[2:]))) * LINE_HEIGHT + 2)
    w.table(t(lang, "标记说明", "Marks"), [t(lang, "工作表", "Sheet"), t(lang, "标记", "Mark"), t(lang, "含义", "Meaning")],
            rows, span_last=True, formats=formats, heights=heights)


BAR_COLOURS = ("#2F5597", "#548235", "#BF8F00", "#7030A0", "#C55A11")


def _figures(w: OverviewWriter, stats: Stats, lang: str, lookups: store.Lookups) -> None:
    """Per artefact with rows (a table of zeros says nothing): its key figures, then each figure drawn as a chart
    with the table it is drawn from."""
    label = functools.partial(lookups.department_label, lang=lang)
    f = stats.figures
    charts = 0
    for key, rows in f.rows.items():
        if not rows:
            continue
        art = artefact(key)
        tallies = f.of(key)
        _key_figures(w, art, [t for t in tallies if t.figure.measure in KEY_MEASURES], lang, label)
        for tally in tallies:
            if tally.figure.measure is Measure.MATRIX:
                _matrix(w, art, tally, lang)
            elif tally.figure.chart and not tally.figure.together:
                _distribution(w, art, tally, lang, label, lookups.department_labels, BAR_COLOURS[charts % len(BAR_COLOURS)])
                charts += 1


KEY_MEASURES = (Measure.COUNT, Measure.AVERAGE, Measure.SHARE)


def _key_figures(w: OverviewWriter, art: Artefact, tallies: Sequence[Tally], lang: str, label) -> None:
    if not tallies:
        return
    share = w.styles.text(border=True, num_format="0%")
    rows, formats = [], []
    for tally in tallies:
        value = tally.value
        if tally.figure.measure is Measure.AVERAGE and value is not None:
            value = round(value, 2)
        rows.append([tally.figure.label(lang), "—" if value is None else value])
        if value is None:
            formats.append({})
        elif tally.figure.measure is Measure.SHARE:
            formats.append({1: share})
        elif tally.figure.unit:  # 62% of progress is a number of the field, not a share
            formats.append({1: w.styles.text(border=True, num_format=f'0"{tally.figure.unit}"')})
        else:
            formats.append({})
    w.table(t(lang, f"{art.sheet_zh}：关键数字", f"{art.sheet_en}: key figures"), [t(lang, "指标", "Figure"), t(lang, "值", "Value")],
            rows, formats=formats)


def _title(art: Artefact, tally: Tally, lang: str) -> str:
    """问题清单：按状态 / Issues: By status."""
    return t(lang, f"{art.sheet_zh}：{tally.figure.zh}", f"{art.sheet_en}: {tally.figure.en}")


def _matrix(w: OverviewWriter, art: Artefact, tally: Tally, lang: str) -> None:
    """A MATRIX figure: the nine cells as a table of levels (numbers the chart places, shown as words), the grid,
    and a bubble chart."""
    count = t(lang, "数量", "Count")
    rows_field, columns_field = (art.field(k) for k in tally.figure.fields)
    order = [c.key for c in reversed(columns_field.choices)]  # declared most pressing first: low … high
    levels = {k: i + 1 for i, k in enumerate(order)}
    axis_format = '[=1]"{0}";[=2]"{1}";"{2}"'.format(*(columns_field.choice(k).label(lang) for k in order))
    cells = tally.value
    rows = [[levels[c], levels[r], cells[(r, c)]] for r in order for c in order]
    level = w.styles.text(border=True, num_format=axis_format)  # the levels as words, numbers for the chart
    first, last = w.table(_title(art, tally, lang),
                          [columns_field.label(lang), rows_field.label(lang), count], rows,
                          formats=[{0: level, 1: level}] * len(rows))
    _matrix_grid(w, cells, order, lang, rows_field, columns_field)
    if any(cells.values()):
        w.chart(_matrix_chart(w, cells, lang, first, rows, rows_field, columns_field, order))


def _distribution(w: OverviewWriter, art: Artefact, tally: Tally, lang: str, label, departments, colour: str) -> None:
    """A BY figure as a table (every choice, every number of the field's range, or every department) and bars."""
    field_key = tally.figure.field
    field = art.field(field_key) if art.has_field(field_key) else None
    counts = tally.value
    if field is not None and field.kind is Kind.DEPARTMENT:
        rows = [[label(code), counts.get(code, 0)] for code in departments]
    else:
        labels, values = categories(art, field_key, counts, lang, label)
        rows = [[int(x) if field is not None and field.kind is Kind.INTEGER else x, n] for x, n in zip(labels, values)]
    title = _title(art, tally, lang)
    heading = field.label(lang) if field is not None else t(lang, "部门", "Department")
    first, last = w.table(title, [heading, t(lang, "数量", "Count")], rows)
    if any(counts.values()):
        kind = "bar" if field is not None and field.kind is Kind.DEPARTMENT else "column"
        w.chart(bars(w, kind, title, first, last, [(title, colour)], max(counts.values(), default=0)))


def _matrix_grid(w: OverviewWriter, cells: Counter, order: Sequence[str], lang: str, impact, frequency) -> None:
    """The matrix as a grid, the first field high at the top, the second high at the right, shaded by count."""
    w.skip()
    top = w.line(f"{impact.label(lang)} / {frequency.label(lang)}", *(frequency.choice(k).label(lang) for k in order),
                 fmt=w.styles.text(bold=True, fill="#DDEBF7", border=True))
    first = w.row
    for i in reversed(order):
        w.line(impact.choice(i).label(lang), *(cells[(i, f)] for f in order),
               formats=[w.styles.text(bold=True, fill="#DDEBF7", border=True)] + [w.styles.text(border=True)] * 3)
    w.sheet.conditional_format(first, 1, w.row - 1, 3, {
        "type": "2_color_scale", "min_color": "#FFFFFF", "max_color": "#F8696B"})
    w.keep(top)


def _matrix_chart(w: OverviewWriter, cells: Counter, lang: str, first: int, rows: list, impact, frequency,
                  order: Sequence[str]):
    """A scatter chart drawn as a bubble chart (xlsxwriter has no bubble type): one point per matrix cell,
    its marker sized by the number of records in it."""
    chart = w.workbook.add_chart({"type": "scatter"})
    largest = max(cells.values())
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
    chart.set_title({"name": f"{impact.label(lang)} × {frequency.label(lang)}", "name_font": {"size": 11}})
    low, high = (frequency.choice(k).label(lang) for k in (order[0], order[-1]))
    for axis, field in (("x", frequency), ("y", impact)):  # gridlines at 0.5 … 3.5 draw the nine cells
        getattr(chart, f"set_{axis}_axis")({
            "name": f"{field.label(lang)}({low} → {high})" if lang == "zh" else f"{field.label(lang)} ({low} → {high})",
            "min": 0.5, "max": 3.5, "major_unit": 1, "label_position": "none", "major_tick_mark": "none",
            "name_font": {"size": FONT_SIZE, "bold": False},
            "major_gridlines": {"visible": True, "line": {"color": "#A6A6A6"}}})
    return chart


def bars(w: OverviewWriter, kind: str, title: str, first: int, last: int, series: Sequence[tuple[str, str]],
         largest: float = 0):
    """Bars of a table's rows `first` to `last`: the categories in column A, one series per (name, colour) from
    column B on."""
    chart = w.workbook.add_chart({"type": kind})
    for column, (name, colour) in enumerate(series, 1):
        chart.add_series({"name": name, "categories": w.ref(first, last, 0), "values": w.ref(first, last, column),
                          "fill": {"color": colour}, "data_labels": {"value": True}, "gap": 60})
    chart.set_title({"name": title, "name_font": {"size": 11}})
    chart.set_style(10)
    axis: dict[str, Any] = {"major_gridlines": {"visible": True, "line": {"color": "#E7E6E6"}}, "min": 0}
    if largest < 5:  # counts are whole numbers: no 0.5 steps on a small axis
        axis["major_unit"] = 1
    (chart.set_x_axis if kind == "bar" else chart.set_y_axis)(axis)
    if kind == "bar":  # bars are drawn bottom-up: reverse them to read in table order
        chart.set_y_axis({"reverse": True})
    return chart
