"""Which database ReviewDesk uses and how it is opened: default file, WAL, foreign keys, busy wait."""
from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import sqlite3
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterator

import peewee
from platformdirs import user_data_dir

from reviewdesk.templates import ReviewDeskError

from reviewdesk.store.output import replacing

APP_NAME = "ReviewDesk"
DB_ENV = "REVIEWDESK_DB"
BUSY_TIMEOUT_MS = 15_000  # another window or the CLI writing: wait for it rather than fail

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


def default_path() -> Path:
    """The embedded default: one SQLite file in the user's data folder."""
    return Path(user_data_dir(APP_NAME, appauthor=False)) / "reviewdesk.sqlite3"


def resolve_path(path: str | os.PathLike | None = None) -> Path:
    """--db beats REVIEWDESK_DB beats the default file."""
    chosen = path or os.environ.get(DB_ENV) or default_path()
    return Path(chosen).expanduser()


def connect(path: Path) -> peewee.SqliteDatabase:
    """Initialise the shared database proxy on one SQLite file (created with its folder if missing)."""
    if path.exists() and path.is_dir():
        raise DatabaseError(f"数据库路径是一个文件夹：{path}", f"The database path is a folder: {path}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseError(f"无法创建数据库文件夹 {path.parent}：{exc.strerror}",
                            f"Cannot create the database folder {path.parent}: {exc.strerror}") from exc
    _refuse_non_sqlite(path)
    db = _SqliteDatabase(str(path), pragmas={
        "journal_mode": "wal",
        "foreign_keys": 1,
        "busy_timeout": BUSY_TIMEOUT_MS,
        "synchronous": "full",  # the only copy of people's records: durable over fast
    }, timeout=BUSY_TIMEOUT_MS / 1000)
    database.initialize(db)
    try:
        db.connect(reuse_if_open=True)
    except peewee.DatabaseError as exc:
        raise DatabaseError(f"无法打开数据库 {path}：{exc}", f"Cannot open the database {path}: {exc}") from exc
    return db


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


def close() -> None:
    if database.obj is not None and not database.is_closed():
        database.close()
