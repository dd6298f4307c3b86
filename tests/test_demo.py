"""The demo data set: what fill_demo creates, that it covers every choice, and when it refuses."""
from __future__ import annotations

import datetime as dt

import pytest

from reviewdesk import store
from reviewdesk.store import demo, reference
from reviewdesk.store.models import AuditEntry
from reviewdesk.templates import ReviewDeskError, artefact, rules

SMALL = {"issue": 40, "target": 20, "plan_step": 30, "collab": 25, "callback": 300, "meeting": 2}
BOOKKEEPING = ("created_at", "updated_at")


def records(key: str) -> list[dict]:
    return list(store.select_records(key))


def choice_keys(art_key: str, field: str) -> set[str]:
    return {c.key for c in artefact(art_key).field(field).choices}


@pytest.fixture
def filled(db_path):
    counts = demo.fill_demo("small")
    return counts


def test_small_counts(filled):
    assert filled == SMALL
    assert {key: store.count_records(key) for key in SMALL} == SMALL


def test_departments_and_people(filled):
    departments = {d["code"]: d for d in reference.departments()}
    assert {"CS", "IT", "LOG", "FIN", "LEGAL", "QA", "OPS", "PROD"} <= set(departments)
    assert departments["LEGAL"]["name_zh"] == "法务部" and departments["QA"]["name_en"]
    people = reference.people()
    roles = {p["role"] for p in people}
    assert roles == {"agent", "team_lead", "supervisor", "manager", "specialist"}
    for code in departments:
        mine = [p for p in people if p["department"] == code]
        assert len(mine) >= 3, code
        assert any(p["role"] == "supervisor" for p in mine), code


def test_issues_cover_every_category_priority_and_status(filled):
    issues = records("issue")
    assert {r["category"] for r in issues} == choice_keys("issue", "category")
    assert {r["priority"] for r in issues} == {"P1", "P2", "P3"}
    assert {r["status"] for r in issues} == choice_keys("issue", "status")
    assert {r["source"] for r in issues} == choice_keys("issue", "source")
    assert len({r["department"] for r in issues}) >= 6
    assert len({r["process_node"] for r in issues}) >= 10
    assert {"退换货材料提交", "退款审核", "物流信息同步", "工单分配", "知识库检索", "投诉升级", "发票开具"} \
        <= {r["process_node"] for r in issues}
    assert any("40%" in r["title"] for r in issues)
    assert all(r["owner"] and r["found_on"] <= dt.date.today() for r in issues)
    assert any("→" in (r["root_cause"] or "") for r in issues)


def test_targets_statuses_links_and_smart_gaps(filled):
    targets = records("target")
    assert {r["status"] for r in targets} == choice_keys("target", "status")
    assert all(r["issue"] and r["issue"].startswith("ISS-") for r in targets)
    gaps = [r["smart_gaps"] for r in targets if r["smart_gaps"]]
    assert gaps and any("unit" in g for g in gaps) and any("baseline" in g for g in gaps)
    assert {"decrease", "increase"} <= {r["direction"] for r in targets}
    assert "客户提交材料次数从3次降至1次" in {r["title"] for r in targets}


def test_plan_covers_every_phase_with_overdue_steps(filled):
    today = dt.date.today()
    steps = records("plan_step")
    assert {r["phase"] for r in steps} == choice_keys("plan_step", "phase")
    assert all(r["start_date"] <= r["end_date"] for r in steps)
    assert all(0 <= r["progress"] <= 100 for r in steps)
    assert any(rules.plan_step_overdue(r, today) for r in steps)
    assert all(r["progress"] == 100 for r in steps if r["status"] == "done")
    assert any("系统异常时,启用临时人工审核通道" == r["contingency"] for r in steps)
    assert sum(1 for r in steps if r["target"]) >= 20


def test_collaboration_requests(filled):
    today = dt.date.today()
    collabs = records("collab")
    assert all(r["requesting_department"] != r["cooperating_department"] for r in collabs)
    assert {r["urgency"] for r in collabs} == choice_keys("collab", "urgency")
    assert any(rules.collab_overdue(r, today) for r in collabs)
    done = [r for r in collabs if r["status"] == "done"]
    assert done and all(r["response"] and r["completed_on"] for r in done)


def test_callbacks(filled):
    today = dt.date.today()
    callbacks = records("callback")
    supervisors = {p["name"] for p in reference.people() if p["role"] == "supervisor"}
    for field in ("customer_type", "issue_type", "channel"):
        assert {r[field] for r in callbacks} == choice_keys("callback", field), field
    low = [r for r in callbacks if r["score"] < 8]
    assert low and all(r["follow_up_owner"] in supervisors for r in low)
    assert all(r["follow_up_needed"] == "yes" for r in low)
    assert any(rules.follow_up_overdue(r, today) for r in callbacks)
    assert any(r["follow_up_result"] for r in low)
    assert all(r["resolved_on"] <= r["callback_date"] <= today for r in callbacks)
    late = [r for r in callbacks if rules.callback_late(r)]
    assert late and len(late) < len(callbacks) / 5  # mostly within a day
    tickets = [r["ticket_no"] for r in callbacks]
    assert len(set(tickets)) == len(tickets) and all(t.startswith("XR") and len(t) == 13 for t in tickets)
    assert all(len(r["phone"]) == 11 and r["phone"].startswith("1") for r in callbacks)


def test_meetings(filled):
    meetings = records("meeting")
    assert {m["status"] for m in meetings} == {"planned", "held"}
    for m in meetings:
        assert m["organizer"] and len(m["departments"]) >= 2 and m["agenda"]
    held = next(m for m in meetings if m["status"] == "held")
    assert held["date"] < dt.date.today() and all(a["decision"] for a in held["agenda"])


def test_written_through_the_change_api(filled):
    entries = AuditEntry.select().where(AuditEntry.artefact == "callback", AuditEntry.action == "create")
    assert entries.count() > 300
    assert {(e.who, e.source) for e in entries} == {("demo", "demo")}


def test_refuses_a_second_run_without_force(filled):
    with pytest.raises(ReviewDeskError) as caught:
        demo.fill_demo("small")
    assert "已有记录" in caught.value.zh and "already holds records" in caught.value.en
    assert store.count_records("issue") == 40


def test_refuses_when_any_artefact_has_records(db_path):
    reference.save_department("CS", "客服中心", "Customer Service", who="test")
    reference.save_person("张敏", "CS", "supervisor", who="test")
    store.create("callback", {"score": 9}, who="test")
    with pytest.raises(ReviewDeskError):
        demo.fill_demo("small")
    assert store.count_records("issue") == 0


def test_force_adds_more_and_keeps_reference_data(filled):
    departments, people = len(reference.departments()), len(reference.people())
    counts = demo.fill_demo("small", force=True, who="again")
    assert counts == SMALL
    assert {key: store.count_records(key) for key in SMALL} == {k: 2 * n for k, n in SMALL.items()}
    assert (len(reference.departments()), len(reference.people())) == (departments, people)
    second = [r["issue"] for r in records("target")[SMALL["target"]:]]
    assert all(int(code.split("-")[1]) > SMALL["issue"] for code in second)  # linked to its own issues


def test_unknown_size_is_refused(db_path):
    with pytest.raises(ReviewDeskError):
        demo.fill_demo("huge")


def test_same_seed_same_records(tmp_path, db_path):
    def snapshot() -> dict[str, list[dict]]:
        return {key: [{k: v for k, v in r.items() if k not in BOOKKEEPING} for r in records(key)] for key in SMALL}

    demo.fill_demo("small", seed=7)
    first = snapshot()
    store.close()
    store.open_database(tmp_path / "second.sqlite3")
    demo.fill_demo("small", seed=7)
    assert snapshot() == first
    store.close()
    store.open_database(tmp_path / "third.sqlite3")
    demo.fill_demo("small", seed=8)
    assert snapshot()["callback"] != first["callback"]
