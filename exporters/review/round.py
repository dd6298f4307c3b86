"""A meeting's review round: one workbook per department with an e-mail draft (.eml) to its contact address, recorded
so that its return is recognised; and reminders, with the same workbook, to the departments that have not answered."""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from typing import Sequence

from reviewdesk import store
from reviewdesk.templates import ReviewDeskError

from reviewdesk.exporters.files import atomic_output, output_folder
from reviewdesk.exporters.review.pack import department_workbook, meeting_records, safe_name
from reviewdesk.exporters.xlsx.export import return_deadline

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DRAFT_NAME = {"zh": "评审邮件-{name}.eml", "en": "review-mail-{name}.eml"}
REMINDER_NAME = {"zh": "催交邮件-{name}.eml", "en": "reminder-{name}.eml"}


@dataclass(frozen=True)
class Draft:
    """What the round wrote for one department: its workbook, its e-mail draft, and the address (None: none known,
    the workbook has to go another way)."""

    department: str
    workbook: Path
    draft: Path
    address: str | None


def send_round(code: str, folder: str | os.PathLike, *, who: str, deadline: dt.date | None = None,
               departments: Sequence[str] | None = None, lang: str = "zh", include_personal_data: bool = False,
               today: dt.date | None = None) -> list[Draft]:
    """Write each chosen department's workbook of meeting `code` (default: every attending department) and an
    e-mail draft with it attached, into `folder`; remember each in the round (its export id, file, deadline)."""
    lookups = store.Lookups()
    today = today or dt.date.today()
    meeting, _, records, keep_note = meeting_records(code, (), lang, lookups, today)
    chosen = _departments(meeting, departments, lookups)
    deadline = deadline or return_deadline(today, meeting.get("date"))
    target = output_folder(folder)
    drafts = []
    for dept in chosen:
        path, summary = department_workbook(target, dept, meeting, records, keep_note, lang=lang, today=today,
                                            include_personal_data=include_personal_data, lookups=lookups,
                                            deadline=deadline)
        address = store.reference.contact_email(dept)
        workbook = path.read_bytes()
        draft = _write_draft(target / DRAFT_NAME[lang].format(name=_name(dept, lang, lookups)), meeting, dept,
                             address, deadline, path.name, workbook, lang=lang, lookups=lookups, reminder=False)
        store.rounds.record_sent(meeting["code"], dept, export_id=summary.export_id, file=path.name,
                                 workbook=workbook, address=address, deadline=deadline, who=who)
        drafts.append(Draft(dept, path, draft, address))
    return drafts


def remind(code: str, folder: str | os.PathLike, *, lang: str = "zh", today: dt.date | None = None) -> list[Draft]:
    """E-mail drafts again, with the very workbook each was sent, for the departments of the meeting's round that
    have not returned theirs."""
    lookups = store.Lookups()
    meeting = store.get_record(code, lookups)
    waiting = [s for s in store.rounds.round_state(meeting["code"], today) if s.returned_at is None]
    target = output_folder(folder)
    drafts = []
    for state in waiting:
        name, workbook = store.rounds.sent_workbook(state.export_id)
        path = target / name
        with atomic_output(path, ".xlsx") as temporary:
            temporary.write_bytes(workbook)
        address = store.reference.contact_email(state.department) or state.address
        draft = _write_draft(target / REMINDER_NAME[lang].format(name=_name(state.department, lang, lookups)),
                             meeting, state.department, address, state.deadline, name, workbook, lang=lang,
                             lookups=lookups, reminder=True)
        drafts.append(Draft(state.department, path, draft, address))
    return drafts


def _departments(meeting, chosen: Sequence[str] | None, lookups: store.Lookups) -> list[str]:
    attending = list(meeting.get("departments") or [])
    if not chosen:
        if not attending:
            raise ReviewDeskError(f"{meeting['code']} 没有参会部门：请先设置参会部门，或用 --departments 指定",
                                  f"{meeting['code']} has no attending departments: set them first, or name them "
                                  "with --departments")
        return attending
    wanted = []
    for typed in chosen:
        code = store.reference.department_code(typed)
        if code not in lookups.department_id:
            raise ReviewDeskError(f"没有部门代码「{typed}」（reviewdesk departments 列出全部部门）",
                                  f"There is no department '{typed}' (reviewdesk departments lists them)")
        if code not in wanted:
            wanted.append(code)
    return wanted


def _name(dept: str, lang: str, lookups: store.Lookups) -> str:
    return safe_name(lookups.department_label(dept, lang))


def subject(title: str, deadline: dt.date | None, lang: str, *, reminder: bool) -> str:
    """【评审材料】<title> — 请于 <deadline> 前交回 — and the English with lang en; a reminder says so first."""
    due = deadline.isoformat() if deadline else None
    if lang == "zh":
        head = "【评审材料·催交】" if reminder else "【评审材料】"
        return f"{head}{title} — 请于 {due} 前交回" if due else f"{head}{title}"
    head = "[Review pack, reminder] " if reminder else "[Review pack] "
    return f"{head}{title} — please return by {due}" if due else f"{head}{title}"


def _body(meeting, dept: str, deadline: dt.date | None, file: str, lang: str, lookups: store.Lookups,
          reminder: bool) -> str:
    name = lookups.department_label(dept, lang)
    date = meeting["date"].isoformat() if meeting.get("date") else ""
    due = deadline.isoformat() if deadline else ""
    if lang == "zh":
        opening = (f"{name}：\n\n我们尚未收到贵部门的评审工作簿，请尽快填写并交回。\n" if reminder else
                   f"{name}：\n\n附件是「{meeting['title']}」（{date}）的评审工作簿，只包含贵部门的记录。\n")
        return (opening +
                "\n请在 Excel、WPS 或 LibreOffice 中打开附件：\n"
                "  · 白色单元格是贵部门可以修改的内容（负责人、状态、进展、完成情况等），灰色单元格已锁定；\n"
                "  · 在「行动项」工作表中填写上次会议分配给贵部门的行动项的状态和完成情况；\n"
                "  · 可在问题清单、协作申请和指标跟踪的末尾新增行；\n"
                "  · 请勿修改文件结构，也不要删除隐藏的工作表。\n"
                f"\n完成后保存为 .xlsx，在 {due} 前直接回复本邮件并附上该文件（{file}）。\n\n谢谢！\n")
    opening = (f"Dear {name},\n\nWe have not yet received your department's review workbook; please fill it in "
               "and send it back.\n" if reminder else
               f"Dear {name},\n\nAttached is the review workbook of \"{meeting['title']}\" ({date}), holding your "
               "department's records only.\n")
    return (opening +
            "\nOpen the attachment in Excel, WPS or LibreOffice:\n"
            "  - white cells are what your department may change (owner, status, progress, result …); grey cells "
            "are locked;\n"
            "  - on the Actions sheet, give the status and result of the actions the last meeting gave you;\n"
            "  - you may add rows at the end of the issues, collaboration requests and KPI readings;\n"
            "  - do not change the file's structure or remove its hidden sheet.\n"
            f"\nSave it as .xlsx and reply to this e-mail with the file ({file}) attached by {due}.\n\nThank you.\n")


def _write_draft(path: Path, meeting, dept: str, address: str | None, deadline: dt.date | None, file: str,
                 workbook: bytes, *, lang: str, lookups: store.Lookups, reminder: bool) -> Path:
    """An RFC 5322 message in UTF-8 marked unsent (Outlook opens it as a draft to send; Foxmail and Thunderbird
    as a message to forward or edit), the workbook attached under its own name."""
    message = EmailMessage()
    if address:
        message["To"] = address
    message["Subject"] = subject(meeting["title"], deadline, lang, reminder=reminder)
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain="reviewdesk.invalid")
    message["X-Unsent"] = "1"
    message.set_content(_body(meeting, dept, deadline, file, lang, lookups, reminder), charset="utf-8")
    main, sub = XLSX.split("/")
    message.add_attachment(workbook, maintype=main, subtype=sub, filename=file)
    message["Content-Language"] = "zh-CN" if lang == "zh" else "en"  # after set_content, which drops Content-*
    with atomic_output(path, ".eml") as temporary:
        temporary.write_bytes(bytes(message))
    return path


__all__ = ["DRAFT_NAME", "Draft", "REMINDER_NAME", "remind", "send_round", "subject"]
