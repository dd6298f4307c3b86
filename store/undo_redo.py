"""Undo and redo of record changes as store operations, for the window and `reviewdesk undo` / `redo` alike.

Every change of one record is numbered in the audit log (its change_id); an undo writes the change that reverses
it, marked with what it reverses (reverses), and a redo reverses that undo. Which change is this user's last one
is found from those numbers and from the kind of each change's source (store/sources.py), never its wording:

- undo: the newest change by this user, made in the form or on the command line, or a redo, that nothing has
  reversed yet;
- redo: the newest undo by this user that nothing has reversed yet, unless the user made a new change after it.

Imports, the demo data and settings are not in this history: an import is undone as a whole (import undo).
"""
from __future__ import annotations

from typing import Iterator

from reviewdesk.templates import ARTEFACTS, ReviewDeskError, artefact

from reviewdesk.store import changes, sources
from reviewdesk.store.changes import Change, StaleRevision
from reviewdesk.store.db import acting_as, database
from reviewdesk.store.models import AuditEntry
from reviewdesk.store.records import select_rows
from reviewdesk.store.retrying import retried

#: The kinds of source whose changes are in a user's undo history.
_FRESH = (sources.FORM, sources.CLI)
_HISTORY = (*_FRESH, sources.UNDO, sources.REDO)


class NothingToUndo(ReviewDeskError):
    def __init__(self, who: str):
        super().__init__(f"{who}没有可以撤销的修改", f"{who} has no change to undo")


class NothingToRedo(ReviewDeskError):
    def __init__(self, who: str):
        super().__init__(f"{who}没有可以重做的撤销", f"{who} has no undone change to redo")


class ChangedSince(StaleRevision):
    """The record moved on after the change that was to be undone or redone: nothing is reversed."""

    def __init__(self, stale: StaleRevision, *, redoing: bool, who: str):
        verb_zh, verb_en = ("重做", "redo") if redoing else ("撤销", "undo")
        code, done, now = stale.code, stale.expected, stale.current
        if stale.saved_by == who:
            by_zh, by_en = "您自己", " by you"
        else:
            by_zh, by_en = (stale.saved_by, f" by {stale.saved_by}") if stale.saved_by else ("他人", "")
        ReviewDeskError.__init__(
            self, f"不能{verb_zh}：{code} 在这次修改（版本 {done}）之后又被{by_zh}改过，现为版本 {now}；"
                  f"请查看其历史（reviewdesk history {code}）",
            f"Cannot {verb_en}: {code} was changed{by_en} after this change (revision {done}) and is now at "
            f"revision {now}; see its history (reviewdesk history {code})")
        self.code, self.expected, self.current, self.saved_by = code, done, now, stale.saved_by


def _history(who: str) -> Iterator[tuple[int, str, int | None]]:
    """This user's changes in the undo history, newest first: (change_id, source kind, what it reverses)."""
    query = (AuditEntry.select(AuditEntry.change_id, AuditEntry.source, AuditEntry.reverses)
             .where(AuditEntry.who == who, AuditEntry.change_id.is_null(False),
                    AuditEntry.artefact.in_(list(ARTEFACTS)), AuditEntry.source.in_(_HISTORY))
             .distinct().order_by(AuditEntry.change_id.desc()))
    for change_id, source, reverses in query.tuples().iterator():
        yield change_id, sources.parse(source).kind, reverses


def last_undoable(who: str) -> int | None:
    """The change `undo` reverses for this user (see the module's docstring); None when there is none."""
    reversed_ids: set[int] = set()
    for change_id, kind, reverses in _history(who):
        if reverses is not None:
            reversed_ids.add(reverses)
        if change_id not in reversed_ids and kind != sources.UNDO:
            return change_id
    return None


def last_redoable(who: str) -> int | None:
    """The undo `redo` reverses for this user (see the module's docstring); None when there is none."""
    reversed_ids: set[int] = set()
    for change_id, kind, reverses in _history(who):
        if reverses is not None:
            reversed_ids.add(reverses)
        if change_id in reversed_ids:
            continue
        if kind in _FRESH:
            return None  # a new change since the last undo: what was undone stays undone
        if kind == sources.UNDO:
            return change_id
    return None


def _recorded(change_id: int) -> Change:
    """A change as the audit log keeps it: its fields' old and new values as audit text."""
    entries = list(AuditEntry.select().where(AuditEntry.change_id == change_id).order_by(AuditEntry.id))
    if not entries:
        raise ReviewDeskError(f"操作日志中没有第 {change_id} 项修改", f"The audit log has no change {change_id}")
    first = entries[0]
    return Change(first.artefact, first.code, first.action, first.revision,
                  {e.field: (e.old, e.new) for e in entries if e.field}, change_id, first.reverses)


@retried
def reverse(change_id: int, *, who: str, source: str, lang: str = "zh") -> Change:
    """Write the change that reverses change `change_id` (source UNDO or REDO), marked as reversing it.

    Refused with ChangedSince (a StaleRevision) when the record moved on since that change (someone, the user
    included, changed it since, and that change is in force), and refused when a deleted record's code is in use
    again; nothing is written then."""
    done = _recorded(change_id)
    art = artefact(done.artefact)
    inputs = {k: old for k, (old, _) in done.fields.items() if art.has_field(k) and not art.field(k).is_computed}
    try:
        with database.atomic():
            expected = _revision_left(done, who)
            if done.action == "update":
                return changes.update(done.code, inputs, expected_revision=expected, who=who, source=source,
                                      lang=lang, reverses=change_id)
            if done.action == "create":
                return changes.delete(done.code, expected_revision=expected, who=who, source=source,
                                      reverses=change_id)
            return changes.create_many(art.key, [inputs], codes=[done.code], who=who, source=source, lang=lang,
                                       reverses=change_id)[0]
    except StaleRevision as stale:
        raise ChangedSince(stale, redoing=source == sources.REDO, who=who) from stale


def _revision_left(done: Change, who: str) -> int | None:
    """The revision the record is at if nothing but `done` is in force since: the one `done` left, or, when the
    changes made to the record after it cancel out (a change and its undo; an undo, its redo and the undo of that
    …), the one the last of them left. StaleRevision when a later change is in force."""
    later = list(AuditEntry.select(AuditEntry.change_id, AuditEntry.reverses, AuditEntry.revision, AuditEntry.who)
                 .where(AuditEntry.artefact == done.artefact, AuditEntry.code == done.code,
                        AuditEntry.change_id > done.id).distinct().order_by(AuditEntry.change_id).tuples())
    if not later:
        return done.revision
    reverser = {reverses: change_id for change_id, reverses, _, _ in later if reverses is not None}
    ids = {change_id for change_id, *_ in later}
    for change_id, reverses, _, _ in later:
        if reverses in ids:
            continue  # not the first of its chain of reversals
        length, link = 1, change_id
        while link in reverser:
            length, link = length + 1, reverser[link]
        if length % 2:  # in force: a change nobody undid, or one undone and then redone
            current = next(select_rows(done.artefact, ["revision"], codes=[done.code]), (0,))[0]
            last_by = later[-1][3]
            raise StaleRevision(done.code, done.revision or 0, current, saved_by=last_by, by_you=last_by == who)
    return later[-1][2]


def undo(*, who: str, change_id: int | None = None, lang: str = "zh") -> Change:
    """Undo change `change_id`, or this user's last change that can be undone (NothingToUndo when there is none);
    returns the change that undid it."""
    who = acting_as(who)
    change_id = change_id if change_id is not None else last_undoable(who)
    if change_id is None:
        raise NothingToUndo(who)
    return reverse(change_id, who=who, source=sources.UNDO, lang=lang)


def redo(*, who: str, change_id: int | None = None, lang: str = "zh") -> Change:
    """Redo what undo `change_id` undid, or this user's last undo that can be redone (NothingToRedo when there is
    none); returns the change that redid it."""
    who = acting_as(who)
    change_id = change_id if change_id is not None else last_redoable(who)
    if change_id is None:
        raise NothingToRedo(who)
    return reverse(change_id, who=who, source=sources.REDO, lang=lang)
