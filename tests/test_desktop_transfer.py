"""Excel from the window: the export dialog and the import wizard, with the work on a background thread."""
from __future__ import annotations

import openpyxl
import pytest

pytest.importorskip("pytestqt")

from reviewdesk import store  # noqa: E402
from reviewdesk.desktop.window.export_dialog import ExportDialog  # noqa: E402
from reviewdesk.desktop.window.import_wizard import ImportWizard  # noqa: E402
from reviewdesk.desktop.window.jobs import Cancelled, run_job  # noqa: E402
from desktop_helpers import boxes, settings, window  # noqa: E402,F401
from reviewdesk.exporters.xlsx.export import export_workbook  # noqa: E402
from xlsx_helpers import fill_sample  # noqa: E402


def edit(path, sheet, code, header, value):
    book = openpyxl.load_workbook(path)
    ws = book[sheet]
    column = [c.value for c in ws[1]].index(header) + 1
    row = next(r[0].row for r in ws.iter_rows(min_row=2, max_col=1) if r[0].value == code)
    ws.cell(row, column).value = value
    book.save(path)


def test_export_through_the_dialog(qtbot, window, boxes, tmp_path):
    fill_sample()
    dialog = ExportDialog("zh", window, current="issue")
    qtbot.addWidget(dialog)
    assert [k for k, c in dialog.checks.items() if c.isChecked()] == ["issue"]
    dialog.checks["callback"].setChecked(True)
    dialog.path.setText(str(tmp_path / "out.xlsx"))
    dialog.start()
    qtbot.waitUntil(lambda: dialog.summary is not None, timeout=20_000)
    assert dialog.summary.rows == {"issue": 3, "callback": 3}
    book = openpyxl.load_workbook(tmp_path / "out.xlsx")
    assert "问题清单" in book.sheetnames and book["满意度回访"]["C2"].value != "王先生"  # masked by default
    assert boxes[-1] == ("folder", str(tmp_path / "out.xlsx"))


def test_a_job_can_be_cancelled_and_errors_become_messages(qtbot, db, boxes):
    def endless(progress):
        while progress(1, 10):
            pass
        raise Cancelled()

    outcome = []
    job = run_job(None, "…", endless, on_failed=outcome.append, modal_progress=False)
    job.cancel_event.set()
    qtbot.waitUntil(lambda: bool(outcome), timeout=5000)
    assert isinstance(outcome[0], Cancelled)

    def broken(progress):
        return store.get_record("ISS-9999")

    run_job(None, "…", broken, modal_progress=False)
    qtbot.waitUntil(lambda: bool(boxes), timeout=5000)
    assert boxes[-1] == ("error", "找不到记录 ISS-9999")


def test_import_wizard_on_an_edited_workbook_then_undo_from_history(qtbot, window, boxes, tmp_path):
    fill_sample()
    path = tmp_path / "returned.xlsx"
    export_workbook(path, ["issue"], lang="zh")
    edit(path, "问题清单", "ISS-0002", "问题概述", "物流信息更新慢(已复核)")
    edit(path, "问题清单", "ISS-0003", "发现日期", "not a date")
    wizard = ImportWizard("zh", "me", window, paths=[str(path)])
    qtbot.addWidget(wizard)
    qtbot.waitUntil(lambda: wizard.plan is not None, timeout=20_000)
    texts = [[wizard.table.item(r, c).text() for c in range(7)] for r in range(wizard.table.rowCount())]
    assert ["修改", "ISS-0002", "「问题清单」第 3 行", "问题概述", "+物流信息更新慢", "物流信息更新慢(已复核)", ""] in texts
    error = next(row for row in texts if row[0] == "错误")
    assert error[1] == "ISS-0003" and error[2] == "「问题清单」第 4 行「发现日期」列" and "日期" in error[6]
    assert wizard.valid_only.isVisibleTo(wizard)
    wizard._double_clicked(texts.index(["修改", "ISS-0002", "「问题清单」第 3 行", "问题概述", "+物流信息更新慢",
                                        "物流信息更新慢(已复核)", ""]), 0)
    assert wizard.views["ISS-0002"].isVisible()  # the record beside the wizard (tests/test_desktop_import_view.py)
    wizard.views["ISS-0002"].close()
    wizard.apply()  # refused: the plan has errors
    qtbot.waitUntil(lambda: bool(boxes), timeout=5000)
    assert boxes[-1][0] == "error" and "错误" in boxes[-1][1] and store.get_record("ISS-0002")["title"] == "+物流信息更新慢"
    wizard.valid_only.setChecked(True)
    wizard.apply()
    qtbot.waitUntil(lambda: wizard.batch is not None, timeout=20_000)
    assert store.get_record("ISS-0002")["title"] == "物流信息更新慢(已复核)"
    window.show_page("imports")
    history = window.current_page()
    history.refresh()
    assert history.table.rowCount() == 1
    history.table.selectRow(0)
    history.undo_button.click()
    assert store.get_record("ISS-0002")["title"] == "+物流信息更新慢"
    assert "撤销" in boxes[-1][1]


def test_a_bad_file_ends_in_a_message(qtbot, window, boxes, tmp_path):
    bad = tmp_path / "notes.xlsx"
    bad.write_text("this is not a workbook")
    wizard = ImportWizard("en", "me", window, paths=[str(bad)])
    qtbot.addWidget(wizard)
    qtbot.waitUntil(lambda: bool(boxes), timeout=10_000)
    kind, text = boxes[-1]
    assert kind == "error" and "notes.xlsx" in text and "Traceback" not in text


def test_a_workbook_with_a_far_cell_is_a_message_and_the_window_lives_on(qtbot, window, boxes, tmp_path):
    """One cell typed at XFD1048576 once made the reader ask for 512 GiB and abort the whole application."""
    import openpyxl

    far = tmp_path / "far.xlsx"
    book = openpyxl.Workbook()
    book.active["A1"], book.active["XFD1048576"] = "问题编号", "z"
    book.save(far)
    wizard = ImportWizard("zh", "me", window, paths=[str(far)])
    qtbot.addWidget(wizard)
    qtbot.waitUntil(lambda: bool(boxes), timeout=20_000)
    kind, text = boxes[-1]
    assert kind == "error" and "far.xlsx" in text and "XFD1048576" in text
    assert window.isVisible()


def test_a_reader_that_crashes_in_its_own_process_is_only_a_message(tmp_path):
    from reviewdesk.exporters.returns.workbook import WorkbookFileError, read_workbook_apart
    from process_helpers import abort_reading

    path = tmp_path / "returned.xlsx"
    path.write_bytes(b"PK")
    with pytest.raises(WorkbookFileError) as caught:
        read_workbook_apart(path, read=abort_reading)
    assert "returned.xlsx" in caught.value.message("zh") and "意外退出" in caught.value.message("zh")


def test_meeting_pack_through_the_dialog(qtbot, window, boxes, tmp_path):
    from reviewdesk.desktop.window.export_dialog import PackDialog

    fill_sample()
    change = store.create("meeting", {"title": "退换货流程评审会", "date": "2026-12-01", "departments": "CS,IT"}, who="t")
    window.show_page("meeting")
    window.table_page().table.selectRow(0)
    assert window.act_pack.isEnabled()
    dialog = PackDialog(change.code, "zh", window)
    qtbot.addWidget(dialog)
    dialog.folder.setText(str(tmp_path / "pack"))
    dialog.start()
    qtbot.waitUntil(lambda: dialog.result_ is not None, timeout=30_000)
    names = sorted(p.name for p in (tmp_path / "pack").iterdir())
    assert any(n.endswith(".docx") for n in names) and sum(n.endswith(".xlsx") for n in names) >= 3
    assert boxes[-1] == ("folder", str(tmp_path / "pack"))


def test_workbooks_dropped_on_the_window_open_the_wizard(qtbot, window, tmp_path, monkeypatch):
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDropEvent

    opened = []
    monkeypatch.setattr(window, "import_workbooks", lambda paths=None: opened.append(paths))
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(tmp_path / "a.xlsx")), QUrl.fromLocalFile(str(tmp_path / "notes.txt"))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, data, Qt.MouseButton.NoButton,
                       Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    qtbot.waitUntil(lambda: bool(opened), timeout=2000)
    assert opened == [[str(tmp_path / "a.xlsx")]]


def test_settings_keep_departments_people_and_the_users_name(qtbot, window):
    from PySide6.QtWidgets import QTableWidgetItem

    from reviewdesk.desktop.window.main_window import user_name
    from reviewdesk.desktop.window.settings_dialog import SettingsDialog
    from reviewdesk.store import reference

    dialog = SettingsDialog("zh", window)
    qtbot.addWidget(dialog)
    table = dialog.departments
    row = table.rowCount()
    table.insertRow(row)
    for column, text in enumerate(("HR", "人力资源部", "Human Resources")):
        table.setItem(row, column, QTableWidgetItem(text))
    dialog._save_departments()
    assert {"code": "HR", "name_zh": "人力资源部", "name_en": "Human Resources", "email": None} in reference.departments()
    people = dialog.people
    row = people.rowCount()
    people.insertRow(row)
    people.setItem(row, 0, QTableWidgetItem("孙悦"))
    people.cellWidget(row, 1).setCurrentIndex(people.cellWidget(row, 1).findData("HR"))
    dialog._save_people()
    assert {"name": "孙悦", "department": "HR", "role": "agent", "email": None} in reference.people()
    dialog.user.setText("组长甲")
    dialog.reject()
    assert user_name() == "组长甲"


def test_cancelling_an_export_writes_nothing_and_says_nothing(qtbot, window, boxes, tmp_path, monkeypatch):
    from reviewdesk.desktop.window import jobs

    store.create_many("callback", [{"score": 9, "ticket_no": f"XR{i:06d}"} for i in range(50)], who="t")
    dialog = ExportDialog("zh", window, current="callback")
    qtbot.addWidget(dialog)
    dialog.path.setText(str(tmp_path / "cancelled.xlsx"))
    started = []
    real = jobs.Job.progress
    monkeypatch.setattr(jobs.Job, "progress", lambda self, done, total: started.append(done) or
                        (self.cancel_event.set() if done else None) or real(self, done, total))
    monkeypatch.setattr("reviewdesk.exporters.xlsx.export.PROGRESS_EVERY", 10)
    dialog.start()
    qtbot.waitUntil(lambda: not jobs._RUNNING, timeout=10_000)
    assert started and dialog.summary is None and not (tmp_path / "cancelled.xlsx").exists() and boxes == []


def test_undo_from_the_history_offers_to_keep_what_was_changed_since(qtbot, window, boxes, tmp_path):
    import openpyxl

    from reviewdesk import store
    from reviewdesk.exporters.returns.apply import apply_plan
    from reviewdesk.exporters.returns.plan import build_plan
    from reviewdesk.exporters.xlsx.export import export_workbook
    from xlsx_helpers import fill_sample

    fill_sample()
    path = tmp_path / "all.xlsx"
    export_workbook(path, ["issue"], lang="zh")
    book = openpyxl.load_workbook(path)
    sheet = book["问题清单"]
    notes = [c.value for c in sheet[1]].index("备注") + 1
    sheet.cell(2, notes, "导入的备注")
    sheet.cell(3, notes, "第二条")
    book.save(path)
    batch = apply_plan(build_plan([path]), who="me").batch
    store.update("ISS-0001", {"notes": "改过了"}, who="张敏")
    window.undo_import(batch)
    asked = [text for kind, text in boxes if kind == "confirm"]
    assert "ISS-0001 备注 现为「改过了」" in asked[-1]
    assert store.get_record("ISS-0001")["notes"] == "改过了" and store.get_record("ISS-0002")["notes"] is None
    assert "1" in boxes[-1][1] and boxes[-1][0] == "info"
