"""Schema versions: a new file gets the latest; an old one is upgraded after a backup; others are refused."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from reviewdesk import store
from reviewdesk.store.db import DatabaseError
from reviewdesk.store.migrations import LATEST_VERSION, STEPS

V1 = Path(__file__).parent / "data" / "schema_v1.sql"
#: What version 6 adds, taken away again: a database of the latest version made as version 5 wrote it.
BEFORE_V6 = ("DROP TABLE reading; DROP INDEX target_tracking;"
             + "".join(f"ALTER TABLE target DROP COLUMN {c};"
                       for c in ("latest_value", "latest_on", "first_on", "attainment", "tracking")))


def columns(path: Path) -> dict[str, set[str]]:
    connection = sqlite3.connect(str(path))
    tables = [r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    result = {t: {r[1] for r in connection.execute(f'PRAGMA table_info("{t}")')} for t in tables}
    connection.close()
    return result


def test_every_version_has_a_step_and_the_latest_is_what_the_code_expects():
    assert sorted(STEPS) == list(range(2, LATEST_VERSION + 1))


def test_a_new_database_is_created_at_the_latest_version_with_wal_and_foreign_keys(tmp_path):
    path = tmp_path / "new.sqlite3"
    store.open_database(path)
    assert store.schema_version(store.database) == LATEST_VERSION
    assert store.database.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.database.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    assert len(store.database_id()) == 32
    store.close()
    assert not list(tmp_path.glob("*.bak*"))


def test_a_version_1_database_is_upgraded_keeping_its_data_after_a_backup(tmp_path):
    path = tmp_path / "old.sqlite3"
    connection = sqlite3.connect(str(path))
    connection.executescript(V1.read_text(encoding="utf-8"))
    connection.execute("INSERT INTO department (code, position, name_zh, name_en) VALUES ('CS', 1, '客服中心', 'CS')")
    connection.execute("INSERT INTO issue (code, number, revision, created_at, created_by, updated_at, updated_by, "
                       "title, category, impact, frequency, priority, department_id, status) VALUES ('ISS-0001', 1, 1,"
                       " '2026-11-01 08:00:00', 'a', '2026-11-01 08:00:00', 'a', '退款慢', 'efficiency', 'high',"
                       " 'high', 'P1', 1, 'open')")
    connection.execute("INSERT INTO counter VALUES ('issue', 1)")
    connection.commit()
    connection.close()
    store.open_database(path)
    assert store.schema_version(store.database) == LATEST_VERSION
    assert store.get_record("ISS-0001")["department"] == "CS"
    assert store.create("issue", {"title": "新问题", "category": "合规类", "impact": "低", "frequency": "低"},
                        who="t").code == "ISS-0002"
    assert store.database_id() == "0123456789abcdef0123456789abcdef"
    store.close()
    backups = list(tmp_path.glob("old.v1-*.bak.sqlite3"))
    assert len(backups) == 1
    assert sqlite3.connect(str(backups[0])).execute(
        "SELECT value FROM setting WHERE key='schema_version'").fetchone()[0] == "1"
    fresh = tmp_path / "fresh.sqlite3"
    store.open_database(fresh)
    store.close()
    assert columns(path) == columns(fresh)


def test_a_database_from_a_newer_program_is_refused(tmp_path):
    path = tmp_path / "future.sqlite3"
    store.open_database(path)
    store.database.execute_sql("UPDATE setting SET value='99' WHERE key='schema_version'")
    store.close()
    with pytest.raises(DatabaseError) as caught:
        store.open_database(path)
    assert "更新版本" in caught.value.zh
    store.close()


def test_a_file_that_is_not_a_database_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "notes.sqlite3"
    path.write_bytes(b"PK\x03\x04 this is a zip, not a database")
    with pytest.raises(DatabaseError) as caught:
        store.open_database(path)
    assert "不是 SQLite 文件" in caught.value.zh
    assert path.read_bytes() == b"PK\x03\x04 this is a zip, not a database"


def test_a_second_window_that_read_the_old_version_does_not_upgrade_again(tmp_path, monkeypatch):
    """Two windows opening the same old file: the second waits for the first's upgrade, then skips the step."""
    from reviewdesk.store import migrations

    path = tmp_path / "old.sqlite3"
    connection = sqlite3.connect(str(path))
    connection.executescript(V1.read_text(encoding="utf-8"))
    connection.close()
    store.open_database(path)  # the first window upgrades
    store.close()
    reads = iter([1])  # the second window read version 1 before the first window committed
    real = migrations.schema_version
    monkeypatch.setattr(migrations, "schema_version", lambda db: next(reads, None) or real(db))
    store.open_database(path)  # would fail with "duplicate column name" if the step ran again
    assert real(store.database) == LATEST_VERSION
    store.close()


def test_a_version_4_database_gets_numbered_changes_and_its_earlier_changes_stay_as_they_were(tmp_path):
    """Version 5 numbers each record's change in the audit log (what undo and redo go by); changes made before
    have no number, so `reviewdesk undo` leaves them alone instead of guessing which rows belong together."""
    path = tmp_path / "v4.sqlite3"
    store.open_database(path)
    store.reference.save_department("CS", "客服中心", "Customer Service", who="t")
    store.create("issue", {"title": "退款慢", "category": "效率类", "impact": "高", "frequency": "中"}, who="甲",
                 source=store.sources.CLI)
    store.close()
    connection = sqlite3.connect(str(path))  # back to what version 4 wrote
    connection.executescript("DROP INDEX audit_entry_change_id; ALTER TABLE audit_entry DROP COLUMN change_id;"
                             "ALTER TABLE audit_entry DROP COLUMN reverses;" + BEFORE_V6 +
                             "UPDATE setting SET value = '4' WHERE key = 'schema_version';")
    connection.close()
    store.open_database(path)
    assert store.schema_version(store.database) == LATEST_VERSION == 8
    assert {e.change_id for e in store.history("ISS-0001")} == {None}
    with pytest.raises(store.NothingToUndo):
        store.undo(who="甲")
    change = store.update("ISS-0001", {"status": "已确认"}, who="甲", source=store.sources.CLI)
    assert store.undo(who="甲").reverses == change.id
    assert store.get_record("ISS-0001")["status"] == "open"
    store.close()
    assert len(list(tmp_path.glob("v4.v4-*.bak.sqlite3"))) == 1
    fresh = tmp_path / "fresh.sqlite3"
    store.open_database(fresh)
    store.close()
    assert columns(path) == columns(fresh)


def test_a_version_5_database_gets_kpi_readings_and_its_targets_their_tracking(tmp_path):
    """Version 6 adds KPI readings and the fields each target gathers from them; the targets already there are
    worked out when the upgraded database is opened: not started, without readings."""
    path = tmp_path / "v5.sqlite3"
    store.open_database(path)
    store.reference.save_department("CS", "客服中心", "Customer Service", who="t")
    store.create("target", {"title": "投诉率降至5%", "baseline": 8, "target_value": 5, "department": "CS",
                            "due_date": "2030-01-01"}, who="t")
    store.close()
    connection = sqlite3.connect(str(path))
    connection.executescript(BEFORE_V6 + "DELETE FROM setting WHERE key = 'gathered_refreshed_on';"
                             "UPDATE setting SET value = '5' WHERE key = 'schema_version';")
    connection.close()
    store.open_database(path)
    assert store.schema_version(store.database) == LATEST_VERSION
    assert store.get_record("TGT-0001")["tracking"] == "not_started"
    store.create("reading", {"target": "TGT-0001", "measured_on": "2026-11-01", "value": 6.5}, who="t")
    assert float(store.get_record("TGT-0001")["attainment"]) == 50.0
    store.close()
    fresh = tmp_path / "fresh.sqlite3"
    store.open_database(fresh)
    store.close()
    assert columns(path) == columns(fresh)


def test_a_version_6_database_gets_accounts_and_each_record_its_last_change(tmp_path):
    """Version 7 adds the accounts of a team database and, on every record, the number of its latest change; the
    records already there keep their values and change on as before."""
    path = tmp_path / "v6.sqlite3"
    store.open_database(path)
    store.reference.save_department("CS", "客服中心", "Customer Service", who="t")
    store.create("issue", {"title": "退换货材料需重复提交", "category": "效率类", "impact": "高", "frequency": "high",
                           "department": "CS", "found_on": "2026-11-03"}, who="t")
    store.close()
    connection = sqlite3.connect(str(path))
    tables = [t for t in columns(path) if "last_change" in columns(path)[t]]
    connection.executescript("DROP TABLE account;" + "".join(f'ALTER TABLE "{t}" DROP COLUMN last_change;'
                                                             for t in tables)
                             + "UPDATE setting SET value = '6' WHERE key = 'schema_version';")
    connection.close()
    assert "account" not in columns(path) and len(tables) == len(store.models.MODELS)
    store.open_database(path)
    assert store.schema_version(store.database) == LATEST_VERSION
    after = columns(path)
    assert "account" in after and all("last_change" in after[t] for t in tables)
    assert store.get_record("ISS-0001")["title"] == "退换货材料需重复提交"
    change = store.update("ISS-0001", {"notes": "升级之后"}, who="t")
    assert change.revision == 2 and store.history("ISS-0001")[-1].change_id == change.id
    store.close()
