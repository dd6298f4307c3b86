"""One artefact's sheet: header, rows streamed in order, widths, drop-downs, highlights, protection, print setup."""
from __future__ import annotations

import datetime as dt
import itertools
import math
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Mapping, Sequence

from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

from reviewdesk.templates import Artefact, Kind, t

from reviewdesk.exporters.xlsx.help import input_title
from reviewdesk.exporters.xlsx.highlights import fills, highlights
from reviewdesk.exporters.xlsx.layout import Column
from reviewdesk.exporters.xlsx.styles import FONT_SIZE, Styles

SAMPLE_ROWS = 200  # rows looked at to fit column widths before they are written
HEADER_HEIGHT = 30
LINE_HEIGHT = 14  # points per line of 10-point text
MAX_LINES = 8  # taller rows are cut off; the full text is in the cell
FIRST_DATE, LAST_DATE = dt.date(1900, 1, 1), dt.date(9999, 12, 31)
MIN_PRINTED_POINTS = 8  # printed text is never smaller than this
PAPERS = ((9, 297.0), (8, 420.0))  # xlsxwriter paper codes of A4 and A3, with their landscape width in mm
SIDE_MARGIN = 0.4  # inches, left and right
ROOM = 0.97  # of the printable width the estimate may fill: readers round column widths their own way
PROTECTION = {"sort": True, "autofilter": True, "format_columns": True, "format_rows": True,
              "select_locked_cells": True, "select_unlocked_cells": True}


def line_count(text: str, chars: float) -> int:
    """Lines a wrapped cell needs: its own line breaks, and long lines folded at the column width.

    Widths are estimated from the UTF-8 length (a Chinese character takes three bytes and two columns),
    which is far cheaper than asking unicodedata about every character.
    """
    lines = 0
    chars *= 1.1  # a Chinese character is a little narrower than two digits of the default font
    for part in text.split("\n"):
        width = (len(part.encode()) + len(part)) // 2
        lines += 1 + int(width // chars) if width else 1
    return lines


def _escape(text: str) -> str:
    """Text inside an Excel page header or footer, where & starts a code."""
    return text.replace("&", "&&")


def column_points(width: float) -> float:
    """A column's printed width in points at 100 %, as Excel draws it: `width` characters of the workbook's default
    font (Calibri 11, 7 pixels a digit) plus 5 pixels of padding, at 96 pixels an inch."""
    pixels = int(width * 12 + 0.5) if width < 1 else int(width * 7 + 0.5) + 5
    return pixels * 0.75


@dataclass(frozen=True)
class PrintLayout:
    """How a sheet is printed: on which paper, at which scale, and over how many pages side by side."""

    paper: int  # xlsxwriter's paper code: 9 A4, 8 A3 (always landscape)
    scale: int  # percent
    pages_across: int  # 1: every column on one page wide

    @property
    def paper_name(self) -> str:
        return {9: "A4", 8: "A3"}[self.paper]


def _printable(mm: float) -> float:
    """Points of a landscape page's width the columns may fill."""
    return (mm / 25.4 - 2 * SIDE_MARGIN) * 72 * ROOM


def pages_across(widths: Sequence[float], room: float) -> int:
    """Pages side by side that columns of `widths` points need in `room` points, the first column repeated on each."""
    pages, used = 1, 0.0
    for width in widths:
        if used and used + width > room:
            pages += 1
            used = widths[0] + width
        else:
            used += width
    return pages


def print_layout(widths: Sequence[float], font_points: float = FONT_SIZE) -> PrintLayout:
    """The paper and scale that print columns of `widths` points with text never under MIN_PRINTED_POINTS.

    The whole width on one page when that holds on A4, else on A3 (landscape both); otherwise A4 landscape at the
    largest scale that needs the fewest pages side by side, the first column repeated on every page. The scale is
    fixed (not Excel's fit-to-width), so a reader whose columns come out wider than Excel's (another font) lets
    them flow to another page instead of printing smaller text.
    """
    lowest = math.ceil(100 * MIN_PRINTED_POINTS / font_points)
    total = sum(widths) or 1.0
    for paper, mm in PAPERS:
        scale = min(100, math.floor(100 * _printable(mm) / total))
        if scale >= lowest:
            return PrintLayout(paper, scale, 1)
    paper, mm = PAPERS[0]
    room = _printable(mm)
    best = None
    for scale in sorted({*range(100, lowest, -5), lowest}, reverse=True):
        across = pages_across(widths, room * 100 / scale)
        if best is None or across < best.pages_across:
            best = PrintLayout(paper, scale, across)
    return best


def print_setup(sheet: Worksheet, lang: str, title: str, note: str = "", *, widths: Sequence[float],
                repeat_header: bool = True, repeat_first_column: bool = True, layout: PrintLayout | None = None,
                font_points: float = FONT_SIZE) -> PrintLayout:
    """Landscape A4 or A3 at a scale whose text is never under 8 points (print_layout, unless `layout` is given),
    header row and first column on every page, pages read across before down, page numbers in the footer.
    `widths` in points."""
    layout = layout or print_layout(widths, font_points)
    sheet.set_landscape()
    sheet.set_paper(layout.paper)
    sheet.set_print_scale(layout.scale)
    sheet.set_margins(left=SIDE_MARGIN, right=SIDE_MARGIN, top=0.6, bottom=0.6)
    if repeat_header:
        sheet.repeat_rows(0)
    if repeat_first_column:
        sheet.repeat_columns(0)
    sheet.print_across()
    sheet.set_header(f"&L{_escape(title)}&R{_escape(note)}", {"margin": 0.25})
    sheet.set_footer(t(lang, "&C第 &P 页，共 &N 页", "&CPage &P of &N"), {"margin": 0.25})
    return layout


def _validation(col: Column, last_row: int) -> dict[str, Any] | None:
    """The data validation of a column's cells: a list, a date, a number range or a text length."""
    field = col.field
    options: dict[str, Any] = {"input_title": input_title(col.header), "input_message": col.message,
                               "error_type": "stop", "error_title": input_title(col.header),
                               "error_message": col.message}
    if field is None or field.is_computed or (col.locked and not col.open_below) or last_row < 1:
        return {"validate": "any", "input_title": options["input_title"], "input_message": col.message}
    if col.list_ref is not None:
        return {**options, "validate": "list", "source": col.list_ref.source}
    if field.kind is Kind.DATE:
        return {**options, "validate": "date", "criteria": "between", "minimum": FIRST_DATE, "maximum": LAST_DATE}
    if field.kind in (Kind.INTEGER, Kind.DECIMAL):
        kind = "integer" if field.kind is Kind.INTEGER else "decimal"
        low, high = field.minimum, field.maximum
        if low is not None and high is not None:
            return {**options, "validate": kind, "criteria": "between", "minimum": low, "maximum": high}
        if low is not None:
            return {**options, "validate": kind, "criteria": ">=", "value": low}
        if high is not None:
            return {**options, "validate": kind, "criteria": "<=", "value": high}
        return {**options, "validate": kind, "criteria": "between", "minimum": -1e15, "maximum": 1e15}
    if field.kind in (Kind.TEXT, Kind.LONG_TEXT) and field.max_length:
        return {**options, "validate": "length", "criteria": "<=", "value": field.max_length}
    return {"validate": "any", "input_title": options["input_title"], "input_message": col.message}


def write_data_sheet(sheet: Worksheet, styles: Styles, art: Artefact, columns: list[Column],
                     records: Iterable[Mapping[str, Any]], *, lang: str, extra_rows: int, password: str | None,
                     note: str = "", on_record: Callable[[Mapping[str, Any]], None] | None = None) -> int:
    """Write the sheet and return how many records it holds.

    `extra_rows` empty rows below the data keep their drop-downs and validations for new records.
    """
    records = iter(records)
    sample = list(itertools.islice(records, SAMPLE_ROWS))
    for col in columns:  # widths from the first rows' values
        col.fit(str(v) for v in (col.convert(r.get(col.key)) for r in sample) if v is not None)
    _write_header(sheet, styles, columns)
    rows = _write_rows(sheet, styles, columns, itertools.chain(sample, records), on_record)
    finish_sheet(sheet, styles, art, columns, rows=rows, extra_rows=extra_rows, lang=lang, password=password, note=note)
    return rows


def _write_header(sheet: Worksheet, styles: Styles, columns: list[Column]) -> None:
    for col in columns:
        sheet.write_string(0, col.index, col.header, styles.header(locked=col.locked, required=col.required))
    sheet.set_row(0, HEADER_HEIGHT)


def _write_rows(sheet: Worksheet, styles: Styles, columns: list[Column], records: Iterable[Mapping[str, Any]],
                on_record: Callable[[Mapping[str, Any]], None] | None) -> int:
    """One row per record below the header, each cell converted and written by its column's writer and format
    chosen once; a row of wrapped text as high as its lines. Returns the rows written."""
    plan = []
    for col in columns:
        write = {"string": sheet.write_string, "number": sheet.write_number, "date": sheet.write_datetime}[col.kind]
        fmt = styles.cell(col.num_format, locked=col.locked, wrap=col.wrap)
        # an empty cell looks and locks like its column unless the rows below are open and these are not
        plan.append((col.index, col.key, col.convert, write, fmt, col.locked != (not col.open_below)))
    wrapped = [(position, max(col.width - 1, 4)) for position, col in enumerate(columns) if col.wrap]
    write_blank, set_row = sheet.write_blank, sheet.set_row
    row = 0
    for record in records:
        row += 1
        get = record.get
        cells = [convert(get(key)) for _, key, convert, _, _, _ in plan]
        if wrapped:  # no reader grows rows on opening, so wrapped text gets its height here
            lines = max(line_count(cells[p], chars) if cells[p] else 1 for p, chars in wrapped)
            if lines > 1:
                set_row(row, min(lines, MAX_LINES) * LINE_HEIGHT)
        for (index, _, _, write, fmt, blank_differs), value in zip(plan, cells):
            if value is not None:
                write(row, index, value, fmt)
            elif blank_differs:
                write_blank(row, index, None, fmt)
        if on_record is not None:
            on_record(record)
    return row


def finish_sheet(sheet: Worksheet, styles: Styles, art: Artefact, columns: list[Column], *, rows: int,
                 extra_rows: int, lang: str, password: str | None, note: str = "") -> None:
    """Everything that is not cell data; it may come after the rows, even in constant-memory mode."""
    last_col = columns[-1].index
    last_row = rows + extra_rows
    for col in columns:
        sheet.set_column(col.index, col.index, col.width,
                         styles.cell(col.num_format, locked=not col.open_below, wrap=col.wrap))
        sheet.data_validation(0, col.index, 0, col.index, {
            "validate": "any", "input_title": input_title(col.header), "input_message": col.message})
        if last_row >= 1:
            sheet.data_validation(1, col.index, last_row, col.index, _validation(col, last_row))
    sheet.freeze_panes(1, 1)
    sheet.autofilter(0, 0, rows, last_col)
    if last_row >= 1:
        _highlight_rows(sheet, styles, art, columns, lang, last_row)
        sheet.ignore_errors({"number_stored_as_text": f"A2:{xl_col_to_name(last_col)}{last_row + 1}"})
    sheet.protect(password or "", PROTECTION)
    print_setup(sheet, lang, art.label(lang), note, widths=[column_points(c.width) for c in columns])
    sheet.hide_gridlines(0)  # printed gridlines stand in for cell borders


def _highlight_rows(sheet: Worksheet, styles: Styles, art: Artefact, columns: list[Column], lang: str,
                    last_row: int) -> None:
    """The artefact's marks (P1, overdue …) as conditional formats down to `last_row`, new rows included."""
    last_col = columns[-1].index
    for mark in highlights(art, columns, lang):
        if mark.column is None:  # the code cell filled, the rest of the row only tinted: white stays white
            parts = [(0, 0, styles.highlight(mark.style))]
            if last_col > 0:
                parts.append((1, last_col, styles.highlight(mark.style, text_only=True)))
        else:  # one cell: filled where it is locked, only tinted where it may be typed in
            index = next(c.index for c in columns if c.key == mark.column)
            parts = [(index, index, styles.highlight(mark.style, text_only=not fills(mark, columns)))]
        for first, last, fmt in parts:
            sheet.conditional_format(1, first, last_row, last, {
                "type": "formula", "criteria": "=" + mark.formula, "format": fmt})
