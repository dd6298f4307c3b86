"""Importing returned workbooks: the plan is exactly the edits, permissions hold, conflicts are caught,
applying is all or nothing, and an import batch can be undone."""
from __future__ import annotations

import datetime as dt
import json

import openpyxl
import pytest

from reviewdesk import store
from reviewdesk.desktop.cli import main as cli
from reviewdesk.exporters.returns.apply import apply_plan
from reviewdesk.exporters.returns.plan import build_plan
from reviewdesk.exporters.xlsx.export import export_workbook
from reviewdesk.templates import ValidationError

from xlsx_helpers import fill_sample

pytestmark = pytest.mark.both_engines  # conftest.py: on PostgreSQL too, with REVIEWDESK_TEST_PG set


@pytest.fixture
def sample(db):
    fill_sample()
    return db


def headers(ws) -> dict[str, int]:
    return {c.value: c.column for c in ws[1] if c.value}


def row_of(ws, code: str) -> int:
    for row in ws.iter_rows(min_row=2, max_col=1):
        if row[0].value == code:
            return row[0].row
    raise KeyError(code)


def edit(source, target, changes: dict[tuple[str, str, str], object]) -> None:
    """Edit a workbook as a department would in Excel: (sheet, code, header) -> new value."""
    book = openpyxl.load_workbook(source)
    for (sheet, code, header), value in changes.items():
        ws = book[sheet]
        cell = ws.cell(row_of(ws, code), headers(ws)[header])
        cell.value = value
        if isinstance(value, str) and value.startswith("="):
            cell.data_type = "s"
    book.save(target)


def test_an_untouched_export_imports_as_an_empty_plan(sample, tmp_path):
    path = tmp_path / "all.xlsx"
    export_workbook(path, ["all"], lang="zh")
    plan = build_plan([path])
    assert (plan.created, plan.updated, plan.errors, plan.conflicts, plan.missing, plan.not_permitted) == \
        ([], [], [], [], [], [])
    summary = plan.summary()
    assert summary["issue"]["unchanged"] == 3 and summary["callback"]["unchanged"] == 3


def test_the_plan_is_exactly_the_edits(sample, tmp_path):
    path, edited = tmp_path / "all.xlsx", tmp_path / "edited.xlsx"
    export_workbook(path, ["all"], lang="zh")
    edit(path, edited, {("问题清单", "ISS-0002", "状态"): "处理中",
                        ("问题清单", "ISS-0002", "根因分析"): "依赖第三方物流系统手动同步",
                        ("目标确认表", "TGT-0001", "目标值"): 1,
                        ("优化方案", "PLN-0003", "完成节点"): "2099年11月30日",
                        ("满意度回访", "CB-0002", "客户建议"): "=希望短信通知"})
    plan = build_plan([edited])
    got = {(u.code, u.field, u.old, u.new) for u in plan.updated}
    assert got == {("ISS-0002", "status", "confirmed", "in_progress"),
                   ("ISS-0002", "root_cause", None, "依赖第三方物流系统手动同步"),
                   ("TGT-0001", "target_value", 1.5, 1),
                   ("PLN-0003", "end_date", dt.date(2099, 12, 1), dt.date(2099, 11, 30)),
                   ("CB-0002", "suggestion", "希望物流信息更新更及时", "=希望短信通知")}
    assert not plan.errors and not plan.conflicts and not plan.created
    assert all(u.sheet and u.row >= 2 for u in plan.updated)


def test_apply_is_one_batch_with_audit_source_and_a_backup_and_undo_restores(sample, tmp_path, engine):
    path, edited = tmp_path / "all.xlsx", tmp_path / "edited.xlsx"
    export_workbook(path, ["all"], lang="zh")
    book = openpyxl.load_workbook(path)
    ws = book["问题清单"]
    ws.cell(row_of(ws, "ISS-0003"), headers(ws)["状态"]).value = "已解决"
    new_row = ws.max_row + 1
    for header, value in {"问题概述": "发票开具需等待3个工作日", "问题类型": "效率类", "影响程度": "中", "发生频率": "中",
                          "责任部门": "财务部"}.items():
        ws.cell(new_row, headers(ws)[header]).value = value
    book.save(edited)
    plan = build_plan([edited])
    assert [c.values["title"] for c in plan.created] == ["发票开具需等待3个工作日"]
    batch = apply_plan(plan, who="组织者").batch
    assert store.get_record("ISS-0003")["status"] == "resolved"
    assert store.get_record("ISS-0004")["department"] == "FIN"
    sources = {e.source for e in store.history("ISS-0003") if e.action == "update"}
    assert sources == {f"import:{batch}:edited.xlsx"}  # data, shown as 导入批次 1（edited.xlsx）
    if engine == "sqlite":  # a team database's backups are IT's (pg_dump), not files beside it
        assert list(sample.parent.glob("review.import-*.bak.sqlite3"))
    assert store.import_batches()[0].batch == batch
    assert store.undo_import(batch, who="组织者") == store.UndoneBatch(batch, restored=1, removed=1, kept=())
    assert store.get_record("ISS-0003")["status"] == "open"
    with pytest.raises(store.NotFound):
        store.get_record("ISS-0004")
    with pytest.raises(Exception) as caught:
        store.undo_import(batch, who="组织者")
    assert "已于" in caught.value.zh


def test_undo_is_refused_when_a_later_change_touched_the_same_field(sample, tmp_path):
    path, edited = tmp_path / "all.xlsx", tmp_path / "edited.xlsx"
    export_workbook(path, ["issue"], lang="zh")
    edit(path, edited, {("问题清单", "ISS-0001", "状态"): "已确认"})
    batch = apply_plan(build_plan([edited]), who="a").batch
    store.update("ISS-0001", {"status": "closed"}, who="张敏")
    with pytest.raises(store.ChangedSinceImport) as caught:
        store.undo_import(batch, who="a")
    assert "ISS-0001 状态 现为「已关闭」" in caught.value.zh and store.acting_as("张敏") in caught.value.zh
    assert "--except-changed" in caught.value.zh
    assert store.get_record("ISS-0001")["status"] == "closed"


def test_undo_except_changed_puts_back_what_nobody_touched_and_lists_the_rest(sample, tmp_path, run):
    path, edited = tmp_path / "all.xlsx", tmp_path / "edited.xlsx"
    export_workbook(path, ["issue"], lang="zh")
    edit(path, edited, {("问题清单", "ISS-0001", "状态"): "已确认", ("问题清单", "ISS-0001", "备注"): "导入的备注",
                        ("问题清单", "ISS-0002", "备注"): "另一条"})
    batch = apply_plan(build_plan([edited]), who="a").batch
    store.update("ISS-0001", {"status": "closed"}, who="张敏")
    code, out, err = run("undo-import", str(batch))
    assert code == 1 and "现为「已关闭」" in err
    code, out, _ = run("undo-import", str(batch), "--except-changed")
    assert code == 0 and "以下 1 处在导入后又被修改，保持现值" in out and f"ISS-0001 状态 现为「已关闭」（{store.acting_as('张敏')}" in out
    one, two = store.get_record("ISS-0001"), store.get_record("ISS-0002")
    assert (one["status"], one["notes"], two["notes"]) == ("closed", None, None)


def test_a_field_set_back_to_the_imported_value_counts_as_untouched(sample, tmp_path):
    path, edited = tmp_path / "all.xlsx", tmp_path / "edited.xlsx"
    export_workbook(path, ["issue"], lang="zh")
    edit(path, edited, {("问题清单", "ISS-0001", "状态"): "已确认"})
    batch = apply_plan(build_plan([edited]), who="a").batch
    store.update("ISS-0001", {"status": "closed"}, who="张敏")
    store.update("ISS-0001", {"status": "confirmed"}, who="张敏")  # changed, then set back
    assert store.undo_import(batch, who="a").kept == ()
    assert store.get_record("ISS-0001")["status"] == "open"


def test_a_department_workbook_only_changes_what_the_department_may(sample, tmp_path):
    path, edited = tmp_path / "cs.xlsx", tmp_path / "cs_back.xlsx"
    export_workbook(path, ["all"], lang="zh", department="CS")
    book = openpyxl.load_workbook(path)
    ws = book["问题清单"]
    row = row_of(ws, "ISS-0001")
    ws.cell(row, headers(ws)["状态"]).value = "处理中"  # open to CS
    ws.cell(row, headers(ws)["影响程度"]).value = "低"  # locked for CS
    ws.cell(row + 1, 1).value = "ISS-0002"  # an IT row typed into CS's sheet
    ws.cell(row + 1, headers(ws)["状态"]).value = "已关闭"
    ws.cell(row + 1, headers(ws)["问题概述"]).value = "+物流信息更新慢"
    ws2 = book["目标确认表"]
    ws2.cell(ws2.max_row + 1, headers(ws2)["目标描述"]).value = "新目标"  # targets take no new department rows
    book.save(edited)
    plan = build_plan([edited])
    assert plan.department == "CS"
    assert [(u.code, u.field) for u in plan.updated] == [("ISS-0001", "status")]
    refused = {(n.code, n.field) for n in plan.not_permitted}
    assert refused == {("ISS-0001", "impact"), ("ISS-0002", None), (None, None)}
    assert any("不属于客服中心" in n.reason for n in plan.not_permitted)
    batch = apply_plan(plan, who="客服").batch
    assert store.get_record("ISS-0001")["impact"] == "high" and store.get_record("ISS-0002")["status"] == "confirmed"
    assert batch


def test_a_workbook_for_another_department_is_refused(sample, tmp_path):
    path = tmp_path / "it.xlsx"
    export_workbook(path, ["issue"], lang="zh", department="IT")
    plan = build_plan([path], department="CS")
    assert "是为技术部制作的" in plan.errors[0].message


def test_conflicts_are_shown_and_only_applied_when_a_side_is_taken(sample, tmp_path):
    path, edited = tmp_path / "all.xlsx", tmp_path / "edited.xlsx"
    export_workbook(path, ["plan_step"], lang="zh")
    edit(path, edited, {("优化方案", "PLN-0001", "进度"): 80, ("优化方案", "PLN-0002", "进度"): 100})
    store.update("PLN-0001", {"progress": 50}, who="other")  # the database moved on since the export
    store.update("PLN-0002", {"status": "in_progress"}, who="other")  # another field: no conflict
    plan = build_plan([edited])
    assert [(c.code, c.field, c.exported, c.current, c.returned) for c in plan.conflicts] == [
        ("PLN-0001", "progress", 40, 50, 80)]
    assert [(u.code, u.field) for u in plan.updated] == [("PLN-0002", "progress")]
    apply_plan(plan, who="a")
    assert store.get_record("PLN-0001")["progress"] == 50 and store.get_record("PLN-0002")["progress"] == 100
    plan = build_plan([edited])
    apply_plan(plan, who="a", take="sheet")
    assert store.get_record("PLN-0001")["progress"] == 80


def test_a_conflict_only_import_names_the_values_applies_nothing_and_exits_1_until_a_side_is_taken(sample, tmp_path,
                                                                                                   run, dump):
    path, edited = tmp_path / "all.xlsx", tmp_path / "edited.xlsx"
    export_workbook(path, ["plan_step"], lang="zh")
    edit(path, edited, {("优化方案", "PLN-0001", "进度"): 80, ("优化方案", "PLN-0002", "进度"): 100})
    store.update("PLN-0001", {"progress": 50}, who="other")
    before = dump(sample)
    code, out, _ = run("import", str(edited))
    assert code == 1 and dump(sample) == before  # all or nothing: the other row waits for the decision too
    assert "PLN-0001 进度：导出时 40，数据库 50，工作表 80" in out and "冲突（未解决" in out
    assert "1 处冲突未解决，未做任何更改" in out and "--take sheet" in out
    assert build_plan([edited]).summary()["plan_step"] == dict(created=0, updated=1, unchanged=1, missing=0,
                                                               not_permitted=0, conflicts=1, errors=0)
    code, out, _ = run("import", "--take", "sheet", str(edited))
    assert code == 0 and "冲突（按 --take sheet 取工作表的值）" in out and "已应用，导入批次 1" in out
    assert store.get_record("PLN-0001")["progress"] == 80 and store.get_record("PLN-0002")["progress"] == 100
    code, out, _ = run("import", "--dry-run", "--json", "--take", "database", str(edited))
    assert json.loads(out)["conflicts"] == []  # the sheet's values are the database's now


def test_rows_removed_from_the_sheet_are_reported_missing_never_deleted(sample, tmp_path):
    path, edited = tmp_path / "all.xlsx", tmp_path / "edited.xlsx"
    export_workbook(path, ["collab"], lang="zh")
    book = openpyxl.load_workbook(path)
    book["协作申请"].delete_rows(row_of(book["协作申请"], "COL-0002"))
    book.save(edited)
    plan = build_plan([edited])
    assert [m.code for m in plan.missing] == ["COL-0002"]
    assert not plan.has_changes


def test_lenient_where_people_are(sample, tmp_path):
    """English headers in any order, extra columns, dates and numbers as text, labels in either language."""
    path = tmp_path / "typed.xlsx"
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Plan"
    ws.append(["Progress", "Owner department", " Step no. ", "My notes", "Milestone date", "Status", "Action"])
    ws.append(["６０", "客服中心", "PLN-0001", "ignored", "2020/11/02", "进行中", "上线材料智能审核系统"])
    ws.append(["100", " Customer Service ", "pln-2", "", "2020.11.03", "done", "培训客服专员"])
    ws.append([None] * 7)
    ws.append([None] * 7)
    book.save(path)
    plan = build_plan([path])
    assert not plan.errors
    got = {(u.code, u.field, u.new) for u in plan.updated}
    assert got == {("PLN-0001", "progress", 60), ("PLN-0001", "end_date", dt.date(2020, 11, 2)),
                   ("PLN-0002", "progress", 100), ("PLN-0002", "end_date", dt.date(2020, 11, 3))}


def test_errors_name_sheet_row_column_value_and_suggest_near_misses(sample, tmp_path):
    path = tmp_path / "bad.xlsx"
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "问题清单"
    ws.append(["问题编号", "问题概述", "问题类型", "影响程度", "发生频率", "责任部门", "影响客户数", "发现日期"])
    ws.append(["ISS-0001", "x", "效率", "高", "高", "客服", "很多", "2026-02-30"])
    ws.append(["ISS-0001", "x", "效率类", "高", "高", "客服中心", 1, "2026-02-03"])
    ws.append(["ISS-0404", "x", "效率类", "高", "高", "客服中心", 1, None])
    ws.append(["TGT-0001", "x", "效率类", "高", "高", "客服中心", 1, None])
    book.save(path)
    plan = build_plan([path])
    errors = {(e.row, e.column): e for e in plan.errors}
    assert "效率类" in errors[(2, "问题类型")].message and errors[(2, "问题类型")].value == "效率"
    assert "客服中心" in errors[(2, "责任部门")].message
    assert "整数" in errors[(2, "影响客户数")].message
    assert "不是有效日期" in errors[(2, "发现日期")].message
    assert "编号重复" in errors[(3, "问题编号")].message
    assert "没有此编号" in errors[(4, "问题编号")].message
    assert "ISS-" in errors[(5, "问题编号")].message
    assert all(e.sheet == "问题清单" for e in plan.errors)
    with pytest.raises(store.ImportRefused):
        apply_plan(plan, who="a")


def test_codes_from_another_database_formulas_and_merged_cells_are_errors(sample, tmp_path):
    path = tmp_path / "all.xlsx"
    export_workbook(path, ["issue"], lang="zh")
    book = openpyxl.load_workbook(path)
    ws = book["问题清单"]
    ws.cell(row_of(ws, "ISS-0001"), headers(ws)["备注"]).value = "=1+1"  # a formula Excel has not calculated
    ws.merge_cells(start_row=row_of(ws, "ISS-0002"), start_column=2, end_row=row_of(ws, "ISS-0002"), end_column=3)
    book.save(tmp_path / "formula.xlsx")
    plan = build_plan([tmp_path / "formula.xlsx"])
    messages = [e.message for e in plan.errors]
    assert any("公式没有计算结果" in m for m in messages) and any("合并单元格" in m for m in messages)
    assert plan.missing == []  # the merged row is an error, not a record that went missing
    book = openpyxl.load_workbook(path)
    meta = book["_reviewdesk"]
    for row in meta.iter_rows():
        if row[0].value == "meta" and row[1].value == "database_id":
            row[2].value = "ffffffffffffffffffffffffffffffff"
    book.save(tmp_path / "other.xlsx")
    [error] = build_plan([tmp_path / "other.xlsx"]).errors
    assert "另一个 ReviewDesk 数据库" in error.message


def test_the_1904_date_system_is_read_right(sample, tmp_path):
    path = tmp_path / "mac.xlsx"
    book = openpyxl.Workbook()
    book.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    ws = book.active
    ws.title = "优化方案"
    ws.append(["步骤编号", "完成节点"])
    ws.append(["PLN-0003", dt.date(2099, 11, 30)])
    book.save(path)
    [update] = build_plan([path]).updated
    assert update.new == dt.date(2099, 11, 30)


def test_json_plan_shape(sample, tmp_path, capsys):
    path, edited = tmp_path / "all.xlsx", tmp_path / "edited.xlsx"
    export_workbook(path, ["issue"], lang="zh")
    edit(path, edited, {("问题清单", "ISS-0001", "发现日期"): dt.datetime(2026, 11, 30),
                        ("问题清单", "ISS-0001", "状态"): "Confirmed"})
    code = cli.main(["--db", str(sample), "import", str(edited), "--json", "--dry-run"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0 and data["applied"] is False and data["batch"] is None
    assert set(data) == {"files", "summary", "created", "updated", "missing", "not_permitted", "conflicts", "errors",
                         "applied_before", "recognised", "applied", "batch"}
    assert {(u["field"], u["new"]) for u in data["updated"]} == {("found_on", "2026-11-30"), ("status", "confirmed")}
    assert data["summary"]["issue"]["updated"] == 1
    code = cli.main(["--db", str(sample), "import", str(edited), "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0 and data["applied"] is True and data["batch"] == 1
    assert cli.main(["--db", str(sample), "undo-import", "1"]) == 0
    assert "已撤销导入批次 1" in capsys.readouterr().out


def test_imports_and_undo_import_print_the_batch_as_json(sample, tmp_path, run):
    """`imports --json` keeps its published keys; `undo-import --json` says what was restored, removed and kept, and
    a refused undo is a JSON error a script can read."""
    path, edited = tmp_path / "all.xlsx", tmp_path / "edited.xlsx"
    export_workbook(path, ["issue"], lang="zh")
    edit(path, edited, {("问题清单", "ISS-0001", "状态"): "已确认", ("问题清单", "ISS-0002", "备注"): "导入的备注"})
    assert run("import", str(edited))[0] == 0
    store.update("ISS-0002", {"notes": "改过了"}, who="张敏")
    code, out, _ = run("imports", "--json")
    [listed] = json.loads(out)
    assert list(listed) == ["batch", "at", "who", "files", "department", "counts", "undone_at", "undone_by",
                            "same_file_as"]
    assert (listed["batch"], listed["files"], listed["undone_at"], listed["counts"]["issue"]) == \
        (1, ["edited.xlsx"], None, {"created": 0, "updated": 2})
    code, out, _ = run("undo-import", "1", "--json")
    assert code == 1 and "ISS-0002 备注 现为「改过了」" in json.loads(out)["error"]["message"]
    code, out, _ = run("undo-import", "1", "--except-changed", "--json")
    result = json.loads(out)
    assert code == 0 and (result["batch"], result["restored"], result["removed"]) == (1, 1, 0)
    assert [(k["code"], k["field"], k["deleted"], k["current"], k["who"]) for k in result["kept"]] == \
        [("ISS-0002", "notes", False, "改过了", store.acting_as("张敏"))]
    assert store.get_record("ISS-0001")["status"] == "open" and store.get_record("ISS-0002")["notes"] == "改过了"
    [listed] = json.loads(run("imports", "--json")[1])
    assert listed["undone_at"] is not None and listed["undone_by"]


def test_cli_import_with_errors_applies_nothing_and_exits_1(sample, tmp_path, capsys, dump):
    path = tmp_path / "bad.xlsx"
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "问题清单"
    ws.append(["问题编号", "状态"])
    ws.append(["ISS-0001", "已解决"])
    ws.append(["ISS-0002", "不知道"])
    book.save(path)
    before = dump(sample)
    assert cli.main(["--db", str(sample), "import", str(path)]) == 1
    out = capsys.readouterr().out
    assert "「问题清单」第 3 行" in out and "不知道" in out and "未做任何更改" in out
    assert dump(sample) == before
    assert cli.main(["--db", str(sample), "import", str(path), "--valid-only"]) == 0
    assert store.get_record("ISS-0001")["status"] == "resolved"


def test_a_filled_blank_template_imports_as_new_records(db, tmp_path):
    from reviewdesk.exporters.xlsx.template import write_template

    path, filled = tmp_path / "blank.xlsx", tmp_path / "filled.xlsx"
    write_template(path, ["issue", "collab"], lang="en")
    book = openpyxl.load_workbook(path)
    ws = book["Issues"]
    for header, value in {"Summary": "Invoices take 3 days", "Category": "Compliance", "Impact": "medium",
                          "Frequency": "高", "Owner department": "Finance", "Owner": "陈静",
                          "Found on": "2026/11/20"}.items():
        ws.cell(2, headers(ws)[header]).value = value
    ws = book["Collaboration"]
    for header, value in {"Requesting department": "CS", "Cooperating department": "IT",
                          "Subject": "自动归档发票"}.items():
        ws.cell(2, headers(ws)[header]).value = value
    book.save(filled)
    plan = build_plan([filled])
    assert not plan.errors and not plan.missing and not plan.updated
    assert [(c.artefact, c.row) for c in plan.created] == [("issue", 2), ("collab", 2)]
    apply_plan(plan, who="组长")
    issue = store.get_record("ISS-0001")
    assert (issue["department"], issue["owner"], issue["priority"], issue["found_on"]) == \
        ("FIN", "陈静", "P2", dt.date(2026, 11, 20))
    assert store.get_record("COL-0001")["status"] == "submitted"


def test_a_batch_counts_the_records_it_updated_per_artefact_conflicts_taken_included(sample, tmp_path):
    path, edited = tmp_path / "all.xlsx", tmp_path / "edited.xlsx"
    export_workbook(path, ["all"], lang="zh")
    edit(path, edited, {("问题清单", "ISS-0002", "状态"): "处理中", ("问题清单", "ISS-0002", "根因分析"): "手动同步",
                        ("问题清单", "ISS-0003", "状态"): "已确认", ("满意度回访", "CB-0002", "客户建议"): "短信通知",
                        ("优化方案", "PLN-0001", "进度"): 80})
    store.update("PLN-0001", {"progress": 50}, who="other")
    applied = apply_plan(build_plan([edited]), who="a", take="sheet")
    [listed] = store.import_batches()
    assert listed.batch == applied.batch and listed.counts == applied.counts
    counts = listed.counts
    assert {k: v["updated"] for k, v in counts.items() if v["updated"]} == {"issue": 2, "callback": 1, "plan_step": 1}
    assert store.get_record("PLN-0001")["progress"] == 80


def test_a_workbook_with_the_first_contract_layout_still_imports(sample, tmp_path):
    """Workbooks sent out before format 2 list one contract line per row; they come back and still work."""
    path, old = tmp_path / "all.xlsx", tmp_path / "old.xlsx"
    export_workbook(path, ["issue"], lang="zh")
    book = openpyxl.load_workbook(path)
    meta = book["_reviewdesk"]
    lines = [[c.value for c in row] for row in meta.iter_rows()]
    meta.delete_rows(1, meta.max_row)
    for cells in lines:
        if cells[0] == "rows":
            for entry in cells[2].split():
                code, revision = entry.split(":")
                meta.append(["row", cells[1], code, int(revision)])
        elif cells[:2] == ["meta", "format_version"]:
            meta.append(["meta", "format_version", 1])
        else:
            meta.append(cells)
    book.save(old)
    edit(old, old, {("问题清单", "ISS-0002", "根因分析"): "改过"})
    store.update("ISS-0003", {"root_cause": "库里改的"}, who="t")
    edit(old, old, {("问题清单", "ISS-0003", "根因分析"): "表里改的"})
    plan = build_plan([old])
    assert [(u.code, u.new) for u in plan.updated] == [("ISS-0002", "改过")]
    assert [c.code for c in plan.conflicts] == ["ISS-0003"]  # the revision at export was read from the old lines
    assert plan.missing == [] and plan.errors == []


def test_many_rows_are_packed_into_several_contract_cells_in_order(sample, tmp_path, monkeypatch):
    from reviewdesk.exporters.xlsx import meta as xlsx_meta

    monkeypatch.setattr(xlsx_meta, "ROWS_CELL_CHARS", 60)  # a few codes per cell, as 100,000 rows would need
    store.create_many("callback", [{"ticket_no": f"T{i}", "score": 9, "callback_date": "2026-11-20"}
                                   for i in range(40)], who="t")
    path = tmp_path / "many.xlsx"
    export_workbook(path, ["callback"], lang="zh")
    packed = [row for row in openpyxl.load_workbook(path)["_reviewdesk"].iter_rows(values_only=True)
              if row[0] == "rows"]
    assert len(packed) > 5 and all(len(row[2]) <= 60 for row in packed)
    contract = xlsx_meta.read_contract(path)
    assert list(contract.rows["callback"]) == [r["code"] for r in store.select_records("callback")]
    plan = build_plan([path])
    assert plan.summary()["callback"]["unchanged"] == 43 and plan.missing == []


def test_a_returned_follow_up_owner_who_is_not_a_supervisor_is_an_error(sample, tmp_path):
    path, edited = tmp_path / "all.xlsx", tmp_path / "edited.xlsx"
    export_workbook(path, ["callback"], lang="zh")
    code = store.select_records("callback", {"follow_up_owner": ["张敏"]})
    code = next(iter(code))["code"]
    edit(path, edited, {("满意度回访", code, "二次沟通负责人"): "李娜"})
    plan = build_plan([edited])
    [error] = plan.errors
    assert error.column == "二次沟通负责人" and error.value == "李娜" and "应为主管或经理" in error.message
    assert plan.updated == []


def test_undoing_an_import_puts_back_an_owner_who_has_since_changed_role(sample, tmp_path):
    from reviewdesk.store import reference

    path, edited = tmp_path / "all.xlsx", tmp_path / "edited.xlsx"
    export_workbook(path, ["callback"], lang="zh")
    code = next(iter(store.select_records("callback", {"follow_up_owner": ["张敏"]})))["code"]
    edit(path, edited, {("满意度回访", code, "二次沟通负责人"): "陈静"})
    batch = apply_plan(build_plan([edited]), who="t").batch
    reference.save_person("张敏", "CS", "agent", who="t")
    store.undo_import(batch, who="t")
    assert store.get_record(code)["follow_up_owner"] == "张敏"


def test_a_workbook_from_a_newer_reviewdesk_is_refused_not_half_understood(sample, tmp_path):
    path, newer = tmp_path / "all.xlsx", tmp_path / "newer.xlsx"
    export_workbook(path, ["issue"], lang="zh")
    book = openpyxl.load_workbook(path)
    for row in book["_reviewdesk"].iter_rows():
        if row[0].value == "meta" and row[1].value == "format_version":
            row[2].value = "3"
    book.save(newer)
    [error] = build_plan([newer]).errors
    assert "更新版本的 ReviewDesk 导出（格式 3）" in error.message


def test_reading_all_rows_at_once_plans_exactly_what_reading_row_by_row_does(sample, tmp_path, monkeypatch):
    """A sheet whose rows all carry distinct codes as exported is read in one go (_rows_by_code_at_once); edits,
    a removed row, a conflict and the same codes in a second file must come out as the careful loop gives them."""
    from reviewdesk.exporters.returns import plan as import_plan

    path, edited = tmp_path / "all.xlsx", tmp_path / "edited.xlsx"
    export_workbook(path, ["all"], lang="zh")
    edit(path, edited, {("问题清单", "ISS-0002", "状态"): "处理中", ("满意度回访", "CB-0002", "客户建议"): "短信通知",
                        ("目标确认表", "TGT-0001", "目标值"): 1})
    book = openpyxl.load_workbook(edited)
    book["优化方案"].delete_rows(row_of(book["优化方案"], "PLN-0002"))
    book.save(edited)
    store.update("TGT-0001", {"target_value": 2}, who="someone")  # changed in the database too: a conflict
    taken = []
    at_once = import_plan._rows_by_code_at_once
    monkeypatch.setattr(import_plan, "_rows_by_code_at_once", lambda *a: taken.append(at_once(*a)) or taken[-1])
    quick = build_plan([edited, path]).to_json()
    assert sum(r is not None for r in taken) == 6 and taken[7:] == [None] * 7  # the second file repeats
    # every code (the first file's empty actions sheet reads nothing either)
    monkeypatch.setattr(import_plan, "_rows_by_code_at_once", lambda *a: None)
    assert build_plan([edited, path]).to_json() == quick
    assert {(u["code"], u["field"]) for u in quick["updated"]} == {("ISS-0002", "status"), ("CB-0002", "suggestion")}
    assert [m["code"] for m in quick["missing"]] == ["PLN-0002"]
    assert [c["code"] for c in quick["conflicts"]] == ["TGT-0001"]
    from reviewdesk.templates import WORKBOOK_ARTEFACTS
    in_first_file = sum(store.count_records(k) for k in WORKBOOK_ARTEFACTS) - 1
    assert len(quick["errors"]) == in_first_file and all("编号重复" in e["message"] for e in quick["errors"])


def test_a_department_can_fill_its_columns_of_a_record_that_breaks_a_rule_it_cannot_fix(sample, tmp_path):
    """COL-0001 was stored with the cooperating department equal to the requesting one (a hand edit, an older
    version). IT may change only status, response and completed on: its response goes in; the broken rule is
    not IT's to fix, and is still enforced on whoever changes those departments."""
    store.database.execute_sql("UPDATE collab SET requesting_department_id = cooperating_department_id "
                               "WHERE code = 'COL-0001'")
    path, edited = tmp_path / "it.xlsx", tmp_path / "it_back.xlsx"
    export_workbook(path, ["collab"], lang="zh", department="IT")
    edit(path, edited, {("协作申请", "COL-0001", "协作部门反馈"): "已排期,下周上线"})
    plan = build_plan([edited])
    assert (plan.errors, [(u.code, u.field) for u in plan.updated]) == ([], [("COL-0001", "response")])
    apply_plan(plan, who="技术部")
    assert store.get_record("COL-0001")["response"] == "已排期,下周上线"
    with pytest.raises(ValidationError) as caught:
        store.update("COL-0001", {"cooperating_department": "技术部"}, who="t")
    assert caught.value.errors[0].field == "cooperating_department"
