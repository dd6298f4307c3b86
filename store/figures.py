"""The database's side of the review's figures (templates/figures.py): records picked by a condition, grouped by the
fields a figure reads and counted, so that 100,000 callbacks are counted without being read one by one."""
from __future__ import annotations

import datetime as dt
from typing import Any, Iterable, Iterator, Mapping, Sequence

import peewee as pw

from reviewdesk.store.db import database
from reviewdesk.store.models import model_for
from reviewdesk.store.records import Lookups, RowReader, matching
from reviewdesk.templates import Artefact, artefact
from reviewdesk.templates.figures import Figures, gather_counted
from reviewdesk.templates.marks import Condition


def count_groups(art: Artefact, reads: Sequence[str], condition: Condition | None = None, *, today: dt.date,
                 filters: Mapping[str, Iterable[Any]] | None = None, ranges: Mapping[str, tuple] | None = None,
                 lookups: Lookups | None = None, lang: str = "zh") -> Iterator[tuple[dict[str, Any], int]]:
    """The records matching `filters` and `ranges` (as select_records takes them) and `condition` (its SQL form),
    grouped by the fields `reads`: one (record holding those fields, how many records hold these values) per group,
    the groups in the order of their first record in code order."""
    lookups = lookups or Lookups()
    model = model_for(art.key)
    columns = [getattr(model, k) for k in reads]
    first = pw.fn.MIN(model.number)
    query = matching(art.key, filters, ranges=ranges, condition=condition, today=today, lookups=lookups,
                     lang=lang).select(*columns, pw.fn.COUNT(pw.SQL("*")), first)
    if columns:
        query = query.group_by(*columns).order_by(first)
    sql, params = query.sql()
    reader = RowReader(art, lookups, reads)
    readers = [reader.value(k) for k in reads]
    for row in database.execute_sql(sql, params):
        if row[-2]:
            yield {k: read(value) for k, read, value in zip(reads, readers, row)}, row[-2]


def count_figures(keys: Sequence[str], today: dt.date, *,
                  filters: Mapping[str, Mapping[str, Iterable[Any]]] | None = None, lookups: Lookups | None = None,
                  lang: str = "zh") -> Figures:
    """The figures of these artefacts over their whole tables (or the records `filters[key]` picks)."""
    lookups = lookups or Lookups()

    def counted(art: Artefact, reads: Sequence[str], condition: Condition | None):
        return count_groups(art, reads, condition, today=today, filters=(filters or {}).get(art.key), lookups=lookups,
                       lang=lang)
    return gather_counted(counted, [artefact(k) for k in keys], today, lookups.owning_department)


__all__ = ["count_figures", "count_groups"]
