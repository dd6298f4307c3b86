"""Many clients writing one team database at once (#12 item 4): codes never handed out twice, one of two saves of the
same revision refused and nothing lost, a real deadlock run again until both sides are through, and a connection the
server ends during a save reported with whether the save committed. Each client is a thread with its own connection
(peewee keeps one per thread); an administrator's plain psycopg connection holds locks and ends sessions."""
from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Callable, Iterator
from urllib.parse import urlsplit

import psycopg
import pytest

from reviewdesk import store
from reviewdesk.store import accounts, retrying

from conftest import HOW_TO_RUN_PG, TEST_PG, as_account, seed_reference

pytestmark = pytest.mark.skipif(not TEST_PG, reason=HOW_TO_RUN_PG)

ISSUE = {"title": "退换货材料需重复提交", "category": "效率类", "impact": "高", "frequency": "高", "department": "CS"}
WAIT = 30  # seconds a client may take to reach the state a test waits for, on a loaded machine
ADMIN_PASSWORD = os.environ.get("PGPASSWORD")  # the test server's account, whatever a test gives ReviewDesk later


@pytest.fixture
def team(server_database):
    """A set-up team database with departments, people and the issues ISS-0001 and ISS-0002."""
    url = server_database()
    store.setup(url)
    seed_reference("t")
    store.create_many("issue", [ISSUE, ISSUE], who="t")
    return url


def as_admin(url: str) -> psycopg.Connection:
    """A plain psycopg connection as the test server's account, outside ReviewDesk, in autocommit."""
    return psycopg.connect(url, autocommit=True, **({"password": ADMIN_PASSWORD} if ADMIN_PASSWORD else {}))


@pytest.fixture
def admin(team):
    """The administrator's connection: it watches the clients, ends their sessions and reads what they wrote."""
    with as_admin(team) as connection:
        yield connection


@contextlib.contextmanager
def holding(url: str, sql: str) -> Iterator[psycopg.Connection]:
    """Another session's transaction that ran `sql` (taking its row locks) and holds them until the block ends."""
    with as_admin(url) as connection, connection.transaction():
        connection.execute(sql)
        yield connection


@pytest.fixture
def clients():
    """clients.start(work) runs work() on a thread of its own, with its own connection (closed after), as a Future."""
    pool = ThreadPoolExecutor(max_workers=8)

    def on_own_connection(work: Callable[[], Any]) -> Any:
        try:
            return work()
        finally:
            store.close()

    pool.start = lambda work: pool.submit(on_own_connection, work)
    yield pool
    pool.shutdown(wait=True)


def outcome(future: Future) -> Any:
    """What the client's work returned, or the exception it raised."""
    try:
        return future.result(timeout=WAIT)
    except Exception as exc:  # noqa: BLE001 - the test looks at which
        return exc


def waiting_for_locks(admin: psycopg.Connection, count: int) -> list[int]:
    """The backends of this database that wait for a lock, once `count` of them do (their process ids)."""
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        pids = [pid for (pid,) in admin.execute(  # pg_locks: pg_stat_activity hides other accounts' wait events
            "SELECT DISTINCT pid FROM pg_locks WHERE NOT granted AND pid IN "
            "(SELECT pid FROM pg_stat_activity WHERE datname = current_database())")]
        if len(pids) >= count:
            return pids
        time.sleep(0.02)
    raise AssertionError(f"{count} clients never waited for a lock")


def record(admin: psycopg.Connection, code: str) -> dict:
    cursor = admin.execute("SELECT * FROM issue WHERE code = %s", (code,))
    return dict(zip([c.name for c in cursor.description], cursor.fetchone()))


def updates_audited(admin: psycopg.Connection, code: str) -> list[tuple]:
    return admin.execute("SELECT field, new, revision FROM audit_entry WHERE code = %s AND action = 'update' "
                         "ORDER BY id", (code,)).fetchall()


LOCK_ISSUE_1 = "SELECT 1 FROM issue WHERE code = 'ISS-0001' FOR UPDATE"


def test_clients_creating_at_once_never_share_a_code(team, admin, clients):
    started = threading.Barrier(6)

    def create_twenty() -> list[str]:
        started.wait(timeout=WAIT)
        made = [store.create("issue", ISSUE, who="t").code for _ in range(15)]
        return made + [c.code for c in store.create_many("issue", [ISSUE] * 5, who="t")]

    made = [outcome(f) for f in [clients.start(create_twenty) for _ in range(6)]]
    assert all(isinstance(client, list) for client in made), made
    codes = [code for client in made for code in client]
    assert len(codes) == len(set(codes)) == 120, made
    assert sorted(codes) == [f"ISS-{n:04d}" for n in range(3, 123)]  # after ISS-0001 and ISS-0002, no gap
    assert admin.execute("SELECT last_number FROM counter WHERE artefact = 'issue'").fetchone() == (122,)


def test_two_clients_saving_the_same_revision_one_wins_and_nothing_is_lost(team, admin, clients, caplog):
    caplog.set_level(logging.INFO, logger=retrying.__name__)
    with holding(team, LOCK_ISSUE_1):  # both clients read revision 1, then queue behind this lock with their UPDATEs
        saves = [clients.start(lambda who=who: store.update("ISS-0001", {"notes": f"{who} 的意见"}, expected_revision=1,
                                                             who=who)) for who in ("甲", "乙")]
        waiting_for_locks(admin, 2)
    results = [outcome(f) for f in saves]
    won = [r for r in results if isinstance(r, store.Change)]
    refused = [r for r in results if isinstance(r, store.StaleRevision)]
    assert len(won) == len(refused) == 1, results
    assert (refused[0].expected, refused[0].current) == (1, 2)
    winner = "甲" if results[0] is won[0] else "乙"
    assert (record(admin, "ISS-0001")["notes"], record(admin, "ISS-0001")["revision"]) == (f"{winner} 的意见", 2)
    assert updates_audited(admin, "ISS-0001") == [("notes", f"{winner} 的意见", 2)]
    assert not caplog.records  # a revision the caller gave is never retried past


def test_a_save_at_whatever_revision_overtaken_by_another_is_run_again(team, admin, clients, caplog):
    caplog.set_level(logging.INFO, logger=retrying.__name__)
    with holding(team, LOCK_ISSUE_1):
        saves = [clients.start(lambda key=key: store.update("ISS-0001", {key: f"{key} 已填"}, who="t"))
                 for key in ("notes", "description")]
        waiting_for_locks(admin, 2)
    assert [type(outcome(f)) for f in saves] == [store.Change, store.Change]
    current = record(admin, "ISS-0001")
    assert (current["notes"], current["description"], current["revision"]) == ("notes 已填", "description 已填", 3)
    assert sorted(updates_audited(admin, "ISS-0001"), key=lambda row: row[2]) in (
        [("notes", "notes 已填", 2), ("description", "description 已填", 3)],
        [("description", "description 已填", 2), ("notes", "notes 已填", 3)])
    assert [r.getMessage() for r in caplog.records if "record moved on" in r.getMessage()]


def test_a_real_deadlock_is_run_again_and_both_sides_get_through(team, admin, clients, caplog):
    caplog.set_level(logging.INFO, logger=retrying.__name__)
    with holding(team, "UPDATE issue SET description = '管理员' WHERE code = 'ISS-0002'") as other:
        save = clients.start(lambda: store.update_many([("ISS-0001", {"notes": "客户端"}, None),
                                                        ("ISS-0002", {"notes": "客户端"}, None)], who="t"))
        waiting_for_locks(admin, 1)  # the client holds ISS-0001 and waits for ISS-0002
        # the server looks for a deadlock once per wait, deadlock_timeout (1 s) after it began, and ends the waiter
        # that looks: halfway through the client's second, the other side waits too, and the client's look comes
        # first by half a second, whatever the machine's load (the timeout is a superuser's setting)
        time.sleep(0.5)
        other.execute("UPDATE issue SET description = '管理员' WHERE code = 'ISS-0001'")  # the other way round
    changes = outcome(save)
    assert [c.code for c in changes] == ["ISS-0001", "ISS-0002"], changes
    for code in ("ISS-0001", "ISS-0002"):
        assert (record(admin, code)["notes"], record(admin, code)["description"]) == ("客户端", "管理员")
    assert any("40P01" in r.getMessage() for r in caplog.records), [r.getMessage() for r in caplog.records]


def ended_while_waiting(url: str, admin: psycopg.Connection, clients, *, before_ending: str = "",
                        save: Callable[[], Any] = lambda: store.update("ISS-0001", {"notes": "断线前"}, who="t")
                        ) -> Future:
    """A client's save (of ISS-0001) queued behind another session's lock on ISS-0001, its session ended by the
    administrator (after `before_ending`, SQL run first) while it waits: its transaction never reaches its COMMIT."""
    with holding(url, LOCK_ISSUE_1):
        saving = clients.start(save)
        [pid] = waiting_for_locks(admin, 1)
        if before_ending:
            admin.execute(before_ending)
        admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
    return saving


def test_a_save_whose_session_the_server_ends_says_not_saved(team, admin, clients):
    lost = outcome(ended_while_waiting(team, admin, clients))
    assert isinstance(lost, store.ConnectionLost) and lost.committed is False, lost
    assert "未保存" in lost.message("zh") and "not saved" in lost.message("en")
    assert record(admin, "ISS-0001")["notes"] is None and updates_audited(admin, "ISS-0001") == []


def test_an_import_whose_session_the_server_ends_leaves_nothing_of_its_batch(team, admin, clients):
    def apply() -> store.AppliedBatch:  # a new record first, then the update that waits for the lock
        return store.apply_import(["回收.xlsx"], [], [store.NewRecord("issue", ISSUE, "回收.xlsx", 4, None)],
                                  [store.RecordUpdate("issue", "ISS-0001", {"notes": "导入"}, "回收.xlsx", 1)], who="t")

    before = {table: admin.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
              for table in ("issue", "import_batch", "audit_entry")}
    lost = outcome(ended_while_waiting(team, admin, clients, save=apply))
    assert isinstance(lost, store.ConnectionLost) and lost.committed is False, lost
    assert {table: admin.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in before} == before
    assert admin.execute("SELECT last_number FROM counter WHERE artefact = 'issue'").fetchone() == (2,)


def test_a_save_on_a_session_the_server_ended_while_idle_goes_through_on_a_new_one(team, admin, caplog):
    caplog.set_level(logging.INFO, logger=retrying.__name__)
    pid = store.database.execute_sql("SELECT pg_backend_pid()").fetchone()[0]
    admin.execute("SELECT pg_terminate_backend(%s)", (pid,))  # the server restarted overnight, say
    store.update("ISS-0001", {"notes": "第二天保存"}, who="t")
    assert record(admin, "ISS-0001")["notes"] == "第二天保存"
    assert [r for r in caplog.records if "broken before anything was written" in r.getMessage()]
    assert store.get_record("ISS-0001")["notes"] == "第二天保存"


def test_a_save_that_committed_before_its_connection_broke_says_saved(team, admin, monkeypatch):
    database = store.database.obj
    committing = database.commit

    def commit_then_lose_the_connection() -> None:
        committing()
        pid = database.connection().info.backend_pid
        admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        database.connection().execute("SELECT 1")  # the reply to COMMIT never came: the client learns it here

    monkeypatch.setattr(database, "commit", commit_then_lose_the_connection)
    with pytest.raises(store.ConnectionLost) as lost:
        store.update("ISS-0001", {"notes": "已提交"}, who="t")
    assert lost.value.committed is True and "已保存" in lost.value.message("zh")
    assert record(admin, "ISS-0001")["notes"] == "已提交"
    assert updates_audited(admin, "ISS-0001") == [("notes", "已提交", 2)]


def test_a_save_that_cannot_reconnect_says_unknown(team, admin, clients, monkeypatch):
    name = f"{urlsplit(team).path.lstrip('/')}_org"
    accounts.add_user(name, department=None, role="organizer", password="org pw")
    store.close()
    monkeypatch.setenv("PGPASSWORD", "org pw")  # libpq's own place for the password
    store.open_database(as_account(team, name))
    lost = outcome(ended_while_waiting(team, admin, clients, before_ending=f'ALTER ROLE "{name}" NOLOGIN'))
    assert isinstance(lost, store.ConnectionLost) and lost.committed is None, lost
    assert "无法确定" in lost.message("zh") and "unknown" in lost.message("en")
    assert record(admin, "ISS-0001")["notes"] is None
