"""The minimal window: the artefacts with their counts, and the chosen artefact's records in a lazy table."""
from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

import store  # noqa: E402
from desktop.app import MainWindow  # noqa: E402
from desktop.record_model import PAGE, RecordTableModel  # noqa: E402


def test_window_lists_every_artefact_with_its_count_and_shows_records(qtbot, db):
    store.create("issue", {"title": "退款慢", "category": "效率类", "impact": "高", "frequency": "高",
                           "department": "CS"}, who="t")
    window = MainWindow(str(db))
    qtbot.addWidget(window)
    labels = [window.navigation.item(i).text() for i in range(window.navigation.count())]
    assert labels[0] == "服务问题清单  (1)" and len(labels) == 6 and labels[-1] == "评审会议  (0)"
    model = window.table.model()
    assert model.headerData(0, __import__("PySide6.QtCore").QtCore.Qt.Orientation.Horizontal) == "问题编号"
    assert model.text(0, 0) == "ISS-0001"
    row = [model.text(0, c) for c in range(model.columnCount())]
    assert "退款慢" in row and "效率类" in row and "客服中心" in row and "P1" in row


def test_the_table_model_fetches_page_by_page(qtbot, db):
    store.create_many("callback", [{"score": 9, "ticket_no": f"XR{i:06d}"} for i in range(PAGE + 20)], who="t")
    model = RecordTableModel("callback", "en")
    assert model.rowCount() == 0 and model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == PAGE and model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == PAGE + 20 and not model.canFetchMore()
    assert model.text(PAGE + 19, 1) == f"XR{PAGE + 19:06d}"
