"""What the feedback report says in either language: its lines of figures, their values and changes, the low scores'
cells, and the notes on where each figure comes from. The Word document and the workbook both say it this way."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from reviewdesk import store
from reviewdesk.store.feedback import (CALLBACK, CALLBACK_HOURS, FOLLOW_UP_DAYS, LOW_SCORE, FeedbackFigures, LowScore,
                                       Ratio, Slice, state_label)
from reviewdesk.templates import t

from reviewdesk.exporters.masking import mask

LOW = LOW_SCORE
FOLLOW_UP_HOURS = FOLLOW_UP_DAYS * 24
TITLE = ("客户反馈分析报告", "Customer feedback report")
BREAKDOWNS = ("issue_type", "customer_type")  # the report's chapters by type, in order
CASE_FIELDS = ("callback_date", "customer_name", "phone", "issue_type", "customer_type", "score", "resolved",
               "follow_up_owner", "follow_up_due")
CASE_DETAILS = ("suggestion", "follow_up_result")
TOP_GROUPS = 10  # suggestion groups the report lists


@dataclass(frozen=True)
class Line:
    """One figure of a slice as the report lists it: its key in --json, its words, how it is read off a slice."""

    key: str
    zh: str
    en: str
    read: Callable[[Slice], Any]  # an int, a float (None without callbacks) or a Ratio

    def label(self, lang: str) -> str:
        return t(lang, self.zh, self.en)


def _declared(key: str, json_key: str, read: Callable[[Slice], Any]) -> Line:
    """A line worded as the callback's own figure of that key (the dashboard's and the pack's)."""
    figure = CALLBACK.figure(key)
    return Line(json_key, figure.zh, figure.en, read)


LINES = (
    Line("callbacks", "回访次数", "Callbacks", lambda s: s.callbacks),
    _declared("average", "average_score", lambda s: s.average),
    _declared("satisfied", "satisfied", lambda s: s.satisfied),
    _declared("resolved", "resolved", lambda s: s.resolved),
    Line("within_24h", f"解决后 {CALLBACK_HOURS} 小时内回访", f"Called back within {CALLBACK_HOURS} hours of resolution",
         lambda s: s.within_24h),
    Line("low_scores", f"低分回访（低于 {LOW} 分）", f"Low scores (under {LOW})", lambda s: s.low_scores),
    Line("followed_up", f"低分 {FOLLOW_UP_HOURS} 小时内完成二次沟通", f"Low scores followed up within {FOLLOW_UP_HOURS} hours",
         lambda s: s.followed_up),
)


def line(key: str) -> Line:
    return next(x for x in LINES if x.key == key)


def value_text(value: Any, lang: str, counts: bool = True) -> str:
    """A figure as text: 22, 7.6, 68%（15/22）(the count and its whole left out unless `counts`), — for none."""
    if isinstance(value, Ratio):
        if value.share is None:
            return "—"
        if not counts:
            return f"{value.share:.0%}"
        return t(lang, f"{value.share:.0%}（{value.count}/{value.of}）", f"{value.share:.0%} ({value.count}/{value.of})")
    if value is None:
        return "—"
    return f"{value:.1f}" if isinstance(value, float) else str(value)


def change(current: Any, previous: Any) -> float | int | None:
    """How far a figure moved since the previous period: a count or an average by its difference, a share by its
    difference in percentage points; None when either period has none."""
    if isinstance(current, Ratio):
        current, previous = current.share, previous.share
        return None if current is None or previous is None else round((current - previous) * 100)
    if current is None or previous is None:
        return None
    return round(current - previous, 1) if isinstance(current, float) else current - previous


def change_text(current: Any, previous: Any, lang: str) -> str:
    """The change as text: +3, −0.4, +5 个百分点 / +5 pts, — when it cannot be said."""
    moved = change(current, previous)
    if moved is None:
        return "—"
    text = (f"{moved:+.1f}" if isinstance(moved, float) else f"{moved:+d}").replace("-", "−")
    text = "0" if not moved else text
    if isinstance(current, Ratio):
        return t(lang, f"{text} 个百分点", f"{text} pts")
    return text


def period_names(figures: FeedbackFigures, lang: str) -> list[str]:
    """本期（2026-W48） and 上期（2026-W47）, or with their dates when they are no weeks: the charts' legends."""
    names = []
    for name, period in ((t(lang, "本期", "This period"), figures.current.period),
                         (t(lang, "上期", "Previous period"), figures.previous.period)):
        shown = period.week or period.dates(lang)
        names.append(t(lang, f"{name}（{shown}）", f"{name} ({shown})"))
    return names


def type_label(field_key: str, key: str | None, lang: str) -> str:
    """A request or customer type by its label; 未填写 / Not set for the callbacks without one."""
    if key is None:
        return t(lang, "未填写", "Not set")
    return CALLBACK.field(field_key).choice(key).label(lang)


def breakdown_title(field_key: str, lang: str) -> str:
    """按诉求类型 / By request type."""
    field = CALLBACK.field(field_key)
    return t(lang, f"按{field.zh}", f"By {field.en.lower()}")


def case_headers(lang: str) -> list[str]:
    return [CALLBACK.code_label(lang), *(CALLBACK.field(k).label(lang) for k in CASE_FIELDS),
            t(lang, "结果录入日期", "Result recorded on"), t(lang, "跟进状态", "Follow-up state")]


def case_cells(low: LowScore, lang: str, lookups: store.Lookups, masked: bool) -> list[str]:
    """A low score's row: its code, the fields as every face shows them (names and phones masked unless asked),
    when its follow-up result was recorded and where the follow-up stands."""
    cells = [low.record["code"]]
    for key in CASE_FIELDS:
        field = CALLBACK.field(key)
        text = lookups.display(field, low.record.get(key), lang)
        cells.append(mask(field, text) if masked else text)
    return cells + [low.recorded_on.isoformat() if low.recorded_on else "", state_label(low.state, lang)]


def case_details(low: LowScore, lang: str) -> list[tuple[str, str]]:
    """The low score's suggestion and follow-up result, labelled, those given only."""
    return [(CALLBACK.field(k).label(lang), low.record[k]) for k in CASE_DETAILS if low.record.get(k)]


def notes(figures: FeedbackFigures, lang: str, masked: bool) -> list[str]:
    """Where the figures come from and the decisions behind those the callback form does not record: the report's
    closing notes (how the suggestions were grouped stands under their table: suggestions.METHOD)."""
    undated = figures.undated
    outside = t(lang, f"另有 {undated} 次回访没有回访日期，不计入任何一期。" if undated else "",
                f" {undated} callback(s) without a callback date count in no period." if undated else "")
    today = figures.today.isoformat()
    return [
        t(lang, f"统计范围：回访日期在本期内的回访；上期为紧接本期之前、长度相同的一段时间。{outside}",
          f"What is counted: the callbacks whose callback date lies in the period; the previous period is as long and "
          f"ends the day before.{outside}"),
        t(lang, "评分与解决：平均分为全部回访满意度评分的平均；「问题已解决」只计「是」，「部分」不计；问题是否解决"
                "未填写的回访不计入该项的分母。",
          "Scores and resolution: the average is over every callback's score; resolved counts Yes only, not Partial; "
          "callbacks whose Resolved? is empty are not in that share's whole."),
        t(lang, f"{CALLBACK_HOURS} 小时内回访：回访表只记日期、不记时刻，回访日期不晚于问题解决日期的次日即算"
                f" {CALLBACK_HOURS} 小时内（与「{CALLBACK.mark('late').zh}」标记的规则相同）；没有问题解决日期的回访不计入。",
          f"Within {CALLBACK_HOURS} hours: the callback form keeps dates, not times, so a callback no later than the "
          "day after the resolution counts as within 24 hours (the rule of the late-callback mark); callbacks without "
          "a resolution date are not counted."),
        t(lang, f"{FOLLOW_UP_HOURS} 小时内二次沟通：回访表没有「二次沟通完成时间」字段。本报告以操作日志中二次沟通结果被"
                f"填写的日期（最近一次由空白变为有内容）作为完成日期，不晚于二次沟通期限（回访日期后 "
                f"{FOLLOW_UP_DAYS} 天）即算 {FOLLOW_UP_HOURS} 小时内完成。结果若是事后补录（如与回访一并导入），"
                f"按录入日期计，会显得偏晚。尚无结果的，按编制日期 {today} 判断是否已逾期。",
          f"Follow-ups within {FOLLOW_UP_HOURS} hours: the callback form has no field for when a follow-up was done. "
          "This report takes the date the audit log shows the follow-up result being filled in (the last time it went "
          f"from empty to given) and counts it within {FOLLOW_UP_HOURS} hours when that is no later than the follow-up "
          f"due date ({FOLLOW_UP_DAYS} days after the callback). A result entered afterwards (imported together "
          f"with the callback, say) counts on the day it was entered, so it may look late. Those without a result are "
          f"overdue or not as of the preparation date, {today}."),
        t(lang, "个人信息：客户姓名和联系方式已隐藏。" if masked else "个人信息：本报告含客户姓名和联系方式，请妥善保管。",
          "Personal data: customer names and phone numbers are masked." if masked else
          "Personal data: this report holds customer names and phone numbers; keep it safe."),
    ]


__all__ = ["BREAKDOWNS", "CASE_DETAILS", "CASE_FIELDS", "LINES", "Line", "TITLE", "TOP_GROUPS", "breakdown_title",
           "case_cells", "case_details", "case_headers", "change", "change_text", "line", "notes", "period_names",
           "type_label", "value_text"]
