"""From the window: 报告 → 客户反馈分析报告… asks for the period, the format and personal data, writes the report in
the background and offers to open its folder; dates the wrong way round are refused with nothing written."""
from __future__ import annotations

import datetime as dt
import json

import openpyxl
import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QDate  # noqa: E402

from reviewdesk import store  # noqa: E402
from reviewdesk.desktop.window.report_dialog import FeedbackReportDialog  # noqa: E402
from reviewdesk.templates.periods import last_full_week  # noqa: E402
from desktop_helpers import boxes, settings, window  # noqa: E402,F401
from docx_helpers import all_text, open_docx  # noqa: E402


def opened_dialog(qtbot, window, monkeypatch) -> FeedbackReportDialog:
    """The dialog the Reports menu opens, left open for the test to drive."""
    opened = []
    monkeypatch.setattr(FeedbackReportDialog, "exec", lambda self: opened.append(self) or 0)
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "报告（&R）")
    action = next(a for a in menu.actions() if a.objectName() == "feedback_report")
    assert action.text() == "客户反馈分析报告（&C）…"
    action.trigger()
    qtbot.addWidget(opened[0])
    return opened[0]


def test_the_reports_menu_writes_last_week_s_report_and_offers_the_folder(qtbot, window, boxes, tmp_path,
                                                                           monkeypatch, run):
    store.demo.fill_demo("small", force=True)
    dialog = opened_dialog(qtbot, window, monkeypatch)
    week = last_full_week(dt.date.today())
    assert dialog.week.currentData() == week and dialog.by_week.isChecked()
    assert dialog.path.text().endswith(f"客户反馈分析报告-{week.week}.docx")
    dialog.path.setText(str(tmp_path / "周报.docx"))
    dialog.start_writing()
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=20_000)
    assert boxes == [("folder", str(tmp_path / "周报.docx"))]
    figures = json.loads(run("report", "feedback", "--week", week.week, "--json")[1])
    text = all_text(open_docx(tmp_path / "周报.docx"))
    assert f"统计周期 {week.label('zh')}" in text and "个人信息已隐藏" in text
    assert dialog.report.callbacks == figures["overall"]["current"]["callbacks"]
    for case in figures["low_scores"]:
        assert case["phone"] in text  # masked, as the command line masks it


def test_dates_in_english_as_a_workbook_with_personal_data(qtbot, window, boxes, tmp_path, monkeypatch):
    store.create("callback", dict(score="5", callback_date="2026-11-03", customer_name="王先生", phone="13812345678",
                                  follow_up_owner="张敏"), who="t")
    dialog = opened_dialog(qtbot, window, monkeypatch)
    dialog.by_dates.setChecked(True)
    dialog.start.setDate(QDate(2026, 11, 1))
    dialog.end.setDate(QDate(2026, 11, 30))
    dialog.format.setCurrentIndex(dialog.format.findData("xlsx"))
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    assert dialog.path.text().endswith("customer-feedback-20261101-20261130.xlsx")
    dialog.personal.setChecked(True)
    dialog.path.setText(str(tmp_path / "november.xlsx"))
    dialog.start_writing()
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=20_000)
    book = openpyxl.load_workbook(tmp_path / "november.xlsx")
    assert book.sheetnames[0] == "Summary"
    assert [r[:4] for r in book["Low scores"].iter_rows(min_row=2, values_only=True)] == [
        ("CB-0001", dt.datetime(2026, 11, 3), "王先生", "13812345678")]


def test_dates_the_wrong_way_round_are_refused(qtbot, window, boxes, tmp_path, monkeypatch):
    dialog = opened_dialog(qtbot, window, monkeypatch)
    dialog.by_dates.setChecked(True)
    dialog.start.setDate(QDate(2026, 12, 1))
    dialog.end.setDate(QDate(2026, 11, 1))
    dialog.path.setText(str(tmp_path / "report.docx"))
    dialog.start_writing()
    assert boxes == [("error", "开始日期 2026-12-01 晚于结束日期 2026-11-01")]
    assert not (tmp_path / "report.docx").exists() and dialog.report is None
