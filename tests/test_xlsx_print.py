"""What a printed workbook looks like (#16 items 14–16): text never under 8 points, no page for an empty sheet or
an empty chart, marked rows whose white cells still look editable, and an overview that says which meeting, by
when and to whom."""
from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess

import pytest

from reviewdesk import store
from reviewdesk.exporters.review.pack import write_pack
from reviewdesk.exporters.xlsx.export import export_workbook
from reviewdesk.exporters.xlsx.sheet import MIN_PRINTED_POINTS, print_layout
from reviewdesk.exporters.xlsx.styles import FONT_SIZE
from reviewdesk.exporters.xlsx.summary import READER_SPREAD, overview_layout
from reviewdesk.templates import WORKBOOK_ARTEFACTS, artefact

from xlsx_helpers import column_dimension, fill_sample, load

TODAY = dt.date(2026, 11, 23)
A4_ROOM, A3_ROOM = (297 / 25.4 - 0.8) * 72, (420 / 25.4 - 0.8) * 72  # landscape, between the side margins


@pytest.fixture
def sample(db):
    fill_sample()
    return db


def printed_widths(ws) -> list[float]:
    """Points at 100 %: a stored width counts characters of 7 pixels, padding included (the file format's rule)."""
    return [column_dimension(ws, c).width * 7 * 0.75 for c in range(1, ws.max_column + 1)]


def wide_issues() -> None:
    """Issues whose long texts widen every text column to its limit: a sheet far wider than an A3 page."""
    long = "退换货审核需要人工复核两次才能进入退款环节" * 3
    store.create_many("issue", [dict(title=long, description=long, root_cause=long, notes=long, category="效率类",
                                     impact="高", frequency="高", department="CS", process_node=long, owner="李娜")
                                for _ in range(3)], who="test")


def test_layout_fits_the_width_only_where_text_stays_8_points():
    narrow = print_layout([60.0] * 10)  # 600 pt: A4 at full size
    assert (narrow.paper_name, narrow.scale, narrow.pages_across) == ("A4", 100, 1)
    a4 = print_layout([70.0] * 12)  # 840 pt: a little smaller on A4
    assert a4.paper_name == "A4" and 80 <= a4.scale < 100 and a4.pages_across == 1
    a3 = print_layout([70.0] * 15)  # 1050 pt: too small on A4, fits A3
    assert a3.paper_name == "A3" and a3.scale >= 80 and a3.pages_across == 1
    wide = print_layout([110.0] * 15)  # 1650 pt: would be 5 points on A4, 7 on A3
    assert wide.paper_name == "A4" and wide.scale >= 80 and wide.pages_across == 2
    assert print_layout([110.0] * 15, font_points=9).scale >= 89  # 9-point text: 8 points needs 89 %


def test_printed_text_is_never_under_8_points(sample, tmp_path):
    wide_issues()
    for department in (None, "CS"):
        path = tmp_path / f"{department}.xlsx"
        export_workbook(path, ["all"], department=department)
        wb = load(path)
        for key in WORKBOOK_ARTEFACTS:
            ws = wb[artefact(key).sheet("zh")]
            if ws.sheet_state != "visible":
                continue
            scale = int(ws.page_setup.scale or 100)  # 100, the default, is left out of the file
            assert FONT_SIZE * scale / 100 >= MIN_PRINTED_POINTS, (key, scale)
            assert not (ws.sheet_properties.pageSetUpPr and ws.sheet_properties.pageSetUpPr.fitToPage)
            room = A4_ROOM if ws.page_setup.paperSize == 9 else A3_ROOM
            if sum(printed_widths(ws)) * scale / 100 > room:  # columns flow on: the code and header on every page
                assert ws.print_title_cols == "$A:$A" and ws.print_title_rows == "$1:$1", key
                assert ws.page_setup.paperSize == 9 and ws.print_options.horizontalCentered is not True
        issues = wb["问题清单"]
        assert sum(printed_widths(issues)) > A3_ROOM / 0.8  # the case of the issue: wider than A3 at 8 points
        assert int(issues.page_setup.scale) >= 80 and issues.print_title_cols == "$A:$A"
        assert "pageOrder" not in str(issues.page_setup) or issues.page_setup.pageOrder == "overThenDown"
    overview = wb["概览"]
    assert FONT_SIZE * int(overview.page_setup.scale) / 100 >= MIN_PRINTED_POINTS
    # the overview's charts stay beside its tables even where columns come out 1.4 times wider than in Excel
    assert overview_layout(True).scale >= 80 and READER_SPREAD >= 1.33


def test_empty_sheets_and_empty_charts_are_not_printed(sample, tmp_path):
    # logistics holds an issue, a plan step and a request, but no target and no callback
    export_workbook(tmp_path / "log.xlsx", ["all"], department="LOG")
    wb = load(tmp_path / "log.xlsx")
    assert wb["目标确认表"].sheet_state == "hidden" and wb["满意度回访"].sheet_state == "hidden"
    assert all(wb[n].sheet_state == "visible" for n in ("概览", "问题清单", "优化方案", "协作申请"))
    overview = wb["概览"]
    titles = {c.title.tx.rich.p[0].r[0].t for c in overview._charts}
    assert "满意度评分分布" not in titles  # no callbacks: no chart of zeros
    texts = [c for row in overview.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert "无记录，已隐藏" in texts and "回访：满意度评分分布" not in texts
    # finance has nothing: issues and requests, which it may add, stay in sight but print nothing
    export_workbook(tmp_path / "fin.xlsx", ["all"], department="FIN")
    wb = load(tmp_path / "fin.xlsx")
    assert [wb[artefact(k).sheet("zh")].sheet_state for k in WORKBOOK_ARTEFACTS] == [
        "visible", "hidden", "hidden", "visible", "hidden", "visible", "hidden"]  # readings too: it may add them
    for name in ("问题清单", "协作申请"):
        area = wb[name].print_area
        area = area[0] if isinstance(area, list) else area
        cell = area.split("!")[-1].replace("$", "").split(":")[0]
        assert wb[name][cell].value is None and wb[name][cell].has_style is False  # one blank, unformatted cell
    assert load(tmp_path / "fin.xlsx")["概览"]._charts == []


def filled(rule) -> bool:
    fill = rule.dxf.fill if rule.dxf else None
    return fill is not None and fill.bgColor is not None and fill.bgColor.rgb not in (None, "00000000")


def test_marked_rows_keep_their_white_cells_white(sample, tmp_path):
    for department in (None, "CS"):  # in the whole workbook the score may be typed in; in a department's it is locked
        export_workbook(tmp_path / f"{department}.xlsx", ["issue", "plan_step", "collab", "callback"],
                        department=department)
        wb = load(tmp_path / f"{department}.xlsx")
        for key in ("issue", "plan_step", "collab", "callback"):
            ws = wb[artefact(key).sheet("zh")]
            for cf in ws.conditional_formatting:
                for rule in cf.rules:
                    columns = {c for r in cf.sqref.ranges for c in range(r.min_col, r.max_col + 1)}
                    open_columns = {c for c in columns if not column_dimension(ws, c).protection.locked}
                    assert not (filled(rule) and open_columns), (key, str(cf.sqref), rule.formula)  # never on white
        low = [rule for cf in wb["满意度回访"].conditional_formatting for rule in cf.rules if "<8" in rule.formula[0]]
        assert len(low) == 1 and filled(low[0]) == (department == "CS") and low[0].dxf.font.b  # still stands out
    issue = wb["问题清单"]
    p1 = [(str(cf.sqref), rule) for cf in issue.conditional_formatting for rule in cf.rules if '"P1"' in rule.formula[0]]
    assert sorted(ref.split(":")[0] for ref, _ in p1) == ["A2", "B2"]  # the code cell filled; the rest only tinted
    code_rule = next(rule for ref, rule in p1 if ref.startswith("A2"))
    assert code_rule.dxf.fill.bgColor.rgb.endswith("FFC7CE") and code_rule.dxf.font.color.rgb.endswith("9C0006")
    texts = [c for row in wb["概览"].iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert any("白色单元格同样可以修改" in t for t in texts)  # the instructions say so
    legend = [t for t in texts if t.startswith("优先级 P1（核心问题）")]
    assert legend and "编号列上色" in legend[0]


def test_department_overview_names_meeting_deadline_and_organiser(sample, tmp_path):
    store.create("meeting", dict(title="退换货流程跨部门评审会", date="2026-12-01", place="3楼第一会议室", organizer="李娜",
                                 departments="CS,IT"), who="t")
    write_pack("MTG-0001", tmp_path, per_department=True, today=TODAY)
    rows = list(load(tmp_path / "评审工作簿-技术部.xlsx")["概览"].iter_rows(values_only=True))
    assert rows[0][0] == "退换货流程跨部门评审会 · 技术部"  # the headline is the meeting, not an id
    lines = {r[0]: r[1] for r in rows if r[0] is not None}
    assert lines["评审会议"] == "退换货流程跨部门评审会（MTG-0001）"
    assert lines["会议日期"] == dt.datetime(2026, 12, 1) and lines["会议地点"] == "3楼第一会议室"
    assert lines["交回期限"] == dt.datetime(2026, 11, 30)  # the day before the meeting, within the week
    assert lines["交回给"] == "李娜（会议组织者，客服中心）"
    assert lines["发给部门"] == "技术部（IT）"
    support = "参考编号（联系技术支持时提供）"
    export_id = lines[support]
    assert re.fullmatch(r"[0-9a-f]{32}", export_id)
    labels = [r[0] for r in rows if r[0] is not None]
    assert labels.index(support) == len(labels) - 1  # at the foot, not among the headline lines
    assert not any(isinstance(v, str) and "MTG-0001 材料范围" in v for r in rows for v in r)
    assert [r[1] for r in rows if r[0] == "材料范围"] == [  # the sheets sharing a scope on one line
        "问题清单、目标确认表、优化方案、协作申请、满意度回访、行动项：未关闭的记录", "指标跟踪：测量日期在最近 14 天内的记录"]
    notes = [r[0] for r in rows if isinstance(r[0], str) and r[0][:2] in {f"{i}." for i in range(1, 10)}]
    assert notes[-1].endswith("发给上方「交回给」所列的人。")
    # English is as complete
    write_pack("MTG-0001", tmp_path / "en", lang="en", per_department=True, today=TODAY)
    rows = list(load(tmp_path / "en" / "review-workbook-IT.xlsx")["Overview"].iter_rows(values_only=True))
    lines = {r[0]: r[1] for r in rows if r[0] is not None}
    assert lines["Review meeting"] == "退换货流程跨部门评审会 (MTG-0001)"
    assert lines["Send back to"] == "李娜 (the meeting's organiser, Customer Service)"
    assert lines["Return by"] == dt.datetime(2026, 11, 30) and "Reference for support" in lines


def test_return_deadline_is_a_week_but_before_the_meeting():
    from reviewdesk.exporters.xlsx.export import return_deadline

    today = dt.date(2026, 11, 23)
    assert return_deadline(today) == dt.date(2026, 11, 30)
    assert return_deadline(today, dt.date(2026, 11, 26)) == dt.date(2026, 11, 25)
    assert return_deadline(today, dt.date(2026, 12, 20)) == dt.date(2026, 11, 30)
    assert return_deadline(today, dt.date(2026, 11, 1)) == dt.date(2026, 11, 30)  # held already: a week
    assert return_deadline(today, today) == dt.date(2026, 11, 30)


@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                    reason="LibreOffice (soffice) and pdftotext are not installed")
def test_libreoffice_prints_no_small_text_and_no_empty_sheet(sample, tmp_path):
    wide_issues()
    export_workbook(tmp_path / "log.xlsx", ["all"], department="LOG")
    export_workbook(tmp_path / "cs.xlsx", ["all"], department="CS")
    profile = tmp_path / "lo-profile"
    for name in ("log", "cs"):
        subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(tmp_path), str(tmp_path / f"{name}.xlsx")], check=True, timeout=180,
                       capture_output=True)
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "log.pdf"), "-"], check=True, capture_output=True,
                          text=True, timeout=60).stdout
    assert "问题编号" in text and "目标编号" not in text and "回访编号" not in text  # hidden sheets print nothing
    boxes = subprocess.run(["pdftotext", "-bbox", str(tmp_path / "cs.pdf"), "-"], check=True, capture_output=True,
                           text=True, timeout=60).stdout
    codes = re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">(?:ISS|TGT|PLN|COL|CB)-\d+<', boxes)
    heights = [float(b) - float(a) for a, b in codes]
    # the codes in the cells: a word's box is about 1.3 times its point size, so 9 points of box is text of about
    # 7 points or more; the issue sheet fitted to one page wide printed it at about 5 points (boxes of 6)
    assert len(heights) > 20 and min(heights) >= 9
