"""The `reviewdesk` command: one subcommand per operation, each a thin call into store/ or exporters/ (no Qt)."""
from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import os
import re
import sys
from typing import Any, Callable, Sequence

from reviewdesk import __version__, store
from reviewdesk.templates import (ARTEFACTS, REFERENCE_DATA, Artefact, Kind, ReviewDeskError, ValidationError,
                                  artefact, values)

from reviewdesk.desktop.cli.language import LANGS, chosen_lang, speaking, translate
from reviewdesk.desktop.cli.output import dump_json, t, table, warn_if_network_drive, width
from reviewdesk.desktop.cli.progress import Progress

EXIT_OK, EXIT_INVALID, EXIT_MISUSE = 0, 1, 2
USER_ENV = "REVIEWDESK_USER"


class Misuse(Exception):
    """The command was called wrongly (exit 2), as opposed to refused input (exit 1)."""


def who(args: argparse.Namespace) -> str:
    return args.user or os.environ.get(USER_ENV) or getpass.getuser()


def split_pairs(args: argparse.Namespace, art: Artefact, items: Sequence[str]) -> list[tuple[str, str]]:
    """FIELD=VALUE arguments as (field key, typed value); a field may be named by key or by either label."""
    result = []
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise Misuse(t(args, f"参数应写成 字段=值：{item}", f"expected FIELD=VALUE, got: {item}"))
        field = art.field_named(name)
        result.append((field.key if field else name.strip(), value))
    return result


def pairs(args: argparse.Namespace, art: Artefact, items: Sequence[str]) -> dict[str, str]:
    return dict(split_pairs(args, art, items))


def filters(args: argparse.Namespace, art: Artefact) -> dict[str, list[str]]:
    """--where FIELD=VALUE conditions; the same field given twice means either value."""
    result: dict[str, list[str]] = {}
    equal = [item for item in args.where or [] if _RANGE.match(item) is None]
    for key, value in split_pairs(args, art, equal):
        result.setdefault(key, []).append(value)
    return result


_RANGE = re.compile(r"^\s*(?P<name>[^<>=]+?)\s*(?P<op>>=|<=|>|<)\s*(?P<value>.+)$")


def ranges(args: argparse.Namespace, art: Artefact) -> dict[str, tuple]:
    """--where FIELD>=VALUE, FIELD<VALUE …: bounds of date and number fields: 发现日期>=2026-11-01, score<8."""
    result: dict[str, list] = {}
    for item in args.where or []:
        match = _RANGE.match(item)
        if match is None:
            continue
        field = art.field_named(match["name"])
        if field is None:
            raise ReviewDeskError(f"{art.zh}没有字段「{match['name'].strip()}」",
                                  f"{art.en} has no field '{match['name'].strip()}'")
        if field.kind not in (Kind.DATE, Kind.INTEGER, Kind.DECIMAL):
            raise ReviewDeskError(f"「{field.zh}」不是日期或数字：大于、小于这样的范围条件只适用于日期和数字字段",
                                  f"{field.en} is not a date or a number: ranges (>, <, >=, <=) apply to date and "
                                  "number fields only")
        value = values.parse_plain(field, match["value"], args.lang)
        bounds = result.setdefault(field.key, [None, None, False, False])
        if match["op"].startswith(">"):
            bounds[0], bounds[2] = value, match["op"] == ">"
        else:
            bounds[1], bounds[3] = value, match["op"] == "<"
    return {k: tuple(v) for k, v in result.items()}


def record_json(art: Artefact, record: dict[str, Any]) -> dict[str, Any]:
    data = {"code": record["code"], "revision": record["revision"]}
    data.update(values.record_to_json(art.fields, record))
    data.update({k: record[k].isoformat() if isinstance(record[k], dt.datetime) else record[k]
                 for k in ("created_at", "created_by", "updated_at", "updated_by")})
    return data


def shown(art: Artefact, key: str, value: Any, lang: str, lookups: store.Lookups) -> str:
    return lookups.display(art.field(key), value, lang)


def list_columns(art: Artefact, wanted: str | None) -> list[str]:
    if wanted == "all":
        return [f.key for f in art.fields if f.kind not in (Kind.AGENDA, Kind.SCOPE)]
    if wanted:
        keys = []
        code_names = {values.fold(n) for n in ("code", art.code_zh, art.code_en)}
        for name in re.split(r"[,，]", wanted):  # a Chinese keyboard types the full-width comma
            if values.fold(name.strip()) in code_names:
                continue  # the code is always the first column
            field = art.field_named(name)
            if field is None:
                raise ReviewDeskError(f"{art.zh}没有字段「{name}」", f"{art.en} has no field '{name}'")
            keys.append(field.key)
        return keys
    return [f.key for f in art.fields if f.required or f.key in ("status", "priority", "department", "owner")]


# --- the subcommands ---

def cmd_list(args: argparse.Namespace) -> int:
    art = artefact(args.artefact)
    lookups = store.Lookups()
    records = store.select_records(art.key, filters(args, art), lang=args.lang, lookups=lookups,
                                   ranges=ranges(args, art))
    if args.json:
        print(dump_json([record_json(art, r) for r in records]))
        return EXIT_OK
    columns = list_columns(art, args.fields)
    rows = [[r["code"]] + [shown(art, k, r[k], args.lang, lookups) for k in columns] for r in records]
    headers = [art.code_label(args.lang)] + [art.field(k).label(args.lang) for k in columns]
    print(table(headers, rows))
    print(t(args, f"共 {len(rows)} 条", f"{len(rows)} record(s)"))
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    record = store.get_record(args.code)
    art = store.artefact_of(record["code"])
    if args.json:
        print(dump_json(record_json(art, record)))
        return EXIT_OK
    lookups = store.Lookups()
    rows = [[art.code_label(args.lang), record["code"]]]
    rows += [[f.label(args.lang), shown(art, f.key, record[f.key], args.lang, lookups)] for f in art.fields]
    rows += [[t(args, "版本", "Revision"), str(record["revision"])],
             [t(args, "最后修改", "Last changed"), f"{local(record['updated_at'])} {record['updated_by']}"]]
    label_width = max(width(r[0]) for r in rows)
    for label, value in rows:
        indent = " " * (label_width + 2)
        print(label + " " * (label_width - width(label) + 2) + value.replace("\n", "\n" + indent))
    return EXIT_OK


def local(moment: dt.datetime) -> str:
    """A stored UTC time as the user's local time."""
    return moment.replace(tzinfo=dt.timezone.utc).astimezone().strftime("%Y-%m-%d %H:%M")


def cmd_history(args: argparse.Namespace) -> int:
    entries = store.history(args.code)
    art = store.artefact_of(values.normalize_code(args.code))
    if not entries:
        raise store.NotFound(values.normalize_code(args.code))
    actions = {"create": t(args, "新建", "created"), "update": t(args, "修改", "changed"),
               "delete": t(args, "删除", "deleted")}
    lookups = store.Lookups()

    def readable(key: str | None, text: str | None) -> str:
        if text is None or not key or not art.has_field(key):
            return text or ""
        return lookups.display_audit(art.field(key), text, args.lang)

    rows = [[local(e.at), e.who, actions.get(e.action, e.action),
             art.field(e.field).label(args.lang) if e.field and art.has_field(e.field) else (e.field or ""),
             readable(e.field, e.old), readable(e.field, e.new), store.sources.label(e.source, args.lang)]
            for e in entries]
    print(table([t(args, h[0], h[1]) for h in (("时间", "When"), ("操作人", "Who"), ("操作", "Action"),
                                                ("字段", "Field"), ("原值", "Old"), ("新值", "New"),
                                                ("来源", "Source"))], rows, whole=(6,)))
    return EXIT_OK


def cmd_add(args: argparse.Namespace) -> int:
    art = artefact(args.artefact)
    change = store.create(art.key, pairs(args, art, args.values), who=who(args), source=store.sources.CLI,
                          lang=args.lang)
    print(t(args, f"已创建 {change.code}", f"Created {change.code}"))
    return EXIT_OK


def cmd_set(args: argparse.Namespace) -> int:
    art = store.artefact_of(args.code)
    change = store.update(args.code, pairs(args, art, args.values), expected_revision=args.expect_revision,
                          who=who(args), source=store.sources.CLI, lang=args.lang)
    if not change.fields:
        print(t(args, f"{change.code} 没有变化", f"{change.code} is unchanged"))
        return EXIT_OK
    print(t(args, f"{change.code} 已更新为版本 {change.revision}：", f"{change.code} is now revision {change.revision}:"))
    print_fields(args, change)
    return EXIT_OK


def print_fields(args: argparse.Namespace, change: store.Change) -> None:
    """What a change did to each field, one line each: 状态：已确认 → 待确认 (computed fields included)."""
    art, lookups = artefact(change.artefact), store.Lookups()
    for key, (old, new) in change.fields.items():
        print(f"  {art.field(key).label(args.lang)}{t(args, '：', ': ')}{shown(art, key, old, args.lang, lookups) or '—'} → "
              f"{shown(art, key, new, args.lang, lookups) or '—'}")


def cmd_delete(args: argparse.Namespace) -> int:
    change = store.delete(args.code, who=who(args), expected_revision=args.expect_revision, source=store.sources.CLI)
    print(t(args, f"已删除 {change.code}", f"Deleted {change.code}"))
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    with Progress(args) as progress:
        counts = store.demo.fill_demo(args.size, who=who(args), force=args.force,
                                progress=progress.step("正在生成演示数据", "Creating the demo data"))
    summary = ", ".join(f"{ARTEFACTS[k].label(args.lang) if k in ARTEFACTS else k} {n}" for k, n in counts.items())
    print(t(args, f"已生成演示数据：{summary}", f"Demo data created: {summary}"))
    return EXIT_OK


def cmd_departments(args: argparse.Namespace) -> int:
    rows = store.reference.departments()
    if args.json:
        print(dump_json(rows))
        return EXIT_OK
    print(table([t(args, "代码", "Code"), t(args, "中文名称", "Chinese name"), t(args, "英文名称", "English name"),
                 t(args, "联系邮箱", "Contact e-mail")], [[d["code"], d["name_zh"], d["name_en"], d["email"] or ""]
                                                          for d in rows]))
    return EXIT_OK


def cmd_department(args: argparse.Namespace) -> int:
    if args.action == "delete":
        store.reference.delete_department(args.code, who=who(args), source=store.sources.CLI)
        print(t(args, f"已删除部门 {args.code}", f"Deleted department {args.code}"))
        return EXIT_OK
    if args.name_zh is None or args.name_en is None:
        raise Misuse(t(args, "需要中文名称和英文名称", "a Chinese and an English name are needed"))
    store.reference.save_department(args.code, args.name_zh, args.name_en, email=args.email, who=who(args),
                                    source=store.sources.CLI)
    print(t(args, f"已保存部门 {args.code}", f"Saved department {args.code}"))
    return EXIT_OK


def cmd_people(args: argparse.Namespace) -> int:
    rows = store.reference.people()
    if args.json:
        print(dump_json(rows))
        return EXIT_OK
    role = REFERENCE_DATA["person"].field("role")
    lookups = store.Lookups()
    print(table([t(args, "姓名", "Name"), t(args, "部门", "Department"), t(args, "角色", "Role")],
                [[p["name"], lookups.department_label(p["department"], args.lang),
                  values.display(role, p["role"], args.lang)] for p in rows]))
    return EXIT_OK


def cmd_person(args: argparse.Namespace) -> int:
    if args.action == "delete":
        store.reference.delete_person(args.name, who=who(args), source=store.sources.CLI)
        print(t(args, f"已删除人员 {args.name}", f"Deleted {args.name}"))
        return EXIT_OK
    if not args.department:
        raise Misuse(t(args, "需要部门", "a department is needed"))
    store.reference.save_person(args.name, args.department, args.role, email=args.email, who=who(args),
                                source=store.sources.CLI)
    print(t(args, f"已保存人员 {args.name}", f"Saved {args.name}"))
    return EXIT_OK


# --- the parser ---

def common_options(parser: argparse.ArgumentParser, top: bool, known: argparse.Namespace) -> None:
    default = None if top else argparse.SUPPRESS
    parser.add_argument("--db", default=default, metavar="PATH",
                        help=t(known, "数据库文件或团队数据库地址（postgresql://user@host:port/dbname；默认：$REVIEWDESK_DB，"
                                      "否则为数据文件夹中的文件）",
                               "database file or team database URL postgresql://user@host:port/dbname (default: "
                               "$REVIEWDESK_DB, else the file in your data folder)"))
    parser.add_argument("--lang", choices=LANGS, default="zh" if top else argparse.SUPPRESS,
                        help=t(known, "提示信息和标签的语言（默认 zh）", "language of messages and labels (default zh)"))
    parser.add_argument("--user", default=default,
                        help=t(known, f"您在操作日志中的名字（默认：${USER_ENV} 或登录名）",
                               f"your name in the audit log (default: ${USER_ENV} or login)"))


def sub_actions(parser: argparse.ArgumentParser, known: argparse.Namespace) -> Callable[..., argparse.ArgumentParser]:
    """For a command of several actions (`meeting add`, `user list`): action(name, func, help) adds one, with the
    common options, run by its `action_func`."""
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    def action(name: str, func: Callable, help: str) -> argparse.ArgumentParser:
        a = actions.add_parser(name, help=help, description=help)
        common_options(a, top=False, known=known)
        a.set_defaults(action_func=func, parser=a)  # misuse found later prints this action's usage
        return a
    return action


class Parser(argparse.ArgumentParser):
    """argparse's parser, remembering the last misuse it reported so that `--json` can print it as JSON too."""

    last_error: str | None = None

    def format_help(self) -> str:
        """In Chinese, the section headings argparse ends with a colon of its own take the full-width one: 位置参数："""
        text = super().format_help()
        if argparse._ is translate:
            text = re.sub(r"(?m)^(\s*[\u4e00-\u9fff][^\n:]*):$", r"\1：", text)
        return text

    def error(self, message: str):
        Parser.last_error = f"{self.prog}: {message}"
        super().error(message)


def add_command(sub, name: str, func: Callable, help: str, known: argparse.Namespace) -> argparse.ArgumentParser:
    """One subcommand with the options every subcommand takes; misuse found later prints this one's usage."""
    p = sub.add_parser(name, help=help, description=help)
    common_options(p, top=False, known=known)
    p.set_defaults(func=func, parser=p)
    return p


def build_parser(lang: str = "zh") -> argparse.ArgumentParser:
    """The parser whose help texts are in `lang` (argparse's own words: see cli_language.speaking)."""
    known = argparse.Namespace(lang=lang)  # all that is known before parsing: t(known, …) picks the help's language
    parser = Parser(prog="reviewdesk", description=t(
        known, "ReviewDesk 评审台 — 服务优化评审。不带子命令时打开桌面窗口。",
        "ReviewDesk 评审台 — service optimisation reviews. Without a subcommand, opens the desktop window."))
    common_options(parser, top=True, known=known)
    parser.add_argument("--version", action="version", version=f"ReviewDesk {__version__}",
                        help=t(known, "显示版本后退出", "show the version and exit"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    artefact_keys = list(ARTEFACTS)

    def command(name: str, func: Callable, help: str) -> argparse.ArgumentParser:
        return add_command(sub, name, func, help, known)

    p = command("demo", cmd_demo, t(known, "用取自种子材料的中文演示数据填充数据库",
                                    "fill the database with Chinese demo data drawn from the seeds"))
    p.add_argument("--size", choices=("small", "large"), default="small",
                   help=t(known, "large:10 万条回访和 1 万个问题，用于性能测试（默认 small）",
                          "large: 100,000 callbacks and 10,000 issues, for benchmarks (default small)"))
    p.add_argument("--force", action="store_true", help=t(known, "数据库中已有记录时也添加演示数据",
                                                          "add demo data even though the database holds records"))

    p = command("list", cmd_list, t(known, "列出一类材料的记录", "list the records of one artefact"))
    p.add_argument("artefact", choices=artefact_keys)
    p.add_argument("--where", action="append", metavar="FIELD=VALUE",
                   help=t(known, "只保留匹配的记录（文本字段按包含匹配）；可重复以增加条件",
                          "keep matching records (text fields: contains); repeat for more conditions"))
    p.add_argument("--fields", help=t(known, "要显示的字段，用逗号分隔，或 all", "comma-separated fields to show, or 'all'"))
    p.add_argument("--json", action="store_true",
                   help=t(known, "输出 JSON（字段键、选项键、ISO 日期）", "print JSON (field keys, choice keys, ISO dates)"))

    p = command("show", cmd_show, t(known, "显示一条记录", "show one record"))
    p.add_argument("code")
    p.add_argument("--json", action="store_true")

    p = command("history", cmd_history, t(known, "显示一条记录的操作日志", "show the audit entries of one record"))
    p.add_argument("code")

    p = command("add", cmd_add, t(known, "新建记录：reviewdesk add issue title=… category=效率类 …",
                                  "create a record: reviewdesk add issue title=… category=效率类 …"))
    p.add_argument("artefact", choices=artefact_keys)
    p.add_argument("values", nargs="+", metavar="FIELD=VALUE")

    p = command("set", cmd_set, t(known, "修改记录的字段：reviewdesk set ISS-0001 status=已确认",
                                  "change fields of a record: reviewdesk set ISS-0001 status=已确认"))
    p.add_argument("code")
    p.add_argument("values", nargs="+", metavar="FIELD=VALUE")
    p.add_argument("--expect-revision", type=int, metavar="N",
                   help=t(known, "记录已不是版本 N 时拒绝修改", "refuse if the record is no longer at revision N"))

    p = command("delete", cmd_delete, t(known, "删除记录（其历史仍保留在操作日志中）",
                                        "delete a record (its history stays in the audit log)"))
    p.add_argument("code")
    p.add_argument("--expect-revision", type=int, metavar="N")

    p = command("departments", cmd_departments, t(known, "列出部门", "list departments"))
    p.add_argument("--json", action="store_true")
    p = command("department", cmd_department, t(known, "添加、重命名或删除部门", "add, rename or delete a department"))
    p.add_argument("action", choices=("add", "set", "delete"))
    p.add_argument("code")
    p.add_argument("name_zh", nargs="?")
    p.add_argument("name_en", nargs="?")
    p.add_argument("--email", metavar="ADDRESS", help=t(known, "部门的联系邮箱（评审材料发往此地址；\"\" 为清除）",
                                                        "the department's contact e-mail (review workbooks go there; "
                                                        "\"\" clears it)"))

    p = command("people", cmd_people, t(known, "列出人员", "list people"))
    p.add_argument("--json", action="store_true")
    p = command("person", cmd_person, t(known, "添加、修改或删除人员", "add, change or delete a person"))
    p.add_argument("action", choices=("add", "set", "delete"))
    p.add_argument("name")
    p.add_argument("department", nargs="?")
    p.add_argument("role", nargs="?")
    p.add_argument("--email", metavar="ADDRESS", help=t(known, "邮箱（个人信息；\"\" 为清除）",
                                                        "e-mail address (personal data; \"\" clears it)"))

    from reviewdesk.desktop.cli import (edit as cli_edit, export as cli_export, imports as cli_import,
                                        maintenance as cli_maintenance, meeting as cli_meeting, report as cli_report,
                                        rounds as cli_rounds, team as cli_team, undo as cli_undo)

    for module in (cli_undo, cli_export, cli_import, cli_edit, cli_meeting, cli_rounds, cli_report, cli_maintenance,
                   cli_team):
        module.register(command, known)
    return parser


def error_lines(exc: ReviewDeskError, lang: str) -> str:
    if isinstance(exc, ValidationError):
        lines = [exc.message(lang)]
        for e in exc.errors:
            if e.suggestions:
                hint = "、".join(e.suggestions) if lang == "zh" else ", ".join(e.suggestions)
                lines.append(("  您是不是要输入：" if lang == "zh" else "  did you mean: ") + hint)
        return "\n".join(lines)
    return exc.message(lang)


def json_error(message: str, exit_code: int) -> None:
    """With --json, a failure is also one JSON object on standard output, so that a script can read why."""
    print(json.dumps({"error": {"exit": exit_code, "kind": "misuse" if exit_code == 2 else "refused",
                                "message": message}}, ensure_ascii=False))


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    lang = chosen_lang(argv) or "zh"  # known before parsing, so that help and misuse speak it
    wants_json = "--json" in argv
    Parser.last_error = None
    try:
        with speaking(lang):
            parser = build_parser(lang)
            args = parser.parse_args(argv)
    except SystemExit as exc:
        if wants_json and exc.code == 2 and Parser.last_error:
            json_error(Parser.last_error, 2)
        raise
    if args.command is None:
        from reviewdesk.desktop.window.app import run  # Qt is imported only when the window is wanted

        return run(db=args.db, lang=args.lang)
    try:
        if getattr(args, "opens_database", True):  # setup and copy-from open it their own way
            store.open_database(args.db)
            warn_if_network_drive(args)
        return args.func(args)
    except Misuse as exc:
        try:
            with speaking(args.lang):
                args.parser.error(str(exc))
        except SystemExit:
            if wants_json:
                json_error(Parser.last_error or str(exc), 2)
            raise
    except ReviewDeskError as exc:
        message = error_lines(exc, args.lang)
        print(message, file=sys.stderr)
        if wants_json:
            json_error(message, EXIT_INVALID)
        return EXIT_INVALID
    except BrokenPipeError:  # output piped into `head` and the like: not an error
        sys.stdout = open(os.devnull, "w")
        return EXIT_OK
    except OSError as exc:  # a file the system refused that no layer below explained: say which, no traceback
        name = f" {exc.filename}" if exc.filename else ""
        message = t(args, f"文件操作失败{name}：{exc.strerror or exc}", f"A file operation failed{name}: {exc.strerror or exc}")
        print(message, file=sys.stderr)
        if wants_json:
            json_error(message, EXIT_INVALID)
        return EXIT_INVALID
    finally:
        store.close()
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
