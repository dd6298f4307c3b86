"""Seeded mutants of returned workbooks (issue #19): cell, zip, XML and LibreOffice damage, each labelled by kind."""
from __future__ import annotations

import copy
import datetime as dt
import json
import os
import random
import re
import shutil
import struct
import subprocess
import sys
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

import openpyxl

from reviewdesk import store
from reviewdesk.exporters.xlsx.meta import META_SHEET
from reviewdesk.templates import WORKBOOK_ARTEFACTS, artefact

if __package__ in (None, ""):  # run by hand: `python tests/corpus/mutants.py OUT_DIR --count N --seed S`
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from corpus.make_corpus import SCRIPTS, edit_part, fill_database, make_sources, rewrite_parts, sheet_part  # noqa: E402

ALL_ZH = "_all_zh.xlsx"
LIBREOFFICE_SOURCES = {"xlsx": ("_all_zh.xlsx", "_issues_en.xlsx", "_department_cs.xlsx"),
                       "ods": ("_all_zh.xlsx", "_department_cs.xlsx")}
LIBREOFFICE_TIMEOUT = 180
CODE_LABELS = {artefact(k).code_label(lang): k for k in WORKBOOK_ARTEFACTS for lang in ("zh", "en")}
MARKER_FIELDS = {"issue": "notes", "target": "review_comment", "plan_step": "contingency", "collab": "response",
                 "callback": "follow_up_result", "reading": "note", "action": "result"}  # a free-text field of every artefact that an import takes
ISSUE_ROW = {"问题概述": "追加问题 {n}", "问题类型": "效率类", "影响程度": "高", "发生频率": "中"}  # a valid new issue


# --- what a mutant is ---

@dataclass(frozen=True)
class Edit:
    """A change the plan must show (or refuse, naming one of `sheets`): never dropped silently."""

    code: str
    field: str
    sheets: tuple[str, ...]


@dataclass(frozen=True)
class Damage:
    """What a mutation did: a short description, and the edits an import must not drop silently."""

    description: str
    edits: tuple[Edit, ...] = ()


@dataclass(frozen=True)
class Recipe:
    """How to make one mutant: a seeded random one (`seed` set) or a named fixed case (`kind` is its name)."""

    name: str  # the mutant's file stem
    kind: str
    source: str  # a key of Origin.sources
    seed: str | None = None


@dataclass(frozen=True)
class Mutant:
    recipe: Recipe
    path: Path
    description: str
    edits: tuple[Edit, ...] = ()


@dataclass(frozen=True)
class Origin:
    """The database the sources were exported from, and the source workbooks by file name."""

    database: Path
    sources: dict[str, Path]


Mutation = Callable[[random.Random, Path, Path], Damage]  # (rng, source, target) -> what it did
BookEdit = Callable[[random.Random, openpyxl.Workbook], Damage]


# --- the sources: real exports of a small database, and LibreOffice re-saves of a few ---

def prepare(folder: Path, *, libreoffice: bool = True) -> Origin:
    """The corpus database and its exported workbooks in `folder`; LibreOffice copies where soffice exists."""
    folder.mkdir(parents=True, exist_ok=True)
    database = folder / "origin.sqlite3"
    database.unlink(missing_ok=True)
    store.open_database(database)
    try:
        fill_database()
        made = make_sources(folder)
    finally:
        store.close()
    sources = {p.name: p for p in (made.all_zh, made.issues_en, made.department, made.template)}
    if libreoffice:
        sources.update(libreoffice_copies(sources, folder / "libreoffice"))
    return Origin(database, sources)


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def libreoffice_copies(sources: dict[str, Path], folder: Path) -> dict[str, Path]:
    """`lo_NAME.xlsx` / `lo_NAME.ods` re-saved by LibreOffice, converted once per folder (both formats at once)."""
    program = soffice()
    if program is None:
        return {}
    wanted = {f"lo{Path(name).stem}.{fmt}": (sources[name], fmt) for fmt, names in LIBREOFFICE_SOURCES.items()
              for name in names}
    runs = []
    for fmt in LIBREOFFICE_SOURCES:
        todo = [str(src) for name, (src, f) in wanted.items() if f == fmt and not (folder / name).exists()]
        if todo:
            out = folder / f"converting-{fmt}"
            runs.append((out, subprocess.Popen(
                [program, f"-env:UserInstallation=file://{folder}/profile-{fmt}", "--headless", "--convert-to", fmt,
                 "--outdir", str(out), *todo], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)))
    for out, run in runs:
        run.wait(LIBREOFFICE_TIMEOUT)
        for converted in out.iterdir():
            converted.rename(folder / f"lo{converted.name}")
    return {name: folder / name for name in wanted if (folder / name).exists()}


def is_exported(name: str) -> bool:
    return not name.startswith("lo")


def is_xlsx(name: str) -> bool:
    return name.endswith(".xlsx")


def is_lo_xlsx(name: str) -> bool:
    return name.startswith("lo") and name.endswith(".xlsx")


def is_lo_ods(name: str) -> bool:
    return name.startswith("lo") and name.endswith(".ods")


def any_source(name: str) -> bool:
    return True


# --- random values and places ---

def random_value(rng: random.Random) -> Any:
    """A cell value of another type: text in any script, blanks, long text, codes and labels, numbers, dates."""
    makers: list[Callable[[], Any]] = [
        lambda: rng.choice(list(SCRIPTS.values())),
        lambda: rng.choice(["", " ", "\t", "  \n "]),
        lambda: "长" * rng.choice([201, 2000, 32767]),
        lambda: rng.choice(["ISS-0001", "ISS-0999", "TGT-0001", "CB-0002", "P1", "高", "已确认", "confirmed", "客服中心",
                            "李娜", "2026-11-30", "2026年2月30日", "下周一", "十", "NaN", "1e999", "-0", "TRUE"]),
        lambda: rng.randint(-10**6, 10**6),
        lambda: rng.choice([0, -1, 11, 2**53, 10**20]),
        lambda: rng.uniform(-1e6, 1e6),
        lambda: rng.choice([True, False]),
        lambda: dt.date(rng.randint(1900, 2100), rng.randint(1, 12), rng.randint(1, 28)),
        lambda: dt.datetime(rng.randint(1900, 2100), rng.randint(1, 12), rng.randint(1, 28), rng.randint(0, 23)),
        lambda: dt.time(rng.randint(0, 23), rng.randint(0, 59)),
    ]
    return rng.choice(makers)()


def short(value: Any, width: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= width else text[:width - 1] + "…"


def data_sheets(book: openpyxl.Workbook) -> dict[str, str]:
    """Sheet name -> artefact key of every sheet whose A1 is a code header (the sheets an import reads)."""
    return {ws.title: CODE_LABELS[ws["A1"].value] for ws in book.worksheets if ws["A1"].value in CODE_LABELS}


def data_sheet_names(path: Path) -> list[str]:
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        return list(data_sheets(book))
    finally:
        book.close()


def pick_sheet(rng: random.Random, book: openpyxl.Workbook):
    return book[rng.choice(sorted(data_sheets(book)))]


def data_rows(ws) -> list[int]:
    """Excel rows below the header that hold a value (row 2 on an empty sheet)."""
    rows = [r[0].row for r in ws.iter_rows(min_row=2) if any(c.value is not None for c in r)]
    return rows or [2]


def pick_cell(rng: random.Random, ws):
    return ws.cell(rng.choice(data_rows(ws)), rng.randint(1, max(ws.max_column, 1)))


def marker(rng: random.Random) -> str:
    return f"变异标记 {rng.randrange(10**6)}"


def mark(ws, text: str, sheets: tuple[str, ...]) -> tuple[Edit, ...]:
    """Write `text` into row 2's free-text column; the edit the plan must show (none when row 2 has no code)."""
    if ws["A1"].value not in CODE_LABELS:  # not a data sheet
        return ()
    art_key = CODE_LABELS[ws["A1"].value]
    field = artefact(art_key).field(MARKER_FIELDS[art_key])
    headers = [c.value for c in ws[1]]
    code = ws.cell(2, 1).value
    for label in (field.label("zh"), field.label("en")):
        if label in headers and code:
            ws.cell(2, headers.index(label) + 1).value = text
            return (Edit(code, field.key, sheets),)
    return ()


# --- cell-level edits with openpyxl ---

def on_book(edit: BookEdit) -> Mutation:
    """A mutation that opens the source with openpyxl, applies `edit` and saves the result."""
    def mutate(rng: random.Random, source: Path, target: Path) -> Damage:
        book = openpyxl.load_workbook(source)
        damage = edit(rng, book)
        book.save(target)
        return damage
    return mutate


def cell_value(rng: random.Random, book: openpyxl.Workbook) -> Damage:
    ws = pick_sheet(rng, book)
    cell = pick_cell(rng, ws)
    old, cell.value = cell.value, random_value(rng)
    return Damage(f"{ws.title}!{cell.coordinate}: {short(old)} → {short(cell.value)}")


def cell_clear(rng: random.Random, book: openpyxl.Workbook) -> Damage:
    ws = pick_sheet(rng, book)
    cell = pick_cell(rng, ws)
    old, cell.value = cell.value, None
    return Damage(f"{ws.title}!{cell.coordinate} cleared (was {short(old)})")


def row_delete(rng: random.Random, book: openpyxl.Workbook) -> Damage:
    ws = pick_sheet(rng, book)
    row = rng.choice(data_rows(ws))
    ws.delete_rows(row)
    return Damage(f"{ws.title} row {row} deleted")


def row_append(rng: random.Random, book: openpyxl.Workbook) -> Damage:
    """New rows (no code) made of values taken from the sheet's own columns, now and then one of another type."""
    ws = pick_sheet(rng, book)
    rows = [[c.value for c in ws[r]] for r in data_rows(ws)]
    count = rng.randint(1, 5)
    for _ in range(count):
        row = [None] + [rng.choice(rows)[c] for c in range(1, len(rows[0]))]
        if rng.random() < 0.25:
            row[rng.randrange(1, len(row))] = random_value(rng)
        ws.append(row)
    return Damage(f"{ws.title}: {count} row(s) appended")


def row_duplicate(rng: random.Random, book: openpyxl.Workbook) -> Damage:
    ws = pick_sheet(rng, book)
    row = rng.choice(data_rows(ws))
    ws.append([c.value for c in ws[row]])
    return Damage(f"{ws.title} row {row} duplicated at the end")


def column_swap(rng: random.Random, book: openpyxl.Workbook) -> Damage:
    """Two whole columns, header included, trade places."""
    ws = pick_sheet(rng, book)
    a, b = rng.sample(range(1, ws.max_column + 1), 2)
    for row in range(1, ws.max_row + 1):
        first, second = ws.cell(row, a), ws.cell(row, b)
        first.value, second.value = second.value, first.value
    return Damage(f"{ws.title}: columns {first.column_letter} and {second.column_letter} swapped")


def swap_sheet_names(book: openpyxl.Workbook, first: str, second: str, text: str) -> Damage:
    """Two sheets trade names, each with an edit in row 2 that must not be lost."""
    names = (first, second)
    edits = mark(book[first], text, names) + mark(book[second], text, names)
    book[first].title = "~swap~"  # a name no sheet has
    book[second].title = first
    book["~swap~"].title = second
    return Damage(f"sheets {first} and {second} trade names, an edit in each", edits)


def sheet_swap(rng: random.Random, book: openpyxl.Workbook) -> Damage:
    names = sorted(data_sheets(book))
    if len(names) < 2:  # one data sheet: it trades names with the overview sheet
        names.append(book.worksheets[0].title)
    first, second = rng.sample(names, 2)
    return swap_sheet_names(book, first, second, marker(rng))


def rename_to_meta(book: openpyxl.Workbook, sheet: str, text: str, keep_contract: bool) -> Damage:
    """A data sheet, with an edit, renamed `_reviewdesk`; the contract sheet deleted or given the data sheet's name."""
    edits = mark(book[sheet], text, (META_SHEET, sheet))
    contract = book[META_SHEET] if META_SHEET in book.sheetnames else None
    if contract is not None:
        contract.title = "~contract~"
    book[sheet].title = META_SHEET
    if contract is not None and keep_contract:
        contract.title = sheet
    elif contract is not None:
        book.remove(contract)
    what = "takes the name of the data sheet" if keep_contract else "deleted"
    return Damage(f"data sheet {sheet} renamed {META_SHEET} with an edit; the contract sheet {what}", edits)


def meta_rename(rng: random.Random, book: openpyxl.Workbook) -> Damage:
    return rename_to_meta(book, pick_sheet(rng, book).title, marker(rng), rng.random() < 0.5)


def far_cell(ws) -> Damage:
    """A cell in the last column of the last row Excel has."""
    ws["XFD1048576"] = "z"
    return Damage(f"{ws.title}!XFD1048576 = 'z'")


def xfd_cell(rng: random.Random, book: openpyxl.Workbook) -> Damage:
    return far_cell(pick_sheet(rng, book))


def formula(rng: random.Random, book: openpyxl.Workbook) -> Damage:
    """A formula openpyxl saves without a cached value (as a tool that does not calculate would)."""
    ws = pick_sheet(rng, book)
    cell = pick_cell(rng, ws)
    cell.value = rng.choice(["=1+1", "=SUM(1,2)", '="a"&"b"', "=TODAY()", "=1/0"])
    return Damage(f"{ws.title}!{cell.coordinate} = {cell.value} (no cached value)")


CELL_EDITS: dict[str, BookEdit] = {
    "cell_value": cell_value, "cell_clear": cell_clear, "row_delete": row_delete, "row_append": row_append,
    "row_duplicate": row_duplicate, "column_swap": column_swap, "sheet_swap": sheet_swap,
    "meta_rename": meta_rename, "xfd_cell": xfd_cell, "formula": formula,
}


# --- zip-level damage ---

def members(source: Path) -> list[zipfile.ZipInfo]:
    with zipfile.ZipFile(source) as archive:
        return archive.infolist()


def member(source: Path, name: str) -> zipfile.ZipInfo:
    return next(info for info in members(source) if info.filename == name)


def headers(data: bytes, info: zipfile.ZipInfo) -> tuple[int, int]:
    """Offsets of a member's local header and of its entry in the central directory."""
    end = data.rindex(b"PK\x05\x06")
    count, _, start = struct.unpack_from("<HII", data, end + 10)
    for _ in range(count):
        name, extra, comment = struct.unpack_from("<HHH", data, start + 28)
        if struct.unpack_from("<I", data, start + 42)[0] == info.header_offset:
            return info.header_offset, start
        start += 46 + name + extra + comment
    raise KeyError(info.filename)


def patch_headers(source: Path, target: Path, name: str, patch: Callable[[bytearray, int, int], None]) -> None:
    """Copy the file with patch(bytes, local header offset, central entry offset) applied to one member."""
    data = bytearray(source.read_bytes())
    local, central = headers(bytes(data), member(source, name))
    patch(data, local, central)
    target.write_bytes(bytes(data))


def set_method(source: Path, target: Path, name: str, method: int) -> Damage:
    def patch(data: bytearray, local: int, central: int) -> None:
        struct.pack_into("<H", data, local + 8, method)
        struct.pack_into("<H", data, central + 10, method)
    patch_headers(source, target, name, patch)
    return Damage(f"{name}: compression method {method} in both headers")


def set_flags(source: Path, target: Path, name: str, bits: int) -> Damage:
    def patch(data: bytearray, local: int, central: int) -> None:
        for offset in (local + 6, central + 8):
            struct.pack_into("<H", data, offset, struct.unpack_from("<H", data, offset)[0] | bits)
    patch_headers(source, target, name, patch)
    return Damage(f"{name}: flag bits {bits:#06x} set in both headers")


def bad_name(source: Path, target: Path, name: str, position: int) -> Damage:
    """The UTF-8 name flag set, and byte `position` of the member's name made 0xFF (never valid UTF-8)."""
    def patch(data: bytearray, local: int, central: int) -> None:
        for flags, start in ((local + 6, local + 30), (central + 8, central + 46)):
            struct.pack_into("<H", data, flags, struct.unpack_from("<H", data, flags)[0] | 0x800)
            data[start + position] = 0xFF
    patch_headers(source, target, name, patch)
    return Damage(f"{name}: UTF-8 flag set, name byte {position} made 0xFF")


def data_offset(data: bytes, local: int) -> int:
    """Where a member's compressed data starts, after its local header."""
    name_length, extra = struct.unpack_from("<HH", data, local + 26)
    return local + 30 + name_length + extra


def flip_byte(source: Path, target: Path, name: str, position: int, mask: int) -> Damage:
    def patch(data: bytearray, local: int, central: int) -> None:
        data[data_offset(data, local) + position] ^= mask
    patch_headers(source, target, name, patch)
    return Damage(f"{name}: byte {position} of its compressed data ^= {mask:#04x}")


def reserved_block_type(source: Path, target: Path, name: str) -> Damage:
    """The first deflate block header of a member flipped to the reserved block type 3: no inflater accepts it."""
    data = source.read_bytes()
    first = data[data_offset(data, headers(data, member(source, name))[0])]
    damage = flip_byte(source, target, name, 0, (first & 0x06) ^ 0x06)
    return Damage(f"{damage.description} (deflate block type 3)")


def recompress(source: Path, target: Path, name: str, method: int) -> Damage:
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == name:
                info.compress_type = method
            zout.writestr(info, data)
    return Damage(f"{name} recompressed with method {method}")


def duplicate_member(source: Path, target: Path, name: str) -> Damage:
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # "Duplicate name": the point of it
            for info in zin.infolist() + [zin.getinfo(name)]:
                zout.writestr(copy.copy(info), zin.read(info))  # a copy: writing moves its header offset
    return Damage(f"{name} stored twice")


def drop_member(source: Path, target: Path, name: str) -> Damage:
    rewrite_parts(source, target, lambda part, data: None if part == name else data)
    return Damage(f"{name} dropped")


def truncate(source: Path, target: Path, length: int) -> Damage:
    target.write_bytes(source.read_bytes()[:length])
    return Damage(f"truncated to {length} of {source.stat().st_size} bytes")


def pick_member(rng: random.Random, source: Path, packed: bool = False) -> zipfile.ZipInfo:
    return rng.choice([i for i in members(source) if i.compress_size or not packed])


def zip_byte_flip(rng: random.Random, source: Path, target: Path) -> Damage:
    info = pick_member(rng, source, packed=True)
    return flip_byte(source, target, info.filename, rng.randrange(info.compress_size), rng.randrange(1, 256))


def zip_method9(rng: random.Random, source: Path, target: Path) -> Damage:
    return set_method(source, target, pick_member(rng, source).filename, 9)


def zip_encrypted_flag(rng: random.Random, source: Path, target: Path) -> Damage:
    return set_flags(source, target, pick_member(rng, source).filename, 0x1)


def zip_utf8_name(rng: random.Random, source: Path, target: Path) -> Damage:
    info = pick_member(rng, source)
    return bad_name(source, target, info.filename, rng.randrange(len(info.filename.encode())))


def zip_bzip2(rng: random.Random, source: Path, target: Path) -> Damage:
    return recompress(source, target, pick_member(rng, source).filename, zipfile.ZIP_BZIP2)


def zip_truncate(rng: random.Random, source: Path, target: Path) -> Damage:
    return truncate(source, target, rng.randrange(1, source.stat().st_size))


def zip_drop_member(rng: random.Random, source: Path, target: Path) -> Damage:
    return drop_member(source, target, pick_member(rng, source).filename)


def zip_duplicate_member(rng: random.Random, source: Path, target: Path) -> Damage:
    return duplicate_member(source, target, pick_member(rng, source).filename)


# --- XML-level damage of a sheet part ---

CELL_XML = re.compile(rb'<c r="[A-Z]+(\d+)"[^>]*?(?:/>|>.*?</c>)', re.S)


def bad_ref(source: Path, target: Path, sheet: str, ref: str, choose: Callable[[list], Any] = lambda cells: cells[0]
            ) -> Damage:
    """One cell below the header replaced by a formula without a value whose `r` attribute is `ref`."""
    formula = f'<c r="{ref}"><f>1+1</f></c>'.encode()

    def edit(data: bytes) -> bytes:
        cells = [m for m in CELL_XML.finditer(data) if m.group(1) != b"1"]
        if not cells:  # a sheet with only its header: the cell goes into a new row
            return data.replace(b"</sheetData>", b'<row r="2">' + formula + b"</row></sheetData>", 1)
        cell = choose(cells)
        return data[:cell.start()] + formula + data[cell.end():]
    edit_part(source, target, sheet_part(source, sheet), edit)
    return Damage(f"{sheet}: a cell replaced by <c r={ref!r}><f>1+1</f></c> (no value)")


def utf16(data: bytes) -> bytes:
    """The XML re-encoded as UTF-16 (with a byte order mark) and a declaration that says so."""
    text = data.decode("utf-8")
    if text.startswith("<?xml"):
        text = re.sub(r'encoding="[^"]*"', 'encoding="UTF-16"', text, count=1)
    else:
        text = '<?xml version="1.0" encoding="UTF-16"?>' + text
    return text.encode("utf-16")


def marked_part(source: Path, target: Path, sheet: str, text: str, edit: Callable[[bytes], bytes]) -> Damage:
    """Row 2 of a sheet marked with openpyxl, then the sheet's XML edited by hand."""
    staged = target.with_suffix(".stage.xlsx")
    book = openpyxl.load_workbook(source)
    edits = mark(book[sheet], text, (sheet,))
    book.save(staged)
    edit_part(staged, target, sheet_part(staged, sheet), edit)
    staged.unlink()
    return Damage(f"{sheet}: an edit in row 2, then its XML edited", edits)


def huge_dimension(data: bytes, ref: str = "A1:XFD1048576") -> bytes:
    tag = f'<dimension ref="{ref}"/>'.encode()
    if b"<dimension " in data:
        return re.sub(rb"<dimension [^>]*/>", tag, data, count=1)
    return re.sub(rb"(<worksheet[^>]*>)", rb"\1" + tag, data, count=1)


def pick_data_sheet(rng: random.Random, source: Path) -> str:
    return rng.choice(data_sheet_names(source))


def xml_bad_ref(rng: random.Random, source: Path, target: Path) -> Damage:
    ref = rng.choice(["l2", "", "1A", "a1", "A", "ZZZZ1"])
    return bad_ref(source, target, pick_data_sheet(rng, source), ref, rng.choice)


def xml_utf16(rng: random.Random, source: Path, target: Path) -> Damage:
    damage = marked_part(source, target, pick_data_sheet(rng, source), marker(rng), utf16)
    return Damage(damage.description + " (re-encoded as UTF-16)", damage.edits)


def declare_huge_dimension(source: Path, target: Path, sheet: str) -> Damage:
    edit_part(source, target, sheet_part(source, sheet), huge_dimension)
    return Damage(f'{sheet}: <dimension ref="A1:XFD1048576"/>')


def xml_huge_dimension(rng: random.Random, source: Path, target: Path) -> Damage:
    return declare_huge_dimension(source, target, pick_data_sheet(rng, source))


# --- LibreOffice re-saves, then mutated: openpyxl for .xlsx, content.xml by hand for .ods ---

ODS_TABLE = re.compile(rb'<table:table table:name="([^"]*)".*?</table:table>', re.S)
ODS_ROW = re.compile(rb"<table:table-row\b[^>]*>.*?</table:table-row>", re.S)
ODS_CELL = re.compile(rb"<table:table-cell\b(?![^>]*number-columns-repeated)[^>]*?(?:/>|>.*?</table:table-cell>)", re.S)
ODS_TEXT = re.compile(rb"<text:p>([^<]*)</text:p>")
ODS_CONTENT = "content.xml"


def ods_data_rows(content: bytes) -> list[tuple[str, re.Match]]:
    """(table name, row match) of every row with text below the header of a data table."""
    rows = []
    for table in ODS_TABLE.finditer(content):
        first = ODS_TEXT.search(table.group(0))
        if first is None or first.group(1).decode() not in CODE_LABELS:
            continue
        body = table.group(0).find(b"</table:table-header-rows>")
        below = list(ODS_ROW.finditer(content, table.start() + max(body, 0), table.end()))[0 if body >= 0 else 1:]
        rows += [(table.group(1).decode(), row) for row in below
                 if b"<text:p>" in row.group(0) and ODS_CELL.search(row.group(0))]
    return rows


def ods_cell(value: Any) -> bytes:
    """An ODS cell holding a value of openpyxl's kind: text, number, boolean or date."""
    if isinstance(value, bool):
        return (f'<table:table-cell office:value-type="boolean" office:boolean-value="{str(value).lower()}">'
                f"<text:p>{value}</text:p></table:table-cell>").encode()
    if isinstance(value, (int, float)):
        return (f'<table:table-cell office:value-type="float" office:value="{value}"><text:p>{value}</text:p>'
                "</table:table-cell>").encode()
    if isinstance(value, (dt.date, dt.time)):
        kind, attribute = ("time", "time-value") if isinstance(value, dt.time) else ("date", "date-value")
        text = value.strftime("PT%HH%MM%SS") if isinstance(value, dt.time) else value.isoformat()
        return (f'<table:table-cell office:value-type="{kind}" office:{attribute}="{text}"><text:p>{value}</text:p>'
                "</table:table-cell>").encode()
    escaped = str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f'<table:table-cell office:value-type="string"><text:p>{escaped}</text:p></table:table-cell>'.encode()


def ods_cell_value(rng: random.Random, content: bytes) -> tuple[bytes, str]:
    table, row = rng.choice(ods_data_rows(content))
    cells = list(ODS_CELL.finditer(content, row.start(), row.end()))
    cell, value = rng.choice(cells), random_value(rng)
    return content[:cell.start()] + ods_cell(value) + content[cell.end():], f"{table}: a cell → {short(value)}"


def ods_row_delete(rng: random.Random, content: bytes) -> tuple[bytes, str]:
    table, row = rng.choice(ods_data_rows(content))
    return content[:row.start()] + content[row.end():], f"{table}: a row deleted"


def ods_row_duplicate(rng: random.Random, content: bytes) -> tuple[bytes, str]:
    table, row = rng.choice(ods_data_rows(content))
    return content[:row.end()] + row.group(0) + content[row.end():], f"{table}: a row duplicated"


def ods_sheet_swap(rng: random.Random, content: bytes) -> tuple[bytes, str]:
    first, second = rng.sample(sorted({table for table, _ in ods_data_rows(content)}), 2)
    swapped = {f'table:name="{first}"'.encode(): f'table:name="{second}"'.encode(),
               f'table:name="{second}"'.encode(): f'table:name="{first}"'.encode()}
    content = re.sub(rb'table:name="(?:%s|%s)"' % (re.escape(first.encode()), re.escape(second.encode())),
                     lambda m: swapped[m.group(0)], content)
    return content, f"tables {first} and {second} trade names"


ODS_EDITS = {"cell_value": ods_cell_value, "row_delete": ods_row_delete, "row_duplicate": ods_row_duplicate,
             "sheet_swap": ods_sheet_swap}


def lo_xlsx(rng: random.Random, source: Path, target: Path) -> Damage:
    name = rng.choice(sorted(CELL_EDITS))
    damage = on_book(CELL_EDITS[name])(rng, source, target)
    return Damage(f"{name}: {damage.description}", damage.edits)


def lo_ods(rng: random.Random, source: Path, target: Path) -> Damage:
    name = rng.choice(sorted(ODS_EDITS))
    said = []

    def edit(data: bytes) -> bytes:
        data, description = ODS_EDITS[name](rng, data)
        said.append(description)
        return data
    edit_part(source, target, ODS_CONTENT, edit)
    return Damage(f"{name}: {said[0]}")


# --- every kind, by family ---

@dataclass(frozen=True)
class MutantKind:
    family: str
    mutate: Mutation
    applies: Callable[[str], bool]  # to a source, by its file name


KINDS: dict[str, MutantKind] = {
    **{name: MutantKind("cell", on_book(edit), lambda n: is_exported(n) and is_xlsx(n))
       for name, edit in CELL_EDITS.items()},
    "zip_byte_flip": MutantKind("zip", zip_byte_flip, any_source),
    "zip_method9": MutantKind("zip", zip_method9, any_source),
    "zip_encrypted_flag": MutantKind("zip", zip_encrypted_flag, any_source),
    "zip_utf8_name": MutantKind("zip", zip_utf8_name, any_source),
    "zip_bzip2": MutantKind("zip", zip_bzip2, any_source),
    "zip_truncate": MutantKind("zip", zip_truncate, any_source),
    "zip_drop_member": MutantKind("zip", zip_drop_member, any_source),
    "zip_duplicate_member": MutantKind("zip", zip_duplicate_member, any_source),
    "xml_bad_ref": MutantKind("xml", xml_bad_ref, is_xlsx),
    "xml_utf16": MutantKind("xml", xml_utf16, is_xlsx),
    "xml_huge_dimension": MutantKind("xml", xml_huge_dimension, is_xlsx),
    "lo_xlsx": MutantKind("libreoffice", lo_xlsx, is_lo_xlsx),
    "lo_ods": MutantKind("libreoffice", lo_ods, is_lo_ods),
}


# --- the fixed cases: one deterministic, named mutant per failure class of the issue ---

@dataclass(frozen=True)
class Fixed:
    make: Callable[[Path, Path], Damage]  # (source, target)
    source: str = ALL_ZH
    slow: bool = False  # too slow for the test suite: the bench run only
    timeout: float = 60.0


def issues_part(source: Path) -> str:
    return sheet_part(source, "问题清单")


def with_book(edit: Callable[[openpyxl.Workbook], Damage]) -> Callable[[Path, Path], Damage]:
    return lambda source, target: on_book(lambda rng, book: edit(book))(random.Random(0), source, target)


def append_rows(source: Path, target: Path, sheet: str = "问题清单", count: int = 490_000) -> Damage:
    """`count` valid new issues typed below the last row, written straight into the XML (openpyxl takes minutes)."""
    book = openpyxl.load_workbook(source, read_only=True)
    headers = [c.value for c in next(book[sheet].iter_rows(max_row=1))]
    book.close()
    columns = sorted((headers.index(label), text) for label, text in ISSUE_ROW.items())
    letters = [openpyxl.utils.get_column_letter(index + 1) for index, _ in columns]

    def edit(data: bytes) -> bytes:
        last = max(int(m.group(1)) for m in re.finditer(rb'<row r="(\d+)"', data))
        rows = "".join(f'<row r="{n}">' + "".join(
            f'<c r="{letter}{n}" t="inlineStr"><is><t>{text.format(n=n)}</t></is></c>'
            for letter, (_, text) in zip(letters, columns)) + "</row>" for n in range(last + 1, last + 1 + count))
        data = data.replace(b"</sheetData>", rows.encode() + b"</sheetData>", 1)
        return huge_dimension(data, f"A1:{openpyxl.utils.get_column_letter(len(headers))}{last + count}")
    edit_part(source, target, sheet_part(source, sheet), edit)
    return Damage(f"{sheet}: {count:,} valid new rows appended")


FIXED: dict[str, Fixed] = {
    "deflate_byte_flip": Fixed(lambda s, t: reserved_block_type(s, t, issues_part(s))),
    "compression_method_9": Fixed(lambda s, t: set_method(s, t, issues_part(s), 9)),
    "encrypted_flag": Fixed(lambda s, t: set_flags(s, t, issues_part(s), 0x1)),
    "invalid_utf8_name": Fixed(lambda s, t: bad_name(s, t, issues_part(s), len("xl/worksheets/"))),
    "formula_ref_l2": Fixed(lambda s, t: bad_ref(s, t, "问题清单", "l2")),
    "formula_ref_empty": Fixed(lambda s, t: bad_ref(s, t, "问题清单", "")),
    "bzip2_member": Fixed(lambda s, t: recompress(s, t, issues_part(s), zipfile.ZIP_BZIP2)),
    "xfd1048576_cell": Fixed(with_book(lambda b: far_cell(b["问题清单"]))),
    "huge_dimension": Fixed(lambda s, t: declare_huge_dimension(s, t, "问题清单")),
    "appended_490k_rows": Fixed(append_rows, slow=True, timeout=900.0),
    "swapped_sheet_names": Fixed(with_book(lambda b: swap_sheet_names(b, "问题清单", "满意度回访", "变异标记 交换"))),
    "utf16_sheet_part": Fixed(lambda s, t: marked_part(s, t, "问题清单", "变异标记 UTF-16", utf16)),
    "data_sheet_renamed_reviewdesk": Fixed(with_book(lambda b: rename_to_meta(b, "问题清单", "变异标记 改名", False))),
}


def abort_while_building(source: Path, target: Path) -> Damage:
    """Not a mutant: ends its worker the way a native abort in the reader does (the harness's own test)."""
    os.abort()


HARNESS_CASES = {"worker_abort": Fixed(abort_while_building)}


# --- recipes and building ---

def recipes(origin: Origin, count: int, seed: int | str, kinds: list[str] | None = None) -> list[Recipe]:
    """`count` random mutants, the kinds taken in turns (each turn shuffled) so that every kind is covered."""
    rng = random.Random(seed)
    usable = [k for k in (kinds or KINDS) if any(KINDS[k].applies(s) for s in origin.sources)]
    chosen: list[Recipe] = []
    turn: list[str] = []
    for index in range(count):
        if not turn:
            turn = usable[:]
            rng.shuffle(turn)
        kind = turn.pop()
        source = rng.choice(sorted(s for s in origin.sources if KINDS[kind].applies(s)))
        chosen.append(Recipe(f"m{index:05d}-{kind}", kind, source, f"{seed}:{index}"))
    return chosen


def fixed_recipes(*, slow: bool = False) -> list[Recipe]:
    return [Recipe(name, name, case.source) for name, case in FIXED.items() if slow or not case.slow]


def family(kind: str) -> str:
    return KINDS[kind].family if kind in KINDS else "fixed"


def fixed_case(kind: str) -> Fixed:
    return FIXED[kind] if kind in FIXED else HARNESS_CASES[kind]


def timeout(recipe: Recipe, default: float) -> float:
    return max(default, fixed_case(recipe.kind).timeout) if recipe.seed is None else default


def build(recipe: Recipe, origin: Origin, folder: Path) -> Mutant:
    """Write the mutant into `folder`: the same recipe always makes the same damage."""
    source = origin.sources[recipe.source]
    target = folder / f"{recipe.name}{source.suffix}"
    if recipe.seed is None:
        damage = fixed_case(recipe.kind).make(source, target)
    else:
        damage = KINDS[recipe.kind].mutate(random.Random(recipe.seed), source, target)
    return Mutant(recipe, target, damage.description, damage.edits)


def write_mutants(folder: Path, count: int, seed: int | str, *, slow: bool = False) -> Iterator[Mutant]:
    """Sources, the fixed cases and `count` seeded mutants written into `folder`."""
    origin = prepare(folder / "origin")
    out = folder / "mutants"
    out.mkdir(exist_ok=True)
    for recipe in fixed_recipes(slow=slow) + recipes(origin, count, seed):
        yield build(recipe, origin, out)


def main(argv: list[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--count", type=int, default=150)
    parser.add_argument("--seed", default="19")
    parser.add_argument("--slow", action="store_true", help="also the fixed cases too slow for the test suite")
    args = parser.parse_args(argv)
    manifest = [{"file": m.path.name, "kind": m.recipe.kind, "source": m.recipe.source, "description": m.description}
                for m in write_mutants(args.folder, args.count, args.seed, slow=args.slow)]
    (args.folder / "mutants.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"{len(manifest)} mutants in {args.folder / 'mutants'}, listed in mutants.json")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
