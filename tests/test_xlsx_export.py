"""Exported workbooks read back with openpyxl: headers, types, validations, locks, protection, contract."""
from __future__ import annotations

import datetime as dt

import pytest

from reviewdesk import store
from reviewdesk.exporters.xlsx import export as xlsx_export
from reviewdesk.exporters.xlsx.export import export_workbook
from reviewdesk.exporters.xlsx.lists import LIST_SHEET
from reviewdesk.exporters.xlsx.meta import META_SHEET, read_contract
from reviewdesk.templates import WORKBOOK_ARTEFACTS, Kind, ReviewDeskError, artefact

from xlsx_helpers import HOSTILE_TITLE, column_dimension, column_of, fill_sample, header, list_values, load, locked, rows, validations

# On SQLite only: what they check does not depend on the engine; the engine-specific parts (the one read, the
# table's SQL sorting and searching, import planning and applying) run on both in test_import, test_desktop_table,
# test_xlsx_cli and test_live.


@pytest.fixture
def sample(db):
    fill_sample()
    return db


@pytest.fixture
def exported(sample, tmp_path):
    path = tmp_path / "all.xlsx"
    summary = export_workbook(path, ["all"], lang="zh")
    return path, summary


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_one_sheet_per_artefact_with_headers_from_templates(sample, tmp_path, lang):
    path = tmp_path / f"{lang}.xlsx"
    export_workbook(path, ["all"], lang=lang)
    wb = load(path)
    names = [artefact(k).sheet(lang) for k in WORKBOOK_ARTEFACTS]
    assert wb.sheetnames == [("概览" if lang == "zh" else "Overview"), *names, LIST_SHEET, META_SHEET]
    for key in WORKBOOK_ARTEFACTS:
        art = artefact(key)
        assert header(wb[art.sheet(lang)]) == [art.code_label(lang)] + [f.label(lang) for f in art.fields]
    assert wb[LIST_SHEET].sheet_state == "hidden"
    assert wb[META_SHEET].sheet_state == "veryHidden"
    assert wb.active.title == wb.sheetnames[0]


def test_zh_sheet_names_are_the_contract_names(exported):
    wb = load(exported[0])
    assert wb.sheetnames[1:6] == ["问题清单", "目标确认表", "优化方案", "协作申请", "满意度回访"]


def test_cells_have_real_types_and_labels(exported):
    wb = load(exported[0])
    ws = wb["问题清单"]
    first = dict(zip(header(ws), rows(ws)[0]))
    assert first["问题编号"] == "ISS-0001"
    assert first["问题类型"] == "效率类" and first["影响程度"] == "高" and first["优先级"] == "P1"
    assert first["责任部门"] == "客服中心" and first["负责人"] == "李娜"
    assert first["发现日期"] == dt.datetime(2026, 11, 1)
    assert ws.cell(2, column_of(ws, "发现日期")).number_format == "yyyy-mm-dd"
    assert first["影响客户数"] == 1200 and isinstance(first["影响客户数"], int)
    target = dict(zip(header(wb["目标确认表"]), rows(wb["目标确认表"])[0]))
    assert target["基线值"] == 3 and target["目标值"] == 1.5
    assert target["关联问题"] == "ISS-0001" and target["方向"] == "降低"
    assert target["SMART 检查"] is None
    callback = [dict(zip(header(wb["满意度回访"]), r)) for r in rows(wb["满意度回访"])]
    assert callback[0]["需二次沟通"] == "是" and callback[0]["二次沟通期限"] == dt.datetime(2020, 11, 12)


def test_text_stays_text(exported):
    wb = load(exported[0])
    ws = wb["问题清单"]
    titles = [ws.cell(r, column_of(ws, "问题概述")) for r in (2, 3, 4)]
    assert [c.value for c in titles] == [HOSTILE_TITLE, "+物流信息更新慢", "@发票识别错误"]
    assert all(c.data_type == "s" for c in titles)
    assert ws.cell(3, column_of(ws, "问题描述")).value == "-5 天"
    assert ws.cell(3, column_of(ws, "问题描述")).data_type == "s"
    cb = wb["满意度回访"]
    assert cb.cell(3, column_of(cb, "客户建议")).value == "希望物流信息更新更及时"  # \x07 removed
    assert cb.cell(2, column_of(cb, "工单编号")).data_type == "s"


def test_personal_data_masked_unless_asked(sample, tmp_path):
    masked, plain = tmp_path / "m.xlsx", tmp_path / "p.xlsx"
    export_workbook(masked, ["callback"])
    export_workbook(plain, ["callback"], include_personal_data=True)
    ws = load(masked)["满意度回访"]
    assert [r[2] for r in rows(ws)] == ["王*", "L*", "赵*"]
    assert [r[3] for r in rows(ws)] == ["138****5678", "021****1234", None]
    assert locked(ws, 2, 3) and locked(ws, 2, 4)
    ws = load(plain)["满意度回访"]
    assert [r[2] for r in rows(ws)] == ["王先生", "Li Lei", "赵女士"]
    assert not locked(ws, 2, 3)
    assert read_contract(masked).meta["personal_data"] == "masked"
    assert read_contract(plain).meta["personal_data"] == "included"


def test_header_frozen_filtered_protected_and_print_ready(exported):
    wb = load(exported[0])
    for key in WORKBOOK_ARTEFACTS:
        art = artefact(key)
        ws = wb[art.sheet("zh")]
        last = ws.cell(1, len(art.fields) + 1).column_letter
        assert ws.freeze_panes == "B2"
        assert ws.auto_filter.ref == f"A1:{last}{ws.max_row}"
        assert all(c.font.b for c in ws[1]) and all(c.fill.fgColor.rgb.endswith(("DDEBF7", "D9D9D9")) for c in ws[1])
        assert ws.protection.sheet and ws.protection.password is None
        assert ws.protection.sort is False and ws.protection.autoFilter is False
        assert ws.protection.formatColumns is False and ws.protection.formatRows is False
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize in (9, 8)  # A4 or A3
        assert int(ws.page_setup.scale or 100) >= 80  # 10-point text printed at 8 points or more (100: the default)
        assert not (ws.sheet_properties.pageSetUpPr and ws.sheet_properties.pageSetUpPr.fitToPage)
        assert ws.print_title_rows == "$1:$1" and ws.print_title_cols == "$A:$A"
        assert "&P" in ws.oddFooter.center.text and "&N" in ws.oddFooter.center.text
        for col in range(1, len(art.fields) + 2):
            width = column_dimension(ws, col).width
            assert 8 <= width <= 45


def test_locks_code_and_computed_columns_only(exported):
    wb = load(exported[0])
    for key in WORKBOOK_ARTEFACTS:
        art = artefact(key)
        ws = wb[art.sheet("zh")]
        assert locked(ws, 2, 1)
        for index, field in enumerate(art.fields, start=2):
            assert locked(ws, 2, index) == (field.is_computed or field.personal), (key, field.key)


def test_drop_downs_come_from_the_hidden_list_sheet(exported):
    wb = load(exported[0])
    ws = wb["问题清单"]
    found = validations(ws)
    art = artefact("issue")
    for index, field in enumerate(art.fields, start=2):
        letter = ws.cell(1, index).column_letter
        dv = next((v for ref, v in found.items() if ref.startswith(f"{letter}2:")), None)
        assert dv is not None, field.key
        assert dv.promptTitle and dv.prompt  # an input message says what to type
        if field.kind is Kind.CHOICE and not field.is_computed:
            assert dv.type == "list" and dv.formula1.startswith(f"'{LIST_SHEET}'!")
            assert list_values(wb, dv.formula1) == [c.zh for c in field.choices]
        elif field.kind is Kind.DEPARTMENT:
            assert list_values(wb, dv.formula1) == ["客服中心", "技术部", "物流部", "财务部"]
        elif field.kind is Kind.PERSON:
            assert set(list_values(wb, dv.formula1)) == {"李娜", "张敏", "王强", "赵磊", "陈静"}
        elif field.kind is Kind.DATE:
            assert dv.type == "date"
        elif field.kind is Kind.INTEGER:
            assert dv.type == "whole" and dv.operator == "greaterThanOrEqual" and dv.formula1 == "0"
    callbacks = wb["满意度回访"]
    owner = next(c.column_letter for c in callbacks[1] if c.value == "二次沟通负责人")
    dv = next(v for ref, v in validations(callbacks).items() if ref.startswith(f"{owner}2:"))
    assert set(list_values(wb, dv.formula1)) == {"张敏", "王强", "陈静"}  # supervisors and managers only
    header_prompts = [v for ref, v in found.items() if ref.endswith("1") and ":" not in ref]
    assert len(header_prompts) == len(art.fields) + 1
    for dv in found.values():  # never an inline list
        assert dv.type != "list" or "!" in dv.formula1


def test_score_validation_and_extra_rows(exported):
    ws = load(exported[0])["满意度回访"]
    col = ws.cell(1, column_of(ws, "满意度评分")).column_letter
    dv = next(v for ref, v in validations(ws).items() if ref.startswith(f"{col}2:"))
    assert dv.type == "whole" and (dv.formula1, dv.formula2) == ("0", "10")
    assert str(dv.sqref) == f"{col}2:{col}{1 + 3 + xlsx_export.EXTRA_ROWS}"


def test_conditional_formats_mark_what_reviewers_look_for(exported):
    wb = load(exported[0])

    def formulas(name):
        return [r.formula[0] for cf in wb[name].conditional_formatting for r in cf.rules]

    assert any('="P1"' in f for f in formulas("问题清单"))
    plan = formulas("优化方案")
    assert any("TODAY()" in f and '"已完成"' in f and '"已取消"' in f for f in plan)
    collab = formulas("协作申请")
    assert any("TODAY()" in f and '"已完成"' in f and '"已拒绝"' in f for f in collab)
    callback = formulas("满意度回访")
    assert any("<8" in f for f in callback) and any("TODAY()" in f and "LEN(" in f for f in callback)


def test_contract_metadata(exported, sample):
    path, summary = exported
    contract = read_contract(path)
    assert contract.meta["format_version"] == "2" and contract.meta["kind"] == "export"
    assert contract.meta["database_id"] == store.database_id()
    assert contract.meta["export_id"] == summary.export_id
    assert contract.meta["language"] == "zh" and contract.meta["department"] == ""
    assert dt.datetime.fromisoformat(contract.meta["exported_at"])
    assert contract.sheets == {k: artefact(k).sheet("zh") for k in WORKBOOK_ARTEFACTS}
    for key in WORKBOOK_ARTEFACTS:
        assert [c["key"] for c in contract.columns[key]] == ["code"] + [f.key for f in artefact(key).fields]
        expected = {r["code"]: r["revision"] for r in store.select_records(key)}
        assert contract.rows.get(key, {}) == expected  # a sheet without rows has none in the contract
    store.update("ISS-0002", {"status": "closed"}, who="test")
    export_workbook(path, ["issue"])
    assert read_contract(path).rows["issue"]["ISS-0002"] == 2


def test_department_workbook_holds_its_rows_and_opens_its_columns(sample, tmp_path):
    path = tmp_path / "cs.xlsx"
    summary = export_workbook(path, ["all"], department="客服中心", deadline=dt.date(2026, 12, 7))
    assert summary.department == "CS"
    wb = load(path)
    codes = {k: [r[0] for r in rows(wb[artefact(k).sheet("zh")])] for k in WORKBOOK_ARTEFACTS}
    assert codes == {"issue": ["ISS-0001"], "target": ["TGT-0001"], "plan_step": ["PLN-0001", "PLN-0002"],
                     "collab": [], "callback": ["CB-0001"], "reading": ["RDG-0001", "RDG-0002"],
                     "action": []}
    for key in WORKBOOK_ARTEFACTS:
        art = artefact(key)
        ws = wb[art.sheet("zh")]
        if ws.max_row < 2:
            continue
        for index, field in enumerate(art.fields, start=2):
            assert locked(ws, 2, index) == (field.key not in art.department_editable), (key, field.key)
    contract = read_contract(path)
    assert contract.meta["department"] == "CS" and contract.meta["deadline"] == "2026-12-07"
    assert {c["key"] for c in contract.columns["issue"] if c["access"] == "open"} == set(artefact("issue").department_editable)
    overview = [c.value for row in wb["概览"].iter_rows() for c in row if c.value is not None]
    assert "客服中心（CS）" in overview and dt.datetime(2026, 12, 7) in overview
    it = tmp_path / "it.xlsx"
    export_workbook(it, ["collab", "callback"], department="IT")
    wb = load(it)
    assert [r[0] for r in rows(wb["协作申请"])] == ["COL-0001"]
    assert [r[0] for r in rows(wb["满意度回访"])] == ["CB-0003"]


def test_department_default_deadline_and_unknown_department(sample, tmp_path):
    summary = export_workbook(tmp_path / "log.xlsx", ["issue"], department="log", today=dt.date(2026, 11, 23))
    assert summary.deadline == dt.date(2026, 11, 30)
    with pytest.raises(ReviewDeskError) as info:
        export_workbook(tmp_path / "x.xlsx", ["issue"], department="客服")
    assert "客服中心" in info.value.zh


def test_filters(sample, tmp_path):
    path = tmp_path / "f.xlsx"
    summary = export_workbook(path, ["issue", "plan_step"], filters={"department": ["CS"]})
    assert summary.rows == {"issue": 1, "plan_step": 2}
    summary = export_workbook(path, ["issue"], filters={"状态": ["待分析", "已确认"], "code": ["ISS-2", "ISS-3"]})
    assert summary.rows == {"issue": 2}
    assert read_contract(path).meta["filters"] == '{"issue": {"status": ["待分析", "已确认"], "code": ["ISS-2", "ISS-3"]}}'
    with pytest.raises(ReviewDeskError):
        export_workbook(path, ["issue"], filters={"score": ["3"]})


def test_unknown_artefact_and_bad_target(sample, tmp_path):
    with pytest.raises(ReviewDeskError):
        export_workbook(tmp_path / "x.xlsx", ["meeting"])
    with pytest.raises(ReviewDeskError):
        export_workbook(tmp_path / "x.xls", ["issue"])
    with pytest.raises(ReviewDeskError):
        export_workbook(tmp_path / "missing" / "x.xlsx", ["issue"])


def test_failed_export_leaves_target_untouched(sample, tmp_path):
    path = tmp_path / "keep.xlsx"
    path.write_bytes(b"old")

    def cancel(done, total):
        return False

    xlsx_export.PROGRESS_EVERY, old = 1, xlsx_export.PROGRESS_EVERY
    try:
        with pytest.raises(ReviewDeskError):
            export_workbook(path, ["all"], progress=cancel)
    finally:
        xlsx_export.PROGRESS_EVERY = old
    assert path.read_bytes() == b"old"
    assert not any(p.name.startswith(".~") for p in tmp_path.iterdir())  # no temporary file left behind


def test_target_open_in_excel_is_a_clear_error(sample, tmp_path, monkeypatch):
    path = tmp_path / "open.xlsx"
    path.write_bytes(b"old")

    def locked_by_excel(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("reviewdesk.exporters.files.os.replace", locked_by_excel)
    with pytest.raises(ReviewDeskError) as info:
        export_workbook(path, ["issue"])
    assert "正在 Excel 或 WPS 中打开" in info.value.zh and "open in Excel" in info.value.en
    assert path.read_bytes() == b"old" and not any(p.name.startswith(".~") for p in tmp_path.iterdir())


def test_streamed_export_writes_the_same_cells(sample, tmp_path, monkeypatch):
    small, large = tmp_path / "s.xlsx", tmp_path / "l.xlsx"
    export_workbook(small, ["all"])
    monkeypatch.setattr(xlsx_export, "LARGE_EXPORT", 0)
    assert export_workbook(large, ["all"]).streamed
    a, b = load(small), load(large)
    for key in WORKBOOK_ARTEFACTS:
        name = artefact(key).sheet("zh")
        assert list(a[name].values) == list(b[name].values)
        assert [locked(a[name], 2, c) for c in range(1, a[name].max_column + 1)] == [
            locked(b[name], 2, c) for c in range(1, b[name].max_column + 1)]
        sheet_a, sheet_b = a[name], b[name]
        assert sheet_a.auto_filter.ref == sheet_b.auto_filter.ref and sheet_a.freeze_panes == sheet_b.freeze_panes
        assert sorted(str(v.sqref) for v in sheet_a.data_validations.dataValidation) == sorted(
            str(v.sqref) for v in sheet_b.data_validations.dataValidation)
        assert [r.formula for cf in sheet_a.conditional_formatting for r in cf.rules] == [
            r.formula for cf in sheet_b.conditional_formatting for r in cf.rules]
        heights = [sheet_a.row_dimensions[r].height for r in range(1, sheet_a.max_row + 1)]
        assert heights == [sheet_b.row_dimensions[r].height for r in range(1, sheet_b.max_row + 1)]
    assert read_contract(small).rows == read_contract(large).rows
    assert a["问题清单"].row_dimensions[2].height > 15  # two lines of description


def test_empty_database_exports_headers_only(db, tmp_path):
    path = tmp_path / "empty.xlsx"
    summary = export_workbook(path, ["all"], lang="en")
    assert summary.total == 0
    wb = load(path)
    assert wb["Issues"].max_row == 1 and wb["Issues"].auto_filter.ref == "A1:Q1"


def test_department_workbook_rows_below_open_only_where_it_may_add(sample, tmp_path):
    path = tmp_path / "cs.xlsx"
    export_workbook(path, ["issue", "target"], department="CS")
    wb = load(path)
    issue, target = wb["问题清单"], wb["目标确认表"]
    # issues may be added by a department: every typed column is open in the empty rows below
    below = issue.max_row + 1
    assert [locked(issue, below, c) for c in range(1, issue.max_column + 1)] == [
        True] + [f.is_computed for f in artefact("issue").fields]
    # ... while the existing row stays locked where the department may not change it
    assert locked(issue, 2, column_of(issue, "问题概述")) and not locked(issue, 2, column_of(issue, "根因分析"))
    # targets cannot be added: nothing below the data is open, and there are no validations there
    assert all(locked(target, target.max_row + 1, c) for c in range(1, target.max_column + 1))
    assert all(str(dv.sqref).endswith(str(target.max_row)) or str(dv.sqref).endswith("1")
               for dv in target.data_validations.dataValidation)


def test_progress_is_reported(sample, tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx_export, "PROGRESS_EVERY", 2)
    seen = []
    export_workbook(tmp_path / "p.xlsx", ["all"], progress=lambda done, total: seen.append((done, total)))
    assert seen[:3] == [(2, 14), (4, 14), (6, 14)] and seen[-1] == (14, 14)


def test_overview_has_native_charts_and_key_figures(exported):
    wb = load(exported[0])
    overview = wb["概览"]
    charts = {c.title.tx.rich.p[0].r[0].t: c for c in overview._charts}
    assert set(charts) == {"影响程度 × 发生频率", "问题清单：按状态", "目标确认表：按确认状态", "目标确认表：按跟踪状态",
                           "协作申请：未完成（按协作部门）", "满意度回访：满意度评分分布", "指标跟踪：按阶段"}
    assert type(charts["影响程度 × 发生频率"]).__name__ == "ScatterChart"
    assert len(charts["影响程度 × 发生频率"].series) == 3  # one point per occupied cell of the matrix
    assert charts["问题清单：按状态"].series[0].val.numRef.f.startswith("概览!")
    cells = {(c.row, c.column): c.value for row in overview.iter_rows() for c in row if c.value is not None}
    labels = {v: k for k, v in cells.items() if isinstance(v, str)}
    row, col = labels["平均满意度评分"]
    assert cells[(row, col + 1)] == 6.0  # (6 + 9 + 3) / 3
    row, col = labels["二次沟通已逾期"]
    assert cells[(row, col + 1)] == 1
