"""Other people's changes as they happen: whether anything was written since we last looked (a team database's
server notifies; a shared file's data_version moves), then what, read from the audit log past our mark."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import peewee as pw

from reviewdesk.templates import ARTEFACTS

from reviewdesk.store import reference_cache
from reviewdesk.store.db import database, engine_name
from reviewdesk.store.models import AuditEntry
from reviewdesk.store.server_audit import CHANNEL

#: On a server, audit rows commit out of the order of their ids (a longer transaction took its ids first): each look
#: reads this many ids back behind the mark again, skipping those already seen.
LOOKBACK = 2000


@dataclass
class Changes:
    """What was written since the last look: records by artefact, whether reference data changed, and per record who
    changed it last and when."""

    records: dict[str, set[str]] = field(default_factory=dict)  # artefact key -> codes
    reference: bool = False  # departments or people
    last_by: dict[str, tuple[str, dt.datetime]] = field(default_factory=dict)  # code -> (who, at)

    def __bool__(self) -> bool:
        return bool(self.records) or self.reference

    def codes(self) -> set[str]:
        return {code for codes in self.records.values() for code in codes}


class Watcher:
    """Watches the open database for changes: `fileno()` is a socket to wait on (a team database) or None (poll
    `anything_new()` about once a second); `changes()` reads what was written past the mark and moves it on."""

    def __init__(self) -> None:
        self.mark = AuditEntry.select(pw.fn.MAX(AuditEntry.id)).scalar() or 0
        self.seen: set[int] = set()  # ids within the lookback already reported
        self._listener = None
        self._data_version = None
        if engine_name() == "postgresql":
            import psycopg

            info = database.connection().info  # the same server, database, account and password, a second line
            self._listener = psycopg.connect(info.dsn, password=info.password, autocommit=True)
            self._listener.execute(f"LISTEN {CHANNEL}")
            self.seen = set(AuditEntry.select(AuditEntry.id).where(AuditEntry.id > self.mark - LOOKBACK).scalars())
        else:
            self._data_version = self._read_data_version()

    @staticmethod
    def _read_data_version() -> int:
        return database.execute_sql("PRAGMA data_version").fetchone()[0]

    def fileno(self) -> int | None:
        """The socket the server's notifications arrive on, for the window's event loop; None for a file."""
        return self._listener.fileno() if self._listener is not None else None

    def anything_new(self) -> bool:
        """Whether another connection wrote since the last call (without reading what): the notifications that
        arrived, or SQLite's data_version, which moves when another connection commits to the file."""
        if self._listener is not None:
            pgconn = self._listener.pgconn
            pgconn.consume_input()
            arrived = False
            while pgconn.notifies() is not None:
                arrived = True
            return arrived
        version = self._read_data_version()
        moved, self._data_version = version != self._data_version, version
        return moved

    def changes(self) -> Changes:
        """Every record and reference change written past the mark (anyone's, ours too), and the mark moved on."""
        found = Changes()
        since = self.mark - (LOOKBACK if self._listener is not None else 0)
        query = (AuditEntry.select(AuditEntry.id, AuditEntry.artefact, AuditEntry.code, AuditEntry.who, AuditEntry.at)
                 .where(AuditEntry.id > since).order_by(AuditEntry.id).tuples())
        for entry_id, art_key, code, who, at in query:
            if entry_id in self.seen:
                continue
            self.mark = max(self.mark, entry_id)
            if self._listener is not None:
                self.seen.add(entry_id)
            if art_key in ARTEFACTS:
                found.records.setdefault(art_key, set()).add(code)
                found.last_by[code] = (who, at)
            else:
                found.reference = True
        self.seen = {i for i in self.seen if i > self.mark - LOOKBACK}
        if found.reference:  # the audit log may tell before the server's own word reaches this connection
            reference_cache.changed()
        return found

    def close(self) -> None:
        if self._listener is not None:
            self._listener.close()
            self._listener = None


__all__ = ["CHANNEL", "Changes", "Watcher"]
