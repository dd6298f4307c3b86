"""The formal Word document of each artefact, read back with python-docx."""
from __future__ import annotations

import datetime as dt

import pytest
from docx.enum.section import WD_ORIENT

from reviewdesk import store
from reviewdesk.exporters.word.documents import export_document
from reviewdesk.templates import ReviewDeskError

from docx_helpers import (all_text, default_east_asian_font, direct_run_formatting, fits, footer_fields, open_docx,
                           repeats_header, styles_without_east_asian_font, tables_by_section)
from xlsx_helpers import fill_sample

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def sample(db):
    fill_sample()
    return db


def export(tmp_path, key, **kw):
    path = tmp_path / f"{key}.docx"
    summary = export_document(path, key, today=TODAY, **kw)
    return summary, open_docx(path)


@pytest.mark.parametrize("key", ["issue", "target", "plan_step", "collab", "callback"])
def test_every_document_is_styled_paged_and_fits(sample, tmp_path, key):
    summary, document = export(tmp_path, key)
    assert summary.rows == store.count_records(key)
    assert styles_without_east_asian_font(document) == []
    assert default_east_asian_font(document) == "宋体"
    assert direct_run_formatting(document) == []
    for section in document.sections:
        assert "PAGE" in footer_fields(section) and "NUMPAGES" in footer_fields(section)
    assert document.paragraphs[0].style.name == "Title"
    for table, section in tables_by_section(document):
        assert fits(table, section)
        assert table.style.name == "ReviewDesk Table"
    assert key == "collab" or any(p.style.name == "Caption" for p in document.paragraphs)  # forms need none


def test_issue_list_has_the_matrix_and_every_issue_by_priority(sample, tmp_path):
    _, document = export(tmp_path, "issue")
    assert document.sections[0].orientation == WD_ORIENT.LANDSCAPE
    matrix, issues = document.tables[0], document.tables[1]
    assert [c.text for c in matrix.rows[1].cells] == ["高", "P2 · 0", "P2 · 0", "P1 · 1"]
    assert repeats_header(issues)
    header = [c.text for c in issues.rows[0].cells]
    assert header[:3] == ["问题编号", "问题概述", "问题类型"] and "优先级" in header and "问题描述" not in header
    codes = [r.cells[0].text for r in issues.rows[1:] if r.cells[0].text.startswith("ISS-")]
    assert codes == ["ISS-0001", "ISS-0002", "ISS-0003"]  # P1, P2, P3
    text = all_text(document)
    assert "问题描述:第一行\n第二行" in text  # long texts in the row under their record
    assert len(document.inline_shapes) == 1  # the matrix chart


def test_target_table_has_a_sign_off_block_per_responsible_department(sample, tmp_path):
    store.create("target", dict(title="回访及时率提升至95%", department="IT", due_date="2026-12-31"), who="t")
    _, document = export(tmp_path, "target", lang="en")
    sign_off = document.tables[-1]
    assert [c.text for c in sign_off.rows[0].cells] == ["Owner department", "Count", "Decision", "Signature", "Date"]
    assert [r.cells[0].text for r in sign_off.rows[1:]] == ["Customer Service", "IT"]
    assert all(r.cells[3].text == "" for r in sign_off.rows[1:])


def test_final_plan_is_grouped_by_phase_with_milestones(sample, tmp_path):
    store.update("PLN-0001", {"phase": "pilot"}, who="t")
    _, document = export(tmp_path, "plan_step")
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert headings == ["里程碑", "阶段：试点实施", "阶段：未分阶段"]
    milestones = document.tables[0]
    assert [c.text for c in milestones.rows[1].cells][:4] == ["试点实施", "1", "0", "1"]
    overdue = store.get_record("PLN-0001")["end_date"].isoformat()
    assert f"{overdue}（逾期）" in all_text(document)  # the milestone date that passed says so


def test_collaboration_requests_are_one_form_each(sample, tmp_path):
    _, document = export(tmp_path, "collab")
    assert document.sections[0].orientation == WD_ORIENT.PORTRAIT
    assert len(document.tables) == store.count_records("collab")
    form = document.tables[0]
    cells = [c.text for c in form.rows[1].cells]
    assert cells == ["申请部门", "客服中心", "协作部门", "技术部"]
    labels = [r.cells[0].text for r in form.rows]
    assert {"协作事项", "需求说明", "交付成果", "协作部门反馈", "申请部门负责人签字", "协作部门负责人签字"} <= set(labels)


def test_callbacks_summary_and_follow_up_list_mask_personal_data(sample, tmp_path):
    _, document = export(tmp_path, "callback")
    text = all_text(document)
    assert "王*" in text and "138****5678" in text and "王先生" not in text and "13812345678" not in text
    follow_up = document.tables[-1]
    codes = [r.cells[0].text for r in follow_up.rows[1:] if r.cells[0].text.startswith("CB-")]
    assert codes == ["CB-0001", "CB-0003"]  # scores under 8 only
    assert "平均满意度评分" in text
    _, document = export(tmp_path, "callback", include_personal_data=True)
    assert "王先生" in all_text(document) and "13812345678" in all_text(document)


def test_department_document_holds_its_rows_only(sample, tmp_path):
    summary, document = export(tmp_path, "issue", department="物流部")
    assert summary.rows == 1 and summary.department == "LOG"
    assert "物流部" in document.paragraphs[1].text


def test_refusals(sample, tmp_path):
    with pytest.raises(ReviewDeskError):
        export_document(tmp_path / "x.docx", "meeting")
    with pytest.raises(ReviewDeskError):
        export_document(tmp_path / "x.xlsx", "issue")
    with pytest.raises(ReviewDeskError):
        export_document(tmp_path / "x.docx", "issue", department="nope")


# --- #16 item 20: English headers fit their columns, no word broken or cut ---

def _times_bold_font():
    """A font drawn with Times New Roman Bold's metrics, when the machine has one: Word's header font, or the
    metric twin LibreOffice draws in its place (Liberation Serif, Nimbus Roman)."""
    import shutil
    import subprocess

    from PIL import ImageFont

    if shutil.which("fc-match") is None:
        return None
    path = subprocess.run(["fc-match", "-f", "%{file}", "Times New Roman:bold"], capture_output=True, text=True).stdout
    name = path.rsplit("/", 1)[-1].lower().replace(" ", "")
    if not any(twin in name for twin in ("liberationserif-bold", "nimbusroman-bold", "timesnewromanbold", "timesbd",
                                         "texgyretermes-bold")):
        return None
    return ImageFont.truetype(path, 1000)


def test_the_header_width_table_is_times_new_roman_bold():
    from reviewdesk.exporters.word.tables import TIMES_BOLD

    font = _times_bold_font()
    if font is None:
        pytest.skip("no font with Times New Roman Bold's metrics on this machine")
    assert [round(font.getlength(chr(c))) for c in range(32, 127)] == list(TIMES_BOLD)


def _header_words_that_do_not_fit(document) -> list[str]:
    """Every word of a header row wider, in 9-point bold Times, than its column less the cell margins."""
    import re
    import unicodedata

    from docx.oxml.ns import qn

    from reviewdesk.exporters.word.tables import CELL_MARGINS, TIMES_BOLD

    font = _times_bold_font()

    def twips(word: str) -> float:
        units = font.getlength(word) if font else sum(TIMES_BOLD[ord(ch) - 32] for ch in word)
        return units * 9 * 20 / 1000

    found = []
    for table in document.element.body.iter(qn("w:tbl")):
        first = table.find(qn("w:tr"))
        if first.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is None:
            continue
        grid = [int(c.get(qn("w:w"))) for c in table.find(qn("w:tblGrid")).findall(qn("w:gridCol"))]
        headers = ["".join(t.text or "" for t in cell.iter(qn("w:t"))) for cell in first.findall(qn("w:tc"))]
        assert len(headers) == len(grid)
        for header, width in zip(headers, grid):
            latin = "".join(" " if unicodedata.east_asian_width(ch) in "WF" else ch for ch in header)
            for word in re.findall(r"[!-~]+", latin):
                if twips(word) > width - CELL_MARGINS:
                    found.append(f"{header!r}: {word} {twips(word):.0f} > {width} - {CELL_MARGINS}")
    return found


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_header_word_fits_its_column(sample, tmp_path, lang):
    """'Owner department' broke into 'departmen' / 't' in Word: column widths came from a guess at letter widths."""
    from reviewdesk.exporters.review.pack import write_pack

    store.create("meeting", dict(title="Review", date="2026-12-01", departments="CS,IT", agenda=["A"]), who="t")
    write_pack("MTG-0001", tmp_path / "pack", lang=lang, today=TODAY)
    documents = {"pack": open_docx(next((tmp_path / "pack").glob("*.docx")))}
    for key in ("issue", "target", "plan_step", "collab", "callback"):
        documents[key] = export(tmp_path, key, lang=lang)[1]
    for name, document in documents.items():
        assert _header_words_that_do_not_fit(document) == [], name
    if lang == "en":
        pack = documents["pack"]
        assert any("Owner department" in c.text for t in pack.tables for c in t.rows[0].cells)
