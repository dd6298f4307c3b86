"""Departments and people read once and kept while the database says they have not changed: every operation needs
them (a save, a page of the table, a plan), and on a team database reading them anew is two round trips each time."""
from __future__ import annotations

import itertools
import threading
from dataclasses import dataclass, fields
from typing import Any

from reviewdesk.templates import values

from reviewdesk.store.db import database, engine_name
from reviewdesk.store.models import Department, Person
from reviewdesk.store.server_audit import REFERENCE_CHANNEL, REFERENCE_FUNCTION


@dataclass(frozen=True)
class ReferenceData:
    """The departments and people as Lookups reads them; shared by every operation until they change, so nobody
    changes these dicts in place."""

    department_code: dict[int, str]  # id -> code
    department_names: dict[str, str]  # folded code / zh / en name -> code
    department_labels: dict[str, tuple[str, str]]  # code -> (zh, en), in the departments' order
    department_id: dict[str, int]
    person_name: dict[int, str]
    person_id: dict[str, int]
    person_names: dict[str, str]  # folded name -> name
    person_department: dict[str, str | None]
    person_role: dict[str, str | None]

    @classmethod
    def read(cls) -> ReferenceData:
        """Both tables as plain rows, one query each."""
        department_code, department_names, department_labels = {}, {}, {}
        for department_id, code, name_zh, name_en in (
                Department.select(Department.id, Department.code, Department.name_zh, Department.name_en)
                .order_by(Department.position, Department.code).tuples()):
            department_code[department_id] = code
            department_labels[code] = (name_zh, name_en)
            for name in (code, name_zh, name_en):
                department_names.setdefault(values.fold(name), code)
        people = list(Person.select(Person.id, Person.name, Person.department, Person.role).tuples())
        return cls(department_code, department_names, department_labels,
                   {code: i for i, code in department_code.items()},
                   {person_id: name for person_id, name, _, _ in people},
                   {name: person_id for person_id, name, _, _ in people},
                   {values.fold(name): name for _, name, _, _ in people},
                   {name: department_code.get(department) for _, name, department, _ in people},
                   {name: role for _, name, _, role in people})

    def lend_to(self, lookups: Any) -> None:
        """Give an operation's Lookups these dicts as its own attributes."""
        for each in fields(self):
            setattr(lookups, each.name, getattr(self, each.name))


class _Watch:
    """One connection as this cache knows it: a number no other connection of this process gets, and on a team
    database whether it listens for the server's word that departments or people changed, and how often it heard."""

    _numbers = itertools.count(1)

    def __init__(self, connection: Any, listening: bool) -> None:
        self.connection, self.listening, self.heard = connection, listening, 0
        self.number = next(self._numbers)

    def hear(self, _notification: Any) -> None:
        self.heard += 1


_own_changes = itertools.count(1)  # numbers this process's changes to departments and people (store.reference)
_own_changed = 0  # the last of them
_per_thread = threading.local()  # each thread's connection: its _Watch, and what it read under which stamp


def changed() -> None:
    """Departments or people changed — this process is changing them, or the audit log shows someone did: read them
    anew from now on, in this process's own transaction too (a server tells only at commit)."""
    global _own_changed
    _own_changed = next(_own_changes)


def current() -> ReferenceData:
    """The departments and people as the open database holds them now: kept from the last read while nothing can have
    changed them, read anew otherwise. Kept only when read outside a transaction, so a rolled-back change is never."""
    stamp = _stamp()
    kept = getattr(_per_thread, "kept", None)
    if stamp is not None and kept is not None and kept[0] == stamp:
        return kept[1]
    data = ReferenceData.read()
    if stamp is not None and not database.in_transaction():
        _per_thread.kept = (stamp, data)
    return data


def _stamp() -> tuple | None:
    """What stays the same while departments and people do, on this thread's connection; None when it cannot tell.

    A file: SQLite's data_version (moved by other connections' commits) and this connection's total_changes (moved by
    its own writes). A team database: the notifications heard, taken from the socket first (no round trip), which
    the server sends when a transaction that changed either table commits (store/server_audit.py); but none inside
    a transaction, where the server holds them back while its statements already see others' commits."""
    if database.obj is None or database.is_closed():
        return None
    connection = database.connection()
    watch = _watch_of(connection)
    if watch is None:
        return None
    if engine_name() == "sqlite":
        version = connection.execute("PRAGMA data_version").fetchone()[0]
        return watch.number, _own_changed, version, connection.total_changes
    if not watch.listening or database.in_transaction():
        return None
    try:
        pgconn = connection.pgconn
        pgconn.consume_input()
        while notification := pgconn.notifies():
            pgconn.notify_handler(notification)
    except Exception:  # noqa: BLE001 - a broken connection (psycopg.OperationalError): read anew, which reconnects
        return None
    return watch.number, _own_changed, watch.heard


def _watch_of(connection: Any) -> _Watch | None:
    """This thread's connection's _Watch, made on first use: on a team database set up by this version (its server
    notifies) the connection starts listening, outside a transaction (a LISTEN inside one waits for its commit)."""
    watch = getattr(_per_thread, "watch", None)
    if watch is not None and watch.connection is connection:
        return watch
    if engine_name() == "sqlite":
        watch = _Watch(connection, listening=False)
    else:
        if database.in_transaction():
            return None
        notifies = database.execute_sql("SELECT to_regprocedure(%s) IS NOT NULL",
                                        (f"{REFERENCE_FUNCTION}()",)).fetchone()[0]
        watch = _Watch(connection, listening=notifies)
        if notifies:
            connection.add_notify_handler(watch.hear)
            database.execute_sql(f"LISTEN {REFERENCE_CHANNEL}")
    _per_thread.watch, _per_thread.kept = watch, None
    return watch
