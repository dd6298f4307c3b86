"""Since the last review: every list and count of store.since recomputed here from the audit rows themselves, on the
demo data and on hand-made histories (a change on each side of the period, a record deleted since), and the pack's
chapter and summary saying the same."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict

import openpyxl
import pytest

from reviewdesk import store
from reviewdesk.exporters.returns.apply import apply_plan
from reviewdesk.exporters.returns.plan import build_plan
from reviewdesk.exporters.review.pack import write_pack
from reviewdesk.exporters.xlsx.export import export_workbook
from reviewdesk.store import demo
from reviewdesk.store.models import AuditEntry
from reviewdesk.store.since import since_last_review

from docx_helpers import open_docx

pytestmark = pytest.mark.both_engines

HELD_ON = dt.date(2026, 11, 1)
NEXT_ON = dt.date(2026, 11, 20)
TODAY = dt.date(2026, 11, 25)


def local_day(at: dt.datetime) -> dt.date:
    """The local day of an audit time (kept in UTC)."""
    return at.replace(tzinfo=dt.timezone.utc).astimezone().date()


def recomputed(previous: dict, end: dt.date, today: dt.date) -> dict[str, object]:
    """What moved from the day after `previous` through `end`, worked out from every audit row in Python."""
    rows = [r for r in AuditEntry.select().order_by(AuditEntry.id) if previous["date"] < local_day(r.at) <= end]
    alive = {key: {r["code"] for r in store.select_records(key, fields=[])} for key in
             ("issue", "target", "plan_step", "collab", "reading")}
    found: dict[str, set[str]] = defaultdict(set)
    fields: dict[str, set[str]] = defaultdict(set)
    readings: dict[str, set[str]] = defaultdict(set)
    typed = {f.key for f in store.artefact_of("TGT-1").input_fields}
    for r in rows:
        if r.code not in alive.get(r.artefact, ()):
            continue
        if r.artefact == "issue" and r.action == "create":
            found["issue.opened"].add(r.code)
        if r.artefact == "issue" and r.field == "status" and r.new in ("resolved", "closed"):
            found["issue.closed"].add(r.code)
        if r.artefact == "target" and r.field == "status" and r.new == "confirmed":
            found["target.confirmed"].add(r.code)
        elif r.artefact == "target" and r.action == "update" and r.field in typed:
            found["target.changed"].add(r.code)
            fields[r.code].add(r.field)
        if r.artefact == "plan_step" and r.field == "status" and r.new == "done":
            found["plan_step.completed"].add(r.code)
        if r.artefact == "collab" and ((r.field == "response" and r.new) or
                                       (r.field == "status" and r.new in ("done", "rejected"))):
            found["collab.answered"].add(r.code)
        if r.artefact == "reading" and r.action == "create" and r.field == "target":
            readings[r.new].add(r.code)
    found["plan_step.overdue"] = {s["code"] for s in store.select_records("plan_step") if s["end_date"]
                                  and previous["date"] < s["end_date"] <= end and s["end_date"] < today
                                  and s["status"] not in ("done", "cancelled")}
    actions: dict[str, set[str]] = defaultdict(set)
    for a in store.select_records("action"):
        if a["meeting"] == previous["code"]:
            late = a["due_date"] is not None and a["due_date"] < today
            state = a["status"] if a["status"] in ("done", "dropped") else "overdue" if late else "open"
            actions[state].add(a["code"])
    return {"moved": {k: v for k, v in found.items() if v}, "fields": {k: v for k, v in fields.items()},
            "readings": {k: len(v) for k, v in readings.items()}, "actions": dict(actions)}


def as_sets(since) -> dict[str, object]:
    """The store's answer in the shape recomputed() gives."""
    return {"moved": {f"{a}.{k}": set(v) for (a, k), v in since.moved.items() if v},
            "fields": {k: set(v) for k, v in since.changed_fields.items()}, "readings": dict(since.readings),
            "actions": {k: set(v) for k, v in since.actions.items() if v}}


class Clock:
    """Moves the audit rows written since the last call to a chosen local day (noon), as if made then."""

    def __init__(self) -> None:
        self.seen = self.last_id()

    @staticmethod
    def last_id() -> int:
        return AuditEntry.select(AuditEntry.id).order_by(AuditEntry.id.desc()).scalar() or 0

    def on(self, day: dt.date) -> None:
        noon = dt.datetime.combine(day, dt.time(12)).astimezone().astimezone(dt.timezone.utc).replace(tzinfo=None)
        kept = store.db.engine_name() == "postgresql"  # the server keeps its audit rows: its owner lifts that here
        if kept:
            store.database.execute_sql("ALTER TABLE audit_entry DISABLE TRIGGER reviewdesk_kept")
        AuditEntry.update(at=noon).where(AuditEntry.id > self.seen).execute()
        if kept:
            store.database.execute_sql("ALTER TABLE audit_entry ENABLE TRIGGER reviewdesk_kept")
        self.seen = self.last_id()


@pytest.fixture
def history(db):
    """Two meetings (held on HELD_ON, the next on NEXT_ON) and records changed before, inside and after the period
    between them; the expected lists written out by hand."""
    from conftest import DEPARTMENTS

    for code, zh, en in DEPARTMENTS:
        store.reference.save_department(code, zh, en, who="t")
    clock = Clock()
    issue = {"category": "效率类", "impact": "高", "frequency": "high", "department": "CS"}
    old = store.create("issue", {**issue, "title": "早已存在"}, who="t").code
    target = store.create("target", {"title": "处理时长降至 2 小时", "department": "IT", "due_date": "2027-01-31",
                                     "baseline": 4, "target_value": 2, "status": "in_review"}, who="t").code
    other = store.create("target", {"title": "投诉率降至 1%", "department": "CS", "due_date": "2027-01-31",
                                    "baseline": 2, "target_value": 1}, who="t").code
    step = {"action": "上线自动审核", "department": "IT", "start_date": "2026-10-01", "status": "in_progress"}
    done = store.create("plan_step", {**step, "end_date": "2026-12-30"}, who="t").code
    late = store.create("plan_step", {**step, "end_date": "2026-11-15"}, who="t").code
    long_late = store.create("plan_step", {**step, "end_date": "2026-10-25"}, who="t").code
    collab = store.create("collab", {"requesting_department": "CS", "cooperating_department": "IT",
                                     "subject": "接口对接"}, who="t").code
    store.create("reading", {"target": target, "measured_on": "2026-10-20", "value": 4}, who="t")
    held = store.create("meeting", {"title": "首次评审", "date": HELD_ON, "status": "held"}, who="t").code
    actions = [store.create("action", {"meeting": held, "action": text, "department": "CS", "due_date": due,
                                       "status": status}, who="t").code
               for text, due, status in (("完成培训", "2026-11-10", "done"), ("整理案例", "2026-11-10", "open"),
                                         ("发布话术", "2026-12-10", "in_progress"), ("取消项", None, "dropped"))]
    clock.on(dt.date(2026, 10, 15))  # all of it before the first meeting
    store.create("meeting", {"title": "筹备中的会议", "date": "2026-11-10"}, who="t")  # planned: not a review held
    nxt = store.create("meeting", {"title": "第二次评审", "date": NEXT_ON}, who="t").code
    store.create("meeting", {"title": "之后的评审", "date": "2026-12-20", "status": "held"}, who="t")
    store.create("action", {"meeting": nxt, "action": "下次会议的行动项", "department": "IT"}, who="t")
    clock.on(HELD_ON)  # the meeting day itself is not in the period
    store.update(old, {"notes": "会上讨论过"}, who="t")
    clock.on(HELD_ON)
    opened = store.create("issue", {**issue, "title": "新发现"}, who="t").code
    gone = store.create("issue", {**issue, "title": "误建后删除"}, who="t").code
    clock.on(dt.date(2026, 11, 5))
    store.update(opened, {"status": "closed"}, who="t")
    store.delete(gone, who="t")
    store.update(target, {"status": "confirmed"}, who="t")
    store.update(other, {"target_value": 0.8, "review_comment": "更严格"}, who="t")
    store.update(done, {"status": "done", "progress": 100}, who="t")
    store.update(collab, {"response": "已排期"}, who="t")
    store.create("reading", {"target": target, "measured_on": "2026-11-06", "value": 3.5}, who="t")
    store.create("reading", {"target": target, "measured_on": "2026-11-07", "value": 3.2}, who="t")
    clock.on(dt.date(2026, 11, 10))
    store.update(old, {"status": "resolved"}, who="t")
    clock.on(NEXT_ON)  # the day of the meeting itself is in
    store.update(other, {"status": "confirmed"}, who="t")
    store.create("reading", {"target": other, "measured_on": "2026-11-21", "value": 1.5}, who="t")
    clock.on(dt.date(2026, 11, 21))  # after the meeting: not in
    expected = {"moved": {"issue.opened": {opened}, "issue.closed": {opened, old}, "target.confirmed": {target},
                          "target.changed": {other}, "plan_step.completed": {done}, "plan_step.overdue": {late},
                          "collab.answered": {collab}},
                "fields": {other: {"target_value", "review_comment"}}, "readings": {target: 2},
                "actions": {"done": {actions[0]}, "overdue": {actions[1]}, "open": {actions[2]},
                            "dropped": {actions[3]}}}
    assert long_late not in expected["moved"]["plan_step.overdue"]  # overdue before the period began
    return held, nxt, expected


def test_hand_made_history(history):
    held, nxt, expected = history
    since = since_last_review(nxt, TODAY)
    assert (since.previous, since.previous_date, since.end) == (held, HELD_ON, NEXT_ON)
    assert as_sets(since) == expected
    assert recomputed(store.get_record(held), NEXT_ON, TODAY) == expected
    assert since.counts() == {"issue.opened": 1, "issue.closed": 2, "target.confirmed": 1, "target.changed": 1,
                              "plan_step.completed": 1, "plan_step.overdue": 1, "collab.answered": 1,
                              "reading.added": 2, "action.done": 1, "action.open": 1, "action.overdue": 1,
                              "action.dropped": 1}


def test_the_first_review_has_no_earlier_one(history):
    held, _, _ = history
    since = since_last_review(held, TODAY)
    assert since.previous is None and since.counts() == {"reading.added": 0}


def test_on_the_demo(db):
    demo.fill_demo("small")
    today = dt.date.today()
    since = since_last_review("MTG-0002", today)
    previous = store.get_record("MTG-0001")
    assert since.previous == "MTG-0001" and previous["status"] == "held"
    assert as_sets(since) == recomputed(previous, since.end, today)
    assert set(since.actions["done"]) | set(since.actions["overdue"]) and since.readings  # the lists are not empty


def test_the_pack_says_it(history, tmp_path):
    held, nxt, expected = history
    write_pack(nxt, tmp_path / "p", today=TODAY)
    document = open_docx(tmp_path / "p" / "评审材料包.docx")
    text = "\n".join(p.text for p in document.paragraphs)
    cells = [[c.text for c in row.cells] for table in document.tables for row in table.rows]
    assert "三、自上次评审以来" in text and f"从上次评审会议 {held}（{HELD_ON}）次日至 {NEXT_ON}" in text
    assert ["新增问题", "1"] in cells and ["已解决或关闭的问题", "2"] in cells and ["新逾期的方案步骤", "1"] in cells
    assert any(row[1:] and row[1] == "上次会议行动项" and row[-1] == "已完成 1，未完成 1，已逾期 1，已取消 1"
               for row in cells)  # the summary
    listed = {row[0] for row in cells}
    assert set().union(*expected["moved"].values(), *expected["actions"].values(), expected["readings"]) <= listed
    assert "ISS-0003" not in listed  # deleted since
    write_pack(held, tmp_path / "first", lang="en", today=TODAY)
    first = open_docx(tmp_path / "first" / "review-pack.docx")
    assert any("This is the first review meeting" in p.text for p in first.paragraphs)


def test_a_change_taken_back_by_undo_or_by_undoing_its_import_is_no_change(history, tmp_path):
    """Closed then undone, or closed by an import that was undone, is not closed in the period; done, undone and
    redone is done; a target's change undone has not changed it; everything else as the history says."""
    held, nxt, expected = history
    clock = Clock()
    issue = {"category": "效率类", "impact": "高", "frequency": "high", "department": "CS"}
    reopened = store.create("issue", {**issue, "title": "关闭后撤销"}, who="t").code
    imported = store.create("issue", {**issue, "title": "导入后撤销"}, who="t").code
    redone = store.create("plan_step", {"action": "撤销后重做", "department": "IT", "start_date": "2026-10-01",
                                        "end_date": "2026-12-30", "status": "in_progress"}, who="t").code
    target = next(iter(expected["moved"]["target.confirmed"]))
    clock.on(dt.date(2026, 10, 15))
    store.undo(who="t", change_id=store.update(reopened, {"status": "closed"}, who="t").id)
    undone = store.undo(who="t", change_id=store.update(redone, {"status": "done"}, who="t").id)
    store.redo(who="t", change_id=undone.id)
    store.undo(who="t", change_id=store.update(target, {"review_comment": "先这样"}, who="t").id)
    export_workbook(tmp_path / "issues.xlsx", ["issue"], lang="zh")
    book = openpyxl.load_workbook(tmp_path / "issues.xlsx")
    sheet = book["问题清单"]
    column = [c.value for c in sheet[1]].index(next(c.value for c in sheet[1] if str(c.value).startswith("状态"))) + 1
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == imported)
    sheet.cell(row, column).value = "已关闭"
    book.save(tmp_path / "returned.xlsx")
    batch = apply_plan(build_plan([tmp_path / "returned.xlsx"]), who="t").batch
    assert store.get_record(imported)["status"] == "closed"
    store.undo_import(batch, who="t")
    clock.on(dt.date(2026, 11, 12))

    since = as_sets(since_last_review(nxt, TODAY))
    assert since["moved"]["plan_step.completed"] == expected["moved"]["plan_step.completed"] | {redone}
    assert since["moved"]["issue.closed"] == expected["moved"]["issue.closed"]  # neither reopened nor imported
    assert target not in since["moved"].get("target.changed", set())
    assert {k: v for k, v in since["moved"].items() if k != "plan_step.completed"} == \
        {k: v for k, v in expected["moved"].items() if k != "plan_step.completed"}


def _imported(tmp_path, sheet_name: str, code: str, label: str, value: str) -> int:
    """A department's workbook of one artefact returned with one cell changed, applied: the batch."""
    key = {"问题清单": "issue", "目标确认表": "target"}[sheet_name]
    tmp_path.mkdir(exist_ok=True)
    export_workbook(tmp_path / f"{key}.xlsx", [key], lang="zh")
    book = openpyxl.load_workbook(tmp_path / f"{key}.xlsx")
    sheet = book[sheet_name]
    column = next(c.column for c in sheet[1] if str(c.value).rstrip("*").strip() == label)
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == code)
    sheet.cell(row, column).value = value
    book.save(tmp_path / f"{key}-returned.xlsx")
    return apply_plan(build_plan([tmp_path / f"{key}-returned.xlsx"]), who="t").batch


def test_what_the_period_itself_took_back_and_what_it_did_not(history, tmp_path):
    """An earlier change undone in the period moved the value back: a change. An import before the period undone in
    it: a change. Undo, redo and an undo of the original again, all in the period: none. A target's field imported
    and its import undone in the period: none."""
    held, nxt, expected = history
    clock = Clock()
    goal = {"department": "CS", "due_date": "2027-01-31", "baseline": 2, "target_value": 1}
    earlier = store.create("target", {**goal, "title": "早先的修改在期间撤销"}, who="t").code
    imported_before = store.create("target", {**goal, "title": "期前导入期间撤销"}, who="t").code
    imported_inside = store.create("target", {**goal, "title": "期间导入期间撤销"}, who="t").code
    step = store.create("plan_step", {"action": "反复撤销", "department": "IT", "start_date": "2026-10-01",
                                      "end_date": "2026-12-30", "status": "in_progress"}, who="t").code
    before = store.update(earlier, {"review_comment": "先这样"}, who="t").id
    batch_before = _imported(tmp_path / "a", "目标确认表", imported_before, "评审意见", "部门意见")
    clock.on(dt.date(2026, 10, 15))
    store.undo(who="t", change_id=before)
    store.undo_import(batch_before, who="t")
    done = store.update(step, {"status": "done"}, who="t").id
    store.redo(who="t", change_id=store.undo(who="t", change_id=done).id)
    store.undo(who="t", change_id=done)  # the original undone again, after its redo
    store.undo_import(_imported(tmp_path / "b", "目标确认表", imported_inside, "评审意见", "导入后撤销"), who="t")
    clock.on(dt.date(2026, 11, 12))

    since = since_last_review(nxt, TODAY)
    changed = set(since.moved[("target", "changed")])
    assert earlier in changed and since.changed_fields[earlier] == ["review_comment"]
    assert imported_before in changed and since.changed_fields[imported_before] == ["review_comment"]
    assert imported_inside not in changed
    assert step not in since.moved[("plan_step", "completed")]
