"""What each artefact adds to the review's figures (counts by a field, the matrix, averages, shares, the most
frequent texts), declared with the artefact, and the one function that works them out for every face.

A figure counts the records its `only` picks: every record, the open ones (the artefact's `open` condition),
those carrying one of its marks, or those a condition of its own picks. Over records in memory each record counts
once (`gather`); over a whole table the database picks the records and groups them by the fields a figure reads,
and each group counts as many as it holds (`gather_counted`, fed by the store), so the dashboard, the workbook's
overview sheet and the pack's summary show the same numbers from the same declarations.
"""
from __future__ import annotations

import datetime as dt
import enum
from collections import Counter
from dataclasses import dataclass, field as dc_field
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping, Sequence, Union

from reviewdesk.templates import language
from reviewdesk.templates.marks import Condition, check, holds

if TYPE_CHECKING:
    from reviewdesk.templates.schema import Artefact

Record = Mapping[str, Any]
OPEN = "open"  # Figure.only: the records the artefact's `open` condition holds for
OWNER = "@department"  # a figure's field: the department a record belongs to (a callback: its follow-up owner's)


class Measure(str, enum.Enum):
    COUNT = "count"  # how many records
    BY = "by"  # how many per value of one field
    MATRIX = "matrix"  # how many per pair of values of two fields
    AVERAGE = "average"  # the mean of a number field over the records that have one
    SHARE = "share"  # the part of the records (with the field given) that `when` holds for
    TOP = "top"  # the most frequent texts of a field


@dataclass(frozen=True)
class Figure:
    """One figure: its key (unique within the artefact), its words, what it measures over which fields, which
    records it counts, whether it is drawn as a chart, and the shared chart it is a series of (`together`)."""

    key: str
    zh: str
    en: str
    measure: Measure
    fields: tuple[str, ...] = ()
    only: Union[None, str, Condition] = None  # None, OPEN, a mark's key, or a condition
    when: Condition | None = None  # SHARE: which records count as the share
    chart: bool = False
    together: str | None = None  # the key of a chart in CHARTS drawn from every figure naming it
    panel: bool = False  # BY: the dashboard shows it as a panel of its own above the artefacts' boxes
    unit: str = ""  # written after an AVERAGE: "%"
    cell: str | None = None  # MATRIX: the computed field that classes each pair of values (the priority)
    legend: tuple[tuple[str, str, str], ...] = ()  # MATRIX: (class, zh, en) from the most to the least pressing

    def label(self, lang: str) -> str:
        return language.t(lang, self.zh, self.en)

    @property
    def field(self) -> str:
        return self.fields[0]

    def condition(self, art: "Artefact") -> Condition | None:
        """The records this figure counts, as a condition (None: every record)."""
        if self.only is None or not isinstance(self.only, str):
            return self.only
        return art.open if self.only == OPEN else art.mark(self.only).when

    def reads(self, art: "Artefact") -> tuple[str, ...]:
        """The stored fields the figure reads to count a record (OWNER reads the artefact's department field)."""
        keys = [art.department_field if k == OWNER else k for k in self.fields]
        if self.when is not None:
            from reviewdesk.templates.marks import fields as condition_fields
            keys += sorted(condition_fields(self.when))
        return tuple(dict.fromkeys(k for k in keys if k))


#: Charts drawn from figures of several artefacts: one series per figure naming it in `together`.
CHARTS: dict[str, tuple[str, str]] = {
    "overdue_by_department": ("各部门逾期事项", "Overdue items per department"),
}


def count(key: str, zh: str, en: str, *, only: Union[None, str, Condition] = None) -> Figure:
    return Figure(key, zh, en, Measure.COUNT, only=only)


def by(field: str, zh: str, en: str, *, key: str | None = None, only: Union[None, str, Condition] = None,
       chart: bool = False, together: str | None = None, panel: bool = False) -> Figure:
    name = key or f"by_{field.lstrip('@')}"
    return Figure(name, zh, en, Measure.BY, (field,), only=only, chart=chart, together=together, panel=panel)


@dataclass
class Tally:
    """The value of one figure over the records counted so far."""

    figure: Figure
    counted: int = 0  # records the figure counts
    given: int = 0  # of them, those with the field given (AVERAGE, SHARE)
    hits: int = 0  # SHARE: of those, the ones `when` holds for
    total: float = 0.0  # AVERAGE: the sum
    values: Counter = dc_field(default_factory=Counter)  # BY, MATRIX, TOP

    def add(self, record: Record, n: int, today: dt.date, department_of: Callable[[Record], Any]) -> None:
        self.adder(today, department_of)(record, n)

    def adder(self, today: dt.date, department_of: Callable[[Record], Any]) -> Callable[[Record, int], None]:
        """How a record (or n alike) adds to this figure, as one function made for the measure: what a stream of
        rows calls, without asking the figure's kind again for every row."""
        figure, values = self.figure, self.values
        measure = figure.measure
        if measure is Measure.COUNT:
            def count_(record: Record, n: int) -> None:
                self.counted += n
            return count_
        if measure is Measure.MATRIX:
            first, second = figure.fields

            def matrix(record: Record, n: int) -> None:
                self.counted += n
                a, b = record.get(first), record.get(second)
                if a is not None and b is not None:
                    values[(a, b)] += n
            return matrix
        key = figure.field
        read = department_of if key == OWNER else (lambda record: record.get(key))
        if measure is Measure.BY:
            def by_value(record: Record, n: int) -> None:
                self.counted += n
                value = read(record)
                if isinstance(value, (list, tuple)) or (isinstance(value, str) and "," in value):
                    for item in _items(value):
                        values[item] += n
                else:
                    values[value] += n
            return by_value
        if measure is Measure.TOP:
            def top(record: Record, n: int) -> None:
                self.counted += n
                text = read(record)
                text = text.strip() if isinstance(text, str) else text
                if text:
                    values[text] += n
            return top
        hit = check(figure.when) if figure.when is not None else None

        def given(record: Record, n: int) -> None:  # AVERAGE and SHARE: over the records that have the field
            self.counted += n
            value = read(record)
            if value is None or value == "":
                return
            self.given += n
            if measure is Measure.AVERAGE:
                self.total += value * n
            elif hit is not None and hit(record, today):
                self.hits += n
        return given

    @property
    def value(self) -> Any:
        """COUNT: the number; AVERAGE and SHARE: a float (None without records); BY, MATRIX, TOP: the Counter."""
        measure = self.figure.measure
        if measure is Measure.COUNT:
            return self.counted
        if measure is Measure.AVERAGE:
            return self.total / self.given if self.given else None
        if measure is Measure.SHARE:
            return self.hits / self.given if self.given else None
        return self.values


def _items(value: Any) -> list[Any]:
    """A field's value as the values a figure counts: a list counts each item; a comma-joined choice each part."""
    if isinstance(value, (list, tuple)):
        return list(value) or [None]
    if isinstance(value, str) and "," in value:
        return [v for v in value.split(",") if v]
    return [value]


@dataclass
class Figures:
    """Every figure of the artefacts counted, by (artefact key, figure key); `rows` is how many records each had."""

    today: dt.date
    tallies: dict[tuple[str, str], Tally] = dc_field(default_factory=dict)
    rows: Counter = dc_field(default_factory=Counter)

    def tally(self, art_key: str, figure_key: str) -> Tally:
        return self.tallies[(art_key, figure_key)]

    def value(self, art_key: str, figure_key: str) -> Any:
        return self.tally(art_key, figure_key).value

    def of(self, art_key: str) -> list[Tally]:
        return [t for (a, _), t in self.tallies.items() if a == art_key]


class Running:
    """Figures counted as records stream past one by one (a workbook's rows), no record kept."""

    def __init__(self, today: dt.date, department_of: Callable[["Artefact", Record], Any]):
        self.figures = Figures(today)
        self.department_of = department_of
        self._plans: dict[str, list[tuple[Callable[[Record, dt.date], bool] | None, Callable[[Record, int], None]]]] = {}

    def add(self, art: "Artefact", record: Record) -> None:
        plan = self._plans.get(art.key)
        if plan is None:
            owner = (lambda r, a=art: self.department_of(a, r))
            plan = self._plans[art.key] = []
            for figure in art.figures:
                tally = self.figures.tallies[(art.key, figure.key)] = Tally(figure)
                condition = figure.condition(art)
                plan.append((check(condition) if condition is not None else None,
                             tally.adder(self.figures.today, owner)))
        today = self.figures.today
        self.figures.rows[art.key] += 1
        for picks, add in plan:
            if picks is None or picks(record, today):
                add(record, 1)


def categories(art: "Artefact", field_key: str, counts: Counter, lang: str,
                   department_label: Callable[[str], str]) -> tuple[list[str], list[int]]:
    """Labels and counts of a BY figure: every choice (or number in the field's range) in order, then the blank
    ones; a department field's departments by count."""
    from reviewdesk.templates.schema import Kind  # schema declares artefacts with figures: imported when used
    if field_key != OWNER and art.has_field(field_key):
        field = art.field(field_key)
        if field.choices:
            labels = [c.label(lang) for c in field.choices]
            values = [counts.get(c.key, 0) for c in field.choices]
            if counts.get(None):
                labels.append(language.t(lang, "未填写", "Not set"))
                values.append(counts[None])
            return labels, values
        if field.kind is Kind.INTEGER and field.minimum is not None and field.maximum is not None:
            numbers = range(int(field.minimum), int(field.maximum) + 1)
            return [str(n) for n in numbers], [counts.get(n, 0) for n in numbers]
    ranked = [(k, n) for k, n in counts.most_common() if k is not None]
    return [department_label(k) for k, _ in ranked], [n for _, n in ranked]


def in_words(tally: Tally, art: "Artefact", lang: str, department_label: Callable[[str], str]) -> str:
    """A figure's value as a line of the summary."""
    figure, value = tally.figure, tally.value
    sep = "、" if lang == "zh" else ", "
    if figure.measure is Measure.COUNT:
        return str(value)
    if figure.measure is Measure.AVERAGE:
        if value is None:
            return "—"
        return (f"{value:.0f}{figure.unit}" if figure.unit else
                language.t(lang, f"{value:.1f}（共 {tally.given} 条）", f"{value:.1f} ({tally.given} records)"))
    if figure.measure is Measure.SHARE:
        return "—" if value is None else f"{100 * value:.0f}%"
    if figure.measure is Measure.TOP:
        return "\n".join(f"{s}（{n}）" if lang == "zh" else f"{s} ({n})" for s, n in value.most_common(3)) or "—"
    labels, counts = categories(art, figure.field, value, lang, department_label)
    return sep.join(f"{label} {n}" for label, n in zip(labels, counts) if n) or "0"


# counted(artefact, fields read, condition or None) -> (a record holding those fields, how many records alike)
Counted = Callable[["Artefact", Sequence[str], "Condition | None"], Iterable[tuple[Record, int]]]


def gather(records: Mapping["Artefact", Iterable[Record]], today: dt.date,
           department_of: Callable[["Artefact", Record], Any]) -> Figures:
    """The figures over records in memory, each record counting once."""
    lists = {a: v if isinstance(v, (list, tuple)) else list(v) for a, v in records.items()}

    def one_by_one(art: "Artefact", reads: Sequence[str], condition: Condition | None):
        return ((r, 1) for r in lists[art] if condition is None or holds(condition, r, today))
    return gather_counted(one_by_one, list(lists), today, department_of)


def gather_counted(counted: Counted, arts: Sequence["Artefact"], today: dt.date,
                   department_of: Callable[["Artefact", Record], Any]) -> Figures:
    """The figures over groups of alike records that `counted` yields per figure; groups come in the order of their
    first record, so that figures tied in count list in the same order as when each record counts alone."""
    result = Figures(today)
    asked: dict[tuple, list[tuple[Record, int]]] = {}

    def groups(art: "Artefact", reads: Sequence[str], condition: Condition | None) -> list[tuple[Record, int]]:
        """counted(), asked once for figures that read the same fields of the same records (an average, a share
        and a distribution of one score)."""
        key = (art.key, tuple(reads), condition)
        if key not in asked:
            asked[key] = list(counted(art, reads, condition))
        return asked[key]
    for art in arts:
        result.rows[art.key] += sum(n for _, n in groups(art, (), None))
        owner = (lambda r, a=art: department_of(a, r))
        for figure in art.figures:
            tally = result.tallies[(art.key, figure.key)] = Tally(figure)
            add = tally.adder(today, owner)
            for record, n in groups(art, figure.reads(art), figure.condition(art)):
                add(record, n)
    return result


__all__ = ["CHARTS", "Figure", "Figures", "Measure", "OPEN", "OWNER", "Running", "Tally", "by", "categories", "count", "in_words", "gather",
           "gather_counted"]
