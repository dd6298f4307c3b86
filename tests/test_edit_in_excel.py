"""Edit in Excel from the command line: `reviewdesk edit` writes the workbook and watches it; a test plays the user
saving it with openpyxl (in place, twice with an apply between, and as Excel does: a temporary file, then replace),
with LibreOffice re-saving it headless, and half-written; each completed save is one plan, exactly its edits."""
from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import threading
from pathlib import Path

import openpyxl
import pytest

from reviewdesk import store
from reviewdesk.exporters.returns.saves import SaveWatcher, complete

from desktop_helpers import boxes, settings, window  # noqa: F401 - fixtures
from process_helpers import cli, start
from test_import import edit
from xlsx_helpers import fill_sample

pytestmark = pytest.mark.both_engines

QUIET_S = 2.5  # no plan may come within this long of a save that is not finished


class Editing:
    """`reviewdesk edit issue --json --no-open` running, its JSON lines as they come, answers written to it."""

    def __init__(self, db, path: Path) -> None:
        self.process = start(cli(db, "edit", "issue", "--json", "--no-open", "-o", str(path)), stdin=subprocess.PIPE)
        self.lines: "queue.Queue[dict]" = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.put(json.loads(line))

    def next(self, timeout: float = 30) -> dict:
        return self.lines.get(timeout=timeout)

    def nothing_within(self, seconds: float) -> bool:
        try:
            self.lines.get(timeout=seconds)
        except queue.Empty:
            return True
        return False

    def answer(self, text: str) -> None:
        self.process.stdin.write(text + "\n")
        self.process.stdin.flush()


def planned(event: dict) -> set[tuple[str, str, object]]:
    assert event["event"] == "plan", event
    return {(u["code"], u["field"], u["new"]) for u in event["plan"]["updated"]}


def test_each_completed_save_is_one_plan_of_exactly_its_edits(db, tmp_path):
    fill_sample()
    path = tmp_path / "editing.xlsx"
    editing = Editing(db, path)
    try:
        ready = editing.next()
        assert ready["event"] == "ready" and Path(ready["file"]) == path and ready["rows"] == 3
        edit(path, path, {("问题清单", "ISS-0001", "状态"): "处理中"})  # saved in place, as LibreOffice does
        assert planned(editing.next()) == {("ISS-0001", "status", "in_progress")}
        editing.answer("y")
        applied = editing.next()
        assert applied["event"] == "applied" and store.get_record("ISS-0001")["status"] == "in_progress"

        edit(path, path, {("问题清单", "ISS-0001", "备注"): "第二次保存"})  # the applied status is still in the sheet
        second = editing.next()
        assert planned(second) == {("ISS-0001", "notes", "第二次保存")} and not second["plan"]["conflicts"]
        editing.answer("n")
        assert editing.next()["event"] == "skipped"

        temporary = tmp_path / "~excel1234.tmp"  # as Excel saves: a new file written beside, then put in place
        edit(path, temporary, {("问题清单", "ISS-0002", "根因分析"): "Excel 的保存方式"})
        os.replace(temporary, path)
        assert planned(editing.next()) == {("ISS-0001", "notes", "第二次保存"), ("ISS-0002", "root_cause", "Excel 的保存方式")}
        editing.answer("n")
        assert editing.next()["event"] == "skipped"

        whole = path.read_bytes()
        path.write_bytes(whole[: len(whole) // 2])  # half-written: no plan, no error, until it is whole
        assert editing.nothing_within(QUIET_S)
        path.write_bytes(whole)
        assert planned(editing.next()) == {("ISS-0001", "notes", "第二次保存"), ("ISS-0002", "root_cause", "Excel 的保存方式")}
        editing.answer("q")
        assert editing.next()["event"] == "end"
        assert editing.process.wait(timeout=30) == 0
    finally:
        if editing.process.poll() is None:
            editing.process.kill()
    assert store.get_record("ISS-0001")["notes"] is None  # what was not applied stays unapplied


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_a_libreoffice_resave_is_planned_as_its_edits(db, tmp_path):
    fill_sample()
    path = tmp_path / "editing.xlsx"
    editing = Editing(db, path)
    try:
        assert editing.next()["event"] == "ready"
        edited = tmp_path / "edited.xlsx"
        edit(path, edited, {("问题清单", "ISS-0003", "备注"): "用 LibreOffice 保存"})
        converted = tmp_path / "lo"
        subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
                        "--convert-to", "xlsx", "--outdir", str(converted), str(edited)], check=True, timeout=180,
                       capture_output=True)
        shutil.copyfile(converted / "edited.xlsx", path)  # written into the watched file in place
        assert planned(editing.next(timeout=60)) == {("ISS-0003", "notes", "用 LibreOffice 保存")}
        editing.answer("y")
        assert editing.next()["event"] == "applied"
        assert store.get_record("ISS-0003")["notes"] == "用 LibreOffice 保存"
        editing.answer("q")
    finally:
        editing.process.kill()


def test_the_watcher_tells_a_save_once_and_only_when_complete(tmp_path):
    path = tmp_path / "w.xlsx"
    book = openpyxl.Workbook()
    book.save(path)
    now = [0.0]
    watcher = SaveWatcher(path, settle=0.5, clock=lambda: now[0])
    assert not watcher.poll()  # the workbook as written: nothing new
    book["Sheet"]["A1"] = "x"
    book.save(path)
    assert not watcher.poll()  # just written: not yet settled
    now[0] += 0.6
    assert watcher.poll() and not watcher.poll()  # told once
    whole = path.read_bytes()
    path.write_bytes(whole[:100])
    now[0] += 0.6
    assert not watcher.poll()
    now[0] += 5
    assert not complete(path) and not watcher.poll()  # a broken zip stays untold, however long
    path.unlink()
    assert not watcher.poll()  # missing: mid-replace
    path.write_bytes(whole)
    now[0] += 0.6
    assert not watcher.poll()
    now[0] += 0.6
    assert watcher.poll()


def test_the_window_edits_a_filtered_table_in_excel_and_applies_each_save(window, db, qtbot, boxes):
    fill_sample()
    window.refresh()
    window.show_page("issue")
    page = window.table_page()
    page.set_filters({"department": ["CS"]})  # only the rows the table shows go into the workbook
    window.act_excel.trigger()
    qtbot.waitUntil(lambda: bool(window.edit_sessions), timeout=10_000)
    session, dock, panel = window.edit_sessions[0]
    qtbot.waitUntil(dock.isVisible, timeout=5_000)  # shown with the next pass of the event loop
    assert ("opened", str(session.path)) in boxes
    codes = [r[0] for r in openpyxl.load_workbook(session.path)["问题清单"].iter_rows(min_row=2, values_only=True)
             if r[0]]
    assert codes == [c for c in ("ISS-0001", "ISS-0002", "ISS-0003") if store.get_record(c)["department"] == "CS"]
    code = codes[0]
    edit(session.path, session.path, {("问题清单", code, "备注"): "窗口里编辑"})
    qtbot.waitUntil(lambda: panel.plan is not None, timeout=10_000)  # how soon: docs/demo_edit_in_excel.py
    assert [(u.code, u.field, u.new) for u in panel.plan.updated] == [(code, "notes", "窗口里编辑")]
    assert panel.table.rowCount() == 1 and panel.apply_button.isEnabled()
    panel.apply()
    qtbot.waitUntil(lambda: store.get_record(code)["notes"] == "窗口里编辑", timeout=10_000)
    qtbot.waitUntil(lambda: panel.batch is not None, timeout=5_000)
    assert store.import_batches()[0].batch == panel.batch and panel.table.rowCount() == 0
    edit(session.path, session.path, {("问题清单", code, "根因分析"): "第二次"})
    qtbot.waitUntil(lambda: panel.plan is not None, timeout=10_000)
    assert [(u.code, u.field) for u in panel.plan.updated] == [(code, "root_cause")] and not panel.plan.conflicts
    boxes.unsaved = "keep"  # closing with that plan unapplied asks; keep watching leaves the panel open
    panel.reject()
    assert boxes[-1][0] == "unsaved" and dock.isVisible()
    boxes.unsaved = "discard"
    panel.reject()
    assert not dock.isVisible() and not panel.timer.isActive()
    window.sessions_menu.aboutToShow.emit()
    [listed] = window.sessions_menu.actions()
    listed.trigger()  # reopened from the list of this run's sessions
    assert dock.isVisible() and panel.timer.isActive()
