"""The meeting commands: `meeting add|agenda|decide|scope` and `pack` (the Word + Excel review pack of a meeting)."""
from __future__ import annotations

import argparse
from typing import Any, Callable

from reviewdesk import store
from reviewdesk.exporters.review import scope as review_scope
from reviewdesk.templates import ARTEFACTS, MEETING, WORKBOOK_ARTEFACTS, ReviewDeskError, artefact, values

from reviewdesk.desktop.cli.output import t
from reviewdesk.desktop.cli.progress import Progress

EXIT_OK = 0
ACTION = ARTEFACTS["action"]


def _meeting(code: str) -> dict[str, Any]:
    record = store.get_record(code)
    if not record["code"].startswith(MEETING.prefix + "-"):
        raise ReviewDeskError(f"{record['code']} 不是评审会议", f"{record['code']} is not a meeting")
    return record


def _save(args: argparse.Namespace, record: dict[str, Any], given: dict[str, Any]) -> store.Change:
    from reviewdesk.desktop.cli.main import who

    return store.update(record["code"], given, expected_revision=record["revision"], who=who(args), source="cli",
                        lang=args.lang)


def cmd_add(args: argparse.Namespace) -> int:
    from reviewdesk.desktop.cli.main import pairs, who

    change = store.create(MEETING.key, pairs(args, MEETING, args.values), who=who(args), source="cli",
                          lang=args.lang)
    print(t(args, f"已创建 {change.code}", f"Created {change.code}"))
    return EXIT_OK


def cmd_agenda(args: argparse.Namespace) -> int:
    record = _meeting(args.code)
    agenda = list(record["agenda"] or []) + [{"item": item, "decision": None} for item in args.items]
    change = _save(args, record, {"agenda": agenda})
    print(t(args, f"{change.code} 共 {len(agenda)} 项议程", f"{change.code} has {len(agenda)} agenda item(s)"))
    return EXIT_OK


def _agenda_index(args: argparse.Namespace, agenda: list[dict[str, Any]], wanted: str) -> int:
    """An agenda item by its number (1, 2, …) or by (part of) its text."""
    text = values.fold(wanted)
    if text.isdigit() and 1 <= int(text) <= len(agenda):
        return int(text) - 1
    matches = [i for i, a in enumerate(agenda) if text and text in values.fold(a["item"])]
    if len(matches) == 1:
        return matches[0]
    raise ReviewDeskError(f"没有议程项「{wanted}」（共 {len(agenda)} 项，请用序号 1–{len(agenda)}）",
                          f"No agenda item '{wanted}' ({len(agenda)} item(s); use a number from 1 to {len(agenda)})")


#: Short names a decision's --action takes besides the action's field keys and labels.
ACTION_SHORT = {"due": "due_date"}


def _actions(args: argparse.Namespace, item: int) -> list[dict[str, Any]]:
    """The actions --action asks for: TEXT then FIELD=VALUE (department=IT owner=王强 due=2026-12-10)."""
    from reviewdesk.desktop.cli.main import pairs

    made = []
    for text, *fields in args.action or []:
        given = pairs(args, ACTION, [f"{ACTION_SHORT.get(f.split('=', 1)[0].strip(), f.split('=', 1)[0])}="
                                     f"{f.split('=', 1)[1]}" if "=" in f else f for f in fields])
        made.append({**given, "agenda_item": item, "action": text})
    return made


def cmd_decide(args: argparse.Namespace) -> int:
    from reviewdesk.desktop.cli.main import who

    record = _meeting(args.code)
    agenda = [dict(a) for a in record["agenda"] or []]
    index = _agenda_index(args, agenda, args.item)
    agenda[index]["decision"] = args.decision
    actions = _actions(args, index + 1)
    change, made = store.meetings.save_with_actions(record["code"], {"agenda": agenda}, actions,
                                                    expected_revision=record["revision"], who=who(args), source="cli",
                                                    lang=args.lang)
    print(t(args, f"{change.code} 第 {index + 1} 项决议已记录", f"{change.code}: decision on item {index + 1} recorded"))
    for action in made:
        print(t(args, f"  已创建行动项 {action.code}", f"  created action {action.code}"))
    return EXIT_OK


def cmd_scope(args: argparse.Namespace) -> int:
    record = _meeting(args.code)
    scope = {k: list(v) for k, v in (record["scope"] or {}).items()}
    if args.where:
        review_scope.check(args.artefact, args.where, lang=args.lang)  # refused now as `list --where` would
        scope[args.artefact] = list(args.where)
    else:
        scope.pop(args.artefact, None)
    change = _save(args, record, {"scope": scope or None})
    default = review_scope.Scope().default(args.artefact)  # what the pack holds without a condition
    shown = "; ".join(args.where or []) or review_scope.default_words(artefact(args.artefact), default, args.lang) \
        or t(args, "全部记录", "all records")
    print(t(args, f"{change.code} 的{artefact(args.artefact).label('zh')}范围：{shown}",
            f"{change.code} pack scope of {artefact(args.artefact).label('en')}: {shown}"))
    return EXIT_OK


def cmd_pack(args: argparse.Namespace) -> int:
    from reviewdesk.exporters.review.pack import write_pack

    with Progress(args) as progress:
        result = write_pack(args.code, args.output, lang=args.lang, per_department=args.per_department,
                            where=args.where or (), include_personal_data=args.include_personal_data,
                            template=args.template, progress=progress.step("正在生成评审材料包的文件",
                                                                           "Writing the review pack's files"))
    for f in result.files:  # what each file holds: a document's chapters, tables and figures; a workbook's rows
        print(f"  {f.name}  " + t(args, f"（{f.describe('zh')}）", f"({f.describe('en')})"))
    print(t(args, f"已生成 {result.meeting} 的评审材料包（{len(result.files)} 个文件）→ {result.folder}",
            f"Review pack of {result.meeting} ({len(result.files)} files) → {result.folder}"))
    return EXIT_OK


def register(command: Callable[..., argparse.ArgumentParser], known: argparse.Namespace) -> None:
    """Add `meeting` and `pack` to the `reviewdesk` parser (called by cli.main.build_parser; help in known.lang)."""
    from reviewdesk.desktop.cli.main import sub_actions

    p = command(MEETING.key, lambda args: args.action_func(args), t(known, "筹备评审会议：add、agenda、decide、scope",
                                                                   "plan a review meeting: add, agenda, decide, scope"))
    action = sub_actions(p, known)

    a = action("add", cmd_add, t(known, "新建会议：title=… date=… departments=CS,IT [place=… organizer=…]",
                                 "create a meeting: title=… date=… departments=CS,IT [place=… organizer=…]"))
    a.add_argument("values", nargs="+", metavar="FIELD=VALUE")
    a = action("agenda", cmd_agenda, t(known, "按顺序追加议程项", "append agenda items, in order"))
    a.add_argument("code", metavar="MTG-0001")
    a.add_argument("items", nargs="+", metavar="ITEM")
    a = action("decide", cmd_decide, t(known, "记录某一议程项的决议（按序号或文字）",
                                       "record the decision on one agenda item (by number or text)"))
    a.add_argument("code", metavar="MTG-0001")
    a.add_argument("item", metavar="ITEM")
    a.add_argument("decision", metavar="DECISION")
    a.add_argument("--action", nargs="+", action="append", metavar="TEXT [FIELD=VALUE …]",
                   help=t(known, "同时创建一个行动项：内容，然后 department=部门 owner=负责人 due=期限（可重复）",
                          "also create an action: its text, then department=CODE owner=NAME due=DATE (repeatable)"))
    days = artefact("reading").pack_default.days  # the recent readings a pack holds by default
    a = action("scope", cmd_scope, t(known, f"限定材料包收录某类材料的哪些记录（不加 --where：全部未关闭的记录，"
                                            f"指标读数为最近 {days} 天的）",
                                     "narrow which records of one artefact the pack holds (no --where: all open ones; "
                                     f"readings of the last {days} days)"))
    a.add_argument("code", metavar="MTG-0001")
    a.add_argument("artefact", choices=WORKBOOK_ARTEFACTS)
    a.add_argument("--where", action="append", metavar="FIELD=VALUE",
                   help=t(known, "只保留匹配的记录；给出 status 条件时不再默认只收未关闭的记录，给出 measured_on 条件时"
                                 "不再只收最近的读数；字段=* 表示任意值（如 measured_on=* 收录全部读数）",
                          "keep matching records; naming status replaces the open-records default, naming measured_on "
                          "the recent-readings one; FIELD=* takes any value (measured_on=*: every reading)"))

    p = command("pack", cmd_pack, t(known, "生成会议的评审材料包：Word 文档、工作簿和 manifest.json",
                                    "write a meeting's review pack: Word document, workbook(s) and manifest.json"))
    p.add_argument("code", metavar="MTG-0001")
    p.add_argument("-o", "--output", required=True, metavar="DIR",
                   help=t(known, "写入的文件夹（不存在时自动创建）", "folder to write into (created if missing)"))
    p.add_argument("--per-department", action="store_true",
                   help=t(known, "另为每个参会部门生成一个工作簿", "also one workbook per attending department"))
    p.add_argument("--where", action="append", metavar="[ARTEFACT.]FIELD=VALUE",
                   help=t(known, "进一步筛选记录；ARTEFACT.FIELD 使条件只作用于一类材料；FIELD=* 表示任意值，"
                                 f"如 reading.measured_on=* 收录全部读数而非最近 {days} 天的",
                          "narrow the records further; ARTEFACT.FIELD limits a condition to one artefact; FIELD=* "
                          f"takes any value, e.g. reading.measured_on=* for every reading, not only those of the last {days} days"))
    p.add_argument("--include-personal-data", action="store_true",
                   help=t(known, "写入未遮盖的客户姓名和电话", "write customer names and phone numbers unmasked"))
    p.add_argument("--template", metavar="FILE.docx",
                   help=t(known, "用此基础模板生成 Word 文档（默认：$REVIEWDESK_WORD_TEMPLATE）",
                          "build the Word document on this base template (default: $REVIEWDESK_WORD_TEMPLATE)"))
