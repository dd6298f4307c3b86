"""Where a change came from is stored as data and read in the reader's language: `history` and `imports` in
Chinese and English, rows stored in the old English wording (migrated, and read even unmigrated), and nothing
decided by a source's wording."""
from __future__ import annotations

import sqlite3

import pytest

from reviewdesk import store
from reviewdesk.desktop.cli.output import width
from reviewdesk.store import sources
from reviewdesk.store.models import AuditEntry

from sources_helpers import RETURNED, history_of_every_source

INTERNAL = ("import batch", "undo import", "import:", "undo-import", "cli", "form", "demo")


def source_column(out: str) -> list[str]:
    """The 来源/Source cell of every row of a `history` table, the last column (a Chinese character takes two
    columns of the terminal)."""
    lines = out.splitlines()
    header = lines[0]
    start = width(header[:header.index("来源" if "来源" in header else "Source")])
    cells = []
    for line in lines[2:]:
        used = 0
        for i, ch in enumerate(line):
            if used >= start:
                cells.append(line[i:])
                break
            used += width(ch)
    return cells


@pytest.mark.parametrize("stored,zh,en", [
    ("form", "表单", "form"),
    ("cli", "命令行", "command line"),
    ("settings", "设置", "settings"),
    ("demo", "演示数据", "demo data"),
    ("undo", "撤销", "undo"),
    ("redo", "重做", "redo"),
    ("import:3:it-returned.xlsx", "导入批次 3（it-returned.xlsx）", "import batch 3 (it-returned.xlsx)"),
    ("import:4:a:b, c.xlsx", "导入批次 4（a:b, c.xlsx）", "import batch 4 (a:b, c.xlsx)"),
    ("undo-import:2", "撤销导入批次 2", "undo of import batch 2"),
    # the wording stored before schema version 4 reads the same
    ("import batch 3, it-returned.xlsx", "导入批次 3（it-returned.xlsx）", "import batch 3 (it-returned.xlsx)"),
    ("undo import batch 2", "撤销导入批次 2", "undo of import batch 2"),
    ("bench", "bench", "bench"),  # a script's own word is shown as it is
])
def test_a_source_reads_in_either_language(stored, zh, en):
    assert (sources.label(stored, "zh"), sources.label(stored, "en")) == (zh, en)


def test_the_stored_form_is_data_and_round_trips():
    assert sources.import_batch(3, "it-returned.xlsx") == "import:3:it-returned.xlsx"
    assert sources.undo_import(2) == "undo-import:2"
    assert sources.parse("import:3:x:y.xlsx") == sources.Source("import", 3, "x:y.xlsx")
    assert sources.parse("import batch 3, x.xlsx").token == "import:3:x.xlsx"
    assert sources.parse("undo import batch 12").token == "undo-import:12"


def test_what_puts_values_back_is_decided_by_kind_not_wording():
    assert all(sources.puts_back(s) for s in ("undo", "redo", "undo-import:2", "undo import batch 2"))
    assert not any(sources.puts_back(s) for s in ("form", "cli", "import:2:x.xlsx", "undone-by-hand", "redone",
                                                   "undo-import:x", "import batch 2, undo.xlsx"))


def test_every_writer_stores_a_token(db, tmp_path):
    code = history_of_every_source(tmp_path)
    stored = [e.source for e in store.history(code)]
    assert set(stored) == {"cli", f"import:1:{RETURNED}", "undo-import:1", f"import:2:{RETURNED}"}
    assert {e.source for e in AuditEntry.select()} <= set(stored) | {"settings"}


def test_history_in_chinese_names_each_source_in_chinese_and_whole(db, tmp_path, run):
    code = history_of_every_source(tmp_path)
    status, out, _ = run("history", code)
    assert status == 0
    column = source_column(out)
    assert set(column[:7]) == {"命令行"}  # created on the command line, one row per field
    assert column[7:] == [f"导入批次 1（{RETURNED}）", "撤销导入批次 1", f"导入批次 2（{RETURNED}）"]
    assert not any(word in out for word in INTERNAL) and "…" not in out


def test_history_in_english_names_each_source_in_english(db, tmp_path, run):
    code = history_of_every_source(tmp_path)
    status, out, _ = run("history", code, "--lang", "en")
    column = source_column(out)
    assert status == 0 and set(column[:7]) == {"command line"}
    assert column[7:] == [f"import batch 1 ({RETURNED})", "undo of import batch 1", f"import batch 2 ({RETURNED})"]


def test_changes_of_departments_and_people_on_the_command_line_say_so(db, run):
    assert run("department", "add", "QA", "质检部", "Quality Assurance")[0] == 0
    assert run("person", "add", "韩梅", "QA", "supervisor")[0] == 0
    assert {e.source for e in AuditEntry.select().where(AuditEntry.code.in_(["QA", "韩梅"]))} == {"cli"}


def test_imports_says_what_each_batch_created_and_updated_in_words(db, tmp_path, run):
    history_of_every_source(tmp_path)
    status, out, _ = run("imports")
    assert status == 0
    second, first = out.split("\n\n")
    assert second.splitlines()[0].startswith("批次 2  ") and second.splitlines()[0].endswith("  张敏")
    assert second.splitlines()[1:] == [f"  文件：{RETURNED}（与批次 1 为同一文件）", "  服务问题清单：新增 1、修改 1"]
    assert first.splitlines()[0].startswith("批次 1  ") and "已撤销（" in first.splitlines()[0]
    assert "，张敏）" in first.splitlines()[0]
    assert first.splitlines()[1:] == [f"  文件：{RETURNED}", "  服务问题清单：新增 1、修改 1"]
    assert not any(mark in out for mark in ("+", "~", "…"))


def test_imports_in_english_and_a_department(db, tmp_path, run):
    history_of_every_source(tmp_path)
    store.database.execute_sql("UPDATE import_batch SET department = 'CS', counts = ? WHERE id = 2",
                               ('{"issue": {"created": 0, "updated": 3}, "target": {"created": 2, "updated": 0},'
                                ' "callback": {"created": 0, "updated": 0}}',))
    status, out, _ = run("imports", "--lang", "en")
    second = out.split("\n\n")[0].splitlines()
    assert status == 0 and second[0].startswith("Batch 2  ")
    assert second[1:] == ["  Department: Customer Service", f"  Files: {RETURNED} (same file as batch 1)",
                          "  Service issue list: 3 updated", "  Target confirmation table: 2 created"]
    status, out, _ = run("imports")
    assert out.split("\n\n")[0].splitlines()[1:4] == ["  部门：客服中心", f"  文件：{RETURNED}（与批次 1 为同一文件）",
                                                      "  服务问题清单：修改 3"]


def test_no_import_batches_is_said(db, run):
    assert run("imports") == (0, "还没有导入批次\n", "")
    assert run("imports", "--lang", "en") == (0, "No import batches yet\n", "")


def test_rows_stored_in_the_old_wording_are_migrated_and_read_the_same(db, tmp_path, run):
    """A version 3 database whose audit log says "import batch 1, x.xlsx" and "undo import batch 1": upgraded (after
    a backup) to tokens, and `history` reads as if the import had been made today."""
    code = history_of_every_source(tmp_path)
    old = {f"import:1:{RETURNED}": f"import batch 1, {RETURNED}", "undo-import:1": "undo import batch 1",
           f"import:2:{RETURNED}": f"import batch 2, {RETURNED}"}
    expected_zh, expected_en = run("history", code)[1], run("history", code, "--lang", "en")[1]
    for token, sentence in old.items():
        AuditEntry.update(source=sentence).where(AuditEntry.source == token).execute()
    store.database.execute_sql("UPDATE setting SET value = '3' WHERE key = 'schema_version'")
    for undone in ("DROP INDEX audit_entry_change_id", "ALTER TABLE audit_entry DROP COLUMN change_id",
                   "ALTER TABLE audit_entry DROP COLUMN reverses"):  # what version 5 adds
        store.database.execute_sql(undone)
    from test_migrations import BEFORE_V6
    for undone in BEFORE_V6.split(";")[:-1]:  # and version 6
        store.database.execute_sql(undone)
    assert run("history", code)[1] == expected_zh  # read before the upgrade, too
    store.close()
    store.open_database(db)
    assert store.schema_version(store.database) == store.LATEST_VERSION
    assert {e.source for e in store.history(code)} == {"cli", *old}
    assert run("history", code) == (0, expected_zh, "") and run("history", code, "--lang", "en")[1] == expected_en
    [backup] = db.parent.glob(f"{db.stem}.v3-*.bak.sqlite3")
    kept = sqlite3.connect(str(backup)).execute("SELECT DISTINCT source FROM audit_entry").fetchall()
    assert {s for (s,) in kept} == {"cli", "settings", *old.values()}
