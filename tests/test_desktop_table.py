"""The table model without a view, and the store queries it stands on: SQL sorting, search, filters, ranges, marks."""
from __future__ import annotations

import datetime as dt

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt  # noqa: E402

from reviewdesk import store  # noqa: E402
from reviewdesk.desktop.window.table_model import PAGE, RecordTableModel, table_fields  # noqa: E402
from reviewdesk.templates import artefact  # noqa: E402

pytestmark = pytest.mark.both_engines  # conftest.py: on PostgreSQL too, with REVIEWDESK_TEST_PG set

ISSUES = [("退款慢", "高", "高", "CS", "李娜"), ("物流信息不同步", "中", "低", "LOG", "赵磊"),
          ("发票开具慢", "低", "高", "FIN", "陈静")]


def make_issues():
    store.create_many("issue", [{"title": t, "category": "效率类", "impact": i, "frequency": f, "department": d,
                                 "owner": o, "found_on": dt.date(2026, 11, 1 + n)}
                                for n, (t, i, f, d, o) in enumerate(ISSUES)], who="t")


def test_columns_come_from_templates(qtbot, db):
    model = RecordTableModel("issue", "zh")
    art = artefact("issue")
    assert model.columnCount() == 1 + len(table_fields("issue"))
    assert model.headerData(0, Qt.Orientation.Horizontal) == art.code_label("zh")
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(1, model.columnCount())] == \
        [f.zh for f in art.fields]
    assert RecordTableModel("issue", "en").headerData(1, Qt.Orientation.Horizontal) == "Summary"


def test_rows_are_fetched_page_by_page_and_never_all(qtbot, db):
    store.create_many("callback", [{"score": 9, "ticket_no": f"XR{i:06d}"} for i in range(PAGE * 3 + 5)], who="t")
    model = RecordTableModel("callback", "zh")
    assert model.rowCount() == PAGE * 3 + 5 and not model.pages
    assert model.text(PAGE * 2 + 1, 1) == f"XR{PAGE * 2 + 1:06d}"
    assert list(model.pages) == [2]
    assert model.text(PAGE * 3 + 4, 1) == f"XR{PAGE * 3 + 4:06d}" and len(model.pages) == 2


def test_sorting_by_any_column_is_done_by_sql(qtbot, db):
    make_issues()
    model = RecordTableModel("issue", "zh")
    department = 1 + [f.key for f in model.fields].index("department")
    model.sort(department, Qt.SortOrder.AscendingOrder)
    assert [model.text(r, department) for r in range(3)] == ["客服中心", "物流部", "财务部"]  # Chinese names
    found_on = 1 + [f.key for f in model.fields].index("found_on")
    model.sort(found_on, Qt.SortOrder.DescendingOrder)
    assert [model.code(r) for r in range(3)] == ["ISS-0003", "ISS-0002", "ISS-0001"]
    model.sort(0, Qt.SortOrder.AscendingOrder)
    assert model.code(0) == "ISS-0001"


def test_a_page_opens_reading_its_rows_ids_once(qtbot, db, monkeypatch):
    """Every reading of the ids is a query over all matching rows (100,000 callbacks: a fifth of a second on a team
    database): opening a page, its sorting turned on included, reads them once; sorting as it is reads nothing."""
    from reviewdesk.desktop.window.artefact_page import ArtefactPage

    make_issues()
    read = []
    select_ids = store.select_ids
    monkeypatch.setattr(store, "select_ids", lambda *args, **kw: read.append(kw) or select_ids(*args, **kw))
    page = ArtefactPage("issue", "zh")
    qtbot.addWidget(page)
    assert len(read) == 1 and page.model.rowCount() == len(ISSUES)
    page.model.sort(0, Qt.SortOrder.AscendingOrder)
    assert len(read) == 1
    page.model.sort(0, Qt.SortOrder.DescendingOrder)
    assert len(read) == 2 and page.model.code(0) == "ISS-0003"


def test_search_filters_and_date_ranges(qtbot, db):
    make_issues()
    model = RecordTableModel("issue", "zh")
    model.set_conditions(search="物流")
    assert model.rowCount() == 1 and model.code(0) == "ISS-0002"
    model.set_conditions(search="iss-0003")
    assert model.rowCount() == 1
    model.set_conditions(search="", filters={"impact": ["high", "low"]})
    assert model.rowCount() == 2
    model.set_conditions(filters={"owner": ["陈静"]}, ranges={"found_on": (dt.date(2026, 11, 2), None)})
    assert [model.code(0)] == ["ISS-0003"] and model.rowCount() == 1
    assert store.count_records("issue", {"department": ["CS"]}) == 1
    assert store.count_records("issue", {"notes": [None]}) == 3  # a blank text value means "empty"


def test_marks_follow_the_workbook(qtbot, db):
    make_issues()
    store.create("callback", {"score": 5, "follow_up_owner": "张敏", "callback_date": dt.date(2026, 11, 5),
                              "resolved_on": dt.date(2026, 11, 1)}, who="t")
    issues = RecordTableModel("issue", "zh")
    assert issues.data(issues.index(0, 1), Qt.ItemDataRole.BackgroundRole) is not None  # P1
    assert issues.data(issues.index(1, 1), Qt.ItemDataRole.BackgroundRole) is None
    callbacks = RecordTableModel("callback", "zh", today=dt.date(2026, 11, 6))
    score = 1 + [f.key for f in callbacks.fields].index("score")
    late = 1 + [f.key for f in callbacks.fields].index("callback_date")
    assert callbacks.data(callbacks.index(0, score), Qt.ItemDataRole.FontRole).bold()
    assert callbacks.data(callbacks.index(0, late), Qt.ItemDataRole.FontRole).italic()
    overdue = RecordTableModel("callback", "zh", today=dt.date(2026, 11, 30))
    assert overdue.data(overdue.index(0, 1), Qt.ItemDataRole.BackgroundRole).color().name() == "#ffeb9c"


def test_data_never_raises(qtbot, db, monkeypatch):
    make_issues()
    model = RecordTableModel("issue", "zh")
    monkeypatch.setattr(model, "record", lambda row: 1 / 0)
    assert model.data(model.index(0, 1)) == "?"
    assert model.data(model.index(0, 1), Qt.ItemDataRole.BackgroundRole) is None


def test_a_new_record_at_the_end_of_a_long_table_is_selected(qtbot, db):
    from reviewdesk.desktop.window.artefact_page import ArtefactPage

    store.create_many("callback", [{"score": 9} for _ in range(PAGE * 2 + 3)], who="t")
    page = ArtefactPage("callback", "zh")
    qtbot.addWidget(page)
    change = store.create("callback", {"score": 10}, who="t")
    page.refresh(change.code)
    assert page.current_code() == change.code


def test_any_page_is_read_by_the_ids_of_the_query_in_its_order(qtbot, db):
    """The model keeps the ids of its query; a page near the end is read by id, never by a growing OFFSET."""
    store.create_many("callback", [{"score": 8 + n % 3, "ticket_no": f"T{n:04d}"} for n in range(PAGE * 3 + 7)], who="t")
    model = RecordTableModel("callback", "zh")
    model.sort(1 + [f.key for f in model.fields].index("score"), Qt.SortOrder.DescendingOrder)
    expected = [r["code"] for r in store.select_records("callback", order="score", descending=True)]
    assert len(model.ids) == model.total == len(expected)
    for row in (0, PAGE - 1, PAGE, 2 * PAGE + 5, model.total - 1):
        assert model.code(row) == expected[row]
    statements = []
    from reviewdesk.store.db import database

    real = database.obj  # the proxy's database
    original = real.execute_sql
    real.execute_sql = lambda sql, *a, **kw: statements.append(sql) or original(sql, *a, **kw)
    try:
        model.pages.clear()
        model.record(model.total - 1)
    finally:
        del real.execute_sql
    assert statements and not any("OFFSET" in s.upper() for s in statements)


def test_a_saved_record_is_redrawn_alone_keeping_the_selection(qtbot, db):
    from reviewdesk.desktop.window.artefact_page import ArtefactPage

    store.create_many("callback", [{"score": 9, "ticket_no": f"T{n}"} for n in range(PAGE + 10)], who="t")
    page = ArtefactPage("callback", "zh")
    qtbot.addWidget(page)
    page.resize(900, 600)
    page.show()
    qtbot.waitExposed(page)
    page.select_code("CB-0005")
    qtbot.waitUntil(lambda: bool(page.model.pages))  # the view has read the rows it shows
    resets, redrawn = [], []
    page.model.modelReset.connect(lambda: resets.append(1))
    page.model.dataChanged.connect(lambda first, last, *_: redrawn.append((first.row(), last.row())))
    store.update("CB-0005", {"suggestion": "保存后只重画这一页"}, who="t")
    page.refresh("CB-0005")
    assert resets == [] and redrawn and redrawn[0][0] <= 4 <= redrawn[0][1]
    column = 1 + [f.key for f in page.model.fields].index("suggestion")
    assert page.model.text(4, column) == "保存后只重画这一页"
    assert page.current_code() == "CB-0005"
    store.delete("CB-0007", who="t")  # a row gone: the table is read again
    page.refresh("CB-0007")
    assert resets == [1] and page.model.total == PAGE + 9
