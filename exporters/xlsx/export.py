"""Export artefacts to one standardized workbook: overview, one sheet per artefact, lists and the contract."""
from __future__ import annotations

import datetime as dt
import json
import os
import uuid
from dataclasses import dataclass, field as dc_field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

import xlsxwriter
from xlsxwriter.exceptions import FileCreateError, XlsxWriterException

from reviewdesk import store
from reviewdesk.store import reference
from reviewdesk.templates import WORKBOOK_ARTEFACTS, Artefact, Kind, ReviewDeskError, artefact, values

from reviewdesk.exporters.files import ExportCancelled, atomic_output
from reviewdesk.exporters.xlsx.help import t
from reviewdesk.exporters.xlsx.highlights import fills, highlights
from reviewdesk.exporters.xlsx.layout import sheet_columns
from reviewdesk.exporters.xlsx.lists import LIST_SHEET, Lists
from reviewdesk.exporters.xlsx.meta import FORMAT_VERSION, META_SHEET, MetaWriter
from reviewdesk.exporters.xlsx.sheet import write_data_sheet
from reviewdesk.exporters.xlsx import properties
from reviewdesk.exporters.xlsx.styles import DATE_FORMAT, Styles
from reviewdesk.exporters.xlsx.summary import Cover, Stats, write_overview

LARGE_EXPORT = 20_000  # rows; above this they are streamed to disk (xlsxwriter constant_memory), not held in memory
EXTRA_ROWS = 200  # empty rows below the data that keep drop-downs for new records, where new records are allowed
RETURN_DAYS = 7  # a department workbook is due back a week after export unless told otherwise
PROGRESS_EVERY = 500

Progress = Callable[[int, int], Any]  # (rows done, rows expected); returning False cancels


@dataclass
class ExportSummary:
    """What an export wrote."""

    path: Path
    export_id: str
    rows: dict[str, int] = dc_field(default_factory=dict)  # artefact key -> rows exported
    department: str | None = None
    deadline: dt.date | None = None
    personal_data: bool = False
    streamed: bool = False

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def resolve_artefacts(names: Iterable[str]) -> list[str]:
    """Artefact keys in workbook order; `all` means every workbook artefact."""
    wanted: list[str] = []
    for name in names:
        keys = WORKBOOK_ARTEFACTS if name == "all" else (name,)
        for key in keys:
            if key not in WORKBOOK_ARTEFACTS:
                shown = ", ".join(WORKBOOK_ARTEFACTS)
                raise ReviewDeskError(f"不能导出「{key}」，可选：{shown} 或 all", f"Cannot export '{key}'; choose from {shown} or all")
            if key not in wanted:
                wanted.append(key)
    if not wanted:
        raise ReviewDeskError("请至少选择一类材料", "Choose at least one artefact")
    return [k for k in WORKBOOK_ARTEFACTS if k in wanted]


def resolve_department(typed: str | None, lookups: store.Lookups) -> str | None:
    """A department given by code or by either name, as its code."""
    if typed is None or not str(typed).strip():
        return None
    code = lookups.department_names.get(values.fold(str(typed)))
    if code is None:
        names = [n for pair in lookups.department_labels.values() for n in pair] + list(lookups.department_labels)
        hint = "、".join(values.closest(str(typed), names))
        raise ReviewDeskError(f"没有部门「{typed}」" + (f"，您是不是要输入：{hint}" if hint else ""),
                              f"No department '{typed}'" + (f"; did you mean: {hint}" if hint else ""))
    return code


def split_filters(keys: Sequence[str], filters: Mapping[str, Sequence[Any]] | None) -> dict[str, dict[str, list]]:
    """--where conditions per artefact: a field named by key or label applies to every artefact that has it;
    `artefact.field` (plan_step.status) to one artefact only."""
    result: dict[str, dict[str, list]] = {k: {} for k in keys}
    for qualified, wanted in (filters or {}).items():
        wanted = [wanted] if isinstance(wanted, (str, int)) else list(wanted)
        scope, dot, name = qualified.partition(".")
        if not dot or scope not in WORKBOOK_ARTEFACTS:
            scope, name = "", qualified
        used = False
        for key in keys:
            if scope and key != scope:
                continue
            art = artefact(key)
            if name == "code":
                field_key = "code"
            else:
                found = art.field_named(name)
                if found is None:
                    continue
                field_key = found.key
            result[key].setdefault(field_key, []).extend(wanted)
            used = True
        if not used:
            raise _no_such_field(name, [artefact(scope)] if scope else [artefact(k) for k in keys])
    return result


def _no_such_field(name: str, arts: Sequence[Artefact]) -> ReviewDeskError:
    """A field no chosen artefact has, named as typed, with the artefact's name and the nearest field labels."""
    names = [n for a in arts for f in a.fields for n in (f.zh, f.en, f.key)]  # typed in either language, or a key
    zh = en = values.closest(name, names)
    where_zh, where_en = (arts[0].zh, arts[0].en) if len(arts) == 1 else ("所选材料", "None of the chosen artefacts")
    has = f"has no field '{name}'" if len(arts) == 1 else f"has a field '{name}'"
    return ReviewDeskError(f"{where_zh}中没有字段「{name}」" + (f"，您是不是要输入：{'、'.join(zh)}" if zh else ""),
                           f"{where_en} {has}" + (f"; did you mean: {', '.join(en)}" if en else ""))


def selections(keys: Sequence[str], filters: Mapping[str, Sequence[Any]] | None,
               shown: Mapping[str, Mapping[str, Any]] | None) -> dict[str, dict[str, Any]]:
    """Per artefact, the conditions select_records takes: the --where filters, and where given a table's own
    conditions (filters, search, ranges) so the sheet holds exactly the rows that table shows."""
    result = {}
    for key, wanted in split_filters(keys, filters).items():
        table = (shown or {}).get(key) or {}
        result[key] = {"filters": {**wanted, **(table.get("filters") or {})}, "search": table.get("search") or None,
                       "ranges": dict(table.get("ranges") or {})}
    return result


def describe_conditions(art: Artefact, conditions: Mapping[str, Any], lang: str, lookups: store.Lookups) -> str:
    """Conditions as a person reads them: 搜索“物流” · 状态 = 处理中/已确认 · 发现日期 2026-11-01 – …"""
    parts = []
    if conditions.get("search"):
        parts.append(t(lang, f"搜索“{conditions['search']}”", f'search "{conditions["search"]}"'))
    for key, wanted in (conditions.get("filters") or {}).items():
        if key == "code":
            parts.append(f"{art.code_label(lang)} = {'/'.join(map(str, wanted))}")
            continue
        field = art.field(key)
        shown = []
        for value in wanted:
            if value is None:
                shown.append(t(lang, "（空）", "(empty)"))
            elif field.kind is Kind.DEPARTMENT:
                shown.append(lookups.department_label(value, lang))
            elif field.kind is Kind.CHOICE or not isinstance(value, str):
                shown.append(values.display(field, value, lang))
            else:  # typed text (--where), shown as typed
                shown.append(value)
        parts.append(f"{field.label(lang)} = {'/'.join(shown)}")
    for key, (low, high) in (conditions.get("ranges") or {}).items():
        parts.append(f"{art.field(key).label(lang)} {low or '…'} – {high or '…'}")
    return " · ".join(parts)


def _belongs(art: Artefact, department: str, lookups: store.Lookups) -> Callable[[Mapping[str, Any]], bool]:
    """Whether a record is one of the department's rows (ARTEFACTS.md: the row rules)."""
    return lambda r: lookups.owning_department(art, r) == department


def department_records(art: Artefact, department: str, conditions: Mapping[str, Any], lookups: store.Lookups,
                       lang: str) -> Iterator[dict[str, Any]]:
    """The department's rows among those meeting `conditions` (as `selections` gives them): narrowed in the
    query where possible, and always checked record by record."""
    if art.department_field is None:
        return iter(())
    field = art.field(art.department_field)
    filters = dict(conditions["filters"])
    if field.key not in filters:
        if field.kind is Kind.PERSON:
            members = [name for name, dept in lookups.person_department.items() if dept == department]
            if not members:
                return iter(())
            filters[field.key] = members
        else:
            filters[field.key] = [department]
    belongs = _belongs(art, department, lookups)
    query = {**conditions, "filters": filters}
    return (r for r in store.select_records(art.key, **query, lang=lang, lookups=lookups) if belongs(r))


def new_workbook(path: Path, *, streamed: bool) -> xlsxwriter.Workbook:
    return xlsxwriter.Workbook(str(path), {
        "constant_memory": streamed, "tmpdir": str(path.parent), "strings_to_numbers": False,
        "strings_to_formulas": False, "strings_to_urls": False, "default_date_format": DATE_FORMAT})


def close_workbook(workbook: xlsxwriter.Workbook) -> None:
    """Write the workbook; the OS error of writing it goes on as itself, for atomic_output to explain."""
    try:
        workbook.close()
    except FileCreateError as exc:
        if isinstance(exc.args[0], OSError):
            raise exc.args[0] from None
        raise ReviewDeskError(f"无法保存工作簿：{exc}", f"Cannot save the workbook: {exc}") from exc
    except XlsxWriterException as exc:
        raise ReviewDeskError(f"无法保存工作簿：{exc}", f"Cannot save the workbook: {exc}") from exc


def department_notes(lang: str, may_add: Sequence[str], *, marked: bool = False, return_to: bool = False) -> list[str]:
    """The 填写须知 of a department workbook, numbered."""
    notes = [t(lang, "只修改白色单元格；灰色单元格已锁定，其中的改动不会被导入。",
               "Change only the white cells; grey cells are locked and changes to them are not imported.")]
    if marked:
        notes.append(t(lang, "需要关注的行（如 P1 问题、已逾期）只给编号列上色、行内文字变色；这些行里的白色单元格同样可以修改。"
                             "各标记的含义见下方「标记说明」。",
                       "Rows that need attention (such as P1 issues or overdue ones) have only their number cell "
                       "coloured and their text tinted; the white cells in those rows can be changed like any other. "
                       "What each mark means is under \"Marks\" below."))
    notes += [t(lang, "请勿修改编号列，也不要删除或重命名工作表；可以排序、筛选、调整列宽。",
                "Do not change the number column, nor delete or rename sheets; sorting, filtering and resizing are fine."),
              t(lang, "从下拉列表选择取值；日期写成 2026-11-30。", "Pick values from the drop-down lists; type dates as 2026-11-30.")]
    if may_add:
        notes.append(t(lang, f"可在{'、'.join(may_add)}表末尾新增行，编号留空。",
                       f"New rows may be added at the end of {', '.join(may_add)}; leave their number empty."))
    if return_to:
        notes.append(t(lang, "完成后保存为 .xlsx，在交回期限前发给上方「交回给」所列的人。",
                       "Save as .xlsx when done and send it by the deadline to the person under \"Send back to\" above."))
    else:
        notes.append(t(lang, "完成后保存为 .xlsx，在交回期限前发回。", "Save as .xlsx when done and send it back by the deadline."))
    return [f"{i}. {note}" for i, note in enumerate(notes, 1)]


def return_deadline(today: dt.date, meeting_date: dt.date | None = None) -> dt.date:
    """When a department workbook is due back: a week from today, but the day before a meeting still to come."""
    deadline = today + dt.timedelta(days=RETURN_DAYS)
    if meeting_date is not None and meeting_date > today:
        deadline = max(today, min(deadline, meeting_date - dt.timedelta(days=1)))
    return deadline


def export_workbook(path: str | os.PathLike, artefacts: Iterable[str], *, lang: str = "zh",
                    department: str | None = None, filters: Mapping[str, Sequence[Any]] | None = None,
                    shown: Mapping[str, Mapping[str, Any]] | None = None, include_personal_data: bool = False, deadline: dt.date | None = None,
                    password: str | None = None, progress: Progress | None = None,
                    today: dt.date | None = None,
                    keep: Mapping[str, Callable[[Mapping[str, Any]], bool]] | None = None,
                    keep_note: Mapping[str, str] | None = None,
                    meeting: Mapping[str, Any] | None = None,
                    records: Mapping[str, Sequence[Mapping[str, Any]]] | None = None) -> ExportSummary:
    """Write the chosen artefacts to one workbook at `path` (replaced in one step when complete).

    Args:
        artefacts: artefact keys, or "all".
        department: a department code or name: only its rows, and only the columns it may change are open.
        filters: {field key or label: [values]}, as `reviewdesk list --where`; values of one field mean either.
        shown: {artefact key: {"filters", "search", "ranges"} as a table passes them to select_records}: that
            artefact's sheet holds exactly the rows the table shows, and the overview states the conditions.
        include_personal_data: write customer names and phone numbers unmasked.
        deadline: when a department should return the workbook (default: a week from today).
        password: sheet protection password (none by default: protection is a guard rail, not security).
        progress: called now and then with (rows done, rows expected); return False to cancel.
        keep: {artefact key: predicate}: only records the predicate accepts.
        keep_note: {artefact key: how `keep` or `records` chose the records, in words}, stated on the overview sheet.
        meeting: the review meeting whose pack holds the workbook: its title, date and place head the overview, and
            a department returns the workbook to its organiser, by the day before the meeting at the latest.
        records: {artefact key: its records in code order, as select_records gives them}, read by the caller
            instead of the database (a meeting pack's records in scope, read once for its document and every
            workbook); with `department`, only that department's rows among them are written.
    Returns:
        An ExportSummary: rows per artefact, export id, whether rows were streamed.
    """
    keys = resolve_artefacts(artefacts)
    lookups = store.Lookups()
    dept = resolve_department(department, lookups)
    per_artefact = selections(keys, filters, shown)
    today = today or dt.date.today()
    if dept is not None and deadline is None:
        deadline = return_deadline(today, (meeting or {}).get("date"))
    if records is not None:
        given = {k: records.get(k, ()) for k in keys}
        if dept is not None:
            given = {k: [r for r in rows if lookups.owning_department(artefact(k), r) == dept]
                     for k, rows in given.items()}
        expected = sum(len(v) for v in given.values())
    else:
        given = None
        expected = sum(store.count_records(k, **per_artefact[k], lang=lang, lookups=lookups) for k in keys)
    summary = ExportSummary(Path(path), uuid.uuid4().hex, department=dept, deadline=deadline,
                            personal_data=include_personal_data, streamed=expected > LARGE_EXPORT)
    arts = [artefact(k) for k in keys]
    dept_name = lookups.department_label(dept, lang) if dept else ""
    with atomic_output(path) as temporary:
        workbook = new_workbook(temporary, streamed=summary.streamed)
        try:
            _fill(workbook, summary, arts, lang=lang, dept=dept, dept_name=dept_name, conditions=per_artefact,
                  lookups=lookups, password=password, progress=progress, expected=expected, today=today, keep=keep,
                  keep_note=keep_note, meeting=meeting, given=given)
        finally:
            close_workbook(workbook)
    return summary


def _fill(workbook: xlsxwriter.Workbook, summary: ExportSummary, arts: list[Artefact], *, lang: str, dept: str | None,
          dept_name: str, conditions: dict[str, dict[str, Any]], lookups: store.Lookups, password: str | None,
          progress: Progress | None, expected: int, today: dt.date,
          keep: Mapping[str, Callable[[Mapping[str, Any]], bool]] | None = None,
          keep_note: Mapping[str, str] | None = None, meeting: Mapping[str, Any] | None = None,
          given: Mapping[str, Sequence[Mapping[str, Any]]] | None = None) -> None:
    styles = Styles(workbook, lang)
    properties.describe(workbook, title=t(lang, "ReviewDesk 评审工作簿", "ReviewDesk review workbook"),
                        export_id=summary.export_id)
    overview = workbook.add_worksheet(t(lang, "概览", "Overview"))
    sheets = {a.key: workbook.add_worksheet(a.sheet(lang)) for a in arts}
    lists_sheet = workbook.add_worksheet(LIST_SHEET)
    meta_sheet = workbook.add_worksheet(META_SHEET)

    lists = Lists(lang, reference.departments(), reference.people())
    lists.register(arts)
    lists.write(lists_sheet, styles, password)
    masked = not summary.personal_data
    columns = {a.key: sheet_columns(a, lang, lists, lookups.department_labels, department=dept, masked=masked,
                                    allow_new=dept is None or a.department_may_add) for a in arts}
    meta = MetaWriter(meta_sheet, styles)
    for key, value in (("format_version", FORMAT_VERSION), ("kind", "export"), ("database_id", store.database_id()),
                       ("export_id", summary.export_id), ("department", dept or ""), ("language", lang),
                       ("exported_at", dt.datetime.now().astimezone().isoformat(timespec="seconds")),
                       ("deadline", summary.deadline.isoformat() if summary.deadline else ""),
                       ("personal_data", "included" if summary.personal_data else "masked")):
        meta.meta(key, value)
    for name in ("filters", "search", "ranges"):
        used = {k: q[name] for k, q in conditions.items() if q[name]}
        meta.meta(name, json.dumps(used, ensure_ascii=False, default=str))
    for a in arts:
        meta.columns(a.key, a.sheet(lang), columns[a.key])

    stats = Stats(today, lookups.owning_department)
    done = 0

    def on_record(art_key: str):
        def seen(record: Mapping[str, Any]) -> None:
            nonlocal done
            meta.row(art_key, record["code"], record["revision"])
            stats.add(art_key, record)
            done += 1
            if progress is not None and done % PROGRESS_EVERY == 0 and progress(done, expected) is False:
                raise ExportCancelled()
        return seen

    note = f"{dept_name} · " + t(lang, f"请于 {summary.deadline} 前交回", f"return by {summary.deadline}") if dept else ""
    for a in arts:
        if given is not None:
            records = iter(given[a.key])
        elif dept is not None:
            records = department_records(a, dept, conditions[a.key], lookups, lang)
        else:
            records = store.select_records(a.key, **conditions[a.key], lang=lang, lookups=lookups)
        if keep and a.key in keep:
            records = filter(keep[a.key], records)
        allow_new = dept is None or a.department_may_add
        summary.rows[a.key] = write_data_sheet(
            sheets[a.key], styles, a, columns[a.key], records, lang=lang, extra_rows=EXTRA_ROWS if allow_new else 0,
            password=password, note=note, on_record=on_record(a.key))
        stats.rows.setdefault(a.key, 0)
        if not summary.rows[a.key]:  # nothing to print: a page of headers only is not
            if allow_new:  # kept in sight for new rows; its print area is one blank cell, which prints nothing
                blank = columns[a.key][-1].index + 1
                sheets[a.key].print_area(0, blank, 0, blank)
            else:
                sheets[a.key].hide()
    meta.finish(password)
    if progress is not None:
        progress(done, done)

    lines: list[tuple[str, Any]] = []
    if meeting:
        mtg = artefact("meeting")
        lines += [(t(lang, "评审会议", "Review meeting"), f"{meeting['title']}" + t(lang, f"（{meeting['code']}）",
                                                                              f" ({meeting['code']})")),
                  (mtg.field("date").label(lang), meeting.get("date")),
                  (mtg.field("place").label(lang), meeting.get("place") or t(lang, "（未定）", "(not set)"))]
    if dept:
        lines += [(t(lang, "发给部门", "Prepared for"), dept_name + t(lang, f"（{dept}）", f" ({dept})")),
                  (t(lang, "交回期限", "Return by"), summary.deadline)]
    elif summary.deadline:
        lines.append((t(lang, "交回期限", "Return by"), summary.deadline))
    return_to = (meeting or {}).get("organizer") if dept else None
    if return_to:
        organiser_dept = lookups.person_department.get(return_to)
        where = lookups.department_label(organiser_dept, lang) if organiser_dept else ""
        lines.append((t(lang, "交回给", "Send back to"),
                      return_to + t(lang, f"（会议组织者{'，' + where if where else ''}）",
                                    f" (the meeting's organiser{', ' + where if where else ''})")))
    lines += [(t(lang, "导出时间", "Exported at"), dt.datetime.now().strftime("%Y-%m-%d %H:%M")),
              (t(lang, "个人信息", "Personal data"),
               t(lang, "已包含", "included") if summary.personal_data else t(lang, "已隐藏（如 王*、138****5678）", "masked (e.g. W*, 138****5678)"))]
    described = {a.key: " · ".join(filter(None, ((keep_note or {}).get(a.key),
                                                 describe_conditions(a, conditions[a.key], lang, lookups))))
                 for a in arts}
    scope_label = t(lang, "材料范围", "Pack scope") if meeting else t(lang, "筛选条件", "Conditions")
    if len(arts) > 1 and all(described.values()) and len(set(described.values())) == 1:
        lines.append((scope_label, t(lang, "各工作表：", "every sheet: ") + described[arts[0].key]))
    else:
        lines += [(scope_label, t(lang, f"{a.sheet(lang)}：", f"{a.sheet(lang)}: ") + described[a.key])
                  for a in arts if described[a.key]]
    may_add = [a.sheet(lang) for a in arts if a.department_may_add]
    marks = [(a.key, a.sheet(lang), next(c.header for c in columns[a.key] if c.key == (mark.column or "code")), mark)
             for a in arts if summary.rows[a.key] for mark in highlights(a, columns[a.key], lang)]
    sheets_rows = []
    for a in arts:
        rows = summary.rows[a.key]
        remark = "" if rows else (t(lang, "无记录，不打印", "no rows; not printed") if dept is None or a.department_may_add
                                  else t(lang, "无记录，已隐藏", "no rows; hidden"))
        sheets_rows.append((a.sheet(lang), rows, remark))
    if meeting:
        title = meeting["title"] + (f" · {dept_name}" if dept else t(lang, " · 评审工作簿", " · review workbook"))
    else:
        title = t(lang, "ReviewDesk 评审台 · 评审工作簿", "ReviewDesk · review workbook") + (f" · {dept_name}" if dept else "")
    cover = Cover(
        title=title, lines=lines, sheets=sheets_rows,
        notes=department_notes(lang, may_add, marked=bool(marks), return_to=bool(return_to)) if dept else [],
        emphasis=t(lang, "交回期限", "Return by"),
        marks=[(sheet, mark.style, header, fills(mark, columns[key]), mark.column is None,
                t(lang, mark.meaning_zh, mark.meaning_en)) for key, sheet, header, mark in marks],
        reference=(t(lang, "参考编号（联系技术支持时提供）", "Reference for support"), summary.export_id))
    write_overview(workbook, overview, styles, lang, cover, stats, lookups.department_labels)
