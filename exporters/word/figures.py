"""The review's figures (templates/figures.py) as the documents write them: summary rows and PNG charts."""
from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Mapping, Sequence

from reviewdesk import store
from reviewdesk.templates import Artefact, Kind, artefact, language
from reviewdesk.templates.figures import CHARTS, Figures, Measure, Tally, categories, in_words
from reviewdesk.templates.figures import gather as gather_records

from reviewdesk.exporters.word.charts import Series, bar_chart, matrix_chart

Record = Mapping[str, Any]
LOW_COLOUR, HIGH_COLOUR = (237, 125, 49), (68, 114, 196)  # a distribution's marked and plain values
STATUS_COLOURS = [(165, 165, 165), (255, 192, 0), (112, 173, 71), (192, 0, 0), (120, 120, 120)]


def gather(records: Mapping[str, Iterable[Record]], lookups: store.Lookups, today: dt.date) -> Figures:
    """The figures over records in memory, by artefact key, each record counting once."""
    return gather_records({artefact(k): v for k, v in records.items()}, today, lookups.owning_department)


def in_summary(tally: Tally, art: Artefact) -> bool:
    """Whether a figure is a line of the summary: not the matrix, a distribution over numbers, or a series of a
    shared chart, which are drawn instead."""
    figure = tally.figure
    if figure.measure is Measure.MATRIX or figure.together:
        return False
    return not (figure.measure is Measure.BY and art.has_field(figure.field)
                and art.field(figure.field).kind in (Kind.INTEGER, Kind.DECIMAL))


def summary_rows(f: Figures, lang: str, department_label: Callable[[str], str]) -> list[tuple[str, str, str]]:
    """(artefact, figure, value) rows of the one-page summary, the artefact named on its first row only."""
    rows = []
    for key in f.rows:
        art = artefact(key)
        shown = [t for t in f.of(key) if in_summary(t, art)]
        for index, tally in enumerate(shown):
            rows.append((art.label(lang) if index == 0 else "", tally.figure.label(lang),
                         in_words(tally, art, lang, department_label)))
    return rows


@dataclass
class Chart:
    key: str
    caption: str
    png: bytes
    height_ratio: float  # height / width, to place it


def matrix(tally: Tally, art: Artefact, lang: str) -> Chart:
    """A MATRIX figure: rows the first field (most pressing at the top), columns the second, cells by class."""
    figure = tally.figure
    rows_field, columns_field = (art.field(k) for k in figure.fields)
    levels = [(c.key, c.label(lang)) for c in reversed(columns_field.choices)]
    cell = art.field(figure.cell).computed if figure.cell else None
    classes = {(i, q): cell({rows_field.key: i, columns_field.key: q}) if cell else "" for i, _ in levels
               for q, _ in levels}
    title = figure.label(lang)
    png = matrix_chart(title, dict(tally.value), levels=levels, priority=classes,
                       impact_title=rows_field.label(lang), frequency_title=columns_field.label(lang),
                       legend=[(k, language.t(lang, zh, en)) for k, zh, en in figure.legend])
    return Chart(f"{art.key}.{figure.key}", title, png, 1000 / 1600)


def distribution(tally: Tally, art: Artefact, lang: str, department_label: Callable[[str], str]) -> Chart:
    """A BY figure as bars; over a number field with a mark on it (a score under 8), the marked values in orange."""
    t = functools.partial(language.t, lang)
    figure = tally.figure
    labels, values = categories(art, figure.field, tally.value, lang, department_label)
    title = language.t(lang, f"{art.sheet_zh}：{figure.zh}", f"{art.sheet_en}: {figure.en}")
    count = t("数量", "Count")
    none = t("暂无数据", "No data")
    mark = next((m for m in art.marks if m.column == figure.field), None)
    field = art.field(figure.field) if art.has_field(figure.field) else None
    if mark is not None and field is not None and field.kind is Kind.INTEGER:
        low = [mark.holds({figure.field: int(label)}) for label in labels]
        series = [Series(mark.label(lang), [v if m else 0 for v, m in zip(values, low)], LOW_COLOUR),
                  Series(t("其他", "Others"), [0 if m else v for v, m in zip(values, low)], HIGH_COLOUR)]
        png = bar_chart(title, labels, series, x_title=field.label(lang), y_title=count, empty_text=none)
    elif field is not None and field.choices and len(labels) <= len(STATUS_COLOURS):
        series = [Series(labels[i], [v if j == i else 0 for j, v in enumerate(values)], STATUS_COLOURS[i])
                  for i in range(len(values))]  # one colour per choice: a stacked chart whose series fill one each
        png = bar_chart(title, labels, series, y_title=count, legend=False, empty_text=none)
    else:
        png = bar_chart(title, labels, [Series(count, values)], y_title=count, empty_text=none)
    return Chart(f"{art.key}.{figure.key}", title, png, 860 / 1600)


def together(name: str, tallies: Sequence[tuple[Artefact, Tally]], lang: str,
             department_label: Callable[[str], str]) -> Chart:
    """A chart drawn from several artefacts' figures: one series each, by department."""
    t = functools.partial(language.t, lang)
    totals: Counter = Counter()
    for _, tally in tallies:
        totals.update({k: n for k, n in tally.value.items() if k})
    departments = [d for d, _ in totals.most_common()]
    title = language.t(lang, *CHARTS[name])
    count = t("数量", "Count")
    series = [Series(tally.figure.label(lang), [tally.value.get(d, 0) for d in departments]) for _, tally in tallies]
    png = bar_chart(title, [department_label(d) for d in departments], series, y_title=count,
                    empty_text=t("没有逾期事项", "Nothing overdue"))
    return Chart(name, title, png, 860 / 1600)


def chart(tally: Tally, art: Artefact, lang: str, department_label: Callable[[str], str]) -> Chart:
    if tally.figure.measure is Measure.MATRIX:
        return matrix(tally, art, lang)
    return distribution(tally, art, lang, department_label)


def charts(f: Figures, lang: str, department_label: Callable[[str], str]) -> list[Chart]:
    """Every figure declared as a chart, in the artefacts' order, then the charts several artefacts share; none of
    an artefact without records (a chart of zeros, as the workbook leaves it out too)."""
    result, shared = [], {}
    for key in f.rows:
        if not f.rows[key]:
            continue
        art = artefact(key)
        for tally in f.of(key):
            if tally.figure.together:
                shared.setdefault(tally.figure.together, []).append((art, tally))
            elif tally.figure.chart:
                result.append(chart(tally, art, lang, department_label))
    return result + [together(name, tallies, lang, department_label) for name, tallies in shared.items()]


__all__ = ["Chart", "Figures", "chart", "charts", "gather", "in_summary", "matrix",
           "summary_rows"]
