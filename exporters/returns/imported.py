"""What earlier imports applied — the files, by digest, and the records they created from new rows — so a workbook
returned twice is recognised instead of creating its new rows again."""
from __future__ import annotations

import hashlib
import json
import os
from collections import defaultdict
from dataclasses import dataclass, field as dc_field
from typing import Any, Iterable, Mapping

from reviewdesk.store.models import ImportBatch, ImportedFile, ImportedRow
from reviewdesk.templates import Artefact, values


def file_digest(path: str | os.PathLike) -> str:
    """SHA-256 of a file's bytes: the same workbook sent twice has the same digest."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def values_json(art: Artefact, created: Mapping[str, Any]) -> dict[str, Any]:
    return {k: values.to_json(art.field(k), v) for k, v in created.items()}


def fingerprint(art: Artefact, created: Mapping[str, Any]) -> str:
    """A new row's values as it would be created, as one text: equal rows, equal texts."""
    return json.dumps(values_json(art, created), sort_keys=True, ensure_ascii=False)


@dataclass
class RowCreated:
    """One record an earlier import created from a new row of an export."""

    code: str
    batch: int
    row: int
    fingerprint: str

    @property
    def values(self) -> dict[str, Any]:
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


def files_applied_before(digests: Mapping[str, str]) -> list[dict[str, Any]]:
    """{file, batch, at} for every file whose very bytes an import applied before (and was not undone)."""
    by_digest = defaultdict(list)
    for name, digest in digests.items():
        by_digest[digest].append(name)
    query = (ImportedFile.select(ImportedFile.sha256, ImportBatch.id, ImportBatch.at)
             .join(ImportBatch, on=(ImportBatch.id == ImportedFile.batch))
             .where(ImportedFile.sha256.in_(list(by_digest)), ImportBatch.undone_at.is_null())
             .order_by(ImportBatch.id))
    seen = []
    for digest, batch, at in query.tuples():
        seen += [{"file": name, "batch": batch, "at": at} for name in by_digest[digest]]
    return seen


def remember(batch: int, sources: Mapping[str, Mapping[str, str | None]],
             created: Iterable[tuple[Mapping[str, Any], str]]) -> None:
    """Record what a batch applied: its files, and each record it created from a new row of an export
    (the plan's created item, the new record's code)."""
    ImportedFile.insert_many([{"batch": batch, "name": name, "sha256": s["sha256"], "export_id": s["export_id"]}
                              for name, s in sources.items()]).execute()
    rows = [{"batch": batch, "export_id": item["export_id"], "artefact": item["artefact"], "row": item["row"],
             "values": item["fingerprint"], "code": code} for item, code in created if item.get("export_id")]
    for start in range(0, len(rows), 500):
        ImportedRow.insert_many(rows[start:start + 500]).execute()


def forget(batch: int, codes: list[str]) -> None:
    """An undo removed these records the batch created: their rows are new again (records the undo kept, because
    someone changed them since, are still that row's records)."""
    for start in range(0, len(codes), 500):
        ImportedRow.delete().where(ImportedRow.batch == batch, ImportedRow.code.in_(codes[start:start + 500])).execute()


def earlier_copies(batch_ids: Iterable[int]) -> dict[int, dict[str, int]]:
    """batch -> {file: the earlier batch that applied the very same file}."""
    ids = list(batch_ids)
    if not ids:
        return {}
    files = list(ImportedFile.select(ImportedFile.batch, ImportedFile.name, ImportedFile.sha256)
                 .order_by(ImportedFile.batch).tuples())
    first: dict[str, int] = {}
    result: dict[int, dict[str, int]] = defaultdict(dict)
    for batch, name, digest in files:
        if digest in first and first[digest] != batch:
            result[batch][name] = first[digest]
        first.setdefault(digest, batch)
    return {b: result[b] for b in ids if b in result}
