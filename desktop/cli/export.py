"""The workbook commands: `export` (standardized Excel, department workbooks) and `template` (blank templates)."""
from __future__ import annotations

import argparse
from typing import Callable

from reviewdesk.exporters.xlsx.export import export_workbook
from reviewdesk.exporters.xlsx.template import write_template
from reviewdesk.templates import WORKBOOK_ARTEFACTS, Field, Kind, artefact, values

from reviewdesk.desktop.cli.output import t
from reviewdesk.desktop.cli.progress import Progress

EXIT_OK = 0
DEADLINE = Field("deadline", "交回期限", "Return by", Kind.DATE)


def where_filters(args: argparse.Namespace) -> dict[str, list[str]]:
    """--where FIELD=VALUE, repeatable; the same field twice means either value."""
    from reviewdesk.desktop.cli.main import Misuse

    result: dict[str, list[str]] = {}
    for item in args.where or []:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise Misuse(t(args, f"参数应写成 字段=值：{item}", f"expected FIELD=VALUE, got: {item}"))
        result.setdefault(name.strip(), []).append(value)
    return result


def _sheets(args: argparse.Namespace, rows: dict[str, int]) -> str:
    sep = "、" if args.lang == "zh" else ", "
    return sep.join(f"{artefact(k).sheet(args.lang)} {n}" for k, n in rows.items())


def cmd_export(args: argparse.Namespace) -> int:
    if str(args.output).lower().endswith(".docx"):
        return cmd_export_docx(args)
    deadline = values.parse_date(DEADLINE, args.deadline) if args.deadline else None
    with Progress(args) as progress:
        summary = export_workbook(args.output, args.artefacts, lang=args.lang, department=args.department,
                                  filters=where_filters(args), include_personal_data=args.include_personal_data,
                                  deadline=deadline, progress=progress.step("正在导出", "Exporting"))
    print(t(args, f"已导出 {summary.total} 行（{_sheets(args, summary.rows)}）→ {args.output}",
            f"Exported {summary.total} row(s) ({_sheets(args, summary.rows)}) → {args.output}"))
    if summary.department:
        from reviewdesk import store

        name = store.Lookups().department_label(summary.department, args.lang)
        if name != summary.department:
            name += t(args, f"({summary.department})", f" ({summary.department})")
        print(t(args, f"部门工作簿：{name}，请于 {summary.deadline} 前交回",
                f"Department workbook for {name}, to be returned by {summary.deadline}"))
    if not summary.personal_data and any(f.personal for k in summary.rows for f in artefact(k).fields):
        print(t(args, "客户姓名和联系方式已隐藏（需要时加 --include-personal-data）",
                "Customer names and phone numbers are masked (add --include-personal-data to keep them)"))
    return EXIT_OK


def cmd_export_docx(args: argparse.Namespace) -> int:
    """-o FILE.docx: the formal Word document of one artefact (exporters/docx_documents.py)."""
    from reviewdesk.exporters.word.documents import export_document
    from reviewdesk.templates import ReviewDeskError

    if len(args.artefacts) != 1 or args.artefacts[0] == "all":
        raise ReviewDeskError("Word 文档每次导出一类材料", "A Word document holds one artefact; name exactly one")
    summary = export_document(args.output, args.artefacts[0], lang=args.lang, department=args.department,
                              filters=where_filters(args), include_personal_data=args.include_personal_data,
                              template=args.template)
    print(t(args, f"已导出 {summary.rows} 条 → {args.output}", f"Exported {summary.rows} record(s) → {args.output}"))
    return EXIT_OK


def cmd_template(args: argparse.Namespace) -> int:
    summary = write_template(args.output, args.artefacts, lang=args.lang)
    sep = "、" if args.lang == "zh" else ", "
    names = sep.join(artefact(k).sheet(args.lang) for k in summary.artefacts)
    print(t(args, f"已生成空白模板（{names}）→ {args.output}", f"Blank template ({names}) → {args.output}"))
    return EXIT_OK


def register(command: Callable[[str, Callable, str], argparse.ArgumentParser], known: argparse.Namespace) -> None:
    """Add the subcommands to the `reviewdesk` parser (called by cli.main.build_parser; help in known.lang)."""
    choices = [*WORKBOOK_ARTEFACTS, "all"]
    artefacts = t(known, f"以下一个或多个：{', '.join(choices)}", f"one or more of {', '.join(choices)}")
    p = command("export", cmd_export, t(known, "把材料导出为标准化 Excel 工作簿（每类材料一个工作表）",
                                        "export artefacts to a standardized Excel workbook (one sheet per artefact)"))
    p.add_argument("artefacts", nargs="+", choices=choices, metavar="ARTEFACT", help=artefacts)
    p.add_argument("-o", "--output", required=True, metavar="FILE.xlsx|FILE.docx",
                   help=t(known, ".docx：导出一类材料的正式 Word 文档，而不是工作簿",
                          ".docx: the formal Word document of one artefact instead of a workbook"))
    p.add_argument("--department", metavar="CODE",
                   help=t(known, "只导出该部门的行；只开放该部门可以修改的列",
                          "only this department's rows; only the columns it may change are open"))
    p.add_argument("--template", metavar="FILE.docx",
                   help=t(known, ".docx 所用的 Word 基础模板（默认：$REVIEWDESK_WORD_TEMPLATE）",
                          "Word base template for .docx (default: $REVIEWDESK_WORD_TEMPLATE)"))
    p.add_argument("--deadline", metavar="DATE",
                   help=t(known, "部门交回工作簿的期限（默认：7 天后）",
                          "when the department returns the workbook (default: in 7 days)"))
    p.add_argument("--where", action="append", metavar="FIELD=VALUE",
                   help=t(known, "只保留匹配的记录（文本字段按包含匹配）；ARTEFACT.FIELD=VALUE 只作用于一类材料；"
                                 "可重复以增加条件",
                          "keep matching records (text fields: contains); ARTEFACT.FIELD=VALUE for one artefact only; "
                          "repeat for more conditions"))
    p.add_argument("--include-personal-data", action="store_true",
                   help=t(known, "写入未遮盖的客户姓名和电话", "write customer names and phone numbers unmasked"))

    p = command("template", cmd_template, t(known, "生成空白 Excel 模板，附填写说明工作表",
                                            "write a blank Excel template with an instruction sheet"))
    p.add_argument("artefacts", nargs="+", choices=choices, metavar="ARTEFACT", help=artefacts)
    p.add_argument("-o", "--output", required=True, metavar="FILE.xlsx")
