"""Saves beside other clients: run again when the server gave way to another client's save (a serialization
failure, a deadlock, a record moved on between reading and writing it), and a connection lost during one explained
with whether it was saved."""
from __future__ import annotations

import functools
import logging
import random
import threading
import time
from typing import Any, Callable, Iterator, TypeVar

from reviewdesk.store.db import DatabaseError, database, engine_name, sqlstate

RETRIES = 3  # runs after the first one
#: SQLSTATEs of a transaction the server ended so that another could go on: serialization failure, deadlock
GAVE_WAY = frozenset({"40001", "40P01"})
FIRST_PAUSE = 0.02  # seconds before the first retry, doubled for each next one; jittered so clients fall out of step
OUTCOME_WAIT = 5.0  # seconds the server is given to finish ending a transaction whose connection it lost

Operation = TypeVar("Operation", bound=Callable[..., Any])
log = logging.getLogger(__name__)


class Overtaken(Exception):
    """Another client changed a record between this operation reading it and writing it, where the caller asked for
    no particular revision (whatever the record holds): the operation runs again and reads it anew. Raised from
    the StaleRevision found, which is what the caller gets if the record keeps moving."""


class Contended(DatabaseError):
    """The server kept ending this save so that other clients' saves could go on."""

    def __init__(self) -> None:
        super().__init__(f"其他用户正同时修改相同的记录，重试 {RETRIES} 次后仍未保存，数据库中没有任何更改；请稍后再保存",
                         f"Others were changing the same records at the same moment: not saved after {RETRIES} "
                         "retries, nothing changed in the database. Save again in a moment")


class ConnectionLost(DatabaseError):
    """The connection to the server broke during a save; `committed` says whether the save took effect (None:
    unknown, the server could not be reached again to ask)."""

    def __init__(self, committed: bool | None) -> None:
        lost_zh, lost_en = "保存过程中与数据库服务器的连接中断", "The connection to the database server was lost during the save"
        if committed is None:
            super().__init__(f"{lost_zh}，且无法重新连接：无法确定是否已保存。请在连接恢复后先查看记录的当前内容，再决定是否重新保存",
                             f"{lost_en} and cannot be made again: whether it was saved is unknown. Once the server "
                             "can be reached, look at the records as they are before saving again")
        elif committed:
            super().__init__(f"{lost_zh}；重新连接后查明：已保存", f"{lost_en}; reconnected, the server says: saved")
        else:
            super().__init__(f"{lost_zh}：未保存，数据库中没有任何更改", f"{lost_en}: not saved, nothing changed in the database")
        self.committed = committed


class _Attempt(threading.local):
    """What the write operation running on this thread has told the server so far."""

    transaction: str | None = None  # the server's id of its transaction (pg_current_xact_id), once it writes


_attempt = _Attempt()


def note_transaction(transaction_id: str) -> None:
    """The running operation's transaction has this id on the server (store.server.set_change_context tells it
    before every write): after a lost connection the server is asked whether it committed."""
    _attempt.transaction = transaction_id


def retried(operation: Operation) -> Operation:
    """An outermost store write operation, run again (RETRIES times at most, after a short jittered pause) when the
    server gave way to another client, or when the connection was found broken before the operation wrote anything
    (the server ended an idle session: restarted, or an administrator ended it); ConnectionLost when the connection
    broke while it wrote. Called inside another operation's transaction it just runs: the outermost one retries, as
    a whole."""

    @functools.wraps(operation)
    def run(*args: Any, **kw: Any) -> Any:
        if database.in_transaction():
            return operation(*args, **kw)
        args = tuple(list(a) if isinstance(a, Iterator) else a for a in args)  # a second run must see the same items
        kw = {k: list(v) if isinstance(v, Iterator) else v for k, v in kw.items()}
        attempt = 0
        while True:
            _attempt.transaction = None
            try:
                return operation(*args, **kw)
            except Exception as exc:
                reason = _why_run_again(exc, last=attempt == RETRIES)
                if reason is None:
                    raise
                log.info("%s: %s; run again, %d of %d", operation.__qualname__, reason, attempt + 1, RETRIES)
            attempt += 1
            time.sleep(FIRST_PAUSE * 2 ** (attempt - 1) * random.uniform(0.5, 1.5))
    return run  # type: ignore[return-value]


def _why_run_again(exc: Exception, *, last: bool) -> str | None:
    """Why an operation that raised `exc` may run again; None when `exc` is the answer. The last time, or when the
    connection broke after the operation began writing, the answer is what it comes to (ConnectionLost, Contended,
    the StaleRevision an Overtaken came from), raised from `exc`."""
    if connection_lost():
        reconnected = _reconnect()
        if _attempt.transaction is not None or not reconnected or last:
            raise ConnectionLost(_committed(_attempt.transaction, reconnected)) from exc
        return "the connection was found broken before anything was written"
    if isinstance(exc, Overtaken):
        if last:
            raise exc.__cause__ from None
        return "a record moved on between reading and writing it"
    if sqlstate(exc) in GAVE_WAY:
        if last:
            raise Contended() from exc
        return f"the server gave way to another client (SQLSTATE {sqlstate(exc)})"
    return None


def connection_lost() -> bool:
    """Whether this thread's connection to a team database is broken (the server ended it, or the network did)."""
    return engine_name() == "postgresql" and not database.is_closed() and database.connection().closed


def _reconnect() -> bool:
    """A new connection in place of the broken one; False when none can be made."""
    try:
        database.close()
        database.connect()
    except Exception:  # noqa: BLE001 - whatever stops a connection, the server cannot be asked
        return False
    return True


def _committed(transaction: str | None, reconnected: bool) -> bool | None:
    """Whether the transaction whose connection broke committed: one that never wrote (no id yet) never reached its
    COMMIT; else the server is asked over the new connection (None: unknown, when there is none)."""
    if transaction is None:
        return False
    if not reconnected:
        return None
    deadline = time.monotonic() + OUTCOME_WAIT
    while True:  # a backend the server is ending may still be rolling back: "in progress" for a moment
        status = database.execute_sql("SELECT pg_xact_status(%s::xid8)", (transaction,)).fetchone()[0]
        if status != "in progress" or time.monotonic() > deadline:
            return {"committed": True, "aborted": False}.get(status)
        time.sleep(0.05)


__all__ = ["Contended", "ConnectionLost", "GAVE_WAY", "Overtaken", "RETRIES", "connection_lost", "note_transaction",
           "retried"]
