"""From the window: the import wizard checks a returned workbook as the department chosen, as `import --department`."""
from __future__ import annotations

import json

import openpyxl
import pytest

pytest.importorskip("pytestqt")

from reviewdesk import store  # noqa: E402
from reviewdesk.desktop.window.import_wizard import ImportWizard  # noqa: E402
from desktop_helpers import boxes, settings, window  # noqa: E402,F401
from reviewdesk.exporters.xlsx.export import export_workbook  # noqa: E402
from xlsx_helpers import fill_sample  # noqa: E402


def edit(path, changes):
    book = openpyxl.load_workbook(path)
    ws = book["问题清单"]
    heads = [c.value for c in ws[1]]
    for code, header, value in changes:
        row = next(r[0].row for r in ws.iter_rows(min_row=2, max_col=1) if r[0].value == code)
        ws.cell(row, heads.index(header) + 1).value = value
    book.save(path)


def wizard_rows(wizard, what: str) -> list[list[str]]:
    return [[wizard.table.item(r, c).text() for c in range(7)] for r in range(wizard.table.rowCount())
            if wizard.table.item(r, 0).text() == what]


def checked_as(qtbot, wizard, department):
    wizard.department.setCurrentIndex(wizard.department.findData(department))
    qtbot.waitUntil(lambda: wizard.plan is not None, timeout=20_000)


def test_the_wizard_checks_as_the_chosen_department_like_the_cli(qtbot, window, run, tmp_path):
    fill_sample()
    path = tmp_path / "returned.xlsx"
    export_workbook(path, ["issue"], lang="zh")  # for no department: the importer says who returned it
    edit(path, [("ISS-0001", "状态", "处理中"), ("ISS-0001", "问题概述", "改过的概述"), ("ISS-0002", "状态", "已解决")])
    wizard = ImportWizard("zh", "me", window, paths=[str(path)])
    qtbot.addWidget(wizard)
    qtbot.waitUntil(lambda: wizard.plan is not None, timeout=20_000)
    assert wizard.department.currentData() is None and not wizard_rows(wizard, "不允许")
    assert len(wizard_rows(wizard, "修改")) == 3

    checked_as(qtbot, wizard, "CS")
    code, out, _ = run("import", "--dry-run", "--json", "--department", "CS", str(path))
    cli = json.loads(out)
    assert code == 0 and len(cli["not_permitted"]) == 2
    assert [(r[1], r[6]) for r in wizard_rows(wizard, "不允许")] == \
        [(n["code"], n["reason"]) for n in cli["not_permitted"]]
    assert [r[1] for r in wizard_rows(wizard, "修改")] == [u["code"] for u in cli["updated"]] == ["ISS-0001"]
    assert wizard.plan.department == "CS"

    checked_as(qtbot, wizard, None)  # back to the workbook's word: everything is allowed again
    assert not wizard_rows(wizard, "不允许") and store.get_record("ISS-0001")["status"] == "open"


def test_a_department_the_workbook_was_not_made_for_is_an_error(qtbot, window, run, tmp_path):
    fill_sample()
    path = tmp_path / "it.xlsx"
    export_workbook(path, ["issue"], lang="zh", department="IT")
    wizard = ImportWizard("zh", "me", window, paths=[str(path)])
    qtbot.addWidget(wizard)
    qtbot.waitUntil(lambda: wizard.plan is not None, timeout=20_000)
    assert wizard.plan.department == "IT" and not wizard.plan.errors
    checked_as(qtbot, wizard, "CS")
    code, out, _ = run("import", "--dry-run", "--json", "--department", "CS", str(path))
    [error] = wizard_rows(wizard, "错误")
    assert code == 1 and error[6] == json.loads(out)["errors"][0]["message"]
    assert "技术部" in error[6] and not wizard.apply_button.isEnabled()


def test_switching_department_twice_shows_and_applies_the_plan_of_the_last_choice(qtbot, window, tmp_path,
                                                                                    monkeypatch):
    """A check that finishes late (an earlier department) must not replace the plan of the current choice."""
    import time

    from reviewdesk.exporters.returns import plan as import_plan

    fill_sample()
    path = tmp_path / "returned.xlsx"
    export_workbook(path, ["issue"], lang="zh")
    wizard = ImportWizard("zh", "me", window, paths=[str(path)])
    qtbot.addWidget(wizard)
    qtbot.waitUntil(lambda: wizard.plan is not None, timeout=20_000)
    real = import_plan.build_plan

    def slow_for_cs(paths, department=None, **kw):
        if department == "CS":
            time.sleep(1.0)  # the first check happens to finish last
        return real(paths, department=department, **kw)

    monkeypatch.setattr(import_plan, "build_plan", slow_for_cs)
    wizard.department.setCurrentIndex(wizard.department.findData("CS"))
    wizard.department.setCurrentIndex(wizard.department.findData("IT"))
    qtbot.waitUntil(lambda: wizard.plan is not None, timeout=20_000)
    qtbot.wait(1500)  # the late CS result arrives meanwhile and is dropped
    assert wizard.plan.department == "IT" == wizard.department.currentData()
