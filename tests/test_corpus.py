"""The bad-input corpus: every broken or odd file and every wrong argument ends in a clear message and the right
exit code, never a traceback, and leaves the database (and the files given) byte for byte unchanged."""
from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import pytest

from reviewdesk import store
from reviewdesk.desktop.cli import main as cli

from corpus import make_corpus
from corpus.make_corpus import EXCEL_CELL_LIMIT, SCRIPTS

Check = Callable[[dict[str, Any]], None]


@dataclass(frozen=True)
class Case:
    """argv after `--db DB --lang LANG`: "@name" is a corpus file, "{tmp}" the test's own folder."""

    id: str
    argv: tuple[str, ...]
    exit: int
    zh: tuple[str, ...] = ()  # fragments the output must hold when run in Chinese
    en: tuple[str, ...] = ()
    check: Check | None = None  # for a valid file: what `import --dry-run --json` must plan

    def langs(self) -> list[str]:
        return [lang for lang in ("zh", "en") if getattr(self, lang) or (lang == "zh" and self.check)]


def _tuple(fragments: str | tuple[str, ...]) -> tuple[str, ...]:
    return (fragments,) if isinstance(fragments, str) else fragments


def bad(name: str, zh: str | tuple[str, ...], en: str | tuple[str, ...] = (), *options: str, exit: int = 1) -> Case:
    """Importing a corpus file is refused; the message names the file or the sheet, row, column and value."""
    return Case(name, ("import", *options, f"@{name}"), exit, _tuple(zh), _tuple(en))


def valid(name: str, check: Check) -> Case:
    """A corpus file that must import: its dry-run plan is checked, and nothing is written."""
    return Case(name, ("import", "--dry-run", "--json", f"@{name}"), 0, check=check)


def cli_case(id: str, argv: tuple[str, ...], exit: int, zh: str | tuple[str, ...],
             en: str | tuple[str, ...] = ()) -> Case:
    return Case(id, argv, exit, _tuple(zh), _tuple(en))


# --- what the valid files must plan ---

def updates(plan: dict) -> dict[tuple[str, str], Any]:
    assert plan["errors"] == [] and plan["created"] == [] and plan["conflicts"] == [], plan
    return {(u["code"], u["field"]): u["new"] for u in plan["updated"]}


def only_updates(expected: dict[tuple[str, str], Any]) -> Check:
    def check(plan: dict) -> None:
        assert updates(plan) == expected
    return check


def scripts_created(plan: dict) -> None:
    assert plan["errors"] == []
    assert [c["values"]["title"] for c in plan["created"]] == list(SCRIPTS.values())
    assert [c["values"]["description"] for c in plan["created"]] == [f"{k}: {v}" for k, v in SCRIPTS.items()]


ROW = "「问题清单」第 2 行"
FILE_CASES = [
    # not workbooks at all
    bad("not_a_zip.xlsx", "not_a_zip.xlsx：不是 Excel 工作簿", "not_a_zip.xlsx: is not an Excel workbook"),
    bad("empty.xlsx", "empty.xlsx：文件是空的", "empty.xlsx: the file is empty"),
    bad("truncated.xlsx", "truncated.xlsx：文件已损坏或不完整", "truncated.xlsx: the file is damaged or incomplete"),
    bad("encrypted.xlsx", "encrypted.xlsx：工作簿已加密", "encrypted.xlsx: the workbook is encrypted"),
    bad("encrypted_renamed.xls", "encrypted_renamed.xls：文件已损坏（.xls 的内部目录不完整或有误）",
        "the .xls file's internal directory is incomplete or wrong"),
    bad("garbage.ods", "garbage.ods：文件已损坏或不完整", "the file is damaged or incomplete"),
    bad("renamed_csv.xlsx", "renamed_csv.xlsx：不是 Excel 工作簿（可能是改了扩展名的 CSV", "a CSV or text file renamed"),
    bad("renamed_word.xlsx", "renamed_word.xlsx：这是 Word 文档", "this is a Word document, not an Excel workbook"),
    bad("plain.zip.xlsx", "这是一个压缩包，但不是 Excel 工作簿", "this is a zip archive, not an Excel workbook"),
    bad("xml_bomb.xlsx", "xml_bomb.xlsx：xl/workbook.xml 含有 DTD/实体声明（可能是 XML 炸弹）", "possibly an XML bomb"),
    bad("xml_bomb_after_comment.xlsx", "含有 DTD/实体声明", "declares a DTD or entities"),
    bad("zip_bomb.xlsx", "zip_bomb.xlsx：压缩比异常", "abnormal compression ratio"),
    bad("notes.txt", "notes.txt：只能导入 .xlsx、.xlsm、.xls 或 .ods 文件", "only .xlsx, .xlsm, .xls or .ods files"),
    bad("damaged_xml.xlsx", "damaged_xml.xlsx：工作簿内部结构已损坏", "the workbook's internal structure is damaged"),
    bad("missing_sheet_part.xlsx", "工作表「问题清单」的内容缺失", "sheet '问题清单' has no content"),
    bad("budget.xlsx", "budget.xlsx：没有找到 ReviewDesk 的工作表", "has none of ReviewDesk's sheets"),
    # real workbooks with something wrong
    bad("merged.xlsx", (ROW, "数据区域有合并单元格 L2:L3（「根因分析」列），请取消合并"),
        "merged cells L2:L3 (column '根因分析') in the data area"),
    bad("formula.xlsx", (ROW, "「影响客户数」", "公式没有计算结果"), "a formula without a calculated value"),
    bad("new_row_formula.xlsx", (ROW, "新增行含有没有计算结果的公式")),
    bad("foreign_database.xlsx", "foreign_database.xlsx：该工作簿导出自另一个 ReviewDesk 数据库",
        "exported from another ReviewDesk database"),
    bad("foreign_codes.xlsx", (ROW, "「问题编号」", "本数据库中没有此编号", "（填写的值：ISS-0999）"),
        "no such code in this database"),
    bad("deleted_after_export.xlsx", ("「问题清单」第 5 行", "该记录在导出后已被删除", "ISS-0004"),
        "the record was deleted after the export"),
    bad("duplicate_codes.xlsx", "「问题清单」第 3 行 「问题编号」 编号重复：ISS-0001 已出现在 「问题清单」第 2 行",
        "duplicate code: ISS-0001 already appears in '问题清单' row 2"),
    Case("duplicate_across_files.xlsx", ("import", "@_all_zh.xlsx", "@duplicate_across_files.xlsx"), 1,
         ("duplicate_across_files.xlsx 「问题清单」第 2 行", "编号重复：ISS-0001 已出现在 _all_zh.xlsx 「问题清单」第 2 行",)),
    bad("wrong_prefix.xlsx", (ROW, "编号应以 ISS- 开头", "（填写的值：TGT-0001）"), "expected a code starting with ISS-"),
    bad("huge_title.xlsx", "「问题概述」最多 200 个字符（现有 32767 个）", "at most 200 characters (has 32767)"),
    bad("english_headers_edit.xlsx", ("「Issues」第 2 行 「Status」", "收到「Confirmd」", "confirmed"),
        "'Issues' row 2 column 'Status': Status: expected one of"),
    # every kind of wrong value in every kind of field
    bad("text_too_long.xlsx", (ROW, "「问题概述」最多 200 个字符（现有 201 个）"), "Summary: at most 200 characters"),
    bad("required_empty.xlsx", (ROW, "「问题概述」为必填项")),
    bad("integer_out_of_range.xlsx", ("「满意度回访」第 2 行 「满意度评分」", "应在 0 到 10 之间，收到「11」"),
        "Score: expected a value from 0 to 10, got '11'"),
    bad("integer_chinese_numeral.xlsx", "「满意度评分」应为整数，收到「十」", "Score: expected a whole number, got '十'"),
    bad("integer_letters.xlsx", "「满意度评分」应为整数，收到「abc」"),
    bad("integer_fraction.xlsx", ("「优化方案」第 2 行 「进度」", "「进度」应为整数，收到「40.5」")),
    bad("integer_negative.xlsx", "「影响客户数」不能小于 0，收到「-5」", "Customers affected: expected 0 or more"),
    bad("integer_boolean.xlsx", "「影响客户数」应为整数，收到「True」"),
    bad("decimal_letters.xlsx", ("「目标确认表」第 2 行 「基线值」", "应为数字，收到「三点五」"), "Baseline: expected a number"),
    bad("decimal_infinity.xlsx", "「目标值」应为数字，收到「Infinity」"),
    bad("date_impossible.xlsx", (ROW, "「发现日期」不是有效日期，收到「2026-13-45」"), "Found on: is not a real date"),
    bad("date_feb_30.xlsx", "不是有效日期，收到「2026年2月30日」"),
    bad("date_words.xlsx", "「发现日期」应为日期，如 2026-11-30，收到「下周一」", "expected a date such as 2026-11-30"),
    bad("date_serial_out_of_range.xlsx", "应为日期，如 2026-11-30，收到「99999999」"),
    bad("choice_near_miss.xlsx", ("「问题类型」应为以下之一：效率类、体验类、合规类，收到「效率」", "最接近的有效值：效率类"),
        "Category: expected one of: Efficiency, Experience, Compliance"),
    bad("choice_unknown.xlsx", "「影响程度」应为以下之一：高、中、低，收到「非常高」"),
    bad("reference_missing.xlsx", ("「目标确认表」第 2 行 「关联问题」", "引用的 ISS-0999 不存在"), "ISS-0999"),
    bad("reference_malformed.xlsx", "「关联问题」应为编号，如 ISS-0001，收到「问题一」", "expected a number such as ISS-0001"),
    bad("department_unknown.xlsx", ("「责任部门」没有名为「客服部」的部门", "最接近的有效值：客服中心")),
    bad("person_unknown.xlsx", ("「负责人」没有名为「李四」的人员", "最接近的有效值：李娜"), "李四"),
    bad("rule_end_before_start.xlsx", ("「优化方案」第 2 行 「完成节点」", "完成节点不能早于开始日期")),
    bad("rule_same_departments.xlsx", ("「协作申请」第 2 行 「协作部门」", "协作部门不能与申请部门相同")),
    bad("rule_follow_up_owner.xlsx", ("「满意度回访」第 2 行 「二次沟通负责人」", "评分低于8分需指定二次沟通负责人")),
    # a department's returned workbook
    bad("department_forbidden_column.xlsx", ("客服中心不能修改「问题概述」这一列", "没有需要应用的更改"),
        "Customer Service may not change the column Summary", exit=0),
    bad("department_unknown_person.xlsx", ("「负责人」没有名为「王五」的人员", "最接近的有效值：王强")),
    bad("department_bad_status.xlsx", "「状态」应为以下之一：待分析、已确认、处理中、已解决、已关闭，收到「搞定了」"),
    bad("department_progress_text.xlsx", ("「优化方案」第 2 行 「进度」", "应为整数，收到「一半」")),
    Case("department_mismatch", ("import", "--department", "IT", "@department_workbook.xlsx"), 1,
         ("department_workbook.xlsx：该工作簿是为客服中心制作的，不是技术部",), ("made for Customer Service, not IT",)),
    # odd but valid: they import, and every value comes back exactly
    valid("wps_dimension.xlsx", only_updates({("ISS-0003", "notes"): "WPS 改过"})),
    valid("no_dimension.xlsx", only_updates({})),
    valid("date1904.xlsx", only_updates({("ISS-0001", "found_on"): "2026-11-30"})),
    valid("control_characters.xlsx", only_updates({("ISS-0001", "notes"): "abcd", ("ISS-0001", "root_cause"): "efg"})),
    valid("huge_cell.xlsx", only_updates({("ISS-0001", "description"): "长" * EXCEL_CELL_LIMIT})),
    valid("scripts.xlsx", scripts_created),
    valid("department_workbook.xlsx", only_updates({})),
]

CLI_CASES = [
    cli_case("unknown_command", ("frob",), 2, "无效的选择 'frob'（可选：", "invalid choice: 'frob' (choose from "),
    cli_case("unknown_artefact", ("list", "frob"), 2, ("artefact：", "无效的选择 'frob'"),
             "argument artefact: invalid choice: 'frob'"),
    cli_case("bad_lang", ("list", "issue", "--lang", "fr"), 2, ("--lang：", "无效的选择 'fr'"),
             "argument --lang: invalid choice: 'fr'"),
    cli_case("where_without_equals", ("list", "issue", "--where", "nonsense"), 2, "参数应写成 字段=值：nonsense",
             "expected FIELD=VALUE, got: nonsense"),
    cli_case("where_unknown_field", ("list", "issue", "--where", "colour=red"), 1, "服务问题清单没有字段「colour」",
             "has no field 'colour'"),
    cli_case("fields_unknown", ("list", "issue", "--fields", "title,nope"), 1, "没有字段「nope」"),
    cli_case("set_unknown_field", ("set", "ISS-0001", "colour=red"), 1, "ISS-0001：服务问题清单没有字段「colour」"),
    cli_case("set_wrong_value", ("set", "CB-0002", "score=11"), 1, "「满意度评分」应在 0 到 10 之间，收到「11」",
             "Score: expected a value from 0 to 10, got '11'"),
    cli_case("set_stale_revision", ("set", "ISS-0001", "--expect-revision", "99", "title=x"), 1, "版本 99 还不存在"),
    cli_case("set_revision_not_a_number", ("set", "ISS-0001", "--expect-revision", "abc", "title=x"), 2,
             ("--expect-revision：", "无效的 int 值：'abc'"), "argument --expect-revision: invalid int value: 'abc'"),
    cli_case("add_without_equals", ("add", "issue", "title"), 2, "参数应写成 字段=值：title"),
    cli_case("add_bad_date", ("add", "issue", "title=x", "category=效率类", "impact=高", "frequency=高",
                              "found_on=2026-13-45"), 1, "「发现日期」不是有效日期，收到「2026-13-45」"),
    cli_case("show_missing", ("show", "ISS-9999"), 1, "找不到记录 ISS-9999", "No record ISS-9999"),
    cli_case("show_empty_code", ("show", ""), 1, "没有填写编号", "No record code was given"),
    cli_case("history_missing", ("history", "TGT-0099"), 1, "找不到记录 TGT-0099"),
    cli_case("delete_missing", ("delete", "COL-0099"), 1, "找不到记录 COL-0099"),
    cli_case("import_missing_file", ("import", "{tmp}/nowhere.xlsx"), 1, "nowhere.xlsx：文件不存在",
             "nowhere.xlsx: the file does not exist"),
    cli_case("import_folder", ("import", "{tmp}"), 1, "这是一个文件夹", "is a folder"),
    cli_case("import_no_file", ("import",), 2, ("用法：reviewdesk import", "错误：缺少必需的参数：FILE"),
             ("usage: reviewdesk import", "error: the following arguments are required: FILE")),
    cli_case("import_bad_take", ("import", "--take", "both", "@_all_zh.xlsx"), 2, "无效的选择 'both'",
             "invalid choice: 'both'"),
    cli_case("import_unknown_department", ("import", "--department", "NOPE", "@_all_zh.xlsx"), 1,
             "没有部门「NOPE」"),
    cli_case("undo_missing_batch", ("undo-import", "99"), 1, "没有导入批次 99"),
    cli_case("undo_batch_not_a_number", ("undo-import", "abc"), 2, "无效的 int 值：'abc'", "invalid int value: 'abc'"),
    cli_case("export_into_missing_folder", ("export", "issue", "-o", "{tmp}/no/such/x.xlsx"), 1,
             "文件夹不存在", "folder does not exist"),
    cli_case("export_wrong_suffix", ("export", "issue", "-o", "{tmp}/x.txt"), 1, "文件名应以 .xlsx 结尾"),
    cli_case("export_bad_deadline", ("export", "issue", "--deadline", "2026-13-45", "-o", "{tmp}/x.xlsx"), 1,
             "「交回期限」不是有效日期"),
    cli_case("export_unknown_department", ("export", "issue", "--department", "NOPE", "-o", "{tmp}/x.xlsx"), 1,
             "没有部门「NOPE」"),
    cli_case("export_where_unknown_field", ("export", "issue", "--where", "colour=red", "-o", "{tmp}/x.xlsx"), 1,
             "没有字段「colour」"),
    cli_case("export_missing_word_template", ("export", "issue", "-o", "{tmp}/x.docx", "--template",
                                              "{tmp}/none.docx"), 1, "找不到 Word 模板文件"),
    cli_case("template_into_missing_folder", ("template", "all", "-o", "{tmp}/no/x.xlsx"), 1, "文件夹不存在"),
    cli_case("backup_into_missing_folder", ("backup", "-o", "{tmp}/no/x.sqlite3"), 1, "文件夹不存在"),
    cli_case("restore_not_a_database", ("restore", "@notes.txt"), 1, "notes.txt 不是 ReviewDesk 数据库",
             "notes.txt is not a ReviewDesk database"),
    cli_case("restore_a_workbook", ("restore", "@_all_zh.xlsx"), 1, "_all_zh.xlsx 不是 ReviewDesk 数据库"),
    cli_case("restore_missing_file", ("restore", "{tmp}/none.sqlite3"), 1, "找不到备份文件"),
    cli_case("db_not_a_database", ("list", "issue", "--db", "@renamed_csv.xlsx"), 1, "不是 ReviewDesk 数据库（不是 SQLite 文件）",
             "is not a ReviewDesk database (not an SQLite file)"),
    cli_case("db_is_a_folder", ("list", "issue", "--db", "{tmp}"), 1, "数据库路径是一个文件夹"),
    cli_case("pack_missing_meeting", ("pack", "MTG-0999", "-o", "{tmp}/pack"), 1, "找不到记录 MTG-0999"),
    cli_case("meeting_without_action", ("meeting",), 2, "缺少必需的参数：ACTION",
             "the following arguments are required: ACTION"),
    cli_case("demo_into_a_full_database", ("demo",), 1, "数据库中已有记录"),
    cli_case("department_in_use", ("department", "delete", "CS"), 1, "部门 CS 仍被使用"),
    cli_case("person_unknown_department", ("person", "add", "某人", "NOPE"), 1, "没有名为「NOPE」的部门"),
]

CASES = FILE_CASES + CLI_CASES
RUNS = [pytest.param(case, lang, id=f"{case.id}-{lang}") for case in CASES for lang in case.langs()]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """Every corpus file, and the database they were exported from, closed (its WAL folded in)."""
    folder = tmp_path_factory.mktemp("corpus")
    store.open_database(folder / "corpus.sqlite3")
    try:
        make_corpus.fill_database()
        make_corpus.make_corpus(folder)
    finally:
        store.close()
    assert not (folder / "corpus.sqlite3-wal").exists()
    return folder


def digest(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


@pytest.mark.parametrize("case,lang", RUNS)
def test_bad_input_is_one_clear_message_the_right_exit_and_nothing_changed(case, lang, corpus, tmp_path, capsys):
    db = tmp_path / "review.sqlite3"
    shutil.copy(corpus / "corpus.sqlite3", db)
    argv = [str(corpus / a[1:]) if a.startswith("@") else a.replace("{tmp}", str(tmp_path)) for a in case.argv]
    touched = [db] + [Path(a) for a in argv if Path(a).is_file()]
    before = [digest(p) for p in touched]
    try:
        code = cli.main(["--db", str(db), "--lang", lang, *argv])
    except SystemExit as exc:  # argparse's misuse exit
        code = exc.code
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert code == case.exit, out + err
    for fragment in getattr(case, lang):
        assert fragment in out + err, f"{fragment!r} not in:\n{out}{err}"
    if case.check:
        case.check(json.loads(out))
    assert [digest(p) for p in touched] == before
    assert not Path(f"{db}-wal").exists()


def test_the_corpus_is_large_enough():
    assert len(FILE_CASES) >= 30 and len(CLI_CASES) >= 20
    assert len({c.id for c in CASES}) == len(CASES)


def test_text_in_every_script_imports_and_comes_back_unchanged(corpus, tmp_path, capsys):
    """Applied for real, exported and imported again: every script, emoji and combining mark survives unchanged."""
    db = tmp_path / "review.sqlite3"
    shutil.copy(corpus / "corpus.sqlite3", db)
    assert cli.main(["--db", str(db), "import", str(corpus / "scripts.xlsx")]) == 0
    capsys.readouterr()
    assert cli.main(["--db", str(db), "list", "issue", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [r["title"] for r in listed][-len(SCRIPTS):] == list(SCRIPTS.values())
    exported = tmp_path / "again.xlsx"
    assert cli.main(["--db", str(db), "export", "issue", "-o", str(exported)]) == 0
    capsys.readouterr()
    assert cli.main(["--db", str(db), "import", "--dry-run", "--json", str(exported)]) == 0
    plan = json.loads(capsys.readouterr().out)
    assert (plan["updated"], plan["created"], plan["errors"]) == ([], [], [])
    assert plan["summary"]["issue"]["unchanged"] == 3 + len(SCRIPTS)


@pytest.mark.parametrize("name", ["encrypted_renamed.xls", "xml_bomb_after_comment.xlsx"])
def test_a_hostile_file_cannot_kill_the_process(name, corpus, tmp_path):
    """In a process of its own: a native crash (calamine aborting on a forged size) would take pytest down."""
    db = tmp_path / "review.sqlite3"
    shutil.copy(corpus / "corpus.sqlite3", db)
    done = subprocess.run([sys.executable, "-m", "reviewdesk", "--db", str(db), "import", str(corpus / name)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and name in done.stderr and "Traceback" not in done.stdout + done.stderr
