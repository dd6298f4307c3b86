"""Killed (SIGKILL) at any moment of an import, an export, a pack or a migration: the database opens sound and holds
all of the batch or none of it, and no half-written file ever carries the requested name.

A hard kill can leave a hidden `.~NAME.…` folder beside the requested file (the temporary being written); that is
the decided trade-off: never a partial file under the real name, and nothing to clean after an ordinary failure.
"""
from __future__ import annotations

import hashlib
import json
import random
import shutil
import signal
import sqlite3
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import docx
import openpyxl
import pytest

from reviewdesk import store
from reviewdesk.exporters.xlsx.export import export_workbook
from reviewdesk.store import demo, maintenance

from process_helpers import TIMEOUT, call, child_env, cli, integrity, query

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")

V1_SQL = Path(__file__).parent / "data" / "schema_v1.sql"
EXTRA_ISSUES = 3000
V1_ISSUES, V1_AUDIT = 3000, 120_000  # enough that the backup and the new index take a while to write
EDIT = "批量根因"  # what the edited workbook writes into every issue's root cause


@dataclass
class Prepared:
    folder: Path
    db: Path  # demo data and EXTRA_ISSUES more issues, closed (no -wal)
    issues: int
    edited: Path  # the issue sheet with every root cause changed
    edits: int
    v1: Path  # a version 1 database


def build_v1(path: Path) -> None:
    connection = sqlite3.connect(str(path))
    connection.executescript(V1_SQL.read_text(encoding="utf-8"))
    connection.execute("INSERT INTO department (code, position, name_zh, name_en) VALUES ('CS', 1, '客服中心', 'CS')")
    connection.execute(f"""WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {V1_ISSUES})
        INSERT INTO issue (code, number, revision, created_at, created_by, updated_at, updated_by, title, category,
                           impact, frequency, priority, department_id, status)
        SELECT printf('ISS-%04d', i), i, 1, '2026-11-01 08:00:00', 'a', '2026-11-01 08:00:00', 'a', '问题 ' || i,
               'efficiency', 'high', 'high', 'P1', 1, 'open' FROM n""")
    connection.execute(f"INSERT INTO counter VALUES ('issue', {V1_ISSUES})")
    connection.execute(f"""WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {V1_AUDIT})
        INSERT INTO audit_entry (at, who, artefact, code, action, field, old, new, source)
        SELECT '2026-11-01 08:00:00', 'a', 'issue', printf('ISS-%04d', i % {V1_ISSUES} + 1),
               CASE WHEN i <= {V1_ISSUES} THEN 'create' ELSE 'update' END, 'notes', NULL, '备注 ' || i, 'form'
        FROM n""")
    connection.commit()
    connection.close()


@pytest.fixture(scope="module")
def prepared(tmp_path_factory) -> Prepared:
    folder = tmp_path_factory.mktemp("faults")
    db = folder / "base.sqlite3"
    store.open_database(db)
    demo.fill_demo("small", who="t")
    store.create_many("issue", [{"title": f"问题 {i}", "category": "效率类", "impact": "高", "frequency": "低"}
                                for i in range(EXTRA_ISSUES)], who="t")
    issues = store.count_records("issue")
    export_workbook(folder / "issues.xlsx", ["issue"], lang="zh")
    store.close()
    assert not db.with_name(db.name + "-wal").exists()
    book = openpyxl.load_workbook(folder / "issues.xlsx")
    sheet = book["问题清单"]
    column = next(c.column for c in sheet[1] if c.value == "根因分析")
    edits = 0
    for row in range(2, sheet.max_row + 1):
        if sheet.cell(row, 1).value:
            sheet.cell(row, column).value = f"{EDIT} {row}"
            edits += 1
    book.save(folder / "edited.xlsx")
    build_v1(folder / "v1.sqlite3")
    return Prepared(folder, db, issues, folder / "edited.xlsx", edits, folder / "v1.sqlite3")


def watch(process: subprocess.Popen, folder: Path, marker: str | None, limit: float) -> float:
    """Seconds until the process ends, a file matching `marker` appears in `folder`, or `limit` passes."""
    started = time.monotonic()
    while process.poll() is None and time.monotonic() - started < limit:
        if marker and any(folder.glob(marker)):
            break
        time.sleep(0.002)
    return time.monotonic() - started


def kill_repeatedly(prepared: Prepared, name: str, source: Path, args: Callable[[Path], list[str]],
                    check: Callable[[Path, bool], None], kills: int, marker: str | None = None) -> None:
    """Run `reviewdesk ARGS` on a fresh copy of `source` once to the end (timed), then `kills` times killed after
    a seeded delay: spread over the whole run, or (every other run, on average) over the part after a file
    matching `marker` appears, where the writing happens. check(folder, finished) after every run."""
    rng = random.Random(name)
    killed = 0
    for attempt in range(kills + 1):
        folder = prepared.folder / name / str(attempt)
        folder.mkdir(parents=True)
        db = folder / "review.sqlite3"
        shutil.copyfile(source, db)
        process = subprocess.Popen(cli(db, *args(folder)), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                   text=True, env=child_env())
        if attempt == 0:
            before = watch(process, folder, marker, TIMEOUT) if marker else 0.0
            whole = before + watch(process, folder, None, TIMEOUT)
            after = whole - before
            assert process.wait() == 0, process.stderr.read()
        elif marker and rng.random() < 0.5:
            watch(process, folder, marker, TIMEOUT)
            watch(process, folder, None, rng.uniform(0.0, after))
        else:
            elapsed = watch(process, folder, None, rng.uniform(0.05, 1.0) * whole)
            whole = elapsed if process.poll() is not None else whole  # ended early: the timed run was slow
        if process.poll() is None:
            process.kill()
            killed += 1
        process.communicate(timeout=TIMEOUT)
        assert process.returncode in (0, -signal.SIGKILL)
        check(folder, process.returncode == 0)
    assert killed >= kills // 3, f"only {killed} of {kills} runs were killed before they finished"


def no_stray_under_a_real_name(folder: Path, allowed: set[str]) -> None:
    """Besides the expected names, only hidden temporaries (`.~…`) may be left behind by a kill."""
    database = {"review.sqlite3", *(f"review.sqlite3-{end}" for end in ("wal", "shm", "journal"))}
    names = {p.name for p in folder.iterdir()} - allowed - database
    assert all(n.startswith(".~") or ".bak." in n for n in names), names


def sound_backups(folder: Path, issues: int, version: str | None = None) -> None:
    """Every backup under its final name is a whole copy of the database it was taken from."""
    for backup in folder.glob("*.bak.sqlite3"):
        assert integrity(backup) == "ok"
        assert query(backup, "SELECT count(*) FROM issue") == [(issues,)], backup.name
        if version:
            assert query(backup, "SELECT value FROM setting WHERE key = 'schema_version'") == [(version,)]


def opens_and_checks(db: Path) -> None:
    store.open_database(db)
    try:
        assert [p.en for p in maintenance.check()] == []
    finally:
        store.close()


def test_a_killed_import_applies_all_of_the_batch_or_none(prepared):
    def check(folder: Path, finished: bool) -> None:
        db = folder / "review.sqlite3"
        assert integrity(db) == "ok"
        state = (query(db, "SELECT count(*) FROM import_batch")[0][0],
                 query(db, "SELECT count(*) FROM audit_entry WHERE batch IS NOT NULL")[0][0],
                 query(db, "SELECT count(*) FROM issue WHERE root_cause LIKE ?", f"{EDIT} %")[0][0])
        assert state in ((0, 0, 0), (1, prepared.edits, prepared.edits)), state
        assert state[0] == 1 or not finished
        sound_backups(folder, prepared.issues)
        no_stray_under_a_real_name(folder, set())
        opens_and_checks(db)

    kill_repeatedly(prepared, "import", prepared.db, lambda folder: ["import", str(prepared.edited)], check,
                    kills=10, marker="*.bak.sqlite3")


def complete_workbook(path: Path, rows: int) -> None:
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        codes = [r[0] for r in book["问题清单"].iter_rows(min_row=2, max_col=1, values_only=True) if r[0]]
        assert len(codes) == rows
    finally:
        book.close()


def complete_document(path: Path, rows: int) -> None:
    document = docx.Document(str(path))
    assert sum(len(t.rows) for t in document.tables) > rows


@pytest.mark.parametrize("output, complete", [("out.xlsx", complete_workbook), ("out.docx", complete_document)])
def test_a_killed_export_leaves_the_whole_file_or_none(prepared, output, complete):
    def check(folder: Path, finished: bool) -> None:
        target = folder / output
        assert target.exists() or not finished
        if target.exists():
            complete(target, prepared.issues)
        no_stray_under_a_real_name(folder, {output})
        assert integrity(folder / "review.sqlite3") == "ok"

    kill_repeatedly(prepared, f"export-{output}", prepared.db, lambda folder: ["export", "issue", "-o",
                                                                             str(folder / output)], check, kills=8)


def test_a_killed_pack_holds_only_whole_files_and_a_manifest_only_when_complete(prepared):
    openers = {".xlsx": lambda p: openpyxl.load_workbook(p, read_only=True).close(), ".docx": docx.Document,
               ".json": lambda p: json.loads(p.read_text(encoding="utf-8"))}

    def check(folder: Path, finished: bool) -> None:
        pack = folder / "pack"
        files = [p for p in pack.iterdir() if not p.name.startswith(".~")] if pack.exists() else []
        for path in files:
            openers[path.suffix](path)
        manifest = pack / "manifest.json"
        assert manifest.exists() or not finished
        if manifest.exists():
            listed = json.loads(manifest.read_text(encoding="utf-8"))["files"]
            assert {f["name"] for f in listed} | {"manifest.json"} == {p.name for p in files}
            for f in listed:
                assert hashlib.sha256((pack / f["name"]).read_bytes()).hexdigest() == f["sha256"]
        assert integrity(folder / "review.sqlite3") == "ok"

    kill_repeatedly(prepared, "pack", prepared.db,
                    lambda folder: ["pack", "MTG-0001", "--per-department", "-o", str(folder / "pack")], check, kills=5)


def test_a_killed_migration_leaves_version_1_intact_or_each_later_version_complete(prepared):
    def check(folder: Path, finished: bool) -> None:
        db = folder / "review.sqlite3"
        assert integrity(db) == "ok"
        version = query(db, "SELECT value FROM setting WHERE key = 'schema_version'")[0][0]
        tables = {t for (t,) in query(db, "SELECT name FROM sqlite_master WHERE type = 'table'")}
        audit_columns = {c[1] for c in query(db, "PRAGMA table_info(audit_entry)")}
        indexes = {i for (i,) in query(db, "SELECT name FROM sqlite_master WHERE type = 'index'")}
        if version == "1":
            assert not finished and "import_batch" not in tables and "batch" not in audit_columns
        else:  # each step is one transaction: a kill between them leaves version 2 whole, never half of 3
            assert version in ("2", "3", "4", "5", "6", "7", "8") and "import_batch" in tables
            assert {"batch", "revision"} <= audit_columns
            assert "audit_entry_batch" in indexes
            assert ({"imported_file", "imported_row"} <= tables) == (version in ("3", "4", "5", "6", "7", "8"))
            numbered = {"change_id", "reverses"} <= audit_columns
            assert numbered == (version in ("5", "6", "7", "8")) == ("audit_entry_change_id" in indexes)
            assert ("reading" in tables) == (version in ("6", "7", "8"))
            assert ("account" in tables) == (version in ("7", "8"))
            assert ({"action", "round_sent", "round_return"} <= tables) == (version == "8")
        assert query(db, "SELECT count(*), sum(number) FROM issue") == [(V1_ISSUES, V1_ISSUES * (V1_ISSUES + 1) // 2)]
        assert query(db, "SELECT count(*) FROM audit_entry") == [(V1_AUDIT,)]
        sound_backups(folder, V1_ISSUES, version="1")
        no_stray_under_a_real_name(folder, set())
        store.open_database(db)  # the next start finishes what the killed one began
        try:
            assert store.schema_version(store.database) == store.LATEST_VERSION
        finally:
            store.close()

    kill_repeatedly(prepared, "migration", prepared.v1, lambda folder: ["departments"], check, kills=10,
                    marker="*.bak.sqlite3")
