"""The proof that an artefact is declared once (#18): an artefact that exists only in this test — with a date, a
choice, a department, a person, a reference, a mark and a figure — goes through every face of ReviewDesk with no
change anywhere but its declaration: the command line, Excel export, a department's workbook, the blank template,
import with its plan and apply, undo, Word, a review pack, the dashboard, and the window's table and editor."""
from __future__ import annotations

import datetime as dt
import json

import openpyxl
import pytest
from docx import Document

from reviewdesk import store
from reviewdesk.templates import Artefact, Field, Kind, WORKBOOK_ARTEFACTS
from reviewdesk.templates.artefacts import declare, withdraw
from reviewdesk.templates.figures import by, count
from reviewdesk.templates.marks import Mark, NotIn, Past, all_of
from reviewdesk.templates.schema import choices

from desktop_helpers import boxes, settings, window  # noqa: F401

pytestmark = pytest.mark.both_engines  # conftest.py: on PostgreSQL too, with REVIEWDESK_TEST_PG set

TODAY = dt.date.today()
LONG_AGO = dt.date(2026, 1, 5)

RISK = Artefact(
    key="risk", zh="风险登记", en="Risk register", prefix="RSK", code_zh="风险编号", code_en="Risk no.",
    sheet_zh="风险", sheet_en="Risks",
    fields=(
        Field("title", "风险描述", "Risk", Kind.TEXT, required=True, max_length=200, example="物流接口延期"),
        Field("issue", "关联问题", "Issue", Kind.REFERENCE, reference="issue", example="ISS-0001"),
        Field("level", "风险等级", "Level", Kind.CHOICE, required=True, example="high", choices=choices(
            ("high", "高", "High"), ("medium", "中", "Medium"), ("low", "低", "Low"))),
        Field("department", "责任部门", "Owner department", Kind.DEPARTMENT, required=True, example="客服中心"),
        Field("owner", "负责人", "Owner", Kind.PERSON, example="李娜"),
        Field("review_on", "复核日期", "Review on", Kind.DATE, example=dt.date(2026, 12, 1)),
        Field("status", "状态", "Status", Kind.CHOICE, default="open", example="open", choices=choices(
            ("open", "未关闭", "Open"), ("closed", "已关闭", "Closed"))),
        Field("notes", "备注", "Notes", Kind.LONG_TEXT),
    ),
    department_field="department",
    department_editable=("owner", "status", "notes"),
    department_may_add=True,
    open=NotIn("status", ("closed",)),
    marks=(Mark("overdue", "overdue", None, all_of(Past("review_on"), NotIn("status", ("closed",))),
                "复核日期已过而未关闭", "Review date passed and not closed"),),
    figures=(by("level", "按风险等级", "By level", chart=True),
             count("overdue", "复核已逾期", "Review overdue", only="overdue")),
)


@pytest.fixture
def risk(db):
    """The risk register declared, on a database created with it; withdrawn when the test ends."""
    from conftest import DEPARTMENTS, PEOPLE, emptied
    declare(RISK)
    emptied(db)
    store.open_database(db)  # a new database: its tables are made from the declarations, the risk's too
    from reviewdesk.store import reference
    for code, zh, en in DEPARTMENTS:
        reference.save_department(code, zh, en, who="test")
    for name, dept, role in PEOPLE:
        reference.save_person(name, dept, role, who="test")
    store.create("issue", dict(title="退款慢", category="efficiency", impact="high", frequency="high"), who="t")
    yield db
    withdraw(RISK.key)


def test_the_command_line_keeps_it(risk, run):
    assert "risk" in WORKBOOK_ARTEFACTS
    code, out, err = run("add", "risk", "title=物流接口延期", "level=高", "department=客服中心", "owner=李娜",
                         "issue=ISS-0001", f"review_on={LONG_AGO.isoformat()}")
    assert code == 0, err
    assert "RSK-0001" in out
    code, out, _ = run("list", "risk", "--json")
    listed = json.loads(out)
    assert listed[0]["code"] == "RSK-0001" and listed[0]["level"] == "high" and listed[0]["department"] == "CS"
    code, out, _ = run("show", "RSK-0001")
    assert "风险等级" in out and "高" in out and "客服中心" in out and "ISS-0001" in out
    assert run("set", "RSK-0001", "status=已关闭")[0] == 0
    code, out, _ = run("history", "RSK-0001")
    assert "未关闭" in out and "已关闭" in out
    code, out, err = run("add", "risk", "title=缺等级", "department=CS")
    assert code != 0 and "风险等级" in err  # its required choice is required


def test_excel_department_workbook_template_import_and_undo(risk, run, tmp_path):
    store.create_many("risk", [dict(title="物流接口延期", level="high", department="CS", review_on=LONG_AGO),
                               dict(title="系统上线推迟", level="low", department="IT")], who="t")
    # the whole export, with the overdue mark as a conditional format
    assert run("export", "risk", "-o", str(tmp_path / "all.xlsx"))[0] == 0
    book = openpyxl.load_workbook(tmp_path / "all.xlsx")
    sheet = book["风险"]
    assert [c.value for c in sheet[1]][:4] == ["风险编号", "风险描述", "关联问题", "风险等级"]
    assert sheet["D2"].value == "高"
    assert any("TODAY()" in rule.formula[0] for rules in sheet.conditional_formatting for rule in rules.rules)
    overview = {c.value for row in book["概览"].iter_rows() for c in row if c.value is not None}
    assert "风险：按风险等级" in overview and "复核已逾期" in overview
    # a department's workbook holds its rows only, with its columns open
    assert run("export", "risk", "-o", str(tmp_path / "cs.xlsx"), "--department", "CS")[0] == 0
    cs = openpyxl.load_workbook(tmp_path / "cs.xlsx")["风险"]
    assert [cs.cell(r, 1).value for r in range(2, 4)] == ["RSK-0001", None]
    # the blank template
    assert run("template", "risk", "-o", str(tmp_path / "blank.xlsx"))[0] == 0
    assert "风险" in openpyxl.load_workbook(tmp_path / "blank.xlsx").sheetnames
    # the department changes its notes, tries its title, and adds a risk of its own
    book = openpyxl.load_workbook(tmp_path / "cs.xlsx")
    sheet = book["风险"]
    header = [c.value for c in sheet[1]]
    sheet.cell(2, header.index("备注") + 1, "已与物流部确认新排期")
    sheet.cell(2, header.index("风险描述") + 1, "改了标题")
    for key, value in (("风险描述", "客服排班不足"), ("风险等级", "中")):
        sheet.cell(3, header.index(key) + 1, value)
    book.save(tmp_path / "cs.xlsx")
    code, out, err = run("import", str(tmp_path / "cs.xlsx"), "--dry-run", "--json")
    plan = json.loads(out)
    assert [(u["code"], u["field"], u["new"]) for u in plan["updated"]] == [("RSK-0001", "notes", "已与物流部确认新排期")]
    assert [n["field"] for n in plan["not_permitted"]] == ["title"]
    assert plan["created"][0]["values"]["department"] == "CS" and plan["created"][0]["values"]["level"] == "medium"
    code, out, err = run("import", str(tmp_path / "cs.xlsx"), "--valid-only", "--json")
    batch = json.loads(out)["batch"]
    assert store.get_record("RSK-0001")["notes"] == "已与物流部确认新排期"
    assert store.get_record("RSK-0003")["title"] == "客服排班不足"
    assert run("undo-import", str(batch))[0] == 0
    assert store.get_record("RSK-0001")["notes"] is None
    with pytest.raises(store.NotFound):
        store.get_record("RSK-0003")


def test_word_document_and_pack(risk, run, tmp_path):
    store.create_many("risk", [dict(title="物流接口延期", level="high", department="CS", review_on=LONG_AGO),
                               dict(title="系统上线推迟", level="low", department="IT", status="closed")], who="t")
    assert run("export", "risk", "-o", str(tmp_path / "risk.docx"))[0] == 0
    text = "\n".join(p.text for p in Document(tmp_path / "risk.docx").paragraphs)
    assert "风险登记" in text and "共 2 条记录" in text
    cells = {c.text for t in Document(tmp_path / "risk.docx").tables for r in t.rows for c in r.cells}
    assert f"{LONG_AGO.isoformat()}（逾期）" in cells  # the mark's passed date says so
    assert run("meeting", "add", "title=风险评审会", f"date={TODAY.isoformat()}", "departments=CS,IT")[0] == 0
    code, out, err = run("pack", "MTG-0001", "-o", str(tmp_path / "pack"))
    assert code == 0, err
    document = Document(tmp_path / "pack" / "评审材料包.docx")
    chapters = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert chapters[:3] == ["一、会议议程", "二、概要", "三、服务问题清单"]
    assert "十、风险登记" in chapters and chapters[-1] == "十二、参会签到与确认"
    summary = {c.text for t in document.tables for r in t.rows for c in r.cells}
    assert "风险登记" in summary and "复核已逾期" in summary  # its figures in the summary
    manifest = json.loads((tmp_path / "pack" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["counts"]["risk"] == 1  # open risks by default
    assert "风险" in openpyxl.load_workbook(tmp_path / "pack" / "评审工作簿.xlsx").sheetnames


def test_the_dashboard_table_and_editor(risk, qtbot, window):
    from reviewdesk.desktop.window.record_editor import RecordEditor

    store.create_many("risk", [dict(title="物流接口延期", level="high", department="CS", review_on=LONG_AGO)],
                      who="t")
    window.refresh()
    window.show_page("dashboard")
    dashboard = window.current_page()
    assert dashboard.buttons["risk.overdue"].text() == "复核已逾期：1"
    dashboard.buttons["risk.overdue"].click()  # through to the table of the overdue risks
    page = window.table_page()
    assert page.art.key == "risk" and page.model.rowCount() == 1 and page.model.code(0) == "RSK-0001"
    labels = [window.navigation.item(i).text() for i in range(window.navigation.count())]
    assert "风险  (1)" in labels

    editor = RecordEditor("risk", None, lang="zh", who="李娜")
    qtbot.addWidget(editor)
    for key, value in (("title", "客服排班不足"), ("level", "medium"), ("department", "IT")):
        editor.inputs[key].set(value)
    editor.save()
    assert store.get_record(editor.change.code)["level"] == "medium"
