"""`reviewdesk edit`: a table opened in the spreadsheet program, each completed save shown as a plan and applied on
the user's word (or a script's, one JSON line per plan with --json)."""
from __future__ import annotations

import argparse
import json
import queue
import sys
import threading
from typing import Callable

from reviewdesk.exporters.returns.session import EditSession, open_in_spreadsheet
from reviewdesk.templates import WORKBOOK_ARTEFACTS, ReviewDeskError

from reviewdesk.desktop.cli.output import t

EXIT_OK = 0
POLL_S = 0.25
QUIT, YES = "q", ("y", "yes", "是")


def _answers() -> "queue.Queue[str | None]":
    """Lines typed (or a script's answers) as they come, read beside the watching; None when input ends."""
    lines: "queue.Queue[str | None]" = queue.Queue()

    def read() -> None:
        for line in sys.stdin:
            lines.put(line.strip())
        lines.put(None)
    threading.Thread(target=read, daemon=True).start()
    return lines


def _say(args: argparse.Namespace, event: str, zh: str, en: str, **data) -> None:
    if args.json:
        print(json.dumps({"event": event, **data}, ensure_ascii=False, default=str), flush=True)
    else:
        print(t(args, zh, en), flush=True)


def cmd_edit(args: argparse.Namespace) -> int:
    from reviewdesk.desktop.cli.export import where_filters
    from reviewdesk.desktop.cli.imports import print_plan
    from reviewdesk.desktop.cli.main import who

    session = EditSession(args.artefact, path=args.output, lang=args.lang, filters=where_filters(args),
                          department=args.department, include_personal_data=args.include_personal_data)
    rows = session.summary.total
    _say(args, "ready", f"已写出 {rows} 行 → {session.path}\n在表格程序中修改并保存；每次保存后这里会显示更改。输入 q 回车结束。",
         f"Wrote {rows} row(s) → {session.path}\nEdit and save it in your spreadsheet program; each save shows its "
         "changes here. Type q and Enter to end.", file=str(session.path), rows=rows)
    if not args.no_open:
        open_in_spreadsheet(session.path)
    answers = _answers()
    try:
        while True:
            try:
                typed = answers.get(timeout=POLL_S)
            except queue.Empty:
                typed = ""
            if typed is None or typed.lower() == QUIT:
                break
            if not session.saved():
                continue
            if not _one_save(args, session, answers, who(args), print_plan):
                break
    except KeyboardInterrupt:
        pass
    _say(args, "end", f"编辑结束：应用了 {len(session.batches)} 个导入批次", f"Editing ended: {len(session.batches)} "
         "import batch(es) applied", batches=session.batches)
    return EXIT_OK


def _one_save(args: argparse.Namespace, session: EditSession, answers: "queue.Queue[str | None]", who: str,
              print_plan: Callable) -> bool:
    """Show what a save changes and apply it if asked; False when the user ended the session."""
    try:
        plan = session.plan()
    except ReviewDeskError as exc:  # a save the importer cannot read: said, and the next save tried again
        _say(args, "error", exc.zh, exc.en, message=exc.message(args.lang))
        return True
    if not (plan.has_changes or plan.conflicts or plan.errors or plan.not_permitted):
        _say(args, "unchanged", "已保存，没有更改", "Saved, with no changes", plan=plan.to_json())
        return True
    if args.json:
        print(json.dumps({"event": "plan", "plan": plan.to_json()}, ensure_ascii=False, default=str), flush=True)
    else:
        print_plan(args, plan)
        print(t(args, "应用这些更改？[y/N] ", "Apply these changes? [y/N] "), end="", flush=True)
    answer = answers.get()
    if answer is None or answer.lower() == QUIT:
        return False
    if answer.lower() not in YES:
        _say(args, "skipped", "未应用；保存后会再次显示", "Not applied; the next save shows them again")
        return True
    try:
        applied = session.apply(plan, who=who, take=args.take)
    except ReviewDeskError as exc:
        _say(args, "refused", f"未应用：{exc.zh}", f"Not applied: {exc.en}", message=exc.message(args.lang))
        return True
    _say(args, "applied", f"已应用，导入批次 {applied.batch}（可用 reviewdesk undo-import {applied.batch} 撤销）",
         f"Applied as import batch {applied.batch} (undo with: reviewdesk undo-import {applied.batch})",
         batch=applied.batch)
    return True


def register(command: Callable[..., argparse.ArgumentParser], known: argparse.Namespace) -> None:
    """Add `edit` to the `reviewdesk` parser (called by cli.main.build_parser; help in known.lang)."""
    p = command("edit", cmd_edit, t(known, "在 Excel 中编辑：写出工作簿并打开，每次保存后显示并可应用更改",
                                    "edit in Excel: write the workbook, open it, and show (and apply) each save's "
                                    "changes"))
    p.add_argument("artefact", choices=WORKBOOK_ARTEFACTS)
    p.add_argument("--where", action="append", metavar="FIELD=VALUE",
                   help=t(known, "只编辑匹配的记录（可重复）", "only the matching records (repeatable)"))
    p.add_argument("-o", "--output", metavar="FILE.xlsx",
                   help=t(known, "工作簿写到这里（默认：工作文件夹）", "write the workbook here (default: the working folder)"))
    p.add_argument("--department", metavar="CODE", help=t(known, "按部门的权限写出（只含其行，只开放其列）",
                                                          "as a department's workbook (its rows, its columns)"))
    p.add_argument("--include-personal-data", action="store_true",
                   help=t(known, "写入未遮盖的客户姓名和电话", "write customer names and phone numbers unmasked"))
    p.add_argument("--take", choices=("sheet", "database"),
                   help=t(known, "冲突时取哪一方（默认：冲突不应用）", "which side a conflict takes (default: not applied)"))
    p.add_argument("--no-open", action="store_true", help=t(known, "不自动打开工作簿", "do not open the workbook"))
    p.add_argument("--json", action="store_true", help=t(known, "每个计划输出一行 JSON，从标准输入读取回答",
                                                         "one JSON line per plan; answers read from standard input"))
