"""Where artefacts live: the database, its schema versions, the one read and write path, undo and the audit log."""
from __future__ import annotations

import os
from pathlib import Path

from reviewdesk.store import (accounts, demo, feedback, gathered, maintenance, meetings, output, reference, rounds,
                              since, sources, transfer, watch)
from reviewdesk.store.audit import audit_entries, history
from reviewdesk.store.batches import (AppliedBatch, BatchSummary, ChangedSinceImport, ImportRefused, LaterChange,
                                      NewRecord, RecordUpdate, UndoneBatch, apply_import, import_batches, undo_import)
from reviewdesk.store.changes import (Change, InUse, StaleRevision, collector_paused, create, create_many, delete,
                                      restore, update, update_many, validate)
from reviewdesk.store.server import NotPermitted
from reviewdesk.store.retrying import ConnectionLost, Contended
from reviewdesk.store.figures import count_figures, count_groups
from reviewdesk.store.progress import target_progress
from reviewdesk.store.address import AddressInvalid, ServerAddress
from reviewdesk.store.db import (DatabaseError, PasswordRefused, account, acting_as, close, current_path, database,
                                 default_path, is_server, network_warning, resolve_path)
from reviewdesk.store.probe import ServerFound, probe_server
from reviewdesk.store.imported import (AppliedBefore, EarlierRows, RowCreated, SourceFile, files_applied_before,
                                      new_row_fingerprint, values_at_export)
from reviewdesk.store.migrations import LATEST_VERSION, database_id, schema_version
from reviewdesk.store.records import (ANY_VALUE, Lookups, NotFound, RowReader, artefact_of, count_records, get_record,
                                      matching, parse_value, records_by_ids, select_ids, select_records, select_rows,
                                      value_range)
from reviewdesk.store.undo_redo import ChangedSince, NothingToRedo, NothingToUndo, redo, undo


def open_database(path: str | os.PathLike | None = None, password: str | None = None) -> Path | str:
    """Open the database ReviewDesk works on: a file is created or upgraded as needed, a team database (a
    postgresql:// URL) must be as `setup` left it, and is opened with `password` if one is given (else libpq's own
    places give it). Returns the file's path or the server's URL. A file on a network drive opens without WAL;
    network_warning() then says so."""
    from reviewdesk.store import db, migrations

    resolved = db.resolve_path(path)
    connection = db.connect(resolved, password)
    if db.is_server(resolved):
        migrations.require_current(connection, resolved)
    else:
        migrations.upgrade(connection, resolved)
    gathered.refresh_once_a_day()
    return resolved


def setup(path: str | os.PathLike | None = None) -> tuple[int, int]:
    """Create or upgrade the schema of a database, above all a team database (IT's step; idempotent), and leave it
    open. Returns its schema version before and after; a schema newer than this program is refused untouched."""
    from reviewdesk.store import db, migrations

    resolved = db.resolve_path(path)
    connection = db.connect(resolved)
    before = migrations.schema_version(connection)
    migrations.upgrade(connection, None if db.is_server(resolved) else resolved)
    if db.is_server(resolved):
        from reviewdesk.store import server

        server.install()  # the server's audit and the group roles' rights, as declared now
    gathered.refresh_once_a_day()  # as opening it would: today's tracking, so the first opening changes nothing
    return before, migrations.schema_version(connection)


#: The public API. Reading: select_records (records by filter, ids or codes, some fields only), select_rows with
#: RowReader (the same read as raw rows, for bulk comparisons), matching (the query, for counting in SQL).
#: target_progress (each target's readings, chart points and pilot before/after).
#: Writing: create/create_many, update/update_many, delete, restore, undo/redo; collector_paused for bulk work.
#: Sub-APIs by name: sources (where a change came from), reference (departments and people), maintenance (backup,
#: restore, check), transfer (copy-from between engines), accounts (a team database's logins), watch (others' changes
#: as they happen), rounds (review rounds sent and returned), since (what moved since the last review), meetings (a
#: meeting saved with the actions its decisions ask for), demo, output (writing a file safely beside its target),
#: feedback (the customer feedback report's figures). ANY_VALUE: --where FIELD=* (any value).
#: Connecting: is_server, ServerAddress (a team database's URL and its parts), probe_server (test a connection),
#: PasswordRefused, network_warning (a file on a network drive).
__all__ = ["ANY_VALUE", "Change", "ChangedSince", "ConnectionLost", "Contended", "DatabaseError", "InUse",
           "LATEST_VERSION", "Lookups", "NotFound", "NotPermitted", "NothingToRedo", "NothingToUndo", "RowReader",
           "StaleRevision", "account", "accounts", "acting_as", "artefact_of", "audit_entries", "close",
           "collector_paused", "count_figures", "count_groups", "count_records", "create", "create_many",
           "current_path", "database", "database_id", "default_path", "delete", "demo", "feedback", "get_record",
           "history", "maintenance", "matching", "meetings", "open_database", "output", "parse_value",
           "records_by_ids", "redo", "reference", "resolve_path", "restore", "rounds", "schema_version", "select_ids",
           "select_records", "select_rows", "setup", "since", "sources", "target_progress", "transfer", "undo",
           "update", "update_many", "validate", "value_range", "watch"]
# Import batches: the plan's reading side, and applying, listing and undoing a batch.
__all__ += ["AppliedBatch", "AppliedBefore", "BatchSummary", "ChangedSinceImport", "EarlierRows", "ImportRefused",
            "LaterChange", "NewRecord", "RecordUpdate", "RowCreated", "SourceFile", "UndoneBatch", "apply_import",
            "files_applied_before", "import_batches", "new_row_fingerprint", "undo_import", "values_at_export"]
# Connecting to a database: a team database's address, password and test connection; a file on a network drive.
__all__ += ["AddressInvalid", "PasswordRefused", "ServerAddress", "ServerFound", "is_server", "network_warning",
            "probe_server"]
