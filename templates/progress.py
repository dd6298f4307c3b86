"""A target's progress from its KPI readings: its chart's points and the pilot's before and after (seed 000 step 4)."""
from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from itertools import groupby
from operator import itemgetter
from typing import Any, Iterable, Mapping, Sequence

from reviewdesk.templates.language import t
from reviewdesk.templates.values import normalize_decimal

Record = Mapping[str, Any]
PILOT_PHASE = "pilot"  # the plan step's phase, and the reading's, that marks the pilot
READS = ("measured_on", "value", "phase")  # what progress() reads of a reading, besides its code and target
CANCELLED = "cancelled"  # a pilot step with this status did not take place


class Outcome(str, enum.Enum):
    """Whether the pilot's before and after could be compared, and if not, why not."""

    COMPARED = "compared"
    NO_PILOT = "no_pilot"  # no plan step of the target in the pilot phase, no reading marked pilot
    UNDATED = "undated"  # pilot steps, but none with both a start and a milestone date
    NO_READINGS = "no_readings"
    NONE_BEFORE = "none_before"  # no reading before the pilot started
    NONE_AFTER = "none_after"  # no reading since it started


@dataclass(frozen=True)
class Pilot:
    """When the pilot ran: from its steps' earliest start to their latest milestone date, or, without dated steps,
    from the first to the last reading marked pilot (`by_phase`)."""

    start: dt.date
    end: dt.date
    steps: tuple[str, ...] = ()
    by_phase: bool = False


@dataclass(frozen=True)
class Span:
    """Readings of one side of the pilot's start: how many, their mean, the first and the last date."""

    count: int
    mean: Decimal
    first: dt.date
    last: dt.date


@dataclass(frozen=True)
class BeforeAfter:
    """The mean of the readings before the pilot started against the mean during and after it, and against the
    target: the change (in the unit and in per cent of the mean before), whether it goes toward the target value,
    and how much of the baseline → target value gap it covers (per cent)."""

    outcome: Outcome
    unit: str = ""  # the target's, written after the means
    pilot: Pilot | None = None
    before: Span | None = None
    after: Span | None = None
    undated_steps: tuple[str, ...] = ()
    change: Decimal | None = None
    change_percent: Decimal | None = None
    toward_target: bool | None = None
    gap_covered: Decimal | None = None

    def words(self, lang: str) -> str:
        """What the comparison says in one sentence, or why there is none."""
        return _words(self, lang, self.unit)

    def period_words(self, lang: str) -> str:
        """When the pilot ran and what says so: 2026-10-07 至 2026-11-04，PLN-0016."""
        if self.pilot is None:
            return ""
        pilot = self.pilot
        how = t(lang, "按读数阶段", "from the readings' phase") if pilot.by_phase else \
            ("、" if lang == "zh" else ", ").join(pilot.steps)
        return t(lang, f"{pilot.start.isoformat()} 至 {pilot.end.isoformat()}，{how}",
                 f"{pilot.start.isoformat()} to {pilot.end.isoformat()}, {how}")

    def table(self, lang: str) -> list[list[str]]:
        """The header, then the row before the pilot and the row during and after it (nothing unless compared)."""
        if self.outcome is not Outcome.COMPARED:
            return []
        mean = t(lang, "均值", "Mean") + (t(lang, f"（{self.unit}）", f" ({self.unit})") if self.unit else "")

        def row(label: str, span: Span, against: str) -> list[str]:
            days = t(lang, f"{span.first.isoformat()} 至 {span.last.isoformat()}",
                     f"{span.first.isoformat()} to {span.last.isoformat()}")
            return [label, days, str(span.count), number(span.mean), against]
        return [[t(lang, "时段", "Period"), t(lang, "测量日期", "Measured"), t(lang, "读数条数", "Readings"), mean,
                 t(lang, "较试点前", "Against before")],
                row(t(lang, "试点前", "Before the pilot"), self.before, ""),
                row(t(lang, "试点期间及之后", "During and after it"), self.after, self.change_words(lang))]

    def change_words(self, lang: str) -> str:
        """The change in the unit (of a share: in points) and in per cent: −1.09次（−36.1%）, +6.35 points (+9.1 %)."""
        if self.change is None:
            return ""
        if self.unit == "%":  # a change of a share
            text = signed(self.change) + t(lang, " 个百分点", " points")
        else:
            text = with_unit(signed(self.change), self.unit, lang)
        if self.change_percent is not None:
            text += t(lang, "（{}）", " ({})").format(with_unit(signed(self.change_percent, 1), "%", lang))
        return text


@dataclass(frozen=True)
class Point:
    """One day on the chart: the mean of the readings measured that day."""

    day: dt.date
    value: Decimal
    readings: int


@dataclass(frozen=True)
class Progress:
    """One target, its readings in date order, the points of its chart and its pilot's before and after."""

    target: Record
    readings: tuple[Record, ...]
    points: tuple[Point, ...]
    pilot: BeforeAfter


def progress(target: Record, readings: Iterable[Record], steps: Iterable[Record]) -> Progress:
    """The progress of `target` from its readings (measured_on, value, phase) and its plan steps (code, phase,
    start_date, end_date, status); records of other targets are left out."""
    code = target["code"]
    mine = sorted((r for r in readings if r.get("target", code) == code and r.get("measured_on") is not None
                   and r.get("value") is not None), key=itemgetter("measured_on", "code"))
    own_steps = [s for s in steps if s.get("target", target["code"]) == target["code"]]
    return Progress(target, tuple(mine), tuple(points(mine)), before_after(target, mine, own_steps))


def points(readings: Sequence[Record]) -> list[Point]:
    """One point per day with readings (the mean of that day's), from readings in date order."""
    found = []
    for day, same_day in groupby(readings, key=itemgetter("measured_on")):
        values = [Decimal(r["value"]) for r in same_day]
        found.append(Point(day, sum(values) / len(values), len(values)))
    return found


def pilot_of(steps: Iterable[Record], readings: Sequence[Record]) -> tuple[Outcome | None, Pilot | None]:
    """The pilot of a target's plan steps (not cancelled, phase pilot, with both dates), else of the readings marked
    pilot; (NO_PILOT or UNDATED, None) when neither says when it ran."""
    pilots = [s for s in steps if s.get("phase") == PILOT_PHASE and s.get("status") != CANCELLED]
    dated = [s for s in pilots if s.get("start_date") and s.get("end_date")]
    if dated:
        return None, Pilot(min(s["start_date"] for s in dated), max(s["end_date"] for s in dated),
                           tuple(sorted(s["code"] for s in dated)))
    marked = sorted(r["measured_on"] for r in readings if r.get("phase") == PILOT_PHASE)
    if marked:
        return None, Pilot(marked[0], marked[-1], by_phase=True)
    return (Outcome.UNDATED if pilots else Outcome.NO_PILOT), None


def before_after(target: Record, readings: Sequence[Record], steps: Iterable[Record]) -> BeforeAfter:
    """The pilot's before (readings measured before it started) and after (on or after that day), against the
    target's baseline and target value."""
    steps = list(steps)
    unit = target.get("unit") or ""
    refused, pilot = pilot_of(steps, readings)
    if pilot is None:
        undated = tuple(sorted(s["code"] for s in steps if s.get("phase") == PILOT_PHASE
                               and s.get("status") != CANCELLED))
        return BeforeAfter(refused, unit, undated_steps=undated)
    before = _span([r for r in readings if r["measured_on"] < pilot.start])
    after = _span([r for r in readings if r["measured_on"] >= pilot.start])
    if before is None or after is None:
        outcome = Outcome.NO_READINGS if before is None and after is None else \
            Outcome.NONE_BEFORE if before is None else Outcome.NONE_AFTER
        return BeforeAfter(outcome, unit, pilot, before, after)
    change = after.mean - before.mean
    percent = _tenth(change * 100 / before.mean) if before.mean else None
    baseline, goal = target.get("baseline"), target.get("target_value")
    toward = covered = None
    if baseline is not None and goal is not None and goal != baseline:
        gap = Decimal(goal) - Decimal(baseline)
        covered = _tenth(change * 100 / gap)
        toward = covered > 0
    return BeforeAfter(Outcome.COMPARED, unit, pilot, before, after, change=change, change_percent=percent,
                       toward_target=toward, gap_covered=covered)


def _span(readings: Sequence[Record]) -> Span | None:
    if not readings:
        return None
    values = [Decimal(r["value"]) for r in readings]
    days = [r["measured_on"] for r in readings]
    return Span(len(values), sum(values) / len(values), min(days), max(days))


def _tenth(number: Decimal) -> Decimal:
    return number.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def number(value: Decimal | float | int | None, places: int = 2) -> str:
    """A reading, a mean or a per cent as shown: at most `places` decimals, no trailing zeros (3, 1.62, −46.5)."""
    if value is None:
        return ""
    rounded = Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return format(normalize_decimal(rounded), "f").replace("-", "−")


def with_unit(text: str, unit: str, lang: str) -> str:
    """A number with its unit: 1.5次 and 8% in Chinese; 1.5 次 and 8 % in English."""
    if not text or not unit:
        return text
    return text + unit if lang == "zh" else f"{text} {unit}"


def signed(value: Decimal, places: int = 2) -> str:
    """A change with its sign: +0.5, −1.38."""
    return ("+" if value > 0 else "") + number(value, places)


def _words(ba: BeforeAfter, lang: str, unit: str) -> str:
    if ba.outcome is Outcome.NO_PILOT:
        return t(lang, "关联的实施步骤中没有「试点实施」阶段，读数也未标为试点期：无法比较试点前后。",
                 "No plan step of this target is in the pilot phase and no reading is marked pilot: there is no "
                 "before and after to compare.")
    if ba.outcome is Outcome.UNDATED:
        codes = ("、" if lang == "zh" else ", ").join(ba.undated_steps)
        return t(lang, f"试点步骤（{codes}）缺少开始日期或完成节点：补齐后即可比较试点前后。",
                 f"The pilot steps ({codes}) lack a start or a milestone date: fill them in to compare before and "
                 "after the pilot.")
    start = ba.pilot.start.isoformat()
    if ba.outcome is Outcome.NO_READINGS:
        return t(lang, "还没有读数：无法比较试点前后。", "No readings yet: there is no before and after to compare.")
    if ba.outcome is Outcome.NONE_BEFORE:
        return t(lang, f"试点开始（{start}）之前没有读数：无法得出试点前的均值。",
                 f"No reading before the pilot started ({start}): there is no mean before it.")
    if ba.outcome is Outcome.NONE_AFTER:
        return t(lang, f"试点开始（{start}）以后还没有读数。", f"No reading since the pilot started ({start}).")
    before, after = (with_unit(number(s.mean), unit, lang) for s in (ba.before, ba.after))
    zh = f"试点前均值 {before}，试点期间及之后均值 {after}，变化 {ba.change_words('zh')}"
    en = f"Mean before the pilot {before}, during and after it {after}: a change of {ba.change_words('en')}"
    if ba.gap_covered is not None:
        covered = number(ba.gap_covered, 1)
        if ba.toward_target:
            zh += f"，朝目标值方向，相当于基线值到目标值差距的 {covered}%"
            en += f", toward the target value: {covered} % of the gap from the baseline to the target value"
        elif ba.gap_covered < 0:
            zh += f"，背离目标值方向（相当于基线值到目标值差距的 {covered}%）"
            en += f", away from the target value ({covered} % of the gap from the baseline to the target value)"
        else:
            zh += "，未向目标值靠近"
            en += ", no nearer the target value"
    return t(lang, zh + "。", en + ".")


__all__ = ["BeforeAfter", "Outcome", "Pilot", "Point", "Progress", "Span", "before_after", "number", "pilot_of",
           "points", "progress", "signed", "with_unit"]
