"""The period a report covers: an ISO week (2026-W48) or two dates; the period as long before it; both in words."""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from reviewdesk.templates.errors import ReviewDeskError
from reviewdesk.templates.language import t
from reviewdesk.templates.schema import Field, Kind
from reviewdesk.templates.values import parse_date

_WEEK = re.compile(r"^(\d{4})\s*-?\s*W\s*(\d{1,2})$", re.IGNORECASE)
START = Field("from", "开始日期", "From", Kind.DATE)
END = Field("to", "结束日期", "To", Kind.DATE)


@dataclass(frozen=True)
class Period:
    """The days from `start` to `end`, both included."""

    start: dt.date
    end: dt.date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def week(self) -> str | None:
        """2026-W48 when the period is one whole ISO week, Monday to Sunday; else None."""
        year, number, weekday = self.start.isocalendar()
        return f"{year}-W{number:02d}" if weekday == 1 and self.days == 7 else None

    def previous(self) -> "Period":
        """The period of the same length that ends the day before this one starts."""
        return Period(self.start - dt.timedelta(days=self.days), self.start - dt.timedelta(days=1))

    def dates(self, lang: str) -> str:
        """2026-11-23 至 2026-11-29 / 2026-11-23 to 2026-11-29 (one date for a one-day period)."""
        if self.start == self.end:
            return self.start.isoformat()
        return t(lang, f"{self.start} 至 {self.end}", f"{self.start} to {self.end}")

    def label(self, lang: str) -> str:
        """The week and its dates, or the dates: 2026-W48（2026-11-23 至 2026-11-29）."""
        if self.week is None:
            return self.dates(lang)
        return t(lang, f"{self.week}（{self.dates(lang)}）", f"{self.week} ({self.dates(lang)})")


def iso_week(text: str) -> Period:
    """The Monday-to-Sunday period of an ISO week typed as 2026-W48 (also 2026W48, full-width, lower case)."""
    typed = unicodedata.normalize("NFKC", str(text)).strip()
    match = _WEEK.match(typed)
    if match is None:
        raise ReviewDeskError(f"周应写成 年-W周数，如 2026-W48，收到「{text}」",
                              f"A week is written YEAR-Wnn, such as 2026-W48, got '{text}'")
    year, number = int(match[1]), int(match[2])
    weeks = dt.date(year, 12, 28).isocalendar()[1]  # 28 December always lies in a year's last ISO week
    if not 1 <= number <= weeks:
        raise ReviewDeskError(f"{year} 年没有第 {number} 周（{year} 年共 {weeks} 周）：{text}",
                              f"{year} has no week {number} (it has {weeks} weeks): {text}")
    monday = dt.date.fromisocalendar(year, number, 1)
    return Period(monday, monday + dt.timedelta(days=6))


def between(start: str | dt.date, end: str | dt.date) -> Period:
    """The days from one typed date to another, both included; refused when the first comes after the second."""
    first, last = parse_date(START, start), parse_date(END, end)
    if first > last:
        raise ReviewDeskError(f"开始日期 {first} 晚于结束日期 {last}", f"The start date {first} is after the end date {last}")
    return Period(first, last)


def last_full_week(today: dt.date) -> Period:
    """The last Monday-to-Sunday week that ended before today."""
    monday = today - dt.timedelta(days=today.weekday() + 7)
    return Period(monday, monday + dt.timedelta(days=6))


__all__ = ["Period", "between", "iso_week", "last_full_week"]
