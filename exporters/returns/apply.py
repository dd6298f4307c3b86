"""Applying an import plan in one transaction as an import batch, listing batches, and undoing one."""
from __future__ import annotations

import json
from collections import Counter, defaultdict
from typing import Any, Mapping

from reviewdesk import store
from reviewdesk.store import sources
from reviewdesk.store.changes import now
from reviewdesk.store.db import backup_copy, current_path, database
from reviewdesk.store.models import AuditEntry, ImportBatch
from reviewdesk.store.records import audit_text
from reviewdesk.templates import ReviewDeskError, artefact, values
from reviewdesk.templates.language import t

from reviewdesk.exporters.returns import imported
from reviewdesk.exporters.returns.plan import Plan

SIDES = ("sheet", "database")


class ImportRefused(ReviewDeskError):
    """The plan cannot be applied as it is (errors, nothing to do, a stale plan)."""


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
            changes = store.create_many(art_key, [c["values"] for c in items], who=who,
                                        source=sources.import_batch(batch.id, file), batch=batch.id)
            created += zip(items, (change.code for change in changes))
        imported.remember(batch.id, plan.sources, created)
        by_file: dict[str, list] = defaultdict(list)
        for code, fields in updates.items():
            by_file[files_of[code]].append((code, fields, expected.get(code)))
        for file, items in by_file.items():
            try:
                store.update_many(items, who=who, source=sources.import_batch(batch.id, file), batch=batch.id)
            except store.StaleRevision as exc:
                raise ImportRefused(f"{exc.code} 在生成导入计划后又被修改，未做任何更改；请重新导入以生成新的计划",
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


def counts_lines(counts: Mapping[str, Mapping[str, int]], lang: str) -> list[str]:
    """What a batch created and updated, one line per artefact in words: 服务问题清单：新增 2、修改 1 /
    Service issue list: 2 created, 1 updated (a zero left out, an artefact with neither too)."""
    lines = []
    for key, n in counts.items():
        created, updated = n.get("created") or 0, n.get("updated") or 0
        said = ([t(lang, f"新增 {created}", f"{created} created")] if created else []) + \
            ([t(lang, f"修改 {updated}", f"{updated} updated")] if updated else [])
        if said:
            lines.append(artefact(key).label(lang) + t(lang, "：", ": ") + t(lang, "、", ", ").join(said))
    return lines


class ChangedSince(ReviewDeskError):
    """An import cannot be undone whole: fields it set, or records it created, were changed again since."""

    def __init__(self, batch: int, changed: list[dict[str, Any]], lang: str):
        self.batch, self.changed = batch, changed
        shown = "；".join(changed_line(c, "zh") for c in changed[:10]) + (" …" if len(changed) > 10 else "")
        shown_en = "; ".join(changed_line(c, "en") for c in changed[:10]) + (" …" if len(changed) > 10 else "")
        super().__init__(f"无法整批撤销导入批次 {batch}：以下内容在导入后又被修改：{shown}。"
                         f"可只撤销之后没人改过的部分（reviewdesk undo-import {batch} --except-changed），"
                         "这些内容保持现值",
                         f"Cannot undo import batch {batch} whole: changed again after the import: {shown_en}. "
                         f"Undo what nobody changed since (reviewdesk undo-import {batch} --except-changed) and "
                         "keep these as they are")


def changed_line(change: dict[str, Any], lang: str) -> str:
    art = artefact(change["artefact"])
    label = art.field(change["field"]).label(lang) if change.get("field") else ""
    if change.get("deleted"):
        what = "已被删除" if lang == "zh" else "deleted"
    else:
        shown = change["shown"][lang]
        what = (f"现为「{shown}」" if lang == "zh" else f"now '{shown}'") if shown is not None else \
            ("现为空" if lang == "zh" else "now empty")
    by = f"{change['who']}，{change['at']:%Y-%m-%d %H:%M}" if lang == "zh" else f"{change['who']}, {change['at']:%Y-%m-%d %H:%M}"
    return f"{change['code']} {label} {what}（{by}）" if lang == "zh" else f"{change['code']} {label} {what} ({by})"


def undo_import(batch_id: int, *, who: str, lang: str = "zh", except_changed: bool = False) -> dict[str, Any]:
    """Put back every field the batch changed and remove every record it created, all or nothing.

    A field changed again since the import blocks it (ChangedSince, listing each with its current value) — unless
    it was set back to the value the batch wrote, which counts as untouched. With `except_changed`, what nobody
    touched is undone and the rest stays, listed in the result's "kept".
    """
    batch = ImportBatch.get_or_none(ImportBatch.id == batch_id)
    if batch is None:
        raise ReviewDeskError(f"没有导入批次 {batch_id}", f"No import batch {batch_id}")
    if batch.undone_at is not None:
        raise ReviewDeskError(f"导入批次 {batch_id} 已于 {batch.undone_at:%Y-%m-%d %H:%M} 撤销",
                              f"Import batch {batch_id} was already undone on {batch.undone_at:%Y-%m-%d %H:%M}")
    entries = list(AuditEntry.select().where(AuditEntry.batch == batch_id).order_by(AuditEntry.id))
    last_id = entries[-1].id if entries else 0
    created: dict[tuple[str, str], dict[str, str | None]] = {}  # record -> its values as created (audit text)
    restore: dict[tuple[str, str], dict[str, str | None]] = defaultdict(dict)  # record -> field -> value before
    written: dict[tuple[str, str], dict[str, str | None]] = defaultdict(dict)  # record -> field -> value the batch wrote
    for e in entries:
        art = artefact(e.artefact)
        key = (e.artefact, e.code)
        if e.action == "create":
            created.setdefault(key, {})
            if e.field:
                created[key][e.field] = e.new
        elif e.action == "update" and not art.field(e.field).is_computed:
            restore[key].setdefault(e.field, e.old)
            written[key][e.field] = e.new
    changed: list[dict[str, Any]] = []
    untouched_restore: dict[tuple[str, str], dict[str, str | None]] = {}
    removable: list[tuple[str, str]] = []
    for key in [*created, *(k for k in restore if k not in created)]:
        art_key, code = key
        later = list(AuditEntry.select().where(AuditEntry.artefact == art_key, AuditEntry.code == code,
                                               AuditEntry.id > last_id).order_by(AuditEntry.id))
        current = _current_texts(art_key, code)
        last_by_field = {e.field: e for e in later if e.field}
        deleted = next((e for e in later if e.action == "delete"), None) if current is None else None
        if key in created:
            moved = [f for f, e in last_by_field.items() if not artefact(art_key).field(f).is_computed
                     and current is not None and current.get(f) != created[key].get(f)]
            if deleted is not None:
                changed.append({"artefact": art_key, "code": code, "field": None, "deleted": True,
                                "who": deleted.who, "at": deleted.at})
            elif moved:
                changed += [_change(art_key, code, f, current, last_by_field[f]) for f in moved]
            elif current is not None:
                removable.append(key)
            continue
        if deleted is not None:
            changed.append({"artefact": art_key, "code": code, "field": None, "deleted": True, "who": deleted.who,
                            "at": deleted.at})
            continue
        fields = {}
        for field, before in restore[key].items():
            if field in last_by_field and current.get(field) != written[key][field]:  # set back: untouched
                changed.append(_change(art_key, code, field, current, last_by_field[field]))
            else:
                fields[field] = before
        if fields:
            untouched_restore[key] = fields
    if changed and not except_changed:
        raise ChangedSince(batch_id, changed, lang)
    source = sources.undo_import(batch_id)
    with database.atomic():
        items = [(code, fields, None) for (_, code), fields in untouched_restore.items()]
        if items:
            store.update_many(items, who=who, source=source)
        for _, code in reversed(removable):
            store.delete(code, who=who, source=source)
        imported.forget(batch_id, [code for _, code in removable])
        ImportBatch.update(undone_at=now(), undone_by=who).where(ImportBatch.id == batch_id).execute()
    return {"restored": len(items), "removed": len(removable), "kept": changed}


class _Current(dict):
    """A record's values as audit text (what an audit entry's new value is compared with), and as read."""

    def __init__(self, art_key: str, record: dict[str, Any]):
        art = artefact(art_key)
        super().__init__({f.key: audit_text(f, record[f.key]) for f in art.fields})
        self.shown = {lang: {f.key: values.display(f, record[f.key], lang) or None for f in art.fields}
                      for lang in ("zh", "en")}


def _current_texts(art_key: str, code: str) -> _Current | None:
    """None once the record is deleted."""
    try:
        return _Current(art_key, store.get_record(code))
    except store.NotFound:
        return None


def _change(art_key: str, code: str, field: str, current: _Current, entry: AuditEntry) -> dict[str, Any]:
    return {"artefact": art_key, "code": code, "field": field, "current": current.get(field),
            "shown": {lang: current.shown[lang][field] for lang in current.shown}, "who": entry.who, "at": entry.at}


__all__ = ["ChangedSince", "ImportRefused", "apply_plan", "counts_lines", "list_batches", "undo_import"]
