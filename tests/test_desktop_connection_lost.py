"""A save whose connection to the team database broke, as the window tells it (#12 item 4): what the server answered
(saved, not saved, unknown) in a message box, then the record editor closes when saved and keeps what was typed when
not; the import wizard closes when applied and keeps its plan to apply again when not. The store's side of it (the
server asked after reconnecting) is tests/test_many_writers.py; here the store's answer is given."""
from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtWidgets import QDialogButtonBox  # noqa: E402

from reviewdesk import store  # noqa: E402
from reviewdesk.desktop.window import i18n, import_wizard  # noqa: E402
from reviewdesk.desktop.window.record_editor import RecordEditor  # noqa: E402
from desktop_helpers import boxes, settings, window  # noqa: E402,F401
from test_desktop_editor import whenever_an_editor_opens  # noqa: E402
from test_desktop_import_view import open_wizard, returned  # noqa: E402
from xlsx_helpers import fill_sample  # noqa: E402

ISSUE = {"title": "退款审核慢", "category": "efficiency", "impact": "high", "frequency": "high"}
TYPED = "断线时输入的标题"


def connection_breaks(monkeypatch, committed: bool | None) -> None:
    """The editor's next save loses its connection: the store answers `committed` (and has written it if so)."""
    def update(code, given, **kw):
        if committed:
            real_update(code, given, **kw)
        raise store.ConnectionLost(committed)

    real_update = store.update
    monkeypatch.setattr(store, "update", update)


@pytest.mark.parametrize("committed, then", [(False, "您输入的内容仍在表单中：请再保存一次。"),
                                             (None, "连接恢复后，请先在表格中查看这条记录")])
def test_a_save_not_known_to_be_saved_keeps_what_was_typed_in_the_editor(qtbot, db, boxes, monkeypatch, committed,
                                                                         then):
    i18n.install("zh")
    code = store.create("issue", ISSUE, who="t").code
    editor = RecordEditor("issue", store.get_record(code), lang="zh", who="t")
    qtbot.addWidget(editor)
    editor.show()
    editor.inputs["title"].set(TYPED)
    connection_breaks(monkeypatch, committed)
    editor.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    [(kind, said)] = boxes
    assert kind == "lost" and said.startswith(store.ConnectionLost(committed).message("zh")) and then in said
    assert editor.isVisible() and editor.inputs["title"].get() == TYPED
    assert store.ConnectionLost(committed).message("zh") in editor.banner.text()
    assert store.get_record(code)["title"] == ISSUE["title"]


def test_a_save_the_server_says_was_saved_closes_the_editor_and_the_table_shows_it(qtbot, window, boxes, monkeypatch):
    code = store.create("issue", ISSUE, who="t").code
    window.show_page("issue")
    window.table_page().refresh()
    window.table_page().table.selectRow(0)
    connection_breaks(monkeypatch, True)

    def type_and_save(editor):
        editor.inputs["title"].set(TYPED)
        editor.buttons.button(QDialogButtonBox.StandardButton.Save).click()

    whenever_an_editor_opens(type_and_save, [])
    window.edit_record(code)
    assert boxes == [("lost", f"{store.ConnectionLost(True).message('zh')} 记录已保存，编辑窗口将关闭。")]
    assert window.last_editor.result() and not window.last_editor.isVisible()
    page = window.table_page()
    assert page.model.record(0)["title"] == TYPED  # the table read the record again
    assert window.undo_stack.count() == 0  # no change came back to undo from the window


@pytest.mark.parametrize("committed, then, closes", [
    (True, "导入已生效：可在导入历史中找到，也可以在那里撤销。", True),
    (False, "没有导入任何内容：请再应用一次。", False),
    (None, "连接恢复后，请先查看导入历史再决定是否重新应用：这次导入可能已经生效。", False)])
def test_the_import_wizard_says_whether_the_import_was_applied(qtbot, window, boxes, monkeypatch, tmp_path, committed,
                                                               then, closes):
    fill_sample()
    path = tmp_path / "returned.xlsx"
    returned(path)

    def apply_plan(*args, **kw):
        raise store.ConnectionLost(committed)

    monkeypatch.setattr(import_wizard, "apply_plan", apply_plan)
    wizard = open_wizard(qtbot, window, path)
    wizard.valid_only.setChecked(True)
    wizard.apply()
    qtbot.waitUntil(lambda: bool(boxes), timeout=20_000)
    assert boxes == [("lost", f"{store.ConnectionLost(committed).message('zh')} {then}")]
    assert wizard.isVisible() != closes
    assert wizard.plan is not None and wizard.apply_button.isEnabled() != closes
