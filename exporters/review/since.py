"""The review pack's chapter 自上次评审以来 / Since the last review, and its lines in the pack's summary."""
from __future__ import annotations

from typing import Any, Callable, Mapping, Sequence

from reviewdesk import store
from reviewdesk.store.since import ACTION_STATES, MOVED, OVERDUE_STEPS, SinceLastReview
from reviewdesk.templates import artefact, language

from reviewdesk.exporters.word.documents import Writer
from reviewdesk.exporters.word.tables import Column, add_table

#: The columns each kind of change lists besides the code (a long text after the first is a row underneath).
LISTED = {
    ("issue", "opened"): ("title", "priority", "department", "status"),
    ("issue", "closed"): ("title", "priority", "department", "status"),
    ("target", "confirmed"): ("title", "department", "due_date", "status"),
    ("target", "changed"): ("title", "department", "status"),
    ("plan_step", "completed"): ("action", "department", "end_date", "status"),
    ("plan_step", "overdue"): ("action", "department", "end_date", "status"),
    ("collab", "answered"): ("subject", "cooperating_department", "status", "response"),
}
READING_COLUMNS = ("title", "unit", "latest_value", "tracking")
ACTION_COLUMNS = ("action", "department", "owner", "due_date", "status")
ACTION_WORDS = {state: (zh, en.lower()) for state, zh, en in ACTION_STATES}


def kind_labels() -> list[tuple[str, str, str]]:
    """(artefact.kind, zh, en) of every list the chapter counts, in its order."""
    moved = [(f"{m.artefact}.{m.key}", m.zh, m.en) for m in MOVED]
    moved.insert(5, (f"{OVERDUE_STEPS[0]}.{OVERDUE_STEPS[1]}", OVERDUE_STEPS[2], OVERDUE_STEPS[3]))
    return moved + [("reading.added", "新增指标读数", "KPI readings added")] + [
        (f"action.{state}", f"上次会议行动项：{zh}", f"Last meeting's actions: {en.lower()}")
        for state, zh, en in ACTION_STATES]


def period_words(since: SinceLastReview, lang: str) -> str:
    """从 MTG-0001（2026-11-18）次日至 2026-12-09 / from the day after MTG-0001 (2026-11-18) through 2026-12-09."""
    if lang == "zh":
        return f"从上次评审会议 {since.previous}（{since.previous_date}）次日至 {since.end}"
    return f"from the day after the last review meeting, {since.previous} ({since.previous_date}), through {since.end}"


def summary_rows(since: SinceLastReview, lang: str) -> list[tuple[str, str, str]]:
    """(area, figure, value) rows for the pack's summary, one per artefact with its counts, as in
    新增问题 40，已解决或关闭的问题 11; or one saying there is no earlier review."""
    area = "自上次评审以来" if lang == "zh" else "Since the last review"
    if since.previous is None:
        return [(area, "上次评审" if lang == "zh" else "Last review",
                 "无（这是第一次评审）" if lang == "zh" else "none (this is the first review)")]
    counts = since.counts()
    by_area: dict[str, list[str]] = {}
    for key, zh, en in kind_labels():
        art_key = key.split(".")[0]
        if art_key == "action":
            zh, en = ACTION_WORDS[key.split(".")[1]]
        words = zh if lang == "zh" else en if art_key not in by_area else _mid_sentence(en)
        by_area.setdefault(art_key, []).append(f"{words} {counts[key]}")
    named = {"action": ("上次会议行动项", "Last meeting's actions")}
    return [(area if i == 0 else "", language.t(lang, *named[k]) if k in named else artefact(k).label(lang),
             ("，" if lang == "zh" else ", ").join(parts)) for i, (k, parts) in enumerate(by_area.items())]


def _mid_sentence(text: str) -> str:
    """An English label inside a sentence: its first letter in lower case, unless it begins an acronym (KPI)."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def write_since(w: Writer, since: SinceLastReview) -> None:
    """The chapter's body (its heading written by the pack): the period, the counts, then each list."""
    t = w.t
    if since.previous is None:
        w.para(t("这是第一次评审会议：之前没有已召开的评审会议，因此没有可对照的变化。",
                 "This is the first review meeting: no earlier meeting was held, so there is nothing to compare with."))
        return
    w.meta(t(f"{period_words(since, 'zh')}，根据修改记录统计；已删除的记录不列出。行动项的状态按编制日期 {w.today} 计算。",
             f"Counted from the audit log, {period_words(since, 'en')}; records deleted since are left out. The "
             f"actions' state as of the preparation date, {w.today}."))
    counts = since.counts()
    w.caption("table", t("自上次评审以来的变化", "What moved since the last review"))
    add_table(w.document, [Column(t("变化", "Change"), 2), Column(t("数量", "Count"), 0, 1200)],
              [[w.t(zh, en), str(counts[key])] for key, zh, en in kind_labels()])
    w.para("")
    for key, zh, en in kind_labels()[:len(LISTED)]:
        art_key, kind = key.split(".")
        codes = since.moved.get((art_key, kind), [])
        if codes:
            _listed(w, art_key, codes, t(zh, en), LISTED[(art_key, kind)],
                    since.changed_fields if kind == "changed" else None)
    if since.readings:
        _readings(w, since.readings)
    _actions(w, since)


def _records(art_key: str, codes: Sequence[str], lookups: store.Lookups) -> list[dict[str, Any]]:
    """The records of these codes in the order given."""
    found = {r["code"]: r for r in store.select_records(art_key, codes=list(codes), lookups=lookups)}
    return [found[c] for c in codes if c in found]


def _listed(w: Writer, art_key: str, codes: Sequence[str], caption: str, keys: Sequence[str],
            changed: Mapping[str, list[str]] | None) -> None:
    art = artefact(art_key)
    w.heading(caption, 2)
    records = _records(art_key, codes, w.lookups)
    if changed is None:
        w.record_table(art, records, caption, [art.field(k) for k in keys])
        return
    separator = "、" if w.lang == "zh" else ", "
    _table_with(w, art_key, records, caption, keys, w.t("修改的字段", "Fields changed"),
                lambda r: separator.join(art.field(k).label(w.lang) for k in changed[r["code"]]))


def _table_with(w: Writer, art_key: str, records: Sequence[Mapping[str, Any]], caption: str, keys: Sequence[str],
                extra: str, extra_cell: Callable[[Mapping[str, Any]], str]) -> None:
    """A record table with one more column of its own after the fields."""
    art = artefact(art_key)
    fields = [art.field(k) for k in keys]
    w.caption("table", caption)
    add_table(w.document, w.columns(art, fields) + [Column(extra, 0.8)],
              [[*cells, extra_cell(r)] for cells, r in zip(w.rows(art, fields, records), records)])
    w.para("")


def _readings(w: Writer, readings: Mapping[str, int]) -> None:
    caption = w.t("各目标新增的指标读数", "KPI readings added per target")
    w.heading(w.t("新增指标读数", "KPI readings added"), 2)
    _table_with(w, "target", _records("target", list(readings), w.lookups), caption, READING_COLUMNS,
                w.t("新增读数", "Readings added"), lambda r: str(readings[r["code"]]))


def _actions(w: Writer, since: SinceLastReview) -> None:
    states = {code: state for state, codes in since.actions.items() for code in codes}
    w.heading(w.t(f"上次会议（{since.previous}）的行动项", f"Actions of the last meeting ({since.previous})"), 2)
    if not states:
        w.para(w.t("上次会议没有记录行动项。", "The last meeting recorded no actions."))
        return
    words = {state: w.t(zh, en) for state, zh, en in ACTION_STATES}
    records = _records("action", sorted(states, key=lambda c: int(c.rsplit("-", 1)[1])), w.lookups)
    _table_with(w, "action", records, w.t("上次会议行动项的跟进", "Follow-up of the last meeting's actions"),
                ACTION_COLUMNS, w.t("跟进结果", "State"), lambda r: words[states[r["code"]]])


__all__ = ["kind_labels", "period_words", "summary_rows", "write_since"]
