"""The team database commands: `setup` (create or upgrade a schema) and `copy-from` (move a whole database)."""
from __future__ import annotations

import argparse
from typing import Callable

from reviewdesk import store

from reviewdesk.desktop.cli.output import t

EXIT_OK = 0


def cmd_setup(args: argparse.Namespace) -> int:
    before, after = store.setup(args.db)
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
    copied = [(store.transfer.table_label(table), n) for table, n in counts.items() if n and table != "setting"]
    print(t(args, f"已将 {args.source} 复制到 {store.resolve_path(args.db)}：", f"Copied {args.source} into "
            f"{store.resolve_path(args.db)}:"))
    for (zh, en), n in copied:
        print(t(args, f"  {zh}：{n}", f"  {en}: {n}"))
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
