"""Other people's changes shown live: a second process saves, and the open window redraws within 2 seconds, keeping
the user's selection and scroll position; an editor open on the record is marked, and saving it shows the conflict
field by field. On a shared SQLite file (data_version) and on a team database (LISTEN/NOTIFY)."""
from __future__ import annotations

import time

import pytest

from reviewdesk import store

from desktop_helpers import boxes, settings, window  # noqa: F401 - fixtures
from process_helpers import call, cli

pytestmark = pytest.mark.both_engines

ISSUE = {"title": "退换货材料需重复提交", "category": "效率类", "impact": "高", "frequency": "high", "department": "CS",
         "found_on": "2026-11-03"}
#: How long a test waits for the window to show another's change: generous for a loaded machine. How soon it shows
#: (the issue's 2 s) is a speed goal, measured outside the suite (docs/demo_edit_in_excel.py, the closing notes).
WAIT_MS = 10_000


def another_person(db, *args: str) -> None:
    """A change made by another process (another desktop), through the real command line."""
    done = call(cli(db, "--user", "张敏", *args))
    assert done.returncode == 0, done.stderr


def test_a_watcher_sees_what_another_process_wrote_and_nothing_else(db):
    for n in range(3):
        store.create("issue", {**ISSUE, "title": f"问题{n}"}, who="t")
    watcher = store.watch.Watcher()
    try:
        assert not watcher.changes()
        another_person(db, "set", "ISS-0002", "notes=另一台电脑改的")
        deadline = time.monotonic() + 5
        while not watcher.anything_new() and time.monotonic() < deadline:
            time.sleep(0.05)
        changes = watcher.changes()
        assert changes.records == {"issue": {"ISS-0002"}} and not changes.reference
        who, _ = changes.last_by["ISS-0002"]
        assert who == ("张敏" if store.account() is None else store.account())  # a team database: the login
        assert not watcher.changes()  # the mark moved on: nothing is reported twice
        another_person(db, "department", "add", "HR", "人力资源部", "HR")
        deadline = time.monotonic() + 5
        while not watcher.anything_new() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert watcher.changes().reference
    finally:
        watcher.close()


def test_the_window_shows_another_persons_change_keeping_selection_and_scroll(window, db, qtbot):
    store.create_many("issue", [{**ISSUE, "title": f"问题{n:03}"} for n in range(120)], who="t")
    window.refresh()
    window.show_page("issue")
    page = window.table_page()
    page.select_code("ISS-0060")
    bar = page.table.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    scrolled = bar.value()
    assert scrolled > 0
    column = 1 + [f.key for f in page.model.fields].index("title")
    row = page.model.row_of("ISS-0061")
    another_person(db, "set", "ISS-0061", "title=另一台电脑改的标题")
    qtbot.waitUntil(lambda: page.model.index(row, column).data() == "另一台电脑改的标题", timeout=WAIT_MS)
    assert page.current_code() == "ISS-0060" and bar.value() == scrolled
    another_person(db, "add", "issue", "title=新问题", "category=效率类", "impact=低", "frequency=low", "department=CS",
                   "found_on=2026-11-04")  # a new row: the table is read again, the user's place kept
    qtbot.waitUntil(lambda: page.model.total == 121, timeout=WAIT_MS)
    assert page.current_code() == "ISS-0060" and bar.value() == scrolled
    assert "(121)" in window.navigation.item(window.page_order.index("issue")).text()


def test_an_open_editor_is_marked_and_saving_shows_the_conflict_field_by_field(window, db, qtbot):
    store.create("issue", ISSUE, who="t")
    editor = window.editor("issue", store.get_record("ISS-0001"))
    editor.show()
    qtbot.addWidget(editor)
    editor.inputs["notes"].set("我写的备注")
    editor.inputs["root_cause"].set("我找到的根因")
    another_person(db, "set", "ISS-0001", "notes=对方的备注", "status=已确认")
    qtbot.waitUntil(lambda: editor.banner.isVisible() and "现为版本 2" in editor.banner.text(),
                    timeout=WAIT_MS)
    editor.save()
    text = editor.banner.text()
    assert editor.isVisible() and "未保存" in text and "我写的备注" in text and "对方的备注" in text
    assert "我找到的根因" in text and "已确认" in text  # each field either side changed, with both values
    assert editor.inputs["status"].get() == "confirmed"  # theirs taken into the field the user left alone
    assert editor.inputs["notes"].get() == "我写的备注"  # the user's own kept
    editor.save()  # again: the user's values over theirs, knowingly
    record = store.get_record("ISS-0001")
    assert (record["notes"], record["root_cause"], record["status"], record["revision"]) == (
        "我写的备注", "我找到的根因", "confirmed", 3)
