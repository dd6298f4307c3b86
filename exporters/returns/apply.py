"""Applying an import plan: the plan's refusals, its conflicts decided, and what is left handed to the store as one
import batch (store.apply_import)."""
from __future__ import annotations

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
    return store.apply_import(plan.files, list(plan.sources.values()), creates, _updates(plan, take, decisions or {}),
                              who=who, department=plan.department)


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
