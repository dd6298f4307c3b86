"""Keeping the only copy safe: backup, restore from a backup, and a consistency check of the database."""
from __future__ import annotations

import datetime as dt
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import peewee as pw

from reviewdesk.templates import ARTEFACTS, ReviewDeskError, t

from reviewdesk.store.db import (DatabaseError, copy_database, current_path, database, ids_behind,
                                 integrity_failures, missing_references)
from reviewdesk.store.migrations import LATEST_VERSION
from reviewdesk.store.models import AuditEntry, Counter, MODELS, all_models
from reviewdesk.store.output import output_error, replacing


def _require_file() -> Path:
    path = current_path()
    if path is None:
        raise DatabaseError("只有本地数据库文件可以这样备份或恢复；团队数据库由 IT 用 pg_dump 备份，或用 reviewdesk --db "
                            "文件 copy-from 地址 复制一份到本地",
                            "Only a local database file is backed up or restored this way; IT backs up a team database "
                            "with pg_dump, or copies it into a local file with reviewdesk --db FILE copy-from URL")
    return path


def backup(target: str | os.PathLike | None = None) -> Path:
    """A consistent copy of the open database (SQLite's online backup), written under a temporary name first."""
    source = _require_file()
    if target is None:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        target = source.with_name(f"{source.stem}.backup-{stamp}{source.suffix or '.sqlite3'}")
    target = Path(target).expanduser()
    if target.resolve() == source.resolve():
        raise ReviewDeskError("备份文件不能是数据库本身", "The backup cannot be the database itself")
    if not target.parent.is_dir():
        raise ReviewDeskError(f"文件夹不存在：{target.parent}", f"The folder does not exist: {target.parent}")
    with replacing(target) as temporary:
        copy_database(source, temporary)
    return target


def verify_file(path: Path) -> int:
    """The schema version of a file that is a sound ReviewDesk database; otherwise a clear refusal."""
    if not path.is_file():
        raise ReviewDeskError(f"找不到备份文件 {path}", f"No backup file {path}")
    with open(path, "rb") as fh:
        if fh.read(16) != b"SQLite format 3\x00":
            raise ReviewDeskError(f"{path.name} 不是 ReviewDesk 数据库", f"{path.name} is not a ReviewDesk database")
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        if connection.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise ReviewDeskError(f"{path.name} 已损坏（完整性检查未通过）", f"{path.name} is damaged (integrity check failed)")
        row = connection.execute("SELECT value FROM setting WHERE key = 'schema_version'").fetchone()
    except sqlite3.DatabaseError:
        raise ReviewDeskError(f"{path.name} 不是 ReviewDesk 数据库", f"{path.name} is not a ReviewDesk database") from None
    finally:
        connection.close()
    if row is None:
        raise ReviewDeskError(f"{path.name} 不是 ReviewDesk 数据库", f"{path.name} is not a ReviewDesk database")
    version = int(row[0])
    if version > LATEST_VERSION:
        raise ReviewDeskError(f"{path.name} 由更新版本的 ReviewDesk 创建", f"{path.name} was made by a newer ReviewDesk")
    return version


def restore(backup_file: str | os.PathLike) -> Path:
    """Replace the open database's content with a backup's, after backing up what is there now.

    Returns the safety copy of the replaced content. The caller reopens the database (which upgrades an
    older backup's schema).
    """
    source = Path(backup_file).expanduser()
    target = _require_file()
    verify_file(source)
    if source.resolve() == target.resolve():
        raise ReviewDeskError("不能用数据库本身恢复自己", "A database cannot be restored from itself")
    safety = backup()
    database.close()
    try:
        copy_database(source, target)  # inside one write transaction: readers see the old or the new database
    except OSError as exc:  # the disk filled up: the transaction rolled back, the database is as it was
        raise output_error(exc, target) from exc
    return safety


@dataclass
class Problem:
    zh: str
    en: str

    def message(self, lang: str) -> str:
        return t(lang, self.zh, self.en)


def check() -> list[Problem]:
    """Integrity, orphans (references to missing records) and audit consistency; an empty list when sound."""
    problems: list[Problem] = []
    result = integrity_failures()
    if result:
        problems.append(Problem("完整性检查未通过：" + ";".join(result[:5]), "Integrity check failed: " + "; ".join(result[:5])))
    for table, rowid, parent in missing_references():
        problems.append(Problem(f"{table} 第 {rowid} 行引用了 {parent} 中不存在的记录",
                                f"{table} row {rowid} refers to a missing record in {parent}"))
    for table, following, highest in ids_behind(all_models()):
        problems.append(Problem(f"{table} 的下一个行号 {following} 已被使用（最大为 {highest}），新增记录会失败",
                                f"{table}'s next row id {following} is already taken (the highest is {highest}); "
                                "adding a row would fail"))
    for key, model in MODELS.items():
        art = ARTEFACTS[key]
        counter = Counter.get_or_none(Counter.artefact == key)
        highest = model.select(pw.fn.MAX(model.number)).scalar() or 0
        if highest > (counter.last_number if counter else 0):
            problems.append(Problem(f"{art.zh}的编号计数器落后于已有编号 {highest}，新编号可能重复",
                                    f"The {art.en} code counter is behind the existing number {highest}; "
                                    "new codes could repeat"))
        audited = {c for (c,) in AuditEntry.select(AuditEntry.code).where(
            AuditEntry.artefact == key, AuditEntry.action == "create").distinct().tuples()}
        unaudited = [c for (c,) in model.select(model.code).tuples() if c not in audited]
        if unaudited:
            problems.append(Problem(f"{art.zh}中 {len(unaudited)} 条记录没有创建日志（如 {unaudited[0]}）",
                                    f"{len(unaudited)} {art.en} record(s) have no creation entry in the audit log "
                                    f"(e.g. {unaudited[0]})"))
        latest = dict(AuditEntry.select(AuditEntry.code, pw.fn.MAX(AuditEntry.revision)).where(
            AuditEntry.artefact == key).group_by(AuditEntry.code).tuples())
        ahead = [c for c, r in model.select(model.code, model.revision).tuples() if (latest.get(c) or 0) > r]
        if ahead:
            problems.append(Problem(f"{art.zh}中 {len(ahead)} 条记录的版本低于日志中的版本（如 {ahead[0]}）",
                                    f"{len(ahead)} {art.en} record(s) are at a lower revision than their audit log "
                                    f"(e.g. {ahead[0]})"))
    return problems
