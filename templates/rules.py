"""The computed fields, cross-field checks and time-dependent marks of ARTEFACTS.md, as pure functions."""
from __future__ import annotations

import datetime as dt
from typing import Any, Callable, Mapping, TypeVar

Record = Mapping[str, Any]
Reader = TypeVar("Reader", bound=Callable[..., Any])

SMART_PARTS = ("metric", "unit", "baseline", "target_value", "due_date")
FOLLOW_UP_SCORE = 8  # a score under this needs a supervisor's second call
FOLLOW_UP_DAYS = 2  # ... within 48 hours of the callback
CALLBACK_DAYS = 1  # a callback more than a day after resolution is late


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
