"""Which records a meeting's review pack holds: open records per artefact, narrowed by the meeting's scope and --where.

The pack reads them once (read_records: one query per artefact, rows turned into records without peewee's model
layer), and counts what it does not list (a pack's "all records", closed ones too) in the database (counted).
"""
from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field as dc_field
from functools import lru_cache
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

import peewee as pw

from reviewdesk import store
from reviewdesk.store import marks as store_marks
from reviewdesk.store.models import model_for
from reviewdesk.templates import WORKBOOK_ARTEFACTS, Artefact, Kind, ReviewDeskError, artefact

from reviewdesk.exporters.word.figures import OPEN
from reviewdesk.exporters.xlsx.export import split_filters

@dataclass
class Scope:
    """Per artefact: the --where conditions ({field key: [values]}) and whether only open records count."""

    filters: dict[str, dict[str, list[str]]] = dc_field(default_factory=dict)

    def for_artefact(self, key: str) -> dict[str, list[str]]:
        return self.filters.get(key, {})

    def open_only(self, key: str) -> bool:
        """Open records by default; naming the status in a condition says which statuses are wanted instead."""
        return "status" not in self.filters.get(key, {})

    def where_strings(self) -> dict[str, list[str]]:
        return {k: [f"{f}={v}" for f, vs in conds.items() for v in vs] for k, conds in self.filters.items() if conds}


def conditions(items: Iterable[str], only: str | None = None) -> dict[str, list[str]]:
    """FIELD=VALUE strings as {[artefact.]field: [values]}; `only` qualifies every field with that artefact."""
    result: dict[str, list[str]] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise ReviewDeskError(f"条件应写成 字段=值：{item}", f"A condition is written FIELD=VALUE, got: {item}")
        name = name.strip()
        result.setdefault(f"{only}.{name}" if only else name, []).append(value.strip())
    return result


def check(key: str, items: Sequence[str], *, lookups: store.Lookups | None = None, lang: str = "zh") -> None:
    """Refuse the conditions `reviewdesk list KEY --where` would refuse: an unknown field, or a value the field
    cannot hold, such as 优先级=P9 — with the same message and suggestions."""
    filters = split_filters([key], conditions(items))[key]  # the one artefact: its fields named as typed
    list(store.select_records(key, filters, lang=lang, lookups=lookups or store.Lookups(), limit=1))


def meeting_scope(meeting: Mapping[str, Any], extra: Sequence[str] = ()) -> Scope:
    """The scope stored with the meeting ({artefact: [where strings]}), narrowed by extra where strings.

    Extra conditions are written as for `reviewdesk export --where`: FIELD=VALUE applies to every artefact
    that has the field, ARTEFACT.FIELD=VALUE to one artefact. A stored scope that no longer holds (saved by an
    older version, or a choice renamed since) is refused naming the meeting, the artefact and how to reset it.
    """
    merged: dict[str, list[str]] = {}
    lookups = store.Lookups()
    for key, items in (meeting.get("scope") or {}).items():
        try:
            check(key, items, lookups=lookups)
        except ReviewDeskError as exc:
            code, art = meeting.get("code", ""), artefact(key)
            raise ReviewDeskError(
                f"会议 {code} 保存的材料范围中，{art.zh}的条件「{'；'.join(items)}」无效：{exc.zh}。"
                f"请用 reviewdesk meeting scope {code} {key} --where 字段=值 改正，"
                f"或用 reviewdesk meeting scope {code} {key}（不加 --where）恢复默认",
                f"The pack scope saved with meeting {code} has an invalid condition for {art.en} "
                f"({'; '.join(items)}): {exc.en}. Correct it with reviewdesk meeting scope {code} {key} --where "
                f"FIELD=VALUE, or reset it with reviewdesk meeting scope {code} {key} (no --where)") from exc
        for name, wanted in conditions(items, only=key).items():
            merged.setdefault(name, []).extend(wanted)
    for name, wanted in conditions(extra).items():
        merged.setdefault(name, []).extend(wanted)
    return Scope({k: v for k, v in split_filters(WORKBOOK_ARTEFACTS, merged).items() if v})


def scoped_records(key: str, scope: Scope, *, lookups: store.Lookups, lang: str = "zh") -> list[dict[str, Any]]:
    """The records of one artefact that a pack holds, in code order."""
    return scoped_and_matching(key, scope, lookups=lookups, lang=lang)[0]


def scoped_and_matching(key: str, scope: Scope, *, lookups: store.Lookups,
                        lang: str = "zh") -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(the records a pack holds, every record matching its conditions, closed ones too), read once."""
    art = artefact(key)
    matching = list(store.select_records(key, scope.for_artefact(key), lang=lang, lookups=lookups))
    if scope.open_only(key) and art.open_when is not None:
        return [r for r in matching if art.open_when(r)], matching
    return matching, matching


def _query(key: str, scope: Scope, lookups: store.Lookups, lang: str):
    """The records matching the scope's conditions (closed ones too), as the store's list --where selects them."""
    return store.matching(key, scope.for_artefact(key), lookups=lookups, lang=lang)


def read_records(key: str, scope: Scope, *, lookups: store.Lookups, lang: str = "zh") -> list[dict[str, Any]]:
    """The records of one artefact that a pack holds, in code order: the same records, with the same values, as
    scoped_records gives, read in one query whose rows become records without peewee's model layer (which took
    most of a pack's time), and with only records that may be open fetched at all (open_narrowing)."""
    art = artefact(key)
    model = model_for(key)
    query = _query(key, scope, lookups, lang)
    open_only = scope.open_only(key) and art.open_when is not None
    if open_only:
        query = _open_only(query, key)
    columns = [model.code, model.revision] + [model._meta.fields[f.key] for f in art.fields]
    sql, params = query.select(*columns).order_by(model.number).sql()
    record = store.RowReader(art, lookups).record
    rows = store.database.execute_sql(sql, params)
    if not open_only:
        return [record(row) for row in rows]
    reads = open_reads(key)
    if reads is None or not all(art.has_field(k) for k in reads):
        return [r for r in map(record, rows) if art.open_when(r)]
    # open_when asked first of the few fields it reads, so that rows it turns away are never made records
    positions = {f.key: i + 2 for i, f in enumerate(art.fields)}
    probe = [(k, positions[k], _memo(store.RowReader(art, lookups).value(k))) for k in reads]
    return [record(row) for row in rows if art.open_when({k: read(row[i]) for k, i, read in probe})]


def count_matching(key: str, scope: Scope, *, lookups: store.Lookups, lang: str = "zh") -> int:
    """How many records match the scope's conditions, closed ones too."""
    return store.count_records(key, scope.for_artefact(key), lang=lang, lookups=lookups)


def counted(key: str, scope: Scope, reads: Sequence[str], only: str | None = None, *, lookups: store.Lookups,
            today: dt.date, lang: str = "zh") -> Iterator[tuple[dict[str, Any], int]]:
    """The records matching the scope's conditions (closed ones too), grouped by the fields `reads`: one (record
    holding those fields, how many records hold these values) per group, the groups in the order of their first
    record in code order. How a pack counts 100,000 callbacks without reading them one by one.

    `only` (figures.Part.only): None, every record; "open", the records art.open_when holds for (`reads` must hold
    every field it reads); or a mark's key, the records carrying that mark today (store.marks' SQL form)."""
    art = artefact(key)
    model = model_for(key)
    columns = [model._meta.fields[k] for k in reads]
    first = pw.fn.MIN(model.number)
    query = _query(key, scope, lookups, lang).select(*columns, pw.fn.COUNT(pw.SQL("*")), first)
    if only == OPEN:
        query = _open_only(query, key)
    elif only is not None:
        query = query.where(store_marks.where(art, art.mark(only), today))
    if columns:
        query = query.group_by(*columns).order_by(first)
    sql, params = query.sql()
    readers = [_memo(store.RowReader(art, lookups).value(k)) for k in reads]
    for row in store.database.execute_sql(sql, params):
        if row[-2]:
            record = {k: read(value) for k, read, value in zip(reads, readers, row)}
            if only != OPEN or art.open_when(record):
                yield record, row[-2]


def _open_only(query, key: str):
    """The query narrowed to the records that may be open (open_narrowing); open_when still decides each."""
    model = model_for(key)
    for field_key, allowed in open_narrowing(key).items():
        column = getattr(model, field_key)
        known = sorted(v for v in allowed if v is not None)
        options = ([column.in_(known)] if known else []) + ([column.is_null()] if None in allowed else [])
        query = query.where(pw.reduce(lambda a, b: a | b, options) if options else pw.SQL("0"))
    return query


def _memo(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    seen: dict = {}

    def read(value: Any) -> Any:
        if value not in seen:
            seen[value] = convert(value)
        return seen[value]
    return read


class _Reading(dict):
    """A record that notes which fields are read from it."""

    def __init__(self, values: Mapping[str, Any], seen: list[str]):
        super().__init__(values)
        self.seen = seen

    def get(self, key, default=None):
        if key not in self.seen:
            self.seen.append(key)
        return super().get(key, default)

    def __getitem__(self, key):
        self.get(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        self.get(key)
        return super().__contains__(key)


PROBES = 4096  # the most combinations of values open_narrowing tries


def _probe_values(art: Artefact, key: str) -> list[Any]:
    """Values standing for every value a field can hold, as far as a test of openness can tell them apart."""
    if not art.has_field(key):
        return [None]
    field = art.field(key)
    if field.kind is Kind.CHOICE and not field.multiple:
        return [c.key for c in field.choices] + [None]
    if field.kind in (Kind.TEXT, Kind.LONG_TEXT):
        return [None, "", "x"]
    if field.kind is Kind.DATE:
        return [None, dt.date(1900, 1, 1), dt.date(9999, 12, 31)]
    if field.kind in (Kind.INTEGER, Kind.DECIMAL):
        return [None] + sorted({field.minimum if field.minimum is not None else -10**9, 0,
                                field.maximum if field.maximum is not None else 10**9})
    return [None, "x"]


@lru_cache(maxsize=None)
def _open_probe(key: str) -> tuple[tuple[str, ...], tuple[tuple[tuple, bool], ...]] | None:
    """The fields the artefact's open_when reads, and its verdict on every combination of their probe values;
    None when there are too many combinations."""
    art = artefact(key)
    keys: list[str] = []
    while True:
        seen: list[str] = list(keys)
        combos = list(itertools.product(*(_probe_values(art, k) for k in keys)))
        if len(combos) > PROBES:
            return None
        verdicts = tuple((combo, bool(art.open_when(_Reading(dict(zip(keys, combo)), seen)))) for combo in combos)
        if seen == keys:
            return tuple(keys), verdicts
        keys = seen


def open_reads(key: str) -> tuple[str, ...] | None:
    """The fields the artefact's open_when reads (None when it could not be told)."""
    probe = _open_probe(key) if artefact(key).open_when is not None else None
    return probe[0] if probe else None


@lru_cache(maxsize=None)
def open_narrowing(key: str) -> dict[str, frozenset]:
    """{choice field: the values an open record may hold in it}, learnt by asking the artefact's open_when about
    every combination of the values of the fields it reads: a callback is open only when it needs a follow-up
    (follow_up_needed = yes), an issue unless resolved or closed. The query fetches only those records; open_when
    still decides record by record. Empty when nothing can be learnt (no choice field read, too many combinations).
    tests/test_pack_output.py proves on random records that no open record falls outside."""
    art = artefact(key)
    probe = _open_probe(key) if art.open_when is not None else None
    if probe is None:
        return {}
    keys, verdicts = probe
    narrowing = {}
    for index, field_key in enumerate(keys):
        if not art.has_field(field_key):
            continue
        field = art.field(field_key)
        if field.kind is not Kind.CHOICE or field.multiple:
            continue
        allowed = frozenset(combo[index] for combo, is_open in verdicts if is_open)
        if allowed != frozenset(_probe_values(art, field_key)):
            narrowing[field_key] = allowed
    return narrowing


def in_scope(scope: Scope, *, lookups: store.Lookups, lang: str = "zh") -> dict[str, list[dict[str, Any]]]:
    return {k: scoped_records(k, scope, lookups=lookups, lang=lang) for k in WORKBOOK_ARTEFACTS}


def describe(scope: Scope, key: str, lang: str, lookups: store.Lookups | None = None) -> str:
    """How a pack chose an artefact's records, in the reader's words: 未关闭的记录 · 优先级=P1；责任部门=客服中心 /
    open records · Priority=P1; Department=Customer Service. A condition on the status names the statuses chosen."""
    art = artefact(key)
    lookups = lookups or store.Lookups()
    conds = ("；" if lang == "zh" else "; ").join(
        f"{art.code_label(lang) if name == 'code' else art.field(name).label(lang)}="
        + "/".join(_shown(art, name, value, lang, lookups) for value in wanted)
        for name, wanted in scope.for_artefact(key).items())
    if not scope.open_only(key):
        return conds
    base = "未关闭的记录" if lang == "zh" else "open records"
    return f"{base} · {conds}" if conds else base


def _shown(art: Artefact, name: str, typed: Any, lang: str, lookups: store.Lookups) -> str:
    """A value of a condition as the reader reads it: a choice, department or date as the documents show it (whichever
    language it was typed in), a text as typed."""
    from reviewdesk.templates import values

    if typed is None or not str(typed).strip():
        return "（空）" if lang == "zh" else "(empty)"
    if name == "code":
        return values.normalize_code(str(typed))
    field = art.field(name)
    if field.kind in (Kind.TEXT, Kind.LONG_TEXT):
        return str(typed).strip()
    try:
        value = store.parse_value(field, typed, lookups, lang)
    except ReviewDeskError:  # refused when the scope was saved; shown as typed should it no longer hold
        return str(typed).strip()
    if field.kind is Kind.DEPARTMENT:
        return "/".join(lookups.department_label(d, lang) for d in (value if isinstance(value, list) else [value]))
    return values.display(field, value, lang)


__all__ = ["Scope", "check", "conditions", "count_matching", "counted", "describe", "in_scope", "meeting_scope",
           "open_narrowing", "read_records", "scoped_and_matching", "scoped_records"]
