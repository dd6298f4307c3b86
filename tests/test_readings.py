"""KPI readings (#14): a target's latest reading, attainment and tracking follow its readings through every way they
change (command line, window, a department's workbook, undo, undo-import), recomputed here from the rows."""
from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import openpyxl
import pytest

from reviewdesk import store

pytestmark = pytest.mark.both_engines  # conftest.py: on PostgreSQL too, with REVIEWDESK_TEST_PG set

TODAY = dt.date.today()


def day(offset: int) -> dt.date:
    return TODAY + dt.timedelta(days=offset)


def expected_fields(target: dict, readings: list[dict]) -> dict:
    """The computed target fields, worked out from the rows on their own (the rule written in docs/method.md)."""
    mine = sorted((r for r in readings if r["target"] == target["code"]),
                  key=lambda r: (r["measured_on"], int(r["code"].split("-")[1])))
    if not mine:
        return dict(latest_value=None, latest_on=None, first_on=None, attainment=None, tracking="not_started")
    first, latest = mine[0], mine[-1]
    baseline, goal = target["baseline"], target["target_value"]
    attainment = None
    if baseline is not None and goal is not None and goal != baseline:
        attainment = round((float(latest["value"]) - float(baseline)) / (float(goal) - float(baseline)) * 100, 1)
    if attainment is None:
        tracking = None
    elif attainment >= 100:
        tracking = "reached"
    elif TODAY > target["due_date"]:
        tracking = "overdue"
    else:
        start, due = first["measured_on"], target["due_date"]
        path = 100.0 if due <= start else max(0.0, min(100.0, (TODAY - start).days / (due - start).days * 100))
        tracking = "at_risk" if path - attainment > 10 else "on_track"
    return dict(latest_value=latest["value"], latest_on=latest["measured_on"], first_on=first["measured_on"],
                attainment=attainment, tracking=tracking)


def assert_targets_follow_their_readings() -> None:
    readings = list(store.select_records("reading"))
    for target in store.select_records("target"):
        wanted = expected_fields(target, readings)
        got = {k: target[k] for k in wanted}
        if got["attainment"] is not None:
            got["attainment"] = float(got["attainment"])
        if got["latest_value"] is not None:
            got["latest_value"] = Decimal(str(got["latest_value"]))
            wanted["latest_value"] = Decimal(str(wanted["latest_value"]))
        assert got == wanted, target["code"]


@pytest.fixture
def target(db):
    return store.create("target", dict(title="投诉率从8%降至4%", metric="投诉率", unit="%", baseline=8, target_value=4,
                                       department="CS", due_date=day(60)), who="t").code


def test_the_demo_tells_its_story_and_every_field_follows_the_rows(db):
    store.demo.fill_demo("small")
    assert_targets_follow_their_readings()
    tracking = [t["tracking"] for t in store.select_records("target")]
    assert {"reached", "on_track", "at_risk", "overdue", "not_started"} <= set(tracking)
    phases = {r["phase"] for r in store.select_records("reading")}
    assert phases == {"baseline", "pilot", "rollout", "steady"}


def test_edge_cases(target):
    assert store.get_record(target)["tracking"] == "not_started"  # no readings
    store.create("reading", dict(target=target, measured_on=day(-10), value=7), who="t")  # one reading
    one = store.get_record(target)
    assert (one["latest_value"], one["first_on"], float(one["attainment"])) == (7, day(-10), 25.0)
    assert one["tracking"] == "on_track"  # ten days into a seventy-day path: 14 % expected
    assert_targets_follow_their_readings()
    store.create("reading", dict(target=target, measured_on=day(80), value=3), who="t")  # after the due date
    assert store.get_record(target)["tracking"] == "reached" and float(store.get_record(target)["attainment"]) == 125.0
    store.update(target, dict(target_value=8), who="t")  # the target value is the baseline: no attainment
    flat = store.get_record(target)
    assert flat["attainment"] is None and flat["tracking"] is None
    store.update(target, dict(target_value=2, due_date=day(-1)), who="t")
    assert store.get_record(target)["tracking"] == "overdue"  # 83 % of the way when the due date passed
    assert_targets_follow_their_readings()


def test_derived_fields_keep_the_revision_and_write_no_audit(target):
    before = store.get_record(target)
    store.create("reading", dict(target=target, measured_on=day(-3), value=6), who="t")
    after = store.get_record(target)
    assert after["revision"] == before["revision"] and after["latest_value"] == 6
    assert [e.action for e in store.history(target)] == [e.action for e in store.history(target)
                                                         if e.action == "create"]  # its creation only
    store.update(target, dict(owner="李娜"), expected_revision=before["revision"], who="t")  # a form opened before


def test_readings_through_the_command_line_and_undo(target, run):
    assert run("add", "reading", f"target={target}", f"measured_on={day(-5)}", "value=6", "phase=试点期",
               "--user", "李娜")[0] == 0
    code, out, _ = run("list", "target", "--fields", "code,latest_value,attainment,tracking", "--json")
    assert json.loads(out)[0]["tracking"] in ("on_track", "reached")
    assert run("set", "RDG-0001", "value=5", "--user", "李娜")[0] == 0
    assert float(store.get_record(target)["attainment"]) == 75.0
    assert run("undo", "--user", "李娜")[0] == 0  # the value back to 6
    assert float(store.get_record(target)["attainment"]) == 50.0
    assert run("undo", "--user", "李娜")[0] == 0  # the reading removed
    assert store.get_record(target)["tracking"] == "not_started"
    assert run("redo", "--user", "李娜")[0] == 0
    assert store.get_record(target)["latest_value"] == 6
    assert run("delete", "RDG-0001")[0] == 0
    assert store.get_record(target)["latest_on"] is None
    assert run("set", target, "latest_value=3")[0] == 1  # computed: never typed


def test_a_department_adds_readings_for_its_own_targets_only(target, run, tmp_path):
    other = store.create("target", dict(title="工单自动分配率提升至90%", baseline=0, target_value=90, department="IT",
                                        due_date=day(90)), who="t").code
    store.create_many("reading", [dict(target=target, measured_on=day(-20), value=8),
                                  dict(target=other, measured_on=day(-20), value=0)], who="t")
    assert run("export", "reading", "-o", str(tmp_path / "cs.xlsx"), "--department", "CS")[0] == 0
    book = openpyxl.load_workbook(tmp_path / "cs.xlsx")
    sheet = book["指标跟踪"]
    header = [c.value for c in sheet[1]]
    assert [sheet.cell(r, 1).value for r in range(2, 4)] == ["RDG-0001", None]  # its target's reading only
    sheet.cell(2, header.index("读数") + 1, 7)
    for row, goal in ((3, target), (4, other)):
        for label, value in (("关联目标", goal), ("测量日期", day(-1)), ("读数", 6)):
            sheet.cell(row, header.index(label) + 1, value)
    book.save(tmp_path / "cs.xlsx")
    code, out, _ = run("import", str(tmp_path / "cs.xlsx"), "--dry-run", "--json")
    plan = json.loads(out)
    assert [(u["code"], u["field"]) for u in plan["updated"]] == [("RDG-0001", "value")]
    assert [c["values"]["target"] for c in plan["created"]] == [target]
    assert [n["field"] for n in plan["not_permitted"]] == ["target"]  # a reading for IT's target
    code, out, _ = run("import", str(tmp_path / "cs.xlsx"), "--valid-only", "--json")
    batch = json.loads(out)["batch"]
    assert store.get_record(target)["latest_value"] == 6 and store.get_record(other)["latest_value"] == 0
    assert_targets_follow_their_readings()
    assert run("undo-import", str(batch))[0] == 0
    assert store.get_record(target)["latest_value"] == 8 and store.get_record(target)["latest_on"] == day(-20)
    assert_targets_follow_their_readings()


def test_a_reading_saved_in_the_window_editor_moves_its_target(target, qtbot):
    from reviewdesk.desktop.window.record_editor import RecordEditor

    editor = RecordEditor("reading", None, lang="zh", who="李娜")
    qtbot.addWidget(editor)
    for key, value in (("target", target), ("measured_on", day(-2)), ("value", "5")):
        editor.inputs[key].set(value)
    editor.save()
    assert store.get_record(editor.change.code)["period"] == "day"  # the default
    assert store.get_record(target)["latest_value"] == 5 and float(store.get_record(target)["attainment"]) == 75.0
    shown = RecordEditor("target", store.get_record(target), lang="zh", who="李娜")
    qtbot.addWidget(shown)
    assert "tracking" not in shown.inputs  # shown, never typed
    assert shown.computed["attainment"].text() == "75" and shown.computed["tracking"].text() in ("正常", "已达成")
