"""The figures a review meeting looks at (ARTEFACTS.md, "Review meeting"), and their charts as PNG."""
from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from dataclasses import dataclass, field as dc_field
from typing import Any, Callable, Iterable, Mapping, Sequence

from reviewdesk import store
from reviewdesk.templates import artefact, language, rules

from reviewdesk.exporters.word.charts import Series, bar_chart, matrix_chart

LEVELS = ("low", "medium", "high")
Record = Mapping[str, Any]



@dataclass
class Figures:
    """Counts over the records a document or pack looks at (open and closed alike)."""

    today: dt.date
    issue_category: Counter = dc_field(default_factory=Counter)
    issue_priority: Counter = dc_field(default_factory=Counter)
    issue_status: Counter = dc_field(default_factory=Counter)
    matrix: Counter = dc_field(default_factory=Counter)
    targets: int = 0
    target_status: Counter = dc_field(default_factory=Counter)
    smart_gaps: Counter = dc_field(default_factory=Counter)  # gap key -> targets lacking it
    targets_with_gaps: int = 0
    plan_status: Counter = dc_field(default_factory=Counter)
    plan_overdue: int = 0
    collab_open: Counter = dc_field(default_factory=Counter)  # cooperating department
    collab_overdue: Counter = dc_field(default_factory=Counter)
    overdue: dict[str, Counter] = dc_field(default_factory=lambda: {"plan_step": Counter(), "collab": Counter(),
                                                                      "callback": Counter()})
    scores: Counter = dc_field(default_factory=Counter)
    resolved: Counter = dc_field(default_factory=Counter)
    follow_up_pending: int = 0
    follow_up_overdue: int = 0
    suggestions: Counter = dc_field(default_factory=Counter)
    callbacks_late: int = 0  # called back more than a day after the resolution
    rows: Counter = dc_field(default_factory=Counter)  # records counted, per artefact

    @property
    def callbacks(self) -> int:
        return sum(self.scores.values())

    @property
    def average_score(self) -> float | None:
        return sum(s * n for s, n in self.scores.items()) / self.callbacks if self.callbacks else None

    def share(self, count: int) -> str:
        return f"{100 * count / self.callbacks:.0f}%" if self.callbacks else "—"

    @property
    def satisfied(self) -> int:
        return sum(n for s, n in self.scores.items() if s >= rules.FOLLOW_UP_SCORE)


# --- what each figure reads, and how a record (or a group of n alike) adds to it ---
# Every figure is a Part: the fields it reads, which records it counts (all, the open ones, or those carrying one of
# the artefact's marks: templates/marks.py) and how a record adds to it. Over records in memory each record adds 1;
# over a whole table (a pack's "all records": 100,000 callbacks) the database selects the records a part counts and
# groups them by the fields it reads, and each group adds its count (exporters/review/scope.py, counted): no record
# is held, and the declarations (open_when, the marks) stay the only place that says what open or overdue means.

AddFigure = Callable[[Figures, Record, int, store.Lookups], None]
OPEN = "open"  # Part.only: the records art.open_when holds for (the part reads every field open_when reads)


@dataclass(frozen=True)
class Part:
    artefact: str
    reads: tuple[str, ...]
    add: AddFigure
    only: str | None = None  # None: every record; OPEN; or the key of a mark of the artefact


def selects(part: Part, record: Record, today: dt.date) -> bool:
    """Whether the part counts the record (in memory; the database's form is scope.counted's)."""
    if part.only is None:
        return True
    art = artefact(part.artefact)
    if part.only == OPEN:
        return bool(art.open_when(record))
    return art.mark(part.only).holds(record, today)


def _rows(key: str) -> AddFigure:
    def add(f: Figures, r: Record, n: int, lookups: store.Lookups) -> None:
        f.rows[key] += n
    return add


def _issue(f: Figures, r: Record, n: int, lookups: store.Lookups) -> None:
    f.issue_category[r.get("category")] += n
    f.issue_priority[r.get("priority")] += n
    f.issue_status[r.get("status")] += n
    if r.get("impact") and r.get("frequency"):
        f.matrix[(r["impact"], r["frequency"])] += n


def _target(f: Figures, r: Record, n: int, lookups: store.Lookups) -> None:
    f.targets += n
    f.target_status[r.get("status")] += n
    gaps = [g for g in (r.get("smart_gaps") or "").split(",") if g]
    f.targets_with_gaps += n if gaps else 0
    for gap in gaps:
        f.smart_gaps[gap] += n


def _plan_status(f: Figures, r: Record, n: int, lookups: store.Lookups) -> None:
    f.plan_status[r.get("status")] += n


def _plan_overdue(f: Figures, r: Record, n: int, lookups: store.Lookups) -> None:
    f.plan_overdue += n
    f.overdue["plan_step"][r.get("department")] += n


def _collab_open(f: Figures, r: Record, n: int, lookups: store.Lookups) -> None:
    f.collab_open[r.get("cooperating_department")] += n


def _collab_overdue(f: Figures, r: Record, n: int, lookups: store.Lookups) -> None:
    f.collab_overdue[r.get("cooperating_department")] += n
    f.overdue["collab"][r.get("cooperating_department")] += n


def _callback(f: Figures, r: Record, n: int, lookups: store.Lookups) -> None:
    if r.get("score") is not None:
        f.scores[r["score"]] += n
    f.resolved[r.get("resolved")] += n
    if r.get("suggestion"):
        f.suggestions[r["suggestion"].strip()] += n


def _pending(f: Figures, r: Record, n: int, lookups: store.Lookups) -> None:
    f.follow_up_pending += n


def _follow_up_overdue(f: Figures, r: Record, n: int, lookups: store.Lookups) -> None:
    f.follow_up_overdue += n
    f.overdue["callback"][lookups.owning_department(artefact("callback"), r)] += n


def _late(f: Figures, r: Record, n: int, lookups: store.Lookups) -> None:
    f.callbacks_late += n


PARTS = tuple(Part(key, (), _rows(key)) for key in ("issue", "target", "plan_step", "collab", "callback")) + (
    Part("issue", ("category", "priority", "status", "impact", "frequency"), _issue),
    Part("target", ("status", "smart_gaps"), _target),
    Part("plan_step", ("status",), _plan_status),
    Part("plan_step", ("department",), _plan_overdue, "overdue"),
    Part("collab", ("status", "cooperating_department"), _collab_open, OPEN),
    Part("collab", ("cooperating_department",), _collab_overdue, "overdue"),
    Part("callback", ("score", "resolved", "suggestion"), _callback),
    Part("callback", ("follow_up_needed", "follow_up_result"), _pending, OPEN),
    Part("callback", ("follow_up_owner",), _follow_up_overdue, "follow_up_overdue"),
    Part("callback", (), _late, "late"),
)

# counted(artefact key, fields read, which records: Part.only) -> (record holding those fields, how many alike)
Counted = Callable[[str, Sequence[str], "str | None"], Iterable[tuple[Record, int]]]


def gather(records: Mapping[str, Iterable[Record]], lookups: store.Lookups, today: dt.date) -> Figures:
    """The figures over records in memory, each counting once."""
    lists = {k: v if isinstance(v, (list, tuple)) else list(v) for k, v in records.items()}

    def one_by_one(key: str, reads: Sequence[str], only: str | None) -> Iterable[tuple[Record, int]]:
        part = Part(key, tuple(reads), _pending, only)
        return ((r, 1) for r in lists.get(key, ()) if selects(part, r, today))
    return gather_counted(one_by_one, lookups, today)


def gather_counted(counted: Counted, lookups: store.Lookups, today: dt.date) -> Figures:
    """The figures over groups of records: counted(artefact key, fields, Part.only) yields (a record holding at
    least those fields, how many of the records the part counts are alike in them), groups in the order of their
    first record, so that figures tied in count are listed in the same order as when each record counts alone."""
    f = Figures(today)
    for part in PARTS:
        for r, n in counted(part.artefact, part.reads, part.only):
            part.add(f, r, n, lookups)
    return f


def _choice_counts(art_key: str, field_key: str, counts: Counter, lang: str) -> tuple[list[str], list[int]]:
    field = artefact(art_key).field(field_key)
    labels = [c.label(lang) for c in field.choices]
    values = [counts.get(c.key, 0) for c in field.choices]
    if counts.get(None):
        labels.append(language.t(lang, "未填写", "Not set"))
        values.append(counts[None])
    return labels, values


def summary_rows(f: Figures, lang: str, department_label: Callable[[str], str]) -> list[tuple[str, str, str]]:
    """(area, figure, value) rows of the one-page summary."""
    t = functools.partial(language.t, lang)
    sep = "、" if lang == "zh" else ", "

    def listing(art_key: str, field_key: str, counts: Counter) -> str:
        labels, values = _choice_counts(art_key, field_key, counts, lang)
        return sep.join(f"{label} {n}" for label, n in zip(labels, values) if n) or "0"

    issue, target, plan, collab, callback = (artefact(k).label(lang) for k in
                                             ("issue", "target", "plan_step", "collab", "callback"))
    gaps = artefact("target").field("smart_gaps")
    top = f.suggestions.most_common(3)
    average = f"{f.average_score:.1f}" if f.average_score is not None else "—"
    pending = sum(f.target_status.get(k, 0) for k in ("draft", "in_review"))
    rows = [
        (issue, t("按类型", "By category"), listing("issue", "category", f.issue_category)),
        (issue, t("按优先级", "By priority"), listing("issue", "priority", f.issue_priority)),
        (issue, t("按状态", "By status"), listing("issue", "status", f.issue_status)),
        (target, t("已确认 / 待确认", "Confirmed / pending"), f"{f.target_status.get('confirmed', 0)} / {pending}"),
        (target, t("SMART 要素不全", "Missing SMART parts"),
         f"{f.targets_with_gaps}" + (t("（", " (") + sep.join(f"{gaps.choice(k).label(lang)} {n}"
                                                              for k, n in f.smart_gaps.most_common()) + t("）", ")")
                                     if f.smart_gaps else "")),
        (plan, t("按状态", "By status"), listing("plan_step", "status", f.plan_status)),
        (plan, t("已逾期", "Overdue"), str(f.plan_overdue)),
        (collab, t("未完成（按协作部门）", "Open (by cooperating department)"),
         sep.join(f"{department_label(d)} {n}" for d, n in f.collab_open.most_common()) or "0"),
        (collab, t("已逾期", "Overdue"), str(sum(f.collab_overdue.values()))),
        (callback, t("平均满意度评分", "Average score"), t(f"{average}（共 {f.callbacks} 次回访）",
                                                       f"{average} ({f.callbacks} callbacks)")),
        (callback, t("评分 ≥ 8 占比", "Share scoring 8 or more"), f.share(f.satisfied)),
        (callback, t("问题已解决占比", "Share resolved"), f.share(f.resolved.get("yes", 0))),
        (callback, t("待二次沟通 / 已逾期", "Follow-ups pending / overdue"), f"{f.follow_up_pending} / {f.follow_up_overdue}"),
        (callback, t("最常见的客户建议", "Most frequent suggestions"),
         "\n".join(f"{s}（{n}）" if lang == "zh" else f"{s} ({n})" for s, n in top) or "—"),
    ]
    shown, previous = [], None
    for area, figure, value in rows:  # the artefact named once, on its first row
        shown.append(("" if area == previous else area, figure, value))
        previous = area
    return shown


@dataclass
class Chart:
    key: str
    caption: str
    png: bytes
    height_ratio: float  # height / width, to place it


def matrix(f: Figures, lang: str) -> Chart:
    field = artefact("issue").field("impact")
    levels = [(k, field.choice(k).label(lang)) for k in LEVELS]
    priority = {(i, q): rules.priority({"impact": i, "frequency": q}) for i in LEVELS for q in LEVELS}
    title = language.t(lang, "优先级矩阵（影响程度 × 发生频率）", "Priority matrix (impact × frequency)")
    png = matrix_chart(title, dict(f.matrix), levels=levels, priority=priority,
                       impact_title=artefact("issue").field("impact").label(lang),
                       frequency_title=artefact("issue").field("frequency").label(lang),
                       legend=[("P1", language.t(lang, "P1 核心问题", "P1 core issue")), ("P2", language.t(lang, "P2 重要", "P2 important")),
                               ("P3", language.t(lang, "P3 一般", "P3 minor"))])
    return Chart("matrix", title, png, 1000 / 1600)


def charts(f: Figures, lang: str, department_label: Callable[[str], str]) -> list[Chart]:
    """The five charts of a pack: matrix, issues by status, target confirmation, score distribution, overdue."""
    t = functools.partial(language.t, lang)
    count = t("数量", "Count")
    result = [matrix(f, lang)]
    labels, values = _choice_counts("issue", "status", f.issue_status, lang)
    title = t("问题状态分布", "Issues by status")
    none = t("暂无数据", "No data")
    result.append(Chart("issue_status", title, bar_chart(title, labels, [Series(count, values)], y_title=count,
                                                         empty_text=none),
                        860 / 1600))
    labels, values = _choice_counts("target", "status", f.target_status, lang)
    title = t("目标确认状态", "Target confirmation status")
    colours = [(165, 165, 165), (255, 192, 0), (112, 173, 71), (192, 0, 0), (120, 120, 120)]
    result.append(Chart("target_status", title, _coloured_bars(title, labels, values, colours, count, none),
                        860 / 1600))
    result.append(scores_chart(f, lang))
    departments = sorted({d for c in f.overdue.values() for d in c if d},
                         key=lambda d: -sum(c.get(d, 0) for c in f.overdue.values()))
    title = t("各部门逾期事项", "Overdue items per department")
    names = {"plan_step": t("方案步骤", "Plan steps"), "collab": t("协作申请", "Collaboration requests"),
             "callback": t("二次沟通", "Follow-ups")}
    series = [Series(names[k], [f.overdue[k].get(d, 0) for d in departments]) for k in ("plan_step", "collab", "callback")]
    result.append(Chart("overdue", title, bar_chart(title, [department_label(d) for d in departments], series,
                                                    y_title=count, empty_text=t("没有逾期事项", "Nothing overdue")),
                        860 / 1600))
    return result


def scores_chart(f: Figures, lang: str) -> Chart:
    """Callbacks per score 0–10, those under 8 (a supervisor calls again) in orange."""
    t = functools.partial(language.t, lang)
    title = t("满意度评分分布", "Callback score distribution")
    scores = [str(s) for s in range(11)]
    series = [Series(t("评分 < 8（需二次沟通）", "Under 8 (follow-up)"),
                     [f.scores.get(s, 0) if s < rules.FOLLOW_UP_SCORE else 0 for s in range(11)], (237, 125, 49)),
              Series(t("评分 ≥ 8", "8 or more"), [f.scores.get(s, 0) if s >= rules.FOLLOW_UP_SCORE else 0
                                                  for s in range(11)], (68, 114, 196))]
    return Chart("scores", title, bar_chart(title, scores, series, x_title=t("评分", "Score"),
                                            y_title=t("回访次数", "Callbacks"), empty_text=t("暂无数据", "No data")),
                 860 / 1600)


def _coloured_bars(title: str, labels: list[str], values: list[int], colours, y_title: str, empty_text: str) -> bytes:
    """One bar per category, each in its own colour (a stacked chart whose series each fill one category)."""
    series = [Series(labels[i], [v if j == i else 0 for j, v in enumerate(values)], colours[i % len(colours)])
              for i in range(len(values))]
    return bar_chart(title, labels, series, y_title=y_title, legend=False, empty_text=empty_text)
