"""A team database's server side: installing what its server enforces (the audit it writes, the rights of its
group roles), telling it where a change comes from, and explaining what it refused."""
from __future__ import annotations

import contextlib
import json
from typing import Any, Iterator

import peewee as pw

from reviewdesk.store import retrying
from reviewdesk.store.db import DatabaseError, account, database, engine_name, sqlstate
from reviewdesk.store.models import AuditEntry, table_name, all_models
from reviewdesk.store.server_audit import (CHANGE_SEQUENCE, CONTEXT, REFERENCE_CHANNEL, derive_function_name,
                                          statements as audit_statements)
from reviewdesk.store.server_rights import ROLES, department_functions, group_role, statements as rights_statements

INSUFFICIENT_PRIVILEGE = "42501"  # SQLSTATE of a statement the server's grants or row policies refuse


class NotPermitted(DatabaseError):
    """The server refused a change the connected account has no right to make."""

    def __init__(self, what: str | None = None) -> None:
        who = account() or ""
        zh_what, en_what = (f"修改 {what}", f"change {what}") if what else ("进行这项修改", "make this change")
        super().__init__(f"服务器拒绝：账户 {who} 无权{zh_what}（该部门的权限不包括这一行或这一列）",
                         f"The server refused: account {who} may not {en_what} (outside what its department may "
                         "change: another department's row or a locked column)")
        self.what = what


@contextlib.contextmanager
def refusal_explained() -> Iterator[None]:
    """A statement the server refused for want of rights raises NotPermitted instead of the driver's error."""
    try:
        yield
    except NotPermitted:
        raise
    except Exception as exc:
        if sqlstate(exc) == INSUFFICIENT_PRIVILEGE:
            raise NotPermitted() from exc
        raise


def set_change_context(source: str, *, batch: int | None = None, reverses: int | None = None,
                       numbers: int = 0) -> list[int]:
    """Tell the server, for the rest of the transaction, where the changes written next come from (the audit
    rows its triggers write carry it); in the same statement learn the transaction's id, by which store.retrying
    asks whether it committed if the connection breaks, and take `numbers` new change numbers from the server's
    sequence, never handed to another client."""
    values = {"source": source, "batch": "" if batch is None else str(batch),
              "reverses": "" if reverses is None else str(reverses)}
    told = ", ".join(f"set_config('{CONTEXT[k]}', %s, true)" for k in values)
    cursor = database.execute_sql(f"SELECT pg_current_xact_id()::text, ARRAY(SELECT nextval('{CHANGE_SEQUENCE}') "
                                  f"FROM generate_series(1, %s) ORDER BY 1), {told}", [numbers, *values.values()])
    transaction, taken = cursor.fetchone()[:2]
    retrying.note_transaction(transaction)
    return taken


def about_to_change(source: str) -> None:
    """In a transaction about to write something other than records (reference data, an import batch's ledger):
    a team database's server is told where it comes from; a file needs nothing."""
    if engine_name() == "postgresql":
        set_change_context(source)


def write_derived(art_key: str, rows: list[dict[str, Any]]) -> None:
    """Write computed fields through the server's function for them (server_audit.derive_function): rows of code
    and column values, as every account may have them written."""
    payload = json.dumps(rows, ensure_ascii=False, default=str)
    with refusal_explained():
        database.execute_sql(f"SELECT {derive_function_name(art_key)}(%s::jsonb)", (payload,))


def install() -> None:
    """Create the group roles if missing and (re)install the audit triggers, the department functions and the
    rights, in one transaction: run by `setup` as the schema's owner, who needs the right to create roles."""
    name, owner, schema = database.execute_sql("SELECT current_database(), current_user, current_schema()").fetchone()
    with database.atomic():
        database.execute_sql("SELECT pg_advisory_xact_lock(hashtext('reviewdesk schema'))")
        for role in ROLES:
            _create_group(group_role(name, role))
        cursor = database.cursor()
        for statement in [*audit_statements(owner), *department_functions(), *rights_statements(name, schema)]:
            cursor.execute(statement)  # without parameters: the generated SQL's % are its own (LIKE, format)
        _follow_change_numbers()


def _create_group(role: str) -> None:
    if len(role.encode()) > 63:
        raise DatabaseError(f"数据库名称太长：组角色 {role} 超过 PostgreSQL 的 63 字节上限",
                            f"The database name is too long: group role {role} exceeds PostgreSQL's 63 bytes")
    if database.execute_sql("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone():
        return
    try:
        with database.atomic():
            database.execute_sql(f'CREATE ROLE "{role}" NOLOGIN')
    except pw.DatabaseError as exc:
        if sqlstate(exc) == INSUFFICIENT_PRIVILEGE:
            raise DatabaseError(f"setup 需要能创建角色的账户（CREATEROLE）来建立组角色 {role}：请用 IT 的管理账户运行",
                                f"setup needs an account that may create roles (CREATEROLE) to make the group role "
                                f"{role}: run it with IT's administrative account") from exc
        raise


def _follow_change_numbers() -> None:
    """The change-number sequence follows the highest number in the audit log (after a copy, or an upgrade)."""
    highest = AuditEntry.select(pw.fn.MAX(AuditEntry.change_id)).scalar() or 0
    last, called = database.execute_sql(f"SELECT last_value, is_called FROM {CHANGE_SEQUENCE}").fetchone()
    if highest >= (last + 1 if called else last):
        database.execute_sql(f"SELECT setval('{CHANGE_SEQUENCE}', %s)", (highest,))


@contextlib.contextmanager
def triggers_paused() -> Iterator[None]:
    """Inside a transaction: rows copied as they are (copy-from) keep their own audit and bookkeeping; the
    server's triggers are off for the owner's copy only (ALTER TABLE needs ownership) and on again after it."""
    tables = [table_name(model) for model in all_models()]
    for table in tables:
        database.execute_sql(f'ALTER TABLE "{table}" DISABLE TRIGGER USER')
    yield
    for table in tables:
        database.execute_sql(f'ALTER TABLE "{table}" ENABLE TRIGGER USER')
    database.execute_sql(f"NOTIFY {REFERENCE_CHANNEL}")  # what the paused triggers would have said at commit
    _follow_change_numbers()


__all__ = ["INSUFFICIENT_PRIVILEGE", "NotPermitted", "ROLES", "about_to_change", "group_role", "install",
           "refusal_explained", "set_change_context", "sqlstate", "triggers_paused", "write_derived"]
