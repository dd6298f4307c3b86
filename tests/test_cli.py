"""The command line through its real entry point: output, JSON, exit codes, and refused input."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from reviewdesk import store
from reviewdesk.desktop.cli import main as cli

pytestmark = pytest.mark.both_engines  # conftest.py: on PostgreSQL too, with REVIEWDESK_TEST_PG set


ADD_ISSUE = ("add", "issue", "title=退款审核需人工复核两次", "问题类型=效率类", "impact=高", "frequency=medium",
             "department=客服中心", "owner=李娜", "found_on=2026/11/02")


def test_add_list_show_set_history_delete(run):
    assert run(*ADD_ISSUE) == (0, "已创建 ISS-0001\n", "")
    code, out, _ = run("list", "issue")
    assert code == 0 and "ISS-0001" in out and "退款审核需人工复核两次" in out and "P2" in out and "共 1 条" in out
    code, out, _ = run("set", "ISS-1", "status=处理中", "root_cause=依赖人工复核", "--expect-revision", "1")
    assert code == 0 and "版本 2" in out and "状态：待分析 → 处理中" in out
    code, out, _ = run("show", "ISS-0001", "--lang", "en")
    assert code == 0 and "In progress" in out and "依赖人工复核" in out
    code, out, _ = run("history", "ISS-0001")
    assert code == 0 and "待分析" in out and "处理中" in out and "命令行" in out and "cli" not in out
    assert run("delete", "ISS-0001")[0] == 0
    assert run("show", "ISS-0001")[0] == 1


def test_json_uses_keys_iso_dates_and_codes(run):
    run(*ADD_ISSUE)
    run("add", "target", "issue=ISS-0001", "title=复核次数降至1次", "department=CS", "due_date=2026年12月31日",
        "baseline=2", "target_value=1")
    code, out, _ = run("list", "target", "--json")
    [target] = json.loads(out)
    assert code == 0 and target["issue"] == "ISS-0001" and target["due_date"] == "2026-12-31"
    assert target["direction"] == "decrease" and target["smart_gaps"] == ["metric", "unit"]
    assert target["department"] == "CS" and target["baseline"] == 2
    code, out, _ = run("show", "ISS-0001", "--json")
    assert json.loads(out)["category"] == "efficiency"


def test_where_filters(run):
    run(*ADD_ISSUE)
    run("add", "issue", "title=物流信息更新不及时", "category=experience", "impact=low", "frequency=low")
    code, out, _ = run("list", "issue", "--where", "category=体验类", "--json")
    assert [r["code"] for r in json.loads(out)] == ["ISS-0002"]
    code, out, _ = run("list", "issue", "--where", "priority=P2", "--where", "priority=P3", "--json")
    assert len(json.loads(out)) == 2


@pytest.mark.parametrize("args,zh,en", [
    (("add", "issue", "title=x", "category=紧急", "impact=高", "frequency=高"), "「问题类型」应为以下之一",
     "Category: expected one of"),
    (("add", "issue", "title=x", "category=效率类", "impact=高", "frequency=高", "affected_customers=很多"),
     "「影响客户数」应为整数", "expected a whole number"),
    (("add", "issue", "title=x", "category=效率类", "impact=高", "frequency=高", "found_on=2026-02-30"),
     "不是有效日期", "is not a real date"),
    (("add", "issue", "title=x", "category=效率类", "impact=高", "frequency=高", "colour=red"), "没有字段「colour」",
     "has no field 'colour'"),
    (("add", "target", "issue=ISS-0099", "title=x", "department=CS", "due_date=2026-12-01"), "ISS-0099 不存在",
     "ISS-0099 does not exist"),
    (("set", "ISS-0001", "status=closed", "--expect-revision", "7"), "您给出的版本 7 还不存在",
     "the revision 7 you gave does not exist yet"),
    (("show", "TGT-0404"), "找不到记录 TGT-0404", "No record TGT-0404"),
])
def test_invalid_input_exits_1_with_one_clear_line_and_changes_nothing(run, db, dump, args, zh, en):
    run(*ADD_ISSUE)
    before = dump(db)
    code, out, err = run(*args)
    assert (code, out) == (1, "") and zh in err and "Traceback" not in err
    code, out, err = run(*args, "--lang", "en")
    assert code == 1 and en in err
    assert dump(db) == before


def test_near_misses_suggest_the_closest_values(run):
    code, _, err = run("add", "issue", "title=x", "category=效率", "impact=高", "frequency=高", "department=客服")
    assert code == 1 and "您是不是要输入：效率类" in err and "客服中心" in err


@pytest.mark.parametrize("args", [("list",), ("list", "nonsense"), ("add", "issue", "title"), ("set", "ISS-1"),
                                  ("demo", "--size", "huge")])
def test_misuse_exits_2(run, args):
    assert run(*args)[0] == 2


def test_the_console_script_runs_on_the_environment_database(db):
    result = subprocess.run([sys.executable, "-m", "reviewdesk", "departments", "--lang", "en"],
                            capture_output=True, text=True, env={**__import__("os").environ, "REVIEWDESK_DB": str(db)})
    assert result.returncode == 0 and "客服中心" in result.stdout and "Customer Service" in result.stdout


def test_every_command_is_documented_in_the_readme():
    from pathlib import Path

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    commands = cli.build_parser()._subparsers._group_actions[0].choices
    assert commands, "no subcommands found"
    for name in commands:
        assert f"`reviewdesk {name}" in readme, f"reviewdesk {name} is not in README.md"
    lines = readme.splitlines()
    assert lines[3] == "python -m pip install . && reviewdesk"
    ci = (Path(__file__).parent.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert lines[6] in ci.splitlines(), "the README's test command must be what .ci/run runs"


def test_json_commands_print_a_json_error_object_when_they_fail(run):
    """Scripts read why a --json command failed from standard output; the exit code and stderr stay as they were."""
    code, out, err = run("show", "ISS-0999", "--json")
    assert code == 1 and err.strip() and json.loads(out) == {"error": {"exit": 1, "kind": "refused",
                                                                      "message": err.strip()}}
    code, out, err = run("list", "nothing", "--json")
    assert code == 2 and "usage: reviewdesk list" in err.replace("用法：", "usage: ")
    error = json.loads(out)["error"]
    assert error["exit"] == 2 and error["kind"] == "misuse" and "nothing" in error["message"]
    code, out, _ = run("show", "ISS-0999")
    assert code == 1 and out == ""  # without --json nothing changes


def test_misuse_found_by_a_subcommand_prints_that_subcommands_usage(run):
    code, _, err = run("--lang", "en", "add", "issue", "title")
    assert code == 2 and "usage: reviewdesk add" in err and "expected FIELD=VALUE, got: title" in err


@pytest.mark.parametrize("value", ["100000000000000000000", "1e20", "-3000000000"])
def test_a_number_beyond_what_the_database_holds_is_refused_not_a_crash(run, value):
    """A mutant with 1E+20 customers planned fine and then failed inside SQLite with a traceback."""
    code, _, err = run("add", "issue", "title=数字", "category=效率类", "impact=高", "frequency=中", "department=CS",
                       f"affected_customers={value}")
    assert code == 1 and "数值过大" in err and "Traceback" not in err


def test_version_in_one_place_and_python_m_reviewdesk(tmp_path):
    """`python -m reviewdesk --version` prints the version kept in reviewdesk/__init__.py, which the package's
    metadata (pyproject.toml reads it) repeats."""
    from importlib.metadata import version

    import reviewdesk

    done = subprocess.run([sys.executable, "-m", "reviewdesk", "--version"], capture_output=True, text=True,
                          cwd=tmp_path)
    assert done.returncode == 0 and done.stdout.strip() == f"ReviewDesk {reviewdesk.__version__}"
    assert version("reviewdesk") == reviewdesk.__version__


def test_written_files_name_reviewdesk_and_its_version(run, tmp_path):
    """A workbook or document found on a share says what wrote it, and which version (File → Info, Explorer)."""
    import zipfile

    import openpyxl
    from docx import Document

    import reviewdesk

    run("demo")
    workbook, document = tmp_path / "all.xlsx", tmp_path / "issues.docx"
    assert run("export", "all", "-o", str(workbook))[0] == 0
    assert run("export", "issue", "-o", str(document))[0] == 0
    props = openpyxl.load_workbook(workbook, read_only=True).properties
    assert props.creator == "ReviewDesk 评审台" and reviewdesk.__version__ in props.keywords
    with zipfile.ZipFile(workbook) as archive:
        custom = archive.read("docProps/custom.xml").decode("utf-8")
    assert f"<vt:lpwstr>{reviewdesk.__version__}</vt:lpwstr>" in custom and "ReviewDesk 评审台" in custom
    core = Document(str(document)).core_properties
    assert core.author == "ReviewDesk 评审台" and core.version == reviewdesk.__version__
    with zipfile.ZipFile(document) as archive:
        assert "<Application>ReviewDesk 评审台</Application>" in archive.read("docProps/app.xml").decode("utf-8")


def test_expect_revision_refused_because_of_your_own_earlier_change_says_so(run):
    run("add", "issue", "title=退款慢", "category=效率类", "impact=高", "frequency=中", "department=CS")
    assert run("--user", "李娜", "set", "ISS-0001", "notes=第一次", "--expect-revision", "1")[0] == 0
    code, _, err = run("--user", "李娜", "set", "ISS-0001", "notes=第二次", "--expect-revision", "1")
    assert code == 1 and "已由您自己之前的修改改到版本 2" in err and "以版本 2 重试" in err
    code, _, err = run("--user", "张敏", "set", "ISS-0001", "notes=第三次", "--expect-revision", "1")
    if store.account():  # a team database knows people by their login, not by --user: still this account
        assert code == 1 and "已由您自己之前的修改改到版本 2" in err
    else:
        assert code == 1 and "ISS-0001 已被李娜修改（当前版本 2，您编辑的是版本 1）" in err


def test_list_fields_by_label_in_either_language_and_code(run):
    run("add", "issue", "title=退款慢", "category=效率类", "impact=高", "frequency=中", "department=CS")
    code, out, err = run("list", "issue", "--fields", "code,问题概述，Priority")  # either comma
    assert code == 0, err
    header = out.splitlines()[0]
    assert header.split() == ["问题编号", "问题概述", "优先级"]


@pytest.mark.parametrize("condition,expected", [("发现日期>=2026-11-02", ["ISS-0002", "ISS-0003"]),
                                                ("found_on<2026-11-02", ["ISS-0001"]),
                                                ("影响客户数>100", ["ISS-0003"]),
                                                ("affected_customers<=100", ["ISS-0001", "ISS-0002"])])
def test_where_takes_ranges_on_dates_and_numbers(run, condition, expected):
    for n, (day, customers) in enumerate([("2026-11-01", 10), ("2026-11-02", 100), ("2026-11-30", 101)]):
        run("add", "issue", f"title=问题{n}", "category=效率类", "impact=高", "frequency=中", "department=CS",
            f"found_on={day}", f"affected_customers={customers}")
    code, out, err = run("list", "issue", "--where", condition, "--json")
    assert code == 0, err
    assert [r["code"] for r in json.loads(out)] == expected


def test_a_range_on_a_text_field_is_refused_clearly(run):
    code, _, err = run("list", "issue", "--where", "问题概述>退款")
    assert code == 1 and "「问题概述」" in err and "日期和数字" in err
