"""The one way records change: validate against templates/, bump the revision, write the audit log."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field as dc_field
from typing import Any, Iterable, Mapping, Sequence

import peewee as pw

from templates import Artefact, Field, FieldError, ReviewDeskError, ValidationError, artefact, values

from .db import database
from .models import AuditEntry, Counter, MODELS, model_for
from .records import Lookups, NotFound, artefact_of, audit_text, get_record, parse_value, select_records, to_db

CHUNK = 500  # rows per INSERT: well under SQLite's bound-variable limit for the widest table


class StaleRevision(ReviewDeskError):
    """Someone else saved the record since it was read: the change is refused, never merged silently."""

    def __init__(self, code: str, expected: int, current: int):
        super().__init__(
            f"{code} 已被他人修改(当前版本 {current},您编辑的是版本 {expected}),请刷新后重试",
            f"{code} was changed by someone else (now revision {current}, you edited revision {expected}); "
            "reload it and try again")
        self.code, self.expected, self.current = code, expected, current


class InUse(ReviewDeskError):
    """A record that others refer to cannot be deleted."""

    def __init__(self, code: str, users: Sequence[str]):
        shown = ", ".join(users[:5]) + (" …" if len(users) > 5 else "")
        super().__init__(f"{code} 仍被 {shown} 引用,不能删除", f"{code} is still referred to by {shown}; it cannot be deleted")
        self.code, self.users = code, list(users)


@dataclass
class Change:
    """What one operation did to one record (also what undo needs): field -> (old, new)."""

    artefact: str
    code: str
    action: str  # create / update / delete
    revision: int
    fields: dict[str, tuple[Any, Any]] = dc_field(default_factory=dict)


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)


class _Shape:
    """What validate and the audit log ask of an artefact on every row, worked out once per artefact."""

    def __init__(self, art: Artefact) -> None:
        self.fields: dict[str, Field] = {}
        for f in art.fields:
            self.fields.setdefault(f.key, f)  # the first of a key, as Artefact.field finds it
        self.input_fields = art.input_fields
        self.computed_fields = art.computed_fields
        self.input_keys = [f.key for f in self.input_fields]
        self.required = [f for f in self.input_fields if f.required]


_SHAPES: dict[int, tuple[Artefact, _Shape]] = {}


def _shape(art: Artefact) -> _Shape:
    """The shape of a (frozen, so never changing) artefact declaration, cached by identity."""
    cached = _SHAPES.get(id(art))
    if cached is None or cached[0] is not art:
        cached = _SHAPES[id(art)] = (art, _Shape(art))
    return cached[1]


def validate(art: Artefact, given: Mapping[str, Any], *, existing: Mapping[str, Any] | None = None,
             lookups: Lookups, lang: str = "zh", code: str | None = None) -> dict[str, Any]:
    """The full canonical record that results from applying `given` to `existing` (or to a new record).

    Raises ValidationError listing every problem: unknown or computed fields, bad values, missing
    required fields, broken cross-field rules.
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
        if field.is_computed:
            errors.append(FieldError(key, f"「{field.zh}」是自动计算的,不能填写", f"{field.en} is computed and cannot be set", raw))
            continue
        try:
            parsed[key] = parse_value(field, raw, lookups, lang)
        except FieldError as exc:
            errors.append(exc)
    if existing is None:
        record = {f.key: f.default for f in shape.input_fields}
    else:
        record = {f.key: existing.get(f.key) for f in shape.input_fields}
    record.update(parsed)
    for f in shape.required:
        if record.get(f.key) is None and not any(e.field == f.key for e in errors):
            errors.append(FieldError(f.key, f"「{f.zh}」为必填项", f"{f.en} is required"))
    if not errors:
        for rule in art.rules:
            problem = rule.check(record)
            if problem:
                errors.append(FieldError(rule.field, *problem, record.get(rule.field)))
    if errors:
        raise ValidationError(errors, code)
    for f in shape.computed_fields:
        record[f.key] = f.computed(record)
    return record


def _next_numbers(art_key: str, count: int) -> range:
    """Reserve `count` new numbers for an artefact; the counter only grows, so codes are never reused."""
    Counter.insert(artefact=art_key, last_number=0).on_conflict_ignore().execute()
    Counter.update(last_number=Counter.last_number + count).where(Counter.artefact == art_key).execute()
    last = Counter.get_by_id(art_key).last_number
    return range(last - count + 1, last + 1)


def _audit_rows(art: Artefact, code: str, action: str, diff: Mapping[str, tuple[Any, Any]], *, at, who, source,
                batch, revision: int | None) -> list[dict]:
    fields = _shape(art).fields
    return [dict(at=at, who=who, artefact=art.key, code=code, action=action, field=key,
                 old=audit_text(fields[key], old), new=audit_text(fields[key], new), source=source, batch=batch,
                 revision=revision)
            for key, (old, new) in diff.items()]


#: peewee's own adapt() returns a value of exactly these types as it is.
_ADAPT_KEEPS: dict[type, tuple[type, ...]] = {pw._StringField: (str,), pw.IntegerField: (int,)}


def _kept_types(field: pw.Field) -> tuple[type, ...]:
    """The value types field.db_value returns unchanged, so a bulk insert need not call it for them."""
    if isinstance(field, pw.ForeignKeyField):
        return _kept_types(field.rel_field) if type(field).db_value is pw.ForeignKeyField.db_value else ()
    if type(field).db_value is not pw.Field.db_value:
        return ()
    kept: list[type] = [type(None)]
    for base, types in _ADAPT_KEEPS.items():
        if isinstance(field, base) and type(field).adapt is base.adapt:
            kept += types
    return tuple(kept)


def _insert_chunks(model, rows: list[dict]) -> None:
    """Insert rows; when they all have the same keys, the statement is compiled once and run per row.

    Same statement and the same converted values (each column's db_value) as model.insert_many, but
    peewee builds a multi-row statement value by value, which dominated bulk creates of 100,000 rows.
    """
    if not rows:
        return
    keys = list(rows[0])
    fields = [model._meta.fields.get(k) for k in keys]
    # (`None in fields` would not do: a peewee field compared with == is an expression, always true)
    same_shape = all(f is not None for f in fields) and all(r.keys() == rows[0].keys() for r in rows)
    if same_shape:
        sql, params = model.insert_many([tuple(rows[0][k] for k in keys)], fields=fields).sql()
        if len(params) == len(keys):  # no column defaults added behind our back
            plan = [(f.db_value, _kept_types(f)) for f in fields]
            cursor = database.cursor()
            for start in range(0, len(rows), CHUNK * 10):
                cursor.executemany(sql, [
                    tuple(v if type(v) in kept else convert(v)
                          for (convert, kept), v in zip(plan, map(r.__getitem__, keys)))
                    for r in rows[start:start + CHUNK * 10]])
            return
    for start in range(0, len(rows), CHUNK):
        model.insert_many(rows[start:start + CHUNK]).execute()


def create_many(art_key: str, rows: Iterable[Mapping[str, Any]], *, who: str, source: str = "form",
                lang: str = "zh", batch: int | None = None, lookups: Lookups | None = None,
                codes: Sequence[str] | None = None) -> list[Change]:
    """Create records in one transaction; every row is validated before anything is written.

    `codes` re-creates records under codes they had before (undo of a delete); otherwise codes are new.
    """
    art = artefact(art_key)
    lookups = lookups or Lookups()
    model = model_for(art_key)
    records = []
    for index, raw in enumerate(rows):
        try:
            records.append(validate(art, raw, lookups=lookups, lang=lang))
        except ValidationError as exc:
            exc.record = exc.record or (codes[index] if codes else None)
            raise
    at = now()
    changes: list[Change] = []
    with database.atomic():
        if codes is None:
            numbered = [(values.format_code(art.prefix, n), n) for n in _next_numbers(art_key, len(records))]
        else:
            numbered = [_reusable(art, c) for c in codes]
        db_rows, audit_rows = [], []
        for (code, number), record in zip(numbered, records):
            db_rows.append({"code": code, "number": number, "revision": 1, "created_at": at, "created_by": who,
                            "updated_at": at, "updated_by": who,
                            **{f.key: to_db(f, record[f.key], lookups) for f in art.fields}})
            diff = {f.key: (None, record[f.key]) for f in art.fields if record[f.key] is not None}
            audit_rows += _audit_rows(art, code, "create", diff, at=at, who=who, source=source, batch=batch,
                                      revision=1)
            changes.append(Change(art_key, code, "create", 1, diff))
        _insert_chunks(model, db_rows)
        _insert_chunks(AuditEntry, audit_rows)
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


def _current_records(codes: Sequence[str], lookups: Lookups) -> dict[str, dict[str, Any]]:
    """The records behind these codes, fetched per artefact in chunks; NotFound for a code that has none."""
    wanted: dict[str, list[str]] = {}
    for code in codes:
        wanted.setdefault(artefact_of(code).key, []).append(code)
    found: dict[str, dict[str, Any]] = {}
    for art_key, art_codes in wanted.items():
        for start in range(0, len(art_codes), CHUNK):
            for record in select_records(art_key, {"code": art_codes[start:start + CHUNK]}, lookups=lookups):
                found[record["code"]] = record
    for code in codes:
        if code not in found:
            raise NotFound(code)
    return found


def update_many(items: Iterable[tuple[str, Mapping[str, Any], int | None]], *, who: str, source: str = "form",
                lang: str = "zh", batch: int | None = None, lookups: Lookups | None = None) -> list[Change]:
    """Apply (code, changes, expected revision) items in one transaction; all or nothing.

    A record whose revision moved past the expected one is refused (StaleRevision). Fields whose
    value does not really change are not written, and a record with no real change keeps its revision.
    Records are read in bulk and written with one prepared statement per set of changed columns.
    """
    lookups = lookups or Lookups()
    items = [(values.normalize_code(code), given, expected) for code, given, expected in items]
    at = now()
    result: list[Change] = []
    with database.atomic():
        current_by_code = _current_records([code for code, _, _ in items], lookups)
        statements: dict[tuple[str, tuple[str, ...]], list[tuple]] = {}
        audit_rows: list[dict] = []
        for code, given, expected in items:
            current = current_by_code[code]
            art = artefact_of(code)
            if expected is not None and current["revision"] != expected:
                raise StaleRevision(code, expected, current["revision"])
            record = validate(art, given, existing=current, lookups=lookups, lang=lang, code=code)
            diff = {f.key: (current[f.key], record[f.key]) for f in art.fields if current[f.key] != record[f.key]}
            if not diff:
                result.append(Change(art.key, code, "update", current["revision"]))
                continue
            revision = current["revision"] + 1
            model = model_for(art.key)
            columns = {**{k: to_db(art.field(k), new, lookups) for k, (_, new) in diff.items()},
                       "revision": revision, "updated_at": at, "updated_by": who}
            keys = tuple(f.name for f in model._meta.sorted_fields if f.name in columns)  # the order SET lists them
            statements.setdefault((art.key, keys), []).append(
                tuple(model._meta.fields[k].db_value(columns[k]) for k in keys) + (code, current["revision"]))
            current_by_code[code] = {**current, **record, "revision": revision}  # a code given twice builds on itself
            audit_rows += _audit_rows(art, code, "update", diff, at=at, who=who, source=source, batch=batch,
                                      revision=revision)
            result.append(Change(art.key, code, "update", revision, diff))
        for (art_key, keys), rows in statements.items():
            _write_updates(art_key, keys, rows)
        _insert_chunks(AuditEntry, audit_rows)
    return result


def _write_updates(art_key: str, keys: tuple[str, ...], rows: list[tuple]) -> None:
    """UPDATE … WHERE code = ? AND revision = ?, prepared once and run for every row (optimistic locking)."""
    model = model_for(art_key)
    sql, _ = model.update({getattr(model, k): None for k in keys}).where(model.code == "", model.revision == 0).sql()
    cursor = database.cursor()
    cursor.executemany(sql, rows)
    if cursor.rowcount == len(rows):
        return
    for code, expected in (row[-2:] for row in rows):  # someone else saved one meanwhile: name it
        latest = model.get_or_none(model.code == code)
        if latest is None:
            raise NotFound(code)
        if latest.revision != expected + 1:
            raise StaleRevision(code, expected, latest.revision)
    raise StaleRevision(rows[0][-2], rows[0][-1], rows[0][-1] + 1)


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


def delete(code: str, *, who: str, expected_revision: int | None = None, source: str = "form",
           batch: int | None = None, lookups: Lookups | None = None) -> Change:
    """Delete one record; its last values stay in the audit log, so the deletion can be undone."""
    lookups = lookups or Lookups()
    with database.atomic():
        current = get_record(code, lookups)
        art = artefact_of(current["code"])
        if expected_revision is not None and current["revision"] != expected_revision:
            raise StaleRevision(current["code"], expected_revision, current["revision"])
        users = referrers(art.key, current["code"], lookups)
        if users:
            raise InUse(current["code"], users)
        model = model_for(art.key)
        model.delete().where(model.code == current["code"]).execute()
        diff = {f.key: (current[f.key], None) for f in art.fields if current[f.key] is not None}
        AuditEntry.insert_many(_audit_rows(art, current["code"], "delete", diff, at=now(), who=who, source=source,
                                           batch=batch, revision=None)).execute()
    return Change(art.key, current["code"], "delete", current["revision"], diff)


def restore(change: Change, *, who: str, source: str = "undo") -> Change:
    """Bring a deleted record back under its own code with the values it had."""
    art = artefact(change.artefact)
    given = {k: audit_text(art.field(k), old) for k, (old, _) in change.fields.items()
             if not art.field(k).is_computed}
    return create_many(art.key, [given], who=who, source=source, codes=[change.code])[0]


def history(code: str) -> list[AuditEntry]:
    code = values.normalize_code(code)
    art = artefact_of(code)
    return list(AuditEntry.select().where(AuditEntry.artefact == art.key, AuditEntry.code == code)
                .order_by(AuditEntry.id))


__all__ = ["Change", "InUse", "NotFound", "StaleRevision", "create", "create_many", "delete", "history", "restore",
           "update", "update_many", "validate"]
