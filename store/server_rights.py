"""Who may change what in a team database, enforced by its server and generated from templates/: three group roles
per database (organizer, lead, member), their grants and column privileges, and row-level security policies that
follow each artefact's department field, the columns a department may edit and whether it may add rows."""
from __future__ import annotations

from typing import Callable

from reviewdesk.templates import ARTEFACTS, Artefact, Kind

from reviewdesk.store.db import quoted_name as _q  # short: the generated SQL quotes many names
from reviewdesk.store.models import (MODELS, Account, Counter, Department, ImportBatch, ImportedFile,
                                     ImportedRow, Person, RoundReturn, RoundSent, Setting, column_name, model_for,
                                     table_name)
from reviewdesk.store.server_audit import derive_function_name

ROLES = ("organizer", "lead", "member")
#: The one setting every account writes: the day the gathered fields were last worked out (store/gathered.py).
SHARED_SETTING = "gathered_refreshed_on"
_BOOKKEEPING_COLUMNS = ("revision", "updated_at", "updated_by", "last_change")
_MY_DEPARTMENT = "reviewdesk_my_department()"  # as the policies call them
_MY_DEPARTMENT_CODE = "reviewdesk_my_department_code()"


def group_role(database_name: str, role: str) -> str:
    """The group role of `role` in one database: roles are the server's, rights each database's own."""
    return f"{database_name}_{role}"


def department_test(art: Artefact, key: str, column: Callable[[str], str], depth: int = 0) -> str:
    """SQL that holds for a row whose field `key` is the connected account's department: the department itself,
    a person in it, or a referenced record whose own department field is (a reading's target)."""
    field, model = art.field(key), model_for(art.key)
    here = column(column_name(model, key))
    if field.kind is Kind.DEPARTMENT and field.multiple:  # stored as "CS,IT"
        return f"(',' || {here} || ',') LIKE ('%,' || {_MY_DEPARTMENT_CODE} || ',%')"
    if field.kind is Kind.DEPARTMENT:
        return f"{here} = {_MY_DEPARTMENT}"
    if field.kind is Kind.PERSON:
        return (f"{here} IN (SELECT p.id FROM {_q(table_name(Person))} AS p "
                f"WHERE p.{_q(column_name(Person, 'department'))} = {_MY_DEPARTMENT})")
    referenced = ARTEFACTS[field.reference]
    alias = f"r{depth}"
    inner = department_test(referenced, referenced.department_field, lambda c: f"{alias}.{_q(c)}", depth + 1)
    return f"{here} IN (SELECT {alias}.id FROM {_q(table_name(model_for(referenced.key)))} AS {alias} WHERE {inner})"


def _own(art: Artefact) -> str:
    return department_test(art, art.department_field, _q)


def _own_adding(art: Artefact) -> str:
    return department_test(art, art.adding_department_field, _q)


def statements(database_name: str, schema: str) -> list[str]:
    """Every statement giving the group roles of this database their rights (idempotent: all revoked, then
    granted as declared now; every policy made anew). The roles themselves exist already (store.server)."""
    groups = {role: _q(group_role(database_name, role)) for role in ROLES}
    everyone = ", ".join(groups.values())
    organizer, lead, member = groups["organizer"], groups["lead"], groups["member"]
    done = [f"REVOKE ALL ON ALL TABLES IN SCHEMA {_q(schema)} FROM {everyone}",
            f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {_q(schema)} FROM {everyone}",
            f"GRANT USAGE ON SCHEMA {_q(schema)} TO {everyone}",
            f"GRANT SELECT ON ALL TABLES IN SCHEMA {_q(schema)} TO {everyone}",
            f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA {_q(schema)} TO {everyone}",  # ids and change numbers
            f"GRANT INSERT, UPDATE ON {_q(table_name(Counter))} TO {everyone}",  # codes for new records
            f"GRANT INSERT ON {_q(table_name(ImportBatch))}, {_q(table_name(ImportedFile))}, "
            f"{_q(table_name(ImportedRow))} TO {everyone}",
            f"GRANT UPDATE (undone_at, undone_by) ON {_q(table_name(ImportBatch))} TO {everyone}",
            f"GRANT INSERT ON {_q(table_name(RoundReturn))} TO {everyone}",  # any account imports a return
            f"GRANT INSERT ON {_q(table_name(RoundSent))} TO {groups['organizer']}, {groups['lead']}",
            f"GRANT INSERT, UPDATE, DELETE ON {_q(table_name(Department))}, {_q(table_name(Person))} TO {organizer}",
            f"GRANT INSERT, UPDATE ON {_q(table_name(Setting))} TO {everyone}"]
    setting = _q(table_name(Setting))
    done += _policies(table_name(Setting), [
        f"CREATE POLICY rd_read ON {setting} FOR SELECT TO {everyone} USING (true)",
        f"CREATE POLICY rd_shared ON {setting} FOR ALL TO {everyone} USING (key = '{SHARED_SETTING}') "
        f"WITH CHECK (key = '{SHARED_SETTING}')"])
    for key, model in MODELS.items():
        art, table = ARTEFACTS[key], _q(table_name(model))
        done.append(f"GRANT INSERT, UPDATE, DELETE ON {table} TO {organizer}")
        if art.department_field is None:  # no department's own: the organizer's alone
            done.append(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
            continue
        done.append(f"GRANT INSERT, UPDATE, DELETE ON {table} TO {lead}")
        editable = [*art.department_editable, *(f.key for f in art.computed_fields)]  # computed ones follow
        if editable:
            columns = ", ".join(_q(column_name(model, k)) for k in (*editable, *_BOOKKEEPING_COLUMNS))
            done.append(f"GRANT UPDATE ({columns}) ON {table} TO {member}")
        if art.department_may_add:
            done.append(f"GRANT INSERT ON {table} TO {member}")
        own, own_any = _own(art), f"({_own(art)}) OR ({_own_adding(art)})"
        policies = [f"CREATE POLICY rd_read ON {table} FOR SELECT TO {everyone} USING (true)",
                    f"CREATE POLICY rd_organizer ON {table} FOR ALL TO {organizer} USING (true) WITH CHECK (true)",
                    f"CREATE POLICY rd_lead ON {table} FOR ALL TO {lead} USING ({own_any}) WITH CHECK ({own_any})",
                    f"CREATE POLICY rd_member ON {table} FOR UPDATE TO {member} USING ({own}) WITH CHECK ({own})"]
        if art.department_may_add:
            policies.append(f"CREATE POLICY rd_member_adds ON {table} FOR INSERT TO {member} "
                            f"WITH CHECK ({_own_adding(art)})")
        done += _policies(table_name(model), policies)
        if art.gathered_fields:
            function = derive_function_name(key)
            done += [f"REVOKE ALL ON FUNCTION {function}(jsonb) FROM PUBLIC",
                     f"GRANT EXECUTE ON FUNCTION {function}(jsonb) TO {everyone}"]
    return done


def _policies(table: str, made: list[str]) -> list[str]:
    """Row-level security on for `table`, its earlier policies dropped (by a DO block: their names are read then),
    these made."""
    drop = (f"DO $$ DECLARE p record; BEGIN FOR p IN SELECT policyname FROM pg_policies WHERE schemaname = "
            f"current_schema() AND tablename = '{table}' LOOP EXECUTE format('DROP POLICY %I ON %I', p.policyname, "
            f"'{table}'); END LOOP; END $$")
    return [f"ALTER TABLE {_q(table)} ENABLE ROW LEVEL SECURITY", drop, *made]


def department_functions() -> list[str]:
    """The functions the policies ask for the connected account's department (by the accounts table, read with
    its owner's rights)."""
    accounts, departments = _q(table_name(Account)), _q(table_name(Department))
    return [f"""
CREATE OR REPLACE FUNCTION {_MY_DEPARTMENT} RETURNS integer LANGUAGE sql STABLE SECURITY DEFINER
SET search_path FROM CURRENT AS $body$
  SELECT department_id FROM {accounts} WHERE name = session_user AND NOT disabled
$body$""", f"""
CREATE OR REPLACE FUNCTION {_MY_DEPARTMENT_CODE} RETURNS text LANGUAGE sql STABLE SECURITY DEFINER
SET search_path FROM CURRENT AS $body$
  SELECT d.code FROM {accounts} AS a JOIN {departments} AS d ON d.id = a.department_id
  WHERE a.name = session_user AND NOT a.disabled
$body$"""]


__all__ = ["ROLES", "SHARED_SETTING", "department_functions", "department_test", "group_role", "statements"]
