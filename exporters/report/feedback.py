"""The customer feedback report, 客户反馈分析报告 in Chinese, written as a Word document or a workbook, or its figures as
JSON."""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reviewdesk import store
from reviewdesk.store.feedback import CALLBACK, FOLLOW_UP_STATES, FeedbackFigures, Ratio, Slice, feedback_figures
from reviewdesk.templates import ReviewDeskError, values
from reviewdesk.templates.periods import Period

from reviewdesk.exporters.files import check_target
from reviewdesk.exporters.masking import mask
from reviewdesk.exporters.report import feedback_words as words
from reviewdesk.exporters.report.feedback_docx import write_feedback_docx
from reviewdesk.exporters.report.feedback_xlsx import write_feedback_xlsx

SUFFIXES = (".docx", ".xlsx")
LOW_SCORE_KEYS = ("ticket_no", *words.CASE_FIELDS, *words.CASE_DETAILS)  # what --json tells of each low score


@dataclass
class FeedbackReport:
    """What was written: where, over which periods, how many callbacks, whether names and phones are in it."""

    path: Path
    period: Period
    previous: Period
    callbacks: int
    personal_data: bool
    contents: dict[str, int]  # a document's tables and figures, a workbook's rows per sheet


def check_output(path: str | os.PathLike) -> Path:
    """The file to write, refused before any work when its name does not end in .docx or .xlsx (or its folder
    cannot take it)."""
    target = Path(path).expanduser()
    suffix = target.suffix.lower()
    if suffix not in SUFFIXES:
        raise ReviewDeskError(
            f"报告只能保存为 Word 文档（.docx）或 Excel 工作簿（.xlsx）：{target.name}",
            f"A report is saved as a Word document (.docx) or an Excel workbook (.xlsx): {target.name}")
    return check_target(target, suffix)


def write_feedback_report(path: str | os.PathLike, period: Period, *, lang: str = "zh",
                          include_personal_data: bool = False, today: dt.date | None = None,
                          template: str | os.PathLike | None = None) -> FeedbackReport:
    """Write the report on the callbacks of `period` beside the period before it to `path` (.docx or .xlsx, by its
    name), whole or not at all. Customer names and phones are masked unless `include_personal_data`.

    Args:
        template: for a .docx, a Word base template (default: $REVIEWDESK_WORD_TEMPLATE).
    """
    target = check_output(path)
    lookups = store.Lookups()
    figures = feedback_figures(period, today=today, lookups=lookups)
    return write_feedback(target, figures, lang=lang, lookups=lookups, include_personal_data=include_personal_data,
                          template=template)


def write_feedback(path: str | os.PathLike, figures: FeedbackFigures, *, lang: str, lookups: store.Lookups,
                   include_personal_data: bool = False, template: str | os.PathLike | None = None) -> FeedbackReport:
    """Write figures already worked out (feedback_figures) as the report at `path` (.docx or .xlsx)."""
    target = check_output(path)
    masked = not include_personal_data
    if target.suffix.lower() == ".docx":
        contents = write_feedback_docx(target, figures, lang=lang, lookups=lookups, masked=masked, template=template)
    else:
        contents = write_feedback_xlsx(target, figures, lang=lang, lookups=lookups, masked=masked)
    return FeedbackReport(target, figures.current.period, figures.previous.period, figures.current.overall.callbacks,
                          include_personal_data, contents)


def feedback_json(figures: FeedbackFigures, *, lang: str, lookups: store.Lookups, masked: bool) -> dict[str, Any]:
    """The figures as `reviewdesk report feedback --json` prints them (the structure docs/guide.en.md describes):
    keys and choice keys as in `list --json`, dates as ISO text, shares as fractions, labels in `lang`."""
    return {
        "report": "feedback",
        "language": lang,
        "prepared_on": figures.today.isoformat(),
        "personal_data": "masked" if masked else "included",
        "period": _period(figures.current.period),
        "previous": _period(figures.previous.period),
        "overall": {"current": _slice(figures.current.overall), "previous": _slice(figures.previous.overall)},
        "by": {key: [{"key": choice, "label": words.type_label(key, choice, lang), "current": _slice(now),
                      "previous": _slice(before)} for choice, now, before in figures.breakdown(key)]
               for key in words.BREAKDOWNS},
        "low_scores": [{"code": low.record["code"],
                        **{k: _case_value(k, low.record.get(k), masked) for k in LOW_SCORE_KEYS},
                        "result_recorded_on": low.recorded_on.isoformat() if low.recorded_on else None,
                        "state": low.state} for low in figures.current.low_scores],
        "suggestions": {
            "callbacks": {"current": sum(figures.current.suggestions.values()),
                          "previous": sum(figures.previous.suggestions.values())},
            "groups": [{"text": g.text, "current": g.counts[0], "previous": g.counts[1],
                        "wordings": [{"text": x.text, "current": x.counts[0], "previous": x.counts[1]}
                                     for x in g.wordings]} for g in figures.groups]},
        "undated_callbacks": figures.undated,
    }


def _period(period: Period) -> dict[str, Any]:
    return {"from": period.start.isoformat(), "to": period.end.isoformat(), "days": period.days, "week": period.week}


def _slice(s: Slice) -> dict[str, Any]:
    """A slice's figures by the report's line keys; a ratio as {count, of, share}; the score distribution and the
    follow-ups by state besides."""
    data: dict[str, Any] = {}
    for line in words.LINES:
        value = line.read(s)
        if isinstance(value, Ratio):
            value = {"count": value.count, "of": value.of,
                     "share": None if value.share is None else round(value.share, 4)}
        elif isinstance(value, float):
            value = round(value, 2)
        data[line.key] = value
    score = CALLBACK.field("score")
    data["scores"] = {str(n): s.scores.get(n, 0) for n in range(int(score.minimum), int(score.maximum) + 1)}
    data["follow_ups"] = {state: s.follow_ups[state] for state in FOLLOW_UP_STATES}
    return data


def _case_value(key: str, value: Any, masked: bool) -> Any:
    """A low score's field as `list --json` writes it, a name or phone masked unless asked."""
    field = CALLBACK.field(key)
    shown = values.to_json(field, value)
    return mask(field, shown) if masked else shown


__all__ = ["FeedbackReport", "SUFFIXES", "check_output", "feedback_json", "write_feedback", "write_feedback_report"]
