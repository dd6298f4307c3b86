"""The hidden list sheet: every drop-down's values, referenced by range (inline lists over 255 characters break)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

from reviewdesk import store
from reviewdesk.store import reference
from reviewdesk.templates import Artefact, Field, FieldError, Kind

from reviewdesk.exporters.xlsx.styles import Styles

LIST_SHEET = "_lists"


@dataclass(frozen=True)
class ListRef:
    """One list on the list sheet: its title (row 1) and values (rows 2…) in one column."""

    title: str
    values: tuple[str, ...]
    column: int

    @property
    def source(self) -> str:
        """The range a data validation points at, e.g. ='_lists'!$B$2:$B$4."""
        letter = xl_col_to_name(self.column)
        return f"='{LIST_SHEET}'!${letter}$2:${letter}${len(self.values) + 1}"


def has_list(field: Field) -> bool:
    """Fields typed by picking from a list: single choices, departments and people (not computed ones)."""
    return (not field.is_computed and not field.multiple
            and field.kind in (Kind.CHOICE, Kind.DEPARTMENT, Kind.PERSON))


class Lists:
    """The drop-down lists of one workbook, in the workbook's language; identical lists are shared."""

    def __init__(self, lang: str, lookups: store.Lookups, people: Sequence[dict]):
        self.lang = lang
        self.lookups = lookups
        self.department_names = tuple(lookups.department_label(code, lang) for code in lookups.department_labels)
        self.people = tuple(people)
        self.person_names = tuple(p["name"] for p in people)
        self.refs: list[ListRef] = []
        self._by_values: dict[tuple[str, ...], ListRef] = {}
        self._by_field: dict[tuple[str, str], ListRef | None] = {}

    def department_name(self, typed: str) -> str:
        """A department typed by its code or either name, named in the workbook's language; as typed if unknown."""
        try:
            return self.lookups.department_label(self.lookups.department(None, typed), self.lang)
        except FieldError:
            return typed

    def _add(self, title: str, values: tuple[str, ...]) -> ListRef | None:
        if not values:
            return None  # an empty list would refuse every typed value: no drop-down instead
        ref = self._by_values.get(values)
        if ref is None:
            ref = ListRef(title, values, len(self.refs))
            self.refs.append(ref)
            self._by_values[values] = ref
        return ref

    def values_for(self, field: Field) -> tuple[str, ...]:
        if field.kind is Kind.CHOICE:
            return tuple(c.label(self.lang) for c in field.choices)
        if field.kind is Kind.DEPARTMENT:
            return self.department_names
        if field.kind is Kind.PERSON:
            return tuple(p["name"] for p in self.people if p["role"] in field.roles) if field.roles else self.person_names
        return ()

    def register(self, artefacts: Iterable[Artefact]) -> None:
        for art in artefacts:
            for field in art.fields:
                if has_list(field):
                    self.for_field(art, field)

    def for_field(self, art: Artefact, field: Field) -> ListRef | None:
        key = (art.key, field.key)
        if key not in self._by_field:
            person = f"person ({', '.join(field.roles)})" if field.roles else "person"
            title = {Kind.DEPARTMENT: "department", Kind.PERSON: person}.get(field.kind, f"{art.key}.{field.key}")
            self._by_field[key] = self._add(title, self.values_for(field)) if has_list(field) else None
        return self._by_field[key]

    def write(self, sheet: Worksheet, styles: Styles, password: str | None = None) -> None:
        """Fill the list sheet row by row (constant-memory friendly), hide it and protect it."""
        for ref in self.refs:
            sheet.set_column(ref.column, ref.column, 18)
        longest = max((len(r.values) for r in self.refs), default=0)
        bold = styles.text(bold=True)
        for row in range(longest + 1):
            for ref in self.refs:
                if row == 0:
                    sheet.write_string(0, ref.column, ref.title, bold)
                elif row <= len(ref.values):
                    sheet.write_string(row, ref.column, ref.values[row - 1])
        sheet.hide()
        sheet.protect(password or "")


def write_lists(sheet: Worksheet, styles: Styles, lang: str, lookups: store.Lookups, arts: Iterable[Artefact],
                password: str | None) -> Lists:
    """The drop-down lists of these artefacts' sheets, written to the hidden list sheet."""
    lists = Lists(lang, lookups, reference.people())
    lists.register(arts)
    lists.write(sheet, styles, password)
    return lists
