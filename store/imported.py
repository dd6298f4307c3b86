"""What a returned workbook is checked against: the files and new rows earlier imports applied (so a workbook
returned twice is recognised instead of creating its new rows again), and the fields changed since an export."""
from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass, field as dc_field
from typing import Any, Iterable, Mapping, Sequence

from reviewdesk.templates import Artefact, values

from reviewdesk.store.models import AuditEntry, ImportBatch, ImportedFile, ImportedRow
from reviewdesk.store.records import in_chunks


def new_row_fingerprint(art: Artefact, created: Mapping[str, Any]) -> str:
    """A new row's values as it would be created, as one text: equal rows, equal texts."""
    return json.dumps({k: values.to_json(art.field(k), v) for k, v in created.items()}, sort_keys=True,
                      ensure_ascii=False)


@dataclass(frozen=True)
class SourceFile:
    """A returned workbook as an import batch remembers it: its name, the digest of its bytes (the same file sent
    twice has the same digest) and the export it came from (None: typed from scratch, or another tool's)."""

    name: str
    sha256: str
    export_id: str | None = None


@dataclass(frozen=True)
class AppliedBefore:
    """A file whose very bytes an earlier import batch (not undone) applied."""

    file: str
    batch: int
    at: dt.datetime

    def to_json(self) -> dict[str, Any]:
        return {"file": self.file, "batch": self.batch, "at": self.at.isoformat(timespec="seconds")}


@dataclass
class RowCreated:
    """One record an earlier import created from a new row of an export."""

    code: str
    batch: int
    row: int
    fingerprint: str

    @property
    def values(self) -> dict[str, Any]:
        """Its values as created, as JSON values (values.to_json)."""
        return json.loads(self.fingerprint)


@dataclass
class EarlierRows:
    """The records created from one export's new rows of one artefact, each claimed by at most one row of a plan."""

    by_row: dict[int, list[RowCreated]] = dc_field(default_factory=lambda: defaultdict(list))
    by_fingerprint: dict[str, list[RowCreated]] = dc_field(default_factory=lambda: defaultdict(list))
    claimed: set[str] = dc_field(default_factory=set)

    @classmethod
    def of(cls, export_id: str | None, art_key: str) -> "EarlierRows":
        rows = cls()
        if export_id is None:
            return rows
        query = (ImportedRow.select(ImportedRow.code, ImportedRow.batch, ImportedRow.row, ImportedRow.values)
                 .where(ImportedRow.export_id == export_id, ImportedRow.artefact == art_key)
                 .order_by(ImportedRow.id))
        for code, batch, row, text in query.tuples():
            created = RowCreated(code, batch, row, text)
            rows.by_row[row].append(created)
            rows.by_fingerprint[text].append(created)
        return rows

    def claim(self, row: int, fingerprint: str) -> RowCreated | None:
        """The record this row created before: the same values on the same row, else the same values elsewhere
        (rows sorted), else whatever that row created (a later version of it); None for a row never seen."""
        same_place = [c for c in self.by_row.get(row, ()) if c.code not in self.claimed]
        found = next((c for c in same_place if c.fingerprint == fingerprint), None) \
            or next((c for c in self.by_fingerprint.get(fingerprint, ()) if c.code not in self.claimed), None) \
            or next(iter(same_place), None)
        if found is not None:
            self.claimed.add(found.code)
        return found


def files_applied_before(files: Iterable[SourceFile]) -> list[AppliedBefore]:
    """Every file whose very bytes an import applied before (and was not undone), in the order of the batches."""
    by_digest = defaultdict(list)
    for source in files:
        by_digest[source.sha256].append(source.name)
    query = (ImportedFile.select(ImportedFile.sha256, ImportBatch.id, ImportBatch.at)
             .join(ImportBatch, on=(ImportBatch.id == ImportedFile.batch))
             .where(ImportedFile.sha256.in_(list(by_digest)), ImportBatch.undone_at.is_null())
             .order_by(ImportBatch.id))
    return [AppliedBefore(name, batch, at) for digest, batch, at in query.tuples() for name in by_digest[digest]]


def values_at_export(art_key: str, revisions: Mapping[str, int],
                     exported: Mapping[str, int]) -> dict[tuple[str, str], str | None]:
    """(code, field) -> the field's value at export (audit text), for every field the database changed after the
    export; `revisions` are the records' current revisions, `exported` their revisions at export."""
    moved: Sequence[str] = [c for c, r in revisions.items() if c in exported and r > exported[c]]
    result: dict[tuple[str, str], str | None] = {}
    rows = in_chunks(moved, lambda chunk: (
        AuditEntry.select(AuditEntry.code, AuditEntry.field, AuditEntry.old, AuditEntry.revision)
        .where(AuditEntry.artefact == art_key, AuditEntry.code.in_(chunk), AuditEntry.action == "update")
        .order_by(AuditEntry.id).tuples()))
    for code, field, old, revision in rows:
        if revision is not None and revision > exported[code] and (code, field) not in result:
            result[(code, field)] = old
    return result


__all__ = ["AppliedBefore", "EarlierRows", "RowCreated", "SourceFile", "files_applied_before", "new_row_fingerprint",
           "values_at_export"]
