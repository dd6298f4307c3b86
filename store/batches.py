"""Import batches as store operations: applying returned workbooks' changes as one undoable batch, listing the
batches, undoing one; each answers with a typed result the command line and the window both read."""
from __future__ import annotations

import datetime as dt
import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence

from reviewdesk.templates import WORKBOOK_ARTEFACTS, ReviewDeskError, artefact, t, values

from reviewdesk.store import server, sources
from reviewdesk.store.changes import StaleRevision, create_many, delete, now, update_many
from reviewdesk.store.db import acting_as, backup_copy, current_path, database
from reviewdesk.store.imported import SourceFile, new_row_fingerprint
from reviewdesk.store.models import AuditEntry, ImportBatch, ImportedFile, ImportedRow
from reviewdesk.store.records import NotFound, audit_text, get_record
from reviewdesk.store.retrying import retried

ROWS_PER_STATEMENT = 500  # rows per INSERT or codes per IN list of the import ledger
SHOWN_IN_MESSAGE = 10  # later changes a refused undo names before "…"


class ImportRefused(ReviewDeskError):
    """The changes cannot be applied as they are (errors, nothing to do, a record changed since the plan)."""


@dataclass(frozen=True)
class NewRecord:
    """A record an import batch creates from a new row of a returned sheet."""

    artefact: str
    values: Mapping[str, Any]  # canonical values, none of them None
    file: str
    row: int  # the Excel row
    export_id: str | None  # the export the row was new in; remembered, so that row coming back is never a copy


@dataclass(frozen=True)
class RecordUpdate:
    """Fields an import batch sets on one record, from one file, on the revision its plan was made against."""

    artefact: str
    code: str
    fields: Mapping[str, Any]
    file: str
    revision: int | None  # None: whatever revision the record is at


@dataclass(frozen=True)
class AppliedBatch:
    """What applying an import did: its batch number, and per artefact how many records it created and updated."""

    batch: int
    counts: dict[str, dict[str, int]]  # artefact -> {"created": n, "updated": n}, every workbook artefact


@dataclass(frozen=True)
class BatchSummary:
    """One import batch as `reviewdesk imports` and the window's import history show it."""

    batch: int
    at: dt.datetime
    who: str
    files: list[str]
    department: str | None
    counts: dict[str, dict[str, int]]
    undone_at: dt.datetime | None
    undone_by: str | None
    same_file_as: dict[str, int]  # file -> an earlier batch that applied the very same file

    def to_json(self) -> dict[str, Any]:
        """As `reviewdesk imports --json` prints it (times as str() writes them, the published form)."""
        return {"batch": self.batch, "at": str(self.at), "who": self.who, "files": self.files,
                "department": self.department, "counts": self.counts,
                "undone_at": None if self.undone_at is None else str(self.undone_at), "undone_by": self.undone_by,
                "same_file_as": self.same_file_as}

    def counts_lines(self, lang: str) -> list[str]:
        """What the batch created and updated, one line per artefact in words: 服务问题清单：新增 2、修改 1 /
        Service issue list: 2 created, 1 updated (a zero left out, an artefact with neither too)."""
        lines = []
        for key, n in self.counts.items():
            created, updated = n.get("created") or 0, n.get("updated") or 0
            said = ([t(lang, f"新增 {created}", f"{created} created")] if created else []) + \
                ([t(lang, f"修改 {updated}", f"{updated} updated")] if updated else [])
            if said:
                lines.append(artefact(key).label(lang) + t(lang, "：", ": ") + t(lang, "、", ", ").join(said))
        return lines


@dataclass(frozen=True)
class LaterChange:
    """What happened after an import to a record or field it wrote: a change (the field's current value, as audit
    text and as each language shows it) or the record's deletion (`field` None)."""

    artefact: str
    code: str
    field: str | None
    who: str
    at: dt.datetime
    current: str | None = None
    shown: Mapping[str, str | None] | None = None  # lang -> the current value as shown, None when empty

    @property
    def deleted(self) -> bool:
        return self.field is None

    def line(self, lang: str) -> str:
        """ISS-0001 备注 现为「改过了」（张敏，2026-11-30 10:00） / ISS-0001 Notes now '…' (Zhang Min, 2026-11-30 10:00)."""
        label = artefact(self.artefact).field(self.field).label(lang) if self.field else ""
        if self.deleted:
            what = t(lang, "已被删除", "deleted")
        else:
            shown = self.shown[lang]
            what = t(lang, f"现为「{shown}」", f"now '{shown}'") if shown is not None else t(lang, "现为空", "now empty")
        return t(lang, f"{self.code} {label} {what}（{self.who}，{self.at:%Y-%m-%d %H:%M}）",
                 f"{self.code} {label} {what} ({self.who}, {self.at:%Y-%m-%d %H:%M})")

    def to_json(self) -> dict[str, Any]:
        return {"artefact": self.artefact, "code": self.code, "field": self.field, "deleted": self.deleted,
                "current": self.current, "who": self.who, "at": self.at.isoformat(timespec="seconds")}


@dataclass(frozen=True)
class UndoneBatch:
    """What undoing an import batch did: records restored, created records removed, later changes kept."""

    batch: int
    restored: int
    removed: int
    kept: tuple[LaterChange, ...]

    def to_json(self) -> dict[str, Any]:
        return {"batch": self.batch, "restored": self.restored, "removed": self.removed,
                "kept": [change.to_json() for change in self.kept]}


class ChangedSinceImport(ReviewDeskError):
    """An import cannot be undone whole: fields it set, or records it created, were changed again since."""

    def __init__(self, batch: int, changed: Sequence[LaterChange]):
        self.batch, self.changed = batch, list(changed)
        more = " …" if len(changed) > SHOWN_IN_MESSAGE else ""
        shown = {lang: t(lang, "；", "; ").join(c.line(lang) for c in changed[:SHOWN_IN_MESSAGE]) + more
                 for lang in ("zh", "en")}
        super().__init__(f"无法整批撤销导入批次 {batch}：以下内容在导入后又被修改：{shown['zh']}。"
                         f"可只撤销之后没人改过的部分（reviewdesk undo-import {batch} --except-changed），"
                         "这些内容保持现值",
                         f"Cannot undo import batch {batch} whole: changed again after the import: {shown['en']}. "
                         f"Undo what nobody changed since (reviewdesk undo-import {batch} --except-changed) and "
                         "keep these as they are")


# --- applying ---

@retried
def apply_import(files: Sequence[str], sources: Sequence[SourceFile], creates: Sequence[NewRecord],
                 updates: Sequence[RecordUpdate], *, who: str, department: str | None = None) -> AppliedBatch:
    """Create and update these records as one import batch, all or nothing, after a backup copy of the database.

    `files` are the names the batch lists, as they were given; `sources` each file's digest and export, remembered
    so that the same file, or a new row of the same export, is recognised when it comes back.

    Raises ImportRefused when there is nothing to do, or when a record moved past the revision its update was
    planned on (nothing is changed then)."""
    if not creates and not updates:
        raise ImportRefused("没有需要应用的更改", "There is nothing to apply")
    who = acting_as(who)
    path = current_path()
    if path is not None:
        backup_copy(path, "import")
    counts = _counts(creates, updates)
    with database.atomic():
        batch = ImportBatch.create(at=now(), who=who, files=json.dumps(list(files), ensure_ascii=False),
                                   department=department, counts=json.dumps(counts)).id
        created = _create(batch, creates, who)
        _remember(batch, sources, created)
        _update(batch, updates, who)
    return AppliedBatch(batch, counts)


def _counts(creates: Sequence[NewRecord], updates: Sequence[RecordUpdate]) -> dict[str, dict[str, int]]:
    created = Counter(c.artefact for c in creates)
    updated = Counter(u.artefact for u in {u.code: u for u in updates}.values())
    return {k: {"created": created[k], "updated": updated[k]} for k in WORKBOOK_ARTEFACTS}


def _create(batch: int, creates: Sequence[NewRecord], who: str) -> list[tuple[NewRecord, str]]:
    """The new records, one change-API call per file and artefact (each file is its own audit source)."""
    by_source: dict[tuple[str, str], list[NewRecord]] = defaultdict(list)
    for item in creates:
        by_source[(item.file, item.artefact)].append(item)
    created = []
    for (file, art_key), items in by_source.items():
        changes = create_many(art_key, [item.values for item in items], who=who,
                              source=sources.import_batch(batch, file), batch=batch)
        created += zip(items, (change.code for change in changes))
    return created


def _remember(batch: int, sources: Sequence[SourceFile], created: Iterable[tuple[NewRecord, str]]) -> None:
    """The ledger of what a batch applied: its files, and each record it created from a new row of an export."""
    ImportedFile.insert_many([{"batch": batch, "name": f.name, "sha256": f.sha256, "export_id": f.export_id}
                              for f in sources]).execute()
    rows = [{"batch": batch, "export_id": item.export_id, "artefact": item.artefact, "row": item.row,
             "values": new_row_fingerprint(artefact(item.artefact), item.values), "code": code}
            for item, code in created if item.export_id]
    for start in range(0, len(rows), ROWS_PER_STATEMENT):
        ImportedRow.insert_many(rows[start:start + ROWS_PER_STATEMENT]).execute()


def _update(batch: int, updates: Sequence[RecordUpdate], who: str) -> None:
    """The updates, one change-API call per file; a record moved on since the plan refuses the whole batch."""
    by_file: dict[str, list[tuple[str, Mapping[str, Any], int | None]]] = defaultdict(list)
    for item in updates:
        by_file[item.file].append((item.code, item.fields, item.revision))
    for file, items in by_file.items():
        try:
            update_many(items, who=who, source=sources.import_batch(batch, file), batch=batch)
        except StaleRevision as exc:
            raise ImportRefused(f"{exc.code} 在生成导入计划后又被修改，未做任何更改；请重新导入以生成新的计划",
                                f"{exc.code} changed after the import plan was made; nothing was changed. "
                                "Import again for a fresh plan") from exc


# --- listing ---

def import_batches() -> list[BatchSummary]:
    """The import batches, newest first."""
    batches = list(ImportBatch.select().order_by(ImportBatch.id.desc()))
    copies = _earlier_copies(b.id for b in batches)
    return [BatchSummary(b.id, b.at, b.who, json.loads(b.files), b.department, json.loads(b.counts), b.undone_at,
                         b.undone_by, copies.get(b.id, {})) for b in batches]


def _earlier_copies(batch_ids: Iterable[int]) -> dict[int, dict[str, int]]:
    """batch -> {file: the earlier batch that applied the very same file}."""
    ids = list(batch_ids)
    if not ids:
        return {}
    files = ImportedFile.select(ImportedFile.batch, ImportedFile.name, ImportedFile.sha256).order_by(ImportedFile.batch)
    first: dict[str, int] = {}
    result: dict[int, dict[str, int]] = defaultdict(dict)
    for batch, name, digest in files.tuples():
        if digest in first and first[digest] != batch:
            result[batch][name] = first[digest]
        first.setdefault(digest, batch)
    return {b: result[b] for b in ids if b in result}


# --- undoing ---

@dataclass
class _BatchWrites:
    """What a batch wrote, read back from its audit entries: per record, its values as created (audit text), or
    per field the value before and the value the batch wrote."""

    last_entry: int
    created: dict[tuple[str, str], dict[str, str | None]]
    before: dict[tuple[str, str], dict[str, str | None]]
    written: dict[tuple[str, str], dict[str, str | None]]

    @classmethod
    def of(cls, batch: int) -> "_BatchWrites":
        entries = list(AuditEntry.select().where(AuditEntry.batch == batch).order_by(AuditEntry.id))
        writes = cls(entries[-1].id if entries else 0, {}, defaultdict(dict), defaultdict(dict))
        for e in entries:
            key = (e.artefact, e.code)
            if e.action == "create":
                writes.created.setdefault(key, {})
                if e.field:
                    writes.created[key][e.field] = e.new
            elif e.action == "update" and not artefact(e.artefact).field(e.field).is_computed:
                writes.before[key].setdefault(e.field, e.old)
                writes.written[key][e.field] = e.new
        return writes

    def records(self) -> list[tuple[str, str]]:
        """Every record the batch touched: the created ones first, in the order it created them."""
        return [*self.created, *(k for k in self.before if k not in self.created)]


class _Current(dict):
    """A record's values as audit text (what an audit entry's new value is compared with), and as shown."""

    def __init__(self, art_key: str, record: dict[str, Any]):
        art = artefact(art_key)
        super().__init__({f.key: audit_text(f, record[f.key]) for f in art.fields})
        self.shown = {lang: {f.key: values.display(f, record[f.key], lang) or None for f in art.fields}
                      for lang in ("zh", "en")}

    @classmethod
    def of(cls, art_key: str, code: str) -> "_Current | None":
        """None once the record is deleted."""
        try:
            return cls(art_key, get_record(code))
        except NotFound:
            return None

    def change(self, art_key: str, code: str, field: str, entry: AuditEntry) -> LaterChange:
        return LaterChange(art_key, code, field, entry.who, entry.at, self.get(field),
                           {lang: self.shown[lang][field] for lang in self.shown})


@retried
def undo_import(batch: int, *, who: str, except_changed: bool = False) -> UndoneBatch:
    """Put back every field the batch changed and remove every record it created, all or nothing.

    A field changed again since the import blocks it (ChangedSinceImport, listing each with its current value) —
    unless it was set back to the value the batch wrote, which counts as untouched. With `except_changed`, what nobody
    touched is undone and the rest stays, listed in the result's `kept`.
    """
    who = acting_as(who)
    row = ImportBatch.get_or_none(ImportBatch.id == batch)
    if row is None:
        raise ReviewDeskError(f"没有导入批次 {batch}", f"No import batch {batch}")
    if row.undone_at is not None:
        raise ReviewDeskError(f"导入批次 {batch} 已于 {row.undone_at:%Y-%m-%d %H:%M} 撤销",
                              f"Import batch {batch} was already undone on {row.undone_at:%Y-%m-%d %H:%M}")
    writes = _BatchWrites.of(batch)
    changed: list[LaterChange] = []
    restorable: dict[tuple[str, str], dict[str, str | None]] = {}
    removable: list[tuple[str, str]] = []
    for key in writes.records():
        later_changes, fields, remove = _sorted_out(writes, key)
        changed += later_changes
        if remove:
            removable.append(key)
        elif fields:
            restorable[key] = fields
    if changed and not except_changed:
        raise ChangedSinceImport(batch, changed)
    source = sources.undo_import(batch)
    with database.atomic():
        server.about_to_change(source)  # even when it only marks the batch undone (every change kept)
        items = [(code, fields, None) for (_, code), fields in restorable.items()]
        if items:
            update_many(items, who=who, source=source)
        for _, code in reversed(removable):
            delete(code, who=who, source=source)
        _forget(batch, [code for _, code in removable])
        ImportBatch.update(undone_at=now(), undone_by=who).where(ImportBatch.id == batch).execute()
    return UndoneBatch(batch, len(items), len(removable), tuple(changed))


def _sorted_out(writes: _BatchWrites,
               key: tuple[str, str]) -> tuple[list[LaterChange], dict[str, str | None], bool]:
    """One record the batch touched: what was changed since, the fields its undo may put back, and whether the
    undo removes it (a record the batch created that nobody changed since; one changed is kept whole)."""
    art_key, code = key
    later = list(AuditEntry.select().where(AuditEntry.artefact == art_key, AuditEntry.code == code,
                                           AuditEntry.id > writes.last_entry).order_by(AuditEntry.id))
    current = _Current.of(art_key, code)
    if current is None:
        deleted = next((e for e in later if e.action == "delete"), None)
        return ([LaterChange(art_key, code, None, deleted.who, deleted.at)] if deleted else []), {}, False
    last_by_field = {e.field: e for e in later if e.field}
    if key in writes.created:
        moved = [f for f in last_by_field if not artefact(art_key).field(f).is_computed
                 and current.get(f) != writes.created[key].get(f)]
        return [current.change(art_key, code, f, last_by_field[f]) for f in moved], {}, not moved
    changed, fields = [], {}
    for field, before in writes.before[key].items():
        if field in last_by_field and current.get(field) != writes.written[key][field]:  # set back: untouched
            changed.append(current.change(art_key, code, field, last_by_field[field]))
        else:
            fields[field] = before
    return changed, fields, False


def _forget(batch: int, codes: list[str]) -> None:
    """An undo removed these records the batch created: their rows are new again (records the undo kept, because
    someone changed them since, are still that row's records)."""
    for start in range(0, len(codes), ROWS_PER_STATEMENT):
        ImportedRow.delete().where(ImportedRow.batch == batch,
                                   ImportedRow.code.in_(codes[start:start + ROWS_PER_STATEMENT])).execute()


__all__ = ["AppliedBatch", "BatchSummary", "ChangedSinceImport", "ImportRefused", "LaterChange", "NewRecord",
           "RecordUpdate", "UndoneBatch", "apply_import", "import_batches", "undo_import"]
