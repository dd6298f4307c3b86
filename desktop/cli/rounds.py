"""The review round commands: `round send` (a workbook and an e-mail draft per department), `round status` (who
returned what) and `round remind` (drafts again for those who have not)."""
from __future__ import annotations

import argparse
from typing import Callable

from reviewdesk import store
from reviewdesk.exporters.review import round as review_round
from reviewdesk.templates import values

from reviewdesk.desktop.cli.export import DEADLINE
from reviewdesk.desktop.cli.output import dump_json, t, table

EXIT_OK = 0


def _show_drafts(args: argparse.Namespace, drafts: list[review_round.Draft], done: tuple[str, str]) -> int:
    lookups = store.Lookups()
    if args.json:
        print(dump_json([{"department": d.department, "workbook": str(d.workbook), "draft": str(d.draft),
                          "address": d.address} for d in drafts]))
        return EXIT_OK
    for d in drafts:
        name = lookups.department_label(d.department, args.lang)
        to = d.address or t(args, "无联系邮箱：请另行发送工作簿", "no contact e-mail: send the workbook another way")
        print(f"  {name}  {d.workbook.name}  {d.draft.name}  → {to}")
    without = [d for d in drafts if not d.address]
    print(t(args, f"{done[0]} {len(drafts)} 个部门的工作簿和邮件草稿", f"{done[1]} for {len(drafts)} department(s)")
          + (t(args, f"；{len(without)} 个部门没有联系邮箱", f"; {len(without)} without a contact e-mail") if without
             else ""))
    return EXIT_OK


def cmd_send(args: argparse.Namespace) -> int:
    from reviewdesk.desktop.cli.main import who

    departments = [d for d in (args.departments or "").replace("，", ",").split(",") if d.strip()]
    deadline = values.parse_date(DEADLINE, args.deadline) if args.deadline else None
    drafts = review_round.send_round(args.code, args.output, who=who(args), deadline=deadline,
                                     departments=departments or None, lang=args.lang,
                                     include_personal_data=args.include_personal_data)
    return _show_drafts(args, drafts, ("已写出", "Wrote workbooks and e-mail drafts"))


def cmd_remind(args: argparse.Namespace) -> int:
    drafts = review_round.remind(args.code, args.output, lang=args.lang)
    if not drafts and not args.json:
        print(t(args, "各部门都已交回，无需催交", "Every department has returned its workbook: no reminder needed"))
        return EXIT_OK
    return _show_drafts(args, drafts, ("已写出催交", "Wrote reminders"))


def cmd_status(args: argparse.Namespace) -> int:
    from reviewdesk.desktop.cli.main import local

    meeting = store.get_record(args.code)
    states = store.rounds.round_state(meeting["code"])
    deadline = store.rounds.round_deadline(meeting["code"])
    if args.json:
        print(dump_json({"meeting": meeting["code"], "deadline": deadline.isoformat() if deadline else None,
                         "departments": [s.to_json() for s in states]}))
        return EXIT_OK
    if not states:
        print(t(args, f"{meeting['code']} 还没有发出评审工作簿（reviewdesk round send {meeting['code']} -o 文件夹）",
                f"No workbooks of {meeting['code']} sent yet (reviewdesk round send {meeting['code']} -o DIR)"))
        return EXIT_OK
    lookups = store.Lookups()
    yes = t(args, "是", "yes")
    headers = t(args, "部门|发出|交回|批次|更改|不允许|冲突|逾期",
                "Department|Sent|Returned|Batch|Changes|Not permitted|Conflicts|Overdue").split("|")
    print(table(headers, [[lookups.department_label(s.department, args.lang), local(s.sent_at),
                           local(s.returned_at) if s.returned_at else t(args, "未交回", "not yet"), s.batch or "",
                           s.changes, s.not_permitted, s.conflicts, yes if s.overdue else ""] for s in states]))
    returned = sum(s.returned_at is not None for s in states)
    print(t(args, f"交回期限 {deadline}：{returned}/{len(states)} 个部门已交回",
            f"Due back by {deadline}: {returned} of {len(states)} department(s) returned"))
    return EXIT_OK


def register(command: Callable[..., argparse.ArgumentParser], known: argparse.Namespace) -> None:
    """Add `round` to the `reviewdesk` parser (called by cli.main.build_parser; help in known.lang)."""
    from reviewdesk.desktop.cli.main import sub_actions

    p = command("round", lambda args: args.action_func(args), t(
        known, "评审轮次：send 发给各部门、status 交回情况、remind 催交",
        "a review round: send to the departments, status of returns, remind those who have not"))
    action = sub_actions(p, known)

    def with_output(a: argparse.ArgumentParser) -> None:
        a.add_argument("code", metavar="MTG-0001")
        a.add_argument("-o", "--output", required=True, metavar="DIR",
                       help=t(known, "写入的文件夹（不存在时自动创建）", "folder to write into (created if missing)"))
        a.add_argument("--json", action="store_true")

    a = action("send", cmd_send, t(known, "为每个参会部门写出工作簿和邮件草稿（.eml），并记录本轮发送",
                                   "write a workbook and an e-mail draft (.eml) per attending department and record "
                                   "the round"))
    with_output(a)
    a.add_argument("--deadline", metavar="DATE", help=t(known, "交回期限（默认：一周后，且在会议前一天之前）",
                                                        "due back by (default: a week on, before the meeting's eve)"))
    a.add_argument("--departments", metavar="CODE,…", help=t(known, "只发给这些部门（默认：全部参会部门）",
                                                              "only these departments (default: every attending one)"))
    a.add_argument("--include-personal-data", action="store_true",
                   help=t(known, "写入未遮盖的客户姓名和电话", "write customer names and phone numbers unmasked"))
    a = action("status", cmd_status, t(known, "各部门的发出与交回情况", "each department's workbook sent and returned"))
    a.add_argument("code", metavar="MTG-0001")
    a.add_argument("--json", action="store_true")
    a = action("remind", cmd_remind, t(known, "只为尚未交回的部门写出催交邮件草稿，再次附上原工作簿",
                                       "write reminder drafts, with the original workbook, for the departments "
                                       "that have not returned"))
    with_output(a)
