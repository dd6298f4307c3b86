"""What a review pack says, as plain data: the Word document's text in body order and every workbook's cells.

Used to prove that a change in how a pack is written (how its records are read, how its figures are counted)
leaves what it says as it was: tests/data/pack_snapshot.json holds the snapshot of the test meeting's pack made
before such a change. Whatever differs between two runs of the same pack is left out or replaced: the export's
id, the database's id, the time of writing.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import docx
import openpyxl
from docx.oxml.ns import qn

from reviewdesk.exporters.xlsx.meta import META_SHEET

TIME = re.compile(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d(:\d\d)?([+-]\d\d:\d\d)?")
VOLATILE_META = ("database_id", "export_id", "exported_at")


def document_text(path: Path) -> list:
    """Paragraphs (style: text) and tables (rows of cell texts) in body order, and how many pictures there are."""
    document = docx.Document(str(path))
    out: list = []
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            text = "".join(t.text or "" for t in child.iter(qn("w:t")))
            style = child.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
            pictures = sum(1 for _ in child.iter(qn("w:drawing")))
            if text or pictures:
                out.append([style.get(qn("w:val")) if style is not None else "", text] + (["picture"] * pictures))
        elif child.tag == qn("w:tbl"):
            rows = []
            for tr in child.iter(qn("w:tr")):
                rows.append(["\n".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in tc.iter(qn("w:p")))
                             for tc in tr.iter(qn("w:tc"))])
            out.append({"table": rows})
    return out


def _cell(value):
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, str):
        return TIME.sub("<time>", value)
    return value


def workbook_cells(path: Path) -> dict:
    """Every sheet's state and its non-empty cells, row by row; the contract's volatile values replaced."""
    book = openpyxl.load_workbook(path)
    out = {}
    export_id = None
    if META_SHEET in book.sheetnames:
        for row in book[META_SHEET].iter_rows(values_only=True):
            if len(row) > 2 and row[:2] == ("meta", "export_id"):
                export_id = row[2]
    for sheet in book.worksheets:
        rows = []
        for row in sheet.iter_rows():
            cells = [[c.coordinate, _cell(c.value)] for c in row if c.value is not None]
            if sheet.title == META_SHEET and len(cells) > 2 and cells[1][1] in VOLATILE_META:  # meta, key, value
                cells = cells[:2] + [[c, "<volatile>"] for c, _ in cells[2:]]
            if export_id:
                cells = [[c, v.replace(export_id, "<export id>") if isinstance(v, str) else v] for c, v in cells]
            if cells:
                rows.append(cells)
        out[sheet.title] = {"state": sheet.sheet_state, "rows": rows}
    return out


def snapshot(folder: Path) -> dict:
    """Every .docx and .xlsx file of a pack folder, by name."""
    result = {}
    for path in sorted(Path(folder).iterdir()):
        if path.suffix == ".docx":
            result[path.name] = document_text(path)
        elif path.suffix == ".xlsx":
            result[path.name] = workbook_cells(path)
    return result
