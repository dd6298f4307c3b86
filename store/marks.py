"""The SQL form of the marks declared with each artefact (templates/marks.py): counts and filters by a mark."""
from __future__ import annotations

import datetime as dt
from functools import reduce
from operator import and_

import peewee as pw

from reviewdesk.store.db import database
from reviewdesk.store.models import model_for
from reviewdesk.templates import Artefact, Kind
from reviewdesk.templates.marks import (All, AtLeast, Below, Blank, Condition, Filled, Gap, Is, Mark, NotIn, Past,
                                       Recent, Soon)


def where(art: Artefact, condition: Condition | Mark, today: dt.date) -> pw.Expression:
    """A WHERE clause that holds exactly for the records the mark's Python check holds for (a blank column never
    satisfies a comparison, as in Python's check)."""
    condition = condition.when if isinstance(condition, Mark) else condition
    model = model_for(art.key)
    column = (lambda key: getattr(model, key))
    if isinstance(condition, All):
        return reduce(and_, (where(art, part, today) for part in condition.parts))
    if isinstance(condition, Is):
        return column(condition.field) == condition.value
    if isinstance(condition, Below):
        return column(condition.field) < condition.limit
    if isinstance(condition, AtLeast):
        return column(condition.field) >= condition.limit
    if isinstance(condition, Past):
        return column(condition.field) < today
    if isinstance(condition, Soon):
        return column(condition.field).between(today, today + dt.timedelta(days=condition.days))
    if isinstance(condition, Recent):
        return column(condition.field).between(today - dt.timedelta(days=condition.days), today)
    if isinstance(condition, NotIn):
        return column(condition.field).is_null() | column(condition.field).not_in(list(condition.values))
    if isinstance(condition, Blank):
        field = art.field(condition.field)
        blank = column(condition.field).is_null()
        return blank | (column(condition.field) == "") if field.kind in (Kind.TEXT, Kind.LONG_TEXT) else blank
    if isinstance(condition, Filled):
        field = art.field(condition.field)
        given = column(condition.field).is_null(False)
        return given & (column(condition.field) != "") if field.kind in (Kind.TEXT, Kind.LONG_TEXT) else given
    if isinstance(condition, Gap):
        later, earlier = column(condition.later), column(condition.earlier)
        days = days_between(later, earlier)
        return later.is_null(False) & earlier.is_null(False) & (days > condition.days)
    raise TypeError(condition)


def days_between(later: pw.Node, earlier: pw.Node) -> pw.Node:
    """later − earlier in days, in the engine's own terms: SQLite keeps dates as text, PostgreSQL as dates."""
    if isinstance(database.obj, pw.PostgresqlDatabase):
        return later - earlier
    return pw.fn.julianday(later) - pw.fn.julianday(earlier)


def count(art: Artefact, mark: Mark, today: dt.date) -> int:
    """How many records carry the mark today."""
    model = model_for(art.key)
    return model.select().where(where(art, mark, today)).count()


__all__ = ["count", "where"]
