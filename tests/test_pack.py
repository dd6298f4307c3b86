"""A meeting's review pack: the files, the manifest, the Word document read back, a base template, and LibreOffice."""
from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess

import docx
import openpyxl
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from reviewdesk import store
from reviewdesk.desktop.cli import main as cli
from reviewdesk.templates import artefact
from reviewdesk.exporters.word.charts import covered, font_for, FONT_FILE
from reviewdesk.exporters.files import ExportCancelled
from reviewdesk.exporters.review.pack import write_pack

from docx_helpers import (all_text, direct_run_formatting, fits, footer_fields, open_docx, repeats_header,
                          styles_without_east_asian_font, tables_by_section)
from xlsx_helpers import fill_sample

pytestmark = pytest.mark.both_engines  # conftest.py: on PostgreSQL too, with REVIEWDESK_TEST_PG set

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def meeting(db):
    fill_sample()
    store.create("meeting", dict(title="退换货流程跨部门评审会", date="2026-12-01", place="3楼第一会议室", organizer="李娜",
                                 departments="CS,IT", agenda=["确认核心问题", "评审目标与方案"]), who="t")
    return "MTG-0001"


def test_pack_files_and_manifest(meeting, tmp_path):
    result = write_pack(meeting, tmp_path / "pack", per_department=True, today=TODAY)
    names = sorted(p.name for p in (tmp_path / "pack").iterdir())
    assert names == sorted(["评审材料包.docx", "评审工作簿.xlsx", "评审工作簿-客服中心.xlsx", "评审工作簿-技术部.xlsx",
                            "manifest.json"])
    manifest = json.loads((tmp_path / "pack" / "manifest.json").read_text(encoding="utf-8"))
    # open records only: ISS-0001..3 open/confirmed; PLN-0002 done; COL-0002 done; callbacks needing a follow-up;
    # the readings of the last 14 days (RDG-0002 of 2026-11-15, not RDG-0001 of 2026-10-01)
    assert manifest["counts"] == {"issue": 3, "target": 1, "plan_step": 2, "collab": 1, "callback": 1, "reading": 1,
                                  "action": 0}
    assert manifest["meeting"]["code"] == "MTG-0001" and manifest["meeting"]["title"] == "退换货流程跨部门评审会"
    assert manifest["personal_data"] == "masked" and manifest["language"] == "zh"
    files = {f["name"]: f for f in manifest["files"]}
    assert files["评审工作簿.xlsx"]["counts"] == manifest["counts"]
    assert files["评审工作簿-技术部.xlsx"]["department"] == "IT"
    assert files["评审工作簿-技术部.xlsx"]["counts"] == {"issue": 1, "target": 0, "plan_step": 0, "collab": 1,
                                                       "callback": 0, "reading": 0, "action": 0}
    assert all(len(f["sha256"]) == 64 and f["bytes"] > 0 for f in files.values())
    workbook = openpyxl.load_workbook(tmp_path / "pack" / "评审工作簿.xlsx", read_only=True)
    plan = [r[0] for r in workbook["优化方案"].iter_rows(min_row=2, values_only=True) if r[0]]
    assert plan == ["PLN-0001", "PLN-0003"]
    overview = [c for row in workbook["概览"].iter_rows(values_only=True) for c in row if isinstance(c, str)]
    # the recipient sees the sheets are partial, under the meeting's name, and how the readings were chosen
    assert "问题清单、目标确认表、优化方案、协作申请、满意度回访、行动项：未关闭的记录" in overview
    assert "指标跟踪：测量日期在最近 14 天内的记录" in overview
    assert "退换货流程跨部门评审会（MTG-0001）" in overview
    assert [f.name for f in result.files][0] == "评审材料包.docx"


def test_progress_and_cancel(meeting, tmp_path):
    seen = []
    write_pack(meeting, tmp_path / "a", per_department=True, today=TODAY,
               progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 5), (2, 5), (3, 5), (4, 5), (5, 5)]
    with pytest.raises(ExportCancelled):
        write_pack(meeting, tmp_path / "b", today=TODAY, progress=lambda done, total: done < 1)
    assert sorted(p.name for p in (tmp_path / "b").iterdir()) == ["评审材料包.docx"]  # no manifest: incomplete


def test_pack_document_structure(meeting, tmp_path):
    write_pack(meeting, tmp_path, today=TODAY)
    document = open_docx(tmp_path / "评审材料包.docx")
    assert styles_without_east_asian_font(document) == []
    assert direct_run_formatting(document) == []
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["一、会议议程", "二、概要", "三、自上次评审以来", "四、服务问题清单", "五、服务优化目标确认表",
                        "六、最终版服务优化方案", "七、跨部门协作申请表", "八、客户满意度回访表", "九、指标读数", "十、会议行动项",
                        "十一、决议与行动项", "十二、参会签到与确认"]
    toc = [p.text for p in document.paragraphs if p.style.name == "TOC 1"]
    assert toc == headings
    assert "TOC" in document.element.body.xml and "updateFields" in document.settings.element.xml
    assert "@@reviewdesk-table" not in document.element.body.xml  # every table spliced in at save
    orientations = [s.orientation for s in document.sections]
    assert orientations.count(WD_ORIENT.LANDSCAPE) == 7 and orientations[0] == orientations[-1] == WD_ORIENT.PORTRAIT
    for section in document.sections:
        assert "PAGE" in footer_fields(section)
    cover = document.tables[0]
    cover_text = [c.text for r in cover.rows for c in r.cells]
    assert "退换货流程跨部门评审会" == document.paragraphs[0].text
    assert {"MTG-0001", "2026-12-01", "3楼第一会议室", "李娜", "客服中心、技术部", "2026-11-23"} <= set(cover_text)
    # matrix, issues by status, targets by status and by tracking, open requests per department, scores, readings by
    # phase, overdue; TGT-0001's readings (target attainment)
    assert len(document.inline_shapes) == 9
    for table in document.tables[1:]:
        assert table.style.name == "ReviewDesk Table"
    text = all_text(document)
    for code in ("ISS-0001", "ISS-0003", "TGT-0001", "PLN-0001", "COL-0001", "CB-0001"):
        assert code in text
    assert "PLN-0002" not in text and "COL-0002" not in text  # done: not in the default scope
    assert "王先生" not in text and "王*" in text
    decisions = next(t for t in document.tables if t.rows[0].cells[0].text == "序号" and len(t.columns) == 5)
    assert repeats_header(decisions)
    assert [r.cells[1].text for r in decisions.rows[1:3]] == ["确认核心问题", "评审目标与方案"]
    assert all(r.cells[2].text == "" for r in decisions.rows[1:])  # not held yet: lines to fill in
    attendance = document.tables[-2]
    assert [r.cells[0].text for r in attendance.rows[1:3]] == ["客服中心", "技术部"]
    pairs = tables_by_section(document)
    assert len(pairs) == len(document.tables) and all(fits(t, s) for t, s in pairs)
    wide = [t for t, s in pairs if len(t.columns) > 10]
    assert wide and all(s.orientation == WD_ORIENT.LANDSCAPE for t, s in pairs if t in wide)


def test_decisions_and_scope_and_english(meeting, tmp_path):
    store.update(meeting, {"agenda": [{"item": "确认核心问题", "decision": "ISS-0001 列为核心问题"}], "status": "held",
                           "scope": {"issue": ["priority=P1"]}}, who="t")
    result = write_pack(meeting, tmp_path / "en", lang="en", where=["department=CS"], include_personal_data=True,
                        today=TODAY)
    assert sorted(p.name for p in result.folder.iterdir()) == ["manifest.json", "review-pack.docx",
                                                               "review-workbook.xlsx"]
    manifest = json.loads(result.manifest.read_text(encoding="utf-8"))
    assert manifest["counts"]["issue"] == 1 and manifest["scope"]["issue"]["where"] == ["priority=P1", "department=CS"]
    assert manifest["personal_data"] == "included"
    document = open_docx(tmp_path / "en" / "review-pack.docx")
    text = all_text(document)
    assert "ISS-0001 列为核心问题" in text and "1. Agenda" in text and "ISS-0002" not in text


def test_base_template_keeps_letterhead_and_styles(meeting, tmp_path, monkeypatch):
    base = docx.Document()
    base.sections[0].header.paragraphs[0].text = "某某科技有限公司 客户服务中心"
    base.add_paragraph("模板里的示例正文,应被清除")
    heading = base.styles["Heading 1"]
    heading.font.size = docx.shared.Pt(20)
    base.save(tmp_path / "letterhead.docx")
    monkeypatch.setenv("REVIEWDESK_WORD_TEMPLATE", str(tmp_path / "letterhead.docx"))
    write_pack(meeting, tmp_path / "out", today=TODAY)
    document = open_docx(tmp_path / "out" / "评审材料包.docx")
    assert all(s.header.paragraphs[0].text == "某某科技有限公司 客户服务中心" for s in document.sections)
    assert "模板里的示例正文" not in all_text(document)
    assert document.styles["Heading 1"].font.size == docx.shared.Pt(20)  # the organisation's own heading
    assert styles_without_east_asian_font(document) == []
    monkeypatch.setenv("REVIEWDESK_WORD_TEMPLATE", str(tmp_path / "missing.docx"))
    with pytest.raises(Exception, match="missing.docx"):
        write_pack(meeting, tmp_path / "out2", today=TODAY)


def test_chart_font_is_shipped_and_covers_the_labels(db):
    assert FONT_FILE.exists() and FONT_FILE.stat().st_size < 4_000_000
    labels = "服务问题清单优先级矩阵影响程度发生频率各部门逾期事项满意度评分分布客服中心技术部物流部财务部法务部质检部运营部产品部"
    assert set(labels) <= covered()
    assert font_for(labels, 20).path == str(FONT_FILE)


def test_charts_draw_chinese_without_any_system_font(monkeypatch):
    """The shipped font draws real glyphs (not the empty box) for every label, with no system font to fall back on."""
    from reviewdesk.exporters.word import charts as docx_charts

    monkeypatch.setattr(docx_charts, "SYSTEM_FONTS", ())
    docx_charts._system_font.cache_clear()
    font = docx_charts.font_for("满意度", 40)
    box = bytes(font.getmask("\U0002B739"))  # a CJK Extension C character: not in the subset, drawn as .notdef
    for ch in "满意度评分分布各部门逾期事项客服中心技术部高中低":
        assert bytes(font.getmask(ch)) != box, ch
    png = docx_charts.bar_chart("各部门逾期事项", ["客服中心", "技术部"], [docx_charts.Series("方案步骤", [2, 1])])
    assert png.startswith(b"\x89PNG") and docx_charts.pixel_size(png) == (docx_charts.WIDTH, docx_charts.HEIGHT)
    docx_charts._system_font.cache_clear()


def test_cli_pack_and_docx_export(meeting, tmp_path, capsys):
    code = cli.main(["pack", meeting, "-o", str(tmp_path / "p"), "--per-department"])
    out = capsys.readouterr().out
    assert code == 0 and "评审材料包.docx" in out and (tmp_path / "p" / "manifest.json").exists()
    assert cli.main(["pack", "ISS-0001", "-o", str(tmp_path / "q")]) == 1
    assert "不是评审会议" in capsys.readouterr().err
    assert cli.main(["pack", "MTG-0009", "-o", str(tmp_path / "q")]) == 1
    capsys.readouterr()
    assert cli.main(["export", "collab", "-o", str(tmp_path / "c.docx"), "--lang", "en"]) == 0
    assert "Exported 2 record(s)" in capsys.readouterr().out
    assert len(open_docx(tmp_path / "c.docx").tables) == 2
    assert cli.main(["export", "issue", "target", "-o", str(tmp_path / "x.docx")]) == 1
    assert "一类材料" in capsys.readouterr().err


@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                    reason="LibreOffice (soffice) and pdftotext are not installed")
def test_libreoffice_renders_the_pack(meeting, tmp_path):
    write_pack(meeting, tmp_path, today=TODAY)
    profile = tmp_path / "lo-profile"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(tmp_path / "评审材料包.docx")], check=True, timeout=180,
                   capture_output=True)
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "评审材料包.pdf"), "-"], check=True,
                          capture_output=True, text=True, timeout=60).stdout
    for wanted in ("退换货流程跨部门评审会", "一、会议议程", "二、概要", "三、自上次评审以来", "四、服务问题清单", "十二、参会签到与确认",
                   "ISS-0001", "TGT-0001", "PLN-0001", "COL-0001", "CB-0001", "第 1 页"):
        assert wanted in text, wanted


def test_english_file_names_have_no_spaces(meeting, tmp_path):
    """review-workbook-Customer Service.xlsx broke in mail links and command lines."""
    result = write_pack(meeting, tmp_path / "en", lang="en", per_department=True, today=TODAY)
    names = [p.name for p in (tmp_path / "en").iterdir()]
    assert "review-workbook-Customer-Service.xlsx" in names
    assert not [n for n in names if " " in n], names
    assert result is not None


# --- #16 item 17: no blank page, figures that say what they count, and what the Word file holds ---

def section_breaks(document):
    """The paragraphs that end a section (all but the last, whose properties sit in the body)."""
    body = document.element.body
    return [p for p in body.iter(qn("w:p")) if p.pPr is not None and p.pPr.sectPr is not None]


def test_a_section_ends_in_a_paragraph_one_point_high(meeting, tmp_path):
    write_pack(meeting, tmp_path, today=TODAY)
    document = open_docx(tmp_path / "评审材料包.docx")
    breaks = section_breaks(document)
    assert len(breaks) == len(document.sections) - 1
    for p in breaks:
        assert not p.xpath("./w:r") and p.getprevious() is not None  # nothing in it
        spacing = p.pPr.find(qn("w:spacing"))
        assert (spacing.get(qn("w:line")), spacing.get(qn("w:lineRule")), spacing.get(qn("w:after"))) == (
            "20", "exact", "0")
        assert p.pPr.find(qn("w:rPr")).find(qn("w:sz")).get(qn("w:val")) == "2"
        before = p.getprevious()  # no full-size empty paragraph left between a table and the break
        assert not (before.tag == qn("w:p") and not len(before.xpath("./w:r|./w:hyperlink")) and
                    (before.pPr is None or before.pPr.sectPr is None) and before.getprevious().tag == qn("w:tbl"))
    assert all(s.header.is_linked_to_previous and s.footer.is_linked_to_previous for s in document.sections[1:])


def test_summary_figures_say_what_they_count(meeting, tmp_path):
    write_pack(meeting, tmp_path, today=TODAY)
    document = open_docx(tmp_path / "评审材料包.docx")
    figures = next(t for t in document.tables if [c.text for c in t.rows[0].cells][:2] == ["材料", "指标"])
    assert [c.text for c in figures.rows[0].cells] == ["材料", "指标", "本材料包所列", "全部记录（含已关闭）"]
    area, rows = "", {}
    for r in figures.rows[1:]:  # the artefact is named on its first row only
        area = r.cells[0].text or area
        rows[(area, r.cells[1].text)] = (r.cells[2].text, r.cells[3].text)
    listed, everything = rows[("最终版服务优化方案", "按状态")]
    assert "已完成" not in listed and "已完成 1" in everything  # PLN-0002 is done: among all records only
    assert rows[("服务问题清单", "按优先级")] == ("P1 1、P2 1、P3 1", "P1 1、P2 1、P3 1")  # nothing closed
    listed, everything = rows[("客户满意度回访表", "平均满意度评分")]
    assert "（共 1 条）" in listed and "（共 3 条）" in everything
    body = [p.text for p in document.paragraphs]
    note = next(p for p in body if p.startswith("「本材料包所列」"))
    assert "后文各章列出的记录（未关闭的记录；指标读数为测量日期在最近 14 天内的记录）" in note
    assert "包括已关闭、已完成的" in note and "2026-11-23" in note
    assert body.index(note) > next(i for i, p in enumerate(body) if p.startswith("表") and "关键数字" in p)  # under
    chapter = {p: i for i, p in enumerate(body)}  # the headings' last places: the chapters, not the contents
    summary = body[chapter["二、概要"]:chapter["三、自上次评审以来"]]  # a target's readings chart is in its own chapter
    captions = [p for p in summary if p.startswith("图")]
    assert captions and all(c.endswith("（全部记录，含已关闭）") for c in captions)
    scope = next(t for t in document.tables if t.rows[0].cells[0].text == "材料" and t.rows[0].cells[1].text ==
                 "本材料包所列" and len(t.columns) == 4 and t is not figures)
    plan_row = next(r for r in scope.rows if r.cells[0].text == "最终版服务优化方案")
    assert (plan_row.cells[1].text, plan_row.cells[2].text) == ("2", "3")
    # every record open, so all of them in the pack: one column of figures, and the note says they agree
    for code in ("PLN-0002", "COL-0002", "CB-0002", "CB-0003", "RDG-0001"):  # RDG-0001: older than 14 days
        store.delete(code, who="t")
    write_pack(meeting, tmp_path / "all", today=TODAY, lang="en")
    document = open_docx(tmp_path / "all" / "review-pack.docx")
    figures = next(t for t in document.tables if t.rows[0].cells[0].text == "Artefact" and
                   t.rows[0].cells[1].text == "Figure")
    assert [c.text for c in figures.rows[0].cells] == ["Artefact", "Figure", "Value"]
    assert any(p.text.startswith("The figures count every record the sections below list, so they agree with them")
               for p in document.paragraphs)


def test_pack_says_what_the_word_file_holds(meeting, tmp_path, capsys):
    result = write_pack(meeting, tmp_path / "p", today=TODAY)
    document = open_docx(tmp_path / "p" / "评审材料包.docx")
    contents = result.files[0].contents
    assert contents == {"sections": 12, "tables": sum(p.style.name == "Caption" and p.text.startswith("表")
                                                     for p in document.paragraphs),
                        "figures": len(document.inline_shapes)}
    manifest = json.loads(result.manifest.read_text(encoding="utf-8"))
    assert manifest["files"][0]["contents"] == contents
    assert cli.main(["pack", meeting, "-o", str(tmp_path / "q")]) == 0
    out = capsys.readouterr().out
    assert f"评审材料包.docx  （12 个章节、{contents['tables']} 张表、9 张图）" in out and " 行）" in out
    assert "（2 个文件）" in out
    assert cli.main(["pack", meeting, "-o", str(tmp_path / "r"), "--lang", "en"]) == 0
    assert f"review-pack.docx  (12 sections, {contents['tables']} tables, 9 figures)" in capsys.readouterr().out


@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                    reason="LibreOffice (soffice) and pdftotext are not installed")
def test_the_demo_pack_has_no_blank_page(db, tmp_path):
    """The demo meeting's pack once printed an empty landscape page after the issue list."""
    from reviewdesk.store import demo

    demo.fill_demo("small", force=True)
    write_pack("MTG-0001", tmp_path)
    profile = tmp_path / "lo-profile"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(tmp_path / "评审材料包.docx")], check=True, timeout=180,
                   capture_output=True)
    pdf = tmp_path / "评审材料包.pdf"
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                                                             check=True).stdout).group(1))
    for page in range(1, pages + 1):
        text = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"], capture_output=True,
                              text=True, check=True).stdout
        assert re.sub(r"第\s*\d+\s*页\s*/\s*共\s*\d+\s*页", "", text).strip(), f"page {page} is blank"


# --- #16 item 12: labels where keys were, and no meaningless version on the cover ---

def _scope_table(document):
    return next(t for t in document.tables if len(t.columns) >= 3 and t.rows[0].cells[1].text in ("本材料包所列",
                                                                                                 "In this pack"))


def test_the_scope_names_fields_and_choices_in_the_readers_language(meeting, tmp_path):
    """材料范围 printed priority=P1 and follow_up_needed=是: field keys, and a choice as it was typed."""
    store.update(meeting, {"scope": {"issue": ["priority=P1"], "callback": ["需二次沟通=是"]}}, who="t")
    write_pack(meeting, tmp_path / "zh", where=["department=CS", "plan_step.status=done"], today=TODAY)
    write_pack(meeting, tmp_path / "en", where=["责任部门=客服中心", "plan_step.status=已完成"], lang="en", today=TODAY)
    zh = {r.cells[0].text: r.cells[-1].text for r in _scope_table(open_docx(tmp_path / "zh" / "评审材料包.docx")).rows[1:]}
    assert zh["服务问题清单"] == "未关闭的记录 · 优先级=P1；责任部门=客服中心"
    assert zh["最终版服务优化方案"] == "责任部门=客服中心；状态=已完成"  # the statuses chosen replace "open records"
    assert zh["客户满意度回访表"] == "未关闭的记录 · 需二次沟通=是"
    en = {r.cells[0].text: r.cells[-1].text
          for r in _scope_table(open_docx(tmp_path / "en" / "review-pack.docx")).rows[1:]}
    assert en["Service issue list"] == "open records · Priority=P1; Owner department=Customer Service"
    assert en["Final optimization plan"] == "Owner department=Customer Service; Status=Done"
    assert en["Customer satisfaction callback"] == "open records · Follow-up needed=Yes"  # typed in Chinese
    overview = [c for row in openpyxl.load_workbook(tmp_path / "en" / "review-workbook.xlsx", read_only=True)[
        "Overview"].iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert "Callbacks: open records · Follow-up needed=Yes" in overview
    for text in (all_text(open_docx(tmp_path / "zh" / "评审材料包.docx")), "\n".join(overview)):
        assert not [key for key in ("priority=", "department=CS", "status=done", "follow_up_needed") if key in text]


def test_the_cover_has_no_record_revision_as_its_version(meeting, tmp_path):
    """版本 v6 was the meeting record's revision: it counts edits of the meeting, not of what the pack says."""
    for _ in range(5):
        store.update(meeting, {"place": f"{_ + 2}楼会议室"}, who="t")
    write_pack(meeting, tmp_path / "zh", today=TODAY)
    write_pack(meeting, tmp_path / "en", lang="en", today=TODAY)
    zh = [c.text for r in open_docx(tmp_path / "zh" / "评审材料包.docx").tables[0].rows for c in r.cells]
    en = [c.text for r in open_docx(tmp_path / "en" / "review-pack.docx").tables[0].rows for c in r.cells]
    assert "版本" not in zh and "v6" not in zh and "Version" not in en
    assert zh[zh.index("编制日期") + 1] == "2026-11-23" and en[en.index("Prepared on") + 1] == "2026-11-23"
    manifest = json.loads((tmp_path / "zh" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["meeting"]["revision"] == 6  # still there for a program comparing packs


def test_a_scope_condition_on_an_unknown_field_names_the_artefact_not_a_key(meeting, capsys):
    code = cli.main(["meeting", "scope", meeting, "callback", "--where", "需要跟进=是"])
    err = capsys.readouterr().err
    assert code == 1 and err.strip() == "客户满意度回访表中没有字段「需要跟进」", err
    code = cli.main(["meeting", "scope", meeting, "callback", "--where", "需要二次沟通=是", "--lang", "en"])
    err = capsys.readouterr().err
    assert code == 1 and "callback." not in err and "Customer satisfaction callback has no field '需要二次沟通'" in err
    assert "did you mean: 需二次沟通" in err
    assert cli.main(["export", "all", "-o", "x.xlsx", "--where", "callback.需要跟进=是"]) == 1
    assert capsys.readouterr().err.strip() == "客户满意度回访表中没有字段「需要跟进」"


def test_a_meeting_may_ask_for_every_reading(meeting, tmp_path):
    """Naming the reading's date lifts the last 14 days: measured_on=* takes every reading, in the stored scope or with
    --where, and the pack says so; a condition on another field keeps the 14 days."""
    def counts(folder: str, **kw) -> dict:
        write_pack(meeting, tmp_path / folder, today=TODAY, **kw)
        manifest = json.loads((tmp_path / folder / "manifest.json").read_text(encoding="utf-8"))
        return manifest["counts"]["reading"], manifest["scope"]["reading"]["open_only"]

    assert counts("default") == (1, True)
    assert counts("phase", where=["reading.phase=baseline"]) == (0, True)  # RDG-0001 is a baseline reading, but old
    assert counts("any", where=["reading.measured_on=*"]) == (2, False)
    assert counts("one day", where=["测量日期=2026-10-01"]) == (1, False)
    store.update(meeting, {"scope": {"reading": ["测量日期=*"]}}, who="t")
    assert counts("stored") == (2, False)
    document = open_docx(tmp_path / "stored" / "评审材料包.docx")
    scope = next(t for t in document.tables if [c.text for c in t.rows[0].cells][:2] == ["材料", "本材料包所列"])
    assert [c.text for c in next(r for r in scope.rows if r.cells[0].text == "指标读数").cells][-1] == "测量日期=（任意）"
    # every issue, closed ones too, the same way
    store.update("ISS-0003", {"status": "closed"}, who="t")
    assert json.loads((write_pack(meeting, tmp_path / "all", today=TODAY, where=["issue.status=*"]).manifest)
                      .read_text(encoding="utf-8"))["counts"]["issue"] == 3
    assert json.loads((write_pack(meeting, tmp_path / "open", today=TODAY).manifest)
                      .read_text(encoding="utf-8"))["counts"]["issue"] == 2
