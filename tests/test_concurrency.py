"""Two processes on one database (two windows, or the CLI beside the window): no lost update, a stale save is
refused with a clear message, and a busy database is waited for rather than reported as an error."""
from __future__ import annotations

import pytest

from reviewdesk import store
import reviewdesk.store.db

from process_helpers import call, cli, query, script, start

ISSUE = {"title": "退款慢", "category": "效率类", "impact": "高", "frequency": "高"}

# Each worker sets its own field of ISS-0001 COUNT times, re-reading the revision and retrying when refused.
WORKER = """
import sys, time, pathlib, store
path, field, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
store.open_database(path)
print("ready", flush=True)
while not pathlib.Path(path + ".go").exists():
    time.sleep(0.01)
refused = 0
for i in range(1, count + 1):
    while True:
        revision = store.get_record("ISS-0001")["revision"]
        try:
            store.update("ISS-0001", {field: f"{field} {i}"}, expected_revision=revision, who=field)
            break
        except store.StaleRevision:
            refused += 1
print("refused", refused, flush=True)
"""

# Holds the write lock (as another window's long save would) until its stdin closes or it is killed.
HOLDER = """
import sqlite3, sys, time
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN IMMEDIATE")
connection.execute("UPDATE setting SET value = value WHERE key = 'database_id'")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
connection.execute("COMMIT")
print("released", flush=True)
"""


@pytest.fixture
def issue(db):
    store.create("issue", ISSUE, who="t")
    store.close()
    return db


def test_concurrent_writers_lose_no_update(issue):
    fields, count = ("description", "root_cause", "notes", "process_node"), 25
    workers = [start(script(WORKER, str(issue), field, str(count))) for field in fields]
    try:
        for worker in workers:
            assert worker.stdout.readline().strip() == "ready", worker.stderr.read()
        issue.with_name(issue.name + ".go").touch()
        for worker in workers:
            out, err = worker.communicate(timeout=120)
            assert worker.returncode == 0, err
            assert out.startswith("refused")
    finally:
        for worker in workers:
            worker.kill()
            worker.wait()
    store.open_database(issue)
    record = store.get_record("ISS-0001")
    assert {f: record[f] for f in fields} == {f: f"{f} {count}" for f in fields}
    assert record["revision"] == 1 + len(fields) * count
    updates = [e for e in store.history("ISS-0001") if e.action == "update"]
    assert len(updates) == len(fields) * count
    assert sorted(e.revision for e in updates) == list(range(2, 2 + len(fields) * count))


def test_the_second_writer_of_a_record_is_refused_in_either_language(issue):
    first = call(cli(issue, "set", "ISS-0001", "notes=第一个", "--expect-revision", "1"))
    assert first.returncode == 0, first.stderr
    for lang, expected in (("zh", "ISS-0001 已被child修改（当前版本 2，您编辑的是版本 1），请刷新后重试"),
                           ("en", "ISS-0001 was changed by child (now revision 2, you edited revision 1); "
                                  "reload it and try again")):
        second = call(cli(issue, "--user", "张敏", "set", "ISS-0001", "notes=第二个", "--expect-revision", "1",
                          lang=lang))
        assert second.returncode == 1 and second.stderr.strip() == expected
    assert query(issue, "SELECT notes, revision FROM issue WHERE code = 'ISS-0001'") == [("第一个", 2)]


def test_a_window_saving_what_another_process_changed_meanwhile_is_refused(issue):
    """The record editor saves with the revision it showed (desktop/record_editor.py)."""
    store.open_database(issue)
    shown = store.get_record("ISS-0001")
    other = call(script("import sys\nfrom reviewdesk import store\nstore.open_database(sys.argv[1])\n"
                       "store.update('ISS-0001', {'notes': '另一窗口'}, who='other')", str(issue)))
    assert other.returncode == 0, other.stderr
    with pytest.raises(store.StaleRevision) as refused:
        store.update("ISS-0001", {"status": "closed"}, expected_revision=shown["revision"], who="t")
    assert "已被other修改" in refused.value.message("zh") and "reload it" in refused.value.message("en")
    record = store.get_record("ISS-0001")
    assert (record["notes"], record["status"], record["revision"]) == ("另一窗口", "open", 2)


def test_a_busy_database_is_waited_for(issue):
    holder = start(script(HOLDER, str(issue), "2"))
    try:
        assert holder.stdout.readline().strip() == "locked", holder.stderr.read()
        result = call(cli(issue, "set", "ISS-0001", "notes=等一等"))
        assert result.returncode == 0, result.stderr
        assert holder.wait(timeout=60) == 0
    finally:
        holder.kill()
        holder.wait()
    assert query(issue, "SELECT notes, revision FROM issue WHERE code = 'ISS-0001'") == [("等一等", 2)]


@pytest.mark.parametrize("lang, expected", [("zh", "数据库正忙"), ("en", "The database is busy")])
def test_a_lock_held_past_the_wait_is_a_clear_message(issue, run, monkeypatch, lang, expected):
    monkeypatch.setattr(store.db, "BUSY_TIMEOUT_MS", 300)
    holder = start(script(HOLDER, str(issue), "60"))
    try:
        assert holder.stdout.readline().strip() == "locked", holder.stderr.read()
        code, out, err = run("--lang", lang, "set", "ISS-0001", "notes=等不及")
        assert code == 1 and expected in err and str(issue) in err and "Traceback" not in err, err
    finally:
        holder.kill()
        holder.wait()
    assert query(issue, "SELECT notes, revision FROM issue WHERE code = 'ISS-0001'") == [(None, 1)]
