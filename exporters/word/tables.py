"""Word tables built as one XML string and parsed once: thousands of rows in a fraction of python-docx's row-by-row time."""
from __future__ import annotations

import io
import math
import os
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import Iterable, Iterator, Sequence
from xml.sax.saxutils import escape

from docx.document import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from reviewdesk.templates import Field, Kind

from reviewdesk.exporters.word.styles import FORM_LABEL, TABLE_DETAIL, TABLE_STYLE, TABLE_TEXT, text_width

TWIPS_PER_EMU = 1 / 635
FILL_ROW = 680  # twips (1.2 cm): room to write by hand in a sign-off or decision row
SKIPPED_KINDS = (Kind.AGENDA, Kind.SCOPE)  # a meeting's agenda and scope are no table columns
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class Column:
    """One table column: its header, the width it needs at least (twips) and its share of any width left over."""

    label: str
    weight: float = 1.0
    minimum: int = 0


class Row(list):
    """A table row's cells, with the text of a detail row spanning the table beneath it (long texts)."""

    def __init__(self, cells: Iterable[str], detail: str = ""):
        super().__init__(cells)
        self.detail = detail


PADDING = 200  # twips: the cell's left and right margins (80 each) plus a little air


def text_twips(text: str) -> int:
    """About how wide a line of 9-point table text is: CJK characters are a full em, Latin ones about half."""
    return sum(180 if unicodedata.east_asian_width(ch) in "WF" else 85 if ch.islower() or ch == " "
               else 120 if ch.isupper() else 100 for ch in text) + PADDING


# Advance widths of Times New Roman Bold, in thousandths of an em, for the characters from " " to "~": the font of a
# table's header row (the table style: bold, 9 pt, BODY_LATIN). The same as Adobe's Times-Bold and its metric twins
# Liberation Serif Bold and Nimbus Roman Bold, which LibreOffice draws in its place; tests/test_docx_documents.py
# checks them against whichever of those fonts the machine has.
TIMES_BOLD = (250, 333, 555, 500, 500, 1000, 833, 278, 333, 333, 500, 570, 250, 333, 250, 278,  # space ! " # … /
              500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 333, 333, 570, 570, 570, 500,  # 0 … 9 : ; < = > ?
              930, 722, 667, 722, 722, 667, 611, 778, 778, 389, 500, 778, 667, 944, 722, 778,  # @ A … O
              611, 778, 722, 556, 667, 722, 722, 1000, 722, 722, 667, 333, 278, 333, 581, 500,  # P … Z [ \ ] ^ _
              333, 500, 556, 444, 556, 444, 333, 500, 556, 278, 333, 556, 278, 833, 556, 500,  # ` a … o
              556, 556, 444, 389, 333, 556, 500, 722, 500, 500, 444, 394, 220, 394, 520)  # p … z { | } ~
HEADER_POINTS = 9
CELL_MARGINS = 160  # twips: the table style's left and right cell margins (80 each)
HEADER_SLACK = 40  # twips: readers round widths their own way


def header_word_twips(word: str) -> int:
    """How wide a word of a header is in the header row's bold 9-point type, in twips (a CJK character an em, any
    other character outside ASCII as wide as the widest letters)."""
    units = 0
    for ch in word:
        code = ord(ch)
        units += TIMES_BOLD[code - 32] if 32 <= code < 127 else \
            1000 if unicodedata.east_asian_width(ch) in "WF" else 722
    return math.ceil(units * HEADER_POINTS * 20 / 1000)


def header_twips(label: str) -> int:
    """The narrowest a column may be without breaking a word of its header: its longest word (Latin text wraps only
    between words), and room for two characters of Chinese (which wraps between any two), plus the cell margins."""
    pieces = []
    for word in label.split():
        latin = "".join(ch if unicodedata.east_asian_width(ch) not in "WF" else " " for ch in word).split()
        pieces += latin  # runs of Latin letters, digits and signs stay whole
        if len(latin) != 1 or latin[0] != word:
            pieces.append("中文")  # the word holds CJK characters: at least two of them side by side
    widest = max((header_word_twips(p) for p in pieces), default=0)
    return widest + CELL_MARGINS + HEADER_SLACK if widest else 0


def field_column(field: Field, lang: str, note: str = "") -> Column:
    """A field's column: wide enough for its values (dates, codes, choice labels) and the `note` a value may carry
    （逾期）, text columns taking the rest."""
    label = field.label(lang)
    noted = text_twips(note) - PADDING if note else 0
    header = header_twips(label)
    kind = field.kind
    if kind is Kind.LONG_TEXT:
        return Column(label, 4.0, max(header, 1300))
    if kind is Kind.TEXT:
        longest = field.max_length or 200
        if longest <= 20:
            return Column(label, 0.2, max(header, 700))
        if longest <= 40:
            return Column(label, 0.2, max(header, text_twips("XR20231015001")))
        if longest <= 60:  # names and the like
            return Column(label, 0.5, max(header, 1100))
        if longest <= 100:  # a metric, a short phrase
            return Column(label, 1.5, max(header, 1100))
        return Column(label, 4.5 if field.required else 3.0, max(header, 1100))  # the record's own title: widest
    if kind is Kind.DATE:
        return Column(label, 0, max(header, text_twips("2026-11-30") + noted))
    if kind is Kind.REFERENCE:
        return Column(label, 0, max(header, text_twips("ISS-0000")))
    if kind is Kind.DEPARTMENT:
        return Column(label, 0.3, max(header, text_twips("客服中心" if lang == "zh" else "Logistics")))
    if kind is Kind.PERSON:
        return Column(label, 0.2, max(header, text_twips("欧阳明" if lang == "zh" else "Wang Wei")))
    if kind is Kind.CHOICE:
        widest = max((text_twips(c.label(lang)) if lang == "zh" else _longest_word(c.label(lang))
                      for c in field.choices), default=PADDING)
        if field.multiple:
            return Column(label, 1.0, max(header, widest))
        return Column(label, 0, max(header, widest + noted))
    return Column(label, 0, max(header, text_twips("10000")))  # numbers


def _longest_word(text: str) -> int:
    """The width a value needs when it may wrap between words."""
    return text_twips(max(text.split(), key=len)) if text.strip() else PADDING


def code_column(label: str) -> Column:
    return Column(label, 0, max(text_twips("ISS-0000"), header_twips(label)))


def _style_id(document: Document, name: str) -> str:
    return document.styles[name].style_id


def _text(value: str) -> str:
    """Runs of one cell's text: XML-escaped, line breaks kept."""
    value = _ILLEGAL.sub("", value)
    if "\n" not in value:
        return f'<w:r><w:t xml:space="preserve">{escape(value)}</w:t></w:r>' if value else ""
    parts = [f'<w:t xml:space="preserve">{escape(line)}</w:t>' for line in value.split("\n")]
    return "<w:r>" + "<w:br/>".join(parts) + "</w:r>"


SQUEEZED_TEXT = 560  # twips: two Chinese characters, the narrowest a text column gets in a crowded table


def widths(columns: Sequence[Column], total_twips: int, *, header: bool = True) -> list[int]:
    """Every column its minimum, the rest shared by weight (by minimum when no column has weight).

    A column is never narrower than the longest word of its header (header_twips), whatever minimum it was
    given. When the minimums do not fit, the text columns (those with a weight) give up width first, down to two
    Chinese characters or their header's longest word, so codes, dates and choice labels stay on one line; when
    that is not enough, every column gives up width down to its header's longest word, in proportion to what it
    had above it; only a table whose headers alone are wider than the page is squeezed alike.
    """
    heads = [header_twips(c.label) if header else 0 for c in columns]
    minimums = [max(c.minimum or 600, head) for c, head in zip(columns, heads)]
    spare = total_twips - sum(minimums)
    if spare < 0:
        floors = [max(SQUEEZED_TEXT, head) if c.weight else m for c, head, m in zip(columns, heads, minimums)]
        if sum(floors) > total_twips:  # the fixed columns give up width too, down to their headers
            floors = [max(head, min(m, SQUEEZED_TEXT)) for head, m in zip(heads, minimums)]
        room = total_twips - sum(floors)
        if room >= 0:
            wanted = sum(m - f for m, f in zip(minimums, floors)) or 1
            result = [int(f + (m - f) * room / wanted) for m, f in zip(minimums, floors)]
        else:
            result = [int(m * total_twips / sum(minimums)) for m in minimums]
    else:
        weights = [c.weight for c in columns]
        if not any(weights):
            weights = [float(m) for m in minimums]
        result = [int(m + spare * wt / sum(weights)) for m, wt in zip(minimums, weights)]
    result[-1] += total_twips - sum(result)
    return result


def table_xml(document: Document, columns: Sequence[Column], rows: Iterable[Sequence[str]], *,
              width_twips: int | None = None, header: bool = True, row_height_twips: int | None = None,
              label_columns: Sequence[int] = ()) -> str:
    """The <w:tbl> of a styled table: fixed layout, grid widths, header row repeated on every page."""
    return "".join(table_parts(document, columns, rows, width_twips=width_twips, header=header,
                               row_height_twips=row_height_twips, label_columns=label_columns))


def table_parts(document: Document, columns: Sequence[Column], rows: Iterable[Sequence[str]], *,
                width_twips: int | None = None, header: bool = True, row_height_twips: int | None = None,
                label_columns: Sequence[int] = ()) -> Iterator[str]:
    """table_xml in pieces, the rows produced only as the pieces are asked for. The table's width, grid and
    styles are settled when this is called (the width is the text width of the document's last section then)."""
    total = width_twips or int(text_width(document) * TWIPS_PER_EMU)
    grid = widths(columns, total, header=header)
    text_style = _style_id(document, TABLE_TEXT)
    label_style = _style_id(document, FORM_LABEL)
    detail_style = _style_id(document, TABLE_DETAIL)
    out = [f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblStyle w:val="{_style_id(document, TABLE_STYLE)}"/>'
           f'<w:tblW w:w="{total}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
           f'<w:tblLook w:val="{"04A0" if header else "0400"}" w:firstRow="{int(header)}" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" '
           'w:noHBand="1" w:noVBand="1"/></w:tblPr><w:tblGrid>']
    out += [f'<w:gridCol w:w="{w}"/>' for w in grid]
    out.append("</w:tblGrid>")
    paragraph = f'<w:p><w:pPr><w:pStyle w:val="{text_style}"/></w:pPr>'
    if header:
        out.append("<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>")
        for column, w in zip(columns, grid):
            out.append(f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/></w:tcPr>{paragraph}{_text(column.label)}</w:p></w:tc>')
        out.append("</w:tr>")
    return _table_rows("".join(out), grid, rows, header=header, row_height_twips=row_height_twips,
                       label_columns=label_columns, styles=(text_style, label_style, detail_style))


def _table_rows(head: str, grid: Sequence[int], rows: Iterable[Sequence[str]], *, header: bool,
                row_height_twips: int | None, label_columns: Sequence[int],
                styles: tuple[str, str, str]) -> Iterator[str]:
    text_style, label_style, detail_style = styles
    yield head
    paragraph = f'<w:p><w:pPr><w:pStyle w:val="{text_style}"/></w:pPr>'
    label_paragraph = f'<w:p><w:pPr><w:pStyle w:val="{label_style}"/></w:pPr>'
    height = f'<w:trHeight w:val="{row_height_twips}"/>' if row_height_twips else ""
    row_start = f"<w:tr><w:trPr><w:cantSplit/>{height}</w:trPr>"
    labels = set(label_columns)
    span = len(grid)
    runs: dict[str, str] = {}  # the runs of short values, which repeat (labels, names, dates)
    for row in rows:
        detail = row.detail if isinstance(row, Row) else ""
        out = [row_start]
        for index, value in enumerate(row):
            p = label_paragraph if index in labels else paragraph
            run = runs.get(value)
            if run is None:
                run = _text(value)
                if len(value) <= SHORT:
                    runs[value] = run
            if not header and index < len(grid):  # no header row: the first row carries the cell widths
                out.append(f'<w:tc><w:tcPr><w:tcW w:w="{grid[index]}" w:type="dxa"/></w:tcPr>{p}{run}</w:p></w:tc>')
            else:
                out.append(f"<w:tc>{p}{run}</w:p></w:tc>")
        out.append("</w:tr>")
        if detail:  # the record's long texts, in one cell across the table under its row
            out.append(f'{row_start}<w:tc><w:tcPr><w:gridSpan w:val="{span}"/></w:tcPr>'
                       f'<w:p><w:pPr><w:pStyle w:val="{detail_style}"/></w:pPr>{_text(detail)}</w:p></w:tc></w:tr>')
        yield "".join(out)
    yield "</w:tbl>"


def add_table(document: Document, columns: Sequence[Column], rows: Iterable[Sequence[str]], **kw) -> None:
    """Append a table at the end of the body; its rows are written out only when the document is saved.

    Parsing 5,000 rows is quick, but moving the parsed tree into the document costs lxml ~7x the parse (every
    node is re-homed), and holding the text of a 7,000-row table costs tens of megabytes: so the body gets a
    placeholder paragraph, and save_document() writes the table's XML, row by row as `rows` yields them, in its
    place in word/document.xml. `rows` is read once, at save time: it must not change meanwhile.
    """
    pending: dict[str, Iterator[str]] = document.__dict__.setdefault("_pending_tables", {})
    marker = f"@@reviewdesk-table-{len(pending) + 1}@@"
    pending[marker] = table_parts(document, columns, rows, **kw)
    placeholder = parse_xml(f'<w:p {nsdecls("w")}><w:r><w:t>{marker}</w:t></w:r></w:p>')
    body = document.element.body
    body.sectPr.addprevious(placeholder) if body.sectPr is not None else body.append(placeholder)


SHORT = 24  # characters: values up to this long have their runs remembered while a table is written
WRITE_CHUNK = 1 << 18  # characters gathered before they are encoded and compressed


def save_document(document: Document, path: str | os.PathLike) -> None:
    """Save the document with every pending table written in place of its placeholder, streamed into the file."""
    pending: dict[str, Iterator[str]] = document.__dict__.get("_pending_tables", {})
    if not pending:
        document.save(str(path))
        return
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename != "word/document.xml":
                target.writestr(item, data, compress_type=zipfile.ZIP_DEFLATED)
                continue
            info = zipfile.ZipInfo(item.filename, date_time=item.date_time)
            info.compress_type, info.external_attr = zipfile.ZIP_DEFLATED, item.external_attr
            text = data.decode("utf-8")
            del data
            with target.open(info, "w") as out:
                chunk: list[str] = []
                size = 0

                def write(piece: str) -> None:
                    nonlocal size
                    chunk.append(piece)
                    size += len(piece)
                    if size >= WRITE_CHUNK:
                        out.write("".join(chunk).encode("utf-8"))
                        chunk.clear()
                        size = 0
                position = 0
                for match in _PLACEHOLDER.finditer(text):
                    write(text[position:match.start()])
                    for piece in pending[match.group(1)]:
                        write(piece)
                    position = match.end()
                write(text[position:])
                out.write("".join(chunk).encode("utf-8"))


_PLACEHOLDER = re.compile(r"<w:p(?: [^>]*)?><w:r><w:t>(@@reviewdesk-table-\d+@@)</w:t></w:r></w:p>")


def table_fields(art) -> list[Field]:
    """Every field of the artefact a table shows (all but a meeting's agenda and scope)."""
    return [f for f in art.fields if f.kind not in SKIPPED_KINDS]
