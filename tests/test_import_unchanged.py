"""The plan's shortcut for rows still as exported: what equals the export is unchanged, and nothing that differs
from it, however slightly, slips through as unchanged."""
from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from reviewdesk import store
from reviewdesk.exporters.returns.plan import build_plan
from reviewdesk.exporters.xlsx.export import export_workbook

from test_import import edit
from xlsx_helpers import fill_sample

pytestmark = pytest.mark.both_engines  # conftest.py: on PostgreSQL too, with REVIEWDESK_TEST_PG set


@pytest.fixture
def sample(db):
    fill_sample()
    return db


def test_values_typed_differently_but_meaning_the_same_are_unchanged(sample, tmp_path):
    path, edited = tmp_path / "all.xlsx", tmp_path / "edited.xlsx"
    export_workbook(path, ["all"], lang="zh", include_personal_data=True)
    edit(path, edited, {("满意度回访", "CB-0001", "回访日期"): "2020/11/10",  # the stored date, typed as text
                        ("满意度回访", "CB-0001", "问题解决日期"): dt.datetime(2020, 11, 5),  # a date with a time
                        ("满意度回访", "CB-0002", "满意度评分"): "9",
                        ("满意度回访", "CB-0002", "工单编号"): "XR20231015002 ",
                        ("满意度回访", "CB-0003", "客户建议"): "   ",  # empty in the database
                        ("问题清单", "ISS-0001", "影响程度"): "high",
                        ("问题清单", "ISS-0001", "影响客户数"): "１２００"})
    plan = build_plan([edited])
    assert (plan.updated, plan.errors, plan.conflicts) == ([], [], [])
    assert plan.summary()["callback"]["unchanged"] == 3 and plan.summary()["issue"]["unchanged"] == 3


def test_a_ticked_box_is_not_the_number_one(sample, tmp_path):
    store.update("ISS-0002", {"affected_customers": 1}, who="test")
    path, edited = tmp_path / "all.xlsx", tmp_path / "edited.xlsx"
    export_workbook(path, ["issue"], lang="zh")
    edit(path, edited, {("问题清单", "ISS-0002", "影响客户数"): True})
    [error] = build_plan([edited]).errors
    assert error.row == 3 and error.field == "affected_customers"


def test_masked_personal_data_unchanged_or_edited(sample, tmp_path):
    path, edited = tmp_path / "masked.xlsx", tmp_path / "edited.xlsx"
    export_workbook(path, ["callback"], lang="zh")  # names and phones masked: 王*, 138****5678
    assert build_plan([path]).summary()["callback"]["unchanged"] == 3
    edit(path, edited, {("满意度回访", "CB-0001", "联系方式"): "13912345678",
                        ("满意度回访", "CB-0002", "客户姓名"): "L*",  # as exported
                        ("满意度回访", "CB-0003", "客户姓名"): "赵小姐"})
    plan = build_plan([edited])
    assert plan.updated == [] and plan.errors == []  # a masked column is never imported (tests/test_import_masked.py)
    assert {(n.code, n.field) for n in plan.not_permitted} == {("CB-0001", "phone"), ("CB-0003", "customer_name")}


def test_edited_back_to_what_the_database_now_holds(sample, tmp_path):
    """The database moved on after the export: a sheet showing the export or the new value changes nothing."""
    path = tmp_path / "all.xlsx"
    export_workbook(path, ["callback"], lang="zh", include_personal_data=True)
    store.update("CB-0002", {"score": 10, "suggestion": "后来改的"}, who="test")
    assert build_plan([path]).summary()["callback"]["unchanged"] == 3
    edit(path, tmp_path / "same.xlsx", {("满意度回访", "CB-0002", "满意度评分"): 10,
                                        ("满意度回访", "CB-0002", "客户建议"): "后来改的"})
    assert build_plan([tmp_path / "same.xlsx"]).summary()["callback"]["unchanged"] == 3
    edit(path, tmp_path / "other.xlsx", {("满意度回访", "CB-0002", "满意度评分"): 8})
    [conflict] = build_plan([tmp_path / "other.xlsx"]).conflicts
    assert (conflict.code, conflict.exported, conflict.current, conflict.returned) == ("CB-0002", 9, 10, 8)


def test_a_workbook_saved_with_the_1904_date_system_is_unchanged(sample, tmp_path):
    path = tmp_path / "all.xlsx"
    export_workbook(path, ["all"], lang="en", include_personal_data=True)
    book = openpyxl.load_workbook(path)
    book.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    book.save(tmp_path / "mac.xlsx")
    plan = build_plan([tmp_path / "mac.xlsx"])
    assert (plan.updated, plan.errors, plan.conflicts) == ([], [], [])
