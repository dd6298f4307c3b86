"""A team database's rights and audit, enforced by its server: accounts log in with their own passwords, outside
ReviewDesk (psycopg and plain SQL) as well as through it, and the server refuses what their department may not change
and writes the audit rows itself, under the real account name."""
from __future__ import annotations

import datetime as dt
import json
from urllib.parse import urlsplit

import psycopg
import pytest

from reviewdesk import store
from reviewdesk.store import accounts

from conftest import HOW_TO_RUN_PG, TEST_PG, as_account, seed_reference

pytestmark = pytest.mark.skipif(not TEST_PG, reason=HOW_TO_RUN_PG)

PASSWORDS = {"member": "成员-pw-1", "lead": "lead pw 2", "organizer": "org:pw3"}
ISSUE = {"title": "退换货材料需重复提交", "category": "效率类", "impact": "高", "frequency": "high", "found_on": "2026-11-03"}


@pytest.fixture
def team(server_database):
    """A set-up team database holding a CS and an IT issue and target, with a CS member, an IT lead and an organizer
    (each a login role with its own password); opened as the administrative account that set it up."""
    url = server_database()
    store.setup(url)
    seed_reference("t")
    store.create("issue", {**ISSUE, "department": "CS", "owner": "李娜"}, who="t")  # ISS-0001
    store.create("issue", {**ISSUE, "department": "IT", "owner": "王强"}, who="t")  # ISS-0002
    for dept in ("CS", "IT"):  # TGT-0001, TGT-0002
        store.create("target", {"title": f"{dept} 投诉率降至4%", "baseline": 8, "target_value": 4, "department": dept,
                                "due_date": "2030-01-01"}, who="t")
    database = urlsplit(url).path.lstrip("/")
    names = {"member": f"{database}_cs_member", "lead": f"{database}_it_lead", "organizer": f"{database}_org"}
    accounts.add_user(names["member"], department="CS", role="member", password=PASSWORDS["member"])
    accounts.add_user(names["lead"], department="IT", role="lead", password=PASSWORDS["lead"])
    accounts.add_user(names["organizer"], department=None, role="organizer", password=PASSWORDS["organizer"])
    return url, names


def connect(url: str, names: dict[str, str], role: str) -> psycopg.Connection:
    """A plain psycopg connection as that account, with its own password: nothing of ReviewDesk in between."""
    return psycopg.connect(as_account(url, names[role]), password=PASSWORDS[role], autocommit=True)


def row(url: str, table: str, code: str) -> dict:
    with psycopg.connect(url, autocommit=True) as admin:
        cursor = admin.execute(f'SELECT * FROM "{table}" WHERE code = %s', (code,))
        return dict(zip([c.name for c in cursor.description], cursor.fetchone()))


def audit_rows(url: str, code: str, action: str = "update") -> list[tuple]:
    with psycopg.connect(url, autocommit=True) as admin:
        return admin.execute("SELECT field, old, new, who, source, revision, change_id FROM audit_entry "
                             "WHERE code = %s AND action = %s ORDER BY id", (code, action)).fetchall()


def test_a_member_is_refused_by_the_server_itself_and_allowed_its_own_editable_column(team):
    url, names = team
    member = names["member"]
    with connect(url, names, "member") as connection:
        other = connection.execute("UPDATE issue SET notes = '改别人的' WHERE code = 'ISS-0002'")
        assert other.rowcount == 0  # another department's row: the row policy leaves it out
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            connection.execute("UPDATE issue SET title = '改标题' WHERE code = 'ISS-0001'")  # a locked column
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            connection.execute("DELETE FROM issue WHERE code = 'ISS-0001'")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # moving its row to another department
            connection.execute("UPDATE issue SET department_id = department_id + 1 WHERE code = 'ISS-0001'")
        own = connection.execute("UPDATE issue SET notes = '成员直接修改', updated_by = '别人' WHERE code = 'ISS-0001'")
        assert own.rowcount == 1
    assert row(url, "issue", "ISS-0002")["notes"] is None
    mine = row(url, "issue", "ISS-0001")
    assert (mine["notes"], mine["title"], mine["revision"], mine["updated_by"]) == ("成员直接修改", ISSUE["title"], 2, member)
    [(field, old, new, who, source, revision, change_id)] = audit_rows(url, "ISS-0001")
    assert (field, old, new, who, source, revision) == ("notes", None, "成员直接修改", member, "sql", 2)
    assert change_id == mine["last_change"] and change_id > 0
    store.open_database(url)
    [entry] = [e for e in store.history("ISS-0001") if e.action == "update"]
    assert (entry.who, store.sources.label(entry.source, "zh")) == (member, "直接修改数据库")


def test_a_member_adds_readings_for_its_own_targets_only_and_the_target_follows(team):
    url, names = team
    with connect(url, names, "member") as connection:
        connection.execute("INSERT INTO counter (artefact, last_number) VALUES ('reading', 1) "
                           "ON CONFLICT (artefact) DO UPDATE SET last_number = counter.last_number + 1")
        columns = "code, number, revision, created_at, created_by, updated_at, updated_by, target_id, measured_on, value"
        connection.execute(f"INSERT INTO reading ({columns}) SELECT 'RDG-0001', 1, 1, now(), 'x', now(), 'x', id, "
                           "DATE '2026-11-20', 6 FROM target WHERE code = 'TGT-0001'")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            connection.execute(f"INSERT INTO reading ({columns}) SELECT 'RDG-0002', 2, 1, now(), 'x', now(), 'x', id, "
                               "DATE '2026-11-20', 6 FROM target WHERE code = 'TGT-0002'")
    reading = row(url, "reading", "RDG-0001")
    assert reading["created_by"] == names["member"] and reading["last_change"] is not None
    assert [(f, n, w, s) for f, _, n, w, s, *_ in audit_rows(url, "RDG-0001", "create")] == [
        ("target", "TGT-0001", names["member"], "sql"), ("measured_on", "2026-11-20", names["member"], "sql"),
        ("value", "6", names["member"], "sql")]


def test_a_lead_changes_its_own_department_and_an_organizer_everything(team):
    url, names = team
    with connect(url, names, "lead") as connection:  # IT's lead
        assert connection.execute("UPDATE issue SET title = '技术部改标题' WHERE code = 'ISS-0002'").rowcount == 1
        assert connection.execute("UPDATE issue SET title = '改客服的' WHERE code = 'ISS-0001'").rowcount == 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            connection.execute("UPDATE meeting SET title = 'x'")  # no department's own: the organizer's
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            connection.execute("INSERT INTO department (code, position, name_zh, name_en) VALUES ('HR', 9, '人力资源部', 'HR')")
    with connect(url, names, "organizer") as connection:
        assert connection.execute("UPDATE issue SET notes = '组织者' WHERE code IN ('ISS-0001', 'ISS-0002')").rowcount == 2
        connection.execute("INSERT INTO department (code, position, name_zh, name_en) VALUES ('HR', 9, '人力资源部', 'HR')")
    assert row(url, "issue", "ISS-0001")["title"] == ISSUE["title"]
    assert [(f, w) for f, _, _, w, *_ in audit_rows(url, "ISS-0002")] == [("title", names["lead"]),
                                                                           ("notes", names["organizer"])]
    with psycopg.connect(url, autocommit=True) as admin:
        assert admin.execute("SELECT who, action, field, new FROM audit_entry WHERE artefact = 'department' "
                             "AND code = 'HR' ORDER BY id").fetchall() == [
            (names["organizer"], "create", "name_zh", "人力资源部"), (names["organizer"], "create", "name_en", "HR")]


def test_no_account_alters_or_deletes_the_audit_log(team):
    url, names = team
    for role in ("member", "lead", "organizer"):
        with connect(url, names, role) as connection:
            for statement in ("UPDATE audit_entry SET who = 'nobody'", "DELETE FROM audit_entry",
                              "INSERT INTO audit_entry (at, who, artefact, code, action, source) "
                              "VALUES (now(), 'x', 'issue', 'ISS-0001', 'update', 'sql')", "TRUNCATE audit_entry"):
                with pytest.raises(psycopg.errors.InsufficientPrivilege):
                    connection.execute(statement)
    with psycopg.connect(url, autocommit=True) as owner:  # not even the schema's owner, who set it up
        for statement in ("UPDATE audit_entry SET who = 'nobody'", "DELETE FROM audit_entry", "TRUNCATE audit_entry"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                owner.execute(statement)
        assert owner.execute("SELECT count(*) FROM audit_entry WHERE who = 'nobody'").fetchone()[0] == 0


def test_through_reviewdesk_a_member_is_told_what_the_server_refused(team, monkeypatch):
    url, names = team
    store.close()
    monkeypatch.setenv("PGPASSWORD", PASSWORDS["member"])
    store.open_database(as_account(url, names["member"]))
    assert store.account() == names["member"]
    change = store.update("ISS-0001", {"status": "已确认", "notes": "客服跟进"}, who="随便写的名字")
    assert change.revision == 2
    assert {(e.field, e.who) for e in store.history("ISS-0001") if e.action == "update"} == {
        ("status", names["member"]), ("notes", names["member"])}
    for code, values in (("ISS-0002", {"notes": "改别人的"}), ("ISS-0001", {"title": "改标题"})):
        with pytest.raises(store.NotPermitted) as refused:
            store.update(code, values, who="x")
        assert f"账户 {names['member']} 无权" in refused.value.zh and "may not" in refused.value.en
    with pytest.raises(store.NotPermitted):
        store.delete("ISS-0001", who="x")
    assert store.get_record("ISS-0002")["notes"] is None and store.get_record("ISS-0001")["revision"] == 2
    store.create("reading", {"target": "TGT-0001", "measured_on": "2026-11-20", "value": 6}, who="x")
    target = store.get_record("TGT-0001")  # gathered from the reading, written by the server's function
    assert (target["latest_value"], target["latest_on"], float(target["attainment"])) == (6, dt.date(2026, 11, 20), 50.0)
    assert target["revision"] == 1  # what is gathered is not a person's change
    with pytest.raises(store.NotPermitted):
        store.create("reading", {"target": "TGT-0002", "measured_on": "2026-11-20", "value": 6}, who="x")
    with pytest.raises(store.NotPermitted):  # a member adds rows, it never deletes one: its lead may
        store.undo(who="x")
    assert store.get_record("TGT-0001")["latest_value"] == 6
    store.close()
    monkeypatch.setenv("PGPASSWORD", PASSWORDS["organizer"])
    store.open_database(as_account(url, names["organizer"]))
    store.undo(change_id=store.history("RDG-0001")[0].change_id, who="x")
    assert store.get_record("TGT-0001")["latest_value"] is None
    [*_, deleted] = store.history("RDG-0001")
    assert (deleted.action, deleted.who, deleted.source) == ("delete", names["organizer"], "undo")
    assert deleted.change_id > store.history("RDG-0001")[0].change_id


def test_user_commands_add_list_set_and_disable(team, reviewdesk, tmp_path):
    url, names = team
    secret = tmp_path / "pw.txt"
    secret.write_text("新密码 1\n", encoding="utf-8")
    name = f"{urlsplit(url).path.lstrip('/')}_fin"
    code, out, err = reviewdesk("--db", url, "user", "add", name, "--department", "FIN", "--role", "member",
                                    "--password-file", str(secret))
    assert code == 0 and f"已添加账户 {name}：成员，部门 FIN" in out, err
    psycopg.connect(as_account(url, name), password="新密码 1").close()
    code, out, _ = reviewdesk("--db", url, "user", "set", name, "--role", "lead", "--json")
    assert code == 0 and json.loads(out)["role"] == "lead"
    code, out, _ = reviewdesk("--db", url, "user", "disable", name)
    assert code == 0 and f"已停用账户 {name}" in out
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(as_account(url, name), password="新密码 1")
    code, out, _ = reviewdesk("--db", url, "user", "list", "--json")
    listed = {u["name"]: u for u in json.loads(out)}
    assert (listed[name]["department"], listed[name]["role"], listed[name]["disabled"]) == ("FIN", "lead", True)
    assert listed[names["member"]]["department"] == "CS" and listed[names["organizer"]]["department"] is None
    code, _, err = reviewdesk("--db", url, "user", "add", name, "--department", "FIN", "--role", "member",
                                  "--password-file", str(secret))
    assert code == 1 and f"账户 {name} 已存在" in err
    code, _, err = reviewdesk("--db", url, "user", "add", "x y", "--role", "organizer", "--password-file", str(secret))
    assert code == 1 and "账户名「x y」无效" in err
    code, _, err = reviewdesk("--db", str(tmp_path / "local.sqlite3"), "user", "list")
    assert code == 1 and "账户只属于团队数据库" in err



def test_a_members_workbook_to_edit_in_excel_holds_its_departments_rows(team, monkeypatch, tmp_path):
    from reviewdesk.exporters.returns.session import EditSession

    url, names = team
    store.close()
    monkeypatch.setenv("PGPASSWORD", PASSWORDS["member"])
    store.open_database(as_account(url, names["member"]))
    assert store.accounts.my_department() == "CS"
    session = EditSession("issue", path=tmp_path / "mine.xlsx", department=store.accounts.my_department())
    assert session.summary.department == "CS" and session.summary.rows == {"issue": 1}
