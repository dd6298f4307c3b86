"""Reading the audit log: a record's history and the newest entries, searched as the window's audit page does."""
from __future__ import annotations

import datetime as dt
from typing import Sequence

import peewee as pw

from reviewdesk.templates import values

from reviewdesk.store import sources
from reviewdesk.store.models import AuditEntry
from reviewdesk.store.records import artefact_of, in_chunks


def history(code: str) -> list[AuditEntry]:
    """A record's audit entries, oldest first; NotFound for a code no artefact has."""
    code = values.normalize_code(code)
    art = artefact_of(code)
    return list(AuditEntry.select().where(AuditEntry.artefact == art.key, AuditEntry.code == code)
                .order_by(AuditEntry.id))


def audit_entries(*, code: str | None = None, search: str = "", offset: int = 0,
                  limit: int | None = None) -> list[AuditEntry]:
    """The newest audit entries first, a page at a time: of one record (`code`), or those whose record code, who
    or source (as either language shows it: sources.matches) is `search`."""
    query = AuditEntry.select()
    if code:
        query = query.where(AuditEntry.code == code)
    search = search.strip()
    if search:
        query = query.where((AuditEntry.code == values.normalize_code(search)) | (AuditEntry.who == search)
                            | sources.matches(AuditEntry.source, search))
    query = query.order_by(AuditEntry.id.desc()).offset(offset)
    return list(query.limit(limit) if limit is not None else query)


def filled_at(art_key: str, field_key: str, codes: Sequence[str]) -> dict[str, dt.datetime]:
    """When a field of each of these records was last filled in (given a value where it had none), in UTC as the
    log keeps it; a record whose field was never filled in through ReviewDesk is left out."""
    blank_before = AuditEntry.old.is_null() | (AuditEntry.old == "")
    given_now = AuditEntry.new.is_null(False) & (AuditEntry.new != "")
    rows = in_chunks(codes, lambda chunk: (AuditEntry.select(AuditEntry.code, pw.fn.MAX(AuditEntry.at))
                                           .where(AuditEntry.artefact == art_key, AuditEntry.field == field_key,
                                                  blank_before, given_now, AuditEntry.code.in_(chunk))
                                           .group_by(AuditEntry.code).tuples()))
    return {code: at if isinstance(at, dt.datetime) else dt.datetime.fromisoformat(at) for code, at in rows}
