"""No sheet is left out in silence: renamed or swapped sheets are matched by what they hold, a sheet the export
listed that is gone is an error, and a sheet full of errors is checked only so far, with bounded work."""
from __future__ import annotations

import openpyxl
import pytest

from reviewdesk import store

from reviewdesk.desktop.cli import main as cli
from reviewdesk.exporters.returns.apply import apply_plan
from reviewdesk.exporters.returns.plan import MAX_ERRORS_PER_SHEET, build_plan
from reviewdesk.exporters.xlsx.export import export_workbook
from reviewdesk.exporters.xlsx.meta import META_SHEET

from test_import import edit
from xlsx_helpers import fill_sample

pytestmark = pytest.mark.both_engines  # conftest.py: on PostgreSQL too, with REVIEWDESK_TEST_PG set


@pytest.fixture
def exported(db, tmp_path):
    fill_sample()
    path = tmp_path / "all.xlsx"
    export_workbook(path, ["all"], lang="zh")
    return path


def rename(path, target, names: dict[str, str]) -> None:
    book = openpyxl.load_workbook(path)
    for old, new in names.items():
        book[old].title = new + "~"  # two steps, so two sheets can swap names
    for old, new in names.items():
        book[new + "~"].title = new
    book.save(target)


def test_sheets_whose_names_were_swapped_are_matched_by_their_headers(exported, tmp_path):
    edited, swapped = tmp_path / "edited.xlsx", tmp_path / "swapped.xlsx"
    edit(exported, edited, {("问题清单", "ISS-0002", "根因分析"): "接口超时",
                            ("满意度回访", "CB-0002", "客户建议"): "尽快"})
    rename(edited, swapped, {"问题清单": "满意度回访", "满意度回访": "问题清单"})
    plan = build_plan([swapped])
    assert plan.errors == [] and plan.missing == []
    assert {(u.code, u.field, u.new) for u in plan.updated} == {("ISS-0002", "root_cause", "接口超时"),
                                                                         ("CB-0002", "suggestion", "尽快")}


def test_a_data_sheet_renamed_like_the_contract_is_still_read(exported, tmp_path):
    """openpyxl cannot write two sheets of one name: the contract keeps its name, the data sheet takes a near one."""
    edited, renamed = tmp_path / "edited.xlsx", tmp_path / "renamed.xlsx"
    edit(exported, edited, {("问题清单", "ISS-0001", "根因分析"): "流程繁琐"})
    rename(edited, renamed, {"问题清单": META_SHEET.upper()})
    plan = build_plan([renamed])
    assert plan.errors == []
    assert [(u.code, u.new) for u in plan.updated] == [("ISS-0001", "流程繁琐")]


def test_a_sheet_the_export_listed_that_no_sheet_matches_is_an_error_not_a_gap(exported, tmp_path):
    broken = tmp_path / "broken.xlsx"
    book = openpyxl.load_workbook(exported)
    for cell in book["问题清单"][1]:
        cell.value = f"列{cell.column}"  # headers overwritten: the sheet no longer says what it holds
    book.save(broken)
    plan = build_plan([broken])
    [error] = plan.errors
    assert error.sheet == "问题清单" and "找不到「问题清单」工作表" in error.message
    assert "3 行都未检查" in error.message
    assert plan.missing == []  # its rows are not called deleted either


def test_a_sheet_full_of_errors_is_checked_only_so_far_and_never_applied(exported, tmp_path, capsys):
    bad = tmp_path / "bad.xlsx"
    book = openpyxl.load_workbook(exported)
    sheet = book["问题清单"]
    impact = [c.value for c in sheet[1]].index("影响程度") + 1
    for row in range(5, 5 + 3 * MAX_ERRORS_PER_SHEET):
        sheet.cell(row, 2, f"问题 {row}")
        sheet.cell(row, impact, "极高")  # not a choice: one error per row
    book.save(bad)
    plan = build_plan([bad])
    assert plan.incomplete and len(plan.errors) == MAX_ERRORS_PER_SHEET + 1
    assert "已停止检查" in plan.errors[-1].message and f"{2 * MAX_ERRORS_PER_SHEET} 行未检查" in \
        plan.errors[-1].message
    with pytest.raises(store.ImportRefused):
        apply_plan(plan, who="test", valid_only=True)
    assert cli.main(["import", "--valid-only", str(bad)]) == 1
    assert "已停止检查" in capsys.readouterr().out
