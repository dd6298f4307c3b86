"""KPI tracking in the window (#14 item 4): a target's editor draws its readings (one point per day), its baseline,
target value, due date and pilot, shows the pilot's before and after and its readings, and adds a reading that the
window can undo; the dashboard's tracking panel counts what the store's rows say and opens the filtered list."""
from __future__ import annotations

from collections import Counter

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from reviewdesk import store  # noqa: E402
from reviewdesk.desktop.window.record_editor import RecordEditor  # noqa: E402
from reviewdesk.templates import artefact  # noqa: E402

from desktop_helpers import boxes, settings, window  # noqa: E402,F401
from progress_helpers import expected_before_after  # noqa: E402
from test_readings import day  # noqa: E402


@pytest.fixture
def demo(db, qapp):
    from reviewdesk.desktop.window import i18n

    i18n.install("zh")  # the window's words in Chinese, as it starts
    store.demo.fill_demo("small")


def legend_texts(chart) -> list[str]:
    from reviewdesk.exporters.word.progress_chart import legend
    return [text for text, _, _ in legend(chart)]


def test_the_target_editor_draws_its_readings_and_pilot(qtbot, demo):
    target = store.get_record("TGT-0001")
    readings = [r for r in store.select_records("reading") if r["target"] == "TGT-0001"]
    editor = RecordEditor("target", target, lang="zh", who="t")
    qtbot.addWidget(editor)
    editor.show()
    panel = editor.side
    chart = panel.chart.chart
    assert len(chart.points) == len({r["measured_on"] for r in readings}) == 13
    latest = max(readings, key=lambda r: r["measured_on"])
    assert chart.points[-1] == (latest["measured_on"], float(latest["value"]))
    assert legend_texts(chart) == ["材料提交次数", "基线值 3次", "目标值 1次", f"完成时间 {target['due_date'].isoformat()}",
                                   "试点期"]
    assert [level.value for level in chart.levels] == [3.0, 1.0] and chart.days[0].day == target["due_date"]
    assert chart.first <= min(r["measured_on"] for r in readings) and chart.last >= target["due_date"]
    assert not panel.chart.grab().isNull()
    table = panel.readings
    assert table.rowCount() == len(readings)
    assert [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())] == \
           ["读数编号", "测量日期", "读数", "阶段", "统计周期", "数据来源"]
    assert (table.item(0, 0).text(), table.item(0, 1).text()) == (latest["code"], latest["measured_on"].isoformat())
    wanted = expected_before_after(target, readings, list(store.select_records("plan_step")))
    cell = lambda r, c: panel.findChild(type(panel.pilot_words), f"pilot_{r}_{c}").text()  # noqa: E731
    assert (cell(1, 0), cell(1, 2), cell(2, 0), cell(2, 2)) == ("试点前", str(wanted["before"]), "试点期间及之后",
                                                                str(wanted["after"]))
    assert float(cell(1, 3)) == pytest.approx(wanted["mean_before"], abs=0.006)
    assert panel.pilot_words.text().startswith("试点前均值") and "朝目标值方向" in panel.pilot_words.text()
    assert panel.pilot_period.text().startswith(f"试点期：{wanted['start'].isoformat()} 至")


def test_a_new_target_has_no_panel_and_a_target_without_pilot_says_why(qtbot, demo):
    editor = RecordEditor("target", None, lang="zh", who="t")
    qtbot.addWidget(editor)
    assert editor.side is None
    code = store.create("target", dict(title="满意度提升", baseline=7, target_value=9, department="CS",
                                       due_date=day(30)), who="t").code
    lone = RecordEditor("target", store.get_record(code), lang="en", who="t")
    qtbot.addWidget(lone)
    assert lone.side.chart.chart.points == () and lone.side.readings.rowCount() == 0
    assert lone.side.pilot_words.text() == ("No plan step of this target is in the pilot phase and no reading is "
                                            "marked pilot: there is no before and after to compare.")


def test_a_reading_added_beside_the_form_redraws_and_is_passed_on(qtbot, demo):
    target = store.get_record("TGT-0004")  # no readings yet
    editor = RecordEditor("target", target, lang="zh", who="t")
    qtbot.addWidget(editor)
    passed = []
    editor.other_change.connect(passed.append)

    def fill():
        reading = QApplication.activeModalWidget()
        assert isinstance(reading, RecordEditor) and reading.art.key == "reading"
        assert reading.inputs["target"].get() == "TGT-0004"
        reading.inputs["measured_on"].set(day(-1))
        reading.inputs["value"].set(30)
        reading.save()
    QTimer.singleShot(50, fill)
    editor.side.add_button.click()
    assert [c.code for c in passed] and passed[0].code.startswith("RDG-")
    assert editor.side.readings.rowCount() == 1 and len(editor.side.chart.chart.points) == 1
    assert editor.computed["latest_value"].text() == "30"
    attainment = (30 - 48) / (2 - 48) * 100
    assert float(editor.computed["attainment"].text()) == pytest.approx(attainment, abs=0.05)
    assert store.get_record("TGT-0004")["revision"] == target["revision"]  # the target itself is not changed
    editor.inputs["review_comment"].set("已补充读数")
    editor.save()  # the form still saves: its revision did not move
    assert store.get_record("TGT-0004")["review_comment"] == "已补充读数"


def test_the_dashboard_panel_counts_the_rows_and_opens_the_filtered_list(qtbot, window, demo):
    window.refresh()
    window.show_page("dashboard")
    dashboard = window.current_page()
    counts = Counter(t["tracking"] for t in store.select_records("target"))
    tracking = artefact("target").field("tracking")
    for choice in tracking.choices:
        tile = dashboard.buttons[f"target.by_tracking.{choice.key}"]
        assert tile.text() == f"{counts[choice.key]}\n{choice.label('zh')}"
    assert dashboard.findChild(type(dashboard.widget()), "panel_target.by_tracking") is not None
    dashboard.buttons["target.by_tracking.at_risk"].click()
    page = window.table_page()
    assert page.art.key == "target" and page.model.rowCount() == counts["at_risk"] > 0
    shown = {page.model.code(r) for r in range(page.model.rowCount())}
    assert shown == {t["code"] for t in store.select_records("target") if t["tracking"] == "at_risk"}


def test_the_window_undoes_a_reading_added_in_a_target_editor(qtbot, window, demo):
    editor = window.editor("target", store.get_record("TGT-0004"))
    qtbot.addWidget(editor)
    change = store.create("reading", dict(target="TGT-0004", measured_on=day(-1), value=30), who="t")
    editor.other_change.emit(change)  # what the panel's reading editor passes on when it saves
    assert window.undo_stack.count() == 1
    window.undo_stack.undo()
    assert store.count_records("reading", {"target": ["TGT-0004"]}) == 0
    assert store.get_record("TGT-0004")["tracking"] == "not_started"


def test_an_open_target_editor_follows_readings_saved_by_someone_else(qtbot, window, demo):
    import datetime as dt

    editor = window.editor("target", store.get_record("TGT-0004"))
    qtbot.addWidget(editor)
    editor.show()
    code = store.create("reading", dict(target="TGT-0004", measured_on=day(-2), value=40), who="王强").code
    window.others_changed(store.watch.Changes(records={"reading": {code}}, last_by={code: ("王强", dt.datetime.now())}))
    assert editor.side.readings.rowCount() == 1 and editor.side.readings.item(0, 0).text() == code
    assert editor.computed["latest_value"].text() == "40"
    assert not editor.banner.isVisible()  # the target itself was not saved by anyone
