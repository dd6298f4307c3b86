"""The review round in the window: the dashboard's current round against the round's and the actions' rows, its
clicks; Send to departments…, the round's status and Remind…; a meeting's decisions with their actions from the
editor, in one transaction and one undo step."""
from __future__ import annotations

import datetime as dt
import email
from collections import Counter
from email import policy

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QLabel  # noqa: E402

from reviewdesk import store  # noqa: E402
from reviewdesk.exporters.review.round import send_round  # noqa: E402
from reviewdesk.store.models import RoundReturn, RoundSent  # noqa: E402

from conftest import DEPARTMENTS  # noqa: E402
from desktop_helpers import boxes, settings, window  # noqa: E402,F401
from test_round import ADDRESSES, OWNERS, returned  # noqa: E402

pytestmark = pytest.mark.both_engines

TODAY = dt.date.today()
DEADLINE = TODAY + dt.timedelta(days=3)
AFTER = DEADLINE + dt.timedelta(days=1)  # the day the departments that have not answered are overdue


@pytest.fixture
def meetings(db):
    """A held meeting with actions for three departments (one done), and the next meeting, attended by four."""
    for code, zh, en in DEPARTMENTS:
        store.reference.save_department(code, zh, en, email=ADDRESSES[code] if code != "LOG" else "", who="t")
    held = store.create("meeting", {"title": "首次评审会", "date": TODAY - dt.timedelta(days=14), "status": "held",
                                    "agenda": [{"item": "试点范围", "decision": "华东区"}]}, who="t").code
    for dept, status in (("CS", "open"), ("CS", "in_progress"), ("IT", "open"), ("IT", "done"), ("LOG", "dropped"),
                         ("FIN", "open")):
        store.create("action", {"meeting": held, "agenda_item": 1, "action": f"{dept} 整改", "department": dept,
                                "owner": OWNERS[dept], "status": status}, who="t")
    nxt = store.create("meeting", {"title": "试点复盘评审会", "date": TODAY + dt.timedelta(days=7),
                                   "departments": "CS,IT,LOG,FIN", "agenda": ["试点复盘", "推广时间表"]}, who="t").code
    return held, nxt


def open_actions() -> Counter:
    return Counter(a["department"] for a in store.select_records("action") if a["status"] not in ("done", "dropped"))


def round_from_rows(meeting: str, today: dt.date) -> dict[str, str]:
    """Each department's place in the round, worked out from the round's own rows: returned / overdue / waiting."""
    sent = {s.export_id: s for s in RoundSent.select().where(RoundSent.meeting == meeting)}
    back = {sent[r.export_id].department for r in RoundReturn.select() if r.export_id in sent}
    deadline = {s.department: s.deadline for s in sent.values()}
    return {d: "returned" if d in back else "overdue" if today > deadline[d] else "waiting" for d in deadline}


def test_the_dashboard_shows_the_current_round_and_open_actions(qtbot, window, meetings, tmp_path):
    from reviewdesk.desktop.window.dashboard import Dashboard

    held, nxt = meetings
    drafts = {d.department: d for d in send_round(nxt, tmp_path / "out", who="t", deadline=DEADLINE,
                                                  departments=["CS", "IT", "LOG"])}
    returned(tmp_path, drafts["IT"], "it.xlsx", {})  # IT sends its workbook back unchanged
    dashboard = Dashboard("zh", today=AFTER)
    qtbot.addWidget(dashboard)
    places = round_from_rows(nxt, AFTER)
    assert places == {"CS": "overdue", "IT": "returned", "LOG": "overdue"}
    words = {"overdue": "逾期未交回", "waiting": "未交回"}
    for dept, place in places.items():
        text = dashboard.buttons[f"round.returned.{dept}"].text()
        assert text == words[place] if place != "returned" else text.endswith("交回") and "逾期" not in text
    label = dashboard.findChild(QLabel, "round_counts")
    assert label.text() == f"交回期限 {DEADLINE} · 已交回 1 · 未交回 2 · 逾期 2"
    assert {d: int(dashboard.buttons[f"round.actions.{d}"].text()) for d in ("CS", "IT", "LOG", "FIN")} == \
        {d: open_actions().get(d, 0) for d in ("CS", "IT", "LOG", "FIN")} == {"CS": 2, "IT": 1, "LOG": 0, "FIN": 1}

    window.refresh()
    window.show_page("dashboard")
    shown = window.current_page()
    shown.buttons["round.actions.CS"].click()  # a department's open actions
    page = window.table_page()
    wanted = [a["code"] for a in store.select_records("action", {"department": ["CS"]})
              if a["status"] not in ("done", "dropped")]
    assert page.art.key == "action" and [page.model.code(r) for r in range(page.model.rowCount())] == wanted
    window.show_page("dashboard")
    shown.buttons["round.returned.LOG"].click()  # the round's row: the meeting, where its status and Remind… are
    assert window.table_page().art.key == "meeting" and window.table_page().current_code() == nxt


def test_without_a_round_the_box_says_how_to_send_one(qtbot, meetings):
    from PySide6.QtWidgets import QGroupBox

    from reviewdesk.desktop.window import i18n
    from reviewdesk.desktop.window.dashboard import Dashboard

    i18n.install("zh")
    dashboard = Dashboard("zh")
    qtbot.addWidget(dashboard)
    box = dashboard.findChild(QGroupBox, "round_box")
    assert box.title() == "本轮评审" and "round.returned.CS" not in dashboard.buttons
    assert "发送给各部门" in box.findChildren(QLabel)[0].text()
    assert dashboard.buttons["round.actions.FIN"].text() == "1"  # open actions shown all the same


def test_send_to_departments_then_status_and_remind(qtbot, meetings, boxes, settings, tmp_path, monkeypatch):
    from reviewdesk.desktop.window import dialogs
    from reviewdesk.desktop.window.round_dialogs import RoundStatusDialog, SendRoundDialog

    offered = []
    monkeypatch.setattr(dialogs, "offer_drafts", lambda parent, text, folder, drafts: offered.append((text, drafts)))
    _, nxt = meetings
    dialog = SendRoundDialog(nxt, "zh", "组织者", today=TODAY)
    qtbot.addWidget(dialog)
    assert dialog.chosen() == ["CS", "IT", "LOG", "FIN"]  # the attending departments, checked
    assert dialog.deadline.date().toPython() == TODAY + dt.timedelta(days=6)  # the day before the meeting
    fin = next(i for i in range(dialog.departments.count()) if dialog.departments.item(i).data(Qt.ItemDataRole.UserRole)
               == "FIN")
    dialog.departments.item(fin).setCheckState(Qt.CheckState.Unchecked)
    dialog.folder.setText(str(tmp_path / "round"))
    dialog.deadline.setDate(DEADLINE)
    dialog.send_button.click()
    qtbot.waitUntil(lambda: dialog.drafts is not None, timeout=20000)
    assert [d.department for d in dialog.drafts] == ["CS", "IT", "LOG"]
    assert [s.department for s in store.rounds.round_state(nxt)] == ["CS", "IT", "LOG"]
    assert {s.deadline for s in store.rounds.round_state(nxt)} == {DEADLINE}
    [(text, drafts)] = offered
    assert drafts == [d.draft for d in dialog.drafts] and all(p.exists() for p in drafts)
    assert "3 个部门" in text and "物流部" in text  # LOG has no address: said by name
    mail = email.message_from_bytes(dialog.drafts[1].draft.read_bytes(), policy=policy.default)
    assert mail["To"] == ADDRESSES["IT"] and mail["Subject"].startswith("【评审材料】试点复盘评审会")

    returned(tmp_path, dialog.drafts[1], "it.xlsx", {})  # IT sends its workbook back unchanged
    status = RoundStatusDialog(nxt, "zh", today=AFTER)
    qtbot.addWidget(status)
    rows = {status.table.item(r, 0).text(): [status.table.item(r, c).text() for c in range(8)]
            for r in range(status.table.rowCount())}
    assert list(rows) == ["客服中心", "技术部", "物流部"]
    assert rows["客服中心"][2] == "逾期未交回" and rows["客服中心"][7] == "是"
    assert rows["技术部"][2].startswith(str(TODAY)) and rows["技术部"][7] == ""
    assert status.summary.text() == f"交回期限 {DEADLINE}：3 个部门中已交回 1 个，逾期 2 个。"
    monkeypatch.setattr(dialogs, "existing_folder", lambda parent, caption, folder: str(tmp_path / "later"))
    status.remind_button.click()
    qtbot.waitUntil(lambda: status.reminders is not None, timeout=20000)
    assert [d.department for d in status.reminders] == ["CS", "LOG"]  # exactly those that have not answered
    assert offered[-1][1] == [d.draft for d in status.reminders]


def test_the_editor_records_a_decision_with_its_actions_in_one_step(qtbot, window, meetings):
    from test_desktop_window import in_editor

    _, nxt = meetings
    before = store.count_records("action")
    window.show_page("meeting")
    page = window.table_page()
    page.select_code(nxt)

    def decide(editor):
        agenda = editor.inputs["agenda"].get()
        agenda[1]["decision"] = "下月全面推广"
        editor.inputs["agenda"].set(agenda)
        editor.action_rows.add_row(2, "制定推广排期", "IT", "王强", "2026-12-31")
        editor.action_rows.add_row(2, "培训各区客服", "CS", None, "")
        editor.action_rows.add_row(1, "", "FIN")  # no text: not an action
        editor.save()

    in_editor(qtbot, decide)
    window.edit_record(nxt)
    made = [a for a in store.select_records("action") if a["meeting"] == nxt]
    assert [(a["agenda_item"], a["action"], a["department"], a["owner"], a["due_date"]) for a in made] == [
        (2, "制定推广排期", "IT", "王强", dt.date(2026, 12, 31)), (2, "培训各区客服", "CS", None, None)]
    assert store.get_record(nxt)["agenda"][1]["decision"] == "下月全面推广"
    window.undo_stack.undo()  # the decision and its actions: one step
    assert store.count_records("action") == before and store.get_record(nxt)["agenda"][1]["decision"] is None


def test_an_action_refused_leaves_the_decision_unsaved_too(qtbot, meetings):
    from reviewdesk.desktop.window.record_editor import RecordEditor

    _, nxt = meetings
    editor = RecordEditor("meeting", store.get_record(nxt), lang="zh", who="me")
    qtbot.addWidget(editor)
    agenda = editor.inputs["agenda"].get()
    agenda[0]["decision"] = "通过"
    editor.inputs["agenda"].set(agenda)
    editor.action_rows.add_row(1, "整理数据", "IT", None, "下周")  # not a date
    editor.save()
    assert editor.change is None and not editor.banner.isHidden()
    assert editor.banner.text().startswith("未保存：新的行动项有误：「完成期限」")
    assert store.get_record(nxt)["agenda"][0]["decision"] is None
    assert not [a for a in store.select_records("action") if a["meeting"] == nxt]
