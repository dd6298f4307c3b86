"""The report commands: `report feedback`, the weekly customer feedback report of the callbacks, titled
客户反馈分析报告 in Chinese."""
from __future__ import annotations

import argparse
import datetime as dt
from typing import Callable

from reviewdesk import store
from reviewdesk.exporters.report.feedback import check_output, feedback_json, write_feedback
from reviewdesk.store.feedback import feedback_figures
from reviewdesk.templates.periods import Period, between, iso_week, last_full_week

from reviewdesk.desktop.cli.output import dump_json, t

EXIT_OK = 0


def chosen_period(args: argparse.Namespace, today: dt.date) -> Period:
    """--week, or --from and --to, or by default the last full week before today."""
    from reviewdesk.desktop.cli.main import Misuse

    if args.week and (args.start or args.end):
        raise Misuse(t(args, "--week 不能与 --from、--to 同时使用", "--week cannot be given with --from or --to"))
    if args.week:
        return iso_week(args.week)
    if args.start or args.end:
        if not (args.start and args.end):
            raise Misuse(t(args, "--from 和 --to 需要同时给出", "--from and --to go together"))
        return between(args.start, args.end)
    return last_full_week(today)


def cmd_feedback(args: argparse.Namespace) -> int:
    from reviewdesk.desktop.cli.main import Misuse

    if not args.output and not args.json:
        raise Misuse(t(args, "需要 -o FILE.docx 或 -o FILE.xlsx（或用 --json 只输出数字）",
                       "-o FILE.docx or -o FILE.xlsx is needed (or --json for the figures only)"))
    period = chosen_period(args, dt.date.today())
    if args.output:
        check_output(args.output)  # a wrong name is refused before any counting
    lookups = store.Lookups()
    figures = feedback_figures(period, lookups=lookups)
    written = None
    if args.output:
        written = write_feedback(args.output, figures, lang=args.lang, lookups=lookups,
                                 include_personal_data=args.include_personal_data)
    if args.json:
        data = feedback_json(figures, lang=args.lang, lookups=lookups, masked=not args.include_personal_data)
        print(dump_json({**data, "file": str(written.path) if written else None}))
        return EXIT_OK
    now, before = figures.current, figures.previous
    print(t(args, f"已生成客户反馈分析报告：{now.period.label('zh')}，回访 {now.overall.callbacks} 次"
                  f"（上期 {before.overall.callbacks} 次）→ {written.path}",
            f"Customer feedback report for {now.period.label('en')}: {now.overall.callbacks} callback(s) "
            f"({before.overall.callbacks} the previous period) → {written.path}"))
    if not args.include_personal_data:
        print(t(args, "客户姓名和联系方式已隐藏（需要时加 --include-personal-data）",
                "Customer names and phone numbers are masked (add --include-personal-data to keep them)"))
    return EXIT_OK


def register(command: Callable[..., argparse.ArgumentParser], known: argparse.Namespace) -> None:
    """Add `report` to the `reviewdesk` parser (called by cli.main.build_parser; help in known.lang)."""
    from reviewdesk.desktop.cli.main import sub_actions

    p = command("report", lambda args: args.action_func(args),
                t(known, "生成报告：feedback（客户反馈分析报告）", "write a report: feedback (customer feedback report)"))
    action = sub_actions(p, known)
    a = action("feedback", cmd_feedback, t(
        known, "客户反馈分析报告：一段时间的回访与上一段同样长的时间对比（默认：上一个完整的自然周）",
        "customer feedback report: a period's callbacks beside the period as long before it (default: the last "
        "full week)"))
    a.add_argument("--week", metavar="2026-W48", help=t(known, "ISO 周（周一至周日）", "an ISO week, Monday to Sunday"))
    a.add_argument("--from", dest="start", metavar="DATE", help=t(known, "开始日期（含）", "first day (included)"))
    a.add_argument("--to", dest="end", metavar="DATE", help=t(known, "结束日期（含）", "last day (included)"))
    a.add_argument("-o", "--output", metavar="FILE.docx|FILE.xlsx",
                   help=t(known, "报告文件：.docx 为 Word 文档，.xlsx 为 Excel 工作簿",
                          "the report's file: .docx a Word document, .xlsx an Excel workbook"))
    a.add_argument("--include-personal-data", action="store_true",
                   help=t(known, "写入未遮盖的客户姓名和电话", "write customer names and phone numbers unmasked"))
    a.add_argument("--json", action="store_true",
                   help=t(known, "输出报告的数字（JSON，结构见用户指南）", "print the report's figures as JSON (see the user guide)"))
