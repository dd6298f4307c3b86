"""The vocabulary every artefact declaration is written in: kinds, choices, fields, artefacts."""
from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any, Callable, Mapping

from .documents import Layout, default_layout
from .figures import Figure
from .language import t
from .marks import Condition, Mark, fields


class Kind(str, enum.Enum):
    """What a field holds; every consumer (database, form, sheet, document, importer) switches on it."""

    TEXT = "text"
    LONG_TEXT = "long_text"
    INTEGER = "integer"
    DECIMAL = "decimal"
    DATE = "date"
    CHOICE = "choice"
    REFERENCE = "reference"  # the code of another artefact's record
    DEPARTMENT = "department"  # a department code
    PERSON = "person"  # a person's name
    AGENDA = "agenda"  # ordered items, each with its decision (meetings only)
    SCOPE = "scope"  # per artefact, the filters of a meeting's pack (meetings only)


@dataclass(frozen=True)
class Choice:
    key: str
    zh: str
    en: str

    def label(self, lang: str) -> str:
        return t(lang, self.zh, self.en)


@dataclass(frozen=True)
class Gathered:
    """A value the store gathers from the records that refer to this one, never typed: the `take` field of the
    first or last record of `artefact` whose reference `via` names this one, in the order of `order` (then of entry).
    The store writes it whenever such a record is created, changed, deleted or restored (store/gathered.py)."""

    artefact: str
    via: str
    order: str
    take: str
    last: bool = True


def _kept(key: str) -> Callable[[Mapping[str, Any]], Any]:
    """A gathered field's computed rule: it keeps what the store gathered (a change of the record itself keeps it)."""
    def keep(record: Mapping[str, Any]) -> Any:
        return record.get(key)
    keep.reads = frozenset({key})
    return keep


@dataclass(frozen=True, eq=False)  # each field is declared once: identity is equality, and hashing is cheap
class Field:
    """One field of an artefact, declared once and read by every layer."""

    key: str
    zh: str
    en: str
    kind: Kind
    required: bool = False
    choices: tuple[Choice, ...] = ()
    max_length: int | None = None
    minimum: float | None = None
    maximum: float | None = None
    reference: str | None = None  # artefact key, for Kind.REFERENCE
    multiple: bool = False  # several departments/people in one field
    roles: tuple[str, ...] = ()  # for Kind.PERSON: the roles a person must have (any role when empty)
    default: Any = None
    personal: bool = False  # masked in exports unless asked
    computed: Callable[[Mapping[str, Any]], Any] | None = None  # derived, never typed
    gathered: Gathered | None = None  # gathered by the store from the records referring to this one (computed too)
    hint_zh: str = ""
    hint_en: str = ""
    example: Any = None

    def __post_init__(self) -> None:
        if self.gathered is not None and self.computed is None:
            object.__setattr__(self, "computed", _kept(self.key))

    def label(self, lang: str) -> str:
        return t(lang, self.zh, self.en)

    def hint(self, lang: str) -> str:
        return t(lang, self.hint_zh, self.hint_en)

    @property
    def is_computed(self) -> bool:
        return self.computed is not None

    @property
    def computed_from(self) -> frozenset[str] | None:
        """The fields a computed field is worked out from (None: it may read any)."""
        return fields_read(self.computed) if self.computed else frozenset()

    def choice(self, key: str) -> Choice | None:
        for c in self.choices:
            if c.key == key:
                return c
        return None

    @property
    def is_long(self) -> bool:
        return self.kind is Kind.LONG_TEXT


@dataclass(frozen=True)
class Rule:
    """A check across several fields; returns (zh, en) messages when the record breaks it."""

    field: str  # the field the message is shown beside
    check: Callable[[Mapping[str, Any]], tuple[str, str] | None]

    @property
    def reads(self) -> frozenset[str] | None:
        """The fields the check reads (None: it may read any)."""
        return fields_read(self.check)


@dataclass(frozen=True, eq=False)  # declared once each: identity is equality, and hashing is cheap
class Artefact:
    key: str
    zh: str
    en: str
    prefix: str  # code prefix: ISS, TGT, ...
    code_zh: str  # label of the code column
    code_en: str
    sheet_zh: str
    sheet_en: str
    fields: tuple[Field, ...]
    rules: tuple[Rule, ...] = ()
    department_field: str | None = None  # whose rows a department workbook holds: a department, a person in it, or
    # a reference whose record's department it is (a reading's rows are its target's department's)
    department_editable: tuple[str, ...] = ()  # columns that department may change
    department_may_add: bool = False
    department_adds_as: str | None = None  # the department field a department's new row names it in (default: above)
    open: Condition | None = None  # the records still open: a meeting's pack holds these by default
    pack_default: Condition | None = None  # what else narrows a pack's default (a reading is never closed: the recent)
    marks: tuple[Mark, ...] = ()  # what a reviewer looks for (templates/marks.py), single-column marks first
    figures: tuple[Figure, ...] = ()  # what it adds to the review's figures (templates/figures.py)
    layout: Layout | None = None  # its Word section (templates/documents.py); None: a count and the table
    in_workbooks: bool = True  # exported to workbooks and packs, and imported back (meetings are not)

    @property
    def adding_department_field(self) -> str | None:
        """The field that names the department adding a row in its workbook (a request: the requesting one)."""
        return self.department_adds_as or self.department_field

    def mark(self, key: str) -> Mark:
        return next(m for m in self.marks if m.key == key)

    def figure(self, key: str) -> Figure:
        return next(f for f in self.figures if f.key == key)

    @property
    def pack_conditions(self) -> tuple[tuple[Condition, frozenset[str]], ...]:
        """What a meeting's pack holds by default, each with the fields whose naming in the pack's scope lifts it:
        the open records (lifted by a condition on the status) and the declared pack default (by one on its fields)."""
        found = []
        if self.open is not None:
            found.append((self.open, frozenset({"status"})))
        if self.pack_default is not None:
            found.append((self.pack_default, frozenset(fields(self.pack_default))))
        return tuple(found)

    @property
    def section(self) -> Layout:
        return self.layout or default_layout(self.zh, self.en)

    @property
    def flags(self) -> dict[str, Callable[..., bool]]:
        """Each mark's check by its key: flags["overdue"](record, today)."""
        return {m.key: m.holds for m in self.marks}

    def label(self, lang: str) -> str:
        return t(lang, self.zh, self.en)

    def sheet(self, lang: str) -> str:
        return t(lang, self.sheet_zh, self.sheet_en)

    def code_label(self, lang: str) -> str:
        return t(lang, self.code_zh, self.code_en)

    def field(self, key: str) -> Field:
        for f in self.fields:
            if f.key == key:
                return f
        raise KeyError(key)

    def field_named(self, name: str) -> Field | None:
        """The field a person means by a key or a label in either language (case, width and spaces ignored)."""
        from reviewdesk.templates.values import fold

        wanted = fold(name)
        for f in self.fields:
            if wanted in (fold(f.key), fold(f.zh), fold(f.en)):
                return f
        return None

    def has_field(self, key: str) -> bool:
        return any(f.key == key for f in self.fields)

    @property
    def input_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if not f.is_computed)

    @property
    def computed_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.is_computed)

    @property
    def gathered_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.gathered is not None)


def fields_read(function: Callable[..., Any]) -> frozenset[str] | None:
    """The fields a computed field or check declares it reads with rules.reads; None when it declares nothing."""
    return getattr(function, "reads", None)


def choices(*triples: tuple[str, str, str]) -> tuple[Choice, ...]:
    return tuple(Choice(k, zh, en) for k, zh, en in triples)
