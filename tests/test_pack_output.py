"""A review pack says what it said: the document's text and the workbooks' cells against a snapshot, and the
pack's fast reading of its records against the plain store API, on the test meeting and on the small demo.

tests/data/pack_snapshot.json was made from the pack as it was written before its records were read in one
streamed pass and its figures counted in SQL (#16 item 23). After a change that is meant to alter what a pack
says, remake it with REVIEWDESK_UPDATE_SNAPSHOT=1 and read the diff of the JSON file: it shows exactly what changed.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import random
from collections import Counter
from pathlib import Path

import pytest

from reviewdesk import store
from reviewdesk.exporters.review.pack import write_pack
from reviewdesk.exporters.review.scope import (Scope, meeting_scope, read_records, scoped_and_matching,
                                               scoped_records)
from reviewdesk.exporters.word import figures
from reviewdesk.templates import WORKBOOK_ARTEFACTS, Kind, artefact
from reviewdesk.templates.figures import Tally

from pack_snapshot import snapshot
from xlsx_helpers import fill_sample

TODAY = dt.date(2026, 11, 23)
SNAPSHOT = Path(__file__).parent / "data" / "pack_snapshot.json"


@pytest.fixture
def meeting(db):
    fill_sample()
    store.create("meeting", dict(title="退换货流程跨部门评审会", date="2026-12-01", place="3楼第一会议室", organizer="李娜",
                                 departments="CS,IT", agenda=["确认核心问题", "评审目标与方案"]), who="t")
    return "MTG-0001"


def _packs(code: str, tmp_path: Path) -> dict:
    found = {}
    write_pack(code, tmp_path / "zh", per_department=True, today=TODAY)
    found["zh, default scope, per department"] = snapshot(tmp_path / "zh")
    write_pack(code, tmp_path / "status", where=["plan_step.status=done", "callback.score=9"], today=TODAY)
    found["zh, chosen statuses"] = snapshot(tmp_path / "status")
    store.update(code, {"agenda": [{"item": "确认核心问题", "decision": "ISS-0001 列为核心问题"}], "status": "held",
                        "scope": {"issue": ["priority=P1"], "callback": ["follow_up_needed=yes"]}}, who="t")
    write_pack(code, tmp_path / "en", lang="en", where=["department=CS"], per_department=True,
               include_personal_data=True, today=TODAY)
    found["en, stored scope and --where, personal data"] = snapshot(tmp_path / "en")
    return found


def _dumps(value, indent: str = "") -> str:
    """JSON with one line per paragraph, table row or sheet row, so that a diff shows what changed."""
    inner = indent + " "
    if isinstance(value, dict) and value:
        items = [f"{inner}{json.dumps(k, ensure_ascii=False)}: {_dumps(v, inner)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + indent + "}"
    if isinstance(value, list) and value and any(isinstance(v, (dict, list)) and v and
                                                 any(isinstance(x, (dict, list)) for x in (v.values() if isinstance(v, dict) else v))
                                                 for v in value):
        return "[\n" + ",\n".join(inner + _dumps(v, inner) for v in value) + "\n" + indent + "]"
    return json.dumps(value, ensure_ascii=False)


def test_the_pack_says_what_it_said(meeting, tmp_path):
    found = _packs(meeting, tmp_path)
    if os.environ.get("REVIEWDESK_UPDATE_SNAPSHOT"):
        SNAPSHOT.write_text(_dumps(found) + "\n", encoding="utf-8")
    expected = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    assert found.keys() == expected.keys()
    for case in expected:
        assert found[case].keys() == expected[case].keys(), case
        for name in expected[case]:
            assert found[case][name] == expected[case][name], (case, name)


# --- the pack's own reading and counting, against the store's plain API ---

def _scopes(code: str) -> list[Scope]:
    """The default scope, a chosen status, a stored scope with --where, and a condition on a text field."""
    meeting = store.get_record(code)
    return [meeting_scope(meeting), meeting_scope(meeting, ["plan_step.status=done", "callback.score=9"]),
            meeting_scope(meeting, ["department=CS", "issue.priority=P1"]), meeting_scope(meeting, ["title=物流"])]


def _same_records(code: str) -> None:
    lookups = store.Lookups()
    for scope in _scopes(code):
        for key in WORKBOOK_ARTEFACTS:
            plain = scoped_records(key, scope, lookups=lookups)  # store.select_records, then open_when
            fast = read_records(key, scope, lookups=lookups)
            assert [r["code"] for r in fast] == [r["code"] for r in plain], (key, scope)
            for mine, theirs in zip(fast, plain):
                assert mine == {k: theirs[k] for k in mine}, (key, mine["code"])
                assert set(theirs) - set(mine) <= {"created_at", "created_by", "updated_at", "updated_by"}


def _same_figures(code: str, today: dt.date) -> None:
    lookups = store.Lookups()
    for scope in _scopes(code):
        every = {k: scoped_and_matching(k, scope, lookups=lookups)[1] for k in WORKBOOK_ARTEFACTS}
        plain = figures.gather(every, lookups, today)
        fast = store.count_figures(WORKBOOK_ARTEFACTS, today, lookups=lookups,
                                   filters={k: scope.for_artefact(k) for k in WORKBOOK_ARTEFACTS})
        assert fast == plain
        for name, tally in plain.tallies.items():  # tied counts are listed in the same order
            assert list(fast.tallies[name].values) == list(tally.values), name
        assert plain.rows == Counter({k: len(v) for k, v in every.items()})


def test_records_and_figures_as_the_store_gives_them(meeting):
    _same_records(meeting)
    _same_figures(meeting, TODAY)


def test_records_and_figures_on_the_demo(db):
    from reviewdesk.store import demo

    demo.fill_demo("small", force=True)
    _same_records("MTG-0001")
    for today in (dt.date.today(), dt.date.today() + dt.timedelta(days=30)):
        _same_figures("MTG-0001", today)


class _Reading(dict):
    """A record that notes which fields are read from it."""

    def __init__(self, values, seen: list[str]):
        super().__init__(values)
        self.seen = seen

    def get(self, key, default=None):
        self.seen.append(key)
        return super().get(key, default)

    def __getitem__(self, key):
        self.seen.append(key)
        return super().__getitem__(key)


def _random_record(art, rng: random.Random) -> dict:
    """Any values the fields could hold: blanks, every choice, random values of each kind."""
    record = {}
    for field in art.fields:
        options = [None] + [c.key for c in field.choices]
        if field.kind is Kind.DATE:
            options.append(dt.date(2026, 1, 1) + dt.timedelta(days=rng.randint(-400, 400)))
        elif field.kind in (Kind.INTEGER, Kind.DECIMAL):
            options.append(rng.randint(-5, 15))
        elif field.kind in (Kind.TEXT, Kind.LONG_TEXT):
            options += ["", "已回访", " ", "0"]
        elif field.kind in (Kind.DEPARTMENT, Kind.PERSON):
            options += ["CS", "IT", "李娜"]
        record[field.key] = rng.choice(options)
    return record


def test_each_figure_reads_only_the_fields_it_declares():
    """The database groups records by a figure's fields, so counting a record must read nothing else."""
    rng = random.Random(23)
    owner = {"李娜": "CS"}
    for key in WORKBOOK_ARTEFACTS:
        art = artefact(key)
        for figure in art.figures:
            for _ in range(300):
                record = _random_record(art, rng)
                seen: list[str] = []
                Tally(figure).add(_Reading(record, seen), 1, TODAY,
                                  lambda r: owner.get(r.get(art.department_field)))
                assert set(seen) <= set(figure.reads(art)), (key, figure.key, seen)
