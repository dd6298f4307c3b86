"""What a target's line chart shows (readings over time, baseline and target value, due date, the pilot), worked out
once for the pack's picture (charts.line_chart) and the target editor's widget alike."""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Sequence

from reviewdesk.templates import artefact, language, values
from reviewdesk.templates.progress import Progress, with_unit

RGB = tuple[int, int, int]
READINGS_COLOUR, BASELINE_COLOUR, TARGET_COLOUR = (68, 114, 196), (110, 110, 110), (56, 118, 29)
DUE_COLOUR, PILOT_COLOUR = (192, 0, 0), (255, 236, 196)
STEPS = (1, 2, 2.5, 5)  # tick steps read well at these × 10^n


@dataclass(frozen=True)
class Level:
    """A horizontal line across the chart (the baseline, the target value)."""

    value: float
    label: str
    colour: RGB


@dataclass(frozen=True)
class DayLine:
    """A vertical line at a date (the due date)."""

    day: dt.date
    label: str
    colour: RGB


@dataclass(frozen=True)
class Band:
    """A shaded stretch of dates (the pilot)."""

    start: dt.date
    end: dt.date
    label: str
    colour: RGB = PILOT_COLOUR


@dataclass(frozen=True)
class LineChart:
    """A line of readings over dates with its reference lines, the axes' ranges and ticks, and the words to show."""

    title: str
    series: str  # the readings' name in the legend
    points: tuple[tuple[dt.date, float], ...]
    levels: tuple[Level, ...]
    days: tuple[DayLine, ...]
    band: Band | None
    first: dt.date
    last: dt.date
    y_ticks: tuple[float, ...]
    x_ticks: tuple[dt.date, ...]
    y_title: str
    empty: str  # said where the line would be, without readings
    colour: RGB = READINGS_COLOUR

    def x(self, day: dt.date, left: float, right: float) -> float:
        """Where a date falls between the left and the right edge of the plot."""
        span = max((self.last - self.first).days, 1)
        return left + (right - left) * (day - self.first).days / span

    def y(self, value: float, bottom: float, top: float) -> float:
        """Where a value falls between the bottom and the top edge of the plot."""
        low, high = self.y_ticks[0], self.y_ticks[-1]
        return bottom - (bottom - top) * (value - low) / ((high - low) or 1)

    def date_label(self, day: dt.date) -> str:
        """A tick's date: month and day within one year, the full date across years."""
        return f"{day:%m-%d}" if self.first.year == self.last.year else day.isoformat()


def nice_ticks(low: float, high: float, most: int = 6) -> tuple[float, ...]:
    """Evenly spaced ticks of a step of 1, 2, 2.5 or 5 × 10^n from at or below `low` to at or above `high`."""
    if high < low:
        low, high = high, low
    if high == low:
        pad = abs(high) * 0.1 or 1
        low, high = low - pad, high + pad
    raw = (high - low) / most
    power = 10 ** math.floor(math.log10(raw))
    step = next((s * power for s in STEPS if s * power >= raw), 10 * power)
    start, stop = math.floor(low / step + 1e-9), math.ceil(high / step - 1e-9)
    return tuple(round(i * step, 10) for i in range(start, stop + 1))


def date_ticks(first: dt.date, last: dt.date, most: int = 6) -> tuple[dt.date, ...]:
    """Up to `most` dates spread evenly from the first to the last, both included."""
    span = (last - first).days
    count = min(most, span + 1)
    if count <= 1:
        return (first,)
    return tuple(dict.fromkeys(first + dt.timedelta(days=round(i * span / (count - 1))) for i in range(count)))


def target_chart(p: Progress, lang: str) -> LineChart:
    """A target's chart: its readings (a day's mean), the baseline and the target value, the due date and the pilot."""
    target, fields = p.target, artefact("target")
    t = lambda zh, en: language.t(lang, zh, en)  # noqa: E731
    unit = target.get("unit") or ""
    shown = lambda key: with_unit(values.display(fields.field(key), target[key], lang), unit, lang)  # noqa: E731
    levels = tuple(Level(float(target[key]), f"{fields.field(key).label(lang)} {shown(key)}", colour)
                   for key, colour in (("baseline", BASELINE_COLOUR), ("target_value", TARGET_COLOUR))
                   if target.get(key) is not None)
    due = target.get("due_date")
    days = (DayLine(due, f"{fields.field('due_date').label(lang)} {due.isoformat()}", DUE_COLOUR),) if due else ()
    pilot = p.pilot.pilot
    band = Band(pilot.start, pilot.end, artefact("reading").field("phase").choice("pilot").label(lang)) \
        if pilot is not None else None
    points = tuple((pt.day, float(pt.value)) for pt in p.points)
    dates = [d for d, _ in points] + [d.day for d in days] + ([band.start, band.end] if band else [])
    first, last = (min(dates), max(dates)) if dates else (dt.date.today(), dt.date.today())
    numbers = [v for _, v in points] + [level.value for level in levels]
    metric = target.get("metric") or artefact("reading").field("value").label(lang)
    return LineChart(
        title=f"{target['code']} {target.get('title') or ''}".strip(),
        series=metric,
        points=points, levels=levels, days=days, band=band, first=first, last=last,
        y_ticks=nice_ticks(min(numbers, default=0), max(numbers, default=1)),
        x_ticks=date_ticks(first, last),
        y_title=f"{metric}（{unit}）" if unit and lang == "zh" else f"{metric} ({unit})" if unit else metric,
        empty=t("暂无读数", "No readings yet"))


def legend(chart: LineChart) -> Sequence[tuple[str, RGB, str]]:
    """(text, colour, how it is drawn: line, dashed, band) for each thing the chart shows."""
    items = [(chart.series, chart.colour, "line")] if chart.points else []
    items += [(level.label, level.colour, "dashed") for level in chart.levels]
    items += [(day.label, day.colour, "dashed") for day in chart.days]
    if chart.band is not None:
        items.append((chart.band.label, chart.band.colour, "band"))
    return items


__all__ = ["Band", "DayLine", "Level", "LineChart", "date_ticks", "legend", "nice_ticks", "target_chart"]
