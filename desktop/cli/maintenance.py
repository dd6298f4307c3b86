"""The safety commands: `backup`, `restore FILE` and `check`."""
from __future__ import annotations

import argparse
from typing import Callable

from reviewdesk import store

from reviewdesk.desktop.cli.output import t

EXIT_OK, EXIT_INVALID = 0, 1


def cmd_backup(args: argparse.Namespace) -> int:
    path = store.maintenance.backup(args.output)
    print(t(args, f"已备份到 {path}", f"Backed up to {path}"))
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    safety = store.maintenance.restore(args.file)
    store.open_database(args.db)  # an older backup's schema is upgraded like any old database
    print(t(args, f"已从 {args.file} 恢复；恢复前的数据已另存为 {safety}",
            f"Restored from {args.file}; what was there before is saved as {safety}"))
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    problems = store.maintenance.check()
    if not problems:
        print(t(args, "数据库检查通过：完整性、引用和操作日志均正常", "The database is sound: integrity, references and "
                "audit log all check out"))
        return EXIT_OK
    for problem in problems:
        print(problem.message(args.lang))
    return EXIT_INVALID


def register(command: Callable[..., argparse.ArgumentParser], known: argparse.Namespace) -> None:
    p = command("backup", cmd_backup, t(known, "生成数据库的一致副本", "write a consistent copy of the database"))
    p.add_argument("-o", "--output", metavar="FILE", help=t(known, "保存位置（默认：数据库旁边，文件名带时间）",
                                                            "where (default: next to the database, with the time)"))
    p = command("restore", cmd_restore, t(known, "用备份替换数据库（会先备份现有数据）",
                                          "replace the database with a backup (what is there now is backed up first)"))
    p.add_argument("file", metavar="FILE")
    command("check", cmd_check, t(known, "检查完整性、引用和操作日志", "check integrity, references and the audit log"))
