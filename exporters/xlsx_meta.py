"""The very hidden sheet of the workbook contract: who made the workbook, its columns, and every row's revision.

Layout, one record per row (column A says which kind), so the importer reads it in one pass:
    meta    | key        | value
    sheet   | artefact   | sheet name
    column  | artefact   | column number (1 = A) | field key ("code" for the code column) | header | open/locked
    row     | artefact   | code | revision at export
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field as dc_field
from typing import Any

from xlsxwriter.worksheet import Worksheet

from templates import ReviewDeskError

from .xlsx_layout import Column
from .xlsx_styles import Styles

META_SHEET = "_reviewdesk"
FORMAT_VERSION = 1
HEADER = ("record", "artefact_or_key", "value", "field", "header", "access")


class MetaWriter:
    """Writes the contract row after row (constant-memory friendly: rows only ever go forward)."""

    def __init__(self, sheet: Worksheet, styles: Styles):
        self.sheet = sheet
        self.next_row = 0
        self._line(HEADER, styles.text(bold=True))
        sheet.set_column(0, 0, 10)
        sheet.set_column(1, 5, 18)

    def _line(self, cells: tuple, fmt: Any = None) -> None:
        for col, value in enumerate(cells):
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                self.sheet.write_number(self.next_row, col, value, fmt)
            elif value is not None:
                self.sheet.write_string(self.next_row, col, str(value), fmt)
        self.next_row += 1

    def meta(self, key: str, value: Any) -> None:
        self._line(("meta", key, "" if value is None else value))

    def columns(self, art_key: str, sheet_name: str, columns: list[Column]) -> None:
        self._line(("sheet", art_key, sheet_name))
        for c in columns:
            self._line(("column", art_key, c.index + 1, c.key, c.header, "locked" if c.locked else "open"))

    def row(self, art_key: str, code: str, revision: int) -> None:
        write, row = self.sheet.write_string, self.next_row
        write(row, 0, "row")
        write(row, 1, art_key)
        write(row, 2, code)
        self.sheet.write_number(row, 3, revision)
        self.next_row = row + 1

    def finish(self, password: str | None) -> None:
        self.sheet.very_hidden()
        self.sheet.protect(password or "")


@dataclass
class Contract:
    """What the metadata sheet of a workbook says (read back by tests and by the importer)."""

    meta: dict[str, str] = dc_field(default_factory=dict)
    sheets: dict[str, str] = dc_field(default_factory=dict)  # artefact key -> sheet name
    columns: dict[str, list[dict[str, Any]]] = dc_field(default_factory=dict)  # artefact key -> columns in order
    rows: dict[str, dict[str, int]] = dc_field(default_factory=dict)  # artefact key -> {code: revision}


def read_contract(path: str | os.PathLike) -> Contract | None:
    """The contract of a workbook, or None when it has no metadata sheet (typed from scratch, another tool)."""
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any reader failure means the file is not a readable workbook
        raise ReviewDeskError(f"无法读取工作簿 {os.fspath(path)}:{exc}", f"Cannot read the workbook {os.fspath(path)}: {exc}") from exc
    try:
        if META_SHEET not in workbook.sheetnames:
            return None
        contract = Contract()
        for cells in workbook[META_SHEET].iter_rows(min_row=2, values_only=True):
            kind = cells[0] if cells else None
            if kind == "meta":
                contract.meta[str(cells[1])] = "" if cells[2] is None else str(cells[2])
            elif kind == "sheet":
                contract.sheets[str(cells[1])] = str(cells[2])
            elif kind == "column":
                contract.columns.setdefault(str(cells[1]), []).append(
                    {"column": int(cells[2]), "key": cells[3], "header": cells[4], "access": cells[5]})
            elif kind == "row":
                contract.rows.setdefault(str(cells[1]), {})[str(cells[2])] = int(cells[3])
        return contract
    finally:
        workbook.close()
