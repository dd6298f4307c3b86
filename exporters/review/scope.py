"""Which records a meeting's review pack holds: open records per artefact, narrowed by the meeting's scope and --where."""
from __future__ import annotations

from dataclasses import dataclass, field as dc_field
from typing import Any, Iterable, Mapping, Sequence

from reviewdesk import store
from reviewdesk.templates import WORKBOOK_ARTEFACTS, ReviewDeskError, artefact

from reviewdesk.exporters.xlsx.export import split_filters

@dataclass
class Scope:
    """Per artefact: the --where conditions ({field key: [values]}) and whether only open records count."""

    filters: dict[str, dict[str, list[str]]] = dc_field(default_factory=dict)

    def for_artefact(self, key: str) -> dict[str, list[str]]:
        return self.filters.get(key, {})

    def open_only(self, key: str) -> bool:
        """Open records by default; naming the status in a condition says which statuses are wanted instead."""
        return "status" not in self.filters.get(key, {})

    def where_strings(self) -> dict[str, list[str]]:
        return {k: [f"{f}={v}" for f, vs in conds.items() for v in vs] for k, conds in self.filters.items() if conds}


def conditions(items: Iterable[str], only: str | None = None) -> dict[str, list[str]]:
    """FIELD=VALUE strings as {[artefact.]field: [values]}; `only` qualifies every field with that artefact."""
    result: dict[str, list[str]] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise ReviewDeskError(f"条件应写成 字段=值:{item}", f"A condition is written FIELD=VALUE, got: {item}")
        name = name.strip()
        result.setdefault(f"{only}.{name}" if only else name, []).append(value.strip())
    return result


def check(key: str, items: Sequence[str], *, lookups: store.Lookups | None = None, lang: str = "zh") -> None:
    """Refuse the conditions `reviewdesk list KEY --where` would refuse: an unknown field, or a value the field
    cannot hold (优先级=P9), with the same message and suggestions."""
    filters = split_filters([key], conditions(items, only=key))[key]
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


def scoped_records(key: str, scope: Scope, *, lookups: store.Lookups, lang: str = "zh") -> list[dict[str, Any]]:
    """The records of one artefact that a pack holds, in code order."""
    return scoped_and_matching(key, scope, lookups=lookups, lang=lang)[0]


def scoped_and_matching(key: str, scope: Scope, *, lookups: store.Lookups,
                        lang: str = "zh") -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(the records a pack holds, every record matching its conditions, closed ones too), read once."""
    art = artefact(key)
    matching = list(store.select_records(key, scope.for_artefact(key), lang=lang, lookups=lookups))
    if scope.open_only(key) and art.open_when is not None:
        return [r for r in matching if art.open_when(r)], matching
    return matching, matching


def in_scope(scope: Scope, *, lookups: store.Lookups, lang: str = "zh") -> dict[str, list[dict[str, Any]]]:
    return {k: scoped_records(k, scope, lookups=lookups, lang=lang) for k in WORKBOOK_ARTEFACTS}


def describe(scope: Scope, key: str, lang: str) -> str:
    """How a pack chose an artefact's records, in words."""
    conds = "; ".join(f"{c}={'|'.join(v)}" for c, v in scope.for_artefact(key).items())
    base = ("未关闭的记录" if lang == "zh" else "open records") if scope.open_only(key) else \
        ("按状态筛选" if lang == "zh" else "by status")
    return f"{base}{(' · ' + conds) if conds else ''}"


__all__ = ["Scope", "check", "conditions", "describe", "in_scope", "meeting_scope", "scoped_and_matching", "scoped_records"]
