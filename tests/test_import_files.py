"""Macro workbooks, LibreOffice re-saves and arbitrary text survive the round trip (bad files: test_corpus.py)."""
from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from reviewdesk import store
from reviewdesk.exporters.returns.plan import build_plan
from reviewdesk.exporters.returns.workbook import WorkbookFileError, read_workbook
from reviewdesk.exporters.xlsx.export import export_workbook
from reviewdesk.templates import values

from xlsx_helpers import fill_sample

# On SQLite only: what they check does not depend on the engine; the engine-specific parts (the one read, the
# table's SQL sorting and searching, import planning and applying) run on both in test_import, test_desktop_table,
# test_xlsx_cli and test_live.


def test_xlsm_is_read_and_its_macros_ignored(db, tmp_path):
    fill_sample()
    path = tmp_path / "all.xlsx"
    export_workbook(path, ["issue"], lang="zh")
    xlsm = tmp_path / "macro.xlsm"
    shutil.copy(path, xlsm)
    with zipfile.ZipFile(xlsm, "a") as z:
        z.writestr("xl/vbaProject.bin", b"\x00" * 64)
    assert build_plan([xlsm]).summary()["issue"]["unchanged"] == 3


soffice = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(soffice is None, reason="LibreOffice is not installed (.ci/run installs it)")
@pytest.mark.parametrize("lang,target", [("zh", "xlsx:Calc MS Excel 2007 XML"), ("en", "xlsx:Calc MS Excel 2007 XML"),
                                         ("zh", "ods"), ("zh", "xls:MS Excel 97")])
def test_a_workbook_re_saved_by_libreoffice_imports_with_no_spurious_changes(db, tmp_path, lang, target):
    fill_sample()
    path = tmp_path / "all.xlsx"
    export_workbook(path, ["all"], lang=lang)
    out = tmp_path / "resaved"
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to",
                    target, "--outdir", str(out), str(path)], check=True, capture_output=True, timeout=180)
    plan = build_plan([out / f"all.{target.split(':')[0]}"])
    assert (plan.updated, plan.created, plan.errors, plan.conflicts, plan.missing) == ([], [], [], [], [])
    assert plan.summary()["callback"]["unchanged"] == 3


text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(description=text, notes=text, customers=st.integers(min_value=0, max_value=values.INTEGER_LIMIT),
       found=st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(9999, 12, 31)),
       baseline=st.decimals(min_value=-10**9, max_value=10**9, places=3, allow_nan=False, allow_infinity=False))
def test_round_trip_of_arbitrary_text_numbers_and_dates(db, tmp_path_factory, description, notes, customers, found,
                                                        baseline):
    change = store.create("issue", {"title": "往返测试", "category": "效率类", "impact": "高", "frequency": "高",
                                    "description": description, "notes": notes, "affected_customers": customers,
                                    "found_on": found}, who="t")
    target = store.create("target", {"title": "往返", "department": "CS", "due_date": found, "baseline": baseline},
                          who="t")
    stored = store.get_record(change.code)
    path = tmp_path_factory.mktemp("rt") / "rt.xlsx"
    export_workbook(path, ["issue", "target"], lang="zh")
    plan = build_plan([path])
    assert (plan.updated, plan.errors) == ([], []), (stored, plan.updated, plan.errors)
    assert store.get_record(target.code)["baseline"] == values.normalize_decimal(baseline)
    store.delete(target.code, who="t")
    store.delete(change.code, who="t")


def test_read_workbook_refuses_a_missing_file(tmp_path):
    with pytest.raises(WorkbookFileError) as caught:
        read_workbook(tmp_path / "nowhere.xlsx")
    assert "不存在" in caught.value.zh


def test_the_exporters_hidden_list_sheet_is_left_unread_but_a_visible_one_of_that_name_is_read(db, tmp_path):
    import openpyxl

    fill_sample()
    path = tmp_path / "all.xlsx"
    export_workbook(path, ["issue"], lang="zh")
    names = [s.name for s in read_workbook(path, hidden_to_skip={"_lists"}).sheets]
    assert "_lists" not in names and "问题清单" in names
    assert "_lists" in [s.name for s in read_workbook(path).sheets]
    book = openpyxl.load_workbook(path)
    book["_lists"].sheet_state = "visible"  # someone's own sheet of that name: it is read
    book.save(path)
    assert "_lists" in [s.name for s in read_workbook(path, hidden_to_skip={"_lists"}).sheets]


@pytest.mark.parametrize("before", [(1 << 20) - 3, (1 << 20) - 2, (1 << 20) - 1, 1 << 20, 3 << 20])
def test_a_formula_is_found_wherever_it_falls_in_a_large_sheet(tmp_path, before):
    """The sheet XML is searched a megabyte at a time: a formula or a far cell across the boundary of two reads is
    still seen, and the attributes that only look like a cell reference (xmlns:r=, operator=) do not make the
    sheet searched for its exact extent."""
    import io

    from reviewdesk.exporters.returns.workbook import _scan_sheet

    for content, formula, extent in ((b"x" * before + b"<f>1+1</f>", True, (99_999, 26)),
                                     (b"x" * before + b"<formula1>$A$1</formula1>", False, (99_999, 26)),
                                     (b"x" * before + b'<c r="XFD1048576" t="s"><v>0</v></c>', False, (1048576, 16384)),
                                     (b"x" * before + b"<x:f>SUM(A1:A3)</x:f>", True, (99_999, 26)),
                                     (b'<worksheet xmlns:r="http://r">' + b"x" * before
                                      + b'<dataValidation operator="lessThanOrEqual"/><c r="B2"/>', False, (99_999, 26)),
                                     (b"x" * before + b'<c r="AB3"/>', False, (3, 28)),
                                     (b"x" * before + b'<row r="100001"><c r="A100001"/></row>', False, (100001, 1))):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("sheet.xml", content)
        with zipfile.ZipFile(buffer) as archive:
            scan = _scan_sheet(archive, "sheet.xml")
        assert scan.has_formula is formula
        assert (scan.rows, scan.columns) == extent


ssconvert = shutil.which("ssconvert")


@pytest.mark.skipif(ssconvert is None, reason="Gnumeric's ssconvert is not installed (.ci/run installs gnumeric)")
@pytest.mark.parametrize("suffix", [".ods", ".xlsx"])
def test_a_workbook_re_saved_by_gnumeric_imports_with_exactly_its_edits(db, tmp_path, suffix):
    """Gnumeric writes .ods with whitespace between cells (python-calamine refused it), and shows the contract
    sheet after re-saving as .xlsx; both import, with exactly the edit made before the re-save."""
    import openpyxl

    fill_sample()
    exported, edited = tmp_path / "all.xlsx", tmp_path / "edited.xlsx"
    export_workbook(exported, ["issue"], lang="zh")
    book = openpyxl.load_workbook(exported)
    sheet = book["问题清单"]
    sheet.cell(3, [c.value for c in sheet[1]].index("根因分析") + 1, "系统接口超时")
    book.save(edited)
    resaved = tmp_path / f"gnumeric{suffix}"
    done = subprocess.run([ssconvert, str(edited), str(resaved)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and resaved.exists(), done.stderr
    plan = build_plan([resaved])
    assert plan.errors == [] and plan.missing == [] and plan.created == []
    assert [(u.code, u.field, u.new) for u in plan.updated] == [("ISS-0002", "root_cause", "系统接口超时")]
    assert plan.summary()["issue"]["unchanged"] == 2
