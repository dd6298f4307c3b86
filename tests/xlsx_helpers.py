"""Shared data for the workbook tests: a few records of every artefact, and openpyxl helpers."""
from __future__ import annotations

import openpyxl

from reviewdesk import store

HOSTILE_TITLE = "=HYPERLINK(\"http://evil\",\"click\")"


def fill_sample() -> None:
    """Three issues, a target, three plan steps, two requests, three callbacks and two KPI readings, spread over
    departments."""
    store.create_many("issue", [
        dict(title=HOSTILE_TITLE, description="第一行\n第二行", category="效率类", impact="高", frequency="高",
             department="CS", owner="李娜", found_on="2026-11-01", affected_customers="1200", source="data"),
        dict(title="+物流信息更新慢", description="-5 天", category="experience", impact="medium", frequency="high",
             department="IT", owner="王强", status="confirmed"),
        dict(title="@发票识别错误", category="compliance", impact="low", frequency="low", department="LOG"),
    ], who="test")
    store.create("target", dict(issue="ISS-0001", title="客户提交材料次数从3次降至1次", metric="材料提交次数", unit="次",
                                baseline="3", target_value="1.5", department="CS", due_date="2026-12-31"), who="test")
    store.create_many("plan_step", [
        dict(action="上线材料智能审核系统", department="CS", end_date="2020-11-01", status="in_progress", progress="40"),
        dict(action="培训客服专员", department="CS", end_date="2020-11-01", status="done"),
        dict(action="物流接口改造", department="LOG", start_date="2026-11-02", end_date="2099-12-01", target="TGT-0001"),
    ], who="test")
    store.create_many("collab", [
        dict(requesting_department="CS", cooperating_department="IT", subject="工单系统新增材料自动归档功能",
             due_date="2020-11-01", urgency="urgent"),
        dict(requesting_department="IT", cooperating_department="LOG", subject="物流状态接口", status="done"),
    ], who="test")
    store.create_many("callback", [
        dict(ticket_no="XR20231015001", customer_name="王先生", phone="13812345678", score="6", follow_up_owner="张敏",
             resolved_on="2020-11-05", callback_date="2020-11-10"),
        dict(ticket_no="XR20231015002", customer_name="Li Lei", phone="021-5555 1234", score="9",
             resolved_on="2026-11-05", callback_date="2026-11-06", suggestion="希望物流信息\x07更新更及时"),
        dict(ticket_no="XR20231015003", customer_name="赵女士", score="3", follow_up_owner="王强",
             callback_date="2026-11-06", follow_up_result="已补发配件"),
    ], who="test")
    store.create_many("reading", [
        dict(target="TGT-0001", measured_on="2026-10-01", value="3", phase="baseline", source="工单系统"),
        dict(target="TGT-0001", measured_on="2026-11-15", value="2.2", phase="pilot", period="week"),
    ], who="test")


def load(path, **kw) -> openpyxl.Workbook:
    return openpyxl.load_workbook(path, **kw)


def header(ws) -> list:
    return [c.value for c in ws[1]]


def column_of(ws, label: str) -> int:
    """1-based column of a header label."""
    return header(ws).index(label) + 1


def rows(ws) -> list[list]:
    return [list(r) for r in ws.iter_rows(min_row=2, values_only=True) if any(v is not None for v in r)]


def validations(ws) -> dict[str, object]:
    """Data validations by their first cell range string."""
    return {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}


def list_values(wb, formula: str) -> list[str]:
    """The values a list validation's source range points at on the list sheet."""
    sheet, cells = formula.lstrip("=").split("!")
    ws = wb[sheet.strip("'")]
    return [c.value for row in ws[cells.replace("$", "")] for c in row]


def column_dimension(ws, index: int):
    """The <col> entry covering a 1-based column (writers group neighbours with the same width and style)."""
    for dim in ws.column_dimensions.values():
        if dim.min is not None and dim.min <= index <= dim.max:
            return dim
    raise KeyError(index)


def locked(ws, row: int, col: int) -> bool:
    """Whether a cell is locked: its own format when it was written, else its column's (as Excel does)."""
    cell = ws._cells.get((row, col))
    if cell is not None and cell.has_style:  # openpyxl creates unstyled cells when rows are iterated
        return cell.protection.locked
    return column_dimension(ws, col).protection.locked
