"""Exporting what a table shows: search, filters and ranges reach the workbook and the Word document unchanged."""
from __future__ import annotations

import datetime as dt

import pytest

from reviewdesk import store
from docx_helpers import all_text, open_docx
from reviewdesk.exporters.word.documents import export_document
from reviewdesk.exporters.returns.plan import build_plan
from reviewdesk.exporters.xlsx.export import export_workbook
from reviewdesk.exporters.xlsx.meta import read_contract
from xlsx_helpers import load, rows

pytestmark = pytest.mark.both_engines  # conftest.py: on PostgreSQL too, with REVIEWDESK_TEST_PG set

# (title, description, status, found on, department): only ISS-0001 and ISS-0003 meet SHOWN
ISSUES = [("物流信息更新慢", None, "in_progress", "2026-11-03", "CS"),
          ("物流单号错误", None, "in_progress", "2026-10-01", "CS"),
          ("退款慢", "涉及物流", "in_progress", "2026-11-10", "LOG"),
          ("物流延迟", None, "open", "2026-11-05", "CS"),
          ("发票错误", None, "in_progress", "2026-11-05", "CS"),
          ("物流费用", None, "in_progress", "2026-11-06", "FIN")]
SHOWN = {"filters": {"status": ["in_progress"], "department": ["CS", "LOG"]}, "search": "物流",
         "ranges": {"found_on": (dt.date(2026, 11, 1), dt.date(2026, 11, 30))}}
CONDITIONS_ZH = "搜索“物流” · 状态 = 处理中 · 责任部门 = 客服中心/物流部 · 发现日期 2026-11-01 – 2026-11-30"


def fill_issues() -> None:
    store.create_many("issue", [dict(title=title, description=description, status=status, found_on=found_on,
                                     department=department, category="efficiency", impact="high", frequency="low")
                                for title, description, status, found_on, department in ISSUES], who="test")
    store.create("plan_step", dict(action="物流接口改造", department="LOG"), who="test")


def overview_lines(path) -> dict[str, list]:
    """The overview's label → values of the lines that have a label in column A."""
    lines: dict[str, list] = {}
    for label, value, *_ in load(path)["概览"].iter_rows(values_only=True):
        if label is not None:
            lines.setdefault(label, []).append(value)
    return lines


@pytest.fixture
def issues(db):
    fill_issues()


def test_the_sheet_holds_the_rows_select_records_gives_and_says_why(issues, tmp_path):
    path = tmp_path / "shown.xlsx"
    summary = export_workbook(path, ["issue", "plan_step"], shown={"issue": SHOWN})
    expected = [r["code"] for r in store.select_records("issue", **SHOWN)]
    assert expected == ["ISS-0001", "ISS-0003"] and summary.rows == {"issue": 2, "plan_step": 1}
    assert [r[0] for r in rows(load(path)["问题清单"])] == expected
    assert overview_lines(path)["筛选条件"] == ["问题清单：" + CONDITIONS_ZH]  # the plan steps are whole: no line
    contract = read_contract(path)
    assert list(contract.rows["issue"]) == expected and list(contract.rows["plan_step"]) == ["PLN-0001"]
    assert contract.meta["search"] == '{"issue": "物流"}'
    assert contract.meta["ranges"] == '{"issue": {"found_on": ["2026-11-01", "2026-11-30"]}}'
    english = tmp_path / "en.xlsx"
    export_workbook(english, ["issue"], lang="en", shown={"issue": SHOWN})
    [line] = [v for label, v, *_ in load(english)["Overview"].iter_rows(values_only=True) if label == "Conditions"]
    assert line == ('Issues: search "物流" · Status = In progress · Owner department = Customer Service/Logistics'
                    ' · Found on 2026-11-01 – 2026-11-30')


def test_a_whole_export_states_no_conditions(issues, tmp_path):
    path = tmp_path / "all.xlsx"
    assert export_workbook(path, ["issue"]).rows == {"issue": len(ISSUES)}
    assert "筛选条件" not in overview_lines(path)


def test_a_department_workbook_keeps_its_rows_among_those_shown(issues, tmp_path):
    path = tmp_path / "cs.xlsx"
    export_workbook(path, ["issue"], department="CS", shown={"issue": SHOWN})
    assert [r[0] for r in rows(load(path)["问题清单"])] == ["ISS-0001"]


def test_rows_left_out_of_a_partial_sheet_are_not_missing_on_import(issues, tmp_path):
    path = tmp_path / "shown.xlsx"
    export_workbook(path, ["issue"], shown={"issue": SHOWN})
    book = load(path)
    ws = book["问题清单"]
    status = [c.value for c in ws[1]].index("状态") + 1
    ws.cell(2, status).value = "已解决"
    book.save(path)
    plan = build_plan([path])
    assert plan.missing == [] and not plan.errors
    assert [(u.code, u.field, u.new) for u in plan.updated] == [("ISS-0001", "status", "resolved")]
    assert plan.unchanged["issue"] == 1

    ws.delete_rows(3)  # a row the sheet was given and no longer has is still reported
    book.save(path)
    assert [m.code for m in build_plan([path]).missing] == ["ISS-0003"]


def test_the_word_document_takes_the_same_conditions(issues, tmp_path):
    path = tmp_path / "shown.docx"
    summary = export_document(path, "issue", **SHOWN)
    assert summary.rows == 2
    text = all_text(open_docx(path))
    assert "筛选条件：" + CONDITIONS_ZH in text and "物流信息更新慢" in text and "物流单号错误" not in text


def test_any_value_narrows_nothing_and_says_so(issues, tmp_path):
    """--where status=* (any value, blank too) keeps every row and reads （任意） / (any), not a bare asterisk."""
    path = tmp_path / "any.xlsx"
    anything = {"issue": {"filters": {"status": ["*"]}}}
    assert export_workbook(path, ["issue"], shown=anything).rows == {"issue": len(ISSUES)}
    assert overview_lines(path)["筛选条件"] == ["问题清单：状态 = （任意）"]
    english = tmp_path / "any-en.xlsx"
    export_workbook(english, ["issue"], lang="en", shown=anything)
    assert [v for label, v, *_ in load(english)["Overview"].iter_rows(values_only=True) if label == "Conditions"] == \
        ["Issues: Status = (any)"]
