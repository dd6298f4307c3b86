"""The commands `undo` and `redo`: the last change this user made (the name `set` records), undone or done again."""
from __future__ import annotations

import argparse
from typing import Callable

from reviewdesk import store
from reviewdesk.templates import artefact, values

from reviewdesk.desktop.cli.main import print_fields, who
from reviewdesk.desktop.cli.output import dump_json, t

EXIT_OK = 0
#: The action of the change an undo reverses, by what the undo itself did (an undo that deletes undid a create).
_UNDID = {"delete": "create", "create": "delete", "update": "update"}


def cmd_undo(args: argparse.Namespace) -> int:
    return _report(args, "undo", store.undo(who=who(args), lang=args.lang))


def cmd_redo(args: argparse.Namespace) -> int:
    return _report(args, "redo", store.redo(who=who(args), lang=args.lang))


def _report(args: argparse.Namespace, command: str, change: store.Change) -> int:
    """Print what was undone or redone: the record, what had been done to it, and the fields put back."""
    action = _UNDID[change.action] if command == "undo" else change.action  # what the user had done
    if args.json:
        art = artefact(change.artefact)
        print(dump_json({command: {
            "artefact": change.artefact, "code": change.code, "action": action, "change": change.id,
            "reverses": change.reverses, "revision": change.revision,
            "fields": {k: [values.to_json(art.field(k), old), values.to_json(art.field(k), new)]
                       for k, (old, new) in change.fields.items()}}}))
        return EXIT_OK
    code, revision = change.code, change.revision
    done_zh, done_en = ("已撤销", "Undid") if command == "undo" else ("已重做", "Redid")
    if action == "update":
        print(t(args, f"{done_zh}对 {code} 的修改，现为版本 {revision}：",
                f"{done_en} the change to {code}; it is now revision {revision}:"))
        print_fields(args, change)
    elif (action == "create") == (command == "undo"):  # the record is gone again
        print(t(args, f"{done_zh}{'新建' if action == 'create' else '删除'} {code}：该记录已删除",
                f"{done_en} the {'creation' if action == 'create' else 'deletion'} of {code}: the record is deleted"))
    else:
        print(t(args, f"{done_zh}{'新建' if action == 'create' else '删除'} {code}：该记录已恢复",
                f"{done_en} the {'creation' if action == 'create' else 'deletion'} of {code}: the record is back"))
    return EXIT_OK


def register(command: Callable[..., argparse.ArgumentParser], known: argparse.Namespace) -> None:
    """Add `undo` and `redo` to the `reviewdesk` parser (called by cli.main.build_parser; help in known.lang)."""
    p = command("undo", cmd_undo, t(known, "撤销您（--user）的上一次修改；记录此后被改过时拒绝",
                                    "undo your (--user) last change; refused if the record changed since"))
    p.add_argument("--json", action="store_true")
    p = command("redo", cmd_redo, t(known, "重做您上一次撤销的修改；撤销后又做过新的修改时不能重做",
                                    "redo the change you last undid; not after a new change of yours"))
    p.add_argument("--json", action="store_true")
