"""The bad-input corpus: writes every broken, hostile or unusual workbook the importer must survive."""
from __future__ import annotations

import datetime as dt
import re
import shutil
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping

import openpyxl
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from reviewdesk import store
from reviewdesk.exporters.returns.cfb import MAGIC as OLE_MAGIC
from reviewdesk.exporters.returns.workbook import _sheet_parts
from reviewdesk.exporters.xlsx.export import export_workbook
from reviewdesk.exporters.xlsx.meta import META_SHEET
from reviewdesk.exporters.xlsx.template import write_template
from reviewdesk.store import reference

if __package__ in (None, ""):  # run by hand: `python tests/corpus/make_corpus.py OUT_DIR`
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from conftest import DEPARTMENTS, PEOPLE  # noqa: E402
from xlsx_helpers import column_of, fill_sample  # noqa: E402

EXCEL_CELL_LIMIT = 32_767
# Text in many scripts; every value must come back exactly as typed.
SCRIPTS = {
    "arabic": "تأخر استرداد الأموال للعملاء",
    "hebrew": "עיכוב בהחזר כספי ללקוחות",
    "devanagari": "ग्राहकों को धनवापसी में देरी",
    "thai": "การคืนเงินล่าช้าสำหรับลูกค้า",
    "cyrillic": "Задержка возврата средств",
    "greek": "Καθυστέρηση επιστροφής χρημάτων",
    "korean": "환불 처리 지연",
    "japanese": "返金処理の遅延です",
    "cjk_ext_b": "𠀀𠀁𠀂𪚥 退款",
    "combining": "Cafe\u0301 n\u0303 a\u0308\u0304 Z\u0335\u0321a\u0336lgo",
    "emoji_zwj": "👩‍💻 👨‍👩‍👧‍👦 🏳️‍🌈 👍🏽 退款慢",
    "bidi_mixed": "Order \u202eABC\u202c 订单 طلب 42",
}


@dataclass(frozen=True)
class Sources:
    """Real workbooks exported from the corpus database: the starting point of most cases."""

    all_zh: Path  # every artefact, Chinese headers
    issues_en: Path  # the issue list, English headers
    department: Path  # the workbook of department CS (客服中心)
    template: Path  # a blank template of every artefact, Chinese
    before_delete: Path  # exported while ISS-0004 still existed


Builder = Callable[[Sources, Path], None]  # writes one corpus file at the path


def fill_database() -> None:
    """The open (empty) database gets departments, people and a few records of every artefact."""
    for code, zh, en in DEPARTMENTS:
        reference.save_department(code, zh, en, who="corpus")
    for name, dept, role in PEOPLE:
        reference.save_person(name, dept, role, who="corpus")
    fill_sample()


def make_sources(folder: Path) -> Sources:
    """Export the starting workbooks from the open database (filled by fill_database)."""
    doomed = store.create("issue", dict(title="导出后将被删除", category="效率类", impact="低", frequency="低"),
                          who="corpus")
    sources = Sources(folder / "_all_zh.xlsx", folder / "_issues_en.xlsx", folder / "_department_cs.xlsx",
                      folder / "_template.xlsx", folder / "_before_delete.xlsx")
    export_workbook(sources.before_delete, ["issue"], lang="zh")
    store.delete(doomed.code, who="corpus")
    export_workbook(sources.all_zh, ["all"], lang="zh", include_personal_data=True)
    export_workbook(sources.issues_en, ["issue"], lang="en")
    export_workbook(sources.department, ["all"], lang="zh", department="CS")
    write_template(sources.template, ["all"], lang="zh")
    return sources


# --- editing helpers ---

def rewrite_parts(source: Path, target: Path, edit: Callable[[str, bytes], bytes | None]) -> None:
    """Copy a package part by part; edit(name, data) returns new bytes, or None to drop the part."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = edit(info.filename, zin.read(info.filename))
            if data is not None:
                zout.writestr(info, data)


def edit_part(source: Path, target: Path, part: str, edit: Callable[[bytes], bytes]) -> None:
    rewrite_parts(source, target, lambda name, data: edit(data) if name == part else data)


def sheet_part(source: Path, sheet: str) -> str:
    """The package part of a sheet, e.g. xl/worksheets/sheet2.xml."""
    with zipfile.ZipFile(source) as archive:
        return dict(_sheet_parts(archive))[sheet]


def edited(source: Path, target: Path, sheet: str, rows: Mapping[int, Mapping[str, Any]],
           also: Callable[[openpyxl.Workbook], None] | None = None) -> None:
    """Save a copy with cells changed ({excel row: {header label: value}}), and whatever else `also` does."""
    book = openpyxl.load_workbook(source)
    ws = book[sheet]
    for row, cells in rows.items():
        for label, value in cells.items():
            ws.cell(row, column_of(ws, label)).value = value
    if also:
        also(book)
    book.save(target)


def new_rows(sheet: str, *rows: Mapping[str, Any]) -> Builder:
    """A builder: the blank template with these rows typed into one sheet."""
    def build(src: Sources, path: Path) -> None:
        edited(src.template, path, sheet, {2 + i: row for i, row in enumerate(rows)})
    return build


def changed(sheet: str, rows: Mapping[int, Mapping[str, Any]], source: str = "all_zh") -> Builder:
    """A builder: an exported workbook with cells changed."""
    return lambda src, path: edited(getattr(src, source), path, sheet, rows)


ISSUE = {"问题概述": "退款慢", "问题类型": "效率类", "影响程度": "高", "发生频率": "高"}


def issue(**changes: Any) -> dict[str, Any]:
    """A valid new issue row of the Chinese template, with some cells changed (None empties one)."""
    return {**ISSUE, **changes}


# --- files that are not workbooks at all ---

def zip_bomb(src: Sources, path: Path) -> None:
    """A tiny file whose sheet inflates a thousandfold."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", "<a>" + "0" * (64 * 1024 * 1024) + "</a>")


LAUGHS = '<!DOCTYPE lolz [<!ENTITY lol0 "lol">' + "".join(
    f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10)) + "]>"


def xml_bomb(src: Sources, path: Path) -> None:
    """Billion laughs in the workbook part."""
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", '<?xml version="1.0"?>' + LAUGHS + "<workbook>&lol9;</workbook>")


def xml_bomb_after_comment(src: Sources, path: Path) -> None:
    """Billion laughs in a real workbook's sheet, declared after a long comment and expanded in a cell."""
    part = sheet_part(src.all_zh, "问题清单")

    def bomb(data: bytes) -> bytes:
        declaration, rest = data.split(b"?>", 1)
        rest = rest.replace(b"<v>", b"<v>&lol9;", 1)
        return declaration + b"?><!--" + b" padding " * 2000 + b"-->" + LAUGHS.encode() + rest
    edit_part(src.all_zh, path, part, bomb)


def word_file(src: Sources, path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("这是一份 Word 文档")
    document.save(path)


def plain_zip(src: Sources, path: Path) -> None:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("readme.txt", "not a workbook")


def truncated(src: Sources, path: Path) -> None:
    data = src.all_zh.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def encrypted(src: Sources, path: Path) -> None:
    """The compound-file (OLE) wrapper Excel writes around a workbook with an open password."""
    header = OLE_MAGIC + b"\x00" * 16 + b"\x3e\x00\x03\x00\xfe\xff\x09\x00\x06\x00"
    stream_names = "EncryptionInfo EncryptedPackage DataSpaces".encode("utf-16-le")
    path.write_bytes(header + b"\x00" * (512 - len(header)) + stream_names + b"\x00" * 3584)


def budget(src: Sources, path: Path) -> None:
    """Somebody else's workbook: no sheet of ours."""
    book = openpyxl.Workbook()
    book.active.title = "Budget"
    book.active.append(["Item", "Cost"])
    book.active.append(["Chairs", 120])
    book.save(path)


def damaged_xml(src: Sources, path: Path) -> None:
    edit_part(src.all_zh, path, "xl/workbook.xml", lambda data: data[: len(data) // 2])


def missing_sheet_part(src: Sources, path: Path) -> None:
    part = sheet_part(src.all_zh, "问题清单")
    rewrite_parts(src.all_zh, path, lambda name, data: None if name == part else data)


# --- workbooks that are real but odd ---

def patched(source: Path, path: Path, sheet: str, rows: Mapping[int, Mapping[str, Any]],
            edit: Callable[[bytes], bytes]) -> None:
    """Cells changed with openpyxl ({excel row: {header label: value}}), then the sheet's XML edited by hand."""
    staged = path.with_suffix(".stage.xlsx")
    edited(source, staged, sheet, rows)
    edit_part(staged, path, sheet_part(staged, sheet), edit)
    staged.unlink()


def wps_dimension(src: Sources, path: Path) -> None:
    """WPS and some generators write <dimension ref="A1"/> whatever the sheet holds; an edit in the last row."""
    patched(src.all_zh, path, "问题清单", {4: {"备注": "WPS 改过"}},
            lambda data: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1"', data))


def no_dimension(src: Sources, path: Path) -> None:
    part = sheet_part(src.all_zh, "问题清单")
    edit_part(src.all_zh, path, part, lambda data: re.sub(rb"<dimension [^>]*/>", b"", data))


def date1904(src: Sources, path: Path) -> None:
    """Saved by an old Mac Excel: the 1904 date system (every date cell shifts), and a date typed there."""
    def mac(book: openpyxl.Workbook) -> None:
        book.epoch = CALENDAR_MAC_1904
    edited(src.all_zh, path, "问题清单", {2: {"发现日期": dt.date(2026, 11, 30)}}, also=mac)


def merged_cells(src: Sources, path: Path) -> None:
    def merge(book: openpyxl.Workbook) -> None:
        ws = book["问题清单"]
        ws.merge_cells(start_row=2, end_row=3, start_column=column_of(ws, "根因分析"), end_column=column_of(ws, "根因分析"))
    edited(src.all_zh, path, "问题清单", {}, also=merge)


def foreign_database(src: Sources, path: Path) -> None:
    """The hidden contract names another database."""
    def elsewhere(book: openpyxl.Workbook) -> None:
        for row in book[META_SHEET].iter_rows():
            if row[0].value == "meta" and row[1].value == "database_id":
                row[2].value = "0123456789abcdef0123456789abcdef"
    edited(src.all_zh, path, "问题清单", {}, also=elsewhere)


def without_contract(sheet: str, rows: Mapping[int, Mapping[str, Any]]) -> Builder:
    """A builder: an export without its hidden contract sheet (as if typed elsewhere), cells changed."""
    return lambda src, path: edited(src.all_zh, path, sheet, rows, also=lambda book: book.remove(book[META_SHEET]))


def control_characters(src: Sources, path: Path) -> None:
    """XML-illegal characters in cells: raw, as character references, and as Excel's _x0007_ escapes."""
    patched(src.all_zh, path, "问题清单", {2: {"备注": "CTRL1", "根因分析": "CTRL2"}},
            lambda data: data.replace(b"CTRL1", b"a&#x1;b&#x1F;c\x07d").replace(b"CTRL2", b"e_x0007_f_x001B_g"))


def copy_of(source: str) -> Builder:
    return lambda src, path: shutil.copy(getattr(src, source), path)


# File name -> builder(sources, path). Names are what the messages must show.
FILES: dict[str, Builder] = {
    "not_a_zip.xlsx": lambda src, p: p.write_bytes(b"\x00\x01 garbage " * 100),
    "empty.xlsx": lambda src, p: p.write_bytes(b""),
    "truncated.xlsx": truncated,
    "encrypted.xlsx": encrypted,
    "encrypted_renamed.xls": encrypted,
    "garbage.ods": lambda src, p: p.write_bytes(b"PK\x03\x04" + b"\x00" * 100),
    "renamed_csv.xlsx": lambda src, p: p.write_text("问题编号,问题概述\nISS-0001,退款慢\n", encoding="utf-8"),
    "renamed_word.xlsx": word_file,
    "plain.zip.xlsx": plain_zip,
    "xml_bomb.xlsx": xml_bomb,
    "xml_bomb_after_comment.xlsx": xml_bomb_after_comment,
    "zip_bomb.xlsx": zip_bomb,
    "budget.xlsx": budget,
    "notes.txt": lambda src, p: p.write_text("hello"),
    "damaged_xml.xlsx": damaged_xml,
    "missing_sheet_part.xlsx": missing_sheet_part,
    "wps_dimension.xlsx": wps_dimension,
    "no_dimension.xlsx": no_dimension,
    "date1904.xlsx": date1904,
    "merged.xlsx": merged_cells,
    # formulas saved by a tool that does not calculate: no cached <v>
    "formula.xlsx": changed("问题清单", {2: {"影响客户数": "=1000+200"}}),
    "new_row_formula.xlsx": new_rows("问题清单", issue(影响客户数="=SUM(1,2)")),
    "foreign_database.xlsx": foreign_database,
    "foreign_codes.xlsx": without_contract("问题清单", {2: {"问题编号": "ISS-0999"}}),
    "deleted_after_export.xlsx": copy_of("before_delete"),
    "duplicate_codes.xlsx": changed("问题清单", {3: {"问题编号": "ISS-0001"}}),
    "duplicate_across_files.xlsx": changed("问题清单", {2: {"备注": "第二份文件"}}),  # imported with _all_zh.xlsx
    "wrong_prefix.xlsx": changed("问题清单", {2: {"问题编号": "TGT-0001"}}),
    "control_characters.xlsx": control_characters,
    "huge_cell.xlsx": changed("问题清单", {2: {"问题描述": "长" * EXCEL_CELL_LIMIT}}),
    "huge_title.xlsx": changed("问题清单", {2: {"问题概述": "长" * EXCEL_CELL_LIMIT}}),
    "scripts.xlsx": new_rows("问题清单", *(issue(问题概述=text, 问题描述=f"{name}: {text}")
                                           for name, text in SCRIPTS.items())),
    "english_headers_edit.xlsx": changed("Issues", {2: {"Status": "Confirmd"}}, source="issues_en"),
    # every kind of wrong value in every kind of field (blank template, new rows)
    "text_too_long.xlsx": new_rows("问题清单", issue(问题概述="超" * 201)),
    "required_empty.xlsx": new_rows("问题清单", issue(问题概述=None, 问题描述="没有概述")),
    "integer_out_of_range.xlsx": new_rows("满意度回访", {"满意度评分": 11, "二次沟通负责人": "张敏"}),
    "integer_chinese_numeral.xlsx": new_rows("满意度回访", {"满意度评分": "十"}),
    "integer_letters.xlsx": new_rows("满意度回访", {"满意度评分": "abc"}),
    "integer_fraction.xlsx": new_rows("优化方案", {"实施步骤": "培训", "责任部门": "客服中心", "进度": 40.5}),
    "integer_negative.xlsx": new_rows("问题清单", issue(影响客户数=-5)),
    "integer_boolean.xlsx": new_rows("问题清单", issue(影响客户数=True)),
    "decimal_letters.xlsx": new_rows("目标确认表", {"目标描述": "降低投诉", "责任部门": "客服中心",
                                                 "完成时间": "2026-12-31", "基线值": "三点五"}),
    "decimal_infinity.xlsx": new_rows("目标确认表", {"目标描述": "降低投诉", "责任部门": "客服中心",
                                                  "完成时间": "2026-12-31", "目标值": "Infinity"}),
    "date_impossible.xlsx": new_rows("问题清单", issue(发现日期="2026-13-45")),
    "date_feb_30.xlsx": new_rows("问题清单", issue(发现日期="2026年2月30日")),
    "date_words.xlsx": new_rows("问题清单", issue(发现日期="下周一")),
    "date_serial_out_of_range.xlsx": new_rows("问题清单", issue(发现日期=99999999)),
    "choice_near_miss.xlsx": new_rows("问题清单", issue(问题类型="效率")),
    "choice_unknown.xlsx": new_rows("问题清单", issue(影响程度="非常高")),
    "reference_missing.xlsx": new_rows("目标确认表", {"目标描述": "降低投诉", "责任部门": "客服中心",
                                                   "完成时间": "2026-12-31", "关联问题": "ISS-0999"}),
    "reference_malformed.xlsx": new_rows("目标确认表", {"目标描述": "降低投诉", "责任部门": "客服中心",
                                                     "完成时间": "2026-12-31", "关联问题": "问题一"}),
    "department_unknown.xlsx": new_rows("问题清单", issue(责任部门="客服部")),
    "person_unknown.xlsx": new_rows("问题清单", issue(负责人="李四")),
    "rule_end_before_start.xlsx": new_rows("优化方案", {"实施步骤": "培训", "责任部门": "客服中心",
                                                     "开始日期": "2026-05-01", "完成节点": "2026-04-01"}),
    "rule_same_departments.xlsx": new_rows("协作申请", {"申请部门": "客服中心", "协作部门": "客服中心",
                                                    "协作事项": "接口改造"}),
    "rule_follow_up_owner.xlsx": new_rows("满意度回访", {"满意度评分": 5}),
    # a department's returned workbook
    "department_forbidden_column.xlsx": changed("问题清单", {2: {"问题概述": "部门改了标题"}}, source="department"),
    "department_unknown_person.xlsx": changed("问题清单", {2: {"负责人": "王五"}}, source="department"),
    "department_bad_status.xlsx": changed("问题清单", {2: {"状态": "搞定了"}}, source="department"),
    "department_progress_text.xlsx": changed("优化方案", {2: {"进度": "一半"}}, source="department"),
    "department_workbook.xlsx": copy_of("department"),
}


def make_corpus(folder: str | Path) -> dict[str, Path]:
    """Every corpus file in `folder`, built from the open database (filled by fill_database)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    sources = make_sources(folder)
    paths = {}
    for name, build in FILES.items():
        paths[name] = folder / name
        build(sources, paths[name])
    return paths


def main(argv: list[str]) -> int:
    folder = Path(argv[0] if argv else Path(__file__).parent / "files")
    database = folder / "corpus.sqlite3"
    database.unlink(missing_ok=True)
    store.open_database(database)
    try:
        fill_database()
        paths = make_corpus(folder)
    finally:
        store.close()
    print(f"{len(paths)} files and their database {database.name} in {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
