"""Writes docs/artefacts.md, the artefact reference in Chinese and English, from the declarations in templates/.

    python docs/make_artefacts.py           rewrites docs/artefacts.md
    python docs/make_artefacts.py --check   exits 1 (and says so) when docs/artefacts.md is not what it would write

Everything the reference says about an artefact — fields, labels, kinds, choices, computed fields and what they
are worked out from, personal data, cross-field rules and their messages, marks, a department's rights — is read
from templates/, so the reference cannot drift from the program; tests/test_docs.py fails when the committed file
is stale. The few sentences that templates/ does not declare (what a kind or a mark means) live in the tables below,
and a kind or a mark that has none is an error here, never a silent gap.
"""
from __future__ import annotations

import argparse
import ast
import inspect
import re
import sys
import textwrap
from pathlib import Path
from typing import Callable, Iterable

from reviewdesk.templates import ARTEFACTS, REFERENCE_DATA, WORKBOOK_ARTEFACTS, Artefact, Field, Kind, role_labels
from reviewdesk.templates.figures import OPEN, OWNER, Measure
from reviewdesk.templates.marks import all_of, in_words
from reviewdesk.templates.values import format_code

HERE = Path(__file__).resolve().parent
TARGET = HERE / "artefacts.md"

#: What each kind of field holds (templates/schema.py declares the kinds, not their words).
KINDS: dict[Kind, tuple[str, str, str, str]] = {  # kind: (zh, en, zh description, en description)
    Kind.TEXT: ("文本", "text", "一行文字", "one line of text"),
    Kind.LONG_TEXT: ("多行文本", "long text", "可以换行的文字", "text that may span several lines"),
    Kind.INTEGER: ("整数", "whole number", "不带小数的数", "a number without decimals"),
    Kind.DECIMAL: ("数值", "number", "可以带小数的数", "a number, decimals allowed"),
    Kind.DATE: ("日期", "date", "如 2026-11-30、2026/11/30、2026.11.30 或 2026年11月30日",
                "such as 2026-11-30, 2026/11/30, 2026.11.30 or 2026年11月30日"),
    Kind.CHOICE: ("选项", "choice", "下表所列取值之一，可写键或任一语言的标签",
                  "one of the values listed, by key or by either label"),
    Kind.REFERENCE: ("编号引用", "reference", "另一类材料中一条记录的编号，如 ISS-0001",
                     "the code of a record of another artefact, such as ISS-0001"),
    Kind.DEPARTMENT: ("部门", "department", "部门代码或任一语言的部门名称", "a department's code or its name in either language"),
    Kind.PERSON: ("人员", "person", "人员姓名，须已登记在人员名单中", "the name of a person on the list of people"),
    Kind.AGENDA: ("议程与决议", "agenda", "按顺序排列的议程项，每项可记一条决议", "ordered agenda items, each with its decision"),
    Kind.SCOPE: ("材料范围", "pack scope", "每类材料进入会议材料包的筛选条件", "per artefact, which records the meeting's pack holds"),
}

#: Which records a meeting's pack holds by default when the artefact has no status field to list.
ZH_PUNCTUATION = str.maketrans({",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "!": "！", "?": "？"})
_CJK = "[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]"  # Chinese characters and full-width punctuation


def zh_text(text: str) -> str:
    """Chinese text with full-width punctuation (GB/T 15834): in a text that holds Chinese, brackets become
    full-width, and a half-width ,:;!? beside a Chinese character too; between Latin letters and digits it stays."""
    if not re.search(_CJK, text):
        return text
    text = text.translate(str.maketrans({"(": "（", ")": "）"}))
    return re.sub(rf"(?<={_CJK})\s*[,:;!?]\s*|\s*[,:;!?]\s*(?={_CJK})",
                  lambda m: m.group(0).strip().translate(ZH_PUNCTUATION), text)


def cell(text: object) -> str:
    """A table cell: pipes escaped, line breaks as spaces."""
    return str(text).replace("|", "\\|").replace("\n", " ")


def row(*cells: object) -> str:
    return "| " + " | ".join(cell(c) for c in cells) + " |"


def table(header: Iterable[str], rows: Iterable[Iterable[object]]) -> list[str]:
    header = list(header)
    return [row(*header), row(*["---"] * len(header)), *(row(*r) for r in rows), ""]


def labels(art: Artefact, keys: Iterable[str], lang: str) -> str:
    names = [art.field(k).label(lang) for k in sorted(keys, key=lambda k: [f.key for f in art.fields].index(k))]
    return ("、" if lang == "zh" else ", ").join(names)


def number(x: float) -> str:
    return f"{x:g}"


# --- one field ---

def kind_text(art: Artefact, f: Field, lang: str) -> str:
    """The kind of a field with its bounds: 文本，≤ 200 字 · text, ≤ 200 characters."""
    zh, en = KINDS[f.kind][:2]
    parts_zh, parts_en = [zh], [en]
    if f.max_length:
        parts_zh.append(f"≤ {f.max_length} 字")
        parts_en.append(f"≤ {f.max_length} characters")
    if f.minimum is not None and f.maximum is not None:
        parts_zh.append(f"{number(f.minimum)}–{number(f.maximum)}")
        parts_en.append(f"{number(f.minimum)}–{number(f.maximum)}")
    elif f.minimum is not None:
        parts_zh.append(f"≥ {number(f.minimum)}")
        parts_en.append(f"≥ {number(f.minimum)}")
    if f.kind is Kind.REFERENCE:
        target = ARTEFACTS[f.reference]
        example = format_code(target.prefix, 1)
        parts_zh.append(f"{target.zh}的编号，如 {example}")
        parts_en.append(f"a code of the {target.en.lower()}, such as {example}")
    if f.roles:
        parts_zh.append(f"须为{role_labels(f, 'zh')}")
        parts_en.append(f"a {role_labels(f, 'en')}")
    if f.multiple:
        parts_zh.append("可填多个")
        parts_en.append("several allowed")
    return "，".join(parts_zh) if lang == "zh" else ", ".join(parts_en)


def computed_text(art: Artefact, f: Field) -> str:
    if not f.is_computed:
        return "—"
    if f.gathered is not None:
        g = f.gathered
        source = ARTEFACTS[g.artefact]
        order = source.field(g.order)
        take = source.field(g.take)
        which_zh, which_en = ("最晚", "last") if g.last else ("最早", "first")
        return (f"取自{order.zh}{which_zh}的{source.zh}的{take.zh} · "
                f"the {take.en.lower()} of the {which_en} {source.en} by {order.en.lower()}")
    reads = f.computed_from
    if not reads:
        return "自动计算 · computed"
    return f"由{labels(art, reads, 'zh')}得出 · from {labels(art, reads, 'en')}"


def personal_text(f: Field) -> str:
    if not f.personal:
        return "—"
    from reviewdesk.exporters.masking import masker

    if f.example is None:
        return "脱敏 · masked"
    shown = f"`{f.example}` → `{masker(f)(str(f.example))}`"  # code: a bare * would start emphasis
    return f"导出时脱敏：{shown} · masked in exports: {shown}"


def yes(flag: bool) -> str:
    return "是 · yes" if flag else "—"


# --- one artefact ---

def open_text(art: Artefact) -> tuple[str, str] | None:
    """Which records a meeting's pack holds by default (Artefact.pack_conditions: the open ones, a reading's recent
    ones), and what chooses instead, in both languages."""
    if not art.pack_conditions or not art.in_workbooks:
        return None
    condition = all_of(*(c for c, _ in art.pack_conditions))
    lifting = [art.field(k) for _, keys in art.pack_conditions for k in sorted(keys) if art.has_field(k)]
    if not lifting:
        return f"{in_words(condition, art, 'zh')}的记录", f"records where {in_words(condition, art, 'en')}"
    zh_names, en_names = "或".join(f.zh for f in lifting), " or ".join(f.en for f in lifting)
    return (f"{in_words(condition, art, 'zh')}的记录；会议的材料范围或 --where 给出{zh_names}的条件时按条件选取"
            f"（{lifting[0].zh}=* 为全部）",
            f"records where {in_words(condition, art, 'en')}; a condition on {en_names} in the meeting's scope or "
            f"--where chooses instead ({lifting[0].en}=* for all)")


def rows_text(art: Artefact) -> tuple[str, str]:
    """Whose rows a department workbook holds."""
    f = art.field(art.department_field)
    if f.kind is Kind.REFERENCE:
        via = ARTEFACTS[f.reference]
        return (f"{f.zh}（{via.zh}）属于该部门的行", f"rows whose {f.en} ({via.en}) belongs to that department")
    if f.kind is Kind.PERSON:
        return (f"{f.zh}属于该部门的行", f"rows whose {f.en} belongs to that department")
    return (f"{f.zh}为该部门的行", f"rows whose {f.en} is that department")


def adds_text(art: Artefact) -> tuple[str, str]:
    if not art.department_may_add:
        return ("不可以", "no")
    own = art.field(art.adding_department_field)
    if own.kind is Kind.REFERENCE:
        return (f"可以，仅限本部门的{own.zh}", f"yes, for its own {own.en.lower()}s only")
    return (f"可以，新行的{own.zh}即该部门", f"yes, a new row's {own.en} is that department")


def rule_messages(check: Callable) -> tuple[str, str]:
    """The (zh, en) message a cross-field check returns, read from its source: rules return literal pairs."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(check)))
    for node in ast.walk(tree):
        if isinstance(node, ast.Return) and isinstance(node.value, ast.Tuple) and len(node.value.elts) == 2 \
                and all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.value.elts):
            return node.value.elts[0].value, node.value.elts[1].value
    raise ValueError(f"{check.__name__}: no literal (zh, en) message to document")


def artefact_section(number_: int, art: Artefact) -> list[str]:
    code = format_code(art.prefix, 1)
    lines = [f'<a id="{art.key}"></a>', "", f"## {number_}. {art.zh} · {art.en}", ""]
    facts = [("键 · Key", f"`{art.key}`", f"`{art.key}`"),
             ("编号 · Code", f"{art.code_zh}，如 {code}", f"{art.code_en}, such as {code}"),
             ("工作表与窗口中的名称 · Sheet and page", art.sheet_zh, art.sheet_en)]
    if art.key not in WORKBOOK_ARTEFACTS:
        facts.append(("工作簿 · Workbooks", "不导出为工作簿，在窗口或命令行中维护，写入 Word 评审材料包",
                      "not exported to workbooks: kept in the window or on the command line, described in the Word pack"))
    shown = open_text(art)
    if shown:
        facts.append(("会议材料包默认收录 · In a meeting's pack by default", *shown))
    if art.department_field:
        facts.append(("部门工作簿中的行 · A department's rows", *rows_text(art)))
        facts.append(("部门可修改的列 · Columns a department may change",
                      labels(art, art.department_editable, "zh"), labels(art, art.department_editable, "en")))
        facts.append(("部门可新增行 · A department may add rows", *adds_text(art)))
    lines += table(("", "中文", "English"), facts)

    lines += ["### 字段 · Fields", ""]
    lines += table(("键 · Key", "中文标签", "English label", "类型", "Kind", "必填 · Required", "计算 · Computed",
                    "个人信息 · Personal", "部门可改 · Dept. may change"),
                   ((f"`{f.key}`", f.zh, f.en, kind_text(art, f, "zh"), kind_text(art, f, "en"), yes(f.required),
                     computed_text(art, f), personal_text(f),
                     yes(f.key in art.department_editable) if art.department_field else "—") for f in art.fields))

    choice_rows = [(f"{f.zh} · {f.en}", f"`{c.key}`", c.zh, c.en, yes(c.key == f.default))
                   for f in art.fields for c in f.choices]
    if choice_rows:
        lines += ["### 取值 · Choices", ""]
        lines += table(("字段 · Field", "键 · Key", "中文", "English", "默认 · Default"), choice_rows)

    hints = [(f"{f.zh} · {f.en}", zh_text(f.hint_zh), f.hint_en) for f in art.fields if f.hint_zh or f.hint_en]
    if hints:
        in_books = art.key in WORKBOOK_ARTEFACTS
        lines += ["### 填写提示 · Hints", "",
                  "窗口的表单和表头" + ("、导出工作簿的输入提示和填写说明" if in_books else "") + "显示这些提示。",
                  "The window's form and column headers" + (", and the exported workbook's input messages and "
                                                           "instructions," if in_books else "") + " show these hints.", ""]
        lines += table(("字段 · Field", "中文", "English"), hints)

    if art.rules:
        lines += ["### 规则 · Rules", "",
                  "新建、修改和导入记录时检查；违反规则的更改不会保存，提示显示在所列字段旁。",
                  "Checked whenever a record is created, changed or imported; a change that breaks a rule is not "
                  "saved, and the message is shown beside the field named.", ""]
        rule_rows = []
        for r in art.rules:
            zh, en = rule_messages(r.check)
            reads = r.reads or frozenset()
            rule_rows.append((f"`{r.check.__name__}`", f"{art.field(r.field).zh} · {art.field(r.field).en}",
                              f"{labels(art, reads, 'zh')} · {labels(art, reads, 'en')}", zh, en))
        lines += table(("规则 · Rule", "提示位置 · Shown beside", "读取 · Reads", "中文提示", "English message"),
                       rule_rows)

    if art.marks:
        lines += ["### 标记 · Marks", "",
                  "声明在材料上的标记（templates/marks.py），不保存：窗口的表格、导出的工作簿和仪表盘据此标出或计数。",
                  "Marks declared with the artefact (templates/marks.py), not stored: the window's table, the "
                  "exported workbook and the dashboard colour or count them from the one declaration.", ""]
        lines += table(("标记 · Mark", "标出 · Marks", "中文", "English", "条件", "When"),
                       ((f"`{m.key}`", "整行 · the row" if m.column is None else
                         f"{art.field(m.column).zh} · {art.field(m.column).en}", m.zh, m.en,
                         in_words(m.when, art, "zh"), in_words(m.when, art, "en")) for m in art.marks))
    if art.figures:
        lines += ["### 数字与图表 · Figures", "",
                  "仪表盘、工作簿的概览表和评审材料包的概要都由这些声明（templates/figures.py）得出同样的数字。",
                  "The dashboard, the workbook's overview sheet and the review pack's summary all show these figures "
                  "(templates/figures.py), worked out once.", ""]
        lines += table(("数字 · Figure", "中文", "English", "统计 · Measures", "计入的记录", "Records counted",
                        "图表 · Chart"),
                       ((f"`{f.key}`", f.zh, f.en, figure_measure(art, f), *figure_records(art, f), yes(f.chart or
                         bool(f.together))) for f in art.figures))
    return lines


MEASURES = {Measure.COUNT: ("计数", "count"), Measure.BY: ("按{0}计数", "count by {0}"),
            Measure.MATRIX: ("{0} × {1}", "{0} × {1}"), Measure.AVERAGE: ("{0}的平均值", "average {0}"),
            Measure.SHARE: ("{0}中{when}的占比", "share of {0} where {when}"),
            Measure.TOP: ("最常见的{0}", "most frequent {0}")}


def figure_measure(art: Artefact, f) -> str:
    def names(lang: str) -> list[str]:
        return [("所属部门" if lang == "zh" else "department") if k == OWNER else art.field(k).label(lang)
                for k in f.fields]
    zh, en = MEASURES[f.measure]
    when = {lang: in_words(f.when, art, lang) if f.when else "" for lang in ("zh", "en")}
    return f"{zh.format(*names('zh'), when=when['zh'])} · {en.format(*names('en'), when=when['en'])}"


def figure_records(art: Artefact, f) -> tuple[str, str]:
    if f.only is None:
        return "全部", "all"
    condition = f.condition(art)
    if f.only == OPEN:
        return "未关闭的", "open ones"
    return in_words(condition, art, "zh"), in_words(condition, art, "en")


def reference_section() -> list[str]:
    lines = ['<a id="reference-data"></a>', "", "## 参考数据 · Reference data", "",
             "部门与人员不是材料，而是材料引用的名单：在窗口的“设置”中或用命令 `reviewdesk department`、"
             "`reviewdesk person` 维护。表格中填写的名称必须在名单中，未知名称是错误，并提示最接近的名称。",
             "",
             "Departments and people are not artefacts but the lists artefacts refer to: kept in the window's "
             "Settings or with `reviewdesk department` and `reviewdesk person`. A name typed in a sheet must be on "
             "the list; an unknown name is an error that suggests the closest ones.", ""]
    for art in REFERENCE_DATA.values():
        lines += [f'<a id="{art.key}"></a>', "", f"### {art.zh} · {art.en}", ""]
        lines += table(("键 · Key", "中文标签", "English label", "类型", "Kind", "必填 · Required"),
                       [("`code`" if art.key == "department" else "`name`", art.code_zh, art.code_en,
                         KINDS[Kind.TEXT][0], KINDS[Kind.TEXT][1], yes(True))]
                       + [(f"`{f.key}`", f.zh, f.en, kind_text(art, f, "zh"), kind_text(art, f, "en"), yes(f.required))
                          for f in art.fields])
        choice_rows = [(f"{f.zh} · {f.en}", f"`{c.key}`", c.zh, c.en, yes(c.key == f.default))
                       for f in art.fields for c in f.choices]
        if choice_rows:
            lines += table(("字段 · Field", "键 · Key", "中文", "English", "默认 · Default"), choice_rows)
    return lines


def render() -> str:
    """The whole of docs/artefacts.md."""
    lines = [
        "<!-- 本文件由 docs/make_artefacts.py 根据 templates/ 生成，请勿手工修改："
        "修改 templates/ 后运行 python docs/make_artefacts.py。 -->",
        "<!-- Generated from templates/ by docs/make_artefacts.py: do not edit by hand; change templates/, "
        "then run python docs/make_artefacts.py. -->",
        "",
        "# 材料参考 · Artefact reference",
        "",
        "ReviewDesk 保存的每一类材料，以及它的字段、标签、取值、计算字段、跨字段规则和部门权限，都只在 `templates/` "
        "中声明一次；数据库、命令行、窗口、导出的工作簿和 Word 文档、导入时的检查都由这些声明得出。本文件由 "
        "[make_artefacts.py](make_artefacts.py) 从同一份声明生成，因此与程序一致。各类材料在评审中的用途见"
        "[评审方法]（method.md），各角色的操作见[用户指南]（guide.zh.md）。",
        "",
        "Every artefact ReviewDesk keeps — its fields, labels, choices, computed fields, cross-field rules and "
        "department rights — is declared once in `templates/`; the database, the command line, the window, the "
        "exported workbooks and Word documents and the import's checks are all derived from those declarations. "
        "This file is generated from the same declarations by [make_artefacts.py](make_artefacts.py), so it says "
        "what the program does. What each artefact is for in a review: [the review method](method.md); what each "
        "role does: [the user guide](guide.en.md).",
        "",
        "## 目录 · Contents",
        "",
    ]
    overview = []
    for n, art in enumerate(ARTEFACTS.values(), 1):
        overview.append((n, f"[{art.zh}](#{art.key})", art.en, f"`{art.key}`", format_code(art.prefix, 1),
                         f"{art.sheet_zh} · {art.sheet_en}", yes(art.key in WORKBOOK_ARTEFACTS),
                         yes(bool(art.department_field))))
    lines += table(("#", "材料", "Artefact", "键 · Key", "编号 · Code", "工作表 · Sheet", "工作簿 · Workbook",
                    "部门工作簿 · Department workbook"), overview)
    lines += ["- [如何阅读 · How to read this reference](#how-to-read)",
              "- [字段类型 · Field kinds](#kinds)",
              "- [部门权限一览 · Department rights at a glance](#rights)",
              "- [参考数据 · Reference data](#reference-data)", ""]

    lines += ['<a id="how-to-read"></a>', "", "## 如何阅读 · How to read this reference", "",
              "- **键**：程序、数据库、工作簿的隐藏契约和命令行 JSON 使用的稳定标识，发布后不再改变；标签可以改变。"
              "命令行和表格中，字段可写键或任一语言的标签，选项可写键或任一语言的标签（不区分大小写、全角半角，忽略首尾空格）。",
              "- **编号**：每条记录有一个编号（如 ISS-0001），在同类材料中唯一，删除后也不再使用；"
              "另有版本号，每次修改加 1，基于旧版本的修改会被拒绝。",
              "- **必填**：新建记录时必须填写。",
              "- **计算**：由所列字段自动得出，从不手填；在工作簿中锁定，每次修改记录时重新计算。",
              "- **个人信息**：导出时默认脱敏，加 `--include-personal-data`（或在导出对话框中勾选）才写出原文；"
              "仍带掩码（`*` 或 `＊`）的值在任何地方都不会被接受。",
              "- **部门权限**：发给某部门的工作簿只包含该部门的行，只开放该部门可修改的列；导入时其他更改列为“不允许”，不会应用。",
              "",
              "- **Key**: the stable identifier used by the program, the database, a workbook's hidden contract and the "
              "command line's JSON; it never changes once released, a label may. On the command line and in a sheet a "
              "field may be named by its key or either label, and a choice given by its key or either label (case, "
              "full-width and surrounding spaces ignored).",
              "- **Code**: every record has a code (such as ISS-0001), unique within its artefact and never reused, even "
              "after a deletion, and a revision that grows by one with every change; a change based on an older "
              "revision is refused.",
              "- **Required**: must be filled in when a record is created.",
              "- **Computed**: worked out from the fields named, never typed; locked in workbooks and worked out again "
              "on every change to the record.",
              "- **Personal**: masked in exports unless `--include-personal-data` is given (or ticked in the export "
              "dialog); a value that still carries the mask （`*` or `＊`） is refused wherever it is typed.",
              "- **Department rights**: a workbook for a department holds that department's rows only and opens only "
              "the columns it may change; any other change is reported as not permitted on import and not applied.",
              ""]

    lines += ['<a id="kinds"></a>', "", "## 字段类型 · Field kinds", ""]
    lines += table(("类型", "Kind", "中文说明", "English"),
                   ((zh, en, zh_desc, en_desc) for zh, en, zh_desc, en_desc in (KINDS[k] for k in Kind)))

    lines += ['<a id="rights"></a>', "", "## 部门权限一览 · Department rights at a glance", "",
              "在团队数据库（PostgreSQL）中，同一张表也由服务器对每个账户强制执行：成员（member）账户只能修改本部门行中的这些列、"
              "在允许的材料中新增行，不能删除；组长（lead）可新建、修改和删除本部门的全部材料；组织者（organizer）不受限制。"
              "所有修改（包括绕过 ReviewDesk 直接执行的 SQL）都由服务器以真实账户名写入操作日志，任何账户都不能修改或删除日志。",
              "",
              "On a team database (PostgreSQL) the server enforces the same table for every account: a member account "
              "changes only these columns of its department's rows and adds rows where allowed, and never deletes; a "
              "lead creates, changes and deletes every artefact of its department; an organizer may do everything. "
              "The server writes every change (plain SQL outside ReviewDesk included) into the audit log under the real "
              "account name, and no account can alter or delete the log.", ""]
    lines += table(("材料 · Artefact", "部门的行", "A department's rows", "可修改的列", "Columns it may change",
                    "可新增行", "May add rows"),
                   ((f"[{art.zh}](#{art.key}) · {art.en}", *[x for pair in (rows_text(art),
                     (labels(art, art.department_editable, "zh"), labels(art, art.department_editable, "en")),
                     adds_text(art)) for x in pair])
                    for art in ARTEFACTS.values() if art.department_field))

    for n, art in enumerate(ARTEFACTS.values(), 1):
        lines += artefact_section(n, art)
    lines += reference_section()
    while lines and lines[-1] == "":
        lines.pop()
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when docs/artefacts.md is stale; write nothing")
    args = parser.parse_args(argv)
    text = render()
    shown = TARGET.relative_to(HERE.parent).as_posix() if TARGET.is_relative_to(HERE.parent) else str(TARGET)
    current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else None
    if args.check:
        if current != text:
            print(f"{shown} is stale: run python docs/make_artefacts.py", file=sys.stderr)
            return 1
        print(f"{shown} is up to date")
        return 0
    if current != text:
        TARGET.write_text(text, encoding="utf-8", newline="\n")
        print(f"wrote {shown}")
    else:
        print(f"{shown} unchanged")
    return 0


if __name__ == "__main__":
    sys.exit(main())
