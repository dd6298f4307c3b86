"""`reviewdesk export` and `reviewdesk template` through the real entry point: files, messages, exit codes."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from reviewdesk.desktop.cli import main as cli
from reviewdesk.exporters.xlsx.meta import read_contract

from xlsx_helpers import fill_sample, load, rows

pytestmark = pytest.mark.both_engines  # conftest.py: on PostgreSQL too, with REVIEWDESK_TEST_PG set

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def run(run):
    """The command line (conftest's runner) on a database holding the sample records."""
    fill_sample()
    return run


def test_export_all(run, tmp_path):
    path = tmp_path / "all.xlsx"
    code, out, err = run("export", "all", "-o", str(path))
    assert code == 0 and err == ""
    assert "已导出 14 行" in out and "问题清单 3" in out and "指标跟踪 2" in out and "已隐藏" in out
    assert load(path).sheetnames[1:7] == ["问题清单", "目标确认表", "优化方案", "协作申请", "满意度回访", "指标跟踪"]


def test_the_masking_note_appears_only_when_a_sheet_holds_personal_data(run, tmp_path):
    code, out, _ = run("export", "collab", "issue", "-o", str(tmp_path / "c.xlsx"))
    assert code == 0 and "已导出" in out and "已隐藏" not in out  # neither has a customer's name or phone
    code, out, _ = run("export", "callback", "-o", str(tmp_path / "cb.xlsx"), "--lang", "en")
    assert code == 0 and "Customer names and phone numbers are masked" in out


def test_export_department_in_english_with_filters(run, tmp_path):
    path = tmp_path / "cs.xlsx"
    code, out, _ = run("export", "issue", "plan_step", "callback", "-o", str(path), "--department", "CS",
                       "--deadline", "2026年12月7日", "--where", "plan_step.status=进行中", "--lang", "en",
                       "--include-personal-data")
    assert code == 0, out
    assert "Department workbook for Customer Service (CS), to be returned by 2026-12-07" in out and "masked" not in out
    wb = load(path)
    assert wb.sheetnames[1:4] == ["Issues", "Plan", "Callbacks"]
    assert [r[0] for r in rows(wb["Plan"])] == ["PLN-0001"]
    assert [r[2] for r in rows(wb["Callbacks"])] == ["王先生"]
    meta = read_contract(path).meta
    assert (meta["department"], meta["deadline"], meta["language"]) == ("CS", "2026-12-07", "en")


def test_template(run, tmp_path):
    path = tmp_path / "blank.xlsx"
    code, out, _ = run("template", "callback", "-o", str(path))
    assert code == 0 and "满意度回访" in out
    assert load(path).sheetnames[:2] == ["填写说明", "满意度回访"]


def test_refusals_are_one_line_and_exit_1(run, tmp_path):
    code, out, err = run("export", "issue", "-o", str(tmp_path / "x.xlsx"), "--department", "客服")
    assert code == 1 and out == "" and "没有部门「客服」" in err and len(err.strip().splitlines()) == 1
    code, _, err = run("export", "issue", "-o", str(tmp_path / "nowhere" / "x.xlsx"))
    assert code == 1 and "文件夹不存在" in err
    code, _, err = run("export", "issue", "-o", str(tmp_path / "x.xlsx"), "--where", "score=3", "--lang", "en")
    assert code == 1 and "Service issue list has no field 'score'" in err
    assert not (tmp_path / "x.xlsx").exists()


def test_misuse_exits_2(run, tmp_path):
    assert run("export", "meeting", "-o", str(tmp_path / "x.xlsx"))[0] == 2
    assert run("export", "issue")[0] == 2
    assert run("export", "issue", "-o", str(tmp_path / "x.xlsx"), "--where", "status")[0] == 2
    assert run("template", "-o", str(tmp_path / "x.xlsx"))[0] == 2


def test_console_script_runs_without_qt(db, tmp_path):
    code = ("import sys; from reviewdesk.desktop.cli.main import main; rc = main(sys.argv[1:]); "
            "sys.exit(rc or (3 if any(m.startswith('PySide6') for m in sys.modules) else 0))")
    done = subprocess.run([sys.executable, "-c", code, "--db", str(db), "template", "issue", "-o", str(tmp_path / "t.xlsx")],
                          cwd=ROOT, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "t.xlsx").exists()
