"""Undo and redo of record changes as store operations, and `reviewdesk undo` / `redo` on the command line."""
from __future__ import annotations

import json

import pytest

from reviewdesk import store

pytestmark = pytest.mark.both_engines  # conftest.py: on PostgreSQL too, with REVIEWDESK_TEST_PG set

ISSUE = {"title": "退款审核慢", "category": "效率类", "impact": "高", "frequency": "中", "department": "CS"}


def test_undo_and_redo_walk_back_and_forth_through_one_users_changes(db):
    store.create("issue", ISSUE, who="甲", source=store.sources.CLI)
    store.update("ISS-0001", {"status": "已确认"}, who="甲", source=store.sources.CLI)
    store.update("ISS-0001", {"owner": "李娜"}, who="甲", source=store.sources.FORM)
    store.undo(who="甲")
    assert store.get_record("ISS-0001")["owner"] is None
    store.undo(who="甲")
    assert store.get_record("ISS-0001")["status"] == "open"
    undone = store.undo(who="甲")  # the create: the record goes
    assert undone.action == "delete" and store.count_records("issue") == 0
    with pytest.raises(store.NothingToUndo):
        store.undo(who="甲")
    store.redo(who="甲")
    store.redo(who="甲")
    assert store.get_record("ISS-0001")["status"] == "confirmed" and store.get_record("ISS-0001")["owner"] is None
    store.undo(who="甲")  # undoes the redo
    assert store.get_record("ISS-0001")["status"] == "open"
    store.update("ISS-0001", {"title": "新的修改"}, who="甲", source=store.sources.CLI)
    with pytest.raises(store.NothingToRedo):  # a new change: what was undone stays undone
        store.redo(who="甲")


@pytest.mark.sqlite_only  # two people told apart by the name they give; a team database knows them by login
def test_undo_is_refused_when_the_record_moved_on_and_changes_nothing(db):
    from conftest import dump_database

    store.create("issue", ISSUE, who="乙")
    store.update("ISS-0001", {"status": "已确认"}, who="甲", source=store.sources.CLI)
    store.update("ISS-0001", {"title": "别人改了标题"}, who="乙")
    before = dump_database(db)
    with pytest.raises(store.StaleRevision) as caught:
        store.undo(who="甲")
    assert "乙" in caught.value.zh and "不能撤销" in caught.value.zh and caught.value.current == 3
    assert dump_database(db) == before


@pytest.mark.sqlite_only  # two people told apart by the name they give; a team database knows them by login
def test_other_peoples_changes_imports_and_demo_data_are_not_in_a_users_history(db):
    store.create("issue", ISSUE, who="乙", source=store.sources.CLI)
    store.create("issue", ISSUE, who="甲", source=store.sources.DEMO)
    store.update("ISS-0002", {"status": "已确认"}, who="甲", source=store.sources.import_batch(1, "x.xlsx"), batch=1)
    with pytest.raises(store.NothingToUndo):
        store.undo(who="甲")


def test_an_undo_is_linked_to_the_change_it_reverses_in_the_audit_log(db):
    made = store.update(store.create("issue", ISSUE, who="甲").code, {"status": "已确认"}, who="甲")
    undone = store.undo(who="甲")
    redone = store.redo(who="甲")
    assert undone.reverses == made.id and redone.reverses == undone.id and redone.id > undone.id > made.id
    sources = [(e.source, e.reverses) for e in store.history("ISS-0001") if e.field == "status"]
    assert sources[-2:] == [("undo", made.id), ("redo", undone.id)]


def test_a_deleted_record_comes_back_under_its_code_and_goes_again_on_redo(db):
    store.create("issue", ISSUE, who="甲")
    store.delete("ISS-0001", who="甲")
    store.undo(who="甲")
    assert store.get_record("ISS-0001")["title"] == "退款审核慢"
    store.redo(who="甲")
    assert store.count_records("issue") == 0


@pytest.mark.sqlite_only  # two people told apart by the name they give; a team database knows them by login
def test_the_command_line_undoes_and_redoes_this_users_last_change(run):
    assert run("add", "issue", "title=退款慢", "category=效率类", "impact=高", "frequency=中", "department=CS",
               "--user", "甲")[0] == 0
    run("set", "ISS-0001", "status=已确认", "--user", "甲")
    code, out, _ = run("undo", "--user", "甲")
    assert code == 0 and out == "已撤销对 ISS-0001 的修改，现为版本 3：\n  状态：已确认 → 待分析\n"
    code, out, _ = run("redo", "--user", "甲", "--json")
    data = json.loads(out)["redo"]
    assert code == 0 and data["code"] == "ISS-0001" and data["action"] == "update"
    assert data["fields"] == {"status": ["open", "confirmed"]} and data["revision"] == 4
    run("undo", "--user", "甲")
    code, out, _ = run("undo", "--user", "甲", "--lang", "en")
    assert code == 0 and out == "Undid the creation of ISS-0001: the record is deleted\n"
    code, out, err = run("undo", "--user", "甲")
    assert code == 1 and out == "" and err == "甲没有可以撤销的修改\n"
    code, out, err = run("undo", "--user", "乙", "--json")
    assert code == 1 and json.loads(out)["error"]["message"] == "乙没有可以撤销的修改"


@pytest.mark.sqlite_only  # two people told apart by the name they give; a team database knows them by login
def test_the_command_line_refuses_an_undo_after_someone_else_changed_the_record(run):
    run("add", "issue", "title=退款慢", "category=效率类", "impact=高", "frequency=中", "--user", "甲")
    run("set", "ISS-0001", "status=已确认", "--user", "乙")
    run("set", "ISS-0001", "title=退款很慢", "--user", "甲")
    run("set", "ISS-0001", "status=处理中", "--user", "乙")
    code, out, err = run("undo", "--user", "甲", "--lang", "en")
    assert code == 1 and out == "" and "Cannot undo: ISS-0001 was changed by 乙" in err
    assert store.get_record("ISS-0001")["title"] == "退款很慢"
