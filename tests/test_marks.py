"""Each mark is declared once (templates/marks.py) and its Python, SQL and Excel forms give the same answer, record by
record, on the demo data and on edge cases (blank dates, blank status, the boundary day)."""
from __future__ import annotations

import csv
import datetime as dt
import shutil
import subprocess

import openpyxl
import pytest
from xlsxwriter.utility import xl_col_to_name

from reviewdesk import store
from reviewdesk.store import marks as sql_marks
from reviewdesk.store.demo import fill_demo
from reviewdesk.store.models import model_for
from reviewdesk.templates import ARTEFACTS, Kind
from reviewdesk.templates.marks import excel_formula

MARKED = [art for art in ARTEFACTS.values() if art.marks]
soffice = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.fixture
def demo(db):
    fill_demo("small")
    today = dt.date.today()
    store.create_many("plan_step", [  # blank status, the boundary day, a blank date
        {"action": "边界：昨天到期", "department": "CS", "end_date": today - dt.timedelta(days=1)},
        {"action": "边界：今天到期", "department": "CS", "end_date": today, "status": "in_progress"},
        {"action": "没有日期", "department": "CS"}], who="t")
    store.create_many("callback", [
        {"score": 3, "follow_up_owner": "张敏", "callback_date": today - dt.timedelta(days=2)},  # due yesterday
        {"score": 9, "resolved_on": today - dt.timedelta(days=1), "callback_date": today}], who="t")
    return today


def records(art) -> list[dict]:
    return list(store.select_records(art.key))


def test_the_marks_hold_for_the_same_records_in_python_and_in_sql(demo):
    today = demo
    seen = 0
    for art in MARKED:
        rows, model = records(art), model_for(art.key)
        for mark in art.marks:
            python = {r["code"] for r in rows if mark.holds(r, today)}
            sql = {c for (c,) in model.select(model.code).where(sql_marks.where(art, mark, today)).tuples()}
            assert python == sql, (art.key, mark.key, python ^ sql)
            assert sql_marks.count(art, mark, today) == len(python)
            seen += bool(python)
    assert seen >= 5  # the demo carries every kind of mark at least once


def _shown(art, key: str, value) -> object:
    """A value as the exported sheet shows it: a choice's label, an ISO date, a number, empty."""
    if value is None:
        return ""
    field = art.field(key)
    if field.kind is Kind.CHOICE:
        return field.choice(value).label("zh")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@pytest.mark.skipif(soffice is None, reason="LibreOffice is not installed (.ci/run installs it)")
def test_the_excel_conditional_formulas_give_the_same_answer_as_python(demo, tmp_path):
    """Each mark's formula is computed by LibreOffice on every demo record, as the workbook's conditional format."""
    today = demo
    for art in MARKED:
        rows = records(art)
        keys = sorted(set().union(*(m.fields() for m in art.marks)))
        letter = {k: xl_col_to_name(i) for i, k in enumerate(keys)}
        path = tmp_path / f"{art.key}.csv"
        with path.open("w", newline="", encoding="utf-8") as fh:
            out = csv.writer(fh)
            out.writerow(keys + [m.key for m in art.marks])
            for number, record in enumerate(rows, 2):
                formulas = [
                    "=IF(" + excel_formula(m.when, lambda k, n=number: f"${letter[k]}{n}",
                                           lambda k, v: art.field(k).choice(v).label("zh")) + ",1,0)"
                    for m in art.marks]
                out.writerow([_shown(art, k, record[k]) for k in keys] + formulas)
        done = subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                               "--infilter=CSV:44,34,76,1", "--convert-to", "xlsx", "--outdir", str(tmp_path),
                               str(path)], capture_output=True, text=True, timeout=180)
        assert done.returncode == 0, done.stderr
        sheet = openpyxl.load_workbook(tmp_path / f"{art.key}.xlsx", data_only=True).active
        computed = list(sheet.iter_rows(min_row=2, min_col=len(keys) + 1, values_only=True))
        assert len(computed) == len(rows)
        for record, answers in zip(rows, computed):
            for mark, answer in zip(art.marks, answers):
                assert bool(answer) == mark.holds(record, today), (art.key, record["code"], mark.key, answer)
