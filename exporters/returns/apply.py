"""Applying an import plan in one transaction as an import batch, listing batches, and undoing one."""
from __future__ import annotations

import json
from collections import Counter, defaultdict
from typing import Any, Mapping

from reviewdesk import store
from reviewdesk.store.changes import now
from reviewdesk.store.db import backup_copy, current_path, database
from reviewdesk.store.models import AuditEntry, ImportBatch
from reviewdesk.templates import ReviewDeskError, artefact

from reviewdesk.exporters.returns import imported
from reviewdesk.exporters.returns.plan import Plan

SIDES = ("sheet", "database")


class ImportRefused(ReviewDeskError):
    """The plan cannot be applied as it is (errors, nothing to do, a stale plan)."""


def _source(batch: int, file: str) -> str:
    return f"import batch {batch}, {file}"


def apply_plan(plan: Plan, *, who: str, take: str | None = None,
               decisions: Mapping[tuple[str, str], str] | None = None, valid_only: bool = False) -> int:
    """Write what the plan lists, all or nothing, after a backup copy of the database; returns the batch number.

    Conflicts stay as they are unless `take` ("sheet" or "database") or a per-field decision picks a side.
    With errors in the plan nothing is applied, unless `valid_only` asks for the rows that have none.
    """
    if take not in (None, *SIDES):
        raise ValueError(take)
    if plan.incomplete:
        raise ImportRefused("有工作表错误过多，未检查完，未做任何更改；请改正后重新导入",
                            "A sheet had too many errors to be checked to its end; nothing was changed. "
                            "Correct them and import again")
    if plan.errors and not valid_only:
        raise ImportRefused(f"导入计划有 {len(plan.errors)} 处错误，未做任何更改；请改正后重新导入",
                            f"The import plan has {len(plan.errors)} error(s); nothing was changed. "
                            "Correct them and import again")
    decisions = decisions or {}
    updates: dict[str, dict[str, Any]] = defaultdict(dict)
    files_of: dict[str, str] = {}
    artefact_of: dict[str, str] = {}
    expected: dict[str, int] = dict(plan.revisions)
    for u in plan.updated:
        updates[u["code"]][u["field"]] = u["new"]
        files_of[u["code"]] = u["file"]
        artefact_of[u["code"]] = u["artefact"]
    taken_from_sheet = 0
    for c in plan.conflicts:
        side = decisions.get((c["code"], c["field"]), take)
        if side == "sheet":
            updates[c["code"]][c["field"]] = c["sheet"]
            files_of[c["code"]] = c["file"]
            artefact_of[c["code"]] = c["artefact"]
            expected.setdefault(c["code"], c["revision"])
            taken_from_sheet += 1
    if not updates and not plan.created:
        raise ImportRefused("没有需要应用的更改", "There is nothing to apply")
    path = current_path()
    if path is not None:
        backup_copy(path, "import")
    summary = plan.summary()
    updated_codes = Counter(artefact_of.values())
    for key in summary:
        summary[key]["updated"] = updated_codes[key]
    with database.atomic():
        batch = ImportBatch.create(at=now(), who=who, files=json.dumps(plan.files, ensure_ascii=False),
                                   department=plan.department,
                                   counts=json.dumps({k: {"created": v["created"], "updated": v["updated"]}
                                                      for k, v in summary.items()}))
        creates: dict[tuple[str, str], list[dict]] = defaultdict(list)
        for c in plan.created:
            creates[(c["file"], c["artefact"])].append(c)
        created = []
        for (file, art_key), items in creates.items():
            changes = store.create_many(art_key, [c["values"] for c in items], who=who, source=_source(batch.id, file),
                                        batch=batch.id)
            created += zip(items, (change.code for change in changes))
        imported.remember(batch.id, plan.sources, created)
        by_file: dict[str, list] = defaultdict(list)
        for code, fields in updates.items():
            by_file[files_of[code]].append((code, fields, expected.get(code)))
        for file, items in by_file.items():
            try:
                store.update_many(items, who=who, source=_source(batch.id, file), batch=batch.id)
            except store.StaleRevision as exc:
                raise ImportRefused(f"{exc.code} 在生成导入计划后又被修改,未做任何更改;请重新导入以生成新的计划",
                                    f"{exc.code} changed after the import plan was made; nothing was changed. "
                                    "Import again for a fresh plan") from exc
    return batch.id


def list_batches() -> list[dict[str, Any]]:
    """The batches, newest first; `same_file_as` names, per file, an earlier batch that applied the very same file."""
    batches = list(ImportBatch.select().order_by(ImportBatch.id.desc()))
    copies = imported.earlier_copies(b.id for b in batches)
    return [{"batch": b.id, "at": b.at, "who": b.who, "files": json.loads(b.files), "department": b.department,
             "counts": json.loads(b.counts), "undone_at": b.undone_at, "undone_by": b.undone_by,
             "same_file_as": copies.get(b.id, {})}
            for b in batches]


def undo_import(batch_id: int, *, who: str, lang: str = "zh") -> dict[str, int]:
    """Put back every field the batch changed and remove every record it created, all or nothing.

    Refused, with the reasons, where a later change touched the same field or a created record.
    """
    batch = ImportBatch.get_or_none(ImportBatch.id == batch_id)
    if batch is None:
        raise ReviewDeskError(f"没有导入批次 {batch_id}", f"No import batch {batch_id}")
    if batch.undone_at is not None:
        raise ReviewDeskError(f"导入批次 {batch_id} 已于 {batch.undone_at:%Y-%m-%d %H:%M} 撤销",
                              f"Import batch {batch_id} was already undone on {batch.undone_at:%Y-%m-%d %H:%M}")
    entries = list(AuditEntry.select().where(AuditEntry.batch == batch_id).order_by(AuditEntry.id))
    last_id = entries[-1].id if entries else 0
    created: list[tuple[str, str]] = []
    restore: dict[tuple[str, str], dict[str, str | None]] = defaultdict(dict)
    for e in entries:
        art = artefact(e.artefact)
        if e.action == "create":
            if (e.artefact, e.code) not in created:
                created.append((e.artefact, e.code))
        elif e.action == "update" and not art.field(e.field).is_computed:
            restore[(e.artefact, e.code)].setdefault(e.field, e.old)
    blockers = []
    touched = {key for key in created} | set(restore)
    for art_key, code in touched:
        later = (AuditEntry.select().where(AuditEntry.artefact == art_key, AuditEntry.code == code,
                                           AuditEntry.id > last_id).order_by(AuditEntry.id))
        for e in later:
            art = artefact(art_key)
            if (art_key, code) in created or (e.field in restore[(art_key, code)]) or e.action == "delete":
                label = art.field(e.field).label(lang) if e.field and art.has_field(e.field) else ""
                blockers.append(f"{code} {label} ({e.who}, {e.at:%Y-%m-%d %H:%M})")
                break
    if blockers:
        shown = "; ".join(blockers[:10]) + (" …" if len(blockers) > 10 else "")
        raise ReviewDeskError(f"无法撤销导入批次 {batch_id}:以下内容在导入后又被修改:{shown}",
                              f"Cannot undo import batch {batch_id}: changed again after the import: {shown}")
    source = f"undo import batch {batch_id}"
    with database.atomic():
        items = [(code, fields, None) for (_, code), fields in restore.items() if (_, code) not in created]
        if items:
            store.update_many(items, who=who, source=source)
        for _, code in reversed(created):
            store.delete(code, who=who, source=source)
        ImportBatch.update(undone_at=now(), undone_by=who).where(ImportBatch.id == batch_id).execute()
    return {"restored": len(items), "removed": len(created)}


__all__ = ["ImportRefused", "apply_plan", "list_batches", "undo_import"]
