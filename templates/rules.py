"""The computed fields, cross-field checks and time-dependent marks of ARTEFACTS.md, as pure functions."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Callable, Mapping, TypeVar

Record = Mapping[str, Any]
Reader = TypeVar("Reader", bound=Callable[..., Any])

SMART_PARTS = ("metric", "unit", "baseline", "target_value", "due_date")
FOLLOW_UP_SCORE = 8  # a score under this needs a supervisor's second call
FOLLOW_UP_DAYS = 2  # ... within 48 hours of the callback
CALLBACK_DAYS = 1  # a callback more than a day after resolution is late
AT_RISK_POINTS = 10  # a target whose attainment lags the straight path to its due date by more is at risk
RECENT_READING_DAYS = 14  # a pack's workbook lists the readings of the last two weeks (its chapter draws them all)


def reads(*keys: str) -> Callable[[Reader], Reader]:
    """Declares the only fields a computed field or check reads, so a change to other fields need not run it
    (schema.fields_read); tests/test_templates.py proves each declaration against random records."""
    def declare(function: Reader) -> Reader:
        function.reads = frozenset(keys)
        return function
    return declare


@reads("impact", "frequency")
def priority(r: Record) -> str | None:
    """P1 = impact and frequency high; P2 = one of them high, or both medium; P3 = the rest."""
    impact, frequency = r.get("impact"), r.get("frequency")
    if not impact or not frequency:
        return None
    if impact == "high" and frequency == "high":
        return "P1"
    if "high" in (impact, frequency) or (impact == "medium" and frequency == "medium"):
        return "P2"
    return "P3"


@reads("baseline", "target_value")
def direction(r: Record) -> str | None:
    baseline, target = r.get("baseline"), r.get("target_value")
    if baseline is None or target is None or baseline == target:
        return None
    return "decrease" if target < baseline else "increase"


@reads(*SMART_PARTS)
def smart_gaps(r: Record) -> str | None:
    """The SMART parts still missing, as comma-separated field keys (None when complete)."""
    missing = [k for k in SMART_PARTS if r.get(k) in (None, "")]
    return ",".join(missing) or None


@reads("score")
def follow_up_needed(r: Record) -> str | None:
    score = r.get("score")
    if score is None:
        return None
    return "yes" if score < FOLLOW_UP_SCORE else "no"


@reads("score", "callback_date")
def follow_up_due(r: Record) -> dt.date | None:
    if follow_up_needed(r) != "yes" or r.get("callback_date") is None:
        return None
    return r["callback_date"] + dt.timedelta(days=FOLLOW_UP_DAYS)


@reads("baseline", "target_value", "latest_value")
def attainment(r: Record) -> Decimal | None:
    """How far the latest reading went from the baseline to the target value, in per cent (either direction);
    None without a reading, a baseline or a target value, or when the target value is the baseline."""
    baseline, target, latest = r.get("baseline"), r.get("target_value"), r.get("latest_value")
    if baseline is None or target is None or latest is None or target == baseline:
        return None
    return (Decimal(latest - baseline) * 100 / Decimal(target - baseline)).quantize(Decimal("0.1"))


def expected_attainment(first_on: dt.date, due: dt.date, today: dt.date) -> Decimal:
    """The attainment a straight path from the first reading (0 %) to the due date (100 %) has reached today."""
    if due <= first_on or today >= due:
        return Decimal(100)
    if today <= first_on:
        return Decimal(0)
    return Decimal((today - first_on).days * 100) / Decimal((due - first_on).days)


@reads("baseline", "target_value", "latest_value", "latest_on", "first_on", "due_date")
def tracking(r: Record, today: dt.date | None = None) -> str | None:
    """not_started without readings; reached at an attainment of 100 % or more; overdue when the due date passed
    without it; at_risk when the attainment lags the straight path from the first reading's date to the due date
    by more than AT_RISK_POINTS; on_track otherwise. None when the attainment cannot be worked out."""
    if r.get("latest_on") is None:
        return "not_started"
    reached = attainment(r)
    if reached is None:
        return None
    if reached >= 100:
        return "reached"
    due, today = r.get("due_date"), today or dt.date.today()
    if due is None:
        return "on_track"
    if today > due:
        return "overdue"
    lag = expected_attainment(r.get("first_on") or r["latest_on"], due, today) - reached
    return "at_risk" if lag > AT_RISK_POINTS else "on_track"


# --- cross-field checks: None when fine, else (zh, en) ---

@reads("start_date", "end_date")
def end_not_before_start(r: Record) -> tuple[str, str] | None:
    start, end = r.get("start_date"), r.get("end_date")
    if start and end and end < start:
        return ("完成节点不能早于开始日期", "The milestone date cannot be before the start date")
    return None


@reads("requesting_department", "cooperating_department")
def cooperating_differs(r: Record) -> tuple[str, str] | None:
    a, b = r.get("requesting_department"), r.get("cooperating_department")
    if a and b and a == b:
        return ("协作部门不能与申请部门相同", "The cooperating department must differ from the requesting department")
    return None


@reads("resolved_on", "callback_date")
def callback_after_resolution(r: Record) -> tuple[str, str] | None:
    resolved, called = r.get("resolved_on"), r.get("callback_date")
    if resolved and called and called < resolved:
        return ("回访日期不能早于问题解决日期", "The callback date cannot be before the resolution date")
    return None


@reads("score", "follow_up_owner")
def follow_up_owner_when_needed(r: Record) -> tuple[str, str] | None:
    if follow_up_needed(r) == "yes" and not r.get("follow_up_owner"):
        return ("评分低于8分需指定二次沟通负责人", "A score under 8 needs a follow-up owner")
    return None
