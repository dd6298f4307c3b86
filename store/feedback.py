"""The figures of the customer feedback report, 客户反馈分析报告 in Chinese: a period's callbacks beside the period
before it."""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field as dc_field
from typing import Any, Iterator, Mapping

from reviewdesk.templates import artefact, rules, t
from reviewdesk.templates.figures import Figure, Tally, count
from reviewdesk.templates.marks import Blank, Filled
from reviewdesk.templates.periods import Period
from reviewdesk.templates.suggestions import Group, group_suggestions

from reviewdesk.store.audit import filled_at
from reviewdesk.store.figures import count_groups
from reviewdesk.store.records import Lookups, select_records

CALLBACK = artefact("callback")
LOW_SCORE = rules.FOLLOW_UP_SCORE  # a score under this needs a follow-up
CALLBACK_HOURS = rules.CALLBACK_DAYS * 24  # a callback is due within this many hours of the resolution
FOLLOW_UP_DAYS = rules.FOLLOW_UP_DAYS  # a follow-up is due this many days after the callback
SLICED_BY = ("issue_type", "customer_type")  # the report's breakdowns: by request type, by customer type
ALL = ("all", None)  # the slice of every callback of the period
#: Callbacks whose resolution date is known: those of which "called back within 24 hours" can be said.
DATED = count("dated", "有问题解决日期的回访", "Callbacks with a resolution date", only=Filled("resolved_on"))
#: What the report reads of each callback, as the dashboard and the pack count it (CALLBACK's declared figures).
REPORTED: tuple[Figure, ...] = (*(CALLBACK.figure(k) for k in ("average", "satisfied", "resolved", "by_score", "late")),
                                DATED)
#: Where a low score's follow-up stands on the day the report is made, in the order the report lists them.
FOLLOW_UP_STATES: dict[str, tuple[str, str]] = {
    "on_time": ("48 小时内完成", "Done within 48 hours"),
    "late": ("超过 48 小时才完成", "Done after 48 hours"),
    "undated": ("已完成（无录入时间）", "Done, time not recorded"),
    "pending": ("待跟进（未到期限）", "Pending, not yet due"),
    "overdue": ("已逾期未跟进", "Overdue"),
}


def state_label(state: str, lang: str) -> str:
    return t(lang, *FOLLOW_UP_STATES[state])


@dataclass
class Ratio:
    """How many of how many: 94 of 120 scored 8 or more."""

    count: int
    of: int

    @property
    def share(self) -> float | None:
        return self.count / self.of if self.of else None


@dataclass
class Slice:
    """The figures of one group of a period's callbacks (all of them, or one request or customer type)."""

    tallies: dict[str, Tally] = dc_field(default_factory=lambda: {f.key: Tally(f) for f in REPORTED})
    follow_ups: Counter = dc_field(default_factory=Counter)  # low scores by FOLLOW_UP_STATES key

    @property
    def callbacks(self) -> int:
        return self.tallies["by_score"].counted

    @property
    def average(self) -> float | None:
        return self.tallies["average"].value

    @property
    def scores(self) -> Counter:
        """Callbacks per score, 0 to 10."""
        return self.tallies["by_score"].value

    def _share(self, key: str) -> Ratio:
        tally = self.tallies[key]
        return Ratio(tally.hits, tally.given)

    @property
    def satisfied(self) -> Ratio:
        """Scoring 8 or more, of all."""
        return self._share("satisfied")

    @property
    def resolved(self) -> Ratio:
        """Resolved (yes), of those whose 问题是否解决 is filled in."""
        return self._share("resolved")

    @property
    def within_24h(self) -> Ratio:
        """Called back no later than the day after resolution, of those with a resolution date."""
        dated = self.tallies["dated"].counted
        return Ratio(dated - self.tallies["late"].counted, dated)

    @property
    def low_scores(self) -> int:
        return sum(self.follow_ups.values())

    @property
    def followed_up(self) -> Ratio:
        """Low scores followed up within 48 hours, of all low scores."""
        return Ratio(self.follow_ups["on_time"], self.low_scores)


@dataclass
class LowScore:
    """A callback scoring under 8, when its follow-up result was recorded (local date) and where it stands."""

    record: dict[str, Any]
    recorded_on: dt.date | None
    state: str


@dataclass
class PeriodFigures:
    period: Period
    slices: dict[tuple[str, str | None], Slice]
    low_scores: list[LowScore]
    suggestions: Counter  # {suggestion as written: callbacks}

    @property
    def overall(self) -> Slice:
        return self.slice(ALL)

    def slice(self, key: tuple[str, str | None]) -> Slice:
        return self.slices.get(key) or Slice()


@dataclass
class FeedbackFigures:
    """The report's figures: the period's, the previous period's, the suggestions grouped over both."""

    today: dt.date
    current: PeriodFigures
    previous: PeriodFigures
    groups: list[Group]
    undated: int  # callbacks without a callback date, in no period

    def breakdown(self, field_key: str) -> Iterator[tuple[str | None, Slice, Slice]]:
        """(choice key, this period's slice, the previous one's) per choice of a field in declared order; then the
        callbacks without one, when there are any."""
        keys = [c.key for c in CALLBACK.field(field_key).choices]
        if (field_key, None) in self.current.slices or (field_key, None) in self.previous.slices:
            keys.append(None)
        for key in keys:
            yield key, self.current.slice((field_key, key)), self.previous.slice((field_key, key))


def feedback_figures(period: Period, *, today: dt.date | None = None, lookups: Lookups | None = None
                     ) -> FeedbackFigures:
    """The report's figures over the callbacks whose callback date lies in `period`, and in the period before it."""
    today = today or dt.date.today()
    lookups = lookups or Lookups()
    current = _period_figures(period, today, lookups)
    previous = _period_figures(period.previous(), today, lookups)
    undated = sum(n for _, n in count_groups(CALLBACK, (), Blank("callback_date"), today=today, lookups=lookups))
    return FeedbackFigures(today, current, previous, group_suggestions([current.suggestions, previous.suggestions]),
                           undated)


def _period_figures(period: Period, today: dt.date, lookups: Lookups) -> PeriodFigures:
    within = {"callback_date": (period.start, period.end)}
    slices: dict[tuple[str, str | None], Slice] = {}
    asked: dict[tuple, list[tuple[Mapping[str, Any], int]]] = {}
    for figure in REPORTED:
        condition = figure.condition(CALLBACK)
        reads = tuple(dict.fromkeys((*figure.reads(CALLBACK), *SLICED_BY)))
        if (reads, condition) not in asked:  # the average, the share ≥ 8 and the distribution read one query
            asked[reads, condition] = list(count_groups(CALLBACK, reads, condition, today=today, ranges=within,
                                                        lookups=lookups))
        for record, n in asked[reads, condition]:
            for key in _slices_of(record):
                slices.setdefault(key, Slice()).tallies[figure.key].add(record, n, today, lambda r: None)
    low_scores = _low_scores(within, today, lookups)
    for low in low_scores:
        for key in _slices_of(low.record):
            slices.setdefault(key, Slice()).follow_ups[low.state] += 1
    suggestions = Counter({record["suggestion"]: n for record, n in count_groups(
        CALLBACK, ("suggestion",), Filled("suggestion"), today=today, ranges=within, lookups=lookups)})
    return PeriodFigures(period, slices, low_scores, suggestions)


def _slices_of(record: Mapping[str, Any]) -> tuple[tuple[str, str | None], ...]:
    return (ALL, *((key, record.get(key)) for key in SLICED_BY))


def _low_scores(within: Mapping[str, tuple], today: dt.date, lookups: Lookups) -> list[LowScore]:
    """The period's callbacks scoring under 8 in callback date order, each with its follow-up's state: done when
    its result is filled in, on time when the audit log has it filled in by the follow-up due date."""
    records = list(select_records(CALLBACK.key, condition=CALLBACK.mark("low_score").when, ranges=within,
                                  order="callback_date", lookups=lookups))
    recorded = {code: local_date(at) for code, at in
                filled_at(CALLBACK.key, "follow_up_result", [r["code"] for r in records]).items()}
    overdue = CALLBACK.mark("follow_up_overdue")
    found = []
    for r in records:
        on = recorded.get(r["code"])
        if r.get("follow_up_result"):
            due = r["follow_up_due"]
            state = "undated" if on is None else "on_time" if due and on <= due else "late"
        else:
            on, state = None, "overdue" if overdue.holds(r, today) else "pending"
        found.append(LowScore(r, on, state))
    return found


def local_date(at: dt.datetime) -> dt.date:
    """A time the audit log keeps (UTC) as the date it was where ReviewDesk runs."""
    return at.replace(tzinfo=dt.timezone.utc).astimezone().date()


__all__ = ["ALL", "CALLBACK", "CALLBACK_HOURS", "FOLLOW_UP_DAYS", "FOLLOW_UP_STATES", "LOW_SCORE", "FeedbackFigures",
           "LowScore", "PeriodFigures", "Ratio", "Slice", "feedback_figures", "local_date", "state_label"]
