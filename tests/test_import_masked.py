"""Masked personal data never goes back into the database: a masked column's edits are not permitted, and a value
that still carries the mask is refused wherever it is typed."""
from __future__ import annotations

import json

import openpyxl
import pytest

from reviewdesk import store
from reviewdesk.exporters.returns.apply import apply_plan
from reviewdesk.exporters.returns.plan import build_plan
from reviewdesk.exporters.xlsx.export import export_workbook
from reviewdesk.templates import ValidationError

from test_import import edit
from xlsx_helpers import fill_sample

pytestmark = pytest.mark.both_engines  # conftest.py: on PostgreSQL too, with REVIEWDESK_TEST_PG set


@pytest.fixture
def sample(db):
    fill_sample()
    return db


def callback(code: str) -> dict:
    return store.get_record(code)


def test_a_slightly_changed_mask_and_a_new_phone_are_not_permitted_and_nothing_is_written(sample, tmp_path, dump):
    """The reported loss: 邓* with a zero-width space appended, and the phone replaced, overwrote the real values."""
    source, returned = tmp_path / "masked.xlsx", tmp_path / "returned.xlsx"
    export_workbook(source, ["callback"], lang="zh")
    sheet = openpyxl.load_workbook(source)["满意度回访"]
    assert [c.value for c in sheet[2]][2:4] == ["王*", "138****5678"]  # what the sender saw
    edit(source, returned, {("满意度回访", "CB-0001", "客户姓名"): "王*\u200b",
                            ("满意度回访", "CB-0001", "联系方式"): "13900000000",
                            ("满意度回访", "CB-0001", "客户建议"): "电话打不通"})
    plan = build_plan([returned])
    assert [(u.code, u.field, u.new) for u in plan.updated] == [("CB-0001", "suggestion", "电话打不通")]
    refused = {n.field: n.reason for n in plan.not_permitted}
    assert set(refused) == {"customer_name", "phone"}
    assert "已隐藏" in refused["customer_name"] and "含个人信息" in refused["customer_name"]
    assert plan.errors == []
    apply_plan(plan, who="test")
    record = callback("CB-0001")
    assert (record["customer_name"], record["phone"], record["suggestion"]) == ("王先生", "13812345678", "电话打不通")


def test_the_department_workbook_keeps_masked_columns_out_too(sample, tmp_path):
    source, returned = tmp_path / "cs.xlsx", tmp_path / "cs-returned.xlsx"
    export_workbook(source, ["callback"], lang="en", department="CS")
    edit(source, returned, {("Callbacks", "CB-0001", "Customer"): "Wang Wei"})
    plan = build_plan([returned], lang="en")
    assert plan.updated == [] and plan.errors == []
    assert [(n.code, n.field) for n in plan.not_permitted] == [("CB-0001", "customer_name")]
    assert "masked in this export" in plan.not_permitted[0].reason


def test_an_unmasked_export_still_changes_personal_data(sample, tmp_path):
    source, returned = tmp_path / "full.xlsx", tmp_path / "full-returned.xlsx"
    export_workbook(source, ["callback"], lang="zh", include_personal_data=True)
    edit(source, returned, {("满意度回访", "CB-0001", "联系方式"): "13900000000"})
    plan = build_plan([returned])
    assert [(u.field, u.old, u.new) for u in plan.updated] == [("phone", "13812345678", "13900000000")]
    assert plan.not_permitted == []


@pytest.mark.parametrize("typed", ["王*", "138****5678", "邓＊"])
def test_a_value_that_carries_the_mask_is_refused_in_an_unmasked_workbook_and_a_new_row(sample, tmp_path, typed):
    """Rows copied from a masked workbook into an unmasked one, or typed as new rows, never store the mask."""
    source, returned = tmp_path / "full.xlsx", tmp_path / "copied.xlsx"
    export_workbook(source, ["callback"], lang="zh", include_personal_data=True)
    edit(source, returned, {("满意度回访", "CB-0002", "客户姓名"): typed})
    book = openpyxl.load_workbook(returned)
    sheet = book["满意度回访"]
    headers = [c.value for c in sheet[1]]
    new_row = sheet.max_row + 1
    for label, value in (("工单编号", "XR-NEW"), ("客户姓名", typed), ("回访日期", "2026-11-20")):
        sheet.cell(new_row, headers.index(label) + 1, value)
    book.save(returned)
    plan = build_plan([returned])
    assert plan.updated == [] and plan.created == []
    assert [(e.row, e.field) for e in plan.errors] == [(3, "customer_name"), (new_row, "customer_name")]
    assert all("隐藏后的个人信息" in e.message for e in plan.errors)
    with pytest.raises(store.ImportRefused):
        apply_plan(plan, who="test")
    assert callback("CB-0002")["customer_name"] == "Li Lei"


def test_the_command_line_and_the_form_refuse_a_masked_value(sample, run):
    code, _, err = run("set", "CB-0001", "customer_name=王*")
    assert code == 1 and "隐藏后的个人信息" in err
    with pytest.raises(ValidationError):
        store.create("callback", dict(ticket_no="XR1", customer_name="Li", phone="139****0000",
                                      callback_date="2026-11-20"), who="test")
    code, out, _ = run("show", "CB-0001", "--json")
    assert json.loads(out)["customer_name"] == "王先生"
