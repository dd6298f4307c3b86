"""Bad files end in one clear sentence and an unchanged database; LibreOffice re-saves and arbitrary text
survive the round trip."""
from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import zipfile

import docx
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import store
from desktop import cli
from exporters.import_plan import build_plan
from exporters.workbook_file import WorkbookFileError, read_workbook
from exporters.xlsx_export import export_workbook
from templates import values

from xlsx_helpers import fill_sample


def _zip_bomb(path):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", "<a>" + "0" * (300 * 1024 * 1024) + "</a>")


def _xml_bomb(path):
    entities = '<!DOCTYPE lolz [<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{"&lol" + (str(i - 1) if i > 1 else "") + ";" * 1}' * 10 + '">' for i in range(1, 10)) + "]>"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", '<?xml version="1.0"?>' + entities + "<workbook>&lol9;</workbook>")


def _truncated(path, source):
    data = source.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _word(path):
    document = docx.Document()
    document.add_paragraph("这是一份 Word 文档")
    document.save(path)


def _no_sheets_of_ours(path):
    book = openpyxl.Workbook()
    book.active.title = "Budget"
    book.active.append(["Item", "Cost"])
    book.active.append(["Chairs", 120])
    book.save(path)


BAD_FILES = {
    "not_a_zip.xlsx": (lambda p, s: p.write_bytes(b"\x00\x01 garbage " * 100), "不是 Excel 工作簿"),
    "empty.xlsx": (lambda p, s: p.write_bytes(b""), "文件是空的"),
    "truncated.xlsx": (_truncated, "损坏或不完整"),
    "encrypted.xlsx": (lambda p, s: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4000), "已加密"),
    "renamed.xlsx": (lambda p, s: p.write_text("问题编号,问题概述\nISS-0001,退款慢\n", encoding="utf-8"), "CSV"),
    "word.xlsx": (lambda p, s: _word(p), "Word 文档"),
    "xmlbomb.xlsx": (lambda p, s: _xml_bomb(p), "XML 炸弹"),
    "zipbomb.xlsx": (lambda p, s: _zip_bomb(p), "压缩炸弹"),
    "budget.xlsx": (lambda p, s: _no_sheets_of_ours(p), "没有找到 ReviewDesk 的工作表"),
    "notes.txt": (lambda p, s: p.write_text("hello"), "只能导入"),
}


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_a_bad_file_is_one_clear_sentence_exit_1_and_the_database_is_byte_for_byte_unchanged(
        name, db, tmp_path, capsys):
    fill_sample()
    good = tmp_path / "good.xlsx"
    export_workbook(good, ["issue"], lang="zh")
    make, expected = BAD_FILES[name]
    path = tmp_path / name
    make(path, good)
    store.close()
    before = db.read_bytes()
    code = cli.main(["--db", str(db), "import", str(path)])
    out, err = capsys.readouterr()
    assert code == 1
    assert expected in out + err and name in out + err and "Traceback" not in out + err
    assert db.read_bytes() == before


def test_bad_files_are_named_in_english_too(db, tmp_path, capsys):
    path = tmp_path / "empty.xlsx"
    path.write_bytes(b"")
    assert cli.main(["--db", str(db), "--lang", "en", "import", str(path)]) == 1
    assert "empty.xlsx: the file is empty" in capsys.readouterr().err


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
@given(description=text, notes=text, customers=st.integers(min_value=0, max_value=10**12),
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
