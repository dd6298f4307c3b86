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
from xlsxwriter.worksheet import Worksheet

from reviewdesk import store
from reviewdesk.templates import WORKBOOK_ARTEFACTS, Artefact, Kind, ReviewDeskError, artefact, t, values

from reviewdesk.exporters.files import ExportCancelled, atomic_output
from reviewdesk.exporters.xlsx.highlights import fills, highlights
from reviewdesk.exporters.xlsx.layout import Column, sheet_columns
from reviewdesk.exporters.xlsx.lists import LIST_SHEET, Lists, write_lists
from reviewdesk.exporters.xlsx.meta import META_SHEET, MetaWriter
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
            elif isinstance(value, str) and value.strip() == store.ANY_VALUE:
                shown.append(t(lang, "（任意）", "(any)"))
            elif field.kind in (Kind.DEPARTMENT, Kind.CHOICE) or not isinstance(value, str):
                shown.append(lookups.display(field, value, lang))
            else:  # typed text (--where), shown as typed
                shown.append(value)
        parts.append(f"{field.label(lang)} = {'/'.join(shown)}")
    for key, (low, high) in (conditions.get("ranges") or {}).items():
        parts.append(f"{art.field(key).label(lang)} {low or '…'} – {high or '…'}")
    return " · ".join(parts)


NARROWED_REFERENCES = 200


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
        if field.kind is Kind.REFERENCE:
            owned = [code for code, owner in lookups.owners(field.reference).items() if owner == department]
            if not owned:
                return iter(())
            if len(owned) <= NARROWED_REFERENCES:  # one OR per code: beyond that, checked record by record only
                filters[field.key] = owned
        elif field.kind is Kind.PERSON:
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
    dept = lookups.department(None, department)
    per_artefact = selections(keys, filters, shown)
    today = today or dt.date.today()
    if dept is not None and deadline is None:
        deadline = return_deadline(today, (meeting or {}).get("date"))
    given = None if records is None else _department_rows(records, keys, dept, lookups)
    expected = (sum(map(len, given.values())) if given is not None else
                sum(store.count_records(k, **per_artefact[k], lang=lang, lookups=lookups) for k in keys))
    summary = ExportSummary(Path(path), uuid.uuid4().hex, department=dept, deadline=deadline,
                            personal_data=include_personal_data, streamed=expected > LARGE_EXPORT)
    job = _Job(summary=summary, arts=[artefact(k) for k in keys], lang=lang,
               dept_name=lookups.department_label(dept, lang) if dept else "", conditions=per_artefact,
               lookups=lookups, password=password, progress=progress, expected=expected, today=today,
               keep=keep or {}, keep_note=keep_note or {}, meeting=meeting, given=given)
    with atomic_output(path) as temporary:
        workbook = new_workbook(temporary, streamed=summary.streamed)
        try:
            _fill(workbook, job)
        finally:
            close_workbook(workbook)
    return summary


def _department_rows(records: Mapping[str, Sequence[Mapping[str, Any]]], keys: Sequence[str], dept: str | None,
                     lookups: store.Lookups) -> dict[str, Sequence[Mapping[str, Any]]]:
    """Of the records a caller read, per chosen artefact, those of the department (all of them without one)."""
    given = {k: records.get(k, ()) for k in keys}
    if dept is None:
        return given
    return {k: [r for r in rows if lookups.owning_department(artefact(k), r) == dept] for k, rows in given.items()}


@dataclass
class _Job:
    """One export_workbook call, its arguments worked out: what every step of filling the workbook reads."""

    summary: ExportSummary  # the steps record the rows written per sheet in it
    arts: list[Artefact]
    lang: str
    dept_name: str  # the department's name in the workbook's language; "" for a whole-database workbook
    conditions: dict[str, dict[str, Any]]  # per artefact, as `selections` gives them
    lookups: store.Lookups
    password: str | None
    progress: Progress | None
    expected: int  # rows, for the progress
    today: dt.date
    keep: Mapping[str, Callable[[Mapping[str, Any]], bool]]
    keep_note: Mapping[str, str]
    meeting: Mapping[str, Any] | None
    given: Mapping[str, Sequence[Mapping[str, Any]]] | None  # records read by the caller, per artefact

    @property
    def dept(self) -> str | None:
        return self.summary.department

    def allow_new(self, art: Artefact) -> bool:
        """Whether the sheet keeps empty rows with drop-downs below its data for new records."""
        return self.dept is None or art.department_may_add


def _fill(workbook: xlsxwriter.Workbook, job: _Job) -> None:
    """Every sheet of the workbook, in tab order: the overview (written last, from what the data sheets counted),
    one sheet per artefact, the hidden drop-down lists and the very hidden contract."""
    lang = job.lang
    styles = Styles(workbook, lang)
    properties.describe(workbook, title=t(lang, "ReviewDesk 评审工作簿", "ReviewDesk review workbook"),
                        export_id=job.summary.export_id)
    overview = workbook.add_worksheet(t(lang, "概览", "Overview"))
    sheets = {a.key: workbook.add_worksheet(a.sheet(lang)) for a in job.arts}
    lists_sheet, meta_sheet = workbook.add_worksheet(LIST_SHEET), workbook.add_worksheet(META_SHEET)
    columns = _columns(job, write_lists(lists_sheet, styles, lang, job.lookups, job.arts, job.password))
    contract = _contract(job, MetaWriter(meta_sheet, styles), columns)
    stats = _data_sheets(job, sheets, styles, columns, contract)
    contract.finish(job.password)
    write_overview(workbook, overview, styles, lang, _cover(job, columns), stats, job.lookups)


def _columns(job: _Job, lists: Lists) -> dict[str, list[Column]]:
    """Each artefact's columns: headers, formats, drop-downs, and which are locked in this workbook."""
    return {a.key: sheet_columns(a, job.lang, lists, job.lookups, department=job.dept,
                                 masked=not job.summary.personal_data, allow_new=job.allow_new(a)) for a in job.arts}


def _contract(job: _Job, meta: MetaWriter, columns: dict[str, list[Column]]) -> MetaWriter:
    """The contract's head: who made the workbook, when, for whom, on which conditions, and each sheet's columns;
    the rows follow as the data sheets are written."""
    summary = job.summary
    meta.made(kind="export", export_id=summary.export_id, department=job.dept or "", language=job.lang,
              deadline=summary.deadline.isoformat() if summary.deadline else "",
              personal_data="included" if summary.personal_data else "masked")
    for name in ("filters", "search", "ranges"):
        used = {k: q[name] for k, q in job.conditions.items() if q[name]}
        meta.meta(name, json.dumps(used, ensure_ascii=False, default=str))
    for a in job.arts:
        meta.columns(a.key, a.sheet(job.lang), columns[a.key])
    return meta


def _data_sheets(job: _Job, sheets: Mapping[str, Worksheet], styles: Styles, columns: dict[str, list[Column]],
                 contract: MetaWriter) -> Stats:
    """One sheet per artefact, its rows streamed past the contract (code and revision), the overview's counts and
    the progress; returns the counts. An empty sheet prints nothing, and is hidden where no row may be added."""
    stats = Stats(job.today, job.lookups.owning_department)
    progress, expected, done = job.progress, job.expected, 0

    def on_record(art_key: str) -> Callable[[Mapping[str, Any]], None]:
        def seen(record: Mapping[str, Any]) -> None:
            nonlocal done
            contract.row(art_key, record["code"], record["revision"])
            stats.add(art_key, record)
            done += 1
            if progress is not None and done % PROGRESS_EVERY == 0 and progress(done, expected) is False:
                raise ExportCancelled()
        return seen

    deadline = job.summary.deadline
    note = f"{job.dept_name} · " + t(job.lang, f"请于 {deadline} 前交回", f"return by {deadline}") if job.dept else ""
    for a in job.arts:
        allow_new = job.allow_new(a)
        rows = job.summary.rows[a.key] = write_data_sheet(
            sheets[a.key], styles, a, columns[a.key], _records(job, a), lang=job.lang,
            extra_rows=EXTRA_ROWS if allow_new else 0, password=job.password, note=note, on_record=on_record(a.key))
        stats.rows.setdefault(a.key, 0)
        if not rows:  # nothing to print: a page of headers only is not
            if allow_new:  # kept in sight for new rows; its print area is one blank cell, which prints nothing
                blank = columns[a.key][-1].index + 1
                sheets[a.key].print_area(0, blank, 0, blank)
            else:
                sheets[a.key].hide()
    if progress is not None:
        progress(done, done)
    return stats


def _records(job: _Job, art: Artefact) -> Iterable[Mapping[str, Any]]:
    """The records of one artefact's sheet: those the caller gave, else the department's or all that meet the
    conditions; then only those `keep` accepts."""
    if job.given is not None:
        records = iter(job.given[art.key])
    elif job.dept is not None:
        records = department_records(art, job.dept, job.conditions[art.key], job.lookups, job.lang)
    else:
        records = store.select_records(art.key, **job.conditions[art.key], lang=job.lang, lookups=job.lookups)
    return filter(job.keep[art.key], records) if art.key in job.keep else records


def _cover(job: _Job, columns: dict[str, list[Column]]) -> Cover:
    """What the overview says about the workbook: its title, for whom and whom to send it back to, the records'
    scope, each sheet's rows, a department's notes, and the legend of the marks on its rows."""
    lang, dept, summary = job.lang, job.dept, job.summary
    return_to = (job.meeting or {}).get("organizer") if dept else None
    marks = [(a.key, a.sheet(lang), next(c.header for c in columns[a.key] if c.key == (mark.column or "code")), mark)
             for a in job.arts if summary.rows[a.key] for mark in highlights(a, columns[a.key], lang)]
    may_add = [a.sheet(lang) for a in job.arts if a.department_may_add]
    return Cover(
        title=_title(job), lines=_facts(job, return_to) + _scope(job), sheets=_sheet_rows(job),
        notes=department_notes(lang, may_add, marked=bool(marks), return_to=bool(return_to)) if dept else [],
        emphasis=t(lang, "交回期限", "Return by"),
        marks=[(sheet, mark.style, header, fills(mark, columns[key]), mark.column is None,
                t(lang, mark.meaning_zh, mark.meaning_en)) for key, sheet, header, mark in marks],
        reference=(t(lang, "参考编号（联系技术支持时提供）", "Reference for support"), summary.export_id))


def _title(job: _Job) -> str:
    lang, for_department = job.lang, f" · {job.dept_name}" if job.dept else ""
    if job.meeting:
        return job.meeting["title"] + (for_department or t(lang, " · 评审工作簿", " · review workbook"))
    return t(lang, "ReviewDesk 评审台 · 评审工作簿", "ReviewDesk · review workbook") + for_department


def _facts(job: _Job, return_to: str | None) -> list[tuple[str, Any]]:
    """The overview's lines about the workbook: its meeting, for whom, by when and to whom it goes back, when it
    was made and whether it holds personal data."""
    lang, dept, summary, meeting = job.lang, job.dept, job.summary, job.meeting
    lines: list[tuple[str, Any]] = []
    if meeting:
        mtg = artefact("meeting")
        lines += [(t(lang, "评审会议", "Review meeting"), f"{meeting['title']}" + t(lang, f"（{meeting['code']}）",
                                                                              f" ({meeting['code']})")),
                  (mtg.field("date").label(lang), meeting.get("date")),
                  (mtg.field("place").label(lang), meeting.get("place") or t(lang, "（未定）", "(not set)"))]
    if dept:
        lines += [(t(lang, "发给部门", "Prepared for"), job.dept_name + t(lang, f"（{dept}）", f" ({dept})")),
                  (t(lang, "交回期限", "Return by"), summary.deadline)]
    elif summary.deadline:
        lines.append((t(lang, "交回期限", "Return by"), summary.deadline))
    if return_to:
        organiser_dept = job.lookups.person_department.get(return_to)
        where = job.lookups.department_label(organiser_dept, lang) if organiser_dept else ""
        lines.append((t(lang, "交回给", "Send back to"),
                      return_to + t(lang, f"（会议组织者{'，' + where if where else ''}）",
                                    f" (the meeting's organiser{', ' + where if where else ''})")))
    lines += [(t(lang, "导出时间", "Exported at"), dt.datetime.now().strftime("%Y-%m-%d %H:%M")),
              (t(lang, "个人信息", "Personal data"),
               t(lang, "已包含", "included") if summary.personal_data else t(lang, "已隐藏（如 王*、138****5678）", "masked (e.g. W*, 138****5678)"))]
    return lines


def _scope(job: _Job) -> list[tuple[str, Any]]:
    """How each sheet's records were chosen, in words; one line when every sheet shares the same conditions."""
    lang, arts = job.lang, job.arts
    described = {a.key: " · ".join(filter(None, (job.keep_note.get(a.key),
                                                 describe_conditions(a, job.conditions[a.key], lang, job.lookups))))
                 for a in arts}
    label = t(lang, "材料范围", "Pack scope") if job.meeting else t(lang, "筛选条件", "Conditions")
    if len(arts) > 1 and all(described.values()) and len(set(described.values())) == 1:
        return [(label, t(lang, "各工作表：", "every sheet: ") + described[arts[0].key])]
    sheets: dict[str, list[str]] = {}  # the sheets sharing a description on one line, in sheet order
    for a in arts:
        if described[a.key]:
            sheets.setdefault(described[a.key], []).append(a.sheet(lang))
    return [(label, t(lang, "、".join(names) + "：", ", ".join(names) + ": ") + words) for words, names in sheets.items()]


def _sheet_rows(job: _Job) -> list[tuple[str, int, str]]:
    """Each data sheet's rows, and what became of an empty one."""
    lang, result = job.lang, []
    for a in job.arts:
        rows = job.summary.rows[a.key]
        remark = "" if rows else (t(lang, "无记录，不打印", "no rows; not printed") if job.allow_new(a)
                                  else t(lang, "无记录，已隐藏", "no rows; hidden"))
        result.append((a.sheet(lang), rows, remark))
    return result
