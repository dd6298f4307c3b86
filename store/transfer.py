"""Moving a whole database between engines: a local file into an empty team database, or a team database back."""
from __future__ import annotations

import os
from contextlib import nullcontext
from pathlib import Path

import peewee as pw

from reviewdesk.templates import ARTEFACTS, ReviewDeskError

from reviewdesk.store import server
from reviewdesk.store.db import (DatabaseError, bound, connect_server, database, follow_inserted_ids, is_server,
                                 quoted_name, resolve_path)
from reviewdesk.store.migrations import LATEST_VERSION, schema_version
from reviewdesk.store.models import Setting, all_models, table_name  # noqa: F401 (all_models: the tables copied)

ROWS_PER_BATCH = 2_000  # rows fetched from the source and sent to the target at a time

#: How the tables other than the artefacts' are named to people (what copy-from copied, what it found).
TABLE_NAMES = {"setting": ("数据库设置", "settings"), "department": ("部门", "departments"), "person": ("人员", "people"),
               "counter": ("编号计数器", "code counters"), "audit_entry": ("操作日志", "audit entries"),
               "import_batch": ("导入批次", "import batches"), "imported_file": ("导入的文件", "imported files"),
               "imported_row": ("导入新建的行", "imported new rows")}


def table_label(table: str) -> tuple[str, str]:
    """A table's name in Chinese and English: an artefact's label, or the bookkeeping table's."""
    if table in ARTEFACTS:
        return ARTEFACTS[table].zh, ARTEFACTS[table].en
    return TABLE_NAMES.get(table, (table, table))


def _open_source(location: Path | str) -> pw.Database:
    """A read-only look at the database to copy from, refused unless it is a ReviewDesk database of this version."""
    if is_server(location):
        source = connect_server(location)
    else:
        from reviewdesk.store.maintenance import verify_file

        verify_file(location)
        source = pw.SqliteDatabase(f"file:{location}?mode=ro", uri=True)
        source.connect()
    try:
        version = _version(source, location)
    except BaseException:
        source.close()
        raise
    if version < LATEST_VERSION:
        source.close()
        raise DatabaseError(f"{location} 的结构是旧版本 {version}：请先用本程序打开它一次（reviewdesk --db {location} "
                            "check 会在备份后升级它），再复制",
                            f"{location} has the older schema version {version}: open it once with this program first "
                            f"(reviewdesk --db {location} check upgrades it after a backup), then copy")
    return source


def _version(source: pw.Database, location: Path | str) -> int:
    version = schema_version(source)
    if version == 0:
        raise DatabaseError(f"{location} 不是 ReviewDesk 数据库", f"{location} is not a ReviewDesk database")
    if version > LATEST_VERSION:
        raise DatabaseError(f"{location} 由更新版本的 ReviewDesk 创建（结构版本 {version}），请升级程序",
                            f"{location} was made by a newer ReviewDesk (schema version {version}); "
                            "please upgrade the program")
    return version


def _same(source: Path | str, target: Path | str) -> bool:
    if is_server(source) or is_server(target):
        return str(source).rstrip("/") == str(target).rstrip("/")
    return Path(source).resolve() == Path(target).resolve()


def _require_empty(target: Path | str) -> None:
    """copy-from adds to nothing: a database that holds any row but its settings is refused, naming the table."""
    for model in all_models():
        if model is not Setting and model.select().exists():
            held, held_en = table_label(table_name(model))
            raise ReviewDeskError(f"目标数据库 {target} 不是空的（{held}中已有数据）：copy-from 只复制到空数据库",
                                  f"The target database {target} is not empty ({held_en} holds rows): copy-from "
                                  "copies into an empty database only")


def copy_from(source: str | os.PathLike, target: str | os.PathLike | None = None) -> dict[str, int]:
    """Copy every row of the ReviewDesk database `source` (records with their codes, revisions and row ids, code
    counters, the audit log, import batches, meetings, departments, people, the database id) into `target` (--db),
    which is created or set up as needed and must hold nothing yet. One transaction: if anything fails, the target
    holds no row of the source. Leaves the target open; returns how many rows each table received."""
    from reviewdesk import store

    source_location, target_location = resolve_path(source), resolve_path(target)
    if _same(source_location, target_location):
        raise ReviewDeskError("不能把数据库复制到它自己", "A database cannot be copied into itself")
    reading = _open_source(source_location)
    try:
        store.setup(target_location)
        _require_empty(target_location)
        counts: dict[str, int] = {}
        with database.atomic(), (server.triggers_paused() if is_server(target_location) else nullcontext()):
            Setting.delete().execute()  # the source's settings (its database id) replace the new ones
            for model in all_models():
                counts[table_name(model)] = _copy_table(reading, model)
            follow_inserted_ids(all_models())
    except pw.DatabaseError as exc:
        raise DatabaseError(f"复制失败，目标数据库未改变：{exc}", f"The copy failed; the target is unchanged: {exc}") from exc
    finally:
        reading.close()
    return counts


def _copy_table(reading: pw.Database, model: type[pw.Model]) -> int:
    columns = [f.column_name for f in model._meta.sorted_fields]
    listed = ", ".join(quoted_name(c) for c in columns)
    table = quoted_name(table_name(model))
    key = quoted_name(model._meta.primary_key.column_name)
    rows = reading.execute_sql(f"SELECT {listed} FROM {table} ORDER BY {key}")
    insert = f"INSERT INTO {table} ({listed}) VALUES ({', '.join([database.param] * len(columns))})"
    copied = 0
    while batch := rows.fetchmany(ROWS_PER_BATCH):
        with pw.__exception_wrapper__:  # the driver's errors as peewee's, as for every other statement
            database.cursor().executemany(insert, [[bound(value) for value in row] for row in batch])
        copied += len(batch)
    return copied


__all__ = ["copy_from", "table_label"]
