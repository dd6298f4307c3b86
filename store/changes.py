"""The one way records change: validate against templates/, bump the revision, write the audit log."""
from __future__ import annotations

import contextlib
import datetime as dt
import gc
from dataclasses import dataclass, field as dc_field
from typing import Any, Callable, Collection, Iterable, Iterator, Mapping, Sequence

import peewee as pw

from reviewdesk.templates import (ARTEFACTS, Artefact, Field, FieldError, Kind, ReviewDeskError, ValidationError,
                                  artefact, values)

from reviewdesk.store import gathered, server, sources
from reviewdesk.store.db import acting_as, bound, database, engine_name
from reviewdesk.store.models import MODELS, AuditEntry, Counter, column_name, model_for, table_name
from reviewdesk.store.retrying import Overtaken, retried
from reviewdesk.store.records import (Lookups, NotFound, RowReader, artefact_of, audit_text, audit_texter,
                                      column_value, get_record, parse_value, select_rows)


class StaleRevision(ReviewDeskError):
    """Someone else saved the record since it was read: the change is refused, never merged silently."""

    def __init__(self, code: str, expected: int, current: int, *, saved_by: str | None = None, by_you: bool = False):
        if expected > current:
            super().__init__(f"{code} 当前是版本 {current}，您给出的版本 {expected} 还不存在；请查看当前内容"
                             f"（reviewdesk show {code}）后重试",
                             f"{code} is at revision {current}; the revision {expected} you gave does not exist yet; "
                             f"look at it now (reviewdesk show {code}) and try again")
        elif by_you:  # not someone else: the person's own earlier change moved it on
            super().__init__(
                f"{code} 已由您自己之前的修改改到版本 {current}，而您给出的是版本 {expected}；"
                f"请查看当前内容（reviewdesk show {code}）后以版本 {current} 重试",
                f"{code} was moved on to revision {current} by your own earlier change, and you gave revision "
                f"{expected}; look at it now (reviewdesk show {code}) and try again with revision {current}")
        else:
            by_zh, by_en = (saved_by, f" by {saved_by}") if saved_by else ("他人", " by someone else")
            super().__init__(
                f"{code} 已被{by_zh}修改（当前版本 {current}，您编辑的是版本 {expected}），请刷新后重试",
                f"{code} was changed{by_en} (now revision {current}, you edited revision {expected}); "
                "reload it and try again")
        self.code, self.expected, self.current, self.saved_by = code, expected, current, saved_by


class InUse(ReviewDeskError):
    """A record that others refer to cannot be deleted."""

    def __init__(self, code: str, users: Sequence[str]):
        shown = ", ".join(users[:5]) + (" …" if len(users) > 5 else "")
        super().__init__(f"{code} 仍被 {shown} 引用，不能删除", f"{code} is still referred to by {shown}; it cannot be deleted")
        self.code, self.users = code, list(users)


@dataclass(slots=True)  # thousands per import: no per-object __dict__
class Change:
    """What one operation did to one record (also what undo needs): field -> (old, new)."""

    artefact: str
    code: str
    action: str  # create / update / delete
    revision: int
    fields: dict[str, tuple[Any, Any]] = dc_field(default_factory=dict)
    id: int | None = None  # its number in the audit log (change_id), by which undo and redo name it
    reverses: int | None = None  # the change an undo or redo reversed


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Bulk work keeps thousands of new containers (diffs, rows, changes, a sheet's cells) alive to its end, and the
    cyclic garbage collector would walk them over and over (about a tenth of applying 10,000 updates, or of planning
    them) to find no cycle; it resumes afterwards, unless someone else had paused it."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


@contextlib.contextmanager
def _overtaken(open_codes: Collection[str]) -> Iterator[None]:
    """A record the caller left at whatever revision it holds (no expected revision given), moved on by another
    client between this operation reading it and writing it, is no conflict of the caller's: Overtaken, so that
    the operation runs again on what the record holds now (store.retrying)."""
    try:
        yield
    except StaleRevision as exc:
        if exc.code in open_codes:
            raise Overtaken() from exc
        raise


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)


class _Focus:
    """What changing one set of fields of an existing record asks to check: the required fields among them and
    the rules that read any of them; every computed field is worked out again (so a value left stale by a hand
    edit or an older version is put right by the next change); and the fields of the record all that reads."""

    __slots__ = ("required", "rules", "reads")

    def __init__(self, shape: "_Shape", given: Iterable[str]) -> None:
        keys = {k for k in given if k in shape.fields}
        self.required = tuple(f for f in shape.required if f.key in keys)
        self.rules = tuple(r for r in shape.rules if r.reads is None or r.reads & keys)
        declared = [r.reads for r in self.rules] + [f.computed_from for f in shape.computed_fields]
        #: the stored fields a check needs: None when one of them may read any field
        self.reads: frozenset[str] | None = None if None in declared else keys.union(*declared)


class _Shape:
    """What validate and the audit log ask of an artefact on every row, worked out once per artefact."""

    def __init__(self, art: Artefact) -> None:
        self.fields: dict[str, Field] = {}
        for f in art.fields:
            self.fields.setdefault(f.key, f)  # the first of a key, as Artefact.field finds it
        self.rules = art.rules
        self.input_fields = art.input_fields
        self.computed_fields = art.computed_fields
        self.input_keys = [f.key for f in self.input_fields]
        self.required = [f for f in self.input_fields if f.required]
        self.audit_texts = {key: audit_texter(f) for key, f in self.fields.items()}
        #: (reference field, artefact) for each artefact that gathers fields from this one's records through it
        self.gathers_into = [(f.key, f.reference) for f in art.fields
                             if f.kind is Kind.REFERENCE and f.reference in ARTEFACTS
                             and any(g.gathered.artefact == art.key and g.gathered.via == f.key
                                     for g in ARTEFACTS[f.reference].gathered_fields)]
        self._focus: dict[tuple[str, ...], _Focus] = {}

    def focus(self, given: tuple[str, ...]) -> _Focus:
        """The _Focus of changing these fields (given keys in the order given), remembered per key tuple."""
        found = self._focus.get(given)
        if found is None:
            if len(self._focus) > 4096:  # a long-running window meets many combinations; keep the memory flat
                self._focus.clear()
            found = self._focus[given] = _Focus(self, given)
        return found


_SHAPES: dict[Artefact, _Shape] = {}


def _shape(art: Artefact) -> _Shape:
    """The shape of a (frozen, so never changing) artefact declaration, worked out on first use."""
    shape = _SHAPES.get(art)
    if shape is None:
        shape = _SHAPES[art] = _Shape(art)
    return shape


def puts_back(source: str) -> bool:
    """Whether a change restores earlier values (the sources undo, redo and undoing an import write)."""
    return sources.puts_back(source)


def validate(art: Artefact, given: Mapping[str, Any], *, existing: Mapping[str, Any] | None = None,
             lookups: Lookups, lang: str = "zh", code: str | None = None, putting_back: bool = False) -> dict[str, Any]:
    """The full canonical record that results from applying `given` to `existing` (or to a new record).

    Raises ValidationError listing every problem: unknown or computed fields, bad values, missing
    required fields, broken cross-field rules. A new record is checked whole; a change to an existing one
    is checked for what it touches (see _checked_changes), so a record that already breaks a rule in
    fields nobody changes (one a department may not even edit) can still take other changes.
    """
    changes = _checked_changes(art, given, existing, lookups, lang, code, putting_back)
    if existing is None:
        return changes
    return {**{f.key: existing.get(f.key) for f in art.fields}, **changes}


def _checked_changes(art: Artefact, given: Mapping[str, Any], existing: Mapping[str, Any] | None, lookups: Lookups,
                     lang: str, code: str | None, putting_back: bool) -> dict[str, Any]:
    """The canonical values `given` sets and the computed values that follow: for a new record (`existing`
    None) every field of it, checked whole; for an existing record the given fields, each parsed, required
    ones not emptied, only the rules that read a given field (rules.reads), and every computed field, run on
    `existing` with the given values; `existing` needs only the fields _Focus.reads names.

    A person field that asks for a role (a follow-up owner) is checked only for a newly chosen person, and
    not at all when `putting_back` earlier values (undo, redo, undoing an import): the record held that
    person before, whatever their role is now.
    """
    shape = _shape(art)
    errors: list[FieldError] = []
    parsed: dict[str, Any] = {}
    for key, raw in given.items():
        field = shape.fields.get(key)
        if field is None:
            errors.append(FieldError(key, f"{art.zh}没有字段「{key}」", f"{art.en} has no field '{key}'", key,
                                     values.closest(key, shape.input_keys)))
            continue
        if field.computed is not None:
            errors.append(FieldError(key, f"「{field.zh}」是自动计算的，不能填写", f"{field.en} is computed and cannot be set", raw))
            continue
        try:
            parsed[key] = parse_value(field, raw, lookups, lang)
            if (field.roles and parsed[key] is not None and not putting_back
                    and (existing is None or parsed[key] != existing.get(key))):
                lookups.check_role(field, parsed[key])  # a person newly chosen, not one the record already holds
        except FieldError as exc:
            errors.append(exc)
    computed = shape.computed_fields
    if existing is None:
        required, rules = shape.required, shape.rules
        record = {f.key: f.default for f in shape.input_fields}
        record.update(parsed)
    else:
        focus = shape.focus(tuple(given))
        required, rules = focus.required, focus.rules
        if rules or computed:
            record = dict(existing)  # holds at least the fields focus.reads names
            record.update(parsed)
        else:
            record = parsed
    for f in required:
        if record.get(f.key) is None and not any(e.field == f.key for e in errors):
            errors.append(FieldError(f.key, f"「{f.zh}」为必填项", f"{f.en} is required"))
    if not errors:
        for rule in rules:
            problem = rule.check(record)
            if problem:
                errors.append(FieldError(rule.field, *problem, record.get(rule.field)))
    if errors:
        raise ValidationError(errors, code)
    for f in computed:
        record[f.key] = parsed[f.key] = f.computed(record)
    return record if existing is None else parsed


def _next_numbers(art_key: str, count: int) -> range:
    """Reserve `count` new numbers for an artefact; the counter only grows, so codes are never reused.

    One upsert counts on from the number stored, whoever stored it last: on PostgreSQL it takes the counter row's
    lock until the operation's transaction ends, so clients creating at once queue there and each counts on from
    the number the one before it committed, never from a number it read earlier (a SQLite file has one writer at a
    time). The counter is then read back inside the same transaction, under that lock."""
    Counter.insert(artefact=art_key, last_number=count).on_conflict(
        conflict_target=[Counter.artefact], update={Counter.last_number: Counter.last_number + pw.EXCLUDED.last_number}
    ).execute()
    last = Counter.select(Counter.last_number).where(Counter.artefact == art_key).scalar()
    return range(last - count + 1, last + 1)


#: An audit row's columns, in the order _Writer gives its values.
AUDIT_KEYS = ("at", "who", "artefact", "code", "action", "field", "old", "new", "source", "batch", "revision",
              "change_id", "reverses")
#: A record's own columns before its fields, in the order _Writer.created gives their values (last_change after them).
_CREATED_KEYS = ("code", "number", "revision", "created_at", "created_by", "updated_at", "updated_by")


def _insert_sql(model, keys: Sequence[str]) -> str:
    columns = ", ".join(f'"{column_name(model, k)}"' for k in keys)
    return f'INSERT INTO "{table_name(model)}" ({columns}) VALUES ({", ".join([database.param] * len(keys))})'


class _Writer:
    """The one way records are written: what one operation does, gathered record by record and written with one
    prepared statement per kind of row and run for all of them — INSERTs of new records, UPDATEs (one statement
    per artefact and set of changed columns) and DELETEs that both check the revision they were based on
    (optimistic locking), and the audit rows of them all, one per changed field. Each record's change gets the
    next number of the audit log (its change_id), by which undo and redo name it, and the record keeps it as its
    last_change. On a team database the server writes the audit rows from the rows written (store/server.py),
    so that no account can leave a change unaudited; the writer tells it where the changes come from.

    The values every row of the operation shares (its time, who, source) are converted to column values once;
    the rest are to_db values already. A row holds its Change until the changes are numbered, when it is written."""

    def __init__(self, *, who: str, source: str, batch: int | None, lookups: Lookups,
                 reverses: int | None = None) -> None:
        self.who, self.source, self.batch = acting_as(who), source, batch
        self.lookups, self.reverses = lookups, reverses
        self.server_audits = engine_name() == "postgresql"
        self.unnumbered: list[Change] = []
        self.at = bound(now())
        self.inserts: dict[str, list[tuple]] = {}
        #: per artefact and changed fields, their column_value (None: as they are) and the UPDATE's rows
        self.updates: dict[tuple[str, tuple[str, ...]], tuple[list, list[tuple]]] = {}
        self.writers: dict[str, dict[str, Callable[[Any], Any] | None]] = {}  # per artefact, field key -> column_value
        self.deletes: dict[str, list[tuple[str, int]]] = {}
        self.audit: list[tuple] = []
        self.updating: set[str] = set()  # the codes the waiting UPDATEs write
        self.regather: dict[str, set[str]] = {}  # per artefact with gathered fields, the codes to work out again
        self.regather_after: dict[str, set[str]] = {}  # per artefact, updated codes whose references are read after
        self.last_change_id: int | None = None

    def _next_change(self, art: Artefact, code: str, action: str, revision: int,
                     diff: dict[str, tuple[Any, Any]]) -> Change:
        """The change, to be numbered when written, with its audit rows (where the writer writes them)."""
        change = Change(art.key, code, action, revision, diff, None, self.reverses)
        self.unnumbered.append(change)
        if not self.server_audits:
            texts = _shape(art).audit_texts
            audited = None if action == "delete" else revision
            self.audit += [(self.at, self.who, art.key, code, action, key, texts[key](old), texts[key](new),
                            self.source, self.batch, audited, change, self.reverses)
                           for key, (old, new) in diff.items()]
        return change

    def _number(self) -> Iterable[int]:
        """Numbers for the changes made since the last time, in the order they were made, in a file: after the
        highest number in the audit log, read in the operation's transaction (a file has one writer at a time)."""
        if self.last_change_id is None:
            self.last_change_id = AuditEntry.select(pw.fn.MAX(AuditEntry.change_id)).scalar() or 0
        numbers = range(self.last_change_id + 1, self.last_change_id + len(self.unnumbered) + 1)
        self.last_change_id += len(self.unnumbered)
        return numbers

    def _writers(self, art: Artefact) -> dict[str, Callable[[Any], Any] | None]:
        found = self.writers.get(art.key)
        if found is None:
            found = self.writers[art.key] = {f.key: column_value(f, self.lookups) for f in art.fields}
        return found

    def _referred(self, art: Artefact, record: Mapping[str, Any]) -> None:
        """The records gathering from this one (its target) are worked out again when the operation is written."""
        for via, into in _shape(art).gathers_into:
            if record.get(via) is not None:
                self.regather.setdefault(into, set()).add(record[via])

    def created(self, art: Artefact, code: str, number: int, record: Mapping[str, Any]) -> Change:
        stored = [record[k] if write is None else write(record[k]) for k, write in self._writers(art).items()]
        change = self._next_change(art, code, "create", 1,
                                   {f.key: (None, record[f.key]) for f in art.fields if record[f.key] is not None})
        self.inserts.setdefault(art.key, []).append((code, number, 1, self.at, self.who, self.at, self.who,
                                                     *stored, change))
        self._referred(art, record)
        return change

    def updated(self, art: Artefact, code: str, expected: int, diff: dict[str, tuple[Any, Any]]) -> Change:
        if code in self.updating:  # a code given twice: its first change must be written before the second
            with server.refusal_explained():
                self._write_updates()
        self.updating.add(code)
        group = (art.key, tuple(diff))
        plan = self.updates.get(group)
        if plan is None:
            writers = self._writers(art)
            plan = self.updates[group] = ([writers[k] for k in group[1]], [])
        writers, rows = plan
        change = self._next_change(art, code, "update", expected + 1, diff)
        rows.append((*[new if write is None else write(new) for write, (_, new) in zip(writers, diff.values())],
                     expected + 1, self.at, self.who, change, code, expected))
        if _shape(art).gathers_into:
            self._referred(art, {k: old for k, (old, _) in diff.items()})  # a reading moved off a target
            self.regather_after.setdefault(art.key, set()).add(code)
        return change

    def deleted(self, art: Artefact, code: str, revision: int, record: Mapping[str, Any]) -> Change:
        change = self._next_change(art, code, "delete", revision,
                                   {f.key: (record[f.key], None) for f in art.fields if record[f.key] is not None})
        self.deletes.setdefault(art.key, []).append((change, code, revision))
        self._referred(art, record)
        return change

    def _begin_writing(self) -> None:
        """Number the waiting changes: on a team database from the server's sequence (clients writing at once never
        share a number), told where they come from in the same statement; in a file, after the audit log's last."""
        if self.server_audits:
            numbers = server.set_change_context(self.source, batch=self.batch, reverses=self.reverses,
                                                numbers=len(self.unnumbered))
        else:
            numbers = self._number() if self.unnumbered else ()
        for change, number in zip(self.unnumbered, numbers):
            change.id = number
        self.unnumbered.clear()

    def write(self) -> None:
        with server.refusal_explained():
            self._write()

    def _write(self) -> None:
        self._begin_writing()
        cursor = database.cursor()
        for art_key, rows in self.inserts.items():
            model = model_for(art_key)
            keys = (*_CREATED_KEYS, *(f.key for f in artefact(art_key).fields), "last_change")
            cursor.executemany(_insert_sql(model, keys), [(*row[:-1], row[-1].id) for row in rows])
        self.inserts.clear()
        self._write_updates(begun=True)
        for art_key, rows in self.deletes.items():
            model = model_for(art_key)
            based_on = [(code, revision) for _, code, revision in rows]
            where = f'WHERE "code" = {database.param} AND "revision" = {database.param}'
            if self.server_audits:  # the record says which change deletes it, for the audit rows the server writes
                cursor.executemany(f'UPDATE "{table_name(model)}" SET "last_change" = {database.param} {where}',
                                   [(change.id, code, revision) for change, code, revision in rows])
            cursor.executemany(f'DELETE FROM "{table_name(model)}" {where}', based_on)
            _all_written(model, cursor.rowcount, based_on, moved=0)
        self.deletes.clear()
        if self.audit:
            cursor.executemany(_insert_sql(AuditEntry, AUDIT_KEYS), [(*row[:11], row[11].id, row[12])
                                                                     for row in self.audit])
        self.audit.clear()
        self._regather()

    def _regather(self) -> None:
        """Work out again the gathered fields of the records the written ones refer to (gathered.refresh)."""
        for art_key, codes in self.regather_after.items():
            art = artefact(art_key)
            vias = [via for via, _ in _shape(art).gathers_into]
            reader = RowReader(art, self.lookups, ["code", *vias])
            for row in select_rows(art_key, ["code", *vias], codes=sorted(codes), lookups=self.lookups):
                self._referred(art, reader.record(row))
        self.regather_after.clear()
        for into, codes in self.regather.items():
            gathered.refresh(into, codes, self.lookups)
        self.regather.clear()

    def _write_updates(self, begun: bool = False) -> None:
        if self.updates and not begun:
            self._begin_writing()
        for (art_key, keys), (_, rows) in self.updates.items():
            model = model_for(art_key)
            assigned = ", ".join(f'"{column_name(model, k)}" = {database.param}'
                                 for k in (*keys, "revision", "updated_at", "updated_by", "last_change"))
            sql = (f'UPDATE "{table_name(model)}" SET {assigned} '
                   f'WHERE "code" = {database.param} AND "revision" = {database.param}')
            cursor = database.cursor()
            cursor.executemany(sql, [(*row[:-3], row[-3].id, *row[-2:]) for row in rows])
            _all_written(model, cursor.rowcount, [r[-2:] for r in rows], moved=1)
        self.updates.clear()
        self.updating.clear()


def _all_written(model, written: int, based_on: Sequence[tuple[str, int]], *, moved: int) -> None:
    """Every (code, revision) row a statement was based on was written; else who moved which record meanwhile
    (the statement's own change moved a written one on by `moved`)."""
    if written == len(based_on):
        return
    for code, expected in based_on:
        latest = model.select(model.revision).where(model.code == code).scalar()
        if latest is None and moved:
            raise NotFound(code)
        if latest == expected and engine_name() == "postgresql":  # there, unchanged: the server's row policy
            raise server.NotPermitted(code)
        if latest is not None and latest != expected + moved:
            raise StaleRevision(code, expected, latest)
    raise StaleRevision(based_on[0][0], based_on[0][1], based_on[0][1] + 1)


@retried
def create_many(art_key: str, rows: Iterable[Mapping[str, Any]], *, who: str, source: str = sources.FORM,
                lang: str = "zh", batch: int | None = None, lookups: Lookups | None = None,
                codes: Sequence[str] | None = None, reverses: int | None = None) -> list[Change]:
    """Create records in one transaction; every row is validated before anything is written.

    `codes` re-creates records under codes they had before (undo of a delete); otherwise codes are new.
    `reverses`: the change this one undoes or redoes (see store.undo).
    """
    art = artefact(art_key)
    lookups = lookups or Lookups()
    records = []
    for index, raw in enumerate(rows):
        try:
            records.append(validate(art, raw, lookups=lookups, lang=lang, putting_back=puts_back(source)))
        except ValidationError as exc:
            exc.record = exc.record or (codes[index] if codes else None)
            raise
    with database.atomic():
        if codes is None:
            numbered = [(values.format_code(art.prefix, n), n) for n in _next_numbers(art_key, len(records))]
        else:
            numbered = [_reusable(art, c) for c in codes]
        writer = _Writer(who=who, source=source, batch=batch, lookups=lookups, reverses=reverses)
        changes = [writer.created(art, code, number, record) for (code, number), record in zip(numbered, records)]
        writer.write()
    return changes


def _reusable(art: Artefact, code: str) -> tuple[str, int]:
    """A code may come back only for the record that had it: handed out before and free now."""
    code = values.normalize_code(code)
    number = int(code.rsplit("-", 1)[1])
    counter = Counter.get_or_none(Counter.artefact == art.key)
    model = model_for(art.key)
    if not code.startswith(art.prefix + "-") or counter is None or number > counter.last_number \
            or model.select().where(model.code == code).exists():
        raise ReviewDeskError(f"编号 {code} 不能恢复", f"Code {code} cannot be restored")
    return code, number


def create(art_key: str, given: Mapping[str, Any], **kw) -> Change:
    return create_many(art_key, [given], **kw)[0]


def _artefacts_of(codes: Iterable[str]) -> list[Artefact]:
    """artefact_of each normalised code, looked up once per prefix."""
    by_prefix: dict[str, Artefact] = {}
    arts = []
    for code in codes:
        prefix = code.split("-", 1)[0]
        art = by_prefix.get(prefix)
        if art is None:
            art = by_prefix[prefix] = artefact_of(code)
        arts.append(art)
    return arts


def _current_records(items: Sequence[tuple[str, Mapping[str, Any], int | None]], arts: Sequence[Artefact],
                     lookups: Lookups) -> dict[str, dict[str, Any]]:
    """The code, revision and the fields the (normalised code, given, expected) items need of their records:
    what each change is checked against (_Focus.reads) and what it can change (the given fields and the
    computed ones that follow). NotFound for a code that has no record.
    """
    wanted: dict[str, tuple[list[str], set[str] | None]] = {}
    seen: set[tuple[str, tuple[str, ...]]] = set()  # thousands of rows change the same few sets of fields
    for (code, given, _), art in zip(items, arts):
        codes, keys = wanted.setdefault(art.key, ([], set()))
        codes.append(code)
        changing = (art.key, tuple(given))
        if keys is None or changing in seen:
            continue
        seen.add(changing)
        shape = _shape(art)
        reads = shape.focus(changing[1]).reads
        if reads is None:
            wanted[art.key] = (codes, None)
        else:
            keys.update(reads, given, (f.key for f in shape.computed_fields))
    found: dict[str, dict[str, Any]] = {}
    for art_key, (art_codes, keys) in wanted.items():
        art = artefact(art_key)
        columns = ["code", "revision", *(f.key for f in art.fields if keys is None or f.key in keys)]
        reader = RowReader(art, lookups, columns)
        for row in select_rows(art_key, columns, codes=art_codes, lookups=lookups):
            found[row[0]] = reader.record(row)
    for code, _, _ in items:
        if code not in found:
            raise NotFound(code)
    return found


@retried
def update_many(items: Iterable[tuple[str, Mapping[str, Any], int | None]], *, who: str, source: str = sources.FORM,
                lang: str = "zh", batch: int | None = None, lookups: Lookups | None = None,
                reverses: int | None = None) -> list[Change]:
    """Apply (code, changes, expected revision) items in one transaction; all or nothing.

    A record whose revision moved past the expected one is refused (StaleRevision). Fields whose
    value does not really change are not written, and a record with no real change keeps its revision.
    Records are read in bulk as raw rows and written by one _Writer. `reverses`: the change this one undoes
    or redoes (see store.undo).
    """
    lookups, who = lookups or Lookups(), acting_as(who)
    putting_back = puts_back(source)
    items = [(values.normalize_code(code), given, expected) for code, given, expected in items]
    codes = [code for code, _, _ in items]
    arts = _artefacts_of(codes)
    result: list[Change] = []
    changeable: dict[tuple[str, tuple[str, ...]], list[str]] = {}
    open_codes = {code for code, _, expected in items if expected is None}
    with _overtaken(open_codes), collector_paused(), database.atomic():
        writer = _Writer(who=who, source=source, batch=batch, lookups=lookups, reverses=reverses)
        current_by_code = _current_records(items, arts, lookups)
        repeated = len(current_by_code) < len(codes)  # some code is given twice
        for (code, given, expected), art in zip(items, arts):
            current = current_by_code[code]
            old_revision = current["revision"]
            if expected is not None and old_revision != expected:
                saved_by = _saved_by(art.key, code)
                raise StaleRevision(code, expected, old_revision, saved_by=saved_by, by_you=saved_by == who)
            changes = _checked_changes(art, given, current, lookups, lang, code, putting_back)
            keys = changeable.get((art.key, tuple(changes)))
            if keys is None:  # in declaration order, as the audit shows
                keys = changeable[art.key, tuple(changes)] = [f.key for f in art.fields if f.key in changes]
            diff = {k: (current[k], changes[k]) for k in keys if current[k] != changes[k]}
            if not diff:
                result.append(Change(art.key, code, "update", old_revision))
                continue
            result.append(writer.updated(art, code, old_revision, diff))
            if repeated:  # a code given twice builds on itself
                current.update(changes, revision=old_revision + 1)
        writer.write()
    return result


def _saved_by(art_key: str, code: str) -> str | None:
    """Who saved a record last (read only when a change is refused as stale, to say whose change it was)."""
    model = model_for(art_key)
    return model.select(model.updated_by).where(model.code == code).scalar()


def update(code: str, given: Mapping[str, Any], *, expected_revision: int | None = None, **kw) -> Change:
    return update_many([(code, given, expected_revision)], **kw)[0]


def referrers(art_key: str, code: str, lookups: Lookups) -> list[str]:
    """Codes of the records that refer to this one."""
    record_id = lookups.record_id(art_key, code)
    users = []
    for other_key, other in MODELS.items():
        for f in artefact(other_key).fields:
            if f.reference == art_key:
                users += [c for (c,) in other.select(other.code).where(getattr(other, f.key) == record_id).tuples()]
    return users


@retried
def delete(code: str, *, who: str, expected_revision: int | None = None, source: str = sources.FORM,
           batch: int | None = None, lookups: Lookups | None = None, reverses: int | None = None) -> Change:
    """Delete one record; its last values stay in the audit log, so the deletion can be undone.
    `reverses`: the change this one undoes or redoes (see store.undo)."""
    lookups, who = lookups or Lookups(), acting_as(who)
    with _overtaken({values.normalize_code(code)} if expected_revision is None else ()), database.atomic():
        current = get_record(code, lookups)
        art = artefact_of(current["code"])
        if expected_revision is not None and current["revision"] != expected_revision:
            raise StaleRevision(current["code"], expected_revision, current["revision"],
                                saved_by=current["updated_by"], by_you=current["updated_by"] == who)
        users = referrers(art.key, current["code"], lookups)
        if users:
            raise InUse(current["code"], users)
        writer = _Writer(who=who, source=source, batch=batch, lookups=lookups, reverses=reverses)
        change = writer.deleted(art, current["code"], current["revision"], current)
        writer.write()
    return change


def restore(change: Change, *, who: str, source: str = sources.UNDO, reverses: int | None = None) -> Change:
    """Bring a deleted record back under its own code with the values it had."""
    art = artefact(change.artefact)
    given = {k: audit_text(art.field(k), old) for k, (old, _) in change.fields.items()
             if not art.field(k).is_computed}
    return create_many(art.key, [given], who=who, source=source, codes=[change.code], reverses=reverses)[0]


__all__ = ["Change", "InUse", "NotFound", "StaleRevision", "collector_paused", "create", "create_many", "delete",
           "restore", "update", "update_many", "validate"]
