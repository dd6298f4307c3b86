"""Connecting to a team database: its address from a URL or a form, the password passed to the server and never
shown, a refused password told apart, a server that does not answer given up on in seconds, and a test connection."""
from __future__ import annotations

import socket
import time

import pytest

from reviewdesk import store
from reviewdesk.store import db

from conftest import HOW_TO_RUN_PG, MEMBER_PASSWORD, TEST_PG

needs_server = pytest.mark.skipif(not TEST_PG, reason=HOW_TO_RUN_PG)


def test_an_address_is_read_from_a_url_with_libpq_defaults(monkeypatch):
    for name in ("PGUSER", "PGHOST", "PGPORT"):
        monkeypatch.delenv(name, raising=False)
    found = store.ServerAddress.from_url("postgresql://zhang%20min@DB.example:6543/%E8%AF%84%E5%AE%A1")
    assert found == store.ServerAddress("zhang min", "db.example", 6543, "评审")
    assert found.server == "db.example:6543/评审" and found.login == "zhang min@db.example:6543/评审"
    monkeypatch.setenv("PGUSER", "lina")
    assert store.ServerAddress.from_url("postgresql:///review") == store.ServerAddress("lina", "localhost", 5432,
                                                                                       "review")
    assert store.ServerAddress.from_url("postgres://a@h1:5432,h2:5433/r").port == 5432  # several hosts: never raises
    assert store.ServerAddress.from_url("postgresql://a@[::1]:5433/r").server == "[::1]:5433/r"


def test_an_address_from_the_form_makes_a_url_that_reads_back_the_same():
    typed = store.ServerAddress.from_fields(" db.example ", "5433", "评审 2026", "zhang min")
    assert typed.url == "postgresql://zhang%20min@db.example:5433/%E8%AF%84%E5%AE%A1%202026"
    assert store.ServerAddress.from_url(typed.url) == typed
    assert store.ServerAddress.from_fields("[::1]", 5432, "r", "u").url == "postgresql://u@[::1]:5432/r"


@pytest.mark.parametrize("host,port,dbname,user,zh,en", [
    ("", 5432, "r", "u", "服务器地址无效", "Not a server address"),
    ("db example", 5432, "r", "u", "服务器地址无效", "Not a server address"),
    ("u@db", 5432, "r", "u", "服务器地址无效", "Not a server address"),
    ("db", 0, "r", "u", "端口无效", "Not a port"),
    ("db", "54x", "r", "u", "端口无效", "Not a port"),
    ("db", 70000, "r", "u", "端口无效", "Not a port"),
    ("db", 5432, " ", "u", "请填写数据库名称", "Give the database's name"),
    ("db", 5432, "r", "", "请填写账户", "Give the account"),
])
def test_a_form_that_names_no_database_is_refused_in_both_languages(host, port, dbname, user, zh, en):
    with pytest.raises(store.AddressInvalid) as refused:
        store.ServerAddress.from_fields(host, port, dbname, user)
    assert zh in refused.value.message("zh") and en in refused.value.message("en")


@needs_server
def test_the_password_given_is_the_one_the_server_checks(team_member, no_password_around):
    url = team_member
    assert store.open_database(url, password=MEMBER_PASSWORD) == url
    try:
        assert store.account() == url.split("//")[1].split("@")[0] and store.count_records("issue") == 0
    finally:
        store.close()
    with pytest.raises(store.PasswordRefused) as missing:
        store.open_database(url)
    assert missing.value.missing and "要求账户" in missing.value.message("zh")
    with pytest.raises(store.PasswordRefused) as wrong:
        store.open_database(url, password="not " + MEMBER_PASSWORD)
    where = store.ServerAddress.from_url(url)
    assert not wrong.value.missing and wrong.value.address == where
    assert wrong.value.message("zh") == f"服务器 {where.server} 拒绝了账户 {where.user}：密码不正确或没有这个账户"
    assert wrong.value.message("en") == (f"The server {where.server} refused account {where.user}: wrong password or "
                                         "no such account")
    assert isinstance(wrong.value, store.DatabaseError) and MEMBER_PASSWORD not in str(wrong.value.__dict__)


@needs_server
def test_a_test_connection_says_what_it_found(team_member, no_password_around, tmp_path):
    store.open_database(tmp_path / "review.sqlite3")  # the database the window has open meanwhile
    found = store.probe_server(team_member, MEMBER_PASSWORD)
    assert store.current_path() == tmp_path / "review.sqlite3" and store.count_records("issue") == 0
    assert found.usable and found.schema_version == store.LATEST_VERSION
    assert found.account == store.ServerAddress.from_url(team_member).user and found.server_version[0].isdigit()
    assert found.summary("zh").startswith(f"连接成功：PostgreSQL {found.server_version}，账户 {found.account}，")
    assert "ready to use" in found.summary("en")
    store.close()


@needs_server
def test_a_test_connection_tells_an_empty_database_from_a_ready_one(server_database):
    found = store.probe_server(server_database())
    assert found.schema_version == 0 and not found.usable and "setup" in found.summary("zh")


def test_a_server_that_does_not_answer_is_given_up_on_in_seconds(monkeypatch):
    monkeypatch.setattr(db, "CONNECT_TIMEOUT_S", 2)  # libpq's least; ReviewDesk waits 10
    silent = socket.create_server(("127.0.0.1", 0))  # accepts, then never says a word
    port = silent.getsockname()[1]
    started = time.monotonic()
    try:
        with pytest.raises(store.DatabaseError) as refused:
            store.probe_server(f"postgresql://lina@127.0.0.1:{port}/review")
    finally:
        silent.close()
    assert time.monotonic() - started < 8
    assert refused.value.message("zh") == (f"数据库服务器 127.0.0.1:{port} 在 2 秒内没有应答：请检查服务器地址、端口和网络"
                                           "（是否需要 VPN）")
    assert refused.value.message("en").startswith(f"The database server 127.0.0.1:{port} did not answer within 2 s")


def test_the_wait_for_a_server_is_ten_seconds():
    assert db.CONNECT_TIMEOUT_S == 10 and db._PostgresqlDatabase("postgresql://a@h/r").connect_params[
        "connect_timeout"] == 10


def test_a_closed_port_and_an_unknown_host_are_said_plainly():
    listening = socket.create_server(("127.0.0.1", 0))
    port = listening.getsockname()[1]
    listening.close()  # nothing listens there now
    with pytest.raises(store.DatabaseError) as refused:
        store.probe_server(f"postgresql://lina@127.0.0.1:{port}/review")
    assert "拒绝连接" in refused.value.message("zh") and "refused the connection" in refused.value.message("en")
    with pytest.raises(store.DatabaseError) as unknown:
        store.probe_server("postgresql://lina@no-such-host.invalid/review")
    assert "找不到数据库服务器 no-such-host.invalid" in unknown.value.message("zh")
