"""The columns of an artefact's sheet, derived from templates/: header, lock, format, width, list, cell value."""
from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Callable, Iterable

from reviewdesk import store
from reviewdesk.templates import Artefact, Field, Kind, values

from reviewdesk.exporters.masking import masker
from reviewdesk.exporters.xlsx.help import input_message
from reviewdesk.exporters.xlsx.lists import ListRef, Lists
from reviewdesk.exporters.xlsx.styles import DATE_FORMAT, TEXT_FORMAT

CODE_KEY = "code"
MAX_CELL_TEXT = 32767  # Excel's limit per cell
FILTER_BUTTON = 3  # room for the autofilter arrow beside a header
MIN_WIDTH, MAX_WIDTH, LONG_WIDTH = 8, 36, 44
WRAP_OVER = 30  # text columns wider than this wrap instead of growing

Convert = Callable[[Any], Any]


def text_width(text: str) -> int:
    """Width in Excel's units: a Chinese or full-width character takes two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


@dataclass
class Column:
    """One column of a sheet: where it is, what it shows, and whether it may be typed in."""

    index: int
    key: str  # CODE_KEY or a field key
    field: Field | None  # None for the code column
    header: str
    locked: bool  # locked on exported rows
    open_below: bool  # empty rows below the data are open for new records
    masked: bool
    num_format: str | None
    wrap: bool
    width: float
    list_ref: ListRef | None
    message: str  # the input message: what to type, or why it is locked
    convert: Convert  # canonical value -> cell value (str, int, float, date) or None
    kind: str  # how the cell is written: string, number or date

    @property
    def required(self) -> bool:
        return bool(self.field and self.field.required and not self.field.is_computed)

    def fit(self, samples: Iterable[str]) -> None:
        """Widen a text column to its typical content (90th percentile of the sampled rows)."""
        if self.kind != "string" or self.list_ref is not None:
            return
        widths = sorted(text_width(s) for s in samples if s)
        if not widths:
            return
        typical = widths[min(len(widths) - 1, int(len(widths) * 0.9))] + 2
        limit = LONG_WIDTH if self.field is not None and self.field.is_long else MAX_WIDTH
        self.width = max(self.width, min(typical, limit))
        if typical > limit:
            self.wrap = True


def _clean(text: str) -> str:
    """Text as a cell can hold it: XML-illegal control characters dropped, at most 32,767 characters."""
    text = str(text)
    if values.XML_ILLEGAL.search(text):
        text = values.XML_ILLEGAL.sub("", text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text if len(text) <= MAX_CELL_TEXT else text[:MAX_CELL_TEXT]


def converter(field: Field | None, lang: str, lookups: store.Lookups, masked: bool) -> tuple[Convert, str]:
    """How a canonical value becomes a cell value, and whether the cell is a string, number or date."""
    if field is None:
        return (lambda v: v), "string"
    kind = field.kind
    if kind is Kind.CHOICE:
        labels = {c.key: c.label(lang) for c in field.choices}
        if field.multiple:
            sep = "、" if lang == "zh" else ", "
            return (lambda v: sep.join(labels.get(k, k) for k in v.split(",")) if v else None), "string"
        return (lambda v: labels.get(v, v) if v else None), "string"
    if kind is Kind.DEPARTMENT:
        names = {code: lookups.department_label(code, lang) for code in lookups.department_labels}
        if field.multiple:
            sep = "、" if lang == "zh" else ", "
            return (lambda v: sep.join(names.get(c, c) for c in v) if v else None), "string"
        return (lambda v: names.get(v, v) if v else None), "string"
    if kind is Kind.DATE:
        return (lambda v: v if isinstance(v, dt.date) else None), "date"
    if kind is Kind.INTEGER:
        return (lambda v: None if v is None else int(v)), "number"
    if kind is Kind.DECIMAL:
        return (lambda v: None if v is None else float(v) if isinstance(v, Decimal) else v), "number"
    if kind in (Kind.TEXT, Kind.LONG_TEXT) and masked and field.personal:
        hide = masker(field)
        return (lambda v: _clean(hide(str(v))) if v else None), "string"
    if kind in (Kind.TEXT, Kind.LONG_TEXT):
        return (lambda v: _clean(v) if v else None), "string"
    if kind in (Kind.PERSON, Kind.REFERENCE):  # names and codes from the database: clean already
        return (lambda v: v or None), "string"
    return (lambda v: _clean(values.display(field, v, lang)) or None), "string"


def _base_width(field: Field | None, art: Artefact, header: str, ref: ListRef | None, lang: str) -> tuple[float, bool]:
    """A width that fits the header and the column's typical content; and whether the column wraps."""
    need = text_width(header) + FILTER_BUTTON
    if field is None:
        return max(need, len(art.prefix) + 8), False
    kind = field.kind
    wrap = False
    if ref is not None:
        content = max(text_width(v) for v in ref.values) + FILTER_BUTTON
    elif kind is Kind.DATE:
        content = 12
    elif kind in (Kind.INTEGER, Kind.DECIMAL):
        content = 10
    elif kind is Kind.REFERENCE:
        content = 11
    elif kind is Kind.CHOICE and field.multiple:  # several labels side by side
        content, wrap = 24, True
    elif kind is Kind.CHOICE:  # computed: no drop-down
        content = max(text_width(c.label(lang)) for c in field.choices) + 2
    elif kind is Kind.LONG_TEXT:
        content, wrap = 30, True
    else:
        example = text_width(str(field.example)) + 2 if field.example is not None else 12
        content = min(max(example, 12), MAX_WIDTH)
        wrap = (field.max_length or 0) > WRAP_OVER
    return max(MIN_WIDTH, min(max(need, content), LONG_WIDTH)), wrap


def sheet_columns(art: Artefact, lang: str, lists: Lists, lookups: store.Lookups, *,
                  department: str | None = None, masked: bool = False, allow_new: bool = True) -> list[Column]:
    """The columns of one artefact's sheet, code first, then every field in declaration order."""
    columns = []
    for index, field in enumerate([None, *art.fields]):
        header = art.code_label(lang) if field is None else field.label(lang)
        computed = field is None or field.is_computed
        personal_masked = masked and field is not None and field.personal
        locked = (computed or personal_masked
                  or (department is not None and field.key not in art.department_editable))
        ref = lists.for_field(art, field) if field is not None else None
        width, wrap = _base_width(field, art, header, ref, lang)
        convert, kind = converter(field, lang, lookups, masked)
        if kind == "date":
            num_format = DATE_FORMAT
        elif kind == "number":
            num_format = "0" if field.kind is Kind.INTEGER else "General"
        else:
            num_format = TEXT_FORMAT
        columns.append(Column(
            index=index, key=CODE_KEY if field is None else field.key, field=field, header=header,
            locked=locked, open_below=allow_new and not computed, masked=personal_masked, num_format=num_format,
            wrap=wrap, width=width, list_ref=ref,
            message=input_message(field, lang, art, locked=locked, masked=personal_masked),
            convert=convert, kind=kind))
    return columns
