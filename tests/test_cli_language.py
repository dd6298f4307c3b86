"""The command line speaks --lang from the first word: help, argparse's own misuse messages, and plan lines that fit."""
from __future__ import annotations

import argparse
import gettext
import inspect
import json
import re
import sys

import openpyxl
import pytest

from reviewdesk.desktop.cli import main as cli
from reviewdesk.desktop.cli.language import ZH, chosen_lang, speaking

from xlsx_helpers import fill_sample

CHINESE = re.compile(r"[\u4e00-\u9fff]")
HUGE = "长" * 32_767  # Excel's largest cell


def test_help_in_chinese_by_default(run):
    code, out, _ = run("--help")
    out = " ".join(out.split())
    assert code == 0
    for text in ("用法：reviewdesk", "位置参数：", "选项：", "显示此帮助信息并退出", "不带子命令时打开桌面窗口",
                 "列出一类材料的记录", "导入交回的工作簿", "提示信息和标签的语言"):
        assert text in out, text
    assert "usage:" not in out and "show this help" not in out and "list the records" not in out


def test_help_in_english(run):
    code, out, _ = run("--lang", "en", "--help")
    out = " ".join(out.split())  # argparse wraps to the terminal's width
    assert code == 0
    for text in ("usage: reviewdesk", "positional arguments:", "options:", "show this help message and exit",
                 "opens the desktop window", "list the records of one artefact", "language of messages and labels"):
        assert text in out, text
    assert "用法" not in out and "列出一类材料" not in out


@pytest.mark.parametrize("argv,zh,en", [
    (("export", "--help"), "只导出该部门的行", "only this department's rows"),
    (("import", "--help"), "只显示计划，不做任何更改", "show the plan only; change nothing"),
    (("meeting", "scope", "--help"), "只保留匹配的记录", "keep matching records"),
    (("backup", "--help"), "保存位置", "where (default: next to the database"),
])
def test_subcommand_help_follows_lang_wherever_it_is_given(run, argv, zh, en):
    assert zh in run(*argv)[1]
    assert en in run(*argv, "--lang", "en")[1]
    assert en in run("--lang=en", *argv)[1]


def parsers(parser: argparse.ArgumentParser):
    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                yield from parsers(sub)


def test_every_help_text_has_a_chinese_version():
    with speaking("zh"):  # as cli.main builds it: argparse's own -h help in Chinese too
        parser = cli.build_parser("zh")
    for parser in parsers(parser):
        assert CHINESE.search(parser.description), parser.prog
        for action in parser._actions:
            if action.help and action.help != argparse.SUPPRESS:
                assert CHINESE.search(action.help), (parser.prog, action.dest, action.help)


def test_unknown_command_in_chinese_and_english(run):
    code, out, err = run("frob")
    assert code == 2 and out == ""
    assert "用法：reviewdesk" in err and "reviewdesk: 错误：" in err and "无效的选择 'frob'（可选：" in err
    if sys.version_info >= (3, 11):  # 3.10 writes "argument COMMAND: " without asking gettext
        assert "错误：参数 COMMAND：无效的选择" in err
    code, _, err = run("frob", "--lang", "en")
    assert code == 2 and "reviewdesk: error: argument COMMAND: invalid choice: 'frob' (choose from " in err


@pytest.mark.parametrize("argv,zh,en", [
    (("list",), "reviewdesk list: 错误：缺少必需的参数：artefact",
     "reviewdesk list: error: the following arguments are required: artefact"),
    (("list", "issue", "--nope"), "错误：无法识别的参数：--nope", "error: unrecognized arguments: --nope"),
    (("list", "issue", "--where"), "需要一个值", "argument --where: expected one argument"),
    (("undo-import", "x"), "无效的 int 值：'x'", "argument N: invalid int value: 'x'"),
    (("departments", "--json=1"), "不接受值 '1'", "argument --json: ignored explicit argument '1'"),
    (("list", "issue", "--where", "x"), "错误：参数应写成 字段=值：x", "error: expected FIELD=VALUE, got: x"),
])
def test_misuse_in_chinese_and_english_exits_2(run, argv, zh, en):
    code, _, err = run(*argv)
    assert code == 2 and zh in err, err
    code, _, err = run(*argv, "--lang", "en")
    assert code == 2 and en in err, err


@pytest.mark.parametrize("argv,lang", [
    ([], None), (["list", "issue"], None), (["--lang", "en"], "en"), (["--lang=en", "list"], "en"),
    (["list", "issue", "--lang", "en"], "en"), (["--la", "en"], "en"), (["--lang", "en", "--lang", "zh"], "zh"),
    (["--lang", "en", "list", "--lang", "fr"], "en"), (["--lang"], None), (["--lang", "fr"], None),
    (["--", "--lang", "en"], None), (["add", "issue", "title=--lang"], None),
])
def test_the_language_is_read_before_parsing(argv, lang):
    assert chosen_lang(argv) == lang


def test_unknown_messages_stay_english_and_the_translator_is_put_back():
    with speaking("zh"):
        assert argparse._("usage: ") == "用法："
        assert argparse._("a message argparse may add one day: %s") == "a message argparse may add one day: %s"
        assert argparse.ngettext("expected %s argument", "expected %s arguments", 2) == "需要 %s 个值"
        assert argparse.ngettext("%s new thing", "%s new things", 1) == "%s new thing"
        assert argparse.ngettext("%s new thing", "%s new things", 2) == "%s new things"
    assert argparse._ is gettext.gettext and argparse.ngettext is gettext.ngettext
    with pytest.raises(SystemExit), speaking("zh"):
        argparse.ArgumentParser(prog="x").parse_args(["--frob"])
    assert argparse._ is gettext.gettext
    with speaking("en"):
        assert argparse._("usage: ") == "usage: "


def test_after_a_chinese_run_other_parsers_speak_english(run, capsys):
    assert run("frob")[0] == 2
    with pytest.raises(SystemExit):
        argparse.ArgumentParser(prog="other").parse_args(["--frob"])
    assert "other: error: unrecognized arguments: --frob" in capsys.readouterr().err


def test_every_translated_message_is_one_argparse_asks_for():
    source = inspect.getsource(argparse)
    for msgid in ZH:
        assert repr(msgid)[1:-1] in source, msgid  # a typo would silently leave the message in English


def workbook(path, headers: list[str], row: list) -> str:
    book = openpyxl.Workbook()
    book.active.title = "问题清单"
    book.active.append(headers)
    book.active.append(row)
    book.save(path)
    return str(path)


def test_plan_lines_cut_a_huge_value_short_and_json_keeps_it_whole(run, tmp_path):
    fill_sample()
    files = [workbook(tmp_path / "updated.xlsx", ["问题编号", "问题描述"], ["ISS-0001", HUGE]),
             workbook(tmp_path / "created.xlsx", ["问题概述", "问题描述", "问题类型", "影响程度", "发生频率"],
                      ["新问题", HUGE, "效率类", "高", "高"])]
    code, out, _ = run("import", "--dry-run", *files)
    assert code == 0 and "长长长…" in out
    assert max(len(line) for line in out.splitlines()) < 200
    updated = next(line for line in out.splitlines() if line.strip().startswith("ISS-0001 问题描述"))
    assert updated.endswith("长…（「问题清单」第 2 行）") and len(updated) < 100
    code, out, _ = run("import", "--dry-run", "--json", *files)
    plan = json.loads(out)
    assert code == 0 and [u["new"] for u in plan["updated"]] == [HUGE]
    assert plan["created"][0]["values"]["description"] == HUGE
