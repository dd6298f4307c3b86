"""Reading records as canonical dicts (codes, keys, dates) and turning them into database rows and back."""
from __future__ import annotations

import datetime as dt
import itertools
import json
from decimal import Decimal
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

import peewee as pw

from reviewdesk.templates import (REFERENCE_DATA, Artefact, Field, FieldError, Kind, ReviewDeskError, artefact,
                                  artefact_for_code, role_labels, t, values)

from reviewdesk.store import marks, reference_cache
from reviewdesk.store.db import bound, database, engine_name
from reviewdesk.store.models import Department, Person, Storage, model_for, storage
from reviewdesk.templates.marks import Condition

BOOKKEEPING_KEYS = ("code", "revision", "created_at", "created_by", "updated_at", "updated_by")
CODES_PER_QUERY = 900  # bound variables per IN list: under SQLite's historical limit of 999


def in_chunks(values: Sequence[Any], query: Callable[[list[Any]], Iterable[Any]]) -> list[Any]:
    """query(chunk) for the values, CODES_PER_QUERY at a time (an IN list any engine takes), its rows together."""
    values = list(values)
    return [row for at in range(0, len(values), CODES_PER_QUERY) for row in query(values[at:at + CODES_PER_QUERY])]
#: --where FIELD=*: any value, blank too (it narrows nothing; a pack's scope reads it as naming the field)
ANY_VALUE = "*"


class NotFound(ReviewDeskError):
    def __init__(self, code: str):
        if str(code).strip():
            super().__init__(f"找不到记录 {code}", f"No record {code}")
        else:
            super().__init__("没有填写编号", "No record code was given")
        self.code = code


class Lookups:
    """Departments, people and record codes by id and by what people type: the records' codes loaded once per
    operation, departments and people kept between operations while they do not change (store.reference_cache)."""

    def __init__(self) -> None:
        reference_cache.current().lend_to(self)  # department_code, person_name … (ReferenceData), never changed here
        self._codes: dict[str, dict[int, str]] = {}
        self._ids: dict[str, dict[str, int]] = {}
        self._owners: dict[str, dict[str, str | None]] = {}

    # --- what people type -> canonical ---
    def department(self, field: Field | None, typed: str | None) -> str | None:
        """The code of a department typed as its code or either name, in any case or width (None for a blank);
        `field` None for one given outside a record (--department): then the nearest names are in the message."""
        if values.is_blank(typed):
            return None
        code = self.department_names.get(values.fold(str(typed)))
        if code is None:
            names = [n for pair in self.department_labels.values() for n in pair]
            nearest = values.closest(str(typed), names)
            if field is None:
                hint_zh, hint_en = (f"，您是不是要输入：{'、'.join(nearest)}", f"; did you mean: {', '.join(nearest)}") \
                    if nearest else ("", "")
                raise FieldError("department", f"没有部门「{typed}」{hint_zh}", f"No department '{typed}'{hint_en}",
                                 typed, nearest)
            raise FieldError(field.key, f"「{field.zh}」没有名为「{typed}」的部门", f"{field.en}: no department '{typed}'",
                             typed, nearest)
        return code

    def person(self, field: Field, typed: str) -> str:
        name = self.person_names.get(values.fold(typed))
        if name is None:
            raise FieldError(field.key, f"「{field.zh}」没有名为「{typed}」的人员", f"{field.en}: no person '{typed}'",
                             typed, values.closest(typed, self.person_id))
        return name

    def check_role(self, field: Field, name: str) -> None:
        """A person written into a field that asks for certain roles (a follow-up owner: a supervisor or manager).

        Checked when a value is written, not when records are filtered: anyone may be looked for."""
        if not field.roles or self.person_role.get(name) in field.roles:
            return
        fitting = [n for n, role in self.person_role.items() if role in field.roles]
        held = REFERENCE_DATA["person"].field("role").choice(self.person_role.get(name))
        none_zh = "" if fitting else "；目前没有人是" + role_labels(field, "zh") + "，请先在 设置 → 人员 中设置角色"
        none_en = "" if fitting else f"; nobody is a {role_labels(field, 'en')} yet: set roles in Settings → People"
        raise FieldError(field.key, f"「{field.zh}」应为{role_labels(field, 'zh')}，{name}是"
                                    f"{held.label('zh') if held else '未设角色的人员'}{none_zh}",
                         f"{field.en} must be a {role_labels(field, 'en')}; {name} is "
                         f"{'a ' + held.label('en').lower() if held else 'without a role'}{none_en}",
                         name, values.closest(name, fitting) or fitting[:5])

    def reference(self, field: Field, code: str) -> str:
        if self.record_id(field.reference, code) is None:
            raise FieldError(field.key, f"「{field.zh}」引用的 {code} 不存在", f"{field.en}: {code} does not exist", code)
        return code

    # --- record codes <-> ids, per referenced artefact ---
    def record_id(self, artefact_key: str, code: str) -> int | None:
        ids = self._ids.setdefault(artefact_key, {})
        if code not in ids:
            model = model_for(artefact_key)
            row = model.select(model.id).where(model.code == code).first()
            ids[code] = row.id if row else None
        return ids[code]

    def record_code(self, artefact_key: str, record_id: int | None) -> str | None:
        if record_id is None:
            return None
        codes = self._codes.get(artefact_key)
        if codes is None:
            model = model_for(artefact_key)
            codes = self._codes[artefact_key] = {i: c for i, c in model.select(model.id, model.code).tuples()}
        return codes.get(record_id)

    def owning_department(self, art: Artefact, record: Mapping[str, Any]) -> str | None:
        """The department whose rows a record is (ARTEFACTS.md's row rules): the one its department field names,
        its person's (callbacks by follow-up owner) or its referenced record's (a reading: its target's)."""
        if art.department_field is None:
            return None
        return self.department_through(art.field(art.department_field), record.get(art.department_field))

    def department_through(self, field: Field, value: Any) -> str | None:
        """The department a value of a department, person or reference field leads to."""
        if value is None:
            return None
        if field.kind is Kind.PERSON:
            return self.person_department.get(value)
        if field.kind is Kind.REFERENCE:
            return self.owners(field.reference).get(value)
        return value

    def owners(self, artefact_key: str) -> dict[str, str | None]:
        """The owning department of every record of an artefact, by code (read once per operation)."""
        found = self._owners.get(artefact_key)
        if found is None:
            art = artefact(artefact_key)
            found = self._owners[artefact_key] = {}
            if art.department_field is not None:
                keys = ["code", art.department_field]
                reader = RowReader(art, self, keys)
                for row in select_rows(artefact_key, keys, lookups=self):
                    record = reader.record(row)
                    found[record["code"]] = self.owning_department(art, record)
        return found

    def department_label(self, code: str, lang: str) -> str:
        pair = self.department_labels.get(code)
        return t(lang, *pair) if pair else code

    def display(self, field: Field, value: Any, lang: str) -> str:
        """A canonical value as every face shows it: departments by name in the reader's language, choices by
        label, dates as 2026-11-30, people by name, references by code; "" for a blank; a value an older version
        stored that no longer reads, as it is."""
        if value is None or value == "" or value == []:
            return ""
        if field.kind is Kind.DEPARTMENT:
            codes = value if isinstance(value, (list, tuple)) else [value]
            return ("、" if lang == "zh" else ", ").join(self.department_label(c, lang) for c in codes)
        try:
            return values.display(field, value, lang)
        except (TypeError, ValueError, KeyError, AttributeError):
            return str(value)

    def display_audit(self, field: Field, text: str | None, lang: str) -> str:
        """A value as the audit log keeps it (audit_text), shown as `display` shows it; other kinds as kept."""
        if not text:
            return ""
        if field.kind in (Kind.AGENDA, Kind.SCOPE):
            return self.display(field, json.loads(text), lang)
        if field.kind is Kind.DEPARTMENT:
            return self.display(field, text.split(","), lang)
        if field.kind is Kind.CHOICE:
            return self.display(field, text, lang)
        return text


def parse_value(field: Field, raw: Any, lookups: Lookups, lang: str = "zh") -> Any:
    """What a person typed for one field, as its canonical value (None for blank); raises FieldError."""
    if field.kind is Kind.SCOPE:
        return None if values.is_blank(raw) else values.parse_scope(field, raw, _scope_keys())
    if field.kind is Kind.REFERENCE:
        if values.is_blank(raw):
            return None
        prefix = artefact(field.reference).prefix
        return lookups.reference(field, values.parse_reference(field, raw, prefix))
    value = values.parse_plain(field, raw, lang)
    if value is None:
        return None
    if field.kind is Kind.DEPARTMENT:
        return [lookups.department(field, v) for v in value] if field.multiple else lookups.department(field, value)
    if field.kind is Kind.PERSON:
        return lookups.person(field, value)
    return value


def _scope_keys() -> list[str]:
    from reviewdesk.templates import WORKBOOK_ARTEFACTS
    return list(WORKBOOK_ARTEFACTS)


def to_db(field: Field, value: Any, lookups: Lookups) -> Any:
    """A canonical value as its column takes it in a statement: row ids for departments, people and references,
    JSON for structured fields, dates and decimals as the engine binds them."""
    if value is None:
        return None
    kind = field.kind
    if kind is Kind.DEPARTMENT:
        return ",".join(value) if field.multiple else lookups.department_id[value]
    if kind is Kind.PERSON:
        return lookups.person_id[value]
    if kind is Kind.REFERENCE:
        return lookups.record_id(field.reference, value)
    if kind in (Kind.AGENDA, Kind.SCOPE):
        return json.dumps(value, ensure_ascii=False)
    if kind in (Kind.DATE, Kind.DECIMAL):
        return bound(value)
    return value


#: Kinds whose canonical value is what their column takes in a statement (to_db gives it back as it is).
_BOUND_AS_IS = frozenset({Kind.TEXT, Kind.LONG_TEXT, Kind.INTEGER, Kind.CHOICE})


def column_value(field: Field, lookups: Lookups) -> Callable[[Any], Any] | None:
    """to_db of one field as a single call, or None when a canonical value is its column's value already: what
    bulk writes ask once per field instead of to_db once per value."""
    if field.kind in _BOUND_AS_IS:
        return None
    return lambda value: to_db(field, value, lookups)


def _date(stored: Any) -> Any:
    """A DATE column's value: text in SQLite (a date with a time from a hand edit too), a date elsewhere; what
    reads as no date is kept as it is."""
    if isinstance(stored, dt.datetime):
        return stored.date()
    if not isinstance(stored, str):
        return stored
    try:
        return dt.date.fromisoformat(stored)
    except ValueError:
        pass
    try:
        return dt.datetime.fromisoformat(stored).date()
    except ValueError:
        return stored


def _datetime(stored: Any) -> Any:
    """A bookkeeping time as text (SQLite) or a datetime; what reads as no time is kept as it is."""
    if not isinstance(stored, str):
        return stored
    try:
        return dt.datetime.fromisoformat(stored)
    except ValueError:
        return stored


def _integer(stored: Any) -> Any:
    """An INTEGER column's value; a text a hand edit left there is kept as it is."""
    try:
        return int(stored)
    except (TypeError, ValueError):
        return stored


def _text(stored: Any) -> Any:
    return stored.decode("utf-8") if isinstance(stored, bytes) else str(stored)


_NONE = type(None)
#: Per kind of storage, the value types the driver hands over that are the canonical value already, and how any
#: other value becomes its canonical value (as stored; from_db then turns a row id into a code or a name).
_AS_STORED: dict[Storage, tuple[tuple[type, ...], Callable[[Any], Any]]] = {
    Storage.TEXT: ((str, _NONE), _text),
    Storage.INTEGER: ((int, _NONE), _integer),
    Storage.DATE: ((dt.date, _NONE), _date),
    Storage.DECIMAL: ((_NONE,), lambda stored: values.normalize_decimal(Decimal(str(stored)))),
    Storage.ROW_ID: ((int, _NONE), _integer),
}
_BOOKKEEPING_STORED: dict[str, tuple[tuple[type, ...], Callable[[Any], Any]]] = {
    "id": _AS_STORED[Storage.INTEGER], "number": _AS_STORED[Storage.INTEGER],
    "revision": _AS_STORED[Storage.INTEGER], "code": _AS_STORED[Storage.TEXT],
    "created_by": _AS_STORED[Storage.TEXT], "updated_by": _AS_STORED[Storage.TEXT],
    "created_at": ((dt.datetime, _NONE), _datetime), "updated_at": ((dt.datetime, _NONE), _datetime),
}


def from_db(field: Field, stored: Any, lookups: Lookups) -> Any:
    """A stored column value as its canonical value."""
    kept, adapt = _AS_STORED[storage(field)]
    if stored is None:
        return None
    if type(stored) not in kept:
        stored = adapt(stored)
    kind = field.kind
    if kind is Kind.DEPARTMENT:
        return stored.split(",") if field.multiple else lookups.department_code.get(stored)
    if kind is Kind.PERSON:
        return lookups.person_name.get(stored)
    if kind is Kind.REFERENCE:
        return lookups.record_code(field.reference, stored)
    if kind in (Kind.AGENDA, Kind.SCOPE):
        return json.loads(stored)
    return stored


class RowReader:
    """How rows of one artefact's `keys` columns (by default the code, the revision and every field), as
    select_rows gives them, become canonical records.

    A value the driver hands over in a type that is its canonical value already (text, whole numbers, no value)
    is taken as it is; which columns of a row need converting is worked out once per combination of value
    types, and the conversions of repeated values (dates, times, people, departments) are remembered for the
    reader's life (one operation)."""

    def __init__(self, art: Artefact, lookups: Lookups, keys: Sequence[str] | None = None) -> None:
        self.keys = ["code", "revision", *(f.key for f in art.fields)] if keys is None else list(keys)
        self._steps: list[tuple[tuple[type, ...], Callable[[Any], Any], bool]] = []
        for key in self.keys:
            if key in _BOOKKEEPING_STORED:
                kept, convert = _BOOKKEEPING_STORED[key]
                self._steps.append((kept, convert, True))
                continue
            field = art.field(key)
            kept = _AS_STORED[storage(field)][0] if field.kind in _CANONICAL_AS_STORED else (_NONE,)
            shareable = not field.multiple and field.kind not in (Kind.AGENDA, Kind.SCOPE)  # not a list or dict
            self._steps.append((kept, lambda stored, f=field: from_db(f, stored, lookups), shareable))
        self._to_convert: dict[tuple[type, ...], list[tuple]] = {}  # value types of a row -> the columns to convert
        self._memos: dict[tuple[int, type], dict] = {}  # per column and type, as 1 and 1.0 are one key in a dict

    def value(self, key: str) -> Callable[[Any], Any]:
        """How one column's stored value becomes its canonical value, remembering repeated values."""
        kept, convert, shareable = self._steps[self.keys.index(key)]
        if not shareable:
            return lambda stored: stored if type(stored) in kept else convert(stored)
        memo: dict[tuple[type, Any], Any] = {}

        def read(stored: Any) -> Any:
            if type(stored) in kept:
                return stored
            found = memo.get((type(stored), stored), memo)
            if found is memo:
                found = memo[type(stored), stored] = convert(stored)
            return found
        return read

    def _plan(self, types: tuple[type, ...]) -> list[tuple]:
        return [(self.keys[i], i, convert, self._memos.setdefault((i, t), {}) if shareable else None)
                for i, ((kept, convert, shareable), t) in enumerate(zip(self._steps, types)) if t not in kept]

    def record(self, row: Sequence[Any]) -> dict[str, Any]:
        """One row (the keys' columns, in their order; columns after them are left out) as a record."""
        types = tuple(map(type, row))
        todo = self._to_convert.get(types)
        if todo is None:
            todo = self._to_convert[types] = self._plan(types)
        result = dict(zip(self.keys, row))
        for key, i, convert, memo in todo:
            raw = row[i]
            if memo is None:
                result[key] = convert(raw)
            elif raw in memo:
                result[key] = memo[raw]
            else:
                result[key] = memo[raw] = convert(raw)
        return result


#: Kinds whose value as stored (in a type RowReader keeps) is already canonical: no row id, list or JSON.
_CANONICAL_AS_STORED = frozenset({Kind.TEXT, Kind.LONG_TEXT, Kind.INTEGER, Kind.DATE, Kind.CHOICE})


def audit_text(field: Field, value: Any) -> str | None:
    """A canonical value as the audit log keeps it: text the field's own parser reads back."""
    if value is None:
        return None
    if field.kind is Kind.DATE:
        return value.isoformat()
    if field.kind is Kind.DEPARTMENT and field.multiple:
        return ",".join(value)
    if field.kind in (Kind.AGENDA, Kind.SCOPE):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, Decimal):
        return format(values.normalize_decimal(value), "f")  # 50.0 as 50, as a team database's server says it
    return str(value)


def audit_texter(field: Field) -> Callable[[Any], str | None]:
    """audit_text for one field as a single cheap call: a value held as text is its own audit text."""
    if field.kind in (Kind.DATE, Kind.DECIMAL, Kind.AGENDA, Kind.SCOPE) or field.multiple:
        return lambda value: audit_text(field, value)
    return lambda value: value if value is None or type(value) is str else audit_text(field, value)


def _where(art: Artefact, filters: Mapping[str, Iterable[Any]], lookups: Lookups, lang: str) -> list[pw.Expression]:
    """--where FIELD=VALUE: text fields match by containment, everything else exactly; values of one field OR;
    FIELD=* any value."""
    model = model_for(art.key)
    clauses = []
    for key, wanted in filters.items():
        if key != "code" and not art.has_field(key):
            raise FieldError(key, f"{art.zh}没有字段「{key}」", f"{art.en} has no field '{key}'", key,
                             values.closest(key, [f.key for f in art.fields]))
        wanted = list(wanted)
        if any(str(raw).strip() == ANY_VALUE for raw in wanted):
            continue
        if key == "code":
            clauses.append(model.code.in_([values.normalize_code(w) for w in wanted]))
            continue
        field = art.field(key)
        column = getattr(model, key)
        options = []
        for raw in wanted:
            if field.kind in (Kind.TEXT, Kind.LONG_TEXT, Kind.AGENDA, Kind.SCOPE):
                options.append(column.is_null() if values.is_blank(raw) else column.contains(str(raw).strip()))
                continue
            value = parse_value(field, raw, lookups, lang)
            if field.multiple and value is not None:  # stored as "a,b": ",a,b," contains ",a,"
                member = value.split(",")[0] if isinstance(value, str) else value[0]
                options.append(pw.Value(",").concat(column).concat(",").contains(f",{member},"))
                continue
            options.append(column.is_null() if value is None else column == to_db(field, value, lookups))
        clauses.append(pw.reduce(lambda a, b: a | b, options) if len(options) > 1 else options[0])
    return clauses


def _search(art: Artefact, text: str) -> pw.Expression | None:
    """A case-insensitive containment search over the code and every text field (the window's search box)."""
    text = (text or "").strip()
    if not text:
        return None
    model = model_for(art.key)
    columns = [model.code] + [getattr(model, f.key) for f in art.fields if f.kind in (Kind.TEXT, Kind.LONG_TEXT)]
    return pw.reduce(lambda a, b: a | b, [c.contains(text) for c in columns])


def _ranges(art: Artefact, ranges: Mapping[str, tuple]) -> list[pw.Expression]:
    """{field key: (low, high[, low_strict, high_strict])}: bounds of date and number fields, inclusive unless said
    strict (score<8); either bound may be None."""
    model = model_for(art.key)
    clauses = []
    for key, (low, high, *strict) in ranges.items():
        low_strict, high_strict = (*strict, False, False)[:2]
        column = getattr(model, art.field(key).key)
        if low is not None:
            clauses.append(column > low if low_strict else column >= low)
        if high is not None:
            clauses.append(column < high if high_strict else column <= high)
    return clauses


def _order(art: Artefact, key: str | None, descending: bool) -> list[pw.Node]:
    """ORDER BY a field as people read it: departments by Chinese name, people by name, references by number."""
    model = model_for(art.key)
    if not key or key == "code":
        return [model.number.desc() if descending else model.number]
    field = art.field(key)
    column = getattr(model, key)
    if field.kind is Kind.DEPARTMENT and not field.multiple:
        column = Department.select(Department.name_zh).where(Department.id == column)
    elif field.kind is Kind.PERSON and not field.multiple:
        column = Person.select(Person.name).where(Person.id == column)
    elif field.kind is Kind.REFERENCE:
        target = model_for(field.reference)
        column = target.select(target.number).where(target.id == column)
    nulls = getattr(model, key).is_null()  # blanks last either way
    return [nulls, pw.Ordering(column, "DESC" if descending else "ASC"), model.number]


def matching(artefact_key: str, filters: Mapping[str, Iterable[Any]] | None = None, *,
             search: str | None = None, ranges: Mapping[str, tuple] | None = None,
             condition: Condition | None = None, today: dt.date | None = None,
             lookups: Lookups | None = None, lang: str = "zh") -> pw.Select:
    """The query of the records of one artefact that match (all of them without conditions), selecting nothing
    yet: what every read here narrows, and what a caller counting or grouping in SQL starts from.

    `filters` as --where FIELD=VALUE gives them ({key: [typed values]}); `search` looks for text in the code and
    the text fields; `ranges` bounds date and number fields ({key: (low, high[, low_strict, high_strict])});
    `condition` is a declared condition (templates/marks.py: a mark's, the open records') as of `today`."""
    art = artefact(artefact_key)
    clauses = _where(art, filters or {}, lookups or Lookups(), lang) + _ranges(art, ranges or {})
    found = _search(art, search or "")
    if found is not None:
        clauses.append(found)
    if condition is not None:
        clauses.append(marks.where(art, condition, today or dt.date.today()))
    query = model_for(art.key).select()
    return query.where(*clauses) if clauses else query


def _identified(query: pw.Select, column: pw.Field, wanted: Sequence[Any]) -> Iterator[tuple]:
    """The rows of `query` whose `column` is one of `wanted`: on PostgreSQL in one query, given them as one array
    (= ANY): a long IN list is a statement the driver parses and the server plans anew each time; elsewhere a bounded
    IN list at a time, written into the SQL here: peewee takes longer to build a list of 900 values than the database
    takes to answer it. The rows come as the driver's lists, chained, with no Python frame per row."""
    marker = "(?rows?)"
    sql, params = query.where(column.in_(pw.SQL(marker))).sql()  # the last condition: its values go last
    if engine_name() == "postgresql":
        return iter(database.execute_sql(sql.replace(f"IN {marker}", "= ANY(%s)"), [*params, list(wanted)]).fetchall())
    written: dict[int, str] = {}

    def batch(start: int) -> list[tuple]:
        chunk = list(wanted[start:start + CODES_PER_QUERY])
        if len(chunk) not in written:
            written[len(chunk)] = sql.replace(marker, f"({', '.join([database.param] * len(chunk))})")
        return database.execute_sql(written[len(chunk)], [*params, *chunk]).fetchall()
    return itertools.chain.from_iterable(map(batch, range(0, len(wanted), CODES_PER_QUERY)))


def select_rows(artefact_key: str, keys: Sequence[str], filters: Mapping[str, Iterable[Any]] | None = None, *,
                ids: Sequence[int] | None = None, codes: Sequence[str] | None = None, search: str | None = None,
                ranges: Mapping[str, tuple] | None = None, condition: Condition | None = None,
                today: dt.date | None = None, order: str | None = None, descending: bool = False,
                offset: int = 0, limit: int | None = None, lookups: Lookups | None = None,
                lang: str = "zh") -> Iterator[tuple]:
    """The one read of records: the `keys` columns ("id", bookkeeping keys, field keys) of the matching records,
    one tuple per record exactly as the driver returns it; RowReader turns them into records.

    Narrowed as `matching` says, and to the row `ids` or the `codes` given (then in no promised order: look them
    up by id or code); otherwise in code order, unless `order` names a field; a page with offset/limit.
    """
    model = model_for(artefact_key)
    query = matching(artefact_key, filters, search=search, ranges=ranges, condition=condition, today=today,
                     lookups=lookups, lang=lang)
    query = query.select(*(model._meta.fields[k] for k in keys))
    if ids is not None or codes is not None:
        return _identified(query, model.id if ids is not None else model.code, ids if ids is not None else codes)
    query = query.order_by(*_order(artefact(artefact_key), order, descending))
    if offset or limit is not None:
        query = query.offset(offset).limit(limit if limit is not None else -1)
    sql, params = query.sql()
    return iter(database.execute_sql(sql, params))


def select_records(artefact_key: str, filters: Mapping[str, Iterable[Any]] | None = None, *,
                   fields: Sequence[str] | None = None, lookups: Lookups | None = None, **narrowing: Any
                   ) -> Iterator[dict[str, Any]]:
    """Records of one artefact as canonical dicts (codes, keys, dates), streamed so 100,000 rows stay cheap.

    Each holds the bookkeeping keys and every field, or only the code, the revision and these `fields`;
    which records, and in what order, as select_rows says (filters, ids, codes, search, ranges, order,
    descending, offset, limit, lang)."""
    art = artefact(artefact_key)
    lookups = lookups or Lookups()
    keys = [*BOOKKEEPING_KEYS, *(f.key for f in art.fields)] if fields is None else ["code", "revision", *fields]
    reader = RowReader(art, lookups, keys)
    return map(reader.record, select_rows(art.key, keys, filters, lookups=lookups, **narrowing))


def select_ids(artefact_key: str, filters: Mapping[str, Iterable[Any]] | None = None, **narrowing: Any) -> list[int]:
    """The row ids of the matching records in their order: one query, so that any page of a long table is then
    read by id (records_by_ids) instead of an OFFSET that grows with the page's place."""
    return [row_id for (row_id,) in select_rows(artefact_key, ["id"], filters, **narrowing)]


def records_by_ids(artefact_key: str, ids: Sequence[int], lookups: Lookups | None = None) -> list[dict[str, Any]]:
    """The records with these row ids, in the order given (a removed one is left out)."""
    art = artefact(artefact_key)
    lookups = lookups or Lookups()
    keys = [*BOOKKEEPING_KEYS, *(f.key for f in art.fields)]
    reader = RowReader(art, lookups, keys)
    found = {row[-1]: reader.record(row) for row in select_rows(art.key, [*keys, "id"], ids=ids, lookups=lookups)}
    return [found[i] for i in ids if i in found]


def count_records(artefact_key: str, filters: Mapping[str, Iterable[Any]] | None = None, *,
                  search: str | None = None, ranges: Mapping[str, tuple[Any, Any]] | None = None,
                  lang: str = "zh", lookups: Lookups | None = None) -> int:
    """How many records of one artefact match (all of them without conditions)."""
    if not filters and not search and not ranges:
        return model_for(artefact_key).select().count()
    return matching(artefact_key, filters, search=search, ranges=ranges, lookups=lookups, lang=lang).count()


def value_range(artefact_key: str, key: str) -> tuple[Any, Any]:
    """The lowest and highest value a date or number field holds across the records; (None, None) when none has one."""
    model = model_for(artefact_key)
    column = getattr(model, artefact(artefact_key).field(key).key)
    low, high = model.select(pw.fn.MIN(column), pw.fn.MAX(column)).tuples().get()
    return column.python_value(low), column.python_value(high)


def get_record(code: str, lookups: Lookups | None = None) -> dict[str, Any]:
    """One record by its code (any artefact); raises NotFound."""
    code = values.normalize_code(code)
    art = artefact_for_code(code)
    found = next(select_records(art.key, codes=[code], lookups=lookups), None) if art is not None else None
    if found is None:
        raise NotFound(code)
    return found


def artefact_of(code: str) -> Artefact:
    art = artefact_for_code(values.normalize_code(code))
    if art is None:
        raise NotFound(code)
    return art
