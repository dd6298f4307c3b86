"""Reading returned workbooks into a reviewable plan: created, updated, unchanged, missing, not permitted,
conflicts and errors. Nothing is written to the database while a plan is built."""
from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections import defaultdict
from dataclasses import dataclass, field as dc_field, replace
from pathlib import Path
from itertools import compress, count, repeat
from operator import and_, eq, itemgetter, not_
from typing import Any, Callable, Iterable, Mapping, Sequence

from reviewdesk import store
from reviewdesk.templates import (ARTEFACTS, WORKBOOK_ARTEFACTS, Artefact, Field, FieldError, Kind, ValidationError,
                                  artefact, t, values)

from reviewdesk.exporters.returns.workbook import RawSheet, RawWorkbook, read_workbook
from reviewdesk.exporters.xlsx.layout import MAX_CELL_TEXT, converter
from reviewdesk.exporters.xlsx.lists import LIST_SHEET
from reviewdesk.exporters.xlsx.meta import (FORMAT_VERSION, HEADER as CONTRACT_HEADER, META_SHEET, Contract,
                                            cell_text, parse_contract)

HEADER_SCAN_ROWS = 10  # the header row is searched for among the first rows of a sheet
EPOCH_1904_SHIFT = 1462  # days between the 1900 and 1904 date systems
MAX_ERRORS_PER_SHEET = 100  # a sheet with more is checked no further: its file needs fixing, not a longer list



@dataclass
class SheetMatch:
    """One sheet understood as an artefact: which column holds the code and which the fields."""

    sheet: RawSheet
    art: Artefact
    header_row: int  # 0-based
    code_column: int | None
    columns: dict[int, Field]  # 0-based column -> field (computed ones included; they are never imported)


# --- the plan's lines: `sheet` is always a sheet's name, `row` an Excel row number, values are canonical ---

def _json_value(art_key: str, key: str | None, value: Any) -> Any:
    """A canonical value as --json prints it: choice keys, ISO dates, codes for references."""
    return values.to_json(artefact(art_key).field(key), value) if key else value


@dataclass(frozen=True)
class SheetRow:
    """A row of a returned workbook: the file's name, the sheet's name and the Excel row number."""

    file: str
    sheet: str
    row: int


@dataclass(frozen=True)
class Created(SheetRow):
    """A new row of a sheet that becomes a new record."""

    artefact: str
    values: dict[str, Any]  # field -> canonical value, none of them None
    export_id: str | None  # the export the row is new in (None: a sheet without the contract)
    fingerprint: str  # its values as one text (store.new_row_fingerprint): the same row again, the same text

    def to_json(self) -> dict[str, Any]:
        return {"artefact": self.artefact, "sheet": self.sheet, "row": self.row,
                "values": {k: _json_value(self.artefact, k, v) for k, v in self.values.items()}}


@dataclass(frozen=True)
class Updated(SheetRow):
    """One field of one record that the sheet changes."""

    artefact: str
    code: str
    field: str
    old: Any  # the database's value
    new: Any  # the sheet's value

    def to_json(self) -> dict[str, Any]:
        return {"artefact": self.artefact, "code": self.code, "sheet": self.sheet, "row": self.row,
                "field": self.field, "old": _json_value(self.artefact, self.field, self.old),
                "new": _json_value(self.artefact, self.field, self.new)}


@dataclass(frozen=True)
class Missing:
    """A record the workbook was exported with that its sheet no longer holds (never deleted for it)."""

    artefact: str
    code: str
    sheet: str

    def to_json(self) -> dict[str, Any]:
        return {"artefact": self.artefact, "code": self.code}


@dataclass(frozen=True)
class NotPermitted(SheetRow):
    """A change the department may not make (a row, `field` None, or one field), with the reason."""

    artefact: str
    code: str | None  # None: a new row
    field: str | None
    reason: str
    old: Any = None
    new: Any = None

    def to_json(self) -> dict[str, Any]:
        return {"artefact": self.artefact, "code": self.code, "sheet": self.sheet, "row": self.row,
                "field": self.field, "reason": self.reason}


@dataclass(frozen=True)
class Conflict(SheetRow):
    """A field changed both in the database since the export and in the sheet: nothing is applied until a side is
    taken."""

    artefact: str
    code: str
    field: str
    exported: Any  # the value at export (or when an earlier import created the record)
    current: Any  # the database's value now
    returned: Any  # the value in the returned sheet
    revision: int  # the record's revision the plan read

    def to_json(self, taken: str | None) -> dict[str, Any]:
        """The published shape, where "sheet" is the returned value."""
        return {"artefact": self.artefact, "code": self.code, "field": self.field,
                "exported": _json_value(self.artefact, self.field, self.exported),
                "current": _json_value(self.artefact, self.field, self.current),
                "sheet": _json_value(self.artefact, self.field, self.returned), "taken": taken}


@dataclass
class PlanError:
    """What cannot be understood: a file, a sheet, or a cell, with what was expected."""

    file: str | None
    artefact: str | None
    sheet: str | None
    row: int | None
    column: str | None  # the column's header as the sheet has it
    field: str | None
    value: Any  # the cell as read
    message: str
    code: str | None = None  # whose row it is: the code in its code cell, None on a new row or off any row

    def to_json(self) -> dict[str, Any]:
        value = self.value.isoformat() if isinstance(self.value, (dt.date, dt.datetime, dt.time)) else self.value
        return {"sheet": self.sheet, "row": self.row, "column": self.column, "field": self.field, "value": value,
                "message": self.message}


@dataclass(frozen=True)
class Recognised(SheetRow):
    """A new row that is not created again: an earlier import created it (`code`, `batch`), or it is the same new
    row as one earlier in this plan (`same_as`, a copy of the same workbook)."""

    artefact: str
    code: str | None = None
    batch: int | None = None
    same_as: SheetRow | None = None

    def to_json(self) -> dict[str, Any]:
        return {"artefact": self.artefact, "code": self.code, "sheet": self.sheet, "row": self.row,
                "batch": self.batch}


@dataclass
class Plan:
    """What importing the files would do. Only `apply_plan` writes, and only what is listed here."""

    files: list[str]
    lang: str
    department: str | None = None
    created: list[Created] = dc_field(default_factory=list)
    updated: list[Updated] = dc_field(default_factory=list)
    unchanged: dict[str, int] = dc_field(default_factory=lambda: defaultdict(int))
    missing: list[Missing] = dc_field(default_factory=list)
    not_permitted: list[NotPermitted] = dc_field(default_factory=list)
    conflicts: list[Conflict] = dc_field(default_factory=list)
    errors: list[PlanError] = dc_field(default_factory=list)
    revisions: dict[str, int] = dc_field(default_factory=dict)  # code -> revision the plan was made against
    incomplete: bool = False  # a sheet had too many errors to be checked to its end: nothing may be applied
    sources: dict[str, store.SourceFile] = dc_field(default_factory=dict)  # file name -> digest and export
    applied_before: list[store.AppliedBefore] = dc_field(default_factory=list)  # the same file, applied before
    recognised: list[Recognised] = dc_field(default_factory=list)  # new rows not created again

    def summary(self) -> dict[str, dict[str, int]]:
        result = {k: dict.fromkeys(("created", "updated", "unchanged", "missing", "not_permitted", "conflicts",
                                    "errors"), 0) for k in WORKBOOK_ARTEFACTS}
        for name, items in (("created", self.created), ("missing", self.missing),
                            ("not_permitted", self.not_permitted), ("conflicts", self.conflicts),
                            ("errors", self.errors)):
            for item in items:
                if item.artefact in result:
                    result[item.artefact][name] += 1
        for key in result:
            result[key]["updated"] = len({u.code for u in self.updated if u.artefact == key})
            result[key]["unchanged"] = self.unchanged.get(key, 0)
        return result

    @property
    def has_changes(self) -> bool:
        return bool(self.created or self.updated)

    def to_json(self, *, applied: store.AppliedBatch | None = None, take: str | None = None) -> dict[str, Any]:
        """The plan as `reviewdesk import --json` prints it: keys, choice keys, ISO dates, Excel row numbers; with
        the batch that applied it, if one did."""
        return {
            "files": self.files,
            "summary": self.summary(),
            "created": [c.to_json() for c in self.created],
            "updated": [u.to_json() for u in self.updated],
            "missing": [m.to_json() for m in self.missing],
            "not_permitted": [n.to_json() for n in self.not_permitted],
            "conflicts": [c.to_json(take) for c in self.conflicts],
            "errors": [e.to_json() for e in self.errors],
            "applied_before": [a.to_json() for a in self.applied_before],
            "recognised": [r.to_json() for r in self.recognised],
            "applied": applied is not None,
            "batch": None if applied is None else applied.batch,
        }


# --- understanding a workbook ---

def _is_contract(sheet: RawSheet) -> bool:
    """The contract sheet is the one named _reviewdesk that starts with the contract's header (a data sheet
    renamed _reviewdesk is not it)."""
    return sheet.name == META_SHEET and bool(sheet.rows) and cell_text(sheet.rows[0][0] if sheet.rows[0] else None) \
        == CONTRACT_HEADER[0]


def read_contract(book: RawWorkbook) -> Contract | None:
    sheet = next((s for s in book.sheets if _is_contract(s)), None)
    return None if sheet is None else parse_contract(sheet.rows[1:])


def _header_fields(art: Artefact, cells: Sequence[Any]) -> tuple[int | None, dict[int, Field], int]:
    code_column, columns, hits = None, {}, 0
    code_labels = {values.fold(art.code_zh), values.fold(art.code_en), "code"}
    for index, cell in enumerate(cells):
        if not isinstance(cell, str) or not cell.strip():
            continue
        label = cell.strip().rstrip("*").strip()  # a required column's header may carry a star
        if values.fold(label) in code_labels:
            code_column = index if code_column is None else code_column
            hits += 1
            continue
        field = art.field_named(label)
        if field is not None and field not in columns.values():
            columns[index] = field
            hits += 1
    return code_column, columns, hits


def match_sheet(sheet: RawSheet, contract: Contract | None) -> SheetMatch | None:
    """Which artefact a sheet holds, and its header row: the one the contract names for it, else the one its name
    says, else whichever its headers match; a sheet renamed, or two sheets whose names were swapped, are still
    matched by what they hold."""
    by_contract = contract.artefact_of_sheet.get(sheet.name) if contract else None
    name = values.fold(sheet.name)
    by_name = [artefact(k) for k in WORKBOOK_ARTEFACTS
               if name in (values.fold(artefact(k).sheet_zh), values.fold(artefact(k).sheet_en),
                           values.fold(artefact(k).zh), values.fold(artefact(k).en))]
    tiers = ([artefact(by_contract)] if by_contract in ARTEFACTS else [], by_name,
             [artefact(k) for k in WORKBOOK_ARTEFACTS])
    for candidates in tiers:
        match = _best_match(sheet, candidates, minimum=2 if len(candidates) == 1 else 3)
        if match is not None:
            return match
    return None


def _best_match(sheet: RawSheet, candidates: Sequence[Artefact], minimum: int) -> SheetMatch | None:
    best: SheetMatch | None = None
    best_hits = 0
    for art in candidates:
        for row_index, cells in enumerate(sheet.rows[:HEADER_SCAN_ROWS]):
            code_column, columns, hits = _header_fields(art, cells)
            if hits > best_hits:
                best, best_hits = SheetMatch(sheet, art, row_index, code_column, columns), hits
    if best is None or best_hits < minimum or (best.code_column is None and len(best.columns) < 3):
        return None
    return best


# --- the plan ---

class _TooManyErrors(Exception):
    """A sheet has so many errors that planning the rest of it would only cost time and memory."""

    def __init__(self, row: int):
        super().__init__(row)
        self.row = row


class _Builder:
    def __init__(self, lang: str, department: str | None):
        self.baseline: dict[str, int] = {}  # code -> the revision to compare against (build_plan's baseline)
        self.lang = lang
        self.department = department
        self.lookups = store.Lookups()
        self.database_id = store.database_id()
        self.plan: Plan | None = None
        self.errors_in: dict[tuple[str | None, str], int] = defaultdict(int)  # (file, sheet) -> errors recorded
        self.new_in_plan: dict[tuple[str, str, str], tuple[str, str, int]] = {}  # new rows by export and values
        self._earlier: dict[tuple[str | None, str], store.EarlierRows] = {}

    def earlier_rows(self, export_id: str | None, art_key: str) -> store.EarlierRows:
        """The records earlier imports created from new rows of this export (claimed once each per plan)."""
        if (export_id, art_key) not in self._earlier:
            self._earlier[(export_id, art_key)] = store.EarlierRows.of(export_id, art_key)
        return self._earlier[(export_id, art_key)]

    def error(self, sheet: str, row: int | None, column: str | None, field: str | None, value: Any, zh: str, en: str,
              art: str | None = None, file: str | None = None) -> None:
        """Record one error; past MAX_ERRORS_PER_SHEET in one sheet, stop planning that sheet (_TooManyErrors)."""
        self.plan.errors.append(PlanError(file, art, sheet, row, column, field, value, t(self.lang, zh, en)))
        self.errors_in[(file, sheet)] += 1
        if self.errors_in[(file, sheet)] >= MAX_ERRORS_PER_SHEET and row is not None:
            raise _TooManyErrors(row)

    def file_error(self, path: Path, zh: str, en: str) -> None:
        self.plan.errors.append(PlanError(path.name, None, None, None, None, None, None,
                                          t(self.lang, f"{path.name}：{zh}", f"{path.name}: {en}")))


def build_plan(paths: Iterable[str | os.PathLike], *, department: str | None = None, lang: str = "zh",
               reader: Callable[..., RawWorkbook] = read_workbook,
               progress: Callable[[int, int], Any] | None = None, baseline: Mapping[str, int] | None = None) -> Plan:
    """The plan of importing these files into the open database; raises WorkbookFileError for a bad file.

    `reader` reads one file (the window passes read_workbook_apart, which reads in a process of its own);
    `progress` hears (steps done, steps) as each file is read and then planned. `baseline`: revisions (by code)
    to compare against instead of those at export — an edit session's own applied changes, so that the next save
    of the same workbook is not in conflict with them."""
    with store.collector_paused():
        return _build_plan([Path(p) for p in paths], department, lang, reader, progress, baseline)


def _build_plan(paths: list[Path], department: str | None, lang: str, reader: Callable[..., RawWorkbook],
                progress: Callable[[int, int], Any] | None, baseline: Mapping[str, int] | None) -> Plan:
    builder = _Builder(lang, None)
    builder.baseline = dict(baseline or {})
    builder.plan = Plan(files=[p.name for p in paths], lang=lang)
    wanted_department = builder.lookups.department(None, department)
    steps = 2 * len(paths)
    tell = progress or (lambda done, total: None)
    books = []
    for path in paths:  # every file checked before any is planned
        books.append(reader(path, hidden_to_skip={LIST_SHEET}))
        tell(len(books), steps)
    builder.plan.sources = {p.name: store.SourceFile(p.name, file_digest(p)) for p in paths}
    builder.plan.applied_before = store.files_applied_before(builder.plan.sources.values())
    seen_codes: dict[str, tuple[str, str, int]] = {}
    for done, book in enumerate(books, len(books) + 1):
        _plan_file(builder, book, wanted_department, seen_codes)
        tell(done, steps)
    builder.plan.department = wanted_department or builder.department
    return builder.plan


def file_digest(path: str | os.PathLike) -> str:
    """SHA-256 of a file's bytes: the same workbook sent twice has the same digest."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _plan_file(b: _Builder, book: RawWorkbook, wanted_department: str | None,
               seen_codes: dict[str, tuple[str, str, int]]) -> None:
    path = book.path
    contract = read_contract(book)
    department = wanted_department
    if contract is not None:
        version = contract.meta.get("format_version", "1")
        if not version.isdigit() or int(version) > FORMAT_VERSION:
            b.file_error(path, f"该工作簿由更新版本的 ReviewDesk 导出（格式 {version}），请先升级 ReviewDesk 再导入",
                         f"this workbook was exported by a newer ReviewDesk (format {version}); update ReviewDesk "
                         "before importing it")
            return
        if contract.meta.get("database_id") and contract.meta["database_id"] != b.database_id:
            b.file_error(path, "该工作簿导出自另一个 ReviewDesk 数据库，其中的编号不属于本数据库",
                         "this workbook was exported from another ReviewDesk database; its codes do not belong here")
            return
        made_for = contract.meta.get("department") or None
        if made_for and wanted_department and made_for != wanted_department:
            b.file_error(path, f"该工作簿是为{b.lookups.department_label(made_for, 'zh')}制作的，"
                               f"不是{b.lookups.department_label(wanted_department, 'zh')}",
                         f"this workbook was made for {b.lookups.department_label(made_for, 'en')}, "
                         f"not {b.lookups.department_label(wanted_department, 'en')}")
            return
        department = department or made_for
        b.plan.sources[path.name] = replace(b.plan.sources[path.name], export_id=contract.meta.get("export_id") or None)
    if department:
        if b.department and b.department != department:
            b.file_error(path, "一次导入只能针对一个部门", "one import can be for one department only")
            return
        b.department = department
    matches = [m for m in (match_sheet(s, contract) for s in book.sheets if not _is_contract(s)) if m]
    if not matches:
        b.file_error(path, "没有找到 ReviewDesk 的工作表（表头与任何材料都不匹配）",
                     "has none of ReviewDesk's sheets (no headers match any artefact)")
        return
    if contract is not None:
        _report_sheets_not_found(b, path, contract, {m.art.key for m in matches})
    for match in matches:
        first_error = len(b.plan.errors)
        try:
            _plan_sheet(b, book, match, contract, department, seen_codes)
        except _TooManyErrors as stop:
            _stopped(b, book, match, stop.row)
        _name_rows(b.plan.errors[first_error:], match)


def _name_rows(errors: Sequence[PlanError], match: SheetMatch) -> None:
    """Each error on a row says whose row it is: the code in its code cell, or None on a new row (no code)."""
    rows, column = match.sheet.rows, match.code_column
    for error in errors:
        if error.row is None:
            continue
        cells = rows[error.row - 1] if 0 < error.row <= len(rows) else ()
        cell = cells[column] if column is not None and column < len(cells) else None
        text = cell_text(cell).strip() if cell not in (None, "") else ""
        error.code = values.normalize_code(text) if text else None


def _stopped(b: _Builder, book: RawWorkbook, match: SheetMatch, row: int) -> None:
    """The last error of a sheet planned no further: where it stopped and how much is left unchecked."""
    b.plan.incomplete = True
    last = len(match.sheet.rows)
    left = max(last - row, 0)
    b.plan.errors.append(PlanError(
        book.path.name, match.art.key, match.sheet.name, None, None, None, None,
        t(b.lang, f"「{match.sheet.name}」的错误已达 {MAX_ERRORS_PER_SHEET} 处，已停止检查："
                  f"第 {row} 行之后的 {left} 行未检查；请改正上面的错误后重新导入",
          f"'{match.sheet.name}' has {MAX_ERRORS_PER_SHEET} errors, so checking stopped: the {left} row(s) "
          f"after row {row} were not checked; correct the errors above and import again")))


def _report_sheets_not_found(b: _Builder, path: Path, contract: Contract, found: set[str]) -> None:
    """A sheet the workbook was exported with that no sheet now matches is an error, never a sheet left out."""
    for art_key, sheet_name in contract.sheets.items():
        if art_key in found or art_key not in ARTEFACTS:
            continue
        art, rows = artefact(art_key), len(contract.rows.get(art_key, {}))
        b.error(sheet_name, None, None, None, None,
                f"找不到「{sheet_name}」工作表（{art.zh}）：表头与导出时不符，或工作表已被删除或损坏；"
                f"导出时它的 {rows} 行都未检查",
                f"sheet '{sheet_name}' ({art.en}) was not found: its headers no longer match the export, or it was "
                f"deleted or damaged; none of the {rows} row(s) it was exported with were checked",
                art_key, path.name)


def _cell_value(field: Field, raw: Any, date1904: bool) -> Any:
    if isinstance(raw, str):
        return raw if raw.strip() else None
    if field.kind is Kind.DATE and isinstance(raw, (int, float)) and not isinstance(raw, bool) and date1904:
        return values.EXCEL_EPOCH + dt.timedelta(days=int(raw) + EPOCH_1904_SHIFT)
    if isinstance(raw, dt.time):
        return raw.isoformat()
    return raw


def _typed(match: SheetMatch, cells: Sequence[Any], date1904: bool) -> dict[Field, Any]:
    return {f: _cell_value(f, cells[i], date1904) for i, f in match.columns.items()}


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _refuse_masked_edits(b: _Builder, book: RawWorkbook, match: SheetMatch, code: str, excel_row: int,
                         edited: dict[Field, Any]) -> None:
    """A personal column the export masked — 王*, 138****5678 — is never imported: its edits become not permitted,
    so neither the mask nor a guess made over it reaches the database."""
    for field in [f for f in edited if f.personal]:
        del edited[field]
        b.plan.not_permitted.append(NotPermitted(
            book.path.name, match.sheet.name, excel_row, match.art.key, code, field.key,
            t(b.lang, f"「{field.zh}」在导出时已隐藏，不能通过这个工作簿修改；如需修改，"
                      "请导出含个人信息的工作簿（--include-personal-data）后再改",
              f"{field.en} was masked in this export and cannot be changed through it; to change it, "
              "export a workbook with personal data (--include-personal-data)")))


def _plan_sheet(b: _Builder, book: RawWorkbook, match: SheetMatch, contract: Contract | None,
                department: str | None, seen_codes: dict[str, tuple[str, str, int]]) -> None:
    """One sheet's lines of the plan: its merged cells refused, its rows sorted into records and new rows, each
    record's changes and each new row planned, and the records it was exported with that it no longer holds."""
    column_label = _column_labels(match)
    merged_rows = _refuse_merged_cells(b, book, match, column_label)
    rows_by_code, new_rows = _sort_rows(b, book, match, column_label, merged_rows, seen_codes)
    _plan_existing(b, book, match, rows_by_code, contract, department, column_label)
    _plan_new(b, book, match, new_rows, department, column_label,
              (contract.meta.get("export_id") or None) if contract else None)
    if contract is not None:
        _report_missing(b, match, contract, rows_by_code, seen_codes, merged_rows)


def _column_labels(match: SheetMatch) -> dict[int, str]:
    """0-based column -> its header as the sheet has it, for the code column and every field's."""
    header = match.sheet.rows[match.header_row]
    columns = [*match.columns, *([] if match.code_column is None else [match.code_column])]
    return {i: str(header[i]).strip() for i in columns}


def _refuse_merged_cells(b: _Builder, book: RawWorkbook, match: SheetMatch, column_label: Mapping[int, str]) -> set[int]:
    """An error for each merged range in the data area; returns the 0-based rows they cover (never read)."""
    data_start = match.header_row + 1
    merged = [((r1, c1), (r2, c2)) for (r1, c1), (r2, c2) in match.sheet.merged if r2 >= data_start]
    for (r1, c1), (r2, c2) in merged:
        if r1 != r2 or c1 != c2:
            cells = f"{_column_letter(c1)}{r1 + 1}:{_column_letter(c2)}{r2 + 1}"
            header = column_label.get(c1)
            b.error(match.sheet.name, r1 + 1, header or _column_letter(c1),
                    match.columns[c1].key if c1 in match.columns else None, None,
                    f"数据区域有合并单元格 {cells}" + (f"（「{header}」列）" if header else "") + "，请取消合并",
                    f"merged cells {cells}" + (f" (column '{header}')" if header else "")
                    + " in the data area; unmerge them", match.art.key, book.path.name)
    return {r for (r1, _), (r2, _) in merged for r in range(r1, r2 + 1)}


def _sort_rows(b: _Builder, book: RawWorkbook, match: SheetMatch, column_label: Mapping[int, str],
               merged_rows: set[int], seen_codes: dict[str, tuple[str, str, int]]
               ) -> tuple[dict[str, tuple[int, Sequence[Any]]], list[tuple[int, dict[Field, Any]]]]:
    """The sheet's rows as records (code -> (Excel row, cells padded to the width read)) and new rows (Excel row,
    typed cells); blank rows left out, a row that cannot be either an error. Codes are noted in `seen_codes`."""
    formulas: dict[int, list[int]] = defaultdict(list)  # row -> columns holding a formula without a value
    for r, c in match.sheet.formulas_without_value:
        formulas[r].append(c)
    data_start, code_column = match.header_row + 1, match.code_column
    width = max([*match.columns, -1 if code_column is None else code_column]) + 1
    if not merged_rows and not formulas and code_column is not None:
        at_once = _rows_by_code_at_once(match.sheet.rows[data_start:], data_start, code_column, width,
                                        match.art.prefix, seen_codes, (match.sheet.name, book.path.name))
        if at_once is not None:
            return at_once, []
    return _rows_one_by_one(b, book, match, column_label, merged_rows, formulas, width, seen_codes)


def _rows_one_by_one(b: _Builder, book: RawWorkbook, match: SheetMatch, column_label: Mapping[int, str],
                     merged_rows: set[int], formulas: Mapping[int, list[int]], width: int,
                     seen_codes: dict[str, tuple[str, str, int]]
                     ) -> tuple[dict[str, tuple[int, Sequence[Any]]], list[tuple[int, dict[Field, Any]]]]:
    """_sort_rows for a sheet with new, blank, merged or formula rows, codes typed differently or repeated."""
    art, name, file_name, code_column = match.art, match.sheet.name, book.path.name, match.code_column
    rows_by_code: dict[str, tuple[int, Sequence[Any]]] = {}
    new_rows: list[tuple[int, dict[Field, Any]]] = []
    for index, cells in enumerate(match.sheet.rows[match.header_row + 1:], match.header_row + 1):
        if index in merged_rows:
            continue
        if len(cells) < width:
            cells = [*cells, *[None] * (width - len(cells))]
        excel_row = index + 1
        code_raw = None if code_column is None else cells[code_column]
        code_text = cell_text(code_raw).strip() if code_raw not in (None, "") else ""
        if not code_text:
            typed = _typed(match, cells, book.date1904)
            if all(values.is_blank(v) for f, v in typed.items() if not f.is_computed):
                continue  # an empty row (trailing rows, or a row cleared by hand)
            if index in formulas:
                b.error(name, excel_row, None, None, None, "新增行含有没有计算结果的公式，请改为填写数值",
                        "a new row holds a formula without a calculated value; type the value instead", art.key,
                        file_name)
            else:
                new_rows.append((excel_row, typed))
            continue
        code = values.normalize_code(code_text)
        if index in formulas:
            seen_codes.setdefault(code, (name, file_name, excel_row))
            for c in formulas[index]:
                field = match.columns.get(c)
                b.error(name, excel_row, column_label.get(c, _column_letter(c)), field.key if field else None, None,
                        "公式没有计算结果，请在 Excel 中重新计算并保存，或改为填写数值",
                        "a formula without a calculated value; recalculate and save in Excel, or type the value",
                        art.key, file_name)
            continue
        if not code.startswith(art.prefix + "-"):
            b.error(name, excel_row, column_label[code_column], "code", code_text,
                    f"编号应以 {art.prefix}- 开头", f"expected a code starting with {art.prefix}-", art.key, file_name)
            continue
        if code in seen_codes:
            first_sheet, first_file, first_row = seen_codes[code]
            elsewhere = "" if first_file == file_name else f"{first_file} "
            b.error(name, excel_row, column_label[code_column], "code", code_text,
                    f"编号重复：{code} 已出现在 {elsewhere}「{first_sheet}」第 {first_row} 行",
                    f"duplicate code: {code} already appears in {elsewhere}'{first_sheet}' row {first_row}",
                    art.key, file_name)
            continue
        seen_codes[code] = (name, file_name, excel_row)
        rows_by_code[code] = (excel_row, cells)
    return rows_by_code, new_rows


def _report_missing(b: _Builder, match: SheetMatch, contract: Contract,
                    rows_by_code: Mapping[str, tuple[int, Sequence[Any]]], seen_codes: Mapping[str, Any],
                    merged_rows: set[int]) -> None:
    """The records the sheet was exported with that it no longer holds: missing, never deleted (a code elsewhere
    in the files, or on a merged row, which is an error already, is not missing)."""
    exported = contract.rows.get(match.art.key, {})
    if exported.keys() <= rows_by_code.keys():
        return
    rows, column = match.sheet.rows, match.code_column
    merged_codes = {values.normalize_code(cell_text(rows[r][column])) for r in merged_rows
                    if column is not None and r < len(rows) and len(rows[r]) > column
                    and rows[r][column] not in (None, "")}
    for code in exported:
        if code not in rows_by_code and code not in seen_codes and code not in merged_codes:
            b.plan.missing.append(Missing(match.art.key, code, match.sheet.name))


def _rows_by_code_at_once(rows: Sequence[Sequence[Any]], data_start: int, code_column: int, width: int, prefix: str,
                          seen_codes: dict[str, tuple[str, str, int]],
                          where: tuple[str, str]) -> dict[str, tuple[int, Sequence[Any]]] | None:
    """The usual returned sheet in a few calls for all rows, not a loop: every row as wide as the columns read and
    coded with a distinct code of this artefact as ReviewDesk writes it, none seen in an earlier sheet or file.
    code -> (Excel row, cells), and the codes noted in `seen_codes`; None when any row needs _plan_sheet's
    row-by-row reading (new or blank rows, codes typed differently, duplicates …)."""
    codes = list(map(itemgetter(code_column), rows)) if rows and min(map(len, rows)) >= width else []
    if not values.all_canonical_codes(codes, prefix) or len(set(codes)) != len(codes) \
            or not seen_codes.keys().isdisjoint(codes):
        return None
    excel_rows = range(data_start + 1, data_start + 1 + len(rows))
    seen_codes.update(zip(codes, zip(repeat(where[0]), repeat(where[1]), excel_rows)))
    return dict(zip(codes, zip(excel_rows, rows)))


def _parse_row(b: _Builder, book: RawWorkbook, match: SheetMatch, excel_row: int, typed: Mapping[Field, Any],
               column_label: Mapping[int, str]) -> dict[str, Any] | None:
    """The row's typed values as canonical values; None (with errors recorded) when any is wrong."""
    parsed: dict[str, Any] = {}
    ok = True
    for field, raw in typed.items():
        if field.is_computed:
            continue
        try:
            parsed[field.key] = store.parse_value(field, raw, b.lookups, b.lang)
        except FieldError as exc:
            ok = False
            hint = ""
            if exc.suggestions:
                hint = t(b.lang, "；最接近的有效值：", "; closest valid values: ") + "、".join(exc.suggestions)
            label = next(column_label[i] for i, f in match.columns.items() if f is field)
            b.error(match.sheet.name, excel_row, label, field.key, raw,
                    exc.message(b.lang) + hint, exc.message(b.lang) + hint, match.art.key, book.path.name)
    return parsed if ok else None


def _same_cell(cell: Any, written: Any) -> bool:
    """Whether a cell still holds what the exporter wrote (numbers come back as floats, dates maybe with a time)."""
    if values.is_blank(cell) or written is None:
        return values.is_blank(cell) and written is None
    if isinstance(cell, dt.datetime) and not isinstance(written, dt.datetime) and isinstance(written, dt.date):
        return cell == dt.datetime.combine(written, dt.time())
    return cell == written and type(cell) is not bool


_NEVER = object()  # equal to no cell


def _expected_cell(written: Any) -> Any:
    """The raw cell that, by plain ==, proves _same_cell(typed cell, written); _NEVER where only _same_cell can
    tell (blank text of spaces, a date typed with a time, ...)."""
    if written is None:
        return ""  # how a reader gives an empty cell
    if isinstance(written, str):
        return written if written.strip() else _NEVER
    return written if type(written) in (int, float, dt.date, dt.datetime) else _NEVER


def _written_as_stored(field: Field, column: list[Any], masked: bool) -> bool:
    """Whether the exporter wrote every value of this text column exactly as stored, and each proves itself by ==
    (nothing for xlsx_layout._clean to change, no masking, no text of only spaces): the common case, checked
    without a Python call per value."""
    if field.kind not in (Kind.TEXT, Kind.LONG_TEXT) or (masked and field.personal) or set(map(type, column)) != {str}:
        return False
    joined = "".join(column)
    return (not values.XML_ILLEGAL.search(joined) and "\r" not in joined and max(map(len, column)) <= MAX_CELL_TEXT
            and not any(map(str.isspace, column)))


def _expected_column(field: Field, column: list[Any], read: Callable[[Any], Any], write: Callable[[Any], Any],
                     masked: bool) -> tuple[list[Any], bool]:
    """Per stored value, the _expected_cell of what the exporter writes for it; and whether any is a number.
    One conversion per distinct value, none for text written as stored."""
    if field.kind in (Kind.TEXT, Kind.LONG_TEXT) and None in column:
        column = list(map({None: ""}.get, column, column))  # a blank is written as an empty cell
    if _written_as_stored(field, column, masked):
        return column, False
    table = {v: _expected_cell(write(read(v))) for v in set(column)}
    return list(map(table.__getitem__, column)), any(type(e) in (int, float) for e in table.values())


def _untouched(cell_rows: Sequence[Sequence[Any]], stored_rows: Sequence[tuple], compared: Sequence[tuple[int, Field]],
               position: Mapping[str, int], readers: Mapping[str, Callable[[Any], Any]],
               as_written: Mapping[Field, Callable[[Any], Any]], masked: bool) -> tuple[list[bool], list[list[Any]]]:
    """Per row, whether every compared cell provably still holds what the exporter wrote for the current value
    (False: ask _same_cell); and per compared column, per row, the raw cell that proves it by ==.

    Column by column with no Python call per cell: a column nobody edited is one list comparison.
    """
    untouched = [True] * len(cell_rows)
    expected_columns = []
    for index, field in compared:
        at = position[field.key]
        expected, numeric = _expected_column(field, list(map(itemgetter(at), stored_rows)), readers[field.key],
                                             as_written[field], masked)
        expected_columns.append(expected)
        cells = list(map(itemgetter(index), cell_rows))
        ticked = numeric and bool in set(map(type, cells))  # TRUE == 1, but a ticked box is not the number 1
        if cells == expected and not ticked:
            continue
        same = map(eq, cells, expected)
        if ticked:
            same = [s and type(c) is not bool for s, c in zip(same, cells)]
        untouched = list(map(and_, untouched, same))
    return untouched, expected_columns


def _plan_existing(b: _Builder, book: RawWorkbook, match: SheetMatch, rows: Mapping[str, tuple[int, Sequence[Any]]],
                   contract: Contract | None, department: str | None, column_label: Mapping[int, str]) -> None:
    plan, art, name, lang = b.plan, match.art, match.sheet.name, b.lang
    exported = contract.rows.get(art.key, {}) if contract else {}
    if b.baseline:
        exported = {code: b.baseline.get(code, revision) for code, revision in exported.items()}
    keys = ("code", "revision", *(f.key for f in art.fields))  # the record validate and the owner need
    position = {k: i for i, k in enumerate(keys)}
    row_reader = store.RowReader(art, b.lookups, keys)
    readers = {f.key: row_reader.value(f.key) for f in art.fields}
    stored = {row[0]: row for row in store.select_rows(art.key, keys, codes=list(rows), lookups=b.lookups)}
    record_of = row_reader.record
    moved = store.values_at_export(art.key, {c: r[1] for c, r in stored.items()}, exported)  # INTEGER: as is
    # What the exporter would write for each current value: a cell still holding it is unchanged, unparsed.
    sheet_lang = (contract.meta.get("language") if contract else None) or lang
    masked = bool(contract and contract.meta.get("personal_data") == "masked")
    as_written = {f: converter(f, sheet_lang, b.lookups, masked)[0]
                  for f in match.columns.values() if not f.is_computed}
    compared = [(i, f) for i, f in match.columns.items() if f in as_written]
    everywhere = len(stored) == len(rows)  # every code of the sheet is in the database: the usual case
    found = list(rows) if everywhere else [c for c in rows if c in stored]
    untouched, expected = _untouched(list(map(itemgetter(1), map(rows.__getitem__, found))),
                                     list(map(stored.__getitem__, found)), compared, position, readers, as_written,
                                     masked)
    touched = list(map(not_, untouched))
    place = dict(zip(compress(found, touched), compress(count(), touched)))  # code -> its place in `found`
    if len(found) > len(place):
        plan.unchanged[art.key] += len(found) - len(place)
    for code in list(place) if everywhere else [c for c in rows if c in place or c not in stored]:  # sheet order
        excel_row, row_cells = rows[code]
        row = stored.get(code)
        if row is None:
            why = ("该记录在导出后已被删除", "the record was deleted after the export") if code in exported else \
                ("本数据库中没有此编号（可能来自其他数据库）", "no such code in this database (perhaps from another database)")
            b.error(name, excel_row, column_label[match.code_column], "code", code, *why, art.key, book.path.name)
            continue
        record = record_of(row)
        edited = {}
        at = place[code]
        for (index, field), column in zip(compared, expected):
            cell = row_cells[index]
            if cell == column[at] and type(cell) is not bool:
                continue
            typed = _cell_value(field, cell, book.date1904)
            if not _same_cell(typed, as_written[field](record[field.key])):
                edited[field] = typed
        if masked:
            _refuse_masked_edits(b, book, match, code, excel_row, edited)
        parsed = _parse_row(b, book, match, excel_row, edited, column_label)
        if parsed is None:
            continue
        conflicts_before = len(plan.conflicts)
        changes = _changes_since_export(b, book, match, excel_row, record, parsed, moved)
        _plan_changes(b, book, match, code, excel_row, record, changes, department, column_label,
                      conflicted=len(plan.conflicts) > conflicts_before)


def _changes_since_export(b: _Builder, book: RawWorkbook, match: SheetMatch, excel_row: int,
                          record: Mapping[str, Any], parsed: Mapping[str, Any],
                          moved: Mapping[tuple[str, str], str | None]) -> list[tuple[str, Any, Any]]:
    """A row's (field, old, new) changes of its record; a field the database also changed since the export (`moved`:
    its value at export) is a conflict instead, unless the sheet still shows the value at export."""
    art, code, changes = match.art, record["code"], []
    for key, new in parsed.items():
        old = record[key]
        if new == old:
            continue
        at_export_text = moved.get((code, key), _UNSET)
        if at_export_text is not _UNSET:
            at_export = store.parse_value(art.field(key), at_export_text, b.lookups) \
                if at_export_text is not None else None
            if new == at_export:
                continue  # the sheet still shows what was exported: only the database changed it
            if old != at_export:
                b.plan.conflicts.append(Conflict(book.path.name, match.sheet.name, excel_row, art.key, code, key,
                                                 at_export, old, new, record["revision"]))
                continue
        changes.append((key, old, new))
    return changes


def _plan_changes(b: _Builder, book: RawWorkbook, match: SheetMatch, code: str, excel_row: int,
                  record: Mapping[str, Any], changes: Sequence[tuple[str, Any, Any]], department: str | None,
                  column_label: Mapping[int, str], *, conflicted: bool = False) -> None:
    """A row's changes of one record: unchanged, not permitted for the department, or updates that keep its rules.
    A row whose only changes are conflicts is counted there, not also as unchanged."""
    plan, art, name = b.plan, match.art, match.sheet.name
    if not changes:
        if not conflicted:
            plan.unchanged[art.key] += 1
        return
    owner = b.lookups.owning_department(art, record)
    if department is not None and owner != department:  # one line for the row, not one per field
        plan.not_permitted.append(NotPermitted(book.path.name, name, excel_row, art.key, code, None,
                                               _forbidden(b, art, department, owner, changes[0][0])))
        return
    allowed = []
    for key, old, new in changes:
        reason = _forbidden(b, art, department, owner, key)
        if reason:
            plan.not_permitted.append(NotPermitted(book.path.name, name, excel_row, art.key, code, key, reason, old,
                                                   new))
        else:
            allowed.append((key, old, new))
    if allowed and _valid_together(b, book, match, record, excel_row, {k: n for k, _, n in allowed}, column_label):
        plan.updated += [Updated(book.path.name, name, excel_row, art.key, code, key, old, new)
                         for key, old, new in allowed]
        plan.revisions[code] = record["revision"]


_UNSET = object()


def _record_errors(b: _Builder, book: RawWorkbook, match: SheetMatch, excel_row: int, exc: ValidationError,
                   column_label: Mapping[int, str]) -> None:
    art, lang = match.art, b.lang
    label_of = {f.key: column_label[i] for i, f in match.columns.items()}
    for error in exc.errors:
        label = label_of.get(error.field) or (art.field(error.field).label(lang) if art.has_field(error.field) else None)
        b.error(match.sheet.name, excel_row, label, error.field, error.value, error.zh, error.en, art.key,
                book.path.name)


def _valid_together(b: _Builder, book: RawWorkbook, match: SheetMatch, record: Mapping[str, Any], excel_row: int,
                    changes: Mapping[str, Any], column_label: Mapping[int, str]) -> bool:
    """Whether the record with these changes still keeps every rule (a milestone after its start, …)."""
    try:
        store.validate(match.art, changes, existing=record, lookups=b.lookups, lang=b.lang, code=record["code"])
        return True
    except ValidationError as exc:
        _record_errors(b, book, match, excel_row, exc, column_label)
        return False


def _forbidden(b: _Builder, art: Artefact, department: str | None, owner: str | None, key: str) -> str | None:
    if department is None:
        return None
    lang = b.lang
    name = b.lookups.department_label(department, lang)
    if owner != department:
        return t(lang, f"该行不属于{name}", f"this row does not belong to {name}")
    if key not in art.department_editable:
        return t(lang, f"{name}不能修改「{art.field(key).zh}」这一列", f"{name} may not change the column {art.field(key).en}")
    return None


def _adding_refused(lang: str, own: Field) -> str:
    """Why a department may not add a row that names another department (or refers to another's record)."""
    if own.kind is Kind.REFERENCE:
        return t(lang, f"部门只能为本部门的「{own.zh}」新增行", f"a department may add rows only for its own {own.en}")
    return t(lang, "部门只能以本部门名义新增行", "a department may add rows only as itself")


def _plan_new(b: _Builder, book: RawWorkbook, match: SheetMatch, rows: Sequence[tuple[int, Mapping[Field, Any]]],
              department: str | None, column_label: Mapping[int, str], export_id: str | None) -> None:
    plan, art, name, lang = b.plan, match.art, match.sheet.name, b.lang
    earlier = b.earlier_rows(export_id, art.key)
    for excel_row, typed in rows:
        if department and not art.department_may_add:
            plan.not_permitted.append(NotPermitted(book.path.name, name, excel_row, art.key, None, None,
                                                   t(lang, f"部门不能在「{art.sheet_zh}」中新增行",
                                                     f"a department may not add rows to {art.sheet_en}")))
            continue
        parsed = _parse_row(b, book, match, excel_row, typed, column_label)
        if parsed is None:
            continue
        if department and art.department_field:
            own = art.field(art.adding_department_field)
            if own.kind is Kind.DEPARTMENT and parsed.get(own.key) is None:
                parsed[own.key] = department
            if b.lookups.department_through(own, parsed.get(own.key)) != department:
                plan.not_permitted.append(NotPermitted(book.path.name, name, excel_row, art.key, None, own.key,
                                                       _adding_refused(lang, own)))
                continue
        created = {k: v for k, v in parsed.items() if v is not None}
        fingerprint = store.new_row_fingerprint(art, created)
        if export_id is not None:
            first = b.new_in_plan.setdefault((export_id, art.key, fingerprint), (book.path.name, name, excel_row))
            if first != (book.path.name, name, excel_row):  # the same new row in two copies of one workbook
                plan.unchanged[art.key] += 1
                plan.recognised.append(Recognised(book.path.name, name, excel_row, art.key, same_as=SheetRow(*first)))
                continue
            row_before = earlier.claim(excel_row, fingerprint)
            if row_before is not None:
                _plan_created_before(b, book, match, excel_row, parsed, row_before, department, column_label)
                continue
        try:
            store.validate(art, parsed, lookups=b.lookups, lang=lang)
        except ValidationError as exc:
            _record_errors(b, book, match, excel_row, exc, column_label)
            continue
        plan.created.append(Created(book.path.name, name, excel_row, art.key, created, export_id, fingerprint))


def _plan_created_before(b: _Builder, book: RawWorkbook, match: SheetMatch, excel_row: int,
                         parsed: Mapping[str, Any], before: store.RowCreated, department: str | None,
                         column_label: Mapping[int, str]) -> None:
    """A new row an earlier import of this export already created: unchanged, or an update of that record, with
    conflicts where the database changed the same field since."""
    art, plan = match.art, b.plan
    try:
        record = store.get_record(before.code, b.lookups)
    except store.NotFound:
        b.error(match.sheet.name, excel_row, None, None, None,
                f"这一行已在导入批次 {before.batch} 中新建为 {before.code}，该记录之后已被删除；如需重新添加，"
                "请把它作为新行填在新的工作簿中",
                f"this row was created as {before.code} by import batch {before.batch}, and that record has since "
                "been deleted; to add it again, type it as a new row in a fresh workbook", art.key, book.path.name)
        return
    plan.recognised.append(Recognised(book.path.name, match.sheet.name, excel_row, art.key, before.code, before.batch))
    changes, conflicts_before = [], len(plan.conflicts)
    for key, new in parsed.items():
        field = art.field(key)
        old, at_creation = record[key], before.values.get(key)
        sheet_json, current_json = values.to_json(field, new), values.to_json(field, old)
        if sheet_json in (current_json, at_creation):  # unchanged, or only the database changed it since
            continue
        if current_json != at_creation:
            at_creation_value = store.parse_value(field, at_creation, b.lookups) if at_creation is not None else None
            plan.conflicts.append(Conflict(book.path.name, match.sheet.name, excel_row, art.key, before.code, key,
                                           at_creation_value, old, new, record["revision"]))
            continue
        changes.append((key, old, new))
    _plan_changes(b, book, match, before.code, excel_row, record, changes, department, column_label,
                  conflicted=len(plan.conflicts) > conflicts_before)
