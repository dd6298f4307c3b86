"""The one change API: validation with clear messages, codes, revisions, the audit log, and nothing half-written."""
from __future__ import annotations

import datetime as dt
import re

import pytest

from reviewdesk import store
from reviewdesk.store import reference
from reviewdesk.templates import ReviewDeskError, ValidationError

pytestmark = pytest.mark.both_engines  # conftest.py: on PostgreSQL too, with REVIEWDESK_TEST_PG set

ISSUE = {"title": "客户需重复提交3次退换货材料", "category": "效率类", "impact": "高", "frequency": "high",
         "department": "客服中心", "owner": "李娜", "found_on": "2026-11-03"}


def test_create_validates_normalises_and_computes(db):
    change = store.create("issue", ISSUE, who="李娜")
    assert change.code == "ISS-0001" and change.revision == 1
    record = store.get_record("ISS-0001")
    assert record["category"] == "efficiency" and record["department"] == "CS" and record["owner"] == "李娜"
    assert record["priority"] == "P1" and record["status"] == "open"  # computed, and the declared default
    assert record["found_on"] == dt.date(2026, 11, 3)
    assert record["created_by"] == record["updated_by"] == store.acting_as("李娜")  # a team database: its account


def test_codes_are_per_artefact_and_never_reused_after_deletion(db):
    first = store.create("issue", ISSUE, who="t").code
    second = store.create("issue", ISSUE, who="t").code
    store.delete(second, who="t")
    third = store.create("issue", ISSUE, who="t").code
    assert (first, second, third) == ("ISS-0001", "ISS-0002", "ISS-0003")
    assert store.create("collab", {"requesting_department": "CS", "cooperating_department": "IT",
                                   "subject": "物流信息自动同步"}, who="t").code == "COL-0001"


def test_update_bumps_revision_and_audits_each_changed_field(db):
    store.create("issue", ISSUE, who="t")
    change = store.update("ISS-0001", {"status": "已确认", "impact": "中", "title": ISSUE["title"]},
                          expected_revision=1, who="张敏", source="form")
    assert change.revision == 2
    assert change.fields == {"impact": ("high", "medium"), "priority": ("P1", "P2"), "status": ("open", "confirmed")}
    entries = [e for e in store.history("ISS-0001") if e.action == "update"]
    who = store.acting_as("张敏")
    assert {(e.field, e.old, e.new, e.who, e.source) for e in entries} == {
        ("impact", "high", "medium", who, "form"), ("priority", "P1", "P2", who, "form"),
        ("status", "open", "confirmed", who, "form")}
    assert store.update("ISS-0001", {"status": "confirmed"}, who="t").revision == 2  # no real change, no new revision


def test_a_stale_revision_is_refused_and_nothing_changes(dump, db):
    store.create("issue", ISSUE, who="t")
    store.update("ISS-0001", {"status": "confirmed"}, expected_revision=1, who="a")
    before = dump(db)
    with pytest.raises(store.StaleRevision) as caught:
        store.update("ISS-0001", {"status": "closed"}, expected_revision=1, who="b")
    assert "版本 2" in caught.value.zh and "revision 2" in caught.value.en  # on a team database "a" and "b" are one account
    assert dump(db) == before


BAD_INPUT = [
    ({"colour": "红"}, "colour", "没有字段", "has no field"),
    ({"category": "紧急类"}, "category", "应为以下之一", "expected one of"),
    ({"affected_customers": "很多"}, "affected_customers", "应为整数", "expected a whole number"),
    ({"found_on": "2026-02-30"}, "found_on", "不是有效日期", "is not a real date"),
    ({"department": "市场部"}, "department", "没有名为「市场部」的部门", "no department"),
    ({"owner": "王五"}, "owner", "没有名为「王五」的人员", "no person"),
    ({"priority": "P1"}, "priority", "自动计算", "computed"),
    ({"title": ""}, "title", "必填", "required"),
]


@pytest.mark.parametrize("change,field,zh,en", BAD_INPUT, ids=[b[1] for b in BAD_INPUT])
def test_bad_input_is_refused_with_field_and_message_and_the_database_is_unchanged(dump, db, change, field, zh, en):
    store.create("issue", ISSUE, who="t")
    before = dump(db)
    with pytest.raises(ValidationError) as caught:
        store.update("ISS-0001", change, who="t")
    error = caught.value.errors[0]
    assert error.field == field and zh in error.zh and en in error.en
    assert dump(db) == before
    before = dump(db)
    with pytest.raises(ValidationError):
        store.create("issue", {**ISSUE, **change}, who="t")
    assert dump(db) == before


def test_a_reference_to_a_missing_code_is_refused(dump, db):
    before = dump(db)
    with pytest.raises(ValidationError) as caught:
        store.create("target", {"issue": "ISS-0042", "title": "投诉率降至5%", "department": "CS",
                                "due_date": "2026-12-31"}, who="t")
    assert caught.value.errors[0].field == "issue" and "ISS-0042" in caught.value.zh
    assert dump(db) == before


def test_cross_field_rules(db):
    with pytest.raises(ValidationError) as caught:
        store.create("plan_step", {"action": "试点", "department": "CS", "start_date": "2026-11-10",
                                   "end_date": "2026-11-01"}, who="t")
    assert caught.value.errors[0].field == "end_date" and "不能早于开始日期" in caught.value.zh
    with pytest.raises(ValidationError) as caught:
        store.create("collab", {"requesting_department": "CS", "cooperating_department": "客服中心",
                                "subject": "x"}, who="t")
    assert caught.value.errors[0].field == "cooperating_department"
    with pytest.raises(ValidationError) as caught:
        store.create("callback", {"score": 6, "callback_date": "2026-11-20"}, who="t")
    assert caught.value.errors[0].field == "follow_up_owner"
    change = store.create("callback", {"score": 6, "callback_date": "2026-11-20", "follow_up_owner": "张敏"}, who="t")
    record = store.get_record(change.code)
    assert record["follow_up_needed"] == "yes" and record["follow_up_due"] == dt.date(2026, 11, 22)


def test_a_change_is_checked_for_what_it_touches_not_for_what_was_broken_before(db, dump):
    """A record stored while breaking a rule (an older version, another tool) still takes changes to fields the
    rule does not read, such as a department filling in its one editable column; a change to a field the rule
    reads is refused until the record is whole, and a required field cannot be emptied."""
    change = store.create("callback", {"score": 9, "callback_date": "2026-11-20"}, who="t")
    # no owner now
    store.database.execute_sql(f"UPDATE callback SET score = 5 WHERE code = {store.database.param}", (change.code,))
    done = store.update(change.code, {"suggestion": "希望更快", "follow_up_result": "已致歉"}, who="t")
    assert done.fields == {"suggestion": (None, "希望更快"), "follow_up_needed": ("no", "yes"),  # put right
                           "follow_up_due": (None, dt.date(2026, 11, 22)), "follow_up_result": (None, "已致歉")}
    before = dump(db)
    for given, field in (({"score": 6}, "follow_up_owner"), ({"callback_date": "2026-11-01", "resolved_on": "2026-11-02"},
                         "callback_date"), ({"score": None}, "score")):
        with pytest.raises(ValidationError) as caught:
            store.update(change.code, given, who="t")
        assert [e.field for e in caught.value.errors] == [field]
    assert dump(db) == before
    done = store.update(change.code, {"score": 6, "follow_up_owner": "张敏"}, who="t")
    assert done.fields == {"score": (5, 6), "follow_up_owner": (None, "张敏")}


def test_a_computed_value_left_stale_is_put_right_by_the_next_change(db):
    code = store.create("issue", ISSUE, who="t").code
    # a hand edit: P1 stale
    store.database.execute_sql(f"UPDATE issue SET impact = 'low' WHERE code = {store.database.param}", (code,))
    done = store.update(code, {"notes": "复核"}, who="t")
    assert done.fields == {"priority": ("P1", "P2"), "notes": (None, "复核")}
    assert store.get_record(code)["priority"] == "P2"


def test_validate_gives_the_whole_record_with_the_computed_fields_that_follow(db):
    from reviewdesk.store import changes
    from reviewdesk.templates import artefact

    code = store.create("callback", {"score": 9, "callback_date": "2026-11-20"}, who="t").code
    existing, lookups = store.get_record(code), store.Lookups()
    record = changes.validate(artefact("callback"), {"score": "7", "follow_up_owner": "张敏"}, existing=existing,
                              lookups=lookups)
    assert set(record) == {f.key for f in artefact("callback").fields}
    assert (record["score"], record["follow_up_needed"], record["follow_up_due"], record["callback_date"]) == \
        (7, "yes", dt.date(2026, 11, 22), dt.date(2026, 11, 20))


def test_a_follow_up_owner_is_a_supervisor_or_manager(db, dump):
    """Seed 001, template 4: a supervisor calls a dissatisfied customer again; a manager may too."""
    before = dump(db)
    with pytest.raises(ValidationError) as caught:
        store.create("callback", {"score": 6, "callback_date": "2026-11-20", "follow_up_owner": "李娜"}, who="t")
    [error] = caught.value.errors
    assert error.field == "follow_up_owner" and "应为主管或经理，李娜是组长" in caught.value.zh
    assert "must be a supervisor or manager; 李娜 is a team lead" in caught.value.en
    assert set(error.suggestions) <= {"张敏", "王强", "陈静"} and error.suggestions
    assert dump(db) == before
    store.create("callback", {"score": 6, "callback_date": "2026-11-20", "follow_up_owner": "王强"}, who="t")
    assert store.count_records("callback", {"follow_up_owner": ["李娜"]}) == 0  # anyone may still be looked for


def test_every_error_of_a_record_is_reported_at_once(db):
    with pytest.raises(ValidationError) as caught:
        store.create("issue", {"title": "x", "category": "?", "impact": "?", "frequency": "high"}, who="t")
    assert [e.field for e in caught.value.errors] == ["category", "impact"]


def test_delete_keeps_history_refuses_when_referred_to_and_can_be_undone(db):
    store.create("issue", ISSUE, who="t")
    store.create("target", {"issue": "ISS-1", "title": "材料提交次数降至1次", "department": "CS",
                            "due_date": "2026-12-31", "baseline": 3, "target_value": 1}, who="t")
    with pytest.raises(store.InUse) as caught:
        store.delete("ISS-0001", who="t")
    assert "TGT-0001" in caught.value.zh
    removed = store.delete("TGT-0001", who="t")
    with pytest.raises(store.NotFound):
        store.get_record("TGT-0001")
    assert any(e.action == "delete" and e.field == "title" for e in store.history("TGT-0001"))
    store.restore(removed, who="t")
    assert store.get_record("TGT-0001")["title"] == "材料提交次数降至1次"
    assert store.create("target", {"title": "新目标", "department": "IT", "due_date": "2027-01-31"},
                        who="t").code == "TGT-0002"


def test_a_failure_half_way_through_a_batch_writes_nothing(dump, db):
    store.create("issue", ISSUE, who="t")
    before = dump(db)
    with pytest.raises(ReviewDeskError):
        store.update_many([("ISS-0001", {"status": "closed"}, 1), ("ISS-0009", {"status": "closed"}, None)], who="t")
    assert dump(db) == before
    with pytest.raises(ValidationError):
        store.create_many("issue", [ISSUE, {**ISSUE, "impact": "巨大"}], who="t")
    assert dump(db) == before


def test_departments_and_people_are_validated(db):
    with pytest.raises(ValidationError):
        reference.save_person("孙悟空", "花果山", who="t")
    with pytest.raises(ReviewDeskError) as caught:
        reference.delete_department("CS", who="t")
    assert "仍被使用" in caught.value.zh
    reference.save_department("CS", "客户服务中心", "Customer Service", who="t")
    assert reference.departments()[0]["name_zh"] == "客户服务中心"
    store.create("issue", {**ISSUE, "department": "客户服务中心"}, who="t")


def test_filters_match_choices_by_label_and_text_by_containment(db):
    store.create("issue", ISSUE, who="t")
    store.create("issue", {**ISSUE, "title": "物流信息更新不及时", "category": "体验类", "department": "LOG",
                           "owner": None}, who="t")
    assert [r["code"] for r in store.select_records("issue", {"category": ["体验类"]})] == ["ISS-0002"]
    assert [r["code"] for r in store.select_records("issue", {"title": ["物流"]})] == ["ISS-0002"]
    assert [r["code"] for r in store.select_records("issue", {"department": ["客服中心", "物流部"]})] == [
        "ISS-0001", "ISS-0002"]


def test_department_codes_keep_their_digits_and_meetings_protect_their_departments(db):
    reference.save_department("hr2", "人力二部", "HR 2", who="t")
    reference.save_department("HR", "人力部", "HR", who="t")
    assert [d["code"] for d in reference.departments()][-2:] == ["HR2", "HR"]
    store.create("meeting", {"title": "评审会", "date": "2026-12-01", "departments": "HR2,客服中心"}, who="t")
    with pytest.raises(ReviewDeskError) as caught:
        reference.delete_department("HR2", who="t")
    assert "MTG-0001" in caught.value.zh
    assert [r["code"] for r in store.select_records("meeting", {"departments": ["HR"]})] == []
    assert [r["code"] for r in store.select_records("meeting", {"departments": ["HR2"]})] == ["MTG-0001"]
    reference.delete_department("HR", who="t")


def test_two_people_whose_names_differ_only_in_width_are_refused(db):
    reference.save_person("Li Na", "CS", who="t")
    with pytest.raises(ReviewDeskError):
        reference.save_person("ＬＩ ＮＡ", "IT", who="t")


def test_a_save_by_another_process_between_read_and_write_is_refused(dump, db, monkeypatch):
    """The UPDATE itself checks the revision, so a record saved by another window meanwhile is never overwritten."""
    from reviewdesk.store import changes

    store.create("issue", ISSUE, who="t")
    real = changes._current_records

    def read_then_someone_saves(*args):
        records = real(*args)
        store.database.execute_sql("UPDATE issue SET revision = revision + 1, status = 'closed'")
        return records

    monkeypatch.setattr(changes, "_current_records", read_then_someone_saves)
    before_status = store.get_record("ISS-0001")["status"]
    with pytest.raises(store.StaleRevision) as caught:
        store.update("ISS-0001", {"title": "改了标题"}, who="me")
    assert caught.value.current == 2 and before_status == "open"
    monkeypatch.undo()
    record = store.get_record("ISS-0001")
    assert record["title"] == ISSUE["title"] and record["revision"] == 1  # rolled back as one transaction


def _typed(records: dict[str, dict]) -> dict[str, dict]:
    """Values with their types, so a date never passes for its text nor a Decimal for a float."""
    return {code: {k: (type(v), v) for k, v in r.items()} for code, r in records.items()}


@pytest.mark.sqlite_only  # its odd stored values (text in a number column) are what PostgreSQL's types refuse
def test_the_store_reads_every_value_as_peewees_model_layer_does(db_path):
    """The one read (select_rows, RowReader) takes the driver's values without peewee's model layer; every field
    of every artefact, and the bookkeeping, must come out as that layer's column conversion (python_value) and
    from_db give it, odd stored values included; and update_many's bulk read of the same records too."""
    from reviewdesk.store import changes, demo
    from reviewdesk.store.models import model_for
    from reviewdesk.store.records import BOOKKEEPING_KEYS, from_db
    from reviewdesk.templates import ARTEFACTS

    demo.fill_demo("small")
    # what a hand edit or another tool might leave: text in a number column, a date with a time, a whole decimal
    store.database.execute_sql("UPDATE callback SET score = 'seven' WHERE number = 1")
    store.database.execute_sql("UPDATE callback SET callback_date = '2026-11-20 10:30:00' WHERE number = 2")
    store.database.execute_sql("UPDATE target SET baseline = 3 WHERE number = 1")
    lookups = store.Lookups()
    for key, art in ARTEFACTS.items():
        keys = ("code", "revision", *(f.key for f in art.fields))
        expected = {row["code"]: {**{k: row[k] for k in BOOKKEEPING_KEYS},
                                  **{f.key: from_db(f, row[f.key], lookups) for f in art.fields}}
                    for row in model_for(key).select().dicts()}
        assert expected
        assert _typed({r["code"]: r for r in store.select_records(key)}) == _typed(expected)
        expected = {code: {k: r[k] for k in keys} for code, r in expected.items()}
        every_field = {f.key: None for f in art.input_fields}  # a change to all of them needs the whole record
        read = changes._current_records([(code, every_field, None) for code in expected], [art] * len(expected),
                                        lookups)
        assert _typed(read) == _typed(expected)


def test_the_audit_text_of_every_stored_value_is_the_same_by_either_way_of_making_it(db_path):
    """Bulk audit rows use one cheap converter per field (records.audit_texter); it must give audit_text's text."""
    from reviewdesk.store import demo
    from reviewdesk.store.records import audit_text, audit_texter
    from reviewdesk.templates import ARTEFACTS

    demo.fill_demo("small")
    for key, art in ARTEFACTS.items():
        for record in store.select_records(key):
            for f in art.fields:
                assert audit_texter(f)(record[f.key]) == audit_text(f, record[f.key]), (key, f.key, record[f.key])


def test_a_bulk_update_reads_only_the_fields_its_changes_need(db_path):
    """A change reads the fields it sets, what the rules reading them read, and the computed fields with their
    inputs; nothing else of the record."""
    from reviewdesk.store import changes, demo
    from reviewdesk.templates import artefact

    demo.fill_demo("small")
    art, lookups = artefact("callback"), store.Lookups()
    computed = {"score", "callback_date", "follow_up_needed", "follow_up_due"}  # worked out again on every change
    read = changes._current_records([("CB-0001", {"suggestion": "无"}, None)], [art], lookups)
    assert set(read["CB-0001"]) == {"code", "revision", "suggestion"} | computed
    read = changes._current_records([("CB-0001", {"score": 7}, None), ("CB-0002", {"suggestion": "无"}, None)],
                                    [art, art], lookups)
    assert set(read["CB-0002"]) == {"code", "revision", "suggestion", "follow_up_owner"} | computed
    read = changes._current_records([("PLN-0001", {"progress": 50}, None)], [artefact("plan_step")], lookups)
    assert set(read["PLN-0001"]) == {"code", "revision", "progress"}


def test_a_bulk_update_writes_exactly_what_validating_each_record_gives(db):
    """The bulk path (raw read, prepared UPDATEs, audit rows as tuples) against validate, record by record."""
    from reviewdesk.store import changes
    from reviewdesk.store.records import artefact_of, audit_text

    from xlsx_helpers import fill_sample

    fill_sample()
    store.create("meeting", {"title": "评审会", "date": "2026-11-20", "departments": "客服中心,技术部",
                             "agenda": "流程评审\n目标确认"}, who="test")
    items = [("ISS-0001", {"status": "处理中", "impact": "低", "found_on": "2026年11月30日", "owner": "王强",
                           "affected_customers": "1,500"}, 1),
             ("tgt-1", {"baseline": "3.50", "target_value": 4, "issue": "iss-2", "department": "技术部"}, None),
             ("PLN-0003", {"start_date": 46000, "progress": "60", "target": None, "action": "物流接口改造"}, None),
             ("COL-0001", {"cooperating_department": "LOG", "urgency": "一般", "completed_on": "2026/12/01"}, None),
             ("CB-0002", {"score": "7", "follow_up_owner": "张敏"}, None),
             ("CB-0003", {"suggestion": "无"}, 1),
             ("MTG-0001", {"departments": "IT", "agenda": "流程评审\n目标确认\n分工", "status": "held"}, None)]
    lookups = store.Lookups()
    before = {code: store.get_record(code) for code, _, _ in items}
    expected = {code: changes.validate(artefact_of(code), given, existing=before[code], lookups=lookups, code=code)
                for code, given, _ in items}
    done = store.update_many(items, who="导入", source="import batch 9, back.xlsx", batch=9)
    for change, (code, _, _) in zip(done, items):
        art, old = artefact_of(code), before[code]
        diff = {f.key: (old[f.key], expected[code][f.key]) for f in art.fields if old[f.key] != expected[code][f.key]}
        assert diff and change.fields == diff and list(change.fields) == list(diff)
        after = store.get_record(code)
        assert _typed({code: {k: after[k] for k in expected[code]}}) == _typed({code: expected[code]})
        who = store.acting_as("导入")  # a team database records its account
        assert change.revision == after["revision"] == old["revision"] + 1 and after["updated_by"] == who
        audited = [(e.field, e.old, e.new, e.who, e.source, e.batch, e.revision)
                   for e in store.history(old["code"]) if e.action == "update"]
        assert audited == [(k, audit_text(art.field(k), a), audit_text(art.field(k), b), who,
                            "import batch 9, back.xlsx", 9, change.revision) for k, (a, b) in diff.items()]


def test_a_code_given_twice_in_one_batch_builds_on_itself(db):
    store.create_many("issue", [ISSUE, ISSUE], who="t")
    done = store.update_many([("ISS-0002", {"status": "confirmed"}, 1), ("ISS-0001", {"impact": "low"}, 1),
                              ("ISS-0001", {"status": "closed"}, 2)], who="t")
    assert [c.revision for c in done] == [2, 2, 3]
    record = store.get_record("ISS-0001")
    assert (record["impact"], record["priority"], record["status"], record["revision"]) == ("low", "P2", "closed", 3)
    assert [e.revision for e in store.history("ISS-0001") if e.action == "update"] == [2, 2, 3]


@pytest.mark.sqlite_only  # how SQLite's text holds a time; PostgreSQL has a timestamp type
def test_times_bound_once_are_stored_as_peewee_and_sqlite_store_a_datetime(db):
    store.create("issue", ISSUE, who="t")
    store.update("ISS-0001", {"status": "confirmed"}, who="t")
    (created, updated), = store.database.execute_sql("SELECT created_at, updated_at FROM issue").fetchall()
    times = [at for (at,) in store.database.execute_sql("SELECT at FROM audit_entry WHERE code = 'ISS-0001'")]
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", t) for t in (created, updated, *times))
    assert store.get_record("ISS-0001")["updated_at"] == store.history("ISS-0001")[-1].at == \
        dt.datetime.fromisoformat(updated)


def test_a_bulk_update_leaves_the_garbage_collector_as_it_found_it(db):
    import gc

    store.create_many("issue", [ISSUE, ISSUE], who="t")
    assert gc.isenabled()
    store.update_many([("ISS-0001", {"status": "confirmed"}, 1)], who="t")
    assert gc.isenabled()
    with pytest.raises(ValidationError):
        store.update_many([("ISS-0001", {"status": "紧急"}, None)], who="t")
    assert gc.isenabled()
    gc.disable()
    try:
        store.update_many([("ISS-0002", {"status": "confirmed"}, 1)], who="t")
        assert not gc.isenabled()  # paused by someone else: left paused
    finally:
        gc.enable()


def test_the_same_change_twice_to_one_code_is_written_twice_in_order(db):
    """One prepared statement's rows are written and emptied when a code comes back, then filled again."""
    store.create_many("issue", [ISSUE, ISSUE], who="t")
    done = store.update_many([("ISS-0001", {"status": "confirmed"}, 1), ("ISS-0002", {"status": "closed"}, 1),
                              ("ISS-0001", {"status": "closed"}, 2)], who="t")
    assert [(c.code, c.revision, c.fields) for c in done] == [
        ("ISS-0001", 2, {"status": ("open", "confirmed")}), ("ISS-0002", 2, {"status": ("open", "closed")}),
        ("ISS-0001", 3, {"status": ("confirmed", "closed")})]
    assert [(r["code"], r["status"], r["revision"]) for r in store.select_records("issue")] == [
        ("ISS-0001", "closed", 3), ("ISS-0002", "closed", 2)]


def test_a_follow_up_owner_who_changed_role_does_not_block_edits_undo_or_restore(db):
    """The role is checked when someone is chosen; the owner a record already holds stays usable."""
    from reviewdesk.store.changes import validate
    from reviewdesk.templates import artefact

    change = store.create("callback", {"score": 6, "callback_date": "2026-11-20", "follow_up_owner": "张敏"}, who="t")
    reference.save_person("张敏", "CS", "team_lead", who="t")  # demoted after being chosen
    store.update(change.code, {"follow_up_result": "已回电"}, who="t")  # another field: fine
    lookups = store.Lookups()
    record = store.get_record(change.code, lookups)
    art = artefact("callback")
    shown = {f.key: record[f.key] for f in art.fields if not f.is_computed}  # the editor sends every field
    assert validate(art, {**shown, "follow_up_result": "x"}, existing=record, lookups=lookups)["follow_up_owner"] == "张敏"
    store.update(change.code, {"follow_up_owner": "陈静"}, who="t")
    with pytest.raises(ValidationError):
        store.update(change.code, {"follow_up_owner": "张敏"}, who="t")  # choosing them anew is refused
    store.update(change.code, {"follow_up_owner": "张敏"}, who="t", source="undo")  # undo puts the old owner back
    gone = store.delete(change.code, who="t")
    store.restore(gone, who="t")  # undoing the delete
    assert store.get_record(change.code)["follow_up_owner"] == "张敏"


def test_with_no_supervisor_at_all_the_message_says_where_to_set_roles(db):
    for name in ("张敏", "王强", "陈静"):
        reference.save_person(name, {"张敏": "CS", "王强": "IT", "陈静": "FIN"}[name], "specialist", who="t")
    with pytest.raises(ValidationError) as caught:
        store.create("callback", {"score": 6, "callback_date": "2026-11-20", "follow_up_owner": "李娜"}, who="t")
    assert "设置 → 人员" in caught.value.zh and "Settings → People" in caught.value.en
