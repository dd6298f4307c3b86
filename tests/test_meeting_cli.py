"""Meetings through the real command line: add, agenda, decide, scope; list/show/set as for any artefact."""
from __future__ import annotations

import json

import pytest

from reviewdesk import store
from reviewdesk.exporters.review import scope as review_scope

pytestmark = pytest.mark.both_engines  # conftest.py: on PostgreSQL too, with REVIEWDESK_TEST_PG set


def add_meeting(run) -> None:
    code, out, err = run("meeting", "add", "title=退换货流程评审会", "date=2026-12-01", "departments=客服中心,IT",
                         "place=3楼会议室", "organizer=李娜")
    assert (code, out, err) == (0, "已创建 MTG-0001\n", "")


def test_add_agenda_decide_and_show(run):
    add_meeting(run)
    assert run("meeting", "agenda", "MTG-0001", "确认核心问题", "评审目标")[0] == 0
    assert run("meeting", "agenda", "MTG-1", "协作事项")[1] == "MTG-0001 共 3 项议程\n"
    assert run("meeting", "decide", "MTG-0001", "2", "目标通过", "--lang", "en")[1] == \
        "MTG-0001: decision on item 2 recorded\n"
    assert run("meeting", "decide", "MTG-0001", "协作", "IT 两周内排期")[0] == 0
    code, out, _ = run("show", "MTG-0001", "--json")
    meeting = json.loads(out)
    assert meeting["departments"] == ["CS", "IT"] and meeting["status"] == "planned" and meeting["revision"] == 5
    assert meeting["agenda"] == [{"item": "确认核心问题", "decision": None}, {"item": "评审目标", "decision": "目标通过"},
                                 {"item": "协作事项", "decision": "IT 两周内排期"}]
    history = store.history("MTG-0001")
    assert {e.field for e in history if e.action == "update"} == {"agenda"} and all(e.source == "cli" for e in history)
    code, out, _ = run("list", "meeting")
    assert code == 0 and "退换货流程评审会" in out and "筹备中" in out
    assert run("set", "MTG-0001", "status=已召开")[0] == 0


def test_refusals(run):
    add_meeting(run)
    code, _, err = run("meeting", "decide", "MTG-0001", "3", "x")
    assert code == 1 and "没有议程项" in err and err.count("\n") == 1
    code, _, err = run("meeting", "add", "title=无日期")
    assert code == 1 and "会议日期" in err
    code, _, err = run("meeting", "agenda", "ISS-0001", "x")
    assert code == 1
    code, _, err = run("meeting", "scope", "MTG-0001", "issue", "--where", "nonsense=1", "--lang", "en")
    assert code == 1 and "nonsense" in err
    assert run("meeting", "frobnicate")[0] == 2


def test_scope_narrows_and_status_replaces_the_open_default(run):
    add_meeting(run)
    store.create_many("issue", [
        dict(title="A", category="效率类", impact="高", frequency="高", department="CS"),
        dict(title="B", category="效率类", impact="低", frequency="低", department="IT"),
        dict(title="C", category="效率类", impact="高", frequency="高", department="CS", status="closed"),
    ], who="t")
    lookups = store.Lookups()
    meeting = store.get_record("MTG-0001")
    scope = review_scope.meeting_scope(meeting)
    assert [r["code"] for r in review_scope.scoped_records("issue", scope, lookups=lookups)] == ["ISS-0001", "ISS-0002"]
    assert run("meeting", "scope", "MTG-0001", "issue", "--where", "priority=P1")[0] == 0
    meeting = store.get_record("MTG-0001")
    assert meeting["scope"] == {"issue": ["priority=P1"]}
    scope = review_scope.meeting_scope(meeting)
    assert [r["code"] for r in review_scope.scoped_records("issue", scope, lookups=lookups)] == ["ISS-0001"]
    scope = review_scope.meeting_scope(meeting, ["issue.status=closed"])
    assert [r["code"] for r in review_scope.scoped_records("issue", scope, lookups=lookups)] == ["ISS-0003"]
    scope = review_scope.meeting_scope({"scope": None}, ["department=IT"])
    assert [r["code"] for r in review_scope.scoped_records("issue", scope, lookups=lookups)] == ["ISS-0002"]
    assert run("meeting", "scope", "MTG-0001", "issue")[0] == 0
    assert store.get_record("MTG-0001")["scope"] is None


def test_a_scope_list_would_refuse_is_refused_when_set_with_the_same_message(run):
    run("demo")
    code, _, err = run("meeting", "scope", "MTG-0001", "issue", "--where", "优先级=P9")
    assert code == 1 and "「优先级」应为以下之一" in err and "P9" in err
    code, _, err = run("meeting", "scope", "MTG-0001", "callback", "--where", "优先级=P1")
    assert code == 1 and "优先级" in err
    assert store.get_record("MTG-0001")["scope"] in (None, {})  # nothing stored


def test_a_stored_scope_that_no_longer_holds_names_the_meeting_and_how_to_reset_it(run, tmp_path):
    """A scope saved before it was checked (or a choice renamed since) made `pack` fail without saying where from."""
    run("demo")
    meeting = store.get_record("MTG-0001")
    store.update("MTG-0001", {"scope": {"issue": ["优先级=P1"]}}, who="test")
    from reviewdesk.store.models import MODELS  # what an older version could store: bypass today's check
    MODELS["meeting"].update(scope='{"issue": ["优先级=P9"]}').where(MODELS["meeting"].code == "MTG-0001").execute()
    code, _, err = run("pack", "MTG-0001", "-o", str(tmp_path / "pack"))
    assert code == 1 and "会议 MTG-0001 保存的材料范围中，服务问题清单的条件「优先级=P9」无效" in err
    assert "reviewdesk meeting scope MTG-0001 issue（不加 --where）恢复默认" in err
    assert run("meeting", "scope", "MTG-0001", "issue")[0] == 0  # the way out it names works
    assert run("pack", "MTG-0001", "-o", str(tmp_path / "pack"))[0] == 0
    assert meeting["code"] == "MTG-0001"
