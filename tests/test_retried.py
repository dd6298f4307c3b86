"""The rules of store.retrying.retried, on any engine: only the outermost operation runs again, never an operation
called inside another's transaction; a bounded number of times, then a clear refusal; a second run sees the same
items as the first, even when they came as a one-shot iterator. (tests/test_many_writers.py: the real thing on a
PostgreSQL server.)"""
from __future__ import annotations

import pytest

from reviewdesk import store
from reviewdesk.store import retrying
from reviewdesk.store.retrying import RETRIES, retried


class Deadlock(Exception):
    """What a driver raises when the server ended a transaction to break a deadlock."""

    sqlstate = "40P01"


@pytest.fixture(autouse=True)
def no_pause(monkeypatch):
    monkeypatch.setattr(retrying, "FIRST_PAUSE", 0)


def test_only_the_outermost_operation_runs_again_and_then_says_why_it_gave_up(db):
    runs = []

    @retried
    def inner() -> None:
        runs.append("inner")
        raise Deadlock()

    @retried
    def outer() -> None:
        runs.append("outer")
        with store.database.atomic():
            inner()

    with pytest.raises(store.Contended) as refused:
        outer()
    assert runs == ["outer", "inner"] * (1 + RETRIES)
    assert "重试 3 次后仍未保存" in refused.value.message("zh") and "after 3 retries" in refused.value.message("en")


def test_a_second_run_sees_the_items_the_first_one_was_given(db):
    seen = []

    @retried
    def consume(items, *, more) -> None:
        seen.append((list(items), list(more)))
        if len(seen) == 1:
            raise Deadlock()

    consume(iter([1, 2]), more=(letter for letter in "ab"))
    assert seen == [([1, 2], ["a", "b"])] * 2


def test_a_record_that_keeps_moving_ends_in_its_stale_revision(db):
    runs = []

    @retried
    def overtaken() -> None:
        runs.append(1)
        raise retrying.Overtaken() from store.StaleRevision("ISS-0001", 3, 4)

    with pytest.raises(store.StaleRevision) as stale:
        overtaken()
    assert len(runs) == 1 + RETRIES and (stale.value.expected, stale.value.current) == (3, 4)


def test_any_other_error_is_not_run_again(db):
    runs = []

    @retried
    def refused() -> None:
        runs.append(1)
        raise store.StaleRevision("ISS-0001", 1, 2)

    with pytest.raises(store.StaleRevision):
        refused()
    assert runs == [1]
