"""The feedback report as a Word document: the period beside the previous one, by request and customer type, the low
scores and their follow-ups, the frequent suggestions, charts drawn as the pack draws them, and the notes."""
from __future__ import annotations

import os
from typing import Sequence

from reviewdesk import store
from reviewdesk.store.feedback import CALLBACK, FOLLOW_UP_STATES, FeedbackFigures, state_label
from reviewdesk.templates import Field, Kind
from reviewdesk.templates.suggestions import METHOD

from reviewdesk.exporters.files import atomic_output
from reviewdesk.exporters.report import feedback_words as words
from reviewdesk.exporters.word.charts import PALETTE, Series, bar_chart
from reviewdesk.exporters.word.documents import Writer
from reviewdesk.exporters.word.figures import Chart
from reviewdesk.exporters.word.styles import new_document, set_properties, start_section
from reviewdesk.exporters.word.tables import (Column, Row, add_table, code_column, field_column, save_document,
                                              text_twips)

CURRENT_COLOUR, PREVIOUS_COLOUR = PALETTE[0], PALETTE[5]  # this period in blue, the previous one in grey
CHART_RATIO = 860 / 1600  # a bar chart's height to its width


def write_feedback_docx(path: str | os.PathLike, figures: FeedbackFigures, *, lang: str, lookups: store.Lookups,
                        masked: bool, template: str | os.PathLike | None = None) -> dict[str, int]:
    """Write the report to `path` (whole or not at all); returns {"tables": n, "figures": n} it holds."""
    w = Writer(new_document(template, lang=lang), lang, lookups, masked=masked, today=figures.today)
    report = _Report(figures, w)
    report.cover()
    report.overview()
    for key in words.BREAKDOWNS:
        report.breakdown(key)
    report.low_scores()
    report.suggestions()
    report.notes()
    with atomic_output(path, ".docx") as temporary:
        save_document(w.document, temporary)
    return {"tables": w.tables, "figures": w.figures}


def _two_lines(label: str) -> int:
    """The width a Chinese header needs to take two lines at most (a Latin one wraps between its words anyway)."""
    if any(ch.isascii() and ch.isalpha() for ch in label):
        return 0
    return text_twips(label[:(len(label) + 1) // 2])


class _Report:
    """The report's parts, written in order into one Writer."""

    def __init__(self, figures: FeedbackFigures, w: Writer):
        self.f, self.w, self.t, self.lang = figures, w, w.t, w.lang
        self.names = words.period_names(figures, w.lang)
        self.short = [self.t("本期", "This period"), self.t("上期", "Previous")]

    def cover(self) -> None:
        f, t, w = self.f, self.t, self.w
        start_section(w.document, landscape=False)
        title = t(*words.TITLE)
        w.para(title, "Title").paragraph_format.space_before = None
        facts = [t("统计周期 ", "Period ") + f.current.period.label(self.lang),
                 t("对比上期 ", "Compared with ") + f.previous.period.label(self.lang),
                 t("编制日期 ", "Prepared on ") + f.today.isoformat(),
                 t("个人信息已隐藏", "personal data masked") if w.masked else t("含个人信息", "personal data included")]
        w.meta(" · ".join(facts))
        set_properties(w.document, title=f"{title} {f.current.period.week or f.current.period.dates(self.lang)}",
                       subject=" · ".join(facts), lang=self.lang)

    def overview(self) -> None:
        f, t, w = self.f, self.t, self.w
        w.chapter("总体情况", "Overview")
        now, before = f.current.overall, f.previous.overall
        w.caption("table", t("关键指标：本期与上期", "Key figures: this period and the previous one"))
        rows = [[x.label(self.lang), *(words.value_text(x.read(s), self.lang) for s in (now, before)),
                 words.change_text(x.read(now), x.read(before), self.lang)] for x in words.LINES]
        add_table(w.document, [Column(t("指标", "Figure"), 2.2), Column(self.short[0], 1.3),
                               Column(self.short[1], 1.3), Column(t("变化", "Change"), 1.0)], rows)
        w.para("")
        score = CALLBACK.field("score")
        scores = range(int(score.minimum), int(score.maximum) + 1)
        self.chart(t("满意度评分分布", "Score distribution"), [str(n) for n in scores],
                   [[s.scores.get(n, 0) for n in scores] for s in (now, before)], x_title=score.label(self.lang),
                   y_title=words.line("callbacks").label(self.lang))

    def breakdown(self, field_key: str) -> None:
        """A chapter per type field: each type's figures in two rows, this period's and the previous one's."""
        f, t, w = self.f, self.t, self.w
        start_section(w.document, landscape=True)
        w.chapter(*(words.breakdown_title(field_key, lang) for lang in ("zh", "en")))
        slices = list(f.breakdown(field_key))
        rows = []
        for key, now, before in slices:
            for index, (name, s) in enumerate(zip(self.short, (now, before))):
                rows.append([words.type_label(field_key, key, self.lang) if index == 0 else "", name]
                            + [words.value_text(x.read(s), self.lang) for x in words.LINES])
        label = CALLBACK.field(field_key).label(self.lang)
        w.caption("table", words.breakdown_title(field_key, self.lang))
        add_table(w.document, [Column(label, 0, 1300), Column(t("期间", "Period"), 0, 1100)]
                  + [Column(x.label(self.lang), 1.0) for x in words.LINES], rows)
        w.para("")
        average = words.line("average_score")
        self.chart(t(f"各{label}的{average.zh}", f"{average.en} by {label.lower()}"),
                   [words.type_label(field_key, key, self.lang) for key, _, _ in slices],
                   [[round(pair[i].average or 0, 1) for pair in slices] for i in (1, 2)],
                   y_title=average.label(self.lang), share=0.45)

    def low_scores(self) -> None:
        f, t, w = self.f, self.t, self.w
        start_section(w.document, landscape=True)
        w.chapter("低分回访与二次沟通", "Low scores and their follow-ups")
        now, before = f.current.overall, f.previous.overall
        states = [s for s in FOLLOW_UP_STATES if s != "undated" or now.follow_ups[s] or before.follow_ups[s]]
        in_sentence = (lambda text: text) if self.lang == "zh" else str.lower  # mid-sentence in English
        said = self.t("、", ", ").join(f"{in_sentence(state_label(s, self.lang))} {now.follow_ups[s]}" for s in states
                                       if now.follow_ups[s])
        w.meta(t(f"本期评分低于 {words.LOW} 分的回访 {now.low_scores} 次" + (f"：{said}。" if said else "。")
                 + f"上期 {before.low_scores} 次。二次沟通应在回访后 {words.FOLLOW_UP_HOURS} 小时内完成。",
                 f"{now.low_scores} callback(s) scored under {words.LOW} this period" + (f": {said}." if said else ".")
                 + f" The previous period had {before.low_scores}. The follow-up is due within "
                 f"{words.FOLLOW_UP_HOURS} hours of the callback."))
        w.caption("table", t("二次沟通跟进状态", "Where the follow-ups stand"))
        add_table(w.document, [Column(t("跟进状态", "Follow-up state"), 2.0), Column(self.short[0], 1.0),
                               Column(self.short[1], 1.0)],
                  [[state_label(s, self.lang), str(now.follow_ups[s]), str(before.follow_ups[s])] for s in states]
                  + [[t("合计", "Total"), str(now.low_scores), str(before.low_scores)]], width_twips=7200)
        w.para("")
        w.caption("table", t(f"本期低分回访（低于 {words.LOW} 分）", f"Low scores of this period (under {words.LOW})"))
        if not f.current.low_scores:
            w.para(t("（本期没有低分回访）", "(no low scores this period)"))
            return
        colon = t("：", ": ")
        rows = [Row(words.case_cells(low, self.lang, w.lookups, w.masked),
                    t("；", "; ").join(f"{label}{colon}{text}" for label, text in words.case_details(low, self.lang)))
                for low in f.current.low_scores]
        add_table(w.document, self.case_columns(), rows)
        w.para("")

    def case_columns(self) -> list[Column]:
        """The low scores' columns: each as wide as its values (the documents' field_column) and its header in two
        lines at most; the spare width to the names, phones and states."""
        headers = words.case_headers(self.lang)
        fields = [CALLBACK.field(k) for k in words.CASE_FIELDS]
        dated = field_column(Field("recorded_on", "", "", Kind.DATE), self.lang)
        widest = max((state_label(s, self.lang) for s in FOLLOW_UP_STATES), key=text_twips)
        columns = [code_column(headers[0])] + [field_column(f, self.lang) for f in fields] + [
            Column(headers[-2], 0, dated.minimum), Column(headers[-1], 0.6, text_twips(widest))]
        return [Column(c.label, c.weight, max(c.minimum, _two_lines(c.label))) for c in columns]

    def suggestions(self) -> None:
        f, t, w = self.f, self.t, self.w
        start_section(w.document, landscape=False)
        w.chapter("客户建议中的高频问题", "Frequent problems in the suggestions")
        given = [sum(f.current.suggestions.values()), sum(f.previous.suggestions.values())]
        listed = f.groups[:words.TOP_GROUPS]
        w.meta(t(f"本期有建议的回访 {given[0]} 次（上期 {given[1]} 次），归为 {len(f.groups)} 组；"
                 f"下表列出次数最多的 {len(listed)} 组。",
                 f"{given[0]} callback(s) carried a suggestion this period ({given[1]} the previous one), in "
                 f"{len(f.groups)} group(s); the table lists the {len(listed)} most frequent."))
        w.caption("table", t("客户建议高频问题", "Most frequent suggestions"))
        sep = t("；", "; ")
        rows = [[str(i), g.text, str(g.counts[0]), str(g.counts[1]), words.change_text(*g.counts, self.lang),
                 sep.join(f"{x.text}（{sum(x.counts)}）" if self.lang == "zh" else f"{x.text} ({sum(x.counts)})"
                          for x in g.wordings[1:])] for i, g in enumerate(listed, 1)]
        add_table(w.document, [Column(t("序号", "No."), 0, 700), Column(t("问题（原话）", "Problem (as worded)"), 2.2),
                               Column(self.short[0], 0, 900), Column(self.short[1], 0, 900),
                               Column(t("变化", "Change"), 0, 900), Column(t("归入此组的其他表述", "Other wordings"), 2.0)],
                  rows or [["", t("（两期都没有客户建议）", "(no suggestions in either period)"), "", "", "", ""]])
        w.meta(t("注：", "Note: ") + t(*METHOD))

    def notes(self) -> None:
        w = self.w
        w.chapter("说明", "Notes")
        for index, text in enumerate(words.notes(self.f, self.lang, w.masked), 1):
            w.para(f"{index}. {text}")

    def chart(self, title: str, categories: Sequence[str], values: Sequence[Sequence[float]], *, x_title: str = "",
              y_title: str = "", share: float = 0.78) -> None:
        """Bars of this period (`values[0]`) beside the previous one's (`values[1]`), drawn as the pack's charts are."""
        series = [Series(name, numbers, colour)
                  for name, numbers, colour in zip(self.names, values, (CURRENT_COLOUR, PREVIOUS_COLOUR))]
        png = bar_chart(title, categories, series, stacked=False, x_title=x_title, y_title=y_title,
                        empty_text=self.t("暂无数据", "No data"), legend=True)
        self.w.picture(Chart(title, title, png, CHART_RATIO), share)


__all__ = ["write_feedback_docx"]
