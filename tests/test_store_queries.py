"""The store queries the window stands on: order by any field, search, ranges, counts with conditions."""
from __future__ import annotations

import datetime as dt

import pytest

from reviewdesk import store
from reviewdesk.templates import FieldError

pytestmark = pytest.mark.both_engines  # conftest.py: on PostgreSQL too, with REVIEWDESK_TEST_PG set


def codes(**kw):
    return [r["code"] for r in store.select_records("plan_step", **kw)]


@pytest.fixture
def steps(db):
    store.create_many("plan_step", [
        dict(action="培训客服", department="IT", owner="王强", end_date="2026-11-03", progress="50"),
        dict(action="上线审核系统", department="CS", end_date="2026-11-01"),
        dict(action="物流接口改造", department="LOG", owner="赵磊", progress="10", deliverable="接口文档"),
    ], who="t")


def test_order_by_any_field_blanks_last(steps):
    assert codes(order="end_date") == ["PLN-0002", "PLN-0001", "PLN-0003"]
    assert codes(order="end_date", descending=True) == ["PLN-0001", "PLN-0002", "PLN-0003"]
    assert codes(order="owner") == ["PLN-0001", "PLN-0003", "PLN-0002"]  # 王 before 赵 by code point
    assert codes(order="department") == ["PLN-0002", "PLN-0001", "PLN-0003"]  # 客服中心, 技术部, 物流部
    assert codes(order="progress", offset=1, limit=1) == ["PLN-0001"]


def test_any_value_narrows_nothing_but_the_field_must_exist(steps):
    """FIELD=* (--where end_date=*): every record, a blank one too; a field the artefact lacks is still refused."""
    assert codes(filters={"end_date": ["*"]}) == ["PLN-0001", "PLN-0002", "PLN-0003"]
    assert codes(filters={"end_date": ["*"], "department": ["CS"]}) == ["PLN-0002"]
    assert store.count_records("plan_step", {"owner": [" * "]}) == 3
    with pytest.raises(FieldError):
        store.count_records("plan_step", {"no_such_field": ["*"]})


def test_search_ranges_and_counts(steps):
    assert codes(search="接口") == ["PLN-0003"]  # action or deliverable
    assert codes(search="pln-0002") == ["PLN-0002"]
    assert codes(ranges={"end_date": (dt.date(2026, 11, 2), None)}) == ["PLN-0001"]
    assert codes(ranges={"progress": (None, 20)}) == ["PLN-0003"]
    assert store.count_records("plan_step", search="审核") == 1
    assert store.count_records("plan_step", {"department": ["CS", "IT"]}) == 2
    assert store.count_records("plan_step", {"deliverable": [""]}) == 2  # blank: the field is empty


def test_one_read_gives_records_by_codes_by_ids_and_with_some_fields_only(steps):
    """select_records narrows by codes or row ids (any number, read a bounded IN list at a time) and reads only the
    fields asked for, the values the same as a whole record's."""
    whole = {r["code"]: r for r in store.select_records("plan_step")}
    some = list(store.select_records("plan_step", codes=["PLN-0003", "PLN-0001", "PLN-0009"],
                                     fields=["owner", "end_date", "department"]))
    assert sorted(r["code"] for r in some) == ["PLN-0001", "PLN-0003"]
    for record in some:
        assert set(record) == {"code", "revision", "owner", "end_date", "department"}
        assert record == {k: whole[record["code"]][k] for k in record}
    ids = store.select_ids("plan_step", order="department")
    assert [r["code"] for r in store.records_by_ids("plan_step", list(reversed(ids)) + [10 ** 6])] == \
        ["PLN-0003", "PLN-0001", "PLN-0002"]
    many = [f"PLN-{n:04d}" for n in range(1, 2000)]  # more codes than one IN list takes
    assert sorted(r["code"] for r in store.select_records("plan_step", codes=many, fields=[])) == sorted(whole)
    assert list(store.select_records("plan_step", {"department": ["CS"]}, codes=["PLN-0001", "PLN-0002"],
                                     fields=["action"])) == [{"code": "PLN-0002", "revision": 1, "action": "上线审核系统"}]
