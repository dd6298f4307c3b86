"""Reading records as canonical dicts (codes, keys, dates) and turning them into database rows and back."""
from __future__ import annotations

import json
from decimal import Decimal
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

import peewee as pw

from reviewdesk.templates import (REFERENCE_DATA, Artefact, Field, FieldError, Kind, ReviewDeskError, artefact,
                                  artefact_for_code, role_labels, t, values)

from reviewdesk.store.db import database
from reviewdesk.store.models import Department, Person, column_name, model_for

BOOKKEEPING_KEYS = ("code", "revision", "created_at", "created_by", "updated_at", "updated_by")
CODES_PER_QUERY = 900  # bound variables per IN list: under SQLite's historical limit of 999


class NotFound(ReviewDeskError):
    def __init__(self, code: str):
        if str(code).strip():
            super().__init__(f"找不到记录 {code}", f"No record {code}")
        else:
            super().__init__("没有填写编号", "No record code was given")
        self.code = code


class Lookups:
    """Departments, people and record codes by id and by what people type, loaded once per operation."""

    def __init__(self) -> None:
        self.department_code = {d.id: d.code for d in Department.select(Department.id, Department.code)}
        self.department_names: dict[str, str] = {}  # folded code / zh / en name -> code
        self.department_labels: dict[str, tuple[str, str]] = {}
        for d in Department.select().order_by(Department.position, Department.code):
            self.department_labels[d.code] = (d.name_zh, d.name_en)
            for name in (d.code, d.name_zh, d.name_en):
                self.department_names.setdefault(values.fold(name), d.code)
        self.department_id = {code: i for i, code in self.department_code.items()}
        people = list(Person.select(Person.id, Person.name, Person.department, Person.role))
        self.person_name = {p.id: p.name for p in people}
        self.person_id = {p.name: p.id for p in people}
        self.person_names = {values.fold(p.name): p.name for p in people}
        self.person_department = {p.name: self.department_code.get(p.department_id) for p in people}
        self.person_role = {p.name: p.role for p in people}
        self._codes: dict[str, dict[int, str]] = {}
        self._ids: dict[str, dict[str, int]] = {}

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
        """The department whose rows a record is (ARTEFACTS.md's row rules; callbacks by follow-up owner)."""
        if art.department_field is None:
            return None
        field = art.field(art.department_field)
        value = record.get(field.key)
        return self.person_department.get(value) if field.kind is Kind.PERSON else value

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
    """A canonical value as stored in its column."""
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
    return value


def from_db(field: Field, stored: Any, lookups: Lookups) -> Any:
    """A stored column value as its canonical value."""
    if stored is None:
        return None
    kind = field.kind
    if kind is Kind.DEPARTMENT:
        return stored.split(",") if field.multiple else lookups.department_code.get(stored)
    if kind is Kind.PERSON:
        return lookups.person_name.get(stored)
    if kind is Kind.REFERENCE:
        return lookups.record_code(field.reference, stored)
    if kind in (Kind.AGENDA, Kind.SCOPE):
        return json.loads(stored)
    if kind is Kind.DECIMAL:
        return values.normalize_decimal(Decimal(str(stored)))
    return stored


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
        return format(value, "f")
    return str(value)


def audit_texter(field: Field) -> Callable[[Any], str | None]:
    """audit_text for one field as a single cheap call: a value held as text is its own audit text."""
    if field.kind in (Kind.DATE, Kind.DECIMAL, Kind.AGENDA, Kind.SCOPE) or field.multiple:
        return lambda value: audit_text(field, value)
    return lambda value: value if value is None or type(value) is str else audit_text(field, value)


def _row_to_record(art: Artefact, row: Mapping[str, Any], lookups: Lookups) -> dict[str, Any]:
    record = {k: row[k] for k in BOOKKEEPING_KEYS}
    for f in art.fields:
        record[f.key] = from_db(f, row[f.key], lookups)
    return record


def _where(art: Artefact, filters: Mapping[str, Iterable[Any]], lookups: Lookups, lang: str) -> list[pw.Expression]:
    """--where FIELD=VALUE: text fields match by containment, everything else exactly; values of one field OR."""
    model = model_for(art.key)
    clauses = []
    for key, wanted in filters.items():
        if key == "code":
            clauses.append(model.code.in_([values.normalize_code(w) for w in wanted]))
            continue
        if not art.has_field(key):
            raise FieldError(key, f"{art.zh}没有字段「{key}」", f"{art.en} has no field '{key}'", key,
                             values.closest(key, [f.key for f in art.fields]))
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


def _query(art: Artefact, filters: Mapping[str, Iterable[Any]] | None, search: str | None,
           ranges: Mapping[str, tuple[Any, Any]] | None, lookups: Lookups, lang: str):
    model = model_for(art.key)
    clauses = _where(art, filters or {}, lookups, lang) + _ranges(art, ranges or {})
    found = _search(art, search or "")
    if found is not None:
        clauses.append(found)
    query = model.select()
    return query.where(*clauses) if clauses else query


def select_records(artefact_key: str, filters: Mapping[str, Iterable[Any]] | None = None, *,
                   lang: str = "zh", lookups: Lookups | None = None, offset: int = 0,
                   limit: int | None = None, search: str | None = None,
                   ranges: Mapping[str, tuple[Any, Any]] | None = None, order: str | None = None,
                   descending: bool = False) -> Iterator[dict[str, Any]]:
    """Records of one artefact, streamed so 100,000 rows stay cheap; a page with offset/limit.

    Code order unless `order` names a field; `search` looks for text in the code and the text fields;
    `ranges` bounds date and number fields ({key: (low, high)}).
    """
    art = artefact(artefact_key)
    lookups = lookups or Lookups()
    query = _query(art, filters, search, ranges, lookups, lang).order_by(*_order(art, order, descending))
    if offset or limit is not None:
        query = query.offset(offset).limit(limit if limit is not None else -1)
    for row in query.dicts().iterator():
        yield _row_to_record(art, row, lookups)


def select_ids(artefact_key: str, filters: Mapping[str, Iterable[Any]] | None = None, *, lang: str = "zh",
               lookups: Lookups | None = None, search: str | None = None,
               ranges: Mapping[str, tuple[Any, Any]] | None = None, order: str | None = None,
               descending: bool = False) -> list[int]:
    """The row ids of the matching records in their order: one query, so that any page of a long table is then
    read by id (records_by_ids) instead of an OFFSET that grows with the page's place."""
    art = artefact(artefact_key)
    model = model_for(art.key)
    query = _query(art, filters, search, ranges, lookups or Lookups(), lang).order_by(*_order(art, order, descending))
    sql, params = query.select(model.id).sql()
    return [row_id for (row_id,) in database.execute_sql(sql, params).fetchall()]  # half the time of peewee's rows


def records_by_ids(artefact_key: str, ids: Sequence[int], lookups: Lookups | None = None) -> list[dict[str, Any]]:
    """The records with these row ids, in the order given (a removed one is left out)."""
    art = artefact(artefact_key)
    model = model_for(art.key)
    lookups = lookups or Lookups()
    found: dict[int, dict[str, Any]] = {}
    for start in range(0, len(ids), 900):  # SQLite's limit of bound variables
        for row in model.select().where(model.id.in_(list(ids[start:start + 900]))).dicts().iterator():
            found[row["id"]] = _row_to_record(art, row, lookups)
    return [found[i] for i in ids if i in found]


#: peewee's own adapt() returns a value of exactly these types as it is.
_ADAPT_KEEPS: dict[type, tuple[type, ...]] = {pw._StringField: (str,), pw.IntegerField: (int,)}


def kept_types(field: pw.Field, method: str = "db_value") -> tuple[type, ...]:
    """The value types field.db_value (or field.python_value) returns unchanged, so bulk work need not call it."""
    if isinstance(field, pw.ForeignKeyField):
        own = getattr(type(field), method) is getattr(pw.ForeignKeyField, method)
        return kept_types(field.rel_field, method) if own else ()
    if getattr(type(field), method) is not getattr(pw.Field, method):
        return ()
    kept: list[type] = [type(None)]
    for base, types in _ADAPT_KEEPS.items():
        if isinstance(field, base) and type(field).adapt is base.adapt:
            kept += types
    return tuple(kept)


#: Kinds whose value as the driver reads it (through the column's python_value) is already canonical.
_AS_STORED = frozenset({Kind.TEXT, Kind.LONG_TEXT, Kind.INTEGER, Kind.DATE, Kind.CHOICE})


def canonical_reader(art: Artefact, lookups: Lookups,
                     fields: Sequence[Field] | None = None) -> Callable[[Sequence[Any]], dict[str, Any]]:
    """A function turning a row of raw values (as the driver gives them) of the code, the revision and the
    artefact's fields (or only these `fields`, in this order) into the canonical record.

    The same values as select_records, which converts every column with python_value and from_db: here
    a value the conversion would return unchanged is taken as it is (which columns those are is worked
    out once per combination of value types), and the conversions of repeated values (dates, people,
    departments) are remembered for the whole operation.
    """
    model = model_for(art.key)
    fields = art.fields if fields is None else fields
    keys = ["code", "revision", *(f.key for f in fields)]
    steps = [(kept_types(model.code, "python_value"), model.code.python_value, False),
             (kept_types(model.revision, "python_value"), model.revision.python_value, False)]
    for f in fields:
        column = model._meta.fields[f.key]
        kept = kept_types(column, "python_value") if f.kind in _AS_STORED else ()
        if type(None) not in kept and column.python_value(None) is None:  # from_db(f, None) is None too
            kept += (type(None),)
        shareable = not f.multiple and f.kind not in (Kind.AGENDA, Kind.SCOPE)  # not a list or dict
        steps.append((kept, stored_reader(art, f.key, lookups), shareable))
    to_convert: dict[tuple[type, ...], list[tuple]] = {}  # value types of a row -> the columns to convert
    memos: dict[tuple[int, type], dict] = {}  # per column and type, as 1 and 1.0 are one key in a dict

    def plan(types: tuple[type, ...]) -> list[tuple]:
        return [(keys[i], i, convert, memos.setdefault((i, t), {}) if shareable else None)
                for i, ((kept, convert, shareable), t) in enumerate(zip(steps, types)) if t not in kept]

    def record(row: Sequence[Any]) -> dict[str, Any]:
        types = tuple(map(type, row))
        todo = to_convert.get(types)
        if todo is None:
            todo = to_convert[types] = plan(types)
        result = dict(zip(keys, row))
        for key, i, convert, memo in todo:
            raw = row[i]
            if memo is None:
                result[key] = convert(raw)
            elif raw in memo:
                result[key] = memo[raw]
            else:
                result[key] = memo[raw] = convert(raw)
        return result
    return record


def stored_rows(artefact_key: str, codes: Sequence[str], keys: Sequence[str]) -> list[tuple]:
    """The `keys` columns of the records with these codes, one tuple per record exactly as the driver returns it.

    No model objects and no conversion, for comparing thousands of records of which few differ;
    `stored_reader` turns a value into what select_records gives. The SQL is written here because peewee
    takes longer to build an IN list of 900 values than the database takes to answer it.
    """
    model = model_for(artefact_key)
    columns = ", ".join(f'"{column_name(model, k)}"' for k in keys)
    select = f'SELECT {columns} FROM "{model._meta.table_name}" WHERE "code" IN '
    rows: list[tuple] = []
    for start in range(0, len(codes), CODES_PER_QUERY):
        chunk = list(codes[start:start + CODES_PER_QUERY])
        rows += database.execute_sql(select + f"({', '.join([database.param] * len(chunk))})", chunk).fetchall()
    return rows


def stored_reader(art: Artefact, key: str, lookups: Lookups) -> Callable[[Any], Any]:
    """How a value of one field's column, as `stored_rows` gives it, becomes the value select_records gives."""
    field, python_value = art.field(key), model_for(art.key)._meta.fields[key].python_value
    return lambda stored: from_db(field, python_value(stored), lookups)

def count_records(artefact_key: str, filters: Mapping[str, Iterable[Any]] | None = None, *,
                  search: str | None = None, ranges: Mapping[str, tuple[Any, Any]] | None = None,
                  lang: str = "zh", lookups: Lookups | None = None) -> int:
    """How many records of one artefact match (all of them without conditions)."""
    if not filters and not search and not ranges:
        return model_for(artefact_key).select().count()
    art = artefact(artefact_key)
    return _query(art, filters, search, ranges, lookups or Lookups(), lang).count()


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
    if art is None:
        raise NotFound(code)
    model = model_for(art.key)
    row = model.select().where(model.code == code).dicts().first()
    if row is None:
        raise NotFound(code)
    return _row_to_record(art, row, lookups or Lookups())


def artefact_of(code: str) -> Artefact:
    art = artefact_for_code(values.normalize_code(code))
    if art is None:
        raise NotFound(code)
    return art
