"""Where artefacts live: the database, its schema versions, the one change API and the audit log."""
from __future__ import annotations

import os
from pathlib import Path

from reviewdesk.store.batches import (AppliedBatch, BatchSummary, ChangedSinceImport, ImportRefused, LaterChange,
                                      NewRecord, RecordUpdate, UndoneBatch, apply_import, import_batches, undo_import)
from reviewdesk.store.changes import (Change, InUse, StaleRevision, create, create_many, delete, history, restore,
                                      update, update_many, validate)
from reviewdesk.store.figures import count_figures, count_groups
from reviewdesk.store.db import DatabaseError, close, database, default_path, resolve_path
from reviewdesk.store.imported import (AppliedBefore, EarlierRows, RowCreated, SourceFile, files_applied_before,
                                      new_row_fingerprint, values_at_export)
from reviewdesk.store.migrations import LATEST_VERSION, database_id, schema_version
from reviewdesk.store.records import (Lookups, NotFound, canonical_reader, count_records, get_record, parse_value,
                                      records_by_ids, select_ids, select_records, stored_reader, stored_rows)


def open_database(path: str | os.PathLike | None = None) -> Path:
    """Open (creating or upgrading as needed) the database ReviewDesk works on; returns its file path."""
    from reviewdesk.store import db, migrations

    resolved = db.resolve_path(path)
    connection = db.connect(resolved)
    migrations.upgrade(connection, resolved)
    return resolved


__all__ = ["Change", "DatabaseError", "InUse", "LATEST_VERSION", "Lookups", "NotFound", "StaleRevision", "close",
           "count_figures", "count_groups", "count_records", "create", "create_many", "database", "database_id", "default_path", "delete",
           "get_record", "history", "open_database", "records_by_ids", "resolve_path", "restore", "schema_version",
           "select_ids", "select_records", "update", "update_many"]
# Import batches: the plan's reading side, and applying, listing and undoing a batch.
__all__ += ["AppliedBatch", "AppliedBefore", "BatchSummary", "ChangedSinceImport", "EarlierRows", "ImportRefused",
            "LaterChange", "NewRecord", "RecordUpdate", "RowCreated", "SourceFile", "UndoneBatch", "apply_import",
            "canonical_reader", "files_applied_before", "import_batches", "new_row_fingerprint", "parse_value",
            "stored_reader", "stored_rows", "undo_import", "validate", "values_at_export"]
