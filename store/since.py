"""What moved since the last review meeting, read from the audit log: records by artefact and kind of change (a
change taken back by undo, or by undoing its import, is none)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Mapping

import peewee as pw

from reviewdesk.templates import artefact

from reviewdesk.store import sources
from reviewdesk.store.db import bound
from reviewdesk.store.models import AuditEntry, model_for
from reviewdesk.store.records import Lookups, get_record, in_chunks, select_records, select_rows

HELD = ("held", "archived")  # an archived meeting was held before it was filed away


@dataclass(frozen=True)
class Moved:
    """One kind of change a review follows (issues opened, steps completed …): its artefact, key, labels and the
    audit rows that make a record count (a WHERE clause over AuditEntry)."""

    artefact: str
    key: str
    zh: str
    en: str
    rows: Callable[[], pw.Expression]

    def label(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


def _created() -> pw.Expression:
    return AuditEntry.action == "create"


def _set_to(field: str, *wanted: str) -> Callable[[], pw.Expression]:
    return lambda: (AuditEntry.field == field) & AuditEntry.new.in_(list(wanted))


def _answered() -> pw.Expression:
    """A cooperating department's answer: its response written, or the request done or turned down."""
    return (((AuditEntry.field == "response") & AuditEntry.new.is_null(False) & (AuditEntry.new != ""))
            | ((AuditEntry.field == "status") & AuditEntry.new.in_(["done", "rejected"])))


def _changed(artefact_key: str) -> Callable[[], pw.Expression]:
    """A person's update of a typed field (computed ones follow it), a confirmation apart."""
    typed = [f.key for f in artefact(artefact_key).input_fields]
    return lambda: ((AuditEntry.action == "update") & AuditEntry.field.in_(typed)
                    & ~((AuditEntry.field == "status") & (AuditEntry.new == "confirmed")))


#: The kinds of change the pack's chapter lists, in its order (newly overdue steps are read from the records).
MOVED = (
    Moved("issue", "opened", "新增问题", "Issues opened", _created),
    Moved("issue", "closed", "已解决或关闭的问题", "Issues resolved or closed", _set_to("status", "resolved", "closed")),
    Moved("target", "confirmed", "已确认的目标", "Targets confirmed", _set_to("status", "confirmed")),
    Moved("target", "changed", "有修改的目标", "Targets changed", _changed("target")),
    Moved("plan_step", "completed", "已完成的方案步骤", "Plan steps completed", _set_to("status", "done")),
    Moved("collab", "answered", "已答复的协作申请", "Collaboration requests answered", _answered),
)
OVERDUE_STEPS = ("plan_step", "overdue", "新逾期的方案步骤", "Plan steps newly overdue")
ACTION_STATES = (("done", "已完成", "Done"), ("open", "未完成", "Open"), ("overdue", "已逾期", "Overdue"),
                 ("dropped", "已取消", "Dropped"))


@dataclass(frozen=True)
class SinceLastReview:
    """What moved from the day after the previous held meeting through this meeting's day: per (artefact, kind)
    the codes of the records (those deleted since left out), the fields each changed target had changed, the
    readings added per target, and the previous meeting's actions by state (done, open, overdue, dropped)."""

    meeting: str
    previous: str | None
    previous_date: dt.date | None
    end: dt.date
    moved: Mapping[tuple[str, str], list[str]]
    changed_fields: Mapping[str, list[str]]
    readings: Mapping[str, int]
    actions: Mapping[str, list[str]]

    def counts(self) -> dict[str, int]:
        """Each list's length by "artefact.kind" (readings: their number; actions: "action.<state>")."""
        counts = {f"{a}.{k}": len(codes) for (a, k), codes in self.moved.items()}
        counts["reading.added"] = sum(self.readings.values())
        counts.update({f"action.{state}": len(codes) for state, codes in self.actions.items()})
        return counts


def previous_held(meeting: Mapping[str, Any]) -> dict[str, Any] | None:
    """The meeting held last before this one's date (None: it is the first review)."""
    model = model_for("meeting")
    day = meeting.get("date") or dt.date.today()
    row = (model.select(model.code).where(model.status.in_(list(HELD)), model.date < bound(day),
                                         model.code != meeting["code"])
           .order_by(model.date.desc(), model.number.desc()).first())
    return None if row is None else get_record(row.code)


def utc_start_of(day: dt.date) -> dt.datetime:
    """The moment a local day starts, in UTC as the audit log keeps its times."""
    local = dt.datetime.combine(day, dt.time()).astimezone()
    return local.astimezone(dt.timezone.utc).replace(tzinfo=None)


def since_last_review(code: str, today: dt.date | None = None) -> SinceLastReview:
    """What moved since meeting `code`'s previous held meeting, from the audit log (None as previous: none)."""
    today = today or dt.date.today()
    lookups = Lookups()
    meeting = get_record(code, lookups)
    end = meeting.get("date") or today
    previous = previous_held(meeting)
    if previous is None:
        return SinceLastReview(meeting["code"], None, None, end, {}, {}, {}, {})
    start_day = previous["date"] + dt.timedelta(days=1)
    during = ((AuditEntry.at >= bound(utc_start_of(start_day)))
              & (AuditEntry.at < bound(utc_start_of(end + dt.timedelta(days=1)))))
    taken_back = _TakenBack.read(during)
    moved = {(m.artefact, m.key): _codes(m.artefact, during & (AuditEntry.artefact == m.artefact) & m.rows(),
                                         taken_back) for m in MOVED}
    moved[OVERDUE_STEPS[:2]] = _newly_overdue(start_day, end, today)
    changed = _changed_fields(during, moved[("target", "changed")], taken_back)
    readings = _readings(during)
    actions = _action_states(previous["code"], today, lookups)
    return SinceLastReview(meeting["code"], previous["code"], previous["date"], end, moved, changed, readings, actions)


def _existing(artefact_key: str, codes) -> list[str]:
    """These codes in code order, those whose record was deleted since left out."""
    model = model_for(artefact_key)
    codes = list(codes)
    if not codes:
        return []
    return [r.code for r in model.select(model.code).where(model.code.in_(codes)).order_by(model.number)]


@dataclass(frozen=True)
class _TakenBack:
    """What the period itself took back, so that it counts as no change: of the changes of one undo and redo history
    (a change, the undos reversing it, the redos reversing those) made in the period, all when they add up to
    nothing, else all but the last one of the kind that stands; and a field an import wrote in the period whose
    undo put it back in the period. A change undone after the period still counts (it stood at the meeting), and
    an undo in the period of an earlier change is a change (the value moved back)."""

    changes: frozenset[int]
    imported: frozenset[tuple[int, str, str | None]]  # (batch, code, field) imported and put back in the period

    @classmethod
    def read(cls, during: pw.Expression) -> _TakenBack:
        return cls(frozenset(_reversals_cancelled(during)), frozenset(_imports_put_back(during)))

    def standing(self, rows: Iterable[tuple[str, str | None, int | None, int | None, str]]) -> list[str]:
        """The codes of the (code, field, change_id, batch, source) audit rows that the period did not take back."""
        return [code for code, field, change_id, batch, source in rows
                if change_id not in self.changes and (batch, code, field) not in self.imported
                and (_undone_batch(source), code, field) not in self.imported]


def _undone_batch(source: str) -> int | None:
    """The import batch whose undo wrote a row (None for any other row)."""
    told = sources.parse(source) if source.startswith("undo") else None
    return told.batch if told is not None and told.kind == sources.UNDO_IMPORT else None


def _reversals_cancelled(during: pw.Expression) -> set[int]:
    """The changes of the period that undo and redo in the period cancel (see _TakenBack)."""
    parent = dict(AuditEntry.select(AuditEntry.change_id, AuditEntry.reverses)
                  .where(during & AuditEntry.reverses.is_null(False)).distinct().tuples())
    inside = set(parent) | _within(during, set(parent.values()))
    wanted = set(parent.values()) - parent.keys()
    while wanted:  # the earlier history of what the period reversed, up to each original change
        found = dict(in_chunks(sorted(wanted), lambda chunk: (
            AuditEntry.select(AuditEntry.change_id, AuditEntry.reverses)
            .where(AuditEntry.change_id.in_(chunk) & AuditEntry.reverses.is_null(False)).distinct().tuples())))
        parent.update(found)
        wanted = set(found.values()) - parent.keys()

    def origin(change_id: int) -> tuple[int, int]:
        """(the original change, +1 when this one has its effect, -1 when it reverses it)."""
        sign = 1
        while change_id in parent:
            change_id, sign = parent[change_id], -sign
        return change_id, sign

    histories: dict[int, list[tuple[int, int]]] = {}
    for change_id in sorted(inside):
        root, sign = origin(change_id)
        histories.setdefault(root, []).append((change_id, sign))
    cancelled: set[int] = set()
    for history in histories.values():
        net = sum(sign for _, sign in history)
        kept = max((c for c, sign in history if sign == (1 if net > 0 else -1)), default=None) if net else None
        cancelled.update(c for c, _ in history if c != kept)
    return cancelled


def _within(during: pw.Expression, change_ids: set[int]) -> set[int]:
    """Which of these changes were made in the period."""
    return {c for (c,) in in_chunks(sorted(change_ids), lambda chunk: (
        AuditEntry.select(AuditEntry.change_id).where(during & AuditEntry.change_id.in_(chunk)).distinct().tuples()))}


def _imports_put_back(during: pw.Expression) -> set[tuple[int, str, str | None]]:
    """(batch, code, field) an import wrote in the period and the undo of that import put back in the period."""
    put_back = {(batch, code, field) for code, field, source in
                AuditEntry.select(AuditEntry.code, AuditEntry.field, AuditEntry.source)
                .where(during & AuditEntry.source.startswith("undo")).tuples()
                if (batch := _undone_batch(source)) is not None}
    batches = sorted({batch for batch, _, _ in put_back})
    if not batches:
        return set()
    imported = set(AuditEntry.select(AuditEntry.batch, AuditEntry.code, AuditEntry.field)
                   .where(during & AuditEntry.batch.in_(batches)).tuples())
    return put_back & imported


_ROW = (AuditEntry.code, AuditEntry.field, AuditEntry.change_id, AuditEntry.batch, AuditEntry.source)


def _codes(artefact_key: str, where: pw.Expression, taken_back: _TakenBack) -> list[str]:
    return _existing(artefact_key, set(taken_back.standing(AuditEntry.select(*_ROW).where(where).tuples())))


def _newly_overdue(first: dt.date, last: dt.date, today: dt.date) -> list[str]:
    """Steps overdue today (as their mark says) whose milestone date fell in [first, last]: overdue since then."""
    mark = artefact("plan_step").mark("overdue")
    return [code for (code,) in select_rows("plan_step", ["code"], ranges={"end_date": (first, last)},
                                            condition=mark, today=today)]


def _changed_fields(during: pw.Expression, codes: list[str], taken_back: _TakenBack) -> dict[str, list[str]]:
    """The typed fields each changed target had changed (and nobody took back), in declaration order."""
    if not codes:
        return {}
    order = [f.key for f in artefact("target").fields]
    found: dict[str, set[str]] = {}
    for row in (AuditEntry.select(*_ROW).where(during & (AuditEntry.artefact == "target") & _changed("target")()
                                               & AuditEntry.code.in_(codes)).tuples()):
        if taken_back.standing([row]):
            found.setdefault(row[0], set()).add(row[1])
    return {code: sorted(found.get(code, ()), key=order.index) for code in codes}


def _readings(during: pw.Expression) -> dict[str, int]:
    """Readings added in the period per target, in target code order (a reading deleted since not counted)."""
    reading = model_for("reading")
    added = (AuditEntry.select(AuditEntry.new, pw.fn.COUNT(AuditEntry.code.distinct()).alias("n"))
             .join(reading, on=reading.code == AuditEntry.code)
             .where(during & (AuditEntry.artefact == "reading") & (AuditEntry.action == "create")
                    & (AuditEntry.field == "target"))
             .group_by(AuditEntry.new))
    counts = {row.new: row.n for row in added}
    return {code: counts[code] for code in _existing("target", counts)}


def action_state(record: Mapping[str, Any], today: dt.date) -> str:
    """done, dropped, overdue (its due date passed) or open."""
    status = record.get("status")
    if status in ("done", "dropped"):
        return status
    return "overdue" if artefact("action").mark("overdue").holds(record, today) else "open"


def _action_states(meeting: str, today: dt.date, lookups: Lookups) -> dict[str, list[str]]:
    states: dict[str, list[str]] = {state: [] for state, _, _ in ACTION_STATES}
    for record in select_records("action", {"meeting": [meeting]}, fields=["status", "due_date"], lookups=lookups):
        states[action_state(record, today)].append(record["code"])
    return states


__all__ = ["ACTION_STATES", "MOVED", "Moved", "OVERDUE_STEPS", "SinceLastReview", "action_state", "previous_held",
           "since_last_review", "utc_start_of"]
