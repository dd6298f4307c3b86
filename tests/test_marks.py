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
from reviewdesk.templates.marks import Recent, as_filters, excel_formula, fields, holds, in_words

pytestmark = pytest.mark.both_engines  # conftest.py: on PostgreSQL too, with REVIEWDESK_TEST_PG set


def conditions(art) -> list[tuple[str, object]]:
    """Every condition declared with an artefact: its marks, what its pack holds by default (the open records, the
    recent readings), what its figures count."""
    found = [(m.key, m.when) for m in art.marks] + [(f"pack default {n}", c) for n, (c, _) in
                                                     enumerate(art.pack_conditions)]
    for figure in art.figures:
        if figure.only is not None and not isinstance(figure.only, str):
            found.append((f"figure {figure.key}", figure.only))
        if figure.when is not None:
            found.append((f"figure {figure.key} when", figure.when))
    return found


MARKED = [art for art in ARTEFACTS.values() if conditions(art)]
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
    target = next(store.select_records("reading"))["target"]
    store.create_many("reading", [  # either side of the last 14 days' edges
        {"target": target, "measured_on": today - dt.timedelta(days=days), "value": 1} for days in (15, -1)], who="t")
    return today


def records(art) -> list[dict]:
    return list(store.select_records(art.key))


def test_the_marks_hold_for_the_same_records_in_python_and_in_sql(demo):
    today = demo
    seen = 0
    for art in MARKED:
        rows, model = records(art), model_for(art.key)
        for name, condition in conditions(art):
            python = {r["code"] for r in rows if holds(condition, r, today)}
            sql = {c for (c,) in model.select(model.code).where(sql_marks.where(art, condition, today)).tuples()}
            assert python == sql, (art.key, name, python ^ sql)
            seen += bool(python)
    assert seen >= 15  # the demo carries every mark, open records and what each figure counts


def _shown(art, key: str, value) -> object:
    """A value as the exported sheet shows it: a choice's label, an ISO date, a number, empty."""
    if value is None:
        return ""
    field = art.field(key)
    if field.kind is Kind.CHOICE and field.multiple:
        return "，".join(field.choice(v).label("zh") for v in (value.split(",") if isinstance(value, str) else value))
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
        declared = conditions(art)
        keys = sorted(set().union(*(fields(c) for _, c in declared)))
        letter = {k: xl_col_to_name(i) for i, k in enumerate(keys)}
        path = tmp_path / f"{art.key}.csv"
        with path.open("w", newline="", encoding="utf-8") as fh:
            out = csv.writer(fh)
            out.writerow(keys + [name for name, _ in declared])
            for number, record in enumerate(rows, 2):
                formulas = [
                    "=IF(" + excel_formula(c, lambda k, n=number: f"${letter[k]}{n}",
                                           lambda k, v: art.field(k).choice(v).label("zh")) + ",1,0)"
                    for _, c in declared]
                out.writerow([_shown(art, k, record[k]) for k in keys] + formulas)
        done = subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                               "--infilter=CSV:44,34,76,1", "--convert-to", "xlsx", "--outdir", str(tmp_path),
                               str(path)], capture_output=True, text=True, timeout=180)
        assert done.returncode == 0, done.stderr
        sheet = openpyxl.load_workbook(tmp_path / f"{art.key}.xlsx", data_only=True).active
        computed = list(sheet.iter_rows(min_row=2, min_col=len(keys) + 1, values_only=True))
        assert len(computed) == len(rows)
        for record, answers in zip(rows, computed):
            for (name, condition), answer in zip(declared, answers):
                assert bool(answer) == holds(condition, record, today), (art.key, record["code"], name, answer)


def test_recent_in_words_and_as_the_tables_filters(demo):
    """Recent: said in both languages, and as the table's date range it picks the records its check picks."""
    today, art = demo, ARTEFACTS["reading"]
    condition = Recent("measured_on", 14)
    assert in_words(condition, art, "zh") == "测量日期在最近 14 天内"
    assert in_words(condition, art, "en") == "Measured on within the last 14 days"
    assert fields(condition) == {"measured_on"}
    filters, ranges = as_filters(condition, art, today)
    assert filters == {} and ranges == {"measured_on": (today - dt.timedelta(days=14), today)}
    rows = records(art)
    picked = {r["code"] for r in store.select_records("reading", ranges=ranges)}
    assert picked == {r["code"] for r in rows if holds(condition, r, today)}
    assert {r["measured_on"] for r in rows if r["code"] in picked} >= {today, today - dt.timedelta(days=14)}
    assert not any(r["measured_on"] in (today - dt.timedelta(days=15), today + dt.timedelta(days=1))
                   for r in rows if r["code"] in picked)
