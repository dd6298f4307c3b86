"""Opening a returned workbook safely: refuse what is not a workbook, then read every sheet's cells.

python-calamine reads .xlsx, .xlsm, .xls and .ods about eight times faster than openpyxl and never runs
macros. For the zip-based formats the file is checked first (zip bombs, XML entity bombs, Word files and
encrypted packages), and the sheet XML is scanned for formulas that carry no cached value, which calamine
would silently read as empty.
"""
from __future__ import annotations

import io
import os
import re
import zipfile
from dataclasses import dataclass, field as dc_field
from pathlib import Path
from typing import Any, Callable, Collection
from xml.etree import ElementTree

from reviewdesk.templates import ReviewDeskError

from reviewdesk.exporters.returns import cfb as cfb_check

SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
MAX_UNCOMPRESSED = 512 * 1024 * 1024  # a returned review workbook is a few MB; 512 MB unpacked is an attack
MAX_RATIO = 200  # a part that inflates more than this is a zip bomb (real sheets compress about 10:1)
OLE_MAGIC = cfb_check.MAGIC  # legacy .xls, and the wrapper of a password-encrypted .xlsx
ZIP_ENCRYPTED_FLAG = 0x1  # bit 0 of a zip member's general purpose flags
PROLOG_LIMIT = 1024 * 1024  # what precedes the root element: a DTD hides there, behind comments of any length
_PROLOG = re.compile(rb"(?:\xef\xbb\xbf)?(?:\s+|<\?.*?\?>|<!--.*?-->)*", re.S)  # BOM, declaration, comments
_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


class WorkbookFileError(ReviewDeskError):
    """The file cannot be read as a workbook; the message names the file and the problem."""

    def __init__(self, path: Path, zh: str, en: str):
        super().__init__(f"{path.name}：{zh}", f"{path.name}: {en}")
        self.path, self.reason_zh, self.reason_en = path, zh, en

    def __reduce__(self):  # crosses from the reading process to the window's
        return type(self), (self.path, self.reason_zh, self.reason_en)


@dataclass
class RawSheet:
    name: str
    visible: bool
    rows: list[list[Any]]  # cell values as calamine gives them: str, float, int, bool, date, datetime, time
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = dc_field(default_factory=list)  # 0-based corners
    formulas_without_value: set[tuple[int, int]] = dc_field(default_factory=set)  # 0-based (row, column)


@dataclass
class RawWorkbook:
    path: Path
    sheets: list[RawSheet]
    date1904: bool = False

    def sheet(self, name: str) -> RawSheet | None:
        return next((s for s in self.sheets if s.name == name), None)


def _refuse(path: Path, zh: str, en: str) -> WorkbookFileError:
    return WorkbookFileError(path, zh, en)


def _check_zip(path: Path, archive: zipfile.ZipFile) -> None:
    """Refuse what is not a sound workbook package, checking its members in the archive's own order."""
    infos = archive.infolist()
    names = [info.filename for info in infos]
    if "word/document.xml" in names:
        raise _refuse(path, "这是 Word 文档，不是 Excel 工作簿", "this is a Word document, not an Excel workbook")
    if "xl/workbook.xml" not in names and "content.xml" not in names:
        raise _refuse(path, "这是一个压缩包，但不是 Excel 工作簿", "this is a zip archive, not an Excel workbook")
    total = 0
    for info in infos:
        if info.flag_bits & ZIP_ENCRYPTED_FLAG:
            raise _refuse(path, f"其中的「{info.filename}」已加密，请在 Excel 中取消密码后另存再导入",
                          f"its part {info.filename} is encrypted; remove the password in Excel, save, and import again")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _refuse(path, f"其中的「{info.filename}」使用了 Excel 不使用的压缩方式（{info.compress_type}），"
                                "文件可能已损坏；请在 Excel 中打开并另存后再导入",
                          f"its part {info.filename} uses a compression method Excel never writes "
                          f"({info.compress_type}); the file may be damaged: open it in Excel, save, and import again")
        total += info.file_size
        if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise _refuse(path, f"压缩比异常（{info.filename}），疑似压缩炸弹，已拒绝",
                          f"abnormal compression ratio in {info.filename} (a zip bomb); refused")
    if total > MAX_UNCOMPRESSED:
        raise _refuse(path, "解压后超过 512 MB，疑似压缩炸弹，已拒绝", "unpacks to more than 512 MB (a zip bomb); refused")
    for name in names:
        if name.endswith(".xml") or name.endswith(".rels"):
            with archive.open(name) as part:
                declares = _declares_dtd(part)
            if declares:
                raise _refuse(path, f"{name} 含有 DTD/实体声明（可能是 XML 炸弹），已拒绝",
                              f"{name} declares a DTD or entities (possibly an XML bomb); refused")


def _declares_dtd(part) -> bool:
    """Whether an XML part has a DTD before its root element (or a prolog too long to be an honest one)."""
    head = part.read(4096)
    if head[_PROLOG.match(head).end():].startswith(b"<!"):  # a DTD, or a comment that goes on: read further
        head += part.read(PROLOG_LIMIT)
    return head[_PROLOG.match(head).end():].startswith(b"<!")


def _sheet_parts(archive: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(sheet name, its XML part inside an .xlsx/.xlsm package), in the workbook's order."""
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    parts = []
    for sheet in workbook.iter(f"{_NS}sheet"):
        target = targets.get(sheet.get(f"{_REL_NS}id"), "")
        target = target.lstrip("/") if target.startswith("/") else "xl/" + target
        parts.append((sheet.get("name"), os.path.normpath(target).replace(os.sep, "/")))
    return parts


def _date1904(archive: zipfile.ZipFile) -> bool:
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    pr = workbook.find(f"{_NS}workbookPr")
    return pr is not None and pr.get("date1904") in ("1", "true")


_CELL_REF = re.compile(r"([A-Z]{1,3})([1-9]\d{0,6})")  # A1 .. XFD1048576
# The end of a cell formula's tag name, <f> or <x:f> (validations and conditional formats use <formula1>); the byte
# before it is checked apart (_has_formula): a pattern that starts with a literal runs at the speed of a substring
# search, where one that starts with a choice of bytes tries a match at every one of them.
_FORMULA_NAME_END = re.compile(rb"f[ >/]")
_VALUE = re.compile(rb"<(?:\w+:)?(?:v|is)>")  # a cell that holds a value
# A cheap test that holds for nearly every sheet: no cell right of column Z, no row past 99,999. Only a sheet that
# fails it is searched for its exact extent. It starts with a literal (see _FORMULA_NAME_END); a hit counts only where
# r= is a whole attribute name (not the end of operator=, say), which _reaches_far checks.
_FAR_REF = re.compile(rb"r=\"(?:[A-Za-z]{2}|[A-Za-z]*\d{6})")
_REF = re.compile(rb"<(?:\w+:)?c\b[^>]*?\br=\"([A-Za-z]*)(\d+)\"")
_NARROW_EXTENT = (99_999, 26)
OVERLAP = 64  # bytes of one chunk searched again with the next, so no tag is missed at a boundary
MAX_SHEET_ROWS = 250_000  # the largest review export is 100,000 callbacks; a sheet beyond this is not a return
MAX_SHEET_CELLS = 8_000_000  # rows x columns of a sheet's used area: the reader holds every cell of it in memory


def _ref_to_index(ref: str | None) -> tuple[int, int] | None:
    """(row, column), 0-based, of an A1-style reference; None when it is not one."""
    match = _CELL_REF.fullmatch(ref or "")
    if match is None:
        return None
    letters, digits = match.groups()
    column = 0
    for ch in letters:
        column = column * 26 + ord(ch) - 64
    return int(digits) - 1, column - 1


def _column_number(letters: bytes) -> int:
    number = 0
    for ch in letters.upper():
        number = number * 26 + ch - 64
    return number


@dataclass
class SheetScan:
    """What a sheet's XML holds, learnt before the reader allocates its cells."""

    has_formula: bool = False
    has_values: bool = False
    utf16: bool = False
    rows: int = 0  # the used extent: the last row and column any cell names (an upper bound)
    columns: int = 0
    farthest: str = ""  # the reference of a cell in the last row, when the exact extent was searched


def _has_formula(window: bytes) -> bool:
    """Whether this piece of a sheet holds a formula tag (a hit at the window's very start, whose byte before is
    unknown, counts)."""
    return any(m.start() == 0 or window[m.start() - 1] in b"<:" for m in _FORMULA_NAME_END.finditer(window))


def _reaches_far(window: bytes) -> bool:
    """Whether a cell reference in this piece of a sheet may lie right of column Z or past row 99,999: a hit on a
    whole attribute r= (not operator=, nor the namespace xmlns:r= that Excel declares on every sheet); a hit at the
    window's very start, whose byte before is unknown, counts."""
    return any(m.start() == 0 or not (_is_word_byte(window[m.start() - 1]) or window.endswith(b"xmlns:", 0, m.start()))
               for m in _FAR_REF.finditer(window))


def _is_word_byte(byte: int) -> bool:
    return byte < 128 and (chr(byte).isalnum() or byte == 95)


def _scan_sheet(archive: zipfile.ZipFile, part: str) -> SheetScan:
    """One read of a sheet's XML, a megabyte at a time (no copy of a large sheet)."""
    scan = SheetScan()
    far = False
    exact_rows = exact_columns = 0
    tail = b""
    with archive.open(part) as stream:
        first = True
        while chunk := stream.read(1 << 20):
            if first:
                scan.utf16 = chunk[:2] in (b"\xff\xfe", b"\xfe\xff") or chunk[1:2] == b"\x00" or chunk[:1] == b"\x00"
                first = False
            window = tail + chunk
            scan.has_formula = scan.has_formula or _has_formula(window)
            scan.has_values = scan.has_values or bool(_VALUE.search(window))
            far = far or _reaches_far(window)
            if far:  # the rare sheet that reaches far: its exact extent
                for letters, digits in _REF.findall(window):
                    if int(digits) > exact_rows:
                        exact_rows, scan.farthest = int(digits), (letters + digits).decode("ascii", "replace")
                    if letters:
                        exact_columns = max(exact_columns, _column_number(letters))
                if exact_rows > MAX_SHEET_ROWS or exact_rows * exact_columns > MAX_SHEET_CELLS:
                    break  # already too far: the rest cannot make it acceptable
            tail = chunk[-OVERLAP:]
    if far:
        scan.rows, scan.columns = exact_rows, exact_columns
    else:
        scan.rows, scan.columns = _NARROW_EXTENT
    return scan


def _check_extent(path: Path, sheet: str, scan: SheetScan) -> None:
    """Refuse a sheet the reader would need more memory for than any review workbook can: a cell typed far out
    (XFD1048576 alone is 17 billion cells to the reader), or hundreds of thousands of rows."""
    if scan.utf16:
        raise _refuse(path, f"工作表「{sheet}」以 UTF-16 编码保存，无法读取；请在 Excel 中打开并另存为 .xlsx 后再导入",
                      f"sheet '{sheet}' is stored as UTF-16 and cannot be read; open it in Excel, save as .xlsx, and "
                      "import again")
    if scan.rows > MAX_SHEET_ROWS:
        raise _refuse(path, f"工作表「{sheet}」用到第 {scan.rows:,} 行（单元格 {scan.farthest}），超过了 "
                            f"{MAX_SHEET_ROWS:,} 行的上限；请删除数据下方多余的行（或远处误填的单元格）后再导入",
                      f"sheet '{sheet}' reaches row {scan.rows:,} (cell {scan.farthest}), beyond the limit of "
                      f"{MAX_SHEET_ROWS:,} rows; delete the extra rows below the data (or a cell typed far below it) "
                      "and import again")
    if scan.rows * scan.columns > MAX_SHEET_CELLS:
        far = f"{_column_letters(scan.columns)}{scan.rows}"
        raise _refuse(path, f"工作表「{sheet}」的使用区域达到 {far}（{scan.rows:,} 行 × {scan.columns:,} 列），"
                            f"超过了 {MAX_SHEET_CELLS:,} 个单元格的上限；请删除远处误填的单元格后再导入",
                      f"sheet '{sheet}' uses cells up to {far} ({scan.rows:,} rows x {scan.columns:,} columns), beyond "
                      f"the limit of {MAX_SHEET_CELLS:,} cells; delete the cells typed far from the data and import again")


def _column_letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _formulas_without_value(path: Path, sheet: str, archive: zipfile.ZipFile, part: str) -> set[tuple[int, int]]:
    """The cells holding a formula without a calculated value, which the reader would give as empty."""
    missing = set()
    row, column = -1, -1
    for event, element in ElementTree.iterparse(_Bytes(archive.read(part)), events=("start", "end")):
        if event == "start":
            if element.tag == f"{_NS}row":
                number = element.get("r")
                row, column = (int(number) - 1 if number and number.isdigit() else row + 1), -1
            continue
        if element.tag != f"{_NS}c":
            continue
        ref = element.get("r")
        if ref is None:  # the reference may be left out: the cell then follows the one before it
            index = (row, column + 1)
        else:
            index = _ref_to_index(ref)
            if index is None:
                raise _refuse(path, f"工作表「{sheet}」中有无效的单元格引用「{ref}」，文件可能已损坏",
                              f"sheet '{sheet}' holds an invalid cell reference '{ref}'; the file may be damaged")
        row, column = index
        value = element.find(f"{_NS}v")
        if element.find(f"{_NS}f") is not None and (value is None or value.text in (None, "")):
            missing.add(index)
        element.clear()
    return missing


class _Bytes:
    """A minimal file object over bytes, for iterparse."""

    def __init__(self, data: bytes):
        self.data, self.pos = data, 0

    def read(self, size: int = -1) -> bytes:
        end = len(self.data) if size < 0 else self.pos + size
        chunk, self.pos = self.data[self.pos:end], min(end, len(self.data))
        return chunk


def read_workbook(path: str | os.PathLike, *, hidden_to_skip: Collection[str] = ()) -> RawWorkbook:
    """Every sheet's cells, or WorkbookFileError with one clear sentence naming the file and the problem.

    Hidden sheets named in `hidden_to_skip` (the exporter's own drop-down lists) are left out unread. Whatever goes
    wrong inside the file ends in that error: the order of the checks is the file's own, so the same file always
    gives the same message.
    """
    path = Path(path)
    try:
        scans = _check_file(path)
        return _read_cells(path, scans, hidden_to_skip)
    except WorkbookFileError:
        raise
    except MemoryError:
        raise _refuse(path, "文件太大，内存不足，无法读取", "is too large to read in the memory available") from None
    except Exception as exc:  # noqa: BLE001 - zipfile, zlib, bz2, the XML parsers and calamine raise dozens of types
        raise _refuse(path, f"文件已损坏，无法读取（{_reason(exc)}）",
                      f"the file is damaged and cannot be read ({_reason(exc)})") from None


def _reason(exc: BaseException) -> str:
    """A reader's own words for what is wrong, shortened: they help whoever looks into the file."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 160 else text[:157] + "…"


@dataclass
class _Scans:
    normalised: bytes | None = None  # the file to read instead, when it needed normalising (a Gnumeric .ods)
    date1904: bool = False
    sheets: list[tuple[str, SheetScan, set[tuple[int, int]]]] = dc_field(default_factory=list)  # workbook order


def _check_file(path: Path) -> _Scans:
    """Refuse what is not a readable workbook before the reader sees it; what each sheet's XML holds."""
    if path.is_dir():
        raise _refuse(path, "这是一个文件夹，请选择其中的工作簿文件", "is a folder; choose a workbook file in it")
    if not path.is_file():
        raise _refuse(path, "文件不存在", "the file does not exist")
    if path.suffix.lower() not in SUFFIXES:
        raise _refuse(path, "只能导入 .xlsx、.xlsm、.xls 或 .ods 文件", "only .xlsx, .xlsm, .xls or .ods files can be imported")
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise _refuse(path, f"无法打开：{exc.strerror}", f"cannot be opened: {exc.strerror}") from exc
    if not head:
        raise _refuse(path, "文件是空的", "the file is empty")
    if head.startswith(b"PK"):
        return _check_package(path)
    if head == OLE_MAGIC:
        if path.suffix.lower() != ".xls":
            raise _refuse(path, "工作簿已加密（设置了打开密码），请在 Excel 中取消密码后另存再导入",
                          "the workbook is encrypted (it has an open password); remove the password in Excel, "
                          "save, and import again")
        if path.stat().st_size > MAX_UNCOMPRESSED or not cfb_check.is_sound(path.read_bytes()):
            raise _refuse(path, "文件已损坏（.xls 的内部目录不完整或有误）",
                          "the file is damaged (the .xls file's internal directory is incomplete or wrong)")
        return _Scans()
    raise _refuse(path, "不是 Excel 工作簿（可能是改了扩展名的 CSV 或文本文件）",
                  "is not an Excel workbook (perhaps a CSV or text file renamed)")


_TABLE_GAP = re.compile(rb">\s+(?=</?(?:table|office):)")  # indentation between the table's own elements
_LINE_BREAK = re.compile(rb"<text:line-break\s*/>")  # a new line inside a cell, which calamine drops


def _normalised_ods(archive: zipfile.ZipFile) -> bytes | None:
    """Gnumeric writes its .ods indented, with whitespace between cells, which python-calamine refuses (LibreOffice
    and Excel read it), and a new line inside a cell as <text:line-break/>, which calamine drops. The same package
    with that whitespace gone — only between table and office elements, so the text in cells stays as typed — and
    each line break a newline character; or None when the file needs nothing."""
    content = archive.read("content.xml")
    if not _TABLE_GAP.search(content) and not _LINE_BREAK.search(content):
        return None
    content = _LINE_BREAK.sub(b"&#10;", _TABLE_GAP.sub(b">", content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as copy:
        for info in archive.infolist():  # mimetype first and stored, as ODF wants
            data = content if info.filename == "content.xml" else archive.read(info.filename)
            copy.writestr(info, data, compress_type=info.compress_type)
    return buffer.getvalue()


def _check_package(path: Path) -> _Scans:
    """The zip checks, then each sheet of an .xlsx/.xlsm: its part present, its extent, its formulas."""
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise _refuse(path, "文件已损坏或不完整（可能下载或复制中断）",
                      "the file is damaged or incomplete (perhaps a copy was cut short)") from None
    with archive:
        _check_zip(path, archive)
        scans = _Scans()
        if "xl/workbook.xml" not in archive.namelist():
            if "content.xml" in archive.namelist():
                scans.normalised = _normalised_ods(archive)
            return scans
        try:
            scans.date1904 = _date1904(archive)
            parts = _sheet_parts(archive)
        except (ElementTree.ParseError, KeyError):
            raise _refuse(path, "工作簿内部结构已损坏", "the workbook's internal structure is damaged") from None
        members = set(archive.namelist())
        for name, part in parts:
            if part not in members:
                raise _refuse(path, f"工作簿内部结构已损坏（工作表「{name}」的内容缺失）",
                              f"the workbook's internal structure is damaged (sheet '{name}' has no content)")
            scan = _scan_sheet(archive, part)
            _check_extent(path, name, scan)
            try:
                formulas = _formulas_without_value(path, name, archive, part) if scan.has_formula else set()
            except ElementTree.ParseError:
                raise _refuse(path, f"工作表「{name}」的内容已损坏", f"the content of sheet '{name}' is damaged") from None
            scans.sheets.append((name, scan, formulas))
        return scans


def _read_cells(path: Path, scans: _Scans, hidden_to_skip: Collection[str]) -> RawWorkbook:
    """Every sheet's cells through python-calamine, which only sees files _check_file let through."""
    import python_calamine as calamine

    try:
        if scans.normalised is not None:
            book = calamine.CalamineWorkbook.from_filelike(io.BytesIO(scans.normalised))
        else:
            book = calamine.CalamineWorkbook.from_path(str(path))
        sheets = []
        for index, meta in enumerate(book.sheets_metadata):
            visible = meta.visible == calamine.SheetVisibleEnum.Visible
            if not visible and meta.name in hidden_to_skip:
                continue
            sheet = book.get_sheet_by_index(index)
            rows = sheet.to_python(skip_empty_area=False)
            merged = list(sheet.merged_cell_ranges or [])
            scan = scans.sheets[index] if index < len(scans.sheets) and scans.sheets[index][0] == meta.name else None
            if scan is not None and scan[1].has_values and not any(any(c not in (None, "") for c in r) for r in rows):
                raise _refuse(path, f"工作表「{meta.name}」含有数据，但读出来是空的；文件可能已损坏，请在 Excel 中打开并另存后再导入",
                              f"sheet '{meta.name}' holds data but reads as empty; the file may be damaged: open it in "
                              "Excel, save, and import again")
            sheets.append(RawSheet(meta.name, visible, rows, merged, scan[2] if scan else set()))
    except calamine.PasswordError:
        raise _refuse(path, "工作簿已加密，请取消密码后再导入", "the workbook is password-protected; remove the password first") from None
    return RawWorkbook(path, sheets, scans.date1904)


def read_workbook_apart(path: str | os.PathLike, *, hidden_to_skip: Collection[str] = (),
                        read: Callable[..., RawWorkbook] = read_workbook) -> RawWorkbook:
    """`read` (read_workbook) in a process of its own, for the window: should the native reader still crash on a
    file no check foresaw, the window loses nothing and shows a message."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    path = Path(path)
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        try:
            return pool.submit(read, path, hidden_to_skip=tuple(hidden_to_skip)).result()
        except BrokenProcessPool:
            raise _refuse(path, "读取时读取程序意外退出，文件可能已损坏；请在 Excel 中打开并另存后再导入",
                          "the reader stopped unexpectedly while reading it; the file may be damaged: open it in "
                          "Excel, save, and import again") from None
