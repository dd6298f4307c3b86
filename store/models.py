"""peewee models generated from templates/: one table per artefact, plus reference data and bookkeeping."""
from __future__ import annotations

import enum
from collections.abc import Mapping

import peewee as pw

from reviewdesk.templates import ARTEFACTS, REFERENCE_DATA, Field, Kind

from reviewdesk.store.db import database

CHOICE_LENGTH = 40


class BaseModel(pw.Model):
    class Meta:
        database = database
        legacy_table_names = False


class Setting(BaseModel):
    """Key/value facts about this database: schema version, database id."""

    key = pw.CharField(primary_key=True, max_length=40)
    value = pw.TextField()


class Counter(BaseModel):
    """The last number handed out per artefact, so a code is never reused, even after deletion."""

    artefact = pw.CharField(primary_key=True, max_length=40)
    last_number = pw.IntegerField(default=0)


class AuditEntry(BaseModel):
    """One changed field of one record: who, when, old, new and where the change came from."""

    at = pw.DateTimeField(index=True)
    who = pw.CharField(max_length=100)
    artefact = pw.CharField(max_length=40)
    code = pw.CharField(max_length=60)
    action = pw.CharField(max_length=10)  # create / update / delete
    field = pw.CharField(max_length=60, null=True)
    old = pw.TextField(null=True)
    new = pw.TextField(null=True)
    source = pw.CharField(max_length=300)
    batch = pw.IntegerField(null=True, index=True)  # the import batch, since schema version 2
    revision = pw.IntegerField(null=True)  # the record's revision after this change, since schema version 2
    change_id = pw.IntegerField(null=True, index=True)  # the one record change this row is part of, since version 5
    reverses = pw.IntegerField(null=True)  # the change an undo or redo reverses (its change_id), since version 5

    class Meta:
        indexes = ((("artefact", "code"), False),)


class ImportBatch(BaseModel):
    """One applied import (schema version 2): its files, department and counts, and whether it was undone."""

    at = pw.DateTimeField()
    who = pw.CharField(max_length=100)
    files = pw.TextField()  # JSON list of file names
    department = pw.CharField(max_length=40, null=True)
    counts = pw.TextField()  # JSON {artefact: {created, updated, ...}}
    undone_at = pw.DateTimeField(null=True)
    undone_by = pw.CharField(max_length=100, null=True)


class Storage(enum.Enum):
    """What a declared field's column holds, as the database driver hands it over and takes it back."""

    INTEGER = "integer"
    DECIMAL = "decimal"
    DATE = "date"
    ROW_ID = "row id"  # the id of a department, a person or a referenced record
    TEXT = "text"  # text, choices, multiple values and structured fields (as JSON)


def storage(field: Field) -> Storage:
    """How one declared field is stored (its column below; the store's reader and writer follow it)."""
    if field.kind is Kind.INTEGER:
        return Storage.INTEGER
    if field.kind is Kind.DECIMAL:
        return Storage.DECIMAL
    if field.kind is Kind.DATE:
        return Storage.DATE
    if field.kind is Kind.REFERENCE or (field.kind in (Kind.DEPARTMENT, Kind.PERSON) and not field.multiple):
        return Storage.ROW_ID
    return Storage.TEXT


def _column(field: Field) -> pw.Field:
    """The database column of one declared field."""
    stored = storage(field)
    if stored is Storage.INTEGER:
        return pw.IntegerField(null=True)
    if stored is Storage.DECIMAL:
        return pw.DecimalField(max_digits=20, decimal_places=6, null=True)
    if stored is Storage.DATE:
        return pw.DateField(null=True)
    if stored is Storage.ROW_ID:
        if field.kind is Kind.DEPARTMENT:
            target = Department
        else:
            target = Person if field.kind is Kind.PERSON else model_for(field.reference)
        return pw.ForeignKeyField(target, null=True, on_delete="RESTRICT", backref="+")
    if field.kind is Kind.CHOICE and not field.multiple:
        return pw.CharField(max_length=CHOICE_LENGTH, null=True, index=True)
    return pw.TextField(null=True)  # text, long text, multiple values and structured fields (as JSON)


def _make(name: str, base: type[pw.Model], fields, extra: dict) -> type[pw.Model]:
    attrs = {"__module__": __name__, **extra}
    attrs.update({f.key: _column(f) for f in fields if f.key not in extra})
    return type(name, (base,), attrs)


class RecordModel(BaseModel):
    """The bookkeeping every artefact record carries."""

    code = pw.CharField(max_length=20, unique=True)
    number = pw.IntegerField()  # the numeric part of the code, for sorting ISS-0009 before ISS-0010
    revision = pw.IntegerField(default=1)
    created_at = pw.DateTimeField()
    created_by = pw.CharField(max_length=100)
    updated_at = pw.DateTimeField(index=True)
    updated_by = pw.CharField(max_length=100)
    last_change = pw.IntegerField(null=True)  # the change_id of its latest change (schema version 7): a team
    # database's server writes the audit rows from the row itself (store/server.py)


Department = _make("Department", BaseModel, REFERENCE_DATA["department"].fields, {
    "code": pw.CharField(max_length=20, unique=True),
    "position": pw.IntegerField(default=0),
})
Person = _make("Person", BaseModel, REFERENCE_DATA["person"].fields, {
    "name": pw.CharField(max_length=60, unique=True),
})

_MADE: dict[str, tuple[object, type[RecordModel]]] = {}  # artefact key -> (its declaration, the model made from it)


def model_for(artefact_key: str) -> type[RecordModel]:
    """The table of an artefact's records, made from its declaration when first asked for (an artefact declared
    later, with templates.declare, gets its own; one declared anew, a new one)."""
    art = ARTEFACTS[artefact_key]
    made = _MADE.get(artefact_key)
    if made is None or made[0] is not art:
        made = _MADE[artefact_key] = (art, _make("".join(p.title() for p in art.key.split("_")), RecordModel,
                                                 art.fields, {}))
    return made[1]


class _Models(Mapping[str, type[RecordModel]]):
    """Each declared artefact's model by key, following the declarations as they are (templates.declare/withdraw)."""

    def __getitem__(self, key: str) -> type[RecordModel]:
        return model_for(key)

    def __iter__(self):
        return iter(list(ARTEFACTS))

    def __len__(self) -> int:
        return len(ARTEFACTS)


MODELS: Mapping[str, type[RecordModel]] = _Models()


for _key in ARTEFACTS:  # declaration order puts referenced artefacts first
    model_for(_key)

class ImportedFile(BaseModel):
    """One file an import batch applied: its content's digest, so the same file coming back is recognised."""

    batch = pw.IntegerField(index=True)
    name = pw.CharField(max_length=260)
    sha256 = pw.CharField(max_length=64, index=True)
    export_id = pw.CharField(max_length=64, null=True)  # from the workbook's contract


class ImportedRow(BaseModel):
    """A record an import created from a new row of an exported workbook: which export, sheet row and values, so
    that row coming back (the same file again, or a later version of it) updates that record, never a copy."""

    batch = pw.IntegerField(index=True)
    export_id = pw.CharField(max_length=64)
    artefact = pw.CharField(max_length=40)
    row = pw.IntegerField()  # the Excel row it was on
    values = pw.TextField()  # its values as created, JSON with sorted keys
    code = pw.CharField(max_length=20)

    class Meta:
        indexes = ((("export_id", "artefact"), False),)


class Account(BaseModel):
    """A person's account on a team database (schema version 7): the PostgreSQL login role of that name, the
    department it works for and its role there (store/accounts.py); empty in a file database."""

    name = pw.CharField(primary_key=True, max_length=63)  # PostgreSQL's longest role name
    department = pw.ForeignKeyField(Department, null=True, on_delete="RESTRICT", backref="+")
    role = pw.CharField(max_length=20)  # organizer / lead / member
    disabled = pw.BooleanField(default=False)
    added_at = pw.DateTimeField()
    added_by = pw.CharField(max_length=100)


class RoundSent(BaseModel):
    """One department's workbook of a review round (schema version 8): the meeting, the export in its hidden
    contract, the file and e-mail draft, when it went out and by when it should come back."""

    meeting = pw.CharField(max_length=20, index=True)  # the meeting's code
    department = pw.CharField(max_length=20)  # the department's code
    export_id = pw.CharField(max_length=64, unique=True)
    file = pw.CharField(max_length=260)
    workbook = pw.BlobField()  # its bytes: a reminder attaches the very workbook again
    address = pw.CharField(max_length=254, null=True)  # the department's contact e-mail when the draft was written
    sent_at = pw.DateTimeField()
    sent_by = pw.CharField(max_length=100)
    deadline = pw.DateField(null=True)


class RoundReturn(BaseModel):
    """A department's workbook of a round coming back (schema version 8): each import of it, applied or with
    nothing it may apply, with what it held."""

    export_id = pw.CharField(max_length=64, index=True)
    file = pw.CharField(max_length=260)
    returned_at = pw.DateTimeField()
    batch = pw.IntegerField(null=True)  # the import batch, None when nothing could be applied
    changes = pw.IntegerField(default=0)  # records created or updated
    not_permitted = pw.IntegerField(default=0)
    conflicts = pw.IntegerField(default=0)


BOOKKEEPING = [Setting, Counter, AuditEntry, ImportBatch, ImportedFile, ImportedRow, RoundSent, RoundReturn]


def all_models() -> list[type[pw.Model]]:
    """Every table of a database, in an order that creates referenced tables first."""
    return [*BOOKKEEPING, Department, Person, Account, *(model_for(k) for k in ARTEFACTS)]


def column_name(model: type[pw.Model], key: str) -> str:
    return model._meta.fields[key].column_name


def table_name(model: type[pw.Model]) -> str:
    return model._meta.table_name
