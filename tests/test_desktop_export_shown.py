"""From the window: the export dialog offers to export only the records the table shows."""
from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtWidgets import QLabel  # noqa: E402

from reviewdesk.desktop.window.export_dialog import ExportDialog  # noqa: E402
from desktop_helpers import boxes, settings, window  # noqa: E402,F401
from reviewdesk.templates import artefact  # noqa: E402
from test_export_shown import CONDITIONS_ZH, ISSUES, SHOWN, fill_issues, overview_lines  # noqa: E402
from xlsx_helpers import load, rows  # noqa: E402


def filtered_page(qtbot, window):
    """The issues page searched for 物流, filtered by status and department, and narrowed to November."""
    fill_issues()
    window.refresh()
    window.show_page("issue")
    page = window.table_page()
    page.search.setText(SHOWN["search"])  # typed: QTest cannot type CJK key clicks
    qtbot.waitUntil(lambda: page.model.search == SHOWN["search"], timeout=2000)
    page.set_filters(SHOWN["filters"], SHOWN["ranges"])
    return page


def opened_export_dialog(qtbot, window, monkeypatch) -> ExportDialog:
    """The dialog the window's Export action opens, left open for the test to drive."""
    opened = []
    monkeypatch.setattr(ExportDialog, "exec", lambda self: opened.append(self) or 0)
    window.export_workbook()
    qtbot.addWidget(opened[0])
    return opened[0]


def export(qtbot, dialog, path):
    dialog.path.setText(str(path))
    dialog.start()
    qtbot.waitUntil(lambda: dialog.summary is not None, timeout=20_000)
    return load(path)


def test_the_export_dialog_exports_what_the_table_shows(qtbot, window, tmp_path, monkeypatch):
    page = filtered_page(qtbot, window)
    shown = [page.model.code(row) for row in range(page.model.rowCount())]
    assert shown == ["ISS-0001", "ISS-0003"]
    dialog = opened_export_dialog(qtbot, window, monkeypatch)
    assert dialog.filtered.isVisibleTo(dialog) and dialog.filtered.isChecked()
    assert dialog.filtered.text() == "只导出当前表格中筛选出的 2 条记录"
    assert dialog.findChild(QLabel, "export_conditions").text() == \
        f"服务问题清单的筛选条件：{CONDITIONS_ZH}。勾选的其他材料导出全部记录。"
    dialog.checks["plan_step"].setChecked(True)
    book = export(qtbot, dialog, tmp_path / "shown.xlsx")
    assert [r[0] for r in rows(book["问题清单"])] == shown
    assert [r[0] for r in rows(book[artefact("plan_step").sheet("zh")])] == ["PLN-0001"]  # another artefact: whole
    assert overview_lines(tmp_path / "shown.xlsx")["筛选条件"] == ["问题清单：" + CONDITIONS_ZH]


def test_unticked_the_dialog_exports_every_record(qtbot, window, tmp_path, monkeypatch):
    filtered_page(qtbot, window)
    dialog = opened_export_dialog(qtbot, window, monkeypatch)
    dialog.filtered.setChecked(False)
    book = export(qtbot, dialog, tmp_path / "all.xlsx")
    assert len(rows(book["问题清单"])) == len(ISSUES)
    assert "筛选条件" not in overview_lines(tmp_path / "all.xlsx")


def test_without_search_or_filters_there_is_no_choice(qtbot, window, monkeypatch):
    fill_issues()
    window.show_page("issue")
    dialog = opened_export_dialog(qtbot, window, monkeypatch)
    assert not dialog.filtered.isVisibleTo(dialog) and dialog.shown is None
