"""The look of every exported sheet: fonts, header fills, locked shading, number and date formats."""
from __future__ import annotations

from typing import Any

from xlsxwriter.workbook import Format, Workbook

FONT = {"zh": "微软雅黑", "en": "Calibri"}  # Windows fonts; WPS and LibreOffice substitute their own CJK font
FONT_SIZE = 10  # points, of every cell on the data sheets (titles on the overview are larger)
DATE_FORMAT = "yyyy-mm-dd"
TEXT_FORMAT = "@"  # typed values stay text: leading zeros of a phone number, codes
HEADER_FILL = "#DDEBF7"  # open columns
LOCKED_HEADER_FILL = "#D9D9D9"  # locked columns
LOCKED_FILL = "#F2F2F2"  # locked cells
REQUIRED_COLOR = "#C00000"  # header text of required columns
BORDER_COLOR = "#BFBFBF"
HIGHLIGHT = {  # conditional formats
    "critical": {"bg_color": "#FFC7CE", "font_color": "#9C0006"},
    "overdue": {"bg_color": "#FFEB9C", "font_color": "#9C5700"},
    "low_score": {"bg_color": "#FFC7CE", "font_color": "#9C0006", "bold": True},
    "late": {"font_color": "#C65911", "italic": True},
    "soon": {"bg_color": "#DDEBF7", "font_color": "#1F4E79"},
}


class Styles:
    """One cache of formats per workbook: a format is made once and reused by every cell that needs it."""

    def __init__(self, workbook: Workbook, lang: str):
        self.workbook = workbook
        self.lang = lang
        self.font = {"font_name": FONT.get(lang, FONT["en"]), "font_size": FONT_SIZE}
        self._cache: dict[tuple, Format] = {}

    def _make(self, key: tuple, props: dict[str, Any]) -> Format:
        fmt = self._cache.get(key)
        if fmt is None:
            fmt = self._cache[key] = self.workbook.add_format({**self.font, **props})
        return fmt

    def header(self, *, locked: bool, required: bool) -> Format:
        return self._make(("header", locked, required), {
            "bold": True, "text_wrap": True, "valign": "vcenter", "align": "center", "border": 1,
            "border_color": BORDER_COLOR, "bg_color": LOCKED_HEADER_FILL if locked else HEADER_FILL,
            "font_color": REQUIRED_COLOR if required else "#000000", "locked": True})

    def cell(self, num_format: str | None, *, locked: bool, wrap: bool = False) -> Format:
        """A body cell, and also the default format of its column: locked cells are shaded grey.

        Body cells have no borders (the sheet prints its gridlines instead), so a column's empty
        cells need not be written one by one: the column format already gives them their look and lock.
        """
        props: dict[str, Any] = {"valign": "top", "locked": locked}
        if num_format:
            props["num_format"] = num_format
        if wrap:
            props["text_wrap"] = True
        if locked:
            props["bg_color"] = LOCKED_FILL
        return self._make(("cell", num_format, locked, wrap), props)

    def highlight(self, name: str, *, text_only: bool = False) -> Format:
        """A conditional format; `text_only` keeps the cell's own fill (white or locked grey) and tints its text."""
        props = HIGHLIGHT[name]
        if text_only:
            props = {k: v for k, v in props.items() if k != "bg_color"}
        return self._make(("highlight", name, text_only), props)

    def text(self, *, bold: bool = False, size: int | None = None, color: str | None = None, wrap: bool = False,
             fill: str | None = None, border: bool = False, num_format: str | None = None,
             align: str | None = None, italic: bool = False) -> Format:
        """Free text on the overview and instruction sheets."""
        props: dict[str, Any] = {"valign": "top"}
        if align:
            props["align"] = align
        if bold:
            props["bold"] = True
        if italic:
            props["italic"] = True
        if size:
            props["font_size"] = size
        if color:
            props["font_color"] = color
        if wrap:
            props["text_wrap"] = True
        if fill:
            props["bg_color"] = fill
        if border:
            props.update(border=1, border_color=BORDER_COLOR)
        if num_format:
            props["num_format"] = num_format
        return self._make(("text", bold, size, color, wrap, fill, border, num_format, align, italic), props)
