"""The people who may log in to a team database: each a PostgreSQL login role in one of the database's three group
roles (store/server_rights.py), with the department it works for in the accounts table the server's row policies
read."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import peewee as pw

from reviewdesk.templates import ReviewDeskError

from reviewdesk.store.changes import now
from reviewdesk.store.db import database, engine_name, quoted_name
from reviewdesk.store.models import Account, Department
from reviewdesk.store.reference import department_code
from reviewdesk.store.server import INSUFFICIENT_PRIVILEGE, ROLES, group_role, sqlstate

ROLE_NAMES = {"organizer": ("组织者", "organizer"), "lead": ("组长", "lead"), "member": ("成员", "member")}
#: A login name: letters, digits, _ . - @, starting with a letter; at most PostgreSQL's 63 bytes.
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_.@-]*")


@dataclass(frozen=True)
class User:
    """One account as `user list` shows it."""

    name: str
    department: str | None
    role: str
    disabled: bool
    added_at: datetime
    added_by: str

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "department": self.department, "role": self.role, "disabled": self.disabled,
                "added_at": self.added_at.isoformat(timespec="seconds"), "added_by": self.added_by}


def _team_database_only() -> None:
    if engine_name() != "postgresql":
        raise ReviewDeskError("账户只属于团队数据库：本地数据库文件没有登录账户（用 --db postgresql://… 指定团队数据库）",
                              "Accounts belong to a team database: a local database file has no logins "
                              "(name the team database with --db postgresql://…)")


def _checked_name(name: str) -> str:
    if not _NAME.fullmatch(name) or len(name.encode()) > 63:
        raise ReviewDeskError(f"账户名「{name}」无效：以英文字母开头，只用英文字母、数字和 _ . @ -，最多 63 个字符",
                              f"Invalid account name '{name}': start with a letter and use only letters, digits and "
                              "_ . @ -, at most 63 characters")
    if name.lower().startswith("pg_") or name.lower() in ("public", "postgres"):
        raise ReviewDeskError(f"账户名「{name}」是 PostgreSQL 保留的名称", f"The account name '{name}' is reserved by PostgreSQL")
    return name


def _checked_role(role: str) -> str:
    if role not in ROLES:
        raise ReviewDeskError(f"角色「{role}」无效：应为 member（成员）、lead（组长）或 organizer（组织者）",
                              f"Invalid role '{role}': expected member, lead or organizer")
    return role


def _department_id(code: str | None, role: str) -> int | None:
    if not code:
        if role == "organizer":
            return None
        raise ReviewDeskError(f"{ROLE_NAMES[role][0]}账户需要 --department 部门代码",
                              f"A {ROLE_NAMES[role][1]} account needs --department CODE")
    found = Department.get_or_none(Department.code == department_code(code))
    if found is None:
        raise ReviewDeskError(f"没有部门代码「{code}」（reviewdesk departments 列出全部部门）",
                              f"There is no department '{code}' (reviewdesk departments lists them)")
    return found.id


def _verifier(name: str, password: str) -> str:
    """The SCRAM-SHA-256 verifier of a password, made by libpq on this machine: the password itself never travels
    to the server, where a statement log could keep it."""
    if not password:
        raise ReviewDeskError("密码不能为空", "The password must not be empty")
    connection = database.connection()
    return connection.pgconn.encrypt_password(password.encode(), name.encode(), b"scram-sha-256").decode()


def _admin(statement: str) -> None:
    """A statement about roles, which needs an account that may create roles (IT's administrative account)."""
    try:
        with database.atomic():
            database.cursor().execute(statement)
    except pw.DatabaseError as exc:
        if sqlstate(exc) == INSUFFICIENT_PRIVILEGE:
            raise ReviewDeskError("管理账户需要能创建角色的 PostgreSQL 账户（CREATEROLE）：请用 IT 运行 setup 的账户",
                                  "Managing accounts needs a PostgreSQL account that may create roles (CREATEROLE): "
                                  "use the account IT ran setup with") from exc
        raise


def _groups() -> dict[str, str]:
    name = database.execute_sql("SELECT current_database()").fetchone()[0]
    return {role: group_role(name, role) for role in ROLES}


def add_user(name: str, *, department: str | None, role: str, password: str | None) -> User:
    """Add an account: a login role in its group role, with its department. A login role IT made already is taken
    over (its password kept unless one is given)."""
    _team_database_only()
    name, role = _checked_name(name), _checked_role(role)
    department_id = _department_id(department, role)
    if Account.get_or_none(Account.name == name) is not None:
        raise ReviewDeskError(f"账户 {name} 已存在（用 user set 修改）", f"The account {name} exists already (change it "
                              "with user set)")
    exists = database.execute_sql("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone() is not None
    if not exists and password is None:
        raise ReviewDeskError(f"新账户 {name} 需要密码（--password-file 文件，或 - 从标准输入读取）",
                              f"The new account {name} needs a password (--password-file FILE, or - for standard "
                              "input)")
    with database.atomic():
        login = f"LOGIN PASSWORD '{_verifier(name, password)}'" if password is not None else "LOGIN"
        _admin(f"{'ALTER' if exists else 'CREATE'} ROLE {quoted_name(name)} {login}")
        _admin(f"GRANT {quoted_name(_groups()[role])} TO {quoted_name(name)}")
        Account.create(name=name, department=department_id, role=role, disabled=False, added_at=now(),
                       added_by=database.execute_sql("SELECT session_user").fetchone()[0])
    return get_user(name)


def set_user(name: str, *, department: str | None = None, role: str | None = None,
             password: str | None = None) -> User:
    """Change an account's department, role or password (a disabled account is enabled again by a new password)."""
    _team_database_only()
    account = _existing(name)
    role = _checked_role(role) if role else account.role
    department_id = account.department_id if department is None else _department_id(department, role)
    if department_id is None and role != "organizer":
        department_id = _department_id(None, role)  # refused: a member or lead works for a department
    with database.atomic():
        if role != account.role:
            groups = _groups()
            _admin(f"REVOKE {quoted_name(groups[account.role])} FROM {quoted_name(name)}")
            _admin(f"GRANT {quoted_name(groups[role])} TO {quoted_name(name)}")
        if password is not None:
            _admin(f"ALTER ROLE {quoted_name(name)} LOGIN PASSWORD '{_verifier(name, password)}'")
        Account.update(role=role, department=department_id,
                       disabled=account.disabled and password is None).where(Account.name == name).execute()
    return get_user(name)


def disable_user(name: str) -> User:
    """Stop an account logging in (its role and its audit entries stay); its open sessions are ended."""
    _team_database_only()
    _existing(name)
    with database.atomic():
        _admin(f"ALTER ROLE {quoted_name(name)} NOLOGIN")
        Account.update(disabled=True).where(Account.name == name).execute()
    try:  # needs pg_signal_backend; without it the account's open sessions end when they next connect
        database.execute_sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = %s "
                             "AND pid <> pg_backend_pid()", (name,))
    except pw.DatabaseError:
        pass
    return get_user(name)


def _existing(name: str) -> Account:
    found = Account.get_or_none(Account.name == name)
    if found is None:
        raise ReviewDeskError(f"没有账户 {name}（user list 列出全部账户）", f"There is no account {name} (user list "
                              "lists them)")
    return found


def my_department() -> str | None:
    """The department whose rights the connected account has (a member's or lead's), None for an organizer, an
    account not in the accounts table, or a file database: what a workbook written for this user is limited to."""
    if engine_name() != "postgresql":
        return None
    row = (Account.select(Account.role, Department.code).join(Department, pw.JOIN.LEFT_OUTER)
           .where(Account.name == database.execute_sql("SELECT session_user").fetchone()[0]).tuples().first())
    return row[1] if row and row[0] != "organizer" else None


def get_user(name: str) -> User:
    return next(u for u in list_users() if u.name == name)


def list_users() -> list[User]:
    """Every account, by name."""
    _team_database_only()
    query = (Account.select(Account, Department.code).join(Department, pw.JOIN.LEFT_OUTER)
             .order_by(Account.name).tuples())
    columns = ["name", "department_id", "role", "disabled", "added_at", "added_by", "code"]
    users = []
    for row in query:
        found = dict(zip(columns, row))
        users.append(User(found["name"], found["code"], found["role"], found["disabled"], found["added_at"],
                          found["added_by"]))
    return users


__all__ = ["ROLE_NAMES", "User", "add_user", "disable_user", "get_user", "list_users", "my_department", "set_user"]
