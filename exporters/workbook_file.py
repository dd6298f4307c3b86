"""Opening a returned workbook safely: refuse what is not a workbook, then read every sheet's cells.

python-calamine reads .xlsx, .xlsm, .xls and .ods about eight times faster than openpyxl and never runs
macros. For the zip-based formats the file is checked first (zip bombs, XML entity bombs, Word files and
encrypted packages), and the sheet XML is scanned for formulas that carry no cached value, which calamine
would silently read as empty.
"""
from __future__ import annotations

import os
import re
import zipfile
from dataclasses import dataclass, field as dc_field
from pathlib import Path
from typing import Any, Collection
from xml.etree import ElementTree

from templates import ReviewDeskError

from . import cfb_check

SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
MAX_UNCOMPRESSED = 512 * 1024 * 1024  # a returned review workbook is a few MB; 512 MB unpacked is an attack
MAX_RATIO = 200  # a part that inflates more than this is a zip bomb (real sheets compress about 10:1)
OLE_MAGIC = cfb_check.MAGIC  # legacy .xls, and the wrapper of a password-encrypted .xlsx
PROLOG_LIMIT = 1024 * 1024  # what precedes the root element: a DTD hides there, behind comments of any length
_PROLOG = re.compile(rb"(?:\xef\xbb\xbf)?(?:\s+|<\?.*?\?>|<!--.*?-->)*", re.S)  # BOM, declaration, comments
_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


class WorkbookFileError(ReviewDeskError):
    """The file cannot be read as a workbook; the message names the file and the problem."""

    def __init__(self, path: Path, zh: str, en: str):
        super().__init__(f"{path.name}:{zh}", f"{path.name}: {en}")
        self.path = path


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
    names = set(archive.namelist())
    if "word/document.xml" in names:
        raise _refuse(path, "这是 Word 文档,不是 Excel 工作簿", "this is a Word document, not an Excel workbook")
    if "xl/workbook.xml" not in names and "content.xml" not in names:
        raise _refuse(path, "这是一个压缩包,但不是 Excel 工作簿", "this is a zip archive, not an Excel workbook")
    total = 0
    for info in archive.infolist():
        total += info.file_size
        if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise _refuse(path, f"压缩比异常({info.filename}),疑似压缩炸弹,已拒绝",
                          f"abnormal compression ratio in {info.filename} (a zip bomb); refused")
    if total > MAX_UNCOMPRESSED:
        raise _refuse(path, "解压后超过 512 MB,疑似压缩炸弹,已拒绝", "unpacks to more than 512 MB (a zip bomb); refused")
    for name in names:
        if name.endswith(".xml") or name.endswith(".rels"):
            with archive.open(name) as part:
                declares = _declares_dtd(part)
            if declares:
                raise _refuse(path, f"{name} 含有 DTD/实体声明(可能是 XML 炸弹),已拒绝",
                              f"{name} declares a DTD or entities (possibly an XML bomb); refused")


def _declares_dtd(part) -> bool:
    """Whether an XML part has a DTD before its root element (or a prolog too long to be an honest one)."""
    head = part.read(4096)
    if head[_PROLOG.match(head).end():].startswith(b"<!"):  # a DTD, or a comment that goes on: read further
        head += part.read(PROLOG_LIMIT)
    return head[_PROLOG.match(head).end():].startswith(b"<!")


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> its XML part inside an .xlsx/.xlsm package."""
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    parts = {}
    for sheet in workbook.iter(f"{_NS}sheet"):
        target = targets.get(sheet.get(f"{_REL_NS}id"), "")
        target = target.lstrip("/") if target.startswith("/") else "xl/" + target
        parts[sheet.get("name")] = os.path.normpath(target).replace(os.sep, "/")
    return parts


def _date1904(archive: zipfile.ZipFile) -> bool:
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    pr = workbook.find(f"{_NS}workbookPr")
    return pr is not None and pr.get("date1904") in ("1", "true")


_CELL_REF = re.compile(r"([A-Z]+)(\d+)")
_FORMULA = re.compile(rb"<f[ >/]")  # a cell formula; validations and conditional formats use <formula1>/<formula>


def _ref_to_index(ref: str) -> tuple[int, int]:
    letters, digits = _CELL_REF.match(ref).groups()
    column = 0
    for ch in letters:
        column = column * 26 + ord(ch) - 64
    return int(digits) - 1, column - 1


def _has_formula(archive: zipfile.ZipFile, part: str) -> bool:
    """Whether a sheet's XML holds a cell formula, read a megabyte at a time (no copy of a large sheet)."""
    tail = b""
    with archive.open(part) as stream:
        while chunk := stream.read(1 << 20):
            if _FORMULA.search(tail + chunk[:8]) or _FORMULA.search(chunk):
                return True
            tail = chunk[-8:]
    return False


def _formulas_without_value(archive: zipfile.ZipFile, part: str) -> set[tuple[int, int]]:
    if not _has_formula(archive, part):  # the common case, and every workbook ReviewDesk writes: no cell formulas
        return set()
    data = archive.read(part)
    missing = set()
    for _, element in ElementTree.iterparse(_Bytes(data)):
        if element.tag == f"{_NS}c":
            value = element.find(f"{_NS}v")
            if element.find(f"{_NS}f") is not None and (value is None or value.text in (None, "")):
                missing.add(_ref_to_index(element.get("r", "A1")))
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

    Hidden sheets named in `hidden_to_skip` (the exporter's own drop-down lists) are left out unread.
    """
    import python_calamine as calamine

    path = Path(path)
    if path.is_dir():
        raise _refuse(path, "这是一个文件夹,请选择其中的工作簿文件", "is a folder; choose a workbook file in it")
    if not path.is_file():
        raise _refuse(path, "文件不存在", "the file does not exist")
    if path.suffix.lower() not in SUFFIXES:
        raise _refuse(path, "只能导入 .xlsx、.xlsm、.xls 或 .ods 文件", "only .xlsx, .xlsm, .xls or .ods files can be imported")
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise _refuse(path, f"无法打开:{exc.strerror}", f"cannot be opened: {exc.strerror}") from exc
    if not head:
        raise _refuse(path, "文件是空的", "the file is empty")
    formulas: dict[str, set[tuple[int, int]]] = {}
    date1904 = False
    if head.startswith(b"PK"):
        try:
            with zipfile.ZipFile(path) as archive:
                _check_zip(path, archive)
                if "xl/workbook.xml" in archive.namelist():
                    date1904 = _date1904(archive)
                    parts = _sheet_parts(archive)
                    for name, part in parts.items():
                        if part not in archive.namelist():
                            raise _refuse(path, f"工作簿内部结构已损坏(工作表「{name}」的内容缺失)",
                                          f"the workbook's internal structure is damaged (sheet '{name}' has no content)")
                    formulas = {name: _formulas_without_value(archive, part) for name, part in parts.items()}
        except zipfile.BadZipFile:
            raise _refuse(path, "文件已损坏或不完整(可能下载或复制中断)",
                          "the file is damaged or incomplete (perhaps a copy was cut short)") from None
        except (ElementTree.ParseError, KeyError):
            raise _refuse(path, "工作簿内部结构已损坏", "the workbook's internal structure is damaged") from None
    elif head == OLE_MAGIC:
        if path.suffix.lower() != ".xls":
            raise _refuse(path, "工作簿已加密(设置了打开密码),请在 Excel 中取消密码后另存再导入",
                          "the workbook is encrypted (it has an open password); remove the password in Excel, "
                          "save, and import again")
        if path.stat().st_size > MAX_UNCOMPRESSED or not cfb_check.is_sound(path.read_bytes()):
            raise _refuse(path, "文件已损坏(.xls 的内部目录不完整或有误)",
                          "the file is damaged (the .xls file's internal directory is incomplete or wrong)")
    else:
        raise _refuse(path, "不是 Excel 工作簿(可能是改了扩展名的 CSV 或文本文件)",
                      "is not an Excel workbook (perhaps a CSV or text file renamed)")
    try:
        book = calamine.CalamineWorkbook.from_path(str(path))
        sheets = []
        for meta in book.sheets_metadata:
            visible = meta.visible == calamine.SheetVisibleEnum.Visible
            if not visible and meta.name in hidden_to_skip:
                continue
            sheet = book.get_sheet_by_name(meta.name)
            rows = sheet.to_python(skip_empty_area=False)
            merged = list(sheet.merged_cell_ranges or [])
            sheets.append(RawSheet(meta.name, visible, rows, merged, formulas.get(meta.name, set())))
    except calamine.PasswordError:
        raise _refuse(path, "工作簿已加密,请取消密码后再导入", "the workbook is password-protected; remove the password first") from None
    except Exception as exc:  # noqa: BLE001 - calamine raises several error types for broken files
        raise _refuse(path, f"无法读取(文件可能已损坏):{exc}", f"cannot be read (the file may be damaged): {exc}") from None
    return RawWorkbook(path, sheets, date1904)
