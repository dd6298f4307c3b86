"""Applying an import plan: the plan's refusals, its conflicts decided, and what is left handed to the store as one
import batch (store.apply_import)."""
from __future__ import annotations

from collections import Counter
from typing import Mapping

from reviewdesk import store

from reviewdesk.exporters.returns.plan import Plan

SIDES = ("sheet", "database")


def apply_plan(plan: Plan, *, who: str, take: str | None = None,
               decisions: Mapping[tuple[str, str], str] | None = None, valid_only: bool = False) -> store.AppliedBatch:
    """Write what the plan lists, all or nothing, after a backup copy of the database, as one import batch.

    Conflicts stay as they are unless `take` ("sheet" or "database") or a per-field decision, by (code, field),
    picks a side. With errors in the plan nothing is applied, unless `valid_only` asks for the rows that have none.
    Raises store.ImportRefused when nothing may or can be applied.
    """
    if take not in (None, *SIDES):
        raise ValueError(take)
    if plan.incomplete:
        raise store.ImportRefused("有工作表错误过多，未检查完，未做任何更改；请改正后重新导入",
                                  "A sheet had too many errors to be checked to its end; nothing was changed. "
                                  "Correct them and import again")
    if plan.errors and not valid_only:
        raise store.ImportRefused(f"导入计划有 {len(plan.errors)} 处错误，未做任何更改；请改正后重新导入",
                                  f"The import plan has {len(plan.errors)} error(s); nothing was changed. "
                                  "Correct them and import again")
    creates = [store.NewRecord(c.artefact, c.values, c.file, c.row, c.export_id) for c in plan.created]
    updates = _updates(plan, take, decisions or {})
    try:
        applied = store.apply_import(plan.files, list(plan.sources.values()), creates, updates, who=who,
                                     department=plan.department)
    except store.ImportRefused:
        if not creates and not updates:  # nothing it may apply: still a department's answer to its round
            store.rounds.record_returns(_returned(plan, None))
        raise
    store.rounds.record_returns(_returned(plan, applied.batch))
    return applied


def _returned(plan: Plan, batch: int | None) -> list[store.rounds.Returned]:
    """Each file of the plan as a round's return: what it changed, was not permitted and clashed, in the batch."""
    changed: dict[str, set[str]] = {}
    for u in plan.updated:
        changed.setdefault(u.file, set()).add(u.code)
    for c in plan.created:
        changed.setdefault(c.file, set()).add(f"{c.sheet}:{c.row}")
    refused, clashed = Counter(n.file for n in plan.not_permitted), Counter(c.file for c in plan.conflicts)
    return [store.rounds.Returned(source.export_id, name, batch, len(changed.get(name, ())) if batch else 0,
                                  refused.get(name, 0), clashed.get(name, 0))
            for name, source in plan.sources.items() if source.export_id]


def _updates(plan: Plan, take: str | None,
             decisions: Mapping[tuple[str, str], str]) -> list[store.RecordUpdate]:
    """Per record, the fields to set: its planned updates and the conflicts decided for the sheet."""
    fields: dict[str, dict] = {}
    first: dict[str, tuple[str, str, int | None]] = {}  # code -> artefact, file and revision of its first line
    for u in plan.updated:
        fields.setdefault(u.code, {})[u.field] = u.new
        first.setdefault(u.code, (u.artefact, u.file, plan.revisions.get(u.code)))
    for c in plan.conflicts:
        if decisions.get((c.code, c.field), take) == "sheet":
            fields.setdefault(c.code, {})[c.field] = c.returned
            first.setdefault(c.code, (c.artefact, c.file, plan.revisions.get(c.code, c.revision)))
    return [store.RecordUpdate(first[code][0], code, changed, first[code][1], first[code][2])
            for code, changed in fields.items()]


__all__ = ["SIDES", "apply_plan"]
