"""A whole review round: the workbooks and e-mail drafts sent to four departments, their returns (one with only a
change it may not make, one twice, one late, one never), the status, the reminders, and a decision's actions."""
from __future__ import annotations

import datetime as dt
import email
import json
from email import policy

import pytest

from reviewdesk import store
from reviewdesk.exporters.returns.apply import apply_plan
from reviewdesk.exporters.returns.plan import build_plan
from reviewdesk.exporters.review.round import remind, send_round
from reviewdesk.store.models import AuditEntry

from conftest import DEPARTMENTS
from test_import import edit

pytestmark = pytest.mark.both_engines

TODAY = dt.date.today()
ADDRESSES = {"CS": "kefu@example.com", "IT": "it-support@example.com", "LOG": "wuliu@example.com",
             "FIN": "caiwu@example.com"}
OWNERS = {"CS": "李娜", "IT": "王强", "LOG": "赵磊", "FIN": "陈静"}
TITLE = "试点复盘评审会"


@pytest.fixture
def sent(db, tmp_path):
    """A held meeting that gave each of four departments an action, the next meeting, and its round sent to the four
    departments, due back today."""
    for code, zh, en in DEPARTMENTS:
        store.reference.save_department(code, zh, en, email=ADDRESSES[code], who="t")
    issues = {d: store.create("issue", {"title": f"{d} 的问题", "category": "效率类", "impact": "高",
                                        "frequency": "high", "department": d, "owner": OWNERS[d],
                                        "found_on": "2026-11-03"}, who="t").code for d in OWNERS}
    held = store.create("meeting", {"title": "首次评审会", "date": TODAY - dt.timedelta(days=14),
                                    "departments": ",".join(OWNERS), "status": "held"}, who="t").code
    actions = {d: store.create("action", {"meeting": held, "agenda_item": 1, "action": f"{d} 完成整改",
                                          "department": d, "due_date": TODAY + dt.timedelta(days=3)}, who="t").code
               for d in OWNERS}
    meeting = store.create("meeting", {"title": TITLE, "date": TODAY + dt.timedelta(days=7),
                                       "departments": ",".join(OWNERS)}, who="t").code
    drafts = send_round(meeting, tmp_path / "out", who="组织者", deadline=TODAY)
    return meeting, issues, actions, {d.department: d for d in drafts}


def message(path) -> email.message.EmailMessage:
    return email.message_from_bytes(path.read_bytes(), policy=policy.default)


def returned(tmp_path, draft, name: str, changes: dict) -> object:
    """A department's workbook edited in Excel and imported; the batch (None: nothing it may apply)."""
    edited = tmp_path / name
    edit(draft.workbook, edited, changes)
    try:
        return apply_plan(build_plan([edited]), who="组织者").batch
    except store.ImportRefused:
        return None


def changed_records(batch: int) -> int:
    """The records a batch changed, counted from the audit log."""
    return AuditEntry.select(AuditEntry.code).where(AuditEntry.batch == batch).distinct().count()


def test_the_drafts_carry_the_workbook_to_each_department(sent, tmp_path):
    meeting, issues, actions, drafts = sent
    assert sorted(drafts) == sorted(OWNERS)
    for dept, draft in drafts.items():
        mail = message(draft.draft)
        assert mail["To"] == ADDRESSES[dept] and draft.address == ADDRESSES[dept]
        assert mail["Subject"] == f"【评审材料】{TITLE} — 请于 {TODAY.isoformat()} 前交回"
        assert mail["Content-Language"] == "zh-CN" and mail["X-Unsent"] == "1"
        [attached] = list(mail.iter_attachments())
        assert attached.get_filename() == draft.workbook.name
        assert attached.get_payload(decode=True) == draft.workbook.read_bytes()
        assert "行动项" in mail.get_body(("plain",)).get_content()
    plan = build_plan([drafts["IT"].workbook])  # its own rows only, and its open action among them
    assert not plan.updated and plan.summary()["action"]["unchanged"] == 1


def test_a_whole_round_returns_status_and_reminders(sent, db, tmp_path, monkeypatch, reviewdesk):
    meeting, issues, actions, drafts = sent
    only_refused = returned(tmp_path, drafts["CS"], "cs.xlsx", {("问题清单", issues["CS"], "问题概述"): "改了标题"})
    it_first = returned(tmp_path, drafts["IT"], "it-1.xlsx", {("行动项", actions["IT"], "状态"): "已完成",
                                                              ("行动项", actions["IT"], "完成情况"): "已上线"})
    it_second = returned(tmp_path, drafts["IT"], "it-2.xlsx", {("问题清单", issues["IT"], "根因分析"): "接口未打通"})
    late = dt.datetime.combine(TODAY + dt.timedelta(days=2), dt.time(9)) - dt.timedelta(hours=8)
    monkeypatch.setattr(store.rounds, "now", lambda: late)  # LOG's answer comes two days after the deadline
    log = returned(tmp_path, drafts["LOG"], "log.xlsx", {("问题清单", issues["LOG"], "备注"): "已排期"})
    monkeypatch.undo()
    assert only_refused is None and None not in (it_first, it_second, log) and it_first != it_second
    assert store.get_record(actions["IT"])["status"] == "done"

    states = {s.department: s for s in store.rounds.round_state(meeting, today=TODAY + dt.timedelta(days=1))}
    cs, it, lg, fin = states["CS"], states["IT"], states["LOG"], states["FIN"]
    assert (cs.returned_at is not None, cs.batch, cs.changes, cs.not_permitted, cs.overdue) == (True, None, 0, 1, False)
    assert (it.batch, it.changes, it.not_permitted, it.conflicts, it.overdue) == (it_second, changed_records(it_second),
                                                                                  0, 0, False)
    assert changed_records(it_first) == 1 and changed_records(it_second) == 1  # the latest return is shown
    assert (lg.batch, lg.changes, lg.overdue) == (log, changed_records(log), True)
    assert (fin.returned_at, fin.batch, fin.overdue) == (None, None, True)

    code, out, _ = reviewdesk("--db", str(db), "round", "status", meeting, "--json")
    status = json.loads(out)
    assert code == 0 and (status["meeting"], status["deadline"]) == (meeting, TODAY.isoformat())
    assert [d["department"] for d in status["departments"]] == list(OWNERS)
    shown = {d["department"]: d for d in status["departments"]}
    assert list(shown["IT"]) == ["department", "sent_at", "returned_at", "batch", "changes", "not_permitted",
                                 "conflicts", "overdue"]
    assert (shown["FIN"]["returned_at"], shown["FIN"]["overdue"]) == (None, False)  # today is the deadline itself
    assert shown["LOG"]["overdue"] is True and shown["CS"]["not_permitted"] == 1

    [reminder] = remind(meeting, tmp_path / "reminders")  # exactly the department that never answered
    assert reminder.department == "FIN"
    mail = message(reminder.draft)
    assert mail["To"] == ADDRESSES["FIN"] and mail["Subject"].startswith("【评审材料·催交】" + TITLE)
    [attached] = list(mail.iter_attachments())
    assert attached.get_filename() == drafts["FIN"].workbook.name
    assert attached.get_payload(decode=True) == drafts["FIN"].workbook.read_bytes()  # the very workbook sent


def test_a_department_without_an_address_still_gets_its_workbook(db, tmp_path, reviewdesk):
    store.create("meeting", {"title": TITLE, "date": TODAY + dt.timedelta(days=7), "departments": "CS,IT"}, who="t")
    store.reference.save_department("CS", "客服中心", "Customer Service", email="kefu@example.com", who="t")
    code, out, err = reviewdesk("--db", str(db), "round", "send", "MTG-0001", "-o", str(tmp_path / "out"))
    assert code == 0, err
    assert "评审工作簿-技术部.xlsx" in out and "无联系邮箱：请另行发送工作簿" in out and "1 个部门没有联系邮箱" in out
    assert "To" not in message(tmp_path / "out" / "评审邮件-技术部.eml")
    code, _, err = reviewdesk("--db", str(db), "round", "send", "MTG-0001", "-o", str(tmp_path / "x"),
                              "--departments", "NOPE")
    assert code == 1 and "没有部门代码「NOPE」" in err and not (tmp_path / "x").exists()


def test_a_decision_creates_its_actions_and_the_department_sees_them(db, reviewdesk):
    store.create("meeting", {"title": TITLE, "date": TODAY, "departments": "CS,IT", "agenda": [
        {"item": "逾期步骤跟进", "decision": None}]}, who="t")
    code, out, err = reviewdesk("--db", str(db), "meeting", "decide", "MTG-0001", "1", "限期整改",
                                "--action", "两周内完成整改", "department=IT", "owner=王强", "due=2026-12-20",
                                "--action", "客服中心复核", "责任部门=CS")
    assert code == 0 and "ACT-0001" in out and "ACT-0002" in out, err
    first, second = store.get_record("ACT-0001"), store.get_record("ACT-0002")
    assert (first["meeting"], first["agenda_item"], first["department"], first["owner"], first["due_date"]) == (
        "MTG-0001", 1, "IT", "王强", dt.date(2026, 12, 20))
    assert (second["department"], second["status"]) == ("CS", "open")
    assert store.get_record("MTG-0001")["agenda"][0]["decision"] == "限期整改"
    code, _, err = reviewdesk("--db", str(db), "meeting", "decide", "MTG-0001", "1", "改", "--action", "无部门")
    assert code == 1 and "责任部门" in err and store.count_records("action") == 2  # refused whole
    assert store.get_record("MTG-0001")["agenda"][0]["decision"] == "限期整改"
