"""The real main window, offscreen: navigation, the record editor, undo/redo, filters, dashboard, language."""
from __future__ import annotations

import datetime as dt

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QLabel  # noqa: E402

from reviewdesk import store  # noqa: E402
from desktop_helpers import boxes, settings, window  # noqa: E402,F401
from reviewdesk.desktop.window.record_editor import RecordEditor  # noqa: E402

# On SQLite only: what they check does not depend on the engine; the engine-specific parts (the one read, the
# table's SQL sorting and searching, import planning and applying) run on both in test_import, test_desktop_table,
# test_xlsx_cli and test_live.


def in_editor(qtbot, act):
    """Run act(editor) once the modal editor is open; the window's own exec() drives it."""
    def step():
        editor = QApplication.activeModalWidget()
        if not isinstance(editor, RecordEditor):
            QTimer.singleShot(20, step)
            return
        act(editor)
    QTimer.singleShot(0, step)


def set_field(editor, key, value):
    editor.inputs[key].set(value)


def test_navigation_lists_pages_with_counts(window):
    store.create("issue", {"title": "退款慢", "category": "efficiency", "impact": "high", "frequency": "high"}, who="t")
    window.update_counts()
    labels = [window.navigation.item(i).text() for i in range(window.navigation.count())]
    assert labels[0] == "仪表盘" and labels[1] == "问题清单  (1)" and "评审会议  (0)" in labels
    assert labels[-2:] == ["导入记录  (0)", "操作日志"]


def test_create_validate_undo_redo(qtbot, window):
    window.show_page("issue")
    page = window.table_page()

    def fill(editor):
        assert editor.errors["title"].isVisible()  # required, still blank
        editor.save()
        assert editor.isVisible() and "未保存" in editor.banner.text()
        set_field(editor, "title", "退款审核慢")
        set_field(editor, "category", "efficiency")
        set_field(editor, "impact", "high")
        set_field(editor, "frequency", "high")
        set_field(editor, "department", "CS")
        assert editor.computed["priority"].text() == "P1"  # computed live
        assert not editor.errors["title"].isVisible()
        editor.save()

    in_editor(qtbot, fill)
    window.new_record()
    assert page.model.rowCount() == 1 and page.model.code(0) == "ISS-0001"
    assert store.get_record("ISS-0001")["priority"] == "P1"
    window.undo_stack.undo()
    assert page.model.rowCount() == 0
    window.undo_stack.redo()
    assert page.model.rowCount() == 1 and store.get_record("ISS-0001")["title"] == "退款审核慢"


def test_edit_duplicate_delete_with_undo_and_history(qtbot, window, boxes):
    store.create("plan_step", {"action": "上线智能审核", "department": "IT", "progress": 10}, who="t")
    window.show_page("plan_step")
    page = window.table_page()
    page.table.selectRow(0)

    def edit(editor):
        set_field(editor, "progress", 60)
        editor.save()

    in_editor(qtbot, edit)
    window.edit_record()
    assert store.get_record("PLN-0001")["progress"] == 60
    window.undo_stack.undo()
    assert store.get_record("PLN-0001")["progress"] == 10
    window.undo_stack.redo()

    in_editor(qtbot, lambda editor: editor.save())
    page.table.selectRow(0)
    window.duplicate_record()
    assert store.get_record("PLN-0002")["action"] == "上线智能审核"

    page.select_code("PLN-0001")
    window.delete_record()
    assert boxes[-1][0] == "confirm" and store.count_records("plan_step") == 1
    window.undo_stack.undo()
    assert store.get_record("PLN-0001")["progress"] == 60
    entries = store.history("PLN-0001")
    assert [e.source for e in entries if e.field == "progress"][-1] == "undo"


@pytest.mark.sqlite_only  # two people told apart by the name they give; a team database knows them by login
def test_undo_in_the_window_is_refused_when_someone_else_changed_the_record_since(qtbot, window, boxes):
    """The window's undo is the store's: a record changed by someone else after the edit is left as they left it."""
    store.create("plan_step", {"action": "上线智能审核", "department": "IT", "progress": 10}, who="t")
    window.show_page("plan_step")
    window.table_page().table.selectRow(0)

    def edit(editor):
        set_field(editor, "progress", 60)
        editor.save()

    in_editor(qtbot, edit)
    window.edit_record()
    store.update("PLN-0001", {"progress": 70}, who="别人")
    window.undo_stack.undo()
    assert store.get_record("PLN-0001")["progress"] == 70
    assert boxes[-1][0] == "error" and "不能撤销" in boxes[-1][1] and "别人" in boxes[-1][1]


@pytest.mark.sqlite_only  # two people told apart by the name they give; a team database knows them by login
def test_save_refused_when_someone_else_changed_the_record(qtbot, window):
    store.create("issue", {"title": "甲", "category": "efficiency", "impact": "low", "frequency": "low"}, who="t")
    record = store.get_record("ISS-0001")
    editor = RecordEditor("issue", record, lang="zh", who="me")
    qtbot.addWidget(editor)
    store.update("ISS-0001", {"title": "乙"}, who="someone")
    set_field(editor, "title", "丙")
    editor.save()
    assert "someone在此期间保存了此记录" in editor.banner.text() and store.get_record("ISS-0001")["title"] == "乙"


def test_validation_message_beside_the_field_in_english(qtbot, db):
    editor = RecordEditor("plan_step", None, lang="en", who="me")
    qtbot.addWidget(editor)
    set_field(editor, "action", "x")
    set_field(editor, "department", "IT")
    set_field(editor, "start_date", dt.date(2026, 11, 10))
    set_field(editor, "end_date", dt.date(2026, 11, 1))
    assert editor.errors["end_date"].text() == "The milestone date cannot be before the start date"
    assert editor.inputs["progress"].widget.maximum() == 100


def test_filters_search_and_dashboard_click_through(qtbot, window):
    store.create_many("issue", [{"title": f"问题{i}", "category": "efficiency", "impact": imp, "frequency": "high",
                                 "department": "CS"} for i, imp in enumerate(("high", "high", "low"))], who="t")
    window.refresh()
    window.show_page("dashboard")
    dashboard = window.current_page()
    assert dashboard.buttons["issue.matrix.high.high"].text() == "2"
    dashboard.buttons["issue.matrix.high.high"].click()
    page = window.table_page()
    assert page.art.key == "issue" and page.model.rowCount() == 2
    page.clear_filters()
    page.search.setText("问题2")  # typed: QTest cannot type CJK key clicks
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=2000)
    assert "筛选" in page.caption.text()


def test_column_chooser_is_remembered(qtbot, window):
    window.show_page("issue")
    page = window.table_page()
    assert page.table.isColumnHidden(2) and not page.table.isColumnHidden(1)  # long text hidden at first
    page.columns_menu.actions()[1].setChecked(True)  # description
    page.columns_menu.actions()[0].setChecked(False)  # title
    from reviewdesk.desktop.window.artefact_page import ArtefactPage
    again = ArtefactPage("issue", "zh")
    qtbot.addWidget(again)
    assert again.table.isColumnHidden(1) and not again.table.isColumnHidden(2)


def test_language_switches_at_run_time(qtbot, window):
    window.set_language("en")
    assert window.navigation.item(0).text() == "Dashboard"
    assert window.act_new.text() == "&New record"
    window.set_language("zh")
    assert window.navigation.item(0).text() == "仪表盘"
    assert window.act_new.text().startswith("新建记录")
    assert window.findChildren(QLabel) is not None and window.menuBar().actions()[0].text().startswith("文件")


def test_meeting_editor_records_agenda_and_decisions(qtbot, db):
    editor = RecordEditor("meeting", None, lang="zh", who="me")
    qtbot.addWidget(editor)
    set_field(editor, "title", "退换货流程评审会")
    set_field(editor, "date", dt.date(2026, 12, 1))
    set_field(editor, "departments", ["CS", "IT"])
    set_field(editor, "agenda", [{"item": "目标确认", "decision": "通过"}, {"item": "方案评审", "decision": None}])
    editor.save()
    meeting = store.get_record(editor.change.code)
    assert meeting["departments"] == ["CS", "IT"] and meeting["agenda"][0]["decision"] == "通过"
    assert Qt  # noqa


def test_dashboard_figures_click_through_to_overdue_and_scores(qtbot, window):
    today = dt.date.today()
    store.create_many("plan_step", [dict(action="a", department="IT", end_date=today - dt.timedelta(days=3)),
                                    dict(action="b", department="IT", end_date=today - dt.timedelta(days=3),
                                         status="done"),
                                    dict(action="c", department="IT", end_date=today + dt.timedelta(days=3))], who="t")
    store.create_many("callback", [dict(score=s, follow_up_owner="张敏", callback_date=today) for s in (3, 9, 9)],
                      who="t")
    window.refresh()
    window.show_page("dashboard")
    dashboard = window.current_page()
    assert dashboard.buttons["plan_step.overdue"].text() == "已逾期：1"
    dashboard.buttons["plan_step.overdue"].click()
    assert window.table_page().art.key == "plan_step" and window.table_page().model.code(0) == "PLN-0001"
    assert window.table_page().model.rowCount() == 1
    window.show_page("dashboard")
    dashboard.buttons["callback.follow_up_soon"].click()
    assert window.table_page().model.rowCount() == 1  # the score of 3, due in two days, no result yet
    window.show_page("dashboard")
    from reviewdesk.desktop.window.dashboard import Histogram
    dashboard.findChild(Histogram, "figure_callback.by_score").clicked.emit(9)
    assert window.table_page().model.rowCount() == 2
    window.show_page("dashboard")
    assert dashboard.buttons["callback.late"].metaObject().className() == "QLabel"  # the table cannot filter a gap


def test_run_opens_the_window_and_returns_when_it_closes(qtbot, db_path, settings, monkeypatch):
    from reviewdesk.desktop.window import app as desktop_app

    def close_soon():
        for widget in QApplication.topLevelWidgets():
            if widget.isWindow() and widget.isVisible():
                assert widget.windowTitle().startswith("ReviewDesk")
                widget.close()

    QTimer.singleShot(300, close_soon)
    monkeypatch.setattr(QApplication, "exec", lambda *a: (qtbot.waitUntil(
        lambda: not any(w.isVisible() for w in QApplication.topLevelWidgets()), timeout=5000), 0)[1])
    assert desktop_app.run(db=str(db_path), lang="en") == 0


@pytest.mark.sqlite_only  # two people told apart by the name they give; a team database knows them by login
def test_audit_log_shows_labels_and_finds_a_record(qtbot, window):
    store.create("issue", {"title": "甲", "category": "efficiency", "impact": "low", "frequency": "low",
                           "department": "IT"}, who="t")
    store.update("ISS-0001", {"status": "closed"}, who="李娜")
    window.show_page("audit")
    page = window.current_page()
    page.search.setText("iss-1")
    page.refresh()
    model = page.view.model()
    rows = [[model.data(model.index(r, c)) for c in range(8)] for r in range(model.rowCount())]
    assert rows[0][1:] == ["李娜", "ISS-0001", "修改", "状态", "待分析", "已关闭", "表单"]
    assert ["t", "ISS-0001", "新建", "责任部门", "", "技术部", "表单"] in [r[1:] for r in rows]
    page.search.setText("nobody")
    page.refresh()
    assert page.view.model().rowCount() == 0


def test_open_another_database_and_come_back(qtbot, window, db_path, tmp_path):
    store.create("issue", {"title": "甲", "category": "efficiency", "impact": "low", "frequency": "low"}, who="t")
    window.reopen(tmp_path / "other.sqlite3")
    assert window.db_path == tmp_path / "other.sqlite3" and str(window.db_path) in window.windowTitle()
    assert store.count_records("issue") == 0 and window.navigation.item(1).text() == "问题清单  (0)"
    window.reopen(db_path)
    assert window.navigation.item(1).text() == "问题清单  (1)"


def test_filter_dialog_keeps_several_values_and_date_ranges(qtbot, db):
    from reviewdesk.desktop.window.filter_dialog import FilterDialog
    from reviewdesk.templates import artefact

    dialog = FilterDialog(artefact("plan_step"), {"status": ["not_started", "delayed"], "department": ["IT"]},
                          {"end_date": (None, dt.date(2026, 11, 30))}, lang="zh")
    qtbot.addWidget(dialog)
    assert dialog.combos["status"].lineEdit().text() == "未开始 / 已延期"
    assert dialog.filters() == {"status": ["not_started", "delayed"], "department": ["IT"]}
    assert dialog.ranges() == {"end_date": (None, dt.date(2026, 11, 30))}
    dialog.combos["status"]._toggle(dialog.combos["status"].items.index(1, 0))  # tick 进行中
    assert dialog.filters()["status"] == ["not_started", "in_progress", "delayed"]
    dialog.clear()
    assert dialog.filters() == {} and dialog.ranges() == {}


def test_the_follow_up_owner_offers_supervisors_and_managers_and_keeps_a_value_no_longer_offered(db, qtbot):
    from reviewdesk.desktop.window.field_widgets import make_input
    from reviewdesk.templates import artefact

    made = make_input(artefact("callback").field("follow_up_owner"), store.Lookups(), "zh")
    qtbot.addWidget(made.widget)
    offered = [made.widget.itemText(i) for i in range(made.widget.count())]
    assert offered == ["", "张敏", "王强", "陈静"]
    made.set("李娜")  # an owner from before the rule, or who changed role: shown, not silently cleared
    assert made.get() == "李娜"
