"""Review rounds: which department was sent which workbook of a meeting, by when it is due back, and each time it
came back (the workbooks and e-mail drafts themselves are written by exporters/review/round.py)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Iterable

from reviewdesk.store.changes import now
from reviewdesk.store.db import acting_as, database
from reviewdesk.store.models import RoundReturn, RoundSent


@dataclass(frozen=True)
class Returned:
    """One returned workbook of a round as an import met it: its export, file, batch (None: nothing it may apply)
    and what it held."""

    export_id: str
    file: str
    batch: int | None
    changes: int
    not_permitted: int
    conflicts: int


@dataclass(frozen=True)
class DepartmentState:
    """Where one department stands in a meeting's round: its latest workbook sent and its latest return."""

    department: str
    sent_at: dt.datetime
    deadline: dt.date | None
    file: str
    export_id: str
    address: str | None
    returned_at: dt.datetime | None
    batch: int | None
    changes: int
    not_permitted: int
    conflicts: int
    overdue: bool

    def to_json(self) -> dict[str, Any]:
        return {"department": self.department, "sent_at": _iso(self.sent_at), "returned_at": _iso(self.returned_at),
                "batch": self.batch, "changes": self.changes, "not_permitted": self.not_permitted,
                "conflicts": self.conflicts, "overdue": self.overdue}


def _iso(moment: dt.datetime | None) -> str | None:
    """A stored UTC time as ISO 8601 with its offset: 2026-12-02T06:30:00+00:00."""
    return None if moment is None else moment.replace(tzinfo=dt.timezone.utc).isoformat(timespec="seconds")


def local_day(moment: dt.datetime) -> dt.date:
    """The day a stored UTC time falls on where the user is (a deadline is a local day)."""
    return moment.replace(tzinfo=dt.timezone.utc).astimezone().date()


def record_sent(meeting: str, department: str, *, export_id: str, file: str, workbook: bytes, address: str | None,
                deadline: dt.date | None, who: str) -> None:
    """Remember a department's workbook of a meeting's round, its bytes kept so a reminder attaches it again."""
    RoundSent.create(meeting=meeting, department=department, export_id=export_id, file=file, workbook=workbook,
                     address=address, sent_at=now(), sent_by=acting_as(who), deadline=deadline)


def record_returns(returned: Iterable[Returned]) -> list[tuple[str, str]]:
    """Mark the round workbooks among these as returned (each import of one is a return of its own); the
    (meeting, department) pairs marked. Workbooks no round sent are left alone."""
    returned = [r for r in returned if r.export_id]
    sent = {s.export_id: (s.meeting, s.department) for s in
            RoundSent.select(RoundSent.export_id, RoundSent.meeting, RoundSent.department)
            .where(RoundSent.export_id.in_([r.export_id for r in returned]))} if returned else {}
    marked = []
    with database.atomic():
        for r in returned:
            if r.export_id in sent:
                RoundReturn.create(export_id=r.export_id, file=r.file, returned_at=now(), batch=r.batch,
                                   changes=r.changes, not_permitted=r.not_permitted, conflicts=r.conflicts)
                marked.append(sent[r.export_id])
    return marked


def round_state(meeting: str, today: dt.date | None = None) -> list[DepartmentState]:
    """Each department a round of `meeting` went to, in the order first sent: its latest workbook and its latest
    return of any of the workbooks it was sent; overdue when it came back after the deadline or has not yet and
    the deadline passed."""
    today = today or dt.date.today()
    latest: dict[str, RoundSent] = {}
    exports: dict[str, str] = {}  # export id -> department
    for sent in RoundSent.select().where(RoundSent.meeting == meeting).order_by(RoundSent.id):
        latest[sent.department] = sent
        exports[sent.export_id] = sent.department
    back: dict[str, RoundReturn] = {}
    if exports:
        for r in RoundReturn.select().where(RoundReturn.export_id.in_(list(exports))).order_by(RoundReturn.id):
            back[exports[r.export_id]] = r
    states = []
    for department, sent in latest.items():
        r = back.get(department)
        deadline = sent.deadline
        late = deadline is not None and (local_day(r.returned_at) > deadline if r else today > deadline)
        states.append(DepartmentState(department, sent.sent_at, deadline, sent.file, sent.export_id, sent.address,
                                      r.returned_at if r else None, r.batch if r else None, r.changes if r else 0,
                                      r.not_permitted if r else 0, r.conflicts if r else 0, late))
    return states


def sent_workbook(export_id: str) -> tuple[str, bytes]:
    """The file name and bytes of a workbook a round sent (for a reminder)."""
    sent = RoundSent.get(RoundSent.export_id == export_id)
    return sent.file, bytes(sent.workbook)


def current_round() -> str | None:
    """The meeting whose round went out last (None: no round was ever sent)."""
    sent = RoundSent.select(RoundSent.meeting).order_by(RoundSent.id.desc()).first()
    return sent.meeting if sent is not None else None


def round_deadline(meeting: str) -> dt.date | None:
    """The deadline of a meeting's latest round workbook."""
    sent = (RoundSent.select(RoundSent.deadline).where(RoundSent.meeting == meeting).order_by(RoundSent.id.desc())
            .first())
    return sent.deadline if sent is not None else None


__all__ = ["DepartmentState", "Returned", "current_round", "local_day", "record_returns", "record_sent", "round_deadline",
           "round_state",
           "sent_workbook"]
