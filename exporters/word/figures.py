"""The figures a review meeting looks at (ARTEFACTS.md, "Review meeting"), and their charts as PNG."""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field as dc_field
from typing import Any, Callable, Mapping, Sequence

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


def gather(records: Mapping[str, Sequence[Record]], lookups: store.Lookups, today: dt.date) -> Figures:
    f = Figures(today)
    for r in records.get("issue", ()):
        f.issue_category[r.get("category")] += 1
        f.issue_priority[r.get("priority")] += 1
        f.issue_status[r.get("status")] += 1
        if r.get("impact") and r.get("frequency"):
            f.matrix[(r["impact"], r["frequency"])] += 1
    for r in records.get("target", ()):
        f.targets += 1
        f.target_status[r.get("status")] += 1
        gaps = [g for g in (r.get("smart_gaps") or "").split(",") if g]
        f.targets_with_gaps += bool(gaps)
        f.smart_gaps.update(gaps)
    for r in records.get("plan_step", ()):
        f.plan_status[r.get("status")] += 1
        if rules.plan_step_overdue(r, today):
            f.plan_overdue += 1
            f.overdue["plan_step"][r.get("department")] += 1
    for r in records.get("collab", ()):
        if artefact("collab").open_when(r):
            f.collab_open[r.get("cooperating_department")] += 1
        if rules.collab_overdue(r, today):
            f.collab_overdue[r.get("cooperating_department")] += 1
            f.overdue["collab"][r.get("cooperating_department")] += 1
    callback = artefact("callback")
    for r in records.get("callback", ()):
        if r.get("score") is not None:
            f.scores[r["score"]] += 1
        f.resolved[r.get("resolved")] += 1
        f.follow_up_pending += bool(callback.open_when(r))
        if rules.follow_up_overdue(r, today):
            f.follow_up_overdue += 1
            f.overdue["callback"][lookups.owning_department(callback, r)] += 1
        if r.get("suggestion"):
            f.suggestions[r["suggestion"].strip()] += 1
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
    t = lambda zh, en: language.t(lang, zh, en)  # noqa: E731
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
    t = lambda zh, en: language.t(lang, zh, en)  # noqa: E731
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
    t = lambda zh, en: language.t(lang, zh, en)  # noqa: E731
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
