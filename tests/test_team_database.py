"""A team database on a real PostgreSQL server: setup, copy-from both ways, check, and the refusals that change nothing."""
from __future__ import annotations

import sqlite3
from decimal import Decimal

import psycopg
import pytest

from reviewdesk import store
from reviewdesk.store import demo

from conftest import HOW_TO_RUN_PG, TEST_PG, dump_database

pytestmark = pytest.mark.skipif(not TEST_PG, reason=HOW_TO_RUN_PG)


def rows_of(location) -> dict[str, list[tuple]]:
    """Every table's rows, sorted, each value as text (numbers as the shortest decimal: SQLite's 1.5 is
    PostgreSQL's 1.500000): what two engines hold, compared."""
    with store.transfer.connect_server(location) if isinstance(location, str) else _file(location) as source:
        tables = sorted(model._meta.table_name for model in store.transfer.all_models())
        return {t: sorted(tuple(_text(v) for v in row) for row in source.execute_sql(f'SELECT * FROM "{t}"').fetchall())
                for t in tables}


def _text(value) -> str | None:
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return format(Decimal(str(value)).normalize(), "f")
    return None if value is None else str(value)


def _file(path):
    import peewee

    return peewee.SqliteDatabase(str(path))


def test_setup_creates_then_finds_the_schema_current(reviewdesk, server_database):
    url = server_database()
    code, out, err = reviewdesk("--db", url, "check")
    assert code == 1 and f"reviewdesk --db {url} setup" in err and "Traceback" not in err
    code, out, _ = reviewdesk("--db", url, "setup")
    assert code == 0 and f"建立 ReviewDesk 数据库结构（版本 {store.LATEST_VERSION}）" in out
    code, out, _ = reviewdesk("--db", url, "setup", "--lang", "en")
    assert code == 0 and "already current" in out
    assert reviewdesk("--db", url, "check")[0] == 0


def test_a_newer_or_older_schema_is_refused_untouched(reviewdesk, server_database):
    url = server_database()
    reviewdesk("--db", url, "setup")
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("UPDATE setting SET value = '99' WHERE key = 'schema_version'")
    before = dump_database(url)
    for command in ("setup", "check"):
        code, _, err = reviewdesk("--db", url, command)
        assert code == 1 and "更新版本的 ReviewDesk" in err and "Traceback" not in err
    assert dump_database(url) == before
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("UPDATE setting SET value = '4' WHERE key = 'schema_version'")
    code, _, err = reviewdesk("--db", url, "list", "issue", "--lang", "en")
    assert code == 1 and "schema is version 4" in err and "setup" in err


def test_connection_failures_are_one_clear_line(reviewdesk, server_database, monkeypatch):
    url = server_database()
    parts = url.split("@", 1)
    code, _, err = reviewdesk("--db", f"{parts[0]}:secret@{parts[1]}", "setup")
    assert code == 1 and "不能包含密码" in err and "secret" not in err
    code, _, err = reviewdesk("--db", "postgresql://nobody@127.0.0.1:1/x", "setup", "--lang", "en")
    assert code == 1 and "The database server 127.0.0.1:1 refused the connection" in err and "Traceback" not in err
    code, _, err = reviewdesk("--db", url + "_missing", "setup")
    assert code == 1 and "服务器上没有数据库" in err
    with monkeypatch.context() as wrong:
        wrong.setenv("PGPASSWORD", "certainly-not-the-password")
        wrong.setenv("PGPASSFILE", "/nonexistent")
        code, _, err = reviewdesk("--db", url, "setup", "--lang", "en")
    assert code == 1 and "refused account" in err and "certainly-not" not in err


def test_copy_from_a_file_and_back_keeps_every_row(reviewdesk, server_database, tmp_path):
    local = tmp_path / "local.sqlite3"
    store.open_database(local)
    demo.fill_demo("small")
    store.update("ISS-0001", {"status": "confirmed"}, who="组长")
    store.close()
    url = server_database()
    code, out, err = reviewdesk("--db", url, "copy-from", str(local))
    assert code == 0, err
    assert "服务问题清单：40" in out and "操作日志" in out
    assert rows_of(url) == rows_of(local)
    assert reviewdesk("--db", url, "check")[0] == 0
    code, out, _ = reviewdesk("--db", url, "show", "ISS-0001", "--json")
    assert '"revision": 2' in out
    code, out, err = reviewdesk("--db", url, "add", "issue", "title=复制后新增", "category=效率类", "impact=高",
                                "frequency=高")
    assert code == 0 and "ISS-0041" in out, err  # the counter came along, and the id sequence follows the rows
    back = tmp_path / "back.sqlite3"
    code, out, err = reviewdesk("--db", str(back), "copy-from", url, "--lang", "en")
    assert code == 0 and "Service issue list: 41" in out, err
    assert rows_of(back) == rows_of(url)
    assert reviewdesk("--db", str(back), "check")[0] == 0


def test_copy_from_refuses_a_target_holding_rows_and_bad_sources(reviewdesk, server_database, tmp_path):
    local = tmp_path / "local.sqlite3"
    store.open_database(local)
    demo.fill_demo("small")
    store.close()
    url = server_database()
    reviewdesk("--db", url, "setup")
    reviewdesk("--db", url, "department", "add", "CS", "客服中心", "Customer Service")
    before = dump_database(url)
    code, _, err = reviewdesk("--db", url, "copy-from", str(local))
    assert code == 1 and "不是空的" in err and "copy-from 只复制到空数据库" in err
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database")
    other = tmp_path / "other.sqlite3"
    sqlite3.connect(str(other)).execute("CREATE TABLE x (a)").connection.commit()
    old = tmp_path / "old.sqlite3"
    store.open_database(old)
    store.close()
    with sqlite3.connect(str(old)) as connection:
        connection.execute("UPDATE setting SET value = '4' WHERE key = 'schema_version'")
    for source, said in ((junk, "不是 ReviewDesk 数据库"), (other, "不是 ReviewDesk 数据库"),
                         (tmp_path / "none.sqlite3", "找不到"), (old, "旧版本 4"), (url, "不能把数据库复制到它自己")):
        code, _, err = reviewdesk("--db", url, "copy-from", str(source))
        assert code == 1 and said in err and "Traceback" not in err, (source, err)
    assert dump_database(url) == before


def test_check_on_the_server_finds_a_counter_and_a_sequence_left_behind(reviewdesk, server_database):
    url = server_database()
    reviewdesk("--db", url, "setup")
    assert reviewdesk("--db", url, "demo")[0] == 0
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("UPDATE counter SET last_number = 3 WHERE artefact = 'issue'")
        connection.execute("SELECT setval(pg_get_serial_sequence('issue', 'id'), 5)")
    code, out, _ = reviewdesk("--db", url, "check", "--lang", "en")
    assert code == 1 and "counter is behind" in out and "issue's next row id 6 is already taken" in out
