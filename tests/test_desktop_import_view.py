"""The import wizard's plan as a user reads it (#16 item 8): every row names its record (or 新行), says where it is
the way the command line does (「问题清单」第 4 行), shows a long message whole (tooltip and the pane below the table),
and a double-click opens the record beside the wizard instead of filtering the main window hidden behind it."""
from __future__ import annotations

import openpyxl
import pytest

pytest.importorskip("pytestqt")

from PySide6.QtWidgets import QApplication  # noqa: E402

from reviewdesk import store  # noqa: E402
from reviewdesk.desktop.window.import_wizard import ImportWizard  # noqa: E402
from reviewdesk.desktop.window.record_view import RecordView  # noqa: E402
from reviewdesk.exporters.xlsx.export import export_workbook  # noqa: E402
from reviewdesk.templates import artefact  # noqa: E402
from desktop_helpers import boxes, settings, window  # noqa: E402,F401
from xlsx_helpers import fill_sample  # noqa: E402

LONG = "退款审核需要人工复核两次" * 12  # a value no column shows whole


def returned(path, lang="zh"):
    """An issue workbook as a department sends it back: a change, a wrong date, a long wrong choice, a new row."""
    export_workbook(path, ["issue"], lang=lang)
    book = openpyxl.load_workbook(path)
    art = artefact("issue")
    ws = book[art.sheet(lang)]
    heads = [c.value for c in ws[1]]
    at = {row[0].value: row[0].row for row in ws.iter_rows(min_row=2, max_col=1)}
    title, found, category = (heads.index(art.field(k).label(lang)) + 1 for k in ("title", "found_on", "category"))
    ws.cell(at["ISS-0002"], title).value = "物流信息更新慢(已复核)"
    ws.cell(at["ISS-0003"], found).value = "not a date"
    ws.cell(at["ISS-0001"], category).value = LONG
    new = ws.max_row + 1
    ws.cell(new, title).value = "新发现的问题"
    ws.cell(new, found).value = "下周"
    book.save(path)
    return new


def open_wizard(qtbot, window, path, lang="zh"):
    wizard = ImportWizard(lang, "me", window, paths=[str(path)])
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitUntil(lambda: wizard.plan is not None, timeout=20_000)
    return wizard


def table(wizard):
    return [[wizard.table.item(r, c).text() for c in range(7)] for r in range(wizard.table.rowCount())]


def test_every_row_names_its_record_and_says_where_it_is_as_the_command_line_does(qtbot, window, boxes, tmp_path):
    fill_sample()
    new = returned(tmp_path / "returned.xlsx")
    wizard = open_wizard(qtbot, window, tmp_path / "returned.xlsx")
    rows = table(wizard)
    errors = {(r[1], r[2]) for r in rows if r[0] == "错误"}
    assert ("ISS-0003", "「问题清单」第 4 行「发现日期」列") in errors  # the record column was empty
    assert ("ISS-0001", "「问题清单」第 2 行「问题类型」列") in errors
    assert ("新行", f"「问题清单」第 {new} 行「发现日期」列") in errors  # a row with no code yet
    assert ["修改", "ISS-0002", "「问题清单」第 3 行", "问题概述", "+物流信息更新慢", "物流信息更新慢(已复核)", ""] in rows


def test_english_says_row_and_column_like_the_command_line(qtbot, window, boxes, tmp_path):
    from reviewdesk.desktop.window import i18n

    fill_sample()
    i18n.install("en")
    returned(tmp_path / "returned.xlsx", lang="en")
    wizard = open_wizard(qtbot, window, tmp_path / "returned.xlsx", lang="en")
    errors = {(r[1], r[2]) for r in table(wizard) if r[0] == "Error"}
    assert ("ISS-0003", "'Issues' row 4, column 'Found on'") in errors
    assert any(record == "New row" for record, _ in errors)


def test_a_long_message_is_shown_whole_in_its_tooltip_and_the_pane_below(qtbot, window, boxes, tmp_path):
    fill_sample()
    returned(tmp_path / "returned.xlsx")
    wizard = open_wizard(qtbot, window, tmp_path / "returned.xlsx")
    row = next(r for r, cells in enumerate(table(wizard)) if cells[1] == "ISS-0001" and cells[0] == "错误")
    message = next(e.message for e in wizard.plan.errors if e.code == "ISS-0001")
    assert LONG in message
    note = wizard.table.item(row, 6)
    assert wizard.table.visualItemRect(note).width() < wizard.table.fontMetrics().horizontalAdvance(note.text())
    assert LONG in note.toolTip()  # whole, where the column cuts it with …
    assert not wizard.detail.toPlainText()
    wizard.table.selectRow(row)
    shown = wizard.detail.toPlainText()
    assert LONG in shown and message.replace("\n", " ") in shown.replace("\n", " ")
    assert "returned.xlsx 「问题清单」第 2 行「问题类型」列" in shown  # the file named too


def test_a_double_click_opens_the_record_beside_the_wizard_not_the_main_window_behind_it(qtbot, window, boxes,
                                                                                         tmp_path):
    fill_sample()
    returned(tmp_path / "returned.xlsx")
    window.show_page("issue")
    page = window.table_page()
    page.refresh()
    wizard = open_wizard(qtbot, window, tmp_path / "returned.xlsx")
    row = next(r for r, cells in enumerate(table(wizard)) if cells[1] == "ISS-0002")
    wizard.table.cellDoubleClicked.emit(row, 3)
    view = wizard.views["ISS-0002"]
    assert isinstance(view, RecordView) and view.isVisible() and not view.isModal()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is view, timeout=2000)  # in front, with the focus
    assert view.parent() is wizard  # on top of the wizard, which stays usable
    screen, beside = view.screen().availableGeometry(), wizard.frameGeometry().right() + 8
    if beside + view.width() <= screen.right():
        assert view.x() == beside  # to the right of the wizard …
    else:
        assert view.x() + view.width() <= screen.right() and view.x() > wizard.x()  # … or over its right-hand part
    assert view.shown["title"].text().startswith("+物流信息更新慢")  # as the database holds it …
    assert "物流信息更新慢(已复核)" in view.shown["title"].text()  # … with what the sheet would change, marked
    assert view.shown["department"].text() == "技术部"
    assert page.model.filters == {} and page.model.rowCount() == 3  # the main window was not filtered
    wizard.table.cellDoubleClicked.emit(row, 0)  # again: the same window comes forward, no second one
    assert wizard.views == {"ISS-0002": view} and len(wizard.findChildren(RecordView)) == 1
    error_row = next(r for r, cells in enumerate(table(wizard)) if cells[1] == "新行")
    wizard.table.cellDoubleClicked.emit(error_row, 0)  # a new row has no record yet: nothing opens
    assert list(wizard.views) == ["ISS-0002"]
    view.close()
    qtbot.waitUntil(lambda: "ISS-0002" not in wizard.views, timeout=2000)
    assert store.get_record("ISS-0002")["title"] == "+物流信息更新慢"  # looking changed nothing


def test_a_conflict_reads_the_same_in_the_wizard_and_on_the_command_line_and_the_side_chosen_is_applied(
        qtbot, window, boxes, tmp_path, run):
    """A conflict's place is its sheet and row, its old value the database's and its new one the returned sheet's,
    in the wizard as on the command line; taking the sheet's side writes the sheet's value."""
    fill_sample()
    path = tmp_path / "returned.xlsx"
    export_workbook(path, ["issue"], lang="zh")
    before = store.get_record("ISS-0002")["title"]
    book = openpyxl.load_workbook(path)
    ws = book["问题清单"]
    at = {row[0].value: row[0].row for row in ws.iter_rows(min_row=2, max_col=1)}
    ws.cell(at["ISS-0002"], [c.value for c in ws[1]].index("问题概述") + 1).value = "工作表的值"
    book.save(path)
    store.update("ISS-0002", {"title": "数据库的值"}, who="张敏")
    where = f"「问题清单」第 {at['ISS-0002']} 行"
    _, out, _ = run("import", "--dry-run", str(path))
    assert f"ISS-0002 问题概述：导出时 {before}，数据库 数据库的值，工作表 工作表的值（{where}）" in out
    wizard = open_wizard(qtbot, window, path)
    [row] = [r for r, cells in enumerate(table(wizard)) if cells[0] == "冲突"]
    assert table(wizard)[row][1:6] == ["ISS-0002", where, "问题概述", "数据库的值", "工作表的值"]
    assert before in table(wizard)[row][6]  # the value at export, in the note
    assert wizard._planned("ISS-0002") == {"title": "工作表的值"}
    box = wizard.choices[("ISS-0002", "title")]
    box.setCurrentIndex(box.findData("sheet"))
    wizard.apply()
    qtbot.waitUntil(lambda: wizard.batch is not None, timeout=20_000)
    assert store.get_record("ISS-0002")["title"] == "工作表的值"
