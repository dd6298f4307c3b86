"""The marks a reviewer looks for on a record — a P1 issue, an overdue step or request, a low score, a late callback,
an overdue follow-up — each declared once, with its artefact, as a condition that every face reads: the Python check
here, the Excel conditional format (excel_formula), the SQL of the dashboard (store.marks), the window's colour and
the Word documents' counts.

A condition is a small tree of the comparisons below; a blank value never satisfies a comparison, as in SQL.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache, reduce
from typing import Any, Callable, Mapping, Union

from reviewdesk.templates.language import t


@dataclass(frozen=True)
class Is:
    """field = value (a choice key or a number)."""

    field: str
    value: Any


@dataclass(frozen=True)
class Below:
    """field < limit (a number)."""

    field: str
    limit: float


@dataclass(frozen=True)
class AtLeast:
    """field >= limit (a number)."""

    field: str
    limit: float


@dataclass(frozen=True)
class Past:
    """A date before today."""

    field: str


@dataclass(frozen=True)
class Soon:
    """A date from today to `days` days after it."""

    field: str
    days: int


@dataclass(frozen=True)
class Recent:
    """A date from `days` days before today up to today."""

    field: str
    days: int


@dataclass(frozen=True)
class NotIn:
    """field is none of these values (a blank field is none of them)."""

    field: str
    values: tuple[Any, ...]


@dataclass(frozen=True)
class Blank:
    field: str


@dataclass(frozen=True)
class Filled:
    """The field holds a value (neither blank nor empty text)."""

    field: str


@dataclass(frozen=True)
class Gap:
    """Both dates given and `later` more than `days` after `earlier`."""

    later: str
    earlier: str
    days: int


@dataclass(frozen=True)
class All:
    parts: tuple["Condition", ...]


Condition = Union[Is, Below, AtLeast, Past, Soon, Recent, NotIn, Blank, Filled, Gap, All]


def all_of(*parts: Condition) -> All:
    return All(tuple(parts))


@dataclass(frozen=True)
class Mark:
    """One mark: its key (as art.flags names it), the highlight style, the column it marks (None: the whole row),
    the condition, and what it means in both languages (the workbooks' legend, the window's notes)."""

    key: str
    style: str  # critical / overdue / low_score / late: a workbook highlight style, also the window's colour
    column: str | None
    when: Condition
    zh: str
    en: str

    def holds(self, record: Mapping[str, Any], today: dt.date | None = None) -> bool:
        return holds(self.when, record, today or dt.date.today())

    def label(self, lang: str) -> str:
        return t(lang, self.zh, self.en)

    def fields(self) -> set[str]:
        return fields(self.when)


def holds(condition: Condition, record: Mapping[str, Any], today: dt.date) -> bool:
    """The Python form."""
    return check(condition)(record, today)


Check = Callable[[Mapping[str, Any], dt.date], bool]


def _both(first: Check, second: Check) -> Check:
    return lambda r, today: first(r, today) and second(r, today)
_BLANK = (None, "", [])


@lru_cache(maxsize=None)
def check(condition: Condition) -> Check:
    """The Python form as a function of (record, today), made once per condition: what a stream of rows calls."""
    if isinstance(condition, All):
        return reduce(_both, (check(p) for p in condition.parts))
    if isinstance(condition, Gap):
        later, earlier, days = condition.later, condition.earlier, condition.days

        def gap(r: Mapping[str, Any], today: dt.date) -> bool:
            a, b = r.get(later), r.get(earlier)
            return a is not None and b is not None and (a - b).days > days
        return gap
    key = condition.field
    if isinstance(condition, Is):
        wanted = condition.value
        return lambda r, today: r.get(key) == wanted
    if isinstance(condition, NotIn):
        values = condition.values
        return lambda r, today: r.get(key) not in values
    if isinstance(condition, Blank):
        return lambda r, today: r.get(key) in _BLANK
    if isinstance(condition, Filled):
        return lambda r, today: r.get(key) not in _BLANK
    if isinstance(condition, (Below, AtLeast)):
        limit, below = condition.limit, isinstance(condition, Below)

        def compare(r: Mapping[str, Any], today: dt.date) -> bool:
            value = r.get(key)
            return value is not None and (value < limit if below else value >= limit)
        return compare
    if isinstance(condition, Past):
        return lambda r, today: (value := r.get(key)) is not None and value < today
    if isinstance(condition, Soon):
        span = dt.timedelta(days=condition.days)
        return lambda r, today: (value := r.get(key)) is not None and today <= value <= today + span
    if isinstance(condition, Recent):
        span = dt.timedelta(days=condition.days)
        return lambda r, today: (value := r.get(key)) is not None and today - span <= value <= today
    raise TypeError(condition)


def fields(condition: Condition) -> set[str]:
    """The fields a condition reads."""
    if isinstance(condition, All):
        return set().union(*(fields(p) for p in condition.parts))
    if isinstance(condition, Gap):
        return {condition.later, condition.earlier}
    return {condition.field}


def excel_formula(condition: Condition, ref: Callable[[str], str], shown: Callable[[str, Any], str]) -> str:
    """The Excel form, for a conditional format: `ref(field)` is the cell of the first data row ($C2), and
    `shown(field, value)` the text a choice is written as in the sheet (its label in the sheet's language)."""
    if isinstance(condition, All):
        return "AND(" + ",".join(excel_formula(p, ref, shown) for p in condition.parts) + ")"
    if isinstance(condition, Is):
        value = condition.value
        return f"{ref(condition.field)}={value}" if isinstance(value, (int, float)) else \
            f"{ref(condition.field)}={_quoted(shown(condition.field, value))}"
    if isinstance(condition, Below):
        cell = ref(condition.field)
        return f"AND(ISNUMBER({cell}),{cell}<{condition.limit:g})"
    if isinstance(condition, AtLeast):
        cell = ref(condition.field)
        return f"AND(ISNUMBER({cell}),{cell}>={condition.limit:g})"
    if isinstance(condition, Past):
        cell = ref(condition.field)
        return f"AND(ISNUMBER({cell}),{cell}<TODAY())"
    if isinstance(condition, Soon):
        cell = ref(condition.field)
        return f"AND(ISNUMBER({cell}),{cell}>=TODAY(),{cell}<=TODAY()+{condition.days})"
    if isinstance(condition, Recent):
        cell = ref(condition.field)
        return f"AND(ISNUMBER({cell}),{cell}>=TODAY()-{condition.days},{cell}<=TODAY())"
    if isinstance(condition, NotIn):
        cell = ref(condition.field)
        return "AND(" + ",".join(f"{cell}<>{_quoted(shown(condition.field, v))}" for v in condition.values) + ")"
    if isinstance(condition, Blank):
        return f"LEN({ref(condition.field)})=0"
    if isinstance(condition, Filled):
        return f"LEN({ref(condition.field)})>0"
    if isinstance(condition, Gap):
        later, earlier = ref(condition.later), ref(condition.earlier)
        return f"AND(ISNUMBER({later}),ISNUMBER({earlier}),{later}-{earlier}>{condition.days})"
    raise TypeError(condition)


def in_words(condition: Condition, art: Any, lang: str) -> str:
    """The condition as a reader says it: 状态不是已解决、已关闭 / Status is not Resolved or Closed."""
    zh = lang == "zh"
    if isinstance(condition, All):
        return ("，且" if zh else " and ").join(in_words(p, art, lang) for p in condition.parts)
    if isinstance(condition, Gap):
        later, earlier = (art.field(k).label(lang) for k in (condition.later, condition.earlier))
        return (f"{later}比{earlier}晚 {condition.days} 天以上" if zh else
                f"{later} more than {condition.days} day(s) after {earlier}")
    field = art.field(condition.field)
    name = field.label(lang)

    def shown(value: Any) -> str:
        choice = field.choice(value) if field.choices else None
        return choice.label(lang) if choice else f"{value:g}" if isinstance(value, (int, float)) else str(value)
    if isinstance(condition, Is):
        return f"{name}为{shown(condition.value)}" if zh else f"{name} is {shown(condition.value)}"
    if isinstance(condition, NotIn):
        listed = ("、" if zh else " or ").join(shown(v) for v in condition.values)
        return f"{name}不是{listed}" if zh else f"{name} is not {listed}"
    if isinstance(condition, Below):
        return f"{name}低于 {condition.limit:g}" if zh else f"{name} under {condition.limit:g}"
    if isinstance(condition, AtLeast):
        return f"{name}不低于 {condition.limit:g}" if zh else f"{name} {condition.limit:g} or more"
    if isinstance(condition, Past):
        return f"{name}已过" if zh else f"{name} has passed"
    if isinstance(condition, Soon):
        return f"{name}在今后 {condition.days} 天内" if zh else f"{name} within the next {condition.days} days"
    if isinstance(condition, Recent):
        return f"{name}在最近 {condition.days} 天内" if zh else f"{name} within the last {condition.days} days"
    if isinstance(condition, Blank):
        return f"{name}为空" if zh else f"{name} is blank"
    if isinstance(condition, Filled):
        return f"{name}已填写" if zh else f"{name} is filled in"
    raise TypeError(condition)


def as_filters(condition: Condition, art: Any, today: dt.date) -> tuple[dict[str, list], dict[str, tuple]] | None:
    """The condition as the table's filters ({field: [values]}, None for a blank) and ranges ({field: (low, high)}),
    or None when they cannot say it exactly (a gap between two dates, a field that is merely filled in)."""
    filters: dict[str, list] = {}
    ranges: dict[str, tuple] = {}
    for part in condition.parts if isinstance(condition, All) else (condition,):
        if isinstance(part, Is):
            filters[part.field] = [part.value]
        elif isinstance(part, NotIn) and art.field(part.field).choices:
            filters[part.field] = [c.key for c in art.field(part.field).choices if c.key not in part.values] + [None]
        elif isinstance(part, Blank):
            filters[part.field] = [None]
        elif isinstance(part, Past):
            ranges[part.field] = (None, today - dt.timedelta(days=1))
        elif isinstance(part, Soon):
            ranges[part.field] = (today, today + dt.timedelta(days=part.days))
        elif isinstance(part, Recent):
            ranges[part.field] = (today - dt.timedelta(days=part.days), today)
        elif isinstance(part, (Below, AtLeast)) and float(part.limit).is_integer():
            whole = int(part.limit)
            ranges[part.field] = (None, whole - 1) if isinstance(part, Below) else (whole, None)
        else:
            return None
    return filters, ranges


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


__all__ = ["All", "AtLeast", "Below", "Filled", "Soon", "Blank", "Condition", "Gap", "Is", "Mark", "NotIn", "Past",
           "Recent", "all_of", "excel_formula", "as_filters", "fields", "holds", "in_words"]
