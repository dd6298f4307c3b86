"""Blank templates: empty sheets ready for typing, and an instruction sheet explaining every column."""
from __future__ import annotations

import pytest

from reviewdesk.exporters.xlsx.lists import LIST_SHEET
from reviewdesk.exporters.xlsx.meta import META_SHEET, read_contract
from reviewdesk.exporters.xlsx.template import TEMPLATE_ROWS, write_template
from reviewdesk.templates import WORKBOOK_ARTEFACTS, Kind, artefact

from xlsx_helpers import column_dimension, header, list_values, load, validations

pytestmark = pytest.mark.both_engines  # conftest.py: on PostgreSQL too, with REVIEWDESK_TEST_PG set


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_template_sheets_headers_and_open_columns(db, tmp_path, lang):
    path = tmp_path / "t.xlsx"
    summary = write_template(path, ["issue", "callback"], lang=lang)
    wb = load(path)
    first = "填写说明" if lang == "zh" else "Instructions"
    assert wb.sheetnames == [first, artefact("issue").sheet(lang), artefact("callback").sheet(lang), LIST_SHEET, META_SHEET]
    assert wb.active.title == first
    for key in ("issue", "callback"):
        art = artefact(key)
        ws = wb[art.sheet(lang)]
        assert header(ws) == [art.code_label(lang)] + [f.label(lang) for f in art.fields]
        assert ws.max_row == 1  # no rows: nothing would be imported by accident
        assert ws.freeze_panes == "B2" and ws.protection.sheet
        for index, field in enumerate([None, *art.fields], start=1):
            assert column_dimension(ws, index).protection.locked == (field is None or field.is_computed)
        choice = next(f for f in art.fields if f.kind is Kind.CHOICE and not f.is_computed)
        letter = ws.cell(1, art.fields.index(choice) + 2).column_letter
        dv = validations(ws)[f"{letter}2:{letter}{TEMPLATE_ROWS + 1}"]
        assert dv.type == "list" and list_values(wb, dv.formula1) == [c.label(lang) for c in choice.choices]
    contract = read_contract(path)
    assert contract.meta["kind"] == "template" and contract.meta["export_id"] == summary.export_id
    assert contract.rows == {} and list(contract.columns) == ["issue", "callback"]


def test_instructions_explain_every_column(db, tmp_path):
    path = tmp_path / "all.xlsx"
    write_template(path, ["all"])
    wb = load(path)
    cells = [[c.value for c in row] for row in wb["填写说明"].iter_rows()]
    heads = [r for r in cells if r[0] == "列名"]
    assert len(heads) == len(WORKBOOK_ARTEFACTS)
    assert heads[0][:7] == ["列名", "英文列名", "含义", "是否必填", "可选值", "格式", "示例记录"]
    by_label = {}
    for r in cells:
        by_label.setdefault(r[0], r)
    issue = artefact("issue")
    for field in issue.fields:
        row = by_label[field.zh]
        assert row[1] == field.en and row[2]
        assert row[3] == ("自动生成，不填" if field.is_computed else "必填" if field.required else "选填")
        if field.kind is Kind.CHOICE and not field.is_computed:
            assert row[4] == "、".join(c.zh for c in field.choices)
    assert by_label["影响程度"][6] == "高" and by_label["发现日期"][6] == "2026-11-30"
    assert by_label["责任部门"][4].startswith("客服中心、技术部")
    assert by_label["影响客户数"][4] == "不小于 0"


def test_english_template_examples_use_english_labels(db, tmp_path):
    path = tmp_path / "en.xlsx"
    write_template(path, ["issue"], lang="en")
    rows = {r[0]: r for r in ([c.value for c in row] for row in load(path)["Instructions"].iter_rows())}
    assert rows["Owner department"][6] == "Customer Service"
    assert rows["Impact"][6] == "High" and rows["Impact"][4] == "High, Medium, Low"
    assert rows["Summary"][1] == "问题概述" and rows["Summary"][3] == "Required"
