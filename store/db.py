"""Which database ReviewDesk uses and how it is opened: a SQLite file (WAL, foreign keys, busy wait) or a PostgreSQL
server (a postgresql:// URL, the password from libpq's own places), and what differs between the two engines."""
from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import sqlite3
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import parse_qs, urlsplit

import peewee
from platformdirs import user_data_dir

from reviewdesk.templates import ReviewDeskError, t

from reviewdesk.store import filesystem
from reviewdesk.store.address import ServerAddress
from reviewdesk.store.output import replacing

APP_NAME = "ReviewDesk"
DB_ENV = "REVIEWDESK_DB"
BUSY_TIMEOUT_MS = 15_000  # another window or the CLI writing: wait for it rather than fail
CONNECT_TIMEOUT_S = 10  # a server that does not answer (wrong address, no VPN) fails within this, not minutes

database = peewee.DatabaseProxy()


class DatabaseError(ReviewDeskError):
    """The database file cannot be opened or used."""


class DatabaseBusy(DatabaseError):
    """Another window or command kept the database locked for longer than ReviewDesk waits."""

    def __init__(self, path: str) -> None:
        seconds = f"{BUSY_TIMEOUT_MS / 1000:g}"
        super().__init__(f"数据库正忙：另一个窗口或命令正在写入 {path}，等待 {seconds} 秒后仍未结束；请稍后重试",
                         f"The database is busy: another window or command has been writing to {path} for more "
                         f"than {seconds} s; try again in a moment")


class _SqliteDatabase(peewee.SqliteDatabase):
    """Write transactions take the write lock when they begin (BEGIN IMMEDIATE), so a writer waits for another
    one instead of failing on a snapshot that went stale; a lock held past the wait becomes DatabaseBusy."""

    on_network_drive = False  # found on a network drive when opened: no WAL there

    @contextlib.contextmanager
    def _busy_is_clear(self) -> Iterator[None]:
        try:
            yield
        except peewee.OperationalError as exc:
            if "database is locked" in str(exc):
                raise DatabaseBusy(self.database) from exc
            raise

    def begin(self, lock_type: str | None = None) -> None:
        with self._busy_is_clear():
            super().begin(lock_type or "IMMEDIATE")

    def execute_sql(self, *args, **kw):
        with self._busy_is_clear():
            return super().execute_sql(*args, **kw)


def bound(value: Any) -> Any:
    """A date, time or decimal as a statement binds it: as text for SQLite, which has no such types (and whose
    Python adapters for them are deprecated since Python 3.12): 2026-11-30, 2026-11-30 08:00:00, 1.5; as it is
    for an engine that has them."""
    if isinstance(value, (dt.date, Decimal)) and isinstance(database.obj, peewee.SqliteDatabase):
        return str(value)
    return value


SERVER_SCHEMES = ("postgresql://", "postgres://")


def is_server(location: str | os.PathLike | None) -> bool:
    """Whether --db names a PostgreSQL server (a postgresql:// URL) rather than a SQLite file."""
    return isinstance(location, str) and location.strip().lower().startswith(SERVER_SCHEMES)


class _PostgresqlDatabase(peewee.PostgresqlDatabase):
    """PostgreSQL through psycopg 3, in READ COMMITTED like the server's default; the schema is the server's
    current one (public unless the account's search_path says otherwise). A connection the server ended (it
    restarted, an administrator ended the session, the network dropped) is made anew when next used outside a
    transaction; inside one, the transaction ended with it (store.retrying says whether it committed)."""

    def __init__(self, url: str, password: str | None = None) -> None:
        given = {} if password is None else {"password": password}
        super().__init__(url, prefer_psycopg3=True, connect_timeout=CONNECT_TIMEOUT_S, **given)
        self.account: str | None = None  # the login role connected as (session_user), known once connected

    def _broken(self) -> bool:
        return not self.is_closed() and self._state.conn.closed

    def cursor(self, named_cursor=None):
        if not self.in_transaction() and self._broken():
            self.close()  # peewee's autoconnect opens a new one
        return super().cursor(named_cursor)

    def rollback(self) -> None:
        if not self._broken():  # else the server ended the transaction with the connection: nothing to roll back
            super().rollback()


def quoted_name(name: str) -> str:
    """A table, column or role name as SQL writes it on both engines: in double quotes, any inside doubled."""
    return '"' + name.replace('"', '""') + '"'


def sqlstate(exc: BaseException | None) -> str | None:
    """The SQLSTATE a PostgreSQL error carries, found on it or on what it was raised from (peewee wraps the
    driver's errors)."""
    while exc is not None:
        state = getattr(exc, "sqlstate", None)
        if state:
            return state
        exc = exc.__cause__ or exc.__context__
    return None


def _refuse_password_in_url(url: str) -> None:
    """A password typed into a URL ends up in shell histories, process lists and messages: libpq reads it from
    PGPASSWORD or the password file instead, and ReviewDesk never handles it."""
    parts = urlsplit(url)
    if parts.password is not None or "password" in parse_qs(parts.query):
        raise DatabaseError("数据库地址中不能包含密码：请把密码放在 PGPASSWORD 环境变量或密码文件（~/.pgpass，Windows 为 "
                            "%APPDATA%\\postgresql\\pgpass.conf）中",
                            "A database URL cannot hold the password: put it in the PGPASSWORD environment variable or "
                            "the password file (~/.pgpass; %APPDATA%\\postgresql\\pgpass.conf on Windows)")


class PasswordRefused(DatabaseError):
    """The server wants a password for the account that it was not given (`missing`), or refused the one given."""

    def __init__(self, url: str, missing: bool) -> None:
        where = ServerAddress.from_url(url)
        self.address, self.missing = where, missing
        if missing:
            super().__init__(f"服务器 {where.server} 要求账户 {where.user} 的密码：窗口中会询问；命令行从 PGPASSWORD 环境变量"
                             "或密码文件（~/.pgpass）读取",
                             f"The server {where.server} wants the password of account {where.user}: the window asks "
                             "for it; the command line reads it from the PGPASSWORD environment variable or the "
                             "password file (~/.pgpass)")
        else:
            super().__init__(f"服务器 {where.server} 拒绝了账户 {where.user}：密码不正确或没有这个账户",
                             f"The server {where.server} refused account {where.user}: wrong password or no such "
                             "account")


INVALID_PASSWORD = "28P01"  # SQLSTATE of a refused password (libpq reports none for a connection; the text then)


def _server_refused(url: str, exc: Exception) -> DatabaseError:
    """What libpq said about a connection that failed, as a sentence naming the server (never a password: none is
    in the URL, and libpq does not repeat one)."""
    cause = exc.__cause__ or exc
    said = str(cause)
    where = ServerAddress.from_url(url)
    if "no password supplied" in said:
        return PasswordRefused(url, missing=True)
    if getattr(cause, "sqlstate", None) == INVALID_PASSWORD or "password authentication failed" in said:
        return PasswordRefused(url, missing=False)
    if "does not exist" in said and "database" in said:
        return DatabaseError(f"服务器上没有数据库 {where.dbname}（{url}）：请 IT 先创建它",
                             f"The server has no database {where.dbname} ({url}); IT creates it first")
    server = f"{where.host}:{where.port}"
    if "timeout expired" in said:
        return DatabaseError(f"数据库服务器 {server} 在 {CONNECT_TIMEOUT_S} 秒内没有应答：请检查服务器地址、端口和网络"
                             "（是否需要 VPN）",
                             f"The database server {server} did not answer within {CONNECT_TIMEOUT_S} s: check the "
                             "address, the port and the network (a VPN, say)")
    if "Connection refused" in said:
        return DatabaseError(f"数据库服务器 {server} 拒绝连接：地址或端口不对，或者数据库服务没有运行",
                             f"The database server {server} refused the connection: a wrong address or port, or the "
                             "database service is not running")
    if "could not translate host name" in said or "Name or service not known" in said:
        return DatabaseError(f"找不到数据库服务器 {where.host}：请检查服务器名称",
                             f"No database server named {where.host} was found: check the server's name")
    reason = said.removeprefix("connection failed: ").splitlines()[0]
    return DatabaseError(f"无法连接数据库服务器 {url}：{reason}", f"Cannot connect to the database server {url}: {reason}")


def connect_server(url: str, password: str | None = None) -> peewee.PostgresqlDatabase:
    """A connection to the PostgreSQL database a URL names (not the shared proxy: see connect). `password`, when
    given, is used instead of libpq's own places (PGPASSWORD, the password file); it stays in this process's
    memory, for the connections other threads open, and is never written anywhere."""
    _refuse_password_in_url(url)
    db = _PostgresqlDatabase(url.strip(), password=password)
    try:
        db.connect(reuse_if_open=True)
    except (peewee.DatabaseError, peewee.ImproperlyConfigured) as exc:
        raise _server_refused(url, exc) from None
    db.account = db.execute_sql("SELECT session_user").fetchone()[0]
    return db


def account() -> str | None:
    """The account a team database is open as (its login role), None for a file database."""
    return getattr(database.obj, "account", None)


def acting_as(who: str) -> str:
    """The name a change is recorded under: on a team database always the connected account, which the server
    writes into the audit log whatever a client says (store/server.py); in a file, the name the person gave."""
    return account() or who


def engine_name() -> str:
    """"postgresql" or "sqlite": the engine of the open database."""
    return "postgresql" if isinstance(database.obj, peewee.PostgresqlDatabase) else "sqlite"


def default_path() -> Path:
    """The embedded default: one SQLite file in the user's data folder."""
    return Path(user_data_dir(APP_NAME, appauthor=False)) / "reviewdesk.sqlite3"


def resolve_path(path: str | os.PathLike | None = None) -> Path | str:
    """--db beats REVIEWDESK_DB beats the default file; a postgresql:// URL stays the URL it is."""
    chosen = path or os.environ.get(DB_ENV) or default_path()
    return chosen.strip() if is_server(chosen) else Path(chosen).expanduser()


def connect(location: Path | str, password: str | None = None) -> peewee.Database:
    """Initialise the shared database proxy on a server URL (with the password given, if any) or one SQLite file."""
    db = connect_server(location, password) if is_server(location) else _connect_file(Path(location))
    database.initialize(db)
    return db


def _connect_file(path: Path) -> peewee.SqliteDatabase:
    """One SQLite file (created with its folder if missing), in WAL with foreign keys on; on a network drive in
    SQLite's classic rollback journal (DELETE) instead, since WAL's shared memory needs every writer on one machine."""
    if path.exists() and path.is_dir():
        raise DatabaseError(f"数据库路径是一个文件夹：{path}", f"The database path is a folder: {path}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseError(f"无法创建数据库文件夹 {path.parent}：{exc.strerror}",
                            f"Cannot create the database folder {path.parent}: {exc.strerror}") from exc
    _refuse_non_sqlite(path)
    remote = filesystem.on_network_drive(path)
    db = _SqliteDatabase(str(path), pragmas={
        "journal_mode": "delete" if remote else "wal",
        "foreign_keys": 1,
        "busy_timeout": BUSY_TIMEOUT_MS,
        "synchronous": "full",  # the only copy of people's records: durable over fast
    }, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        db.connect(reuse_if_open=True)
    except peewee.DatabaseError as exc:
        raise DatabaseError(f"无法打开数据库 {path}：{exc}", f"Cannot open the database {path}: {exc}") from exc
    db.on_network_drive = remote
    return db


def network_warning(lang: str = "zh") -> str | None:
    """What to tell the person whose database file is on a network drive, once each time it is opened (the CLI on
    standard error, the window in a notice); None for a local file or a team database."""
    if not getattr(database.obj, "on_network_drive", False):
        return None
    path = database.obj.database
    return t(lang, f"注意：数据库文件 {path} 在网络驱动器上。网络文件系统上 SQLite 的文件锁并不可靠，几个人同时写入可能损坏"
                   "数据库，因此这里不使用 WAL 日志模式。几个人共同使用的评审，请改用团队数据库（PostgreSQL，见使用指南的"
                   "“连接团队数据库”一节）。",
             f"Note: the database file {path} is on a network drive. SQLite's file locks are not reliable on network "
             "filesystems and several people writing at once can damage the database, so WAL journaling is not used "
             "there. For a review several people work on, use a team database (PostgreSQL; see \"Connecting to a "
             "team database\" in the user guide).")


def _refuse_non_sqlite(path: Path) -> None:
    if not path.exists() or path.stat().st_size == 0:
        return
    with open(path, "rb") as fh:
        if fh.read(16) != b"SQLite format 3\x00":
            raise DatabaseError(f"{path} 不是 ReviewDesk 数据库（不是 SQLite 文件）",
                                f"{path} is not a ReviewDesk database (not an SQLite file)")


def copy_database(source: Path, target: Path) -> None:
    """Copy a database file with SQLite's online backup: consistent even while others write (WAL).

    A full disk or an unwritable target is an OSError, as it would be for any other file written.
    """
    src = sqlite3.connect(str(source))
    try:
        dst = sqlite3.connect(str(target))
        try:
            with dst:
                src.backup(dst)
        finally:
            dst.close()
    except sqlite3.OperationalError as exc:
        # sqlite_errorcode and SQLITE_FULL exist from Python 3.11 on; 3.10 only has the message
        code = getattr(exc, "sqlite_errorcode", None)
        if code == getattr(sqlite3, "SQLITE_BUSY", 5) or "database is locked" in str(exc):
            raise DatabaseBusy(str(target)) from exc
        full = code == getattr(sqlite3, "SQLITE_FULL", 13) or "disk is full" in str(exc)
        raise OSError(errno.ENOSPC if full else errno.EIO, str(exc), str(target)) from exc
    finally:
        src.close()


def backup_copy(path: Path, reason: str) -> Path:
    """A copy of the database next to it, named with the reason and the time (before migrations, imports)."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = path.with_name(f"{path.stem}.{reason}-{stamp}.bak{path.suffix or '.sqlite3'}")
    with replacing(target) as temporary:
        copy_database(path, temporary)
    return target


def current_path() -> Path | None:
    """The file of the open SQLite database (None for a server database)."""
    obj = database.obj
    return Path(obj.database) if isinstance(obj, peewee.SqliteDatabase) else None


def integrity_failures() -> list[str]:
    """What SQLite's integrity check finds wrong in the file (nothing when sound). A PostgreSQL server keeps its
    own storage sound; checking it is the server's administrators' work (amcheck needs a superuser)."""
    if engine_name() == "postgresql":
        return []
    found = [row[0] for row in database.execute_sql("PRAGMA integrity_check").fetchall()]
    return [] if found == ["ok"] else found


def missing_references(limit: int = 20) -> list[tuple[str, int, str]]:
    """(table, row id, referenced table) of rows referring to a record that is not there. SQLite lets a file
    written with foreign keys off hold such rows; PostgreSQL's foreign keys refuse them on every write."""
    if engine_name() == "postgresql":
        return []
    return [(table, row_id, parent) for table, row_id, parent, _ in
            database.execute_sql("PRAGMA foreign_key_check").fetchall()[:limit]]


def follow_inserted_ids(models: list[type[peewee.Model]]) -> None:
    """After rows were inserted with their ids given (a copy), the next id each table hands out follows the
    highest: SQLite does so by itself, a PostgreSQL sequence is moved on."""
    if engine_name() != "postgresql":
        return
    for model in models:
        if isinstance(model._meta.primary_key, peewee.AutoField):
            table, key = model._meta.table_name, model._meta.primary_key.column_name
            database.execute_sql(f"SELECT setval(pg_get_serial_sequence('{table}', '{key}'), "
                                 f'COALESCE(MAX("{key}"), 1), MAX("{key}") IS NOT NULL) FROM "{table}"')


def ids_behind(models: list[type[peewee.Model]]) -> list[tuple[str, int, int]]:
    """(table, next id to be handed out, highest id held) of each table whose next id is already taken: on
    PostgreSQL, a sequence left behind by rows inserted with their ids; never on SQLite, whose next id follows."""
    if engine_name() != "postgresql":
        return []
    behind = []
    for model in models:
        if isinstance(model._meta.primary_key, peewee.AutoField):
            table, key = model._meta.table_name, model._meta.primary_key.column_name
            sequence = database.execute_sql(f"SELECT pg_get_serial_sequence('{table}', '{key}')").fetchone()[0]
            last, called = database.execute_sql(f"SELECT last_value, is_called FROM {sequence}").fetchone()
            following = last + 1 if called else last
            highest = database.execute_sql(f'SELECT MAX("{key}") FROM "{table}"').fetchone()[0] or 0
            if following <= highest:
                behind.append((table, following, highest))
    return behind


def schema_change_lock() -> None:
    """Inside a transaction, wait until no other client is changing the schema: SQLite's write transactions
    already begin with the write lock (BEGIN IMMEDIATE); PostgreSQL takes an advisory lock held to its end."""
    if engine_name() == "postgresql":
        database.execute_sql("SELECT pg_advisory_xact_lock(hashtext('reviewdesk schema'))")


def close() -> None:
    if database.obj is not None and not database.is_closed():
        database.close()
