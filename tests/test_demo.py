"""The demo data set: what fill_demo creates, that it covers every choice, and when it refuses."""
from __future__ import annotations

import datetime as dt
import random
import re

import pytest

from reviewdesk import store
from reviewdesk.store import demo, reference
from reviewdesk.store.models import AuditEntry
from reviewdesk.templates import ReviewDeskError, artefact

pytestmark = pytest.mark.both_engines  # conftest.py: on PostgreSQL too, with REVIEWDESK_TEST_PG set

SMALL = {"issue": 40, "target": 20, "plan_step": 30, "collab": 25, "callback": 300, "reading": 195, "meeting": 2,
         "action": 6}
BOOKKEEPING = ("created_at", "updated_at", "created_by", "updated_by")  # by: a team database's account


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
    assert any(artefact("plan_step").mark("overdue").holds(r, today) for r in steps)
    assert all(r["progress"] == 100 for r in steps if r["status"] == "done")
    assert any("系统异常时，启用临时人工审核通道" == r["contingency"] for r in steps)
    assert sum(1 for r in steps if r["target"]) >= 20


def test_collaboration_requests(filled):
    today = dt.date.today()
    collabs = records("collab")
    assert all(r["requesting_department"] != r["cooperating_department"] for r in collabs)
    assert {r["urgency"] for r in collabs} == choice_keys("collab", "urgency")
    assert any(artefact("collab").mark("overdue").holds(r, today) for r in collabs)
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
    assert any(artefact("callback").mark("follow_up_overdue").holds(r, today) for r in callbacks)
    assert any(r["follow_up_result"] for r in low)
    assert all(r["resolved_on"] <= r["callback_date"] <= today for r in callbacks)
    late = [r for r in callbacks if artefact("callback").mark("late").holds(r)]
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
    assert {(e.who, e.source) for e in entries} == {(store.acting_as("demo"), "demo")}


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


# --- the demo's text reads as a person would write it ---

PLACEHOLDER = re.compile(r"\{[^{}]*\}")
DOUBLED = re.compile(r"[。，、；：！？,.;:!?]{2,}")
HALF_WIDTH_BESIDE_CHINESE = re.compile(r"[\u3400-\u9fff]([,:;()!?])|([,:;()!?])[\u3400-\u9fff]")
FIGURES = {"p", "q", "h", "n", "k", "m"}  # what an issue's description may draw per record (_Maker.issues)


def texts(value) -> list[str]:
    """Every string in a value: a record, a list of departments, an agenda of items and decisions."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [t for v in value.values() for t in texts(v)]
    if isinstance(value, (list, tuple)):
        return [t for v in value for t in texts(v)]
    if isinstance(value, demo._IssueSeed):
        return texts(vars(value))
    return []


def text_faults(text: str) -> list[str]:
    faults = [f"unfilled {m}" for m in PLACEHOLDER.findall(text)]
    faults += [f"doubled {m}" for m in DOUBLED.findall(text)]
    faults += [f"half-width {a or b}" for a, b in HALF_WIDTH_BESIDE_CHINESE.findall(text)]
    if text.endswith("。"):  # a value, not a paragraph: documents join a record's values with ；, which would double it
        faults.append("ends with 。")
    return faults


def faults_in(rows) -> dict[str, list[str]]:
    return {t: f for row in rows for t in texts(row) if (f := text_faults(t))}


@pytest.mark.parametrize("text,fault", [("问卷有{k}道题", "unfilled {k}"), ("题目过多。;根因", "doubled 。;"),
                                        ("材料，，两次", "doubled ，，"), ("材料,两次", "half-width ,"),
                                        ("检查未通过:请补齐", "half-width :"), ("(华东区)", "half-width ("),
                                        ("题目过多。", "ends with 。")])
def test_the_text_check_finds_what_it_looks_for(text, fault):
    assert fault in text_faults(text)
    assert text_faults("工单中35%需补交材料，平均提交3次（如500元以下）：2.5小时；SMART检查。共3次") == []


def test_every_text_the_small_demo_writes_reads_as_written_chinese(filled):
    written = [r for key in SMALL for r in records(key)] + reference.departments() + reference.people()
    assert faults_in(written) == {}
    assert any("问卷有" in (r["root_cause"] or "") for r in records("issue"))


def test_every_text_the_large_demo_can_write_reads_as_written_chinese():
    """The large demo's own code paths (issue titles with a region from the second round on, requests past the
    table, callbacks over a year), drawn without a database and without drawing all 100,000 callbacks."""
    maker = demo._Maker(random.Random(20261123), dt.date.today(), "demo")
    issues = [f"ISS-{n:04d}" for n in range(1, 3 * len(demo.ISSUES) + 1)]
    targets = [f"TGT-{n:04d}" for n in range(1, 2 * len(demo.TARGETS) + 1)]
    drawn = [*maker.issues(len(issues)), *maker.targets(len(targets), issues),
             *maker.plan_steps(2 * len(demo.PLAN), targets), *maker.collabs(2 * len(demo.COLLABS), issues),
             *maker.callbacks(3000), *maker.meetings(2 * len(demo.MEETINGS))]
    assert faults_in(drawn) == {}
    assert any("（" in r["title"] for r in drawn[len(demo.ISSUES):len(issues)])  # a region in full-width brackets


def test_every_text_the_demo_module_holds_reads_as_written_chinese():
    """Whatever a random draw may not have reached; a placeholder only where it is filled in (a description)."""
    tables = [demo.ISSUES, demo.TARGETS, demo.RISKS, demo.PLAN, demo.COLLABS, demo.COLLAB_RESPONSES,
              demo.COLLAB_REJECTIONS, demo.MEETINGS, demo.REGIONS, demo.SUGGESTIONS, demo.FOLLOW_UP_RESULTS,
              demo.DEPARTMENTS, demo.PEOPLE, demo.GIVEN]
    descriptions = {seed.description for seed in demo.ISSUES}
    faults = faults_in(tables)
    for text in descriptions & set(faults):
        assert set(PLACEHOLDER.findall(text)) <= {"{" + f + "}" for f in FIGURES}, text
        faults[text] = [f for f in faults[text] if not f.startswith("unfilled")]
    faults = {text: found for text, found in faults.items() if found}
    assert faults == {}
