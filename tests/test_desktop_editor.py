"""The record editor as a user meets it (#16 items 5 and 6): a double-click opens one editor, never a second one after
it closes; a second request for the same record brings the open one forward; 取消 / Esc / the close button ask
before throwing typed changes away, and only when something was typed."""
from __future__ import annotations

import datetime as dt

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QDialogButtonBox  # noqa: E402

from reviewdesk import store  # noqa: E402
from reviewdesk.desktop.window import dialogs  # noqa: E402
from reviewdesk.desktop.window.record_editor import RecordEditor  # noqa: E402
from desktop_helpers import boxes, settings, window  # noqa: E402,F401

# On SQLite only: what they check does not depend on the engine; the engine-specific parts (the one read, the
# table's SQL sorting and searching, import planning and applying) run on both in test_import, test_desktop_table,
# test_xlsx_cli and test_live.

RECORDS = {
    "issue": ({"title": "退款审核慢", "category": "efficiency", "impact": "high", "frequency": "high"}, "title"),
    "meeting": ({"title": "退换货流程评审会", "date": dt.date(2026, 12, 1), "departments": ["CS", "IT"]}, "title"),
}


def editors_opened(window):
    """The editors the window makes, in order (its own factory, wrapped)."""
    made = []
    factory = window.editor

    def wrapped(*args, **kwargs):
        made.append(factory(*args, **kwargs))
        return made[-1]

    window.editor = wrapped
    return made


def whenever_an_editor_opens(act, seen):
    """Call act(editor) on every modal editor that comes up from now on (each one once), for a second or so."""
    def step(left=60):
        editor = QApplication.activeModalWidget()
        if isinstance(editor, RecordEditor) and editor not in seen:
            seen.append(editor)
            act(editor)
        if left:
            QTimer.singleShot(20, lambda: step(left - 1))
    QTimer.singleShot(0, step)


def double_click_row(qtbot, page, row=0):
    """What a mouse does: a click, then the double-click (QTest's double-click alone has no press before it)."""
    where = page.table.visualRect(page.model.index(row, 1)).center()
    QTest.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, where)
    QTest.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, where)


def close_by(how):
    def act(editor):
        if how == "save":
            editor.inputs["title"].set("已改的标题")
            editor.buttons.button(QDialogButtonBox.StandardButton.Save).click()
        elif how == "cancel":
            editor.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
        else:
            QTest.keyClick(editor, Qt.Key.Key_Escape)
    return act


@pytest.mark.parametrize("how", ["save", "cancel", "esc"])
@pytest.mark.parametrize("art_key", ["issue", "meeting"])
def test_a_double_click_opens_the_editor_once(qtbot, window, boxes, art_key, how):
    values, _ = RECORDS[art_key]
    code = store.create(art_key, values, who="t").code
    window.show_page(art_key)
    page = window.table_page()
    page.refresh()
    made, seen = editors_opened(window), []
    whenever_an_editor_opens(close_by(how), seen)
    double_click_row(qtbot, page)
    qtbot.wait(400)  # time enough for a second editor to come back, as it did
    assert len(made) == 1 and len(seen) == 1
    assert (store.get_record(code)["title"] == "已改的标题") == (how == "save")
    assert not boxes  # nothing typed before 取消 or Esc: nothing asked


def test_enter_on_a_row_opens_the_editor_once(qtbot, window, boxes):
    store.create("issue", RECORDS["issue"][0], who="t")
    window.show_page("issue")
    page = window.table_page()
    page.refresh()
    page.table.setFocus()
    page.table.selectRow(0)
    made, seen = editors_opened(window), []
    whenever_an_editor_opens(close_by("esc"), seen)
    QTest.keyClick(page.table, Qt.Key.Key_Return)
    qtbot.wait(400)
    assert len(made) == 1


def test_a_second_request_for_the_same_record_raises_the_open_editor(qtbot, window, boxes):
    code = store.create("issue", RECORDS["issue"][0], who="t").code
    window.show_page("issue")
    page = window.table_page()
    page.refresh()
    page.table.selectRow(0)
    made, seen, during = editors_opened(window), [], []

    def again(editor):
        window.edit_record(code)  # Ctrl+E, a double-click … while the editor is open
        window.edit_record()
        during.append((len(made), editor.isVisible(), RecordEditor.showing.get(code) is editor))
        editor.reject()

    whenever_an_editor_opens(again, seen)
    window.edit_record()
    qtbot.wait(200)
    assert during == [(1, True, True)] and len(made) == 1
    assert code not in RecordEditor.showing  # closed: the next request opens it again


def open_editor(qtbot, art_key="issue", record=None):
    editor = RecordEditor(art_key, record, lang="zh", who="me")
    qtbot.addWidget(editor)
    editor.show()
    return editor


def test_closing_without_typing_asks_nothing(qtbot, db, boxes):
    code = store.create("issue", RECORDS["issue"][0], who="t").code
    editor = open_editor(qtbot, record=store.get_record(code))
    QTest.keyClick(editor, Qt.Key.Key_Escape)
    assert not editor.isVisible() and not boxes
    editor = open_editor(qtbot, record=store.get_record(code))
    editor.inputs["title"].set("别的标题")
    editor.inputs["title"].set(RECORDS["issue"][0]["title"])  # typed, then put back as it was
    editor.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    assert not editor.isVisible() and not boxes


@pytest.mark.parametrize("answer", [dialogs.KEEP_EDITING, dialogs.DISCARD, dialogs.SAVE])
def test_esc_with_typed_changes_asks_save_discard_or_keep_editing(qtbot, db, boxes, answer):
    code = store.create("issue", RECORDS["issue"][0], who="t").code
    editor = open_editor(qtbot, record=store.get_record(code))
    editor.inputs["title"].set("退款审核慢(已复核)")
    boxes.unsaved = answer
    QTest.keyClick(editor, Qt.Key.Key_Escape)
    assert boxes == [("unsaved", f"{code} 有尚未保存的修改。关闭前要保存吗？")]
    assert editor.isVisible() == (answer == dialogs.KEEP_EDITING)
    assert editor.inputs["title"].get() == "退款审核慢(已复核)"  # kept editing: nothing lost
    saved = store.get_record(code)["title"] == "退款审核慢(已复核)"
    assert saved == (answer == dialogs.SAVE)


def test_saving_from_the_question_keeps_the_editor_open_when_a_field_is_wrong(qtbot, db, boxes):
    editor = open_editor(qtbot)
    editor.inputs["title"].set("只填了标题")  # a new record: category, impact and frequency are still required
    boxes.unsaved = dialogs.SAVE
    editor.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    assert boxes == [("unsaved", "新记录尚未保存。关闭前要保存吗？")]
    assert editor.isVisible() and "未保存" in editor.banner.text() and store.count_records("issue") == 0


def test_the_close_button_asks_too_and_a_save_goes_on_the_undo_stack(qtbot, window, boxes):
    code = store.create("issue", RECORDS["issue"][0], who="t").code
    window.show_page("issue")
    window.table_page().refresh()
    window.table_page().table.selectRow(0)
    boxes.unsaved = dialogs.SAVE

    def type_then_close(editor):
        editor.inputs["title"].set("关窗前改的")
        editor.close()  # the title bar's close button

    whenever_an_editor_opens(type_then_close, [])
    window.edit_record()
    assert boxes[-1][0] == "unsaved" and store.get_record(code)["title"] == "关窗前改的"
    window.undo_stack.undo()
    assert store.get_record(code)["title"] == RECORDS["issue"][0]["title"]
