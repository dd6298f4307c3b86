"""Which records a meeting's review pack holds: per artefact what its declaration holds by default (the open records,
the recent readings), narrowed by the meeting's scope and --where.

The pack reads them once (read_records: one query per artefact, rows turned into records without peewee's model
layer), and counts what it does not list (a pack's "all records", closed ones too) in the database (counted).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field as dc_field
from typing import Any, Iterable, Mapping, Sequence

from reviewdesk import store
from reviewdesk.templates import WORKBOOK_ARTEFACTS, Artefact, Kind, ReviewDeskError, artefact
from reviewdesk.templates.marks import Condition, all_of, check as check_of, in_words

from reviewdesk.exporters.xlsx.export import split_filters

ANY = store.ANY_VALUE  # FIELD=*: any value; it names the field, which lifts a default that reads it


@dataclass
class Scope:
    """Per artefact: the --where conditions ({field key: [values]}), and through them which of its declared defaults
    hold (Artefact.pack_conditions)."""

    filters: dict[str, dict[str, list[str]]] = dc_field(default_factory=dict)

    def for_artefact(self, key: str) -> dict[str, list[str]]:
        return self.filters.get(key, {})

    def default(self, key: str) -> Condition | None:
        """What the artefact's declaration holds by default, as far as no condition lifts it: naming the status says
        which statuses are wanted instead of the open ones; naming a reading's date (measured_on=* for any), which
        dates instead of the recent ones."""
        named = self.filters.get(key, {}).keys()
        kept = [c for c, lifted_by in artefact(key).pack_conditions if not lifted_by & named]
        return None if not kept else kept[0] if len(kept) == 1 else all_of(*kept)

    def defaulted(self, key: str) -> bool:
        """Whether every default declared for the artefact holds (no condition lifts one)."""
        return self.default(key) is not None or not artefact(key).pack_conditions

    def where_strings(self) -> dict[str, list[str]]:
        return {k: [f"{f}={v}" for f, vs in conds.items() for v in vs] for k, conds in self.filters.items() if conds}


def conditions(items: Iterable[str], only: str | None = None) -> dict[str, list[str]]:
    """FIELD=VALUE strings as {[artefact.]field: [values]}; `only` qualifies every field with that artefact."""
    result: dict[str, list[str]] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise ReviewDeskError(f"条件应写成 字段=值：{item}", f"A condition is written FIELD=VALUE, got: {item}")
        name = name.strip()
        result.setdefault(f"{only}.{name}" if only else name, []).append(value.strip())
    return result


def check(key: str, items: Sequence[str], *, lookups: store.Lookups | None = None, lang: str = "zh") -> None:
    """Refuse the conditions `reviewdesk list KEY --where` would refuse: an unknown field, or a value the field
    cannot hold, such as 优先级=P9 — with the same message and suggestions."""
    filters = split_filters([key], conditions(items))[key]  # the one artefact: its fields named as typed
    list(store.select_records(key, filters, lang=lang, lookups=lookups or store.Lookups(), limit=1))


def meeting_scope(meeting: Mapping[str, Any], extra: Sequence[str] = ()) -> Scope:
    """The scope stored with the meeting ({artefact: [where strings]}), narrowed by extra where strings.

    Extra conditions are written as for `reviewdesk export --where`: FIELD=VALUE applies to every artefact
    that has the field, ARTEFACT.FIELD=VALUE to one artefact. A stored scope that no longer holds (saved by an
    older version, or a choice renamed since) is refused naming the meeting, the artefact and how to reset it.
    """
    merged: dict[str, list[str]] = {}
    lookups = store.Lookups()
    for key, items in (meeting.get("scope") or {}).items():
        try:
            check(key, items, lookups=lookups)
        except ReviewDeskError as exc:
            code, art = meeting.get("code", ""), artefact(key)
            raise ReviewDeskError(
                f"会议 {code} 保存的材料范围中，{art.zh}的条件「{'；'.join(items)}」无效：{exc.zh}。"
                f"请用 reviewdesk meeting scope {code} {key} --where 字段=值 改正，"
                f"或用 reviewdesk meeting scope {code} {key}（不加 --where）恢复默认",
                f"The pack scope saved with meeting {code} has an invalid condition for {art.en} "
                f"({'; '.join(items)}): {exc.en}. Correct it with reviewdesk meeting scope {code} {key} --where "
                f"FIELD=VALUE, or reset it with reviewdesk meeting scope {code} {key} (no --where)") from exc
        for name, wanted in conditions(items, only=key).items():
            merged.setdefault(name, []).extend(wanted)
    for name, wanted in conditions(extra).items():
        merged.setdefault(name, []).extend(wanted)
    return Scope({k: v for k, v in split_filters(WORKBOOK_ARTEFACTS, merged).items() if v})


def scoped_records(key: str, scope: Scope, *, lookups: store.Lookups, lang: str = "zh",
                   today: dt.date | None = None) -> list[dict[str, Any]]:
    """The records of one artefact that a pack holds, in code order."""
    return scoped_and_matching(key, scope, lookups=lookups, lang=lang, today=today)[0]


def scoped_and_matching(key: str, scope: Scope, *, lookups: store.Lookups, lang: str = "zh",
                        today: dt.date | None = None) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(the records a pack holds, every record matching its conditions, closed and older ones too), read once."""
    matching = list(store.select_records(key, scope.for_artefact(key), lang=lang, lookups=lookups))
    condition = scope.default(key)
    if condition is not None:
        holds, today = check_of(condition), today or dt.date.today()
        return [r for r in matching if holds(r, today)], matching
    return matching, matching


def read_records(key: str, scope: Scope, *, lookups: store.Lookups, lang: str = "zh",
                 today: dt.date | None = None) -> list[dict[str, Any]]:
    """The records of one artefact that a pack holds, in code order: those matching the scope's conditions and what
    the artefact holds by default as of `today` (Scope.default, picked in SQL)."""
    return list(store.select_records(key, scope.for_artefact(key), condition=scope.default(key), today=today,
                                     lookups=lookups, lang=lang))


def count_matching(key: str, scope: Scope, *, lookups: store.Lookups, lang: str = "zh") -> int:
    """How many records match the scope's conditions, closed ones too."""
    return store.count_records(key, scope.for_artefact(key), lang=lang, lookups=lookups)


def in_scope(scope: Scope, *, lookups: store.Lookups, lang: str = "zh") -> dict[str, list[dict[str, Any]]]:
    return {k: scoped_records(k, scope, lookups=lookups, lang=lang) for k in WORKBOOK_ARTEFACTS}


def describe(scope: Scope, key: str, lang: str, lookups: store.Lookups | None = None) -> str:
    """How a pack chose an artefact's records, in the reader's words: 未关闭的记录 · 优先级=P1；责任部门=客服中心 /
    open records · Priority=P1; Department=Customer Service; 测量日期在最近 14 天内的记录 / records where Measured on
    within the last 14 days. A condition on the status names the statuses chosen."""
    art = artefact(key)
    lookups = lookups or store.Lookups()
    conds = ("；" if lang == "zh" else "; ").join(
        f"{art.code_label(lang) if name == 'code' else art.field(name).label(lang)}="
        + "/".join(_shown(art, name, value, lang, lookups) for value in wanted)
        for name, wanted in scope.for_artefact(key).items())
    base = default_words(art, scope.default(key), lang)
    return " · ".join(part for part in (base, conds) if part)


def default_words(art: Artefact, condition: Condition | None, lang: str) -> str:
    """What an artefact's pack holds by default, in words, such as 未关闭的记录 or 测量日期在最近 14 天内的记录 (empty
    for none)."""
    if condition is None:
        return ""
    if condition == art.open:
        return "未关闭的记录" if lang == "zh" else "open records"
    return f"{in_words(condition, art, 'zh')}的记录" if lang == "zh" else f"records where {in_words(condition, art, 'en')}"


def _shown(art: Artefact, name: str, typed: Any, lang: str, lookups: store.Lookups) -> str:
    """A value of a condition as the reader reads it: a choice, department or date as the documents show it (whichever
    language it was typed in), a text as typed."""
    from reviewdesk.templates import values

    if typed is None or not str(typed).strip():
        return "（空）" if lang == "zh" else "(empty)"
    if str(typed).strip() == ANY:
        return "（任意）" if lang == "zh" else "(any)"
    if name == "code":
        return values.normalize_code(str(typed))
    field = art.field(name)
    if field.kind in (Kind.TEXT, Kind.LONG_TEXT):
        return str(typed).strip()
    try:
        value = store.parse_value(field, typed, lookups, lang)
    except ReviewDeskError:  # refused when the scope was saved; shown as typed should it no longer hold
        return str(typed).strip()
    return lookups.display(field, value, lang)


__all__ = ["ANY", "Scope", "check", "conditions", "count_matching", "default_words", "describe", "in_scope",
           "meeting_scope", "read_records", "scoped_and_matching", "scoped_records"]
