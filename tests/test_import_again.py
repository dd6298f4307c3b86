"""A workbook returned twice creates nothing twice: its new rows are recognised (unchanged, or an update of the
record they created), the very same file is named before anything else, and the history says so."""
from __future__ import annotations

import json

import openpyxl
import pytest

from reviewdesk import store
from reviewdesk.exporters.returns.apply import apply_plan
from reviewdesk.exporters.returns.plan import build_plan
from reviewdesk.exporters.xlsx.export import export_workbook

from xlsx_helpers import fill_sample

pytestmark = pytest.mark.both_engines  # conftest.py: on PostgreSQL too, with REVIEWDESK_TEST_PG set

SHEET, ISSUES = "协作申请", "问题清单"


@pytest.fixture
def returned(db, tmp_path):
    """CS's department workbook with one new collaboration request typed in, as the department mails it back."""
    fill_sample()
    source, path = tmp_path / "cs.xlsx", tmp_path / "cs-returned.xlsx"
    export_workbook(source, ["collab"], lang="zh", department="CS")
    add_rows(source, path, [{"协作部门": "技术部", "协作事项": "退款接口联调"}])
    return path


@pytest.fixture
def returned_issue(db, tmp_path):
    """CS's department workbook with a new issue: CS owns that row, and may change its root cause later."""
    fill_sample()
    source, path = tmp_path / "cs.xlsx", tmp_path / "cs-returned.xlsx"
    export_workbook(source, ["issue"], lang="zh", department="CS")
    add_rows(source, path, [{"问题概述": "退款到账慢", "问题类型": "效率类", "影响程度": "高", "发生频率": "中",
                             "根因分析": "人工复核"}], sheet=ISSUES)
    return path


def add_rows(source, target, rows: list[dict], sheet: str = SHEET) -> None:
    book = openpyxl.load_workbook(source)
    sheet = book[sheet]
    headers = [c.value.rstrip("*").strip() if c.value else c.value for c in sheet[1]]
    for values in rows:
        row = sheet.max_row + 1
        for label, value in values.items():
            sheet.cell(row, headers.index(label) + 1, value)
    book.save(target)


def set_cell(source, target, row: int, label: str, value, sheet: str = SHEET) -> None:
    book = openpyxl.load_workbook(source)
    sheet = book[sheet]
    headers = [c.value.rstrip("*").strip() if c.value else c.value for c in sheet[1]]
    sheet.cell(row, headers.index(label) + 1, value)
    book.save(target)


def collab_codes() -> list[str]:
    return [r["code"] for r in store.select_records("collab")]


def test_the_same_workbook_twice_creates_its_new_row_once_and_says_it_was_applied(returned, run):
    before = collab_codes()
    code, out, _ = run("import", str(returned))
    assert code == 0
    [created] = [c for c in collab_codes() if c not in before]
    code, out, _ = run("import", str(returned))
    assert out.splitlines()[0].startswith(f"注意：{returned.name} 与导入批次 1（")  # before anything else
    assert f"导入批次 1 已新建为 {created}" in out and "没有需要应用的更改" in out
    assert collab_codes() == [*before, created]
    code, out, _ = run("import", "--dry-run", "--json", str(returned))
    plan = json.loads(out)
    assert plan["created"] == [] and [a["batch"] for a in plan["applied_before"]] == [1]
    assert [(r["code"], r["batch"]) for r in plan["recognised"]] == [(created, 1)]


def issue_codes() -> list[str]:
    return [r["code"] for r in store.select_records("issue")]


def test_a_later_version_of_the_new_row_updates_the_record_it_created(returned_issue, tmp_path):
    apply_plan(build_plan([returned_issue]), who="cs")
    created = issue_codes()[-1]
    later = tmp_path / "cs-returned-2.xlsx"
    row = openpyxl.load_workbook(returned_issue)[ISSUES].max_row
    set_cell(returned_issue, later, row, "根因分析", "人工复核两次", sheet=ISSUES)
    plan = build_plan([later])
    assert plan.created == [] and plan.applied_before == [] and plan.not_permitted == []
    assert [(u.code, u.field, u.new) for u in plan.updated] == [(created, "root_cause", "人工复核两次")]
    apply_plan(plan, who="cs")
    assert store.get_record(created)["root_cause"] == "人工复核两次" and issue_codes()[-1] == created


def test_a_change_made_in_the_database_meanwhile_is_a_conflict_not_overwritten(returned_issue, tmp_path):
    apply_plan(build_plan([returned_issue]), who="cs")
    created = issue_codes()[-1]
    store.update(created, {"root_cause": "系统限制"}, who="lead")
    assert build_plan([returned_issue]).updated == []  # the sheet still says what was created: only the database moved
    later = tmp_path / "cs-returned-2.xlsx"
    set_cell(returned_issue, later, openpyxl.load_workbook(returned_issue)[ISSUES].max_row, "根因分析", "人员不足",
             sheet=ISSUES)
    [conflict] = build_plan([later]).conflicts
    assert (conflict.code, conflict.exported, conflict.current, conflict.returned) == \
        (created, "人工复核", "系统限制", "人员不足")


def test_the_requesting_department_cannot_rewrite_a_request_it_sent(returned, tmp_path):
    """A request belongs to the cooperating department once created (ARTEFACTS.md): recognised, not permitted."""
    apply_plan(build_plan([returned]), who="cs")
    created = collab_codes()[-1]
    later = tmp_path / "cs-returned-2.xlsx"
    set_cell(returned, later, openpyxl.load_workbook(returned)[SHEET].max_row, "协作事项", "退款接口联调（加急）")
    plan = build_plan([later])
    assert plan.created == [] and plan.updated == [] and [r.code for r in plan.recognised] == [created]
    assert [n.code for n in plan.not_permitted] == [created]


def test_sorted_rows_and_two_copies_in_one_import_are_recognised(returned, tmp_path):
    copy = tmp_path / "cs-returned-copy.xlsx"
    copy.write_bytes(returned.read_bytes())
    plan = build_plan([returned, copy])
    assert len(plan.created) == 1 and plan.recognised[0].same_as.file == returned.name
    apply_plan(plan, who="cs")
    created = collab_codes()[-1]
    sorted_rows = tmp_path / "sorted.xlsx"
    book = openpyxl.load_workbook(returned)
    sheet = book[SHEET]
    sheet.insert_rows(2)  # the new row moves down one: found by its values, not its place
    book.save(sorted_rows)
    plan = build_plan([sorted_rows])
    assert plan.created == [] and [r.code for r in plan.recognised] == [created]


def test_after_undo_the_row_is_new_again_and_the_history_names_the_same_file(returned, run):
    apply_plan(build_plan([returned]), who="cs")
    store.undo_import(1, who="cs")
    plan = build_plan([returned])
    assert len(plan.created) == 1 and plan.applied_before == [] and plan.recognised == []
    apply_plan(plan, who="cs")
    assert store.import_batches()[0].same_file_as == {returned.name: 1}
    code, out, _ = run("imports")
    assert f"{returned.name}（与批次 1 为同一文件）" in out


def test_a_deleted_record_is_not_silently_created_again(returned):
    apply_plan(build_plan([returned]), who="cs")
    created = collab_codes()[-1]
    store.delete(created, who="lead")
    [error] = build_plan([returned]).errors
    assert f"新建为 {created}" in error.message and "已被删除" in error.message
