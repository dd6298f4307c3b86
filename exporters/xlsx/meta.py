"""The very hidden sheet of the workbook contract: who made the workbook, its columns, and every row's revision.

Layout, one record per row (column A says which kind), so the importer reads it in one pass:
    meta    | key        | value
    sheet   | artefact   | sheet name
    column  | artefact   | column number (1 = A) | field key ("code" for the code column) | header | open/locked
    rows    | artefact   | "CODE:REVISION CODE:REVISION ..." (the exported rows in order, a cell of up to 30,000
                           characters each, as many as needed; format version 2)
    row     | artefact   | code | revision at export   (format version 1, one line per record: still read)
Packing the rows into a few long cells matters for large exports: one line per record was four more cells per
row, about a quarter of writing a 100,000-row workbook and of reading it back.
"""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field as dc_field
from typing import Any, Iterable, Sequence

from xlsxwriter.worksheet import Worksheet

from reviewdesk import store
from reviewdesk.templates import ReviewDeskError, values

from reviewdesk.exporters.xlsx.layout import Column
from reviewdesk.exporters.xlsx.styles import Styles

META_SHEET = "_reviewdesk"
FORMAT_VERSION = 2
ROWS_CELL_CHARS = 30_000  # below Excel's 32,767 characters per cell
HEADER = ("record", "artefact_or_key", "value", "field", "header", "access")


class MetaWriter:
    """Writes the contract row after row (constant-memory friendly: rows only ever go forward)."""

    def __init__(self, sheet: Worksheet, styles: Styles):
        self.sheet = sheet
        self.next_row = 0
        self._rows_of: str | None = None  # the artefact whose rows are being packed
        self._packed: list[str] = []
        self._packed_chars = 0
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

    def made(self, *, kind: str, export_id: str, department: str, language: str, deadline: str,
             personal_data: str) -> None:
        """The contract's first lines: its format, what made the workbook ("export" or "template") from which
        database and when, for which department, when it is due back and whether personal data is masked."""
        for key, value in (("format_version", FORMAT_VERSION), ("kind", kind), ("database_id", store.database_id()),
                           ("export_id", export_id), ("department", department), ("language", language),
                           ("exported_at", dt.datetime.now().astimezone().isoformat(timespec="seconds")),
                           ("deadline", deadline), ("personal_data", personal_data)):
            self.meta(key, value)

    def columns(self, art_key: str, sheet_name: str, columns: list[Column]) -> None:
        self._line(("sheet", art_key, sheet_name))
        for c in columns:
            self._line(("column", art_key, c.index + 1, c.key, c.header, "locked" if c.locked else "open"))

    def row(self, art_key: str, code: str, revision: int) -> None:
        if art_key != self._rows_of or self._packed_chars > ROWS_CELL_CHARS - 40:
            self._flush_rows()
            self._rows_of = art_key
        entry = f"{code}:{revision}"
        self._packed.append(entry)
        self._packed_chars += len(entry) + 1

    def _flush_rows(self) -> None:
        if self._packed:
            self._line(("rows", self._rows_of, " ".join(self._packed)))
        self._packed, self._packed_chars = [], 0

    def finish(self, password: str | None) -> None:
        self._flush_rows()
        self.sheet.very_hidden()
        self.sheet.protect(password or "")


@dataclass
class Contract:
    """What the metadata sheet of a workbook says (read back by the importer and by tests)."""

    meta: dict[str, str] = dc_field(default_factory=dict)
    sheets: dict[str, str] = dc_field(default_factory=dict)  # artefact key -> sheet name
    columns: dict[str, list[dict[str, Any]]] = dc_field(default_factory=dict)  # artefact key -> columns in order
    rows: dict[str, dict[str, int]] = dc_field(default_factory=dict)  # artefact key -> {code: revision}, in order

    @property
    def artefact_of_sheet(self) -> dict[str, str]:
        return {name: key for key, name in self.sheets.items()}


def cell_text(value: Any) -> str:
    """A cell as the text it was written as (readers return the number 2 as 2.0)."""
    return "" if value is None else str(values.typed_text(value))


def parse_contract(lines: Iterable[Sequence[Any]]) -> Contract:
    """The contract from the metadata sheet's lines after its header, whichever reader read them.

    A line that does not parse is skipped: the sheet is ours, but a file may have been through other hands.
    """
    contract = Contract()
    for cells in lines:
        if len(cells) < 4:
            cells = [*cells, None, None, None, None]
        kind = cells[0]
        if kind == "rows":  # by far the most data: a few long cells of CODE:REVISION
            exported = contract.rows.setdefault(cell_text(cells[1]), {})
            for entry in cell_text(cells[2]).split():
                code, _, revision = entry.rpartition(":")
                if code and revision.isdigit():
                    exported[code] = int(revision)
        elif kind == "row":
            try:
                contract.rows.setdefault(cell_text(cells[1]), {})[cell_text(cells[2])] = int(cells[3])
            except (TypeError, ValueError):
                continue
        elif kind == "meta":
            contract.meta[cell_text(cells[1])] = cell_text(cells[2])
        elif kind == "sheet":
            contract.sheets[cell_text(cells[1])] = cell_text(cells[2])
        elif kind == "column" and len(cells) >= 6:
            try:
                contract.columns.setdefault(cell_text(cells[1]), []).append(
                    {"column": int(cells[2]), "key": cells[3], "header": cells[4], "access": cells[5]})
            except (TypeError, ValueError):
                continue
    return contract


def read_contract(path: str | os.PathLike) -> Contract | None:
    """The contract of a workbook file, or None when it has no metadata sheet (typed from scratch, another tool)."""
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any reader failure means the file is not a readable workbook
        raise ReviewDeskError(f"无法读取工作簿 {os.fspath(path)}：{exc}", f"Cannot read the workbook {os.fspath(path)}: {exc}") from exc
    try:
        if META_SHEET not in workbook.sheetnames:
            return None
        return parse_contract(workbook[META_SHEET].iter_rows(min_row=2, values_only=True))
    finally:
        workbook.close()
