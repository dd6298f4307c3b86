"""The filter's date ranges as typed by a user (#16 item 7): the forms the command line takes, a wrong date in red
saying what is expected and never dropped in silence, a calendar that opens at today or at the dates the records
hold — and the editor's dates, which use the same field."""
from __future__ import annotations

import datetime as dt

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox  # noqa: E402

from reviewdesk import store  # noqa: E402
from reviewdesk.desktop.window.filter_dialog import FilterDialog  # noqa: E402
from reviewdesk.desktop.window.record_editor import RecordEditor  # noqa: E402
from reviewdesk.templates import artefact  # noqa: E402
from desktop_helpers import boxes, settings, window  # noqa: E402,F401

RED = "#B00020"


@pytest.fixture(autouse=True)
def chinese(qapp):
    from reviewdesk.desktop.window import i18n

    i18n.install("zh")


def dialog_for(qtbot, art_key="plan_step", ranges=None):
    dialog = FilterDialog(artefact(art_key), {}, ranges or {}, lang="zh")
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def typed(qtbot, edit, text):
    """Typed key by key where QTest can (digits and signs); CJK is put in as an input method would."""
    edit.line.clear()
    if text.isascii():
        QTest.keyClicks(edit.line, text)
    else:
        edit.line.insert(text)
    edit.line.editingFinished.emit()


def test_typing_2026_08_01_keeps_it_as_typed_and_filters_by_it(qtbot, db):
    dialog = dialog_for(qtbot)
    low, high = dialog.dates["end_date"]
    typed(qtbot, low, "2026-08-01")
    assert low.line.text() == "2026-08-01"  # it became 20260801 and the condition was dropped
    typed(qtbot, high, "2026-08-31")
    assert dialog.ranges() == {"end_date": (dt.date(2026, 8, 1), dt.date(2026, 8, 31))}


@pytest.mark.parametrize("text", ["2026-11-30", "2026/11/30", "2026.11.30", "2026年11月30日", "2026/11/30 ",
                                  "２０２６－１１－３０", "20261130"])
def test_every_date_form_the_command_line_takes(qtbot, db, text):
    dialog = dialog_for(qtbot)
    low, _ = dialog.dates["end_date"]
    typed(qtbot, low, text)
    assert low.problem() is None and RED not in low.line.styleSheet()
    assert dialog.ranges() == {"end_date": (dt.date(2026, 11, 30), None)}
    assert low.line.text() == "2026-11-30"  # once typed, shown the one way


@pytest.mark.parametrize("text", ["2026-13-01", "2026-02-30", "next week", "30.11.2026"])
def test_a_date_that_cannot_be_read_is_red_says_what_is_expected_and_keeps_the_dialog_open(qtbot, db, text):
    dialog = dialog_for(qtbot)
    low, _ = dialog.dates["end_date"]
    typed(qtbot, low, text)
    assert RED in low.line.styleSheet() and low.line.text() == text  # kept as typed, to be corrected
    assert low.line.toolTip() == (f"「{text}」不是日期。请填写 2026-11-30、2026/11/30、2026.11.30 或 2026年11月30日 "
                                  "这样的日期，或从日历中选择。")
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted  # not closed with the date dropped
    assert dialog.problem.isVisible() and dialog.problem.text().startswith("请改正标红的日期，或将其清空：")
    typed(qtbot, low, "2026-11-01")
    assert RED not in low.line.styleSheet() and not low.line.toolTip()
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.ranges() == {"end_date": (dt.date(2026, 11, 1), None)}


def test_an_end_before_its_start_is_red_too(qtbot, db):
    dialog = dialog_for(qtbot)
    low, high = dialog.dates["end_date"]
    typed(qtbot, low, "2026-11-30")
    typed(qtbot, high, "2026-11-01")
    assert RED in high.line.styleSheet() and "结束日期早于开始日期" in high.line.toolTip()
    assert dialog.invalid() == [high]
    typed(qtbot, high, "2026-12-01")
    assert dialog.invalid() == [] and RED not in high.line.styleSheet()


def test_the_calendar_opens_at_today_not_in_1900(qtbot, db):
    today = dt.date.today()
    dialog = dialog_for(qtbot)
    low, high = dialog.dates["end_date"]
    low.button.click()
    assert low.calendar.isVisible()
    assert (low.calendar.yearShown(), low.calendar.monthShown()) == (today.year, today.month)
    low.calendar.clicked.emit(low.calendar.selectedDate())  # a click on a day picks it and closes the calendar
    assert low.date() == today and not low.calendar.isVisible()
    high.button.click()  # the other end of a range opens where the first one is
    assert (high.calendar.yearShown(), high.calendar.monthShown()) == (today.year, today.month)
    typed(qtbot, low, "2024-02-10")
    low.button.click()
    assert (low.calendar.yearShown(), low.calendar.monthShown()) == (2024, 2)


def test_the_calendar_opens_within_the_dates_the_records_hold(qtbot, db):
    store.create_many("plan_step", [dict(action=a, department="IT", end_date=d) for a, d in
                                    (("a", dt.date(2019, 3, 5)), ("b", dt.date(2019, 6, 20)))], who="t")
    dialog = dialog_for(qtbot)
    low, high = dialog.dates["end_date"]
    high.button.click()  # today is after every milestone: the latest one
    assert (high.calendar.yearShown(), high.calendar.monthShown()) == (2019, 6)


def test_a_condition_typed_in_the_table_is_applied_not_dropped(qtbot, window):
    store.create_many("plan_step", [dict(action=a, department="IT", end_date=d) for a, d in
                                    (("八月", dt.date(2026, 8, 15)), ("九月", dt.date(2026, 9, 15)))], who="t")
    window.show_page("plan_step")
    page = window.table_page()
    page.refresh()
    steps = []

    def fill():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, FilterDialog):
            QTimer.singleShot(20, fill)
            return
        low, high = dialog.dates["end_date"]
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        typed(qtbot, low, "2026-08-01")
        typed(qtbot, high, "2026-08-3l")  # a slip of the finger: l for 1
        ok.click()
        steps.append(dialog.isVisible())
        typed(qtbot, high, "2026年8月31日")
        ok.click()
        steps.append(dialog.isVisible())

    QTimer.singleShot(0, fill)
    page.edit_filters()
    assert steps == [True, False]
    assert page.model.ranges == {"end_date": (dt.date(2026, 8, 1), dt.date(2026, 8, 31))}
    assert page.model.rowCount() == 1 and "筛选" in page.caption.text()


def test_the_editor_takes_the_same_date_forms_and_says_what_is_wrong_beside_the_field(qtbot, db, boxes):
    editor = RecordEditor("plan_step", None, lang="zh", who="me")
    qtbot.addWidget(editor)
    editor.show()
    start = editor.inputs["start_date"].widget
    typed(qtbot, start, "2026年11月3日")
    assert editor.inputs["start_date"].get() == dt.date(2026, 11, 3) and start.line.text() == "2026-11-03"
    typed(qtbot, start, "2026-11-31")
    assert RED in start.line.styleSheet() and editor.errors["start_date"].isVisible()
    assert editor.inputs["start_date"].get() == "2026-11-31"  # kept as typed: the store says what is wrong
    start.button.click()
    assert (start.calendar.yearShown(), start.calendar.monthShown()) == (dt.date.today().year, dt.date.today().month)
    assert Qt  # noqa
