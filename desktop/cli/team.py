"""The team database commands: `setup` (create or upgrade a schema), `copy-from` (move a whole database) and `user`
(the accounts that log in to it)."""
from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import Callable

from reviewdesk import store
from reviewdesk.store import accounts
from reviewdesk.templates import ReviewDeskError

from reviewdesk.desktop.cli.output import dump_json, t, table, warn_if_network_drive

EXIT_OK = 0


def cmd_setup(args: argparse.Namespace) -> int:
    before, after = store.setup(args.db)
    warn_if_network_drive(args)
    where = store.resolve_path(args.db)
    if before == 0:
        print(t(args, f"已在 {where} 建立 ReviewDesk 数据库结构（版本 {after}）",
                f"Created the ReviewDesk schema (version {after}) in {where}"))
    elif before < after:
        print(t(args, f"已将 {where} 的数据库结构从版本 {before} 升级到版本 {after}",
                f"Upgraded the schema of {where} from version {before} to version {after}"))
    else:
        print(t(args, f"{where} 的数据库结构已是最新（版本 {after}），未作更改",
                f"The schema of {where} is already current (version {after}); nothing changed"))
    return EXIT_OK


def cmd_copy_from(args: argparse.Namespace) -> int:
    counts = store.transfer.copy_from(args.source, args.db)
    warn_if_network_drive(args)  # about the copy's target, the database left open
    copied = [(store.transfer.table_label(table), n) for table, n in counts.items() if n and table != "setting"]
    print(t(args, f"已将 {args.source} 复制到 {store.resolve_path(args.db)}：", f"Copied {args.source} into "
            f"{store.resolve_path(args.db)}:"))
    for (zh, en), n in copied:
        print(t(args, f"  {zh}：{n}", f"  {en}: {n}"))
    return EXIT_OK


def _password(args: argparse.Namespace) -> str | None:
    """The password from --password-file (its first line; - is standard input), else asked twice at a terminal;
    never from the command line, where other users and the shell's history would see it."""
    given = getattr(args, "password_file", None)
    if given == "-":
        return sys.stdin.readline().rstrip("\r\n")
    if given:
        try:
            lines = Path(given).read_text(encoding="utf-8-sig").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise ReviewDeskError(f"无法读取密码文件 {given}：{exc}", f"Cannot read the password file {given}: {exc}")
        return lines[0] if lines else ""
    if not getattr(args, "asks_password", False) or not sys.stdin.isatty():
        return None
    first = getpass.getpass(t(args, f"{args.name} 的密码：", f"Password for {args.name}: "))
    if getpass.getpass(t(args, "再输入一次：", "Once more: ")) != first:
        raise ReviewDeskError("两次输入的密码不一致", "The two passwords differ")
    return first


def _show_user(args: argparse.Namespace, user: accounts.User, done: tuple[str, str]) -> int:
    if args.json:
        print(dump_json(user.to_json()))
        return EXIT_OK
    zh_role, en_role = accounts.ROLE_NAMES[user.role]
    zh_state, en_state = ("，已停用", ", disabled") if user.disabled else ("", "")
    print(t(args, f"{done[0]}账户 {user.name}：{zh_role}，部门 {user.department or '（全部）'}{zh_state}",
            f"{done[1]} account {user.name}: {en_role}, department {user.department or '(all)'}{en_state}"))
    return EXIT_OK


def cmd_user_add(args: argparse.Namespace) -> int:
    args.asks_password = True
    user = accounts.add_user(args.name, department=args.department, role=args.role, password=_password(args))
    return _show_user(args, user, ("已添加", "Added"))


def cmd_user_set(args: argparse.Namespace) -> int:
    user = accounts.set_user(args.name, department=args.department, role=args.role, password=_password(args))
    return _show_user(args, user, ("已修改", "Changed"))


def cmd_user_disable(args: argparse.Namespace) -> int:
    return _show_user(args, accounts.disable_user(args.name), ("已停用", "Disabled"))


def cmd_user_list(args: argparse.Namespace) -> int:
    users = accounts.list_users()
    if args.json:
        print(dump_json([u.to_json() for u in users]))
        return EXIT_OK
    headers = t(args, "账户|部门|角色|状态|添加于|添加人", "Account|Department|Role|State|Added|Added by").split("|")
    print(table(headers, [[u.name, u.department or "", t(args, *accounts.ROLE_NAMES[u.role]),
                           t(args, "已停用" if u.disabled else "可登录", "disabled" if u.disabled else "active"),
                           f"{u.added_at:%Y-%m-%d %H:%M}", u.added_by] for u in users]))
    return EXIT_OK


def register(command: Callable[..., argparse.ArgumentParser], known: argparse.Namespace) -> None:
    p = command("setup", cmd_setup, t(known, "建立或升级数据库结构（团队数据库由 IT 运行一次；可重复运行）",
                                      "create or upgrade the database schema (IT runs it once for a team database; "
                                      "safe to run again)"))
    p.set_defaults(opens_database=False)
    p = command("copy-from", cmd_copy_from, t(
        known, "把另一个数据库的全部数据复制到 --db 指定的空数据库（本地文件 ↔ 团队数据库）",
        "copy everything of another database into the empty database --db names (local file <-> team database)"))
    p.add_argument("source", metavar="FILE|URL", help=t(known, "要复制的数据库文件或 postgresql:// 地址",
                                                        "the database file or postgresql:// URL to copy"))
    p.set_defaults(opens_database=False)

    from reviewdesk.desktop.cli.main import sub_actions

    p = command("user", lambda args: args.action_func(args), t(
        known, "团队数据库的账户：add、list、set、disable（需要 IT 的管理账户）",
        "the team database's accounts: add, list, set, disable (needs IT's administrative account)"))
    add_action = sub_actions(p, known)

    def action(name: str, func: Callable, help: str) -> argparse.ArgumentParser:
        a = add_action(name, func, help)
        a.add_argument("--json", action="store_true", help=t(known, "以 JSON 输出", "print JSON"))
        return a

    def details(a: argparse.ArgumentParser, required: bool) -> None:
        a.add_argument("name", metavar="NAME", help=t(known, "登录名（英文字母开头）", "login name (starts with a letter)"))
        a.add_argument("--department", metavar="CODE", help=t(known, "所属部门代码（组织者可不填）",
                                                              "department code (an organizer may have none)"))
        a.add_argument("--role", choices=accounts.ROLE_NAMES, required=required,
                       help=t(known, "member 成员、lead 组长或 organizer 组织者", "member, lead or organizer"))
        a.add_argument("--password-file", metavar="FILE|-", help=t(
            known, "从文件的第一行读取密码（- 为标准输入）；不填则在终端中询问",
            "read the password from the file's first line (- for standard input); asked at a terminal otherwise"))

    details(action("add", cmd_user_add, t(known, "添加账户：--department 部门 --role 角色",
                                          "add an account: --department CODE --role ROLE")), required=True)
    details(action("set", cmd_user_set, t(known, "修改账户的部门、角色或密码（新密码会重新启用账户）",
                                          "change an account's department, role or password (a new password "
                                          "enables it again)")), required=False)
    a = action("disable", cmd_user_disable, t(known, "停用账户：不能再登录，操作记录保留",
                                             "disable an account: it can no longer log in; its audit entries stay"))
    a.add_argument("name", metavar="NAME")
    action("list", cmd_user_list, t(known, "列出全部账户", "list every account"))
