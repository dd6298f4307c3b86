"""Departments and people are read once and kept between operations (store.reference_cache), yet a change to them by
anyone — another window, another desktop, plain SQL, this process in its own transaction — is seen by the next
operation, and a change rolled back is never kept."""
from __future__ import annotations

import logging
import subprocess
import sys
import time

import pytest

from reviewdesk import store

from conftest import HOW_TO_RUN_PG, TEST_PG
from reviewdesk.store import reference
from reviewdesk.templates import ARTEFACTS, FieldError

pytestmark = pytest.mark.both_engines

OWNER = ARTEFACTS["callback"].field("follow_up_owner")


def _elsewhere(location, code: str) -> None:
    """Another program on the same database runs `code` with `reference` (store.reference) at hand."""
    script = (f"from reviewdesk import store\nfrom reviewdesk.store import reference\n"
              f"store.open_database({str(location)!r})\n{code}\nstore.close()\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def _seen(check, seconds: float = 20.0) -> bool:
    """Whether `check()` comes true: a server's word of another client's commit travels to this client on its own,
    as fast as the network brings it; the test waits generously and asserts no timing."""
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def test_a_person_and_a_renamed_department_from_another_program_are_seen_without_reopening(db):
    lookups = store.Lookups()
    assert "新同事" not in lookups.person_id and lookups.department_label("CS", "zh") == "客服中心"
    _elsewhere(db, "reference.save_person('新同事', 'IT', 'manager', who='other')\n"
                   "reference.save_department('CS', '客户服务中心', 'Customer Service', who='other')")
    assert _seen(lambda: "新同事" in store.Lookups().person_id)
    lookups = store.Lookups()
    assert lookups.person_role["新同事"] == "manager" and lookups.person_department["新同事"] == "IT"
    assert lookups.department_label("CS", "zh") == "客户服务中心"
    change = store.create("callback", {"customer_name": "客户甲", "score": 5, "follow_up_owner": "新同事"}, who="test")
    assert store.get_record(change.code)["follow_up_owner"] == "新同事"


def test_a_role_changed_elsewhere_is_checked_as_it_is_now(db):
    store.Lookups().check_role(OWNER, "王强")  # a manager may own a follow-up
    _elsewhere(db, "reference.save_person('王强', 'IT', 'specialist', who='other')")
    assert _seen(lambda: store.Lookups().person_role["王强"] == "specialist")
    with pytest.raises(FieldError) as refused:
        store.Lookups().check_role(OWNER, "王强")
    assert refused.value.message("zh").startswith("「二次沟通负责人」应为主管或经理，王强是")


def test_this_programs_own_change_is_seen_in_its_transaction_and_forgotten_when_rolled_back(db):
    store.Lookups()
    with store.database.atomic() as transaction:
        reference.save_person("临时工", "LOG", "specialist", who="test")
        assert "临时工" in store.Lookups().person_id
        transaction.rollback()
    assert "临时工" not in store.Lookups().person_id
    reference.save_person("新主管", "LOG", "supervisor", who="test")
    assert store.Lookups().person_role["新主管"] == "supervisor"


def test_unchanged_departments_and_people_are_not_read_again(db, caplog):
    store.Lookups()
    caplog.set_level(logging.DEBUG, logger="peewee")
    for _ in range(3):
        store.Lookups()
    read = [r.getMessage() for r in caplog.records if '"department"' in r.getMessage() or '"person"' in r.getMessage()]
    assert read == []
    reference.save_department("QA", "质检部", "Quality", who="test")
    caplog.clear()
    assert store.Lookups().department_label("QA", "en") == "Quality"
    assert any('FROM "department"' in r.getMessage() for r in caplog.records)


@pytest.mark.skipif(not TEST_PG, reason=HOW_TO_RUN_PG)
def test_inside_a_transaction_a_team_database_reads_them_as_its_statements_do(server_database):
    """A server holds its word back from a session inside a transaction, while the transaction's statements see what
    others commit (READ COMMITTED): there, what was kept is not trusted. (A file's writer holds the write lock for its
    whole transaction: nobody else changes anything meanwhile.)"""
    from conftest import seed_reference

    url = server_database()
    store.setup(url)
    seed_reference()
    store.Lookups()
    with store.database.atomic():
        store.Lookups()
        _elsewhere(url, "reference.save_person('事务中新增', 'CS', 'supervisor', who='other')")
        seen = store.database.execute_sql("SELECT count(*) FROM person WHERE name = %s", ("事务中新增",)).fetchone()[0]
        assert seen == 1 and "事务中新增" in store.Lookups().person_id
    store.close()
