"""Backup, restore and check: the only copy of people's records stays safe."""
from __future__ import annotations

import sqlite3

from reviewdesk import store


def test_backup_restore_round_trip_keeps_a_safety_copy(run, db, tmp_path):
    store.create("issue", {"title": "退款慢", "category": "效率类", "impact": "高", "frequency": "高"}, who="t")
    copy = tmp_path / "copy.sqlite3"
    code, out, _ = run("backup", "-o", str(copy))
    assert code == 0 and str(copy) in out
    store.open_database(db)
    store.update("ISS-0001", {"status": "closed"}, who="t")
    store.create("issue", {"title": "后来的问题", "category": "体验类", "impact": "低", "frequency": "低"}, who="t")
    code, out, _ = run("restore", str(copy))
    assert code == 0 and "恢复前的数据已另存为" in out
    store.open_database(db)
    assert store.get_record("ISS-0001")["status"] == "open"
    assert [r["code"] for r in store.select_records("issue")] == ["ISS-0001"]
    safety = list(tmp_path.glob("review.backup-*.sqlite3"))
    assert len(safety) == 1
    assert sqlite3.connect(str(safety[0])).execute("SELECT count(*) FROM issue").fetchone()[0] == 2


def test_restore_refuses_what_is_not_a_sound_backup_and_changes_nothing(run, db, tmp_path, dump):
    store.create("issue", {"title": "退款慢", "category": "效率类", "impact": "高", "frequency": "高"}, who="t")
    before = dump(db)
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all")
    other = tmp_path / "other.sqlite3"
    sqlite3.connect(str(other)).execute("CREATE TABLE x (a)").connection.commit()
    for path, expected in ((junk, "不是 ReviewDesk 数据库"), (other, "不是 ReviewDesk 数据库"),
                           (tmp_path / "none.sqlite3", "找不到备份文件")):
        code, out, err = run("restore", str(path))
        assert code == 1 and expected in err and "Traceback" not in err
    assert dump(db) == before


def test_check_finds_orphans_counters_and_audit_gaps(run, db):
    store.create("issue", {"title": "退款慢", "category": "效率类", "impact": "高", "frequency": "高"}, who="t")
    assert run("check")[0] == 0
    store.database.execute_sql("PRAGMA foreign_keys = OFF")
    store.database.execute_sql("INSERT INTO target (code, number, revision, created_at, created_by, updated_at, "
                               "updated_by, title, issue_id, department_id, due_date) VALUES ('TGT-0005', 5, 1, "
                               "'2026-11-01', 't', '2026-11-01', 't', 'x', 99, 1, '2026-12-01')")
    store.database.execute_sql("PRAGMA foreign_keys = ON")
    code, out, _ = run("check", "--lang", "en")
    assert code == 1
    assert "refers to a missing record in issue" in out
    assert "counter is behind" in out and "no creation entry" in out
