"""The import commands: `import` (plan, then apply), `imports` (the batches) and `undo-import`."""
from __future__ import annotations

import argparse
from typing import Any, Callable

from reviewdesk import store
from reviewdesk.exporters.returns.apply import SIDES, apply_plan
from reviewdesk.exporters.returns.plan import Plan, build_plan
from reviewdesk.templates import artefact, values

from reviewdesk.desktop.cli.output import dump_json, shorten, t, table
from reviewdesk.desktop.cli.progress import Progress

EXIT_OK, EXIT_INVALID = 0, 1
VALUE_WIDTH = 60  # columns of a value shown in a plan line (--json keeps it whole)


def _shown(art_key: str, key: str | None, value: Any, lang: str, lookups: store.Lookups) -> str:
    """A value in a plan line as the window shows it, a huge one cut short."""
    if value is None:
        return "—"
    field = artefact(art_key).field(key) if key else None
    text = str(value) if field is None else lookups.display(field, value, lang)
    return shorten(text, VALUE_WIDTH) or "—"


def _typed(value: Any) -> str:
    """A cell's value in an error line: as typed (11, not 11.0), and a huge cell cut short."""
    return shorten(str(values.typed_text(value)), VALUE_WIDTH)


def conflicts_title(args: argparse.Namespace) -> str:
    """What happens to the conflicts: a side taken with --take, or none yet."""
    if args.take == "sheet":
        return t(args, "冲突（按 --take sheet 取工作表的值）", "Conflicts (resolved by --take sheet: the sheet's value)")
    if args.take == "database":
        return t(args, "冲突（按 --take database 保留数据库的值）",
                 "Conflicts (resolved by --take database: the database's value kept)")
    return t(args, "冲突（未解决：需用 --take 选择一方）", "Conflicts (unresolved: choose a side with --take)")


def print_plan(args: argparse.Namespace, plan: Plan) -> None:
    lang, lookups = args.lang, store.Lookups()
    from reviewdesk.desktop.cli.main import local

    for before in plan.applied_before:  # before anything else: most likely the same mail opened twice
        print(t(args, f"注意：{before.file} 与导入批次 {before.batch}（{local(before.at)}）已应用的文件完全相同",
                f"Note: {before.file} is the very file import batch {before.batch} applied ({local(before.at)})"))
    heads = [("材料", "Artefact"), ("新增", "Created"), ("修改", "Updated"), ("未变", "Unchanged"), ("缺少", "Missing"),
             ("不允许", "Not permitted"), ("冲突", "Conflicts"), ("错误", "Errors")]
    rows = [[artefact(k).label(lang)] + [str(v) for v in counts.values()] for k, counts in plan.summary().items()
            if any(counts.values())]
    print(table([t(args, *h) for h in heads], rows))

    def where(item: Any) -> str:
        return t(args, f"「{item.sheet}」第 {item.row} 行", f"'{item.sheet}' row {item.row}")

    def at(item: Any) -> str:
        """Where a plan line's row is, after the line: （「问题清单」第 2 行） / ('Issues' row 2)."""
        return t(args, f"（{where(item)}）", f"  ({where(item)})")

    def label(art_key: str, key: str | None) -> str:
        return artefact(art_key).field(key).label(lang) if key else ""

    def shown(item: Any, value: Any) -> str:
        return _shown(item.artefact, item.field, value, lang, lookups)

    def recognised(r: Any) -> str:
        if r.code:
            return t(args, f"导入批次 {r.batch} 已新建为 {r.code}", f"created as {r.code} by import batch {r.batch}")
        first = r.same_as
        return t(args, f"与 {first.file}「{first.sheet}」第 {first.row} 行相同",
                 f"the same as {first.file} '{first.sheet}' row {first.row}")

    colon = t(args, "：", ": ")

    sections = [
        (plan.created, t(args, "新增", "Created"),
         lambda c: where(c) + colon + t(args, "，", ", ").join(
             f"{label(c.artefact, k)}={_shown(c.artefact, k, v, lang, lookups)}" for k, v in c.values.items())),
        (plan.updated, t(args, "修改", "Updated"),
         lambda u: f"{u.code} {label(u.artefact, u.field)}{colon}{shown(u, u.old)} → {shown(u, u.new)}" + at(u)),
        (plan.recognised, t(args, "已导入过的新行（不会再次新建）", "New rows imported before (not created again)"),
         lambda r: where(r) + colon + recognised(r)),
        (plan.missing, t(args, "缺少（不会删除）", "Missing (never deleted)"), lambda m: m.code),
        (plan.not_permitted, t(args, "不允许（不会应用）", "Not permitted (not applied)"),
         lambda n: f"{n.code or t(args, '新行', 'new row')} {label(n.artefact, n.field)}{colon}{n.reason}" + at(n)),
        (plan.conflicts, conflicts_title(args),
         lambda c: f"{c.code} {label(c.artefact, c.field)}{colon}"
                   + t(args, "导出时 ", "exported ") + shown(c, c.exported)
                   + t(args, "，数据库 ", ", database ") + shown(c, c.current)
                   + t(args, "，工作表 ", ", sheet ") + shown(c, c.returned) + at(c)),
        (plan.errors, t(args, "错误", "Errors"),
         lambda e: (f"{e.file} " if e.file and len(plan.files) > 1 else "")
                   + (f"{where(e)} " if e.sheet else "")
                   + (t(args, f"「{e.column}」 ", f"column '{e.column}': ") if e.column else "")
                   + e.message
                   + (t(args, f"（填写的值：{_typed(e.value)}）", f" (value: {_typed(e.value)})")
                      if e.value not in (None, "") else "")),
    ]
    for items, title, line in sections:
        if items:
            print("\n" + t(args, f"{title}（{len(items)}）：", f"{title} ({len(items)}):"))
            for item in items:
                print("  " + line(item))


def cmd_import(args: argparse.Namespace) -> int:
    with Progress(args) as progress:
        plan = build_plan(args.files, department=args.department, lang=args.lang,
                          progress=progress.step("正在读取并检查工作簿", "Reading and checking the workbooks"))
        applied: store.AppliedBatch | None = None
        valid_only = args.valid_only and not plan.incomplete  # a sheet checked only in part has no "valid rows"
        undecided = bool(plan.conflicts) and args.take is None  # all or nothing: a conflict needs a side first
        if not args.dry_run and (not plan.errors or valid_only) and not undecided:
            if plan.has_changes or (plan.conflicts and args.take == "sheet"):
                progress.step("正在应用更改", "Applying the changes")
                applied = apply_plan(plan, who=_who(args), take=args.take, valid_only=valid_only)
    if args.json:
        print(dump_json(plan.to_json(applied=applied, take=args.take)))
    else:
        print_plan(args, plan)
        if applied:
            batch = applied.batch
            message = t(args, f"\n已应用，导入批次 {batch}（可用 reviewdesk undo-import {batch} 撤销）",
                        f"\nApplied as import batch {batch} (undo with: reviewdesk undo-import {batch})")
        elif args.dry_run:
            message = t(args, "\n试运行：未做任何更改", "\nDry run: nothing was changed")
        elif plan.errors and not valid_only:
            message = t(args, "\n有错误，未做任何更改", "\nThere are errors; nothing was changed")
        elif undecided:
            message = t(args, f"\n有 {len(plan.conflicts)} 处冲突未解决，未做任何更改；请用 --take sheet（取工作表的值）"
                              "或 --take database（保留数据库的值）选择一方后重新导入",
                        f"\n{len(plan.conflicts)} conflict(s) unresolved; nothing was changed. Choose a side with "
                        "--take sheet (the sheet's value) or --take database (keep the database's) and import again")
        else:
            message = t(args, "\n没有需要应用的更改", "\nNothing to apply")
        print(message)
    if (plan.errors and not valid_only) or undecided:  # a dry run says what the import itself would answer
        return EXIT_INVALID
    return EXIT_OK


def _who(args: argparse.Namespace) -> str:
    from reviewdesk.desktop.cli.main import who

    return who(args)


def cmd_imports(args: argparse.Namespace) -> int:
    """One block per batch, newest first: its number, time and who on the first line, then its department, files
    and what it created and updated on lines of their own, whole (a table cell would cut them short)."""
    batches = store.import_batches()
    if args.json:
        print(dump_json([b.to_json() for b in batches]))
        return EXIT_OK
    if not batches:
        print(t(args, "还没有导入批次", "No import batches yet"))
        return EXIT_OK
    lookups = store.Lookups()
    from reviewdesk.desktop.cli.main import local

    colon = t(args, "：", ": ")
    blocks = []
    for b in batches:
        head = t(args, f"批次 {b.batch}", f"Batch {b.batch}") + f"  {local(b.at)}  {b.who}"
        if b.undone_at:
            head += "  " + t(args, f"已撤销（{local(b.undone_at)}，{b.undone_by}）",
                             f"undone ({local(b.undone_at)}, {b.undone_by})")
        lines = [head]
        if b.department:
            lines.append(t(args, "部门", "Department") + colon + lookups.department_label(b.department, args.lang))
        files = [name + (t(args, f"（与批次 {n} 为同一文件）", f" (same file as batch {n})")
                         if (n := b.same_file_as.get(name)) else "") for name in b.files]
        lines.append(t(args, "文件", "Files") + colon + t(args, "、", ", ").join(files))
        lines += b.counts_lines(args.lang)
        blocks.append("\n  ".join(lines))
    print("\n\n".join(blocks))
    return EXIT_OK


def cmd_undo_import(args: argparse.Namespace) -> int:
    result = store.undo_import(args.batch, who=_who(args), except_changed=args.except_changed)
    if args.json:
        print(dump_json(result.to_json()))
        return EXIT_OK
    print(t(args, f"已撤销导入批次 {result.batch}：恢复 {result.restored} 条记录，移除新增的 {result.removed} 条",
            f"Undid import batch {result.batch}: {result.restored} record(s) restored, "
            f"{result.removed} created record(s) removed"))
    if result.kept:
        print(t(args, f"以下 {len(result.kept)} 处在导入后又被修改，保持现值：",
                f"Kept as they are, changed again after the import ({len(result.kept)}):"))
        for change in result.kept:
            print("  " + change.line(args.lang))
    return EXIT_OK


def register(command: Callable[..., argparse.ArgumentParser], known: argparse.Namespace) -> None:
    p = command("import", cmd_import, t(known, "导入交回的工作簿：先显示计划，再一次性全部应用",
                                        "import returned workbooks: show the plan, then apply it all at once"))
    p.add_argument("files", nargs="+", metavar="FILE", help=t(known, ".xlsx、.xlsm、.xls 或 .ods",
                                                              ".xlsx, .xlsm, .xls or .ods"))
    p.add_argument("--dry-run", action="store_true",
                   help=t(known, "只显示计划，不做任何更改", "show the plan only; change nothing"))
    p.add_argument("--json", action="store_true",
                   help=t(known, "把计划输出为一个 JSON 对象", "print the plan as one JSON object"))
    p.add_argument("--department", metavar="CODE",
                   help=t(known, "交回这些文件的部门", "the department that returned the files"))
    p.add_argument("--take", choices=SIDES,
                   help=t(known, "同一字段在两边都改过时以哪一方为准", "which side wins where a field changed in both"))
    p.add_argument("--valid-only", action="store_true",
                   help=t(known, "即使其他行有错误，也应用没有错误的行",
                          "apply the rows without errors even if others have some"))

    p = command("imports", cmd_imports, t(known, "列出导入批次", "list import batches"))
    p.add_argument("--json", action="store_true")

    p = command("undo-import", cmd_undo_import, t(known, "撤销一个导入批次", "undo one import batch"))
    p.add_argument("batch", type=int, metavar="N")
    p.add_argument("--except-changed", action="store_true",
                   help=t(known, "只撤销导入后没人改过的字段和记录，其余保持现值并列出",
                          "undo only the fields and records nobody changed since; keep and list the rest"))
    p.add_argument("--json", action="store_true",
                   help=t(known, "把结果输出为一个 JSON 对象（恢复、移除的数目和保持现值的更改）",
                          "print the result as one JSON object (how many restored and removed, the changes kept)"))
