"""Gathered fields (templates/schema.Gathered): worked out again from the records referring to a record, in the
transaction that changed those, without a new revision or audit rows; and once a day for what depends on today."""
from __future__ import annotations

import datetime as dt
from typing import Any, Iterable

from reviewdesk.templates import ARTEFACTS, Artefact, artefact

from reviewdesk.store import server
from reviewdesk.store.db import database, engine_name
from reviewdesk.store.models import Setting, column_name, model_for, table_name
from reviewdesk.store.records import Lookups, RowReader, column_value, select_rows

REFRESHED_ON = "gathered_refreshed_on"  # the Setting naming the day every gathered record was last worked out


def refresh(into_key: str, codes: Iterable[str], lookups: Lookups) -> int:
    """Work out the gathered fields of these records of `into_key` and every computed field that follows from
    them, and write those that changed; returns how many records were written.

    Derived values are not a person's change: the record keeps its revision (a form open on it still saves),
    its updated_at/by, and no audit row is written (the change of the referring record is audited)."""
    into = artefact(into_key)
    codes = sorted({c for c in codes if c})
    if not codes or not into.gathered_fields:
        return 0
    keys = ["code", *(f.key for f in into.fields)]
    reader = RowReader(into, lookups, keys)
    records = {r["code"]: r for r in map(reader.record, select_rows(into_key, keys, codes=codes, lookups=lookups))}
    gathered = _gather(into, list(records), lookups)
    derived = [f for f in into.computed_fields]
    rows = []
    for code, record in records.items():
        before = {f.key: record[f.key] for f in derived}
        for f in into.gathered_fields:
            record[f.key] = gathered.get((code, f.key))
        for f in derived:
            if f.gathered is None:
                record[f.key] = f.computed(record)
        if any(record[f.key] != before[f.key] for f in derived):
            rows.append(record)
    if rows:
        _write(into, derived, rows, lookups)
    return len(rows)


def _gather(into: Artefact, codes: list[str], lookups: Lookups) -> dict[tuple[str, str], Any]:
    """(code, gathered field key) -> the value gathered for it, for records that have one: per record, the first
    and the last referring record by the order (then by entry), each one indexed lookup that the database sorts."""
    found: dict[tuple[str, str], Any] = {}
    sources: dict[tuple[str, str, str], list] = {}
    for f in into.gathered_fields:
        g = f.gathered
        sources.setdefault((g.artefact, g.via, g.order), []).append(f)
    for (source_key, via, order), fields in sources.items():
        source, model = artefact(source_key), model_for(source_key)
        takes = list(dict.fromkeys(f.gathered.take for f in fields))
        reader = RowReader(source, lookups, takes)
        columns = [model._meta.fields[k] for k in takes]
        ordered = model._meta.fields[order]
        for last in sorted({f.gathered.last for f in fields}):
            ranking = (ordered.desc(), model.id.desc()) if last else (ordered.asc(), model.id.asc())
            for code in codes:
                query = model.select(*columns).where(getattr(model, via) == lookups.record_id(into.key, code),
                                                     ordered.is_null(False)).order_by(*ranking).limit(1).tuples()
                row = next(iter(query), None)
                if row is None:
                    continue
                record = reader.record(row)
                for f in fields:
                    if f.gathered.last == last:
                        found[(code, f.key)] = record[f.gathered.take]
    return found


def _write(into: Artefact, derived: list, rows: list[dict[str, Any]], lookups: Lookups) -> None:
    model = model_for(into.key)
    writers = [column_value(f, lookups) for f in derived]
    if engine_name() == "postgresql":  # through the server's function: every account's change may need it
        server.write_derived(into.key, [{"code": r["code"], **{f.key: r[f.key] if w is None or r[f.key] is None
                                                              else w(r[f.key]) for f, w in zip(derived, writers)}}
                                        for r in rows])
        return
    assigned = ", ".join(f'"{column_name(model, f.key)}" = {database.param}' for f in derived)
    sql = f'UPDATE "{table_name(model)}" SET {assigned} WHERE "code" = {database.param}'
    values = [(*[r[f.key] if w is None or r[f.key] is None else w(r[f.key]) for f, w in zip(derived, writers)],
               r["code"]) for r in rows]
    database.cursor().executemany(sql, values)


def refresh_all(lookups: Lookups | None = None) -> int:
    """Work out every gathered record again (what depends on today, such as a target's tracking, moves on with the
    date); returns how many records changed."""
    lookups = lookups or Lookups()
    changed = 0
    with database.atomic():
        for art in list(ARTEFACTS.values()):
            if art.gathered_fields:
                model = model_for(art.key)
                changed += refresh(art.key, [c for (c,) in model.select(model.code).tuples()], lookups)
    return changed


def refresh_once_a_day(today: dt.date | None = None) -> None:
    """refresh_all on the first opening of the database on a new day."""
    today = (today or dt.date.today()).isoformat()
    row = Setting.get_or_none(Setting.key == REFRESHED_ON)
    if row is not None and row.value == today:
        return
    with database.atomic():
        refresh_all()
        Setting.insert(key=REFRESHED_ON, value=today).on_conflict(
            conflict_target=[Setting.key], update={Setting.value: today}).execute()
