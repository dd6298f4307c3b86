"""The pilot's before and after (#14 item 3): recomputed here from the rows on their own, on the demo and on the edge
cases (no pilot, a pilot without dates, a cancelled one, no readings before or after, the pilot told by the readings'
phase, a target equal to its baseline, a change away from the target), and the chart's points (a day's mean)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from reviewdesk import store
from reviewdesk.templates.progress import Outcome

from progress_helpers import expected_before_after

TODAY = dt.date.today()


def day(offset: int) -> dt.date:
    return TODAY + dt.timedelta(days=offset)


def got_before_after(p) -> dict:
    ba = p.pilot
    found = {"outcome": ba.outcome.value}
    if ba.pilot is not None:
        found["start"] = ba.pilot.start
    if ba.outcome in (Outcome.NO_PILOT, Outcome.UNDATED):
        return found
    found["before"] = ba.before.count if ba.before else 0
    found["after"] = ba.after.count if ba.after else 0
    if ba.outcome is Outcome.COMPARED:
        found.update(mean_before=float(ba.before.mean), mean_after=float(ba.after.mean), change=float(ba.change),
                     percent=None if ba.change_percent is None else float(ba.change_percent),
                     gap=None if ba.gap_covered is None else float(ba.gap_covered), toward=ba.toward_target)
    return found


def assert_same(got: dict, wanted: dict, code: str) -> None:
    assert got.keys() == wanted.keys(), code
    for key, value in wanted.items():
        if isinstance(value, float):
            assert got[key] == pytest.approx(value, abs=0.051), (code, key)
        else:
            assert got[key] == value, (code, key)


def assert_every_target_compares_as_its_rows_say() -> list:
    readings = list(store.select_records("reading"))
    steps = list(store.select_records("plan_step"))
    targets = list(store.select_records("target"))
    found = store.target_progress([t["code"] for t in targets])
    assert [p.target["code"] for p in found] == sorted(t["code"] for t in targets)
    for p in found:
        target = next(t for t in targets if t["code"] == p.target["code"])
        assert_same(got_before_after(p), expected_before_after(target, readings, steps), target["code"])
        days = sorted({r["measured_on"] for r in readings if r["target"] == target["code"]})
        assert [pt.day for pt in p.points] == days
    return found


def test_the_demo_compares_its_pilots_as_the_rows_say(db):
    store.demo.fill_demo("small")
    found = assert_every_target_compares_as_its_rows_say()
    outcomes = {(p.pilot.outcome, p.pilot.pilot is not None and p.pilot.pilot.by_phase) for p in found}
    assert {(Outcome.COMPARED, False), (Outcome.COMPARED, True), (Outcome.NO_PILOT, False),
            (Outcome.NO_READINGS, False)} <= outcomes
    for p in found:  # the demo's pilot steps start when its readings' pilot period does: one story
        if p.pilot.outcome is Outcome.COMPARED:
            first_pilot = min(r["measured_on"] for r in p.readings if r["phase"] == "pilot")
            assert p.pilot.pilot.start == first_pilot, p.target["code"]
            assert p.pilot.toward_target and p.pilot.gap_covered > 0, p.target["code"]
            assert {r["phase"] for r in p.readings if r["measured_on"] < p.pilot.pilot.start} == {"baseline"}


@pytest.fixture
def target(db):
    return store.create("target", dict(title="投诉率从8%降至4%", metric="投诉率", unit="%", baseline=8, target_value=4,
                                       department="CS", due_date=day(60)), who="t").code


def read(target: str, offset: int, value, phase=None) -> None:
    store.create("reading", dict(target=target, measured_on=day(offset), value=value, phase=phase), who="t")


def step(target: str, start: int | None, end: int | None, status="in_progress", phase="pilot") -> str:
    return store.create("plan_step", dict(target=target, phase=phase, action="试点", department="CS", status=status,
                                          start_date=day(start) if start is not None else None,
                                          end_date=day(end) if end is not None else None), who="t").code


def progress_of(code: str):
    (found,) = store.target_progress([code])
    return found.pilot


def test_no_pilot_then_a_pilot_without_dates_then_a_cancelled_one(target):
    read(target, -30, 8)
    read(target, -5, 6)
    assert progress_of(target).outcome is Outcome.NO_PILOT
    step(target, None, None, phase="rollout")
    assert progress_of(target).outcome is Outcome.NO_PILOT  # a step of another phase is no pilot
    undated = step(target, -10, None)
    ba = progress_of(target)
    assert ba.outcome is Outcome.UNDATED and ba.undated_steps == (undated,)
    assert undated in ba.words("zh") and "缺少开始日期或完成节点" in ba.words("zh")
    step(target, -20, -12, status="cancelled")
    assert progress_of(target).outcome is Outcome.UNDATED  # a cancelled pilot did not take place
    assert_every_target_compares_as_its_rows_say()


def test_readings_only_before_or_only_after_the_pilot(target):
    step(target, -20, -10)
    assert progress_of(target).outcome is Outcome.NO_READINGS
    read(target, -15, 7)
    read(target, -3, 6)
    ba = progress_of(target)
    assert (ba.outcome, ba.before, ba.after.count) == (Outcome.NONE_BEFORE, None, 2)
    assert ba.words("zh") == f"试点开始（{day(-20).isoformat()}）之前没有读数：无法得出试点前的均值。"
    other = store.create("target", dict(title="满意度提升", baseline=7, target_value=9, department="CS",
                                        due_date=day(90)), who="t").code
    step(other, 5, 20)  # the pilot has not started yet
    read(other, -2, 7.1)
    ba = progress_of(other)
    assert (ba.outcome, ba.before.count, ba.after) == (Outcome.NONE_AFTER, 1, None)
    assert_every_target_compares_as_its_rows_say()


def test_the_comparison_against_the_target(target):
    for offset, value in ((-40, 8), (-33, 8.4), (-26, 7.6)):
        read(target, offset, value)
    for offset, value in ((-19, 7), (-12, 6), (-12, 6.4), (-5, 5)):  # two readings on one day
        read(target, offset, value)
    step(target, -20, -10)
    step(target, -22, -15, status="done")
    (p,) = store.target_progress([target])
    ba = p.pilot
    assert ba.pilot.start == day(-22) and ba.pilot.end == day(-10) and len(ba.pilot.steps) == 2
    assert (ba.before.count, ba.after.count) == (3, 4)
    assert (ba.before.mean, ba.after.mean) == (Decimal(8), Decimal("6.1"))
    assert (ba.change, ba.change_percent, ba.gap_covered, ba.toward_target) == \
           (Decimal("-1.9"), Decimal("-23.8"), Decimal("47.5"), True)
    assert ba.words("zh") == ("试点前均值 8%，试点期间及之后均值 6.1%，变化 −1.9 个百分点（−23.8%），朝目标值方向，"
                              "相当于基线值到目标值差距的 47.5%。")
    assert ba.words("en") == ("Mean before the pilot 8 %, during and after it 6.1 %: a change of −1.9 points "
                                   "(−23.8 %), toward the target value: 47.5 % of the gap from the baseline to the "
                                   "target value.")
    assert [(pt.day, pt.value, pt.readings) for pt in p.points if pt.day == day(-12)] == [(day(-12), Decimal("6.2"), 2)]
    assert len(p.points) == 6 and len(p.readings) == 7
    read(target, -2, 9.5)  # worse than before the pilot: away from the target
    assert_every_target_compares_as_its_rows_say()


def test_the_pilot_told_by_the_readings_phase_and_a_target_without_a_gap(db):
    code = store.create("target", dict(title="首次解决率保持", baseline=80, target_value=80, department="CS",
                                       due_date=day(30)), who="t").code
    read(code, -30, 0, "baseline")
    read(code, -20, 80, "pilot")
    read(code, -10, 82, "rollout")
    ba = progress_of(code)
    assert ba.outcome is Outcome.COMPARED and ba.pilot.by_phase and ba.pilot.start == day(-20)
    assert ba.change_percent is None  # nothing to take a per cent of
    assert ba.gap_covered is None and ba.toward_target is None  # the target value is the baseline
    assert "目标" not in ba.words("zh")
    assert_every_target_compares_as_its_rows_say()
