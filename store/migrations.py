"""Numbered schema versions: create a new database, or upgrade an old one step by step after a backup."""
from __future__ import annotations

import uuid
from pathlib import Path
from typing import Callable

import peewee as pw
from playhouse.migrate import SchemaMigrator, migrate

from reviewdesk.store import sources
from reviewdesk.store.db import DatabaseError, backup_copy, schema_change_lock
from reviewdesk.store.models import (MODELS, Account, AuditEntry, Department, ImportBatch, ImportedFile, ImportedRow,
                                     Person, RoundReturn, RoundSent, Setting, all_models, model_for)

LATEST_VERSION = 8


def _v2_import_batches(db: pw.Database, migrator: SchemaMigrator) -> None:
    """Version 2: imports are recorded as batches that can be undone; audit entries name their batch and the
    revision they produced, so an import can tell what changed in the database since a sheet was exported."""
    db.create_tables([ImportBatch])
    table = AuditEntry._meta.table_name
    migrate(migrator.add_column(table, "batch", pw.IntegerField(null=True)),
            migrator.add_column(table, "revision", pw.IntegerField(null=True)),
            migrator.add_index(table, ("batch",), False))


def _v3_imported_files_and_rows(db: pw.Database, migrator: SchemaMigrator) -> None:
    """Version 3: the files an import applied and the records it created from new rows are remembered, so a
    workbook returned twice is recognised instead of creating its new rows again."""
    db.create_tables([ImportedFile, ImportedRow])


def _v4_sources_as_data(db: pw.Database, migrator: SchemaMigrator) -> None:
    """Version 4: an audit entry's source is a token, not an English sentence ("import batch 3, x.xlsx" becomes
    "import:3:x.xlsx", "undo import batch 2" becomes "undo-import:2"), so it can be shown in either language."""
    old = (AuditEntry.source.startswith("import batch ") | AuditEntry.source.startswith("undo import batch "))
    for (text,) in AuditEntry.select(AuditEntry.source).where(old).distinct().tuples():
        token = sources.parse(text).token
        if token != text:
            AuditEntry.update(source=token).where(AuditEntry.source == text).execute()


def _v5_numbered_changes(db: pw.Database, migrator: SchemaMigrator) -> None:
    """Version 5: the audit rows of one record's change carry its number (change_id), and an undo or redo the
    number of the change it reverses, so that `reviewdesk undo` and `redo` find this user's last change by data,
    never by a source's wording. Changes made before have no number and are not undone from the command line."""
    table = AuditEntry._meta.table_name
    migrate(migrator.add_column(table, "change_id", pw.IntegerField(null=True)),
            migrator.add_column(table, "reverses", pw.IntegerField(null=True)),
            migrator.add_index(table, ("change_id",), False))


def _v6_kpi_readings(db: pw.Database, migrator: SchemaMigrator) -> None:
    """Version 6: KPI readings of targets (issue #14), and on each target what is gathered from them — the latest
    reading and its date, the first reading's date — with the attainment and tracking that follow (worked out when
    the database is first opened on a day, store/gathered.py)."""
    target = model_for("target")
    db.create_tables([model_for("reading")])
    migrate(*(migrator.add_column(target._meta.table_name, key, target._meta.fields[key].clone())
              for key in ("latest_value", "latest_on", "first_on", "attainment", "tracking")))


def _v7_accounts(db: pw.Database, migrator: SchemaMigrator) -> None:
    """Version 7 (team mode, issue #12): the accounts of a team database, and on every record the number of its
    latest change, from which a PostgreSQL server writes the audit rows itself."""
    db.create_tables([Account])
    missing = [table for table in (model._meta.table_name for model in MODELS.values())  # version 6 made readings
               if db.table_exists(table)  # with today's model: it has it; a later version makes its own tables
               and "last_change" not in {c.name for c in db.get_columns(table)}]
    migrate(*(migrator.add_column(table, "last_change", pw.IntegerField(null=True)) for table in missing))


def _v8_review_rounds(db: pw.Database, migrator: SchemaMigrator) -> None:
    """Version 8 (review rounds, issue #15): meeting actions, the departments' and people's e-mail addresses, and
    the workbooks a round sent out and those that came back."""
    db.create_tables([model_for("action"), RoundSent, RoundReturn])
    migrate(*(migrator.add_column(model._meta.table_name, "email", model._meta.fields["email"].clone())
              for model in (Department, Person)
              if "email" not in {c.name for c in db.get_columns(model._meta.table_name)}))


#: STEPS[n] upgrades a database of version n-1 to version n.
STEPS: dict[int, Callable[[pw.Database, SchemaMigrator], None]] = {2: _v2_import_batches,
                                                                   3: _v3_imported_files_and_rows,
                                                                   4: _v4_sources_as_data,
                                                                   5: _v5_numbered_changes,
                                                                   6: _v6_kpi_readings,
                                                                   7: _v7_accounts,
                                                                   8: _v8_review_rounds}


def schema_version(db: pw.Database) -> int:
    """0 for an empty database, else the version it says it has: read through `db` itself, which need not be the
    open database (a copy's source, a connection being tested)."""
    table = Setting._meta.table_name
    if not db.table_exists(table):
        return 0
    row = db.execute_sql(f'SELECT value FROM "{table}" WHERE key = {db.param}', ["schema_version"]).fetchone()
    return int(row[0]) if row else 0


def _set(key: str, value: str) -> None:
    # ON CONFLICT ... DO UPDATE: the upsert both SQLite and PostgreSQL understand
    Setting.insert(key=key, value=value).on_conflict(conflict_target=[Setting.key], update={Setting.value: value}).execute()


def database_id() -> str:
    """A random id given to each database at creation; workbooks carry it so imports know where they came from."""
    return Setting.get(Setting.key == "database_id").value


def _refuse_newer(version: int) -> None:
    if version > LATEST_VERSION:
        raise DatabaseError(f"该数据库由更新版本的 ReviewDesk 创建（结构版本 {version}），请升级程序",
                            f"This database was made by a newer ReviewDesk (schema version {version}); "
                            "please upgrade the program")


def require_current(db: pw.Database, url: str) -> None:
    """A team database is used as `setup` left it: a desktop never creates or upgrades a shared schema (its
    account may not, and every other desktop would meet the change half way)."""
    version = schema_version(db)
    _refuse_newer(version)
    if version == 0:
        raise DatabaseError(f"团队数据库 {url} 尚未建立 ReviewDesk 数据库结构：请 IT 运行 reviewdesk --db {url} setup",
                            f"The team database {url} has no ReviewDesk schema yet: IT runs reviewdesk --db {url} setup")
    if version < LATEST_VERSION:
        raise DatabaseError(f"团队数据库的结构是版本 {version}，本程序需要版本 {LATEST_VERSION}：请 IT 运行 "
                            f"reviewdesk --db {url} setup",
                            f"The team database's schema is version {version}, this program needs version "
                            f"{LATEST_VERSION}: IT runs reviewdesk --db {url} setup")


def upgrade(db: pw.Database, path: Path | None) -> list[Path]:
    """Bring the open database to LATEST_VERSION; returns the backups made (none for a new database, and none on a
    server, whose backups are IT's: pg_dump)."""
    version = schema_version(db)
    _refuse_newer(version)
    if version == 0:
        with db.atomic():
            schema_change_lock()
            if schema_version(db) == 0:  # another client may have created it while this one waited
                if db.get_tables():
                    raise DatabaseError("该数据库含有其他程序的数据表，不是 ReviewDesk 数据库",
                                        "This database holds another program's tables; it is not a ReviewDesk database")
                db.create_tables(all_models())
                _set("database_id", uuid.uuid4().hex)
                _set("schema_version", str(LATEST_VERSION))
        return []
    backups = [backup_copy(path, f"v{version}")] if path is not None and version < LATEST_VERSION else []
    migrator = SchemaMigrator.from_database(db)
    for target in range(version + 1, LATEST_VERSION + 1):
        with db.atomic():  # BEGIN IMMEDIATE: another window opening the same file waits here
            schema_change_lock()
            if schema_version(db) >= target:  # ... and finds the step already done by the first one
                continue
            STEPS[target](db, migrator)
            _set("schema_version", str(target))
    return backups
