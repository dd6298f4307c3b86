"""How an artefact's Word section is laid out, declared with the artefact as a list of blocks that
exporters/word/sections.py draws: a lead sentence with figures filled in, headings, the priority matrix, key
figures, record tables (ordered, grouped, narrowed), targets' attainment, a sign-off table, and the form of one
record."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Union

from reviewdesk.templates.marks import Condition


@dataclass(frozen=True)
class Lead:
    """A sentence under the heading. `{rows}` is the number of records in the section, `{listed}` of those the next
    record table lists, `{<figure key>}` a figure's value over the section's records (a BY figure by value:
    `{by_priority[P1]}`)."""

    zh: str
    en: str


@dataclass(frozen=True)
class Heading:
    zh: str
    en: str


@dataclass(frozen=True)
class MatrixTable:
    """A MATRIX figure as a table, high values at the top, each cell with its class (the figure's `cell` field: the
    priority) and its count; and the figure's chart when the document has charts."""

    figure: str
    zh: str
    en: str


@dataclass(frozen=True)
class KeyFigures:
    """A table of figures (label, value), over every record the section is taken from; then `chart`'s chart."""

    figures: tuple[str, ...]
    zh: str
    en: str
    chart: str | None = None


@dataclass(frozen=True)
class Given:
    """An ordering by whether a field is filled: the records without it first."""

    field: str


@dataclass(frozen=True)
class Milestones:
    """Per group: how many records, how many done, how many carry `mark`, the first start, the last end and the
    average of `progress`."""

    start: str
    end: str
    progress: str
    done: Condition
    mark: str


@dataclass(frozen=True)
class Records:
    """The records as a table (caption zh/en): `fields` as columns (default: every field a table shows), `details`
    in a row under each record (default: the long texts that are not required), ordered by `order` (field keys or
    Given; blanks last; then the code), only those `only` holds for. With `group_by`, a milestone table and then one
    table per value of that choice field. `in_pack` False: a review pack leaves the table out and says the pack's
    workbook lists them (a table of thousands of rows nobody reads in a meeting, written at length)."""

    zh: str
    en: str
    order: tuple[Union[str, Given], ...] = ()
    fields: tuple[str, ...] | None = None
    details: tuple[str, ...] | None = None
    only: Condition | None = None
    group_by: str | None = None
    milestones: Milestones | None = None
    in_pack: bool = True


@dataclass(frozen=True)
class Attainment:
    """Under a heading, per target that the section's records name in `via`: its figures (baseline, latest reading,
    target value, attainment, tracking, due date), its line chart and its pilot's before and after
    (templates/progress.py), worked out from the section's records (a pack's: every reading matching its conditions,
    also those older than the recent ones its workbook lists)."""

    zh: str
    en: str
    via: str = "target"


@dataclass(frozen=True)
class SignOff:
    """A table for each department named in `by` to confirm its records (□ agree …, signature, date)."""

    by: str
    zh: str
    en: str


@dataclass(frozen=True)
class Form:
    """One record as the seed's form: pairs of fields side by side, wide fields across the row, then a signature
    row for each of `signatures` (zh, en)."""

    pairs: tuple[tuple[str, str], ...]
    wide: tuple[str, ...]
    signatures: tuple[tuple[str, str], ...] = ()
    title: str | None = None  # the field shown beside the code in each form's heading


Block = Union[Lead, Heading, MatrixTable, KeyFigures, Records, Attainment, SignOff]


@dataclass(frozen=True)
class Layout:
    """An artefact's Word section, on landscape pages (wide tables) unless told; `form`: its own document shows each
    record as this form instead of the tables, on portrait pages."""

    blocks: tuple[Block, ...]
    landscape: bool = True
    form: Form | None = None


def default_layout(zh: str, en: str) -> Layout:
    """The section of an artefact that declares none: how many records, and their table."""
    return Layout((Lead("共 {rows} 条记录。", "{rows} record(s)."), Records(zh, en)))


__all__ = ["Attainment", "Block", "Form", "Given", "Heading", "KeyFigures", "Layout", "Lead", "MatrixTable",
           "Milestones", "Records", "SignOff", "default_layout"]
