"""A meeting's review pack: the Word document, the workbook(s) of the records in scope, and manifest.json."""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import re
from dataclasses import dataclass, field as dc_field
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

from reviewdesk import store
from reviewdesk.templates import MEETING, WORKBOOK_ARTEFACTS, ReviewDeskError, artefact, language, values
from reviewdesk.templates.documents import Attainment
from reviewdesk.templates.progress import READS

from reviewdesk.exporters.word import figures as docx_figures
from reviewdesk.exporters.word.documents import Writer, toc_xml
from reviewdesk.exporters.word.sections import add_form_xml, write_section
from reviewdesk.exporters.word.styles import new_document, page_break, set_properties, start_section
from reviewdesk.exporters.word.tables import FILL_ROW, Column, add_table, save_document
from reviewdesk.exporters.files import ExportCancelled, atomic_output, output_folder
from reviewdesk.exporters.review.scope import (Scope, count_matching, default_words, describe, meeting_scope,
                                               read_records)
from reviewdesk.exporters.review.since import summary_rows as since_rows, write_since
from reviewdesk.exporters.xlsx.export import export_workbook

MANIFEST_VERSION = 1
NAMES = {"zh": {"document": "评审材料包.docx", "workbook": "评审工作簿.xlsx", "department": "评审工作簿-{name}.xlsx"},
         "en": {"document": "review-pack.docx", "workbook": "review-workbook.xlsx",
                "department": "review-workbook-{name}.xlsx"}}
_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f]')  # not allowed in Windows file names


@dataclass
class PackFile:
    name: str
    kind: str  # document / workbook / department_workbook
    counts: dict[str, int] = dc_field(default_factory=dict)  # records per artefact
    department: str | None = None
    contents: dict[str, int] = dc_field(default_factory=dict)  # a document's sections, tables and figures

    def describe(self, lang: str) -> str:
        """What the file holds, as a reader counts it: a document's chapters, tables and figures; a workbook's rows."""
        if self.contents:
            n = self.contents
            return language.t(lang, f"{n['sections']} 个章节、{n['tables']} 张表、{n['figures']} 张图",
                              f"{n['sections']} sections, {n['tables']} tables, {n['figures']} figures")
        rows = sum(self.counts.values())
        return language.t(lang, f"{rows} 行", f"{rows} row{'s' if rows != 1 else ''}")


@dataclass
class PackResult:
    meeting: str
    folder: Path
    files: list[PackFile]
    manifest: Path



def safe_name(name: str) -> str:
    """A department's name as part of a file name: no characters Windows refuses, and no spaces (a name with
    spaces breaks in mail links and command lines: review-workbook-Customer-Service.xlsx)."""
    return re.sub(r"\s+", "-", _UNSAFE.sub("_", name).strip(" .")) or "_"


def write_pack(code: str, folder: str | os.PathLike, *, lang: str = "zh", per_department: bool = False,
               where: Sequence[str] = (), include_personal_data: bool = False,
               template: str | os.PathLike | None = None, today: dt.date | None = None,
               progress: Callable[[int, int], Any] | None = None) -> PackResult:
    """Write the review pack of meeting `code` into `folder` (created if missing); manifest.json comes last.

    Each file is written whole or not at all; a pack without manifest.json is incomplete (cancelled or failed).

    Args:
        where: extra conditions, FIELD=VALUE (every artefact with the field) or ARTEFACT.FIELD=VALUE.
        per_department: also one workbook per attending department, holding its rows only.
        template: a .docx base template (default: $REVIEWDESK_WORD_TEMPLATE).
        progress: called with (files written, files to write) after each file; returning False cancels.
    """
    lookups = store.Lookups()
    today = today or dt.date.today()
    # read once, in code order, for the document and every workbook alike
    meeting, scope, records, keep_note = meeting_records(code, where, lang, lookups, today)
    target = output_folder(folder)
    names = NAMES[lang]
    files: list[PackFile] = []
    expected = 3 + (len(meeting.get("departments") or []) if per_department else 0)

    def step() -> None:
        if progress is not None and progress(len(files), expected) is False:
            raise ExportCancelled()

    document = target / names["document"]
    contents = write_pack_document(document, meeting, scope, records, lang=lang, lookups=lookups, today=today,
                                   masked=not include_personal_data, template=template)
    files.append(PackFile(document.name, "document", {k: len(v) for k, v in records.items()}, contents=contents))
    step()

    workbook = target / names["workbook"]
    summary = export_workbook(workbook, WORKBOOK_ARTEFACTS, lang=lang, include_personal_data=include_personal_data,
                              records=records, keep_note=keep_note, today=today, meeting=meeting)
    files.append(PackFile(workbook.name, "workbook", dict(summary.rows)))
    step()
    if per_department:
        for dept in meeting.get("departments") or []:
            path, summary = department_workbook(target, dept, meeting, records, keep_note, lang=lang, today=today,
                                                include_personal_data=include_personal_data, lookups=lookups)
            files.append(PackFile(path.name, "department_workbook", dict(summary.rows), dept))
            step()

    manifest = target / "manifest.json"
    data = {
        "format_version": MANIFEST_VERSION,
        "generator": "ReviewDesk",
        "meeting": {"code": meeting["code"], "title": meeting["title"], "date": values.to_json(
            MEETING.field("date"), meeting["date"]), "revision": meeting["revision"],
            "status": meeting["status"], "departments": meeting.get("departments") or []},
        "generated_at": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "database_id": store.database_id(),
        "language": lang,
        "personal_data": "included" if include_personal_data else "masked",
        "scope": {k: {"open_only": scope.defaulted(k), "where": scope.where_strings().get(k, [])}
                  for k in WORKBOOK_ARTEFACTS},
        "counts": {k: len(v) for k, v in records.items()},
        "files": [{"name": f.name, "kind": f.kind, "department": f.department, "counts": f.counts,
                   **({"contents": f.contents} if f.contents else {}),
                   "bytes": (target / f.name).stat().st_size, "sha256": _sha256(target / f.name)} for f in files],
    }
    with atomic_output(manifest, ".json") as temporary:
        temporary.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    if progress is not None:
        progress(expected, expected)
    return PackResult(meeting["code"], target, files, manifest)


def department_workbook(folder: Path, dept: str, meeting: Mapping[str, Any], records: Mapping[str, list],
                        keep_note: Mapping[str, str], *, lang: str, today: dt.date, include_personal_data: bool,
                        lookups: store.Lookups, deadline: dt.date | None = None):
    """One attending department's workbook of a meeting (its rows of the records read for the pack, the columns it
    may change open): its path in `folder` and the export's summary (the export id of its contract)."""
    path = folder / NAMES[lang]["department"].format(name=safe_name(lookups.department_label(dept, lang)))
    summary = export_workbook(path, WORKBOOK_ARTEFACTS, lang=lang, department=dept, deadline=deadline,
                              include_personal_data=include_personal_data, records=records, keep_note=keep_note,
                              today=today, meeting=meeting)
    return path, summary


def meeting_records(code: str, where: Sequence[str], lang: str, lookups: store.Lookups, today: dt.date | None = None):
    """A meeting, its pack's scope and the records in it as of `today`, read once for every file made from them."""
    meeting = store.get_record(code, lookups)
    if not meeting["code"].startswith(MEETING.prefix + "-"):
        raise ReviewDeskError(f"{meeting['code']} 不是评审会议", f"{meeting['code']} is not a meeting")
    scope = meeting_scope(meeting, where)
    records = {k: read_records(k, scope, lookups=lookups, lang=lang, today=today) for k in WORKBOOK_ARTEFACTS}
    keep_note = {k: describe(scope, k, lang, lookups) for k in WORKBOOK_ARTEFACTS}
    return meeting, scope, records, keep_note


def _scope_words(scope: Scope, lang: str) -> str:
    """How the sections chose their records, in a few words: 未关闭的记录；指标读数为测量日期在最近 14 天内的记录 /
    open records; KPI readings: records where Measured on within the last 14 days."""
    if not all(scope.defaulted(k) for k in WORKBOOK_ARTEFACTS):
        return language.t(lang, "按「材料范围」表所列的条件", "as the table of what the pack holds says")
    others = [(artefact(k), scope.default(k)) for k in WORKBOOK_ARTEFACTS if artefact(k).pack_default is not None]
    return language.t(lang, "未关闭的记录", "open records") + "".join(
        language.t(lang, f"；{art.zh}为{default_words(art, condition, 'zh')}",
                   f"; {art.en}s: {default_words(art, condition, 'en')}") for art, condition in others)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_pack_document(path: Path, meeting: Mapping[str, Any], scope: Scope, records: Mapping[str, list],
                        *, lang: str, lookups: store.Lookups, today: dt.date, masked: bool,
                        template: str | os.PathLike | None = None) -> dict[str, int]:
    """评审材料包.docx: cover, contents, agenda, summary and charts, what moved since the last review, one section per
    artefact, decisions, sign-off.

    `records`: the records the pack lists (read_records). What it does not list but counts (all records matching
    the conditions, closed ones too) is counted in the database, never read.
    Returns what it holds: {"sections": numbered chapters, "tables": numbered tables, "figures": charts}."""
    pack = _PackDocument(meeting, scope, records, Writer(new_document(template, lang=lang), lang, lookups,
                                                         masked=masked, today=today))
    pack.cover()
    contents = pack.contents()
    pack.agenda_and_scope()
    pack.summary_and_charts()
    pack.since_last_review()
    pack.artefact_sections()
    pack.decisions()
    pack.attendance()
    pack.fill_contents(contents)
    with atomic_output(path, ".docx") as temporary:
        save_document(pack.document, temporary)
    w = pack.w
    return {"sections": sum(1 for level, _, _ in w.headings if level == 1), "tables": w.tables, "figures": w.figures}


class _PackDocument:
    """The pack document's parts, written in order into one Writer."""

    def __init__(self, meeting: Mapping[str, Any], scope: Scope, records: Mapping[str, list], w: Writer):
        self.meeting, self.scope, self.records, self.w = meeting, scope, records, w
        self.document, self.lang, self.lookups, self.today, self.t = w.document, w.lang, w.lookups, w.today, w.t
        self.agenda = meeting.get("agenda") or []
        lookups, lang = self.lookups, self.lang
        self.everything = {k: count_matching(k, scope, lookups=lookups, lang=lang) for k in WORKBOOK_ARTEFACTS}
        self.partial = any(len(records[k]) != self.everything[k] for k in WORKBOOK_ARTEFACTS)
        self.figures: docx_figures.Figures | None = None  # what the summary counts; set by summary_and_charts
        self.since = store.since.since_last_review(meeting["code"], self.today)

    def department_label(self, code: str) -> str:
        return self.lookups.department_label(code, self.lang)

    def cover(self) -> None:
        meeting, lang, t, w = self.meeting, self.lang, self.t, self.w
        set_properties(self.document, title=meeting["title"],
                       subject=f"{meeting['code']} · {t('评审材料包', 'Review pack')}", lang=lang)
        start_section(self.document, landscape=False)
        w.para(meeting["title"], "Title")
        w.para(t("评审材料包", "Review pack"), "Subtitle")
        status = MEETING.field("status")
        cover = [(MEETING.code_label(lang), meeting["code"]),
                 (MEETING.field("date").label(lang), values.display(MEETING.field("date"), meeting["date"], lang)),
                 (MEETING.field("place").label(lang), meeting.get("place") or ""),
                 (MEETING.field("organizer").label(lang), meeting.get("organizer") or ""),
                 (MEETING.field("departments").label(lang),
                  self.lookups.display(MEETING.field("departments"), meeting.get("departments"), lang)),
                 (status.label(lang), values.display(status, meeting.get("status"), lang)),
                 # no 版本 vN: the meeting record's revision counts edits of the meeting, not of what the pack says;
                 # which issue of the pack this is shows in the date it was prepared (the date overdue is counted on)
                 (t("编制日期", "Prepared on"), self.today.isoformat()),
                 (t("个人信息", "Personal data"), t("已隐藏", "masked") if w.masked else t("已包含", "included"))]
        add_form_xml(w, [[(label, value, 3)] for label, value in cover])
        page_break(self.document)

    def contents(self):
        """The contents page; its entries are filled in once every heading is known (fill_contents)."""
        self.w.para(self.t("目录", "Contents"), "TOC Heading")
        anchor = self.w.para("")
        page_break(self.document)
        return anchor

    def agenda_and_scope(self) -> None:
        t, w, lang = self.t, self.w, self.lang
        self.w.chapter("会议议程", "Agenda")
        w.caption("table", t("会议议程", "Agenda"))
        add_table(self.document, [Column(t("序号", "No."), 0, 700), Column(t("议程项", "Item"), 1)],
                  [[str(i), a["item"]] for i, a in enumerate(self.agenda, 1)] or [["1", ""], ["2", ""], ["3", ""]],
                  row_height_twips=None if self.agenda else FILL_ROW)  # no agenda yet: room to write it by hand
        w.para("")
        w.heading(t("材料范围", "What the pack holds"), 2)
        w.caption("table", t("各类材料的记录数与范围", "Records per artefact, and how they were chosen"))
        partial = self.partial
        add_table(self.document, [Column(t("材料", "Artefact"), 1.2), Column(t("本材料包所列", "In this pack"), 0, 1500)]
                  + ([Column(t("全部记录（含已关闭）", "All records (closed too)"), 0, 1700)] if partial else [])
                  + [Column(t("范围", "Scope"), 2)],
                  [[artefact(k).label(lang), str(len(self.records[k]))] + ([str(self.everything[k])] if partial else [])
                   + [describe(self.scope, k, lang, self.lookups)] for k in WORKBOOK_ARTEFACTS])
        w.para("")

    def summary_and_charts(self) -> None:
        """The one-page summary of the figures (what the pack lists beside all records, when it lists fewer), then
        the charts."""
        t, w, lookups, today, lang = self.t, self.w, self.lookups, self.today, self.lang
        start_section(self.document, landscape=False)
        self.w.chapter("概要", "Summary")
        listed = docx_figures.gather(self.records, lookups, today)
        figures = self.figures = store.count_figures(
            WORKBOOK_ARTEFACTS, today, filters={k: self.scope.for_artefact(k) for k in WORKBOOK_ARTEFACTS},
            lookups=lookups, lang=lang) if self.partial else listed
        w.caption("table", t("关键数字", "Key figures"))
        whole = docx_figures.summary_rows(figures, lang, self.department_label)
        since = since_rows(self.since, lang)  # the chapter lists every record it counts, whatever the scope
        if self.partial:  # what the sections list beside what they leave out, each column saying which it counts
            mine = docx_figures.summary_rows(listed, lang, self.department_label)
            add_table(self.document, [Column(t("材料", "Artefact"), 1.0), Column(t("指标", "Figure"), 1.2),
                                      Column(t("本材料包所列", "In this pack"), 1.9),
                                      Column(t("全部记录（含已关闭）", "All records (closed too)"), 1.9)],
                      [[area, figure, own, value] for (area, figure, value), (_, _, own) in zip(whole, mine)]
                      + [[area, figure, value, value] for area, figure, value in since])
            words = _scope_words(self.scope, lang)
            w.meta(t(f"「本材料包所列」只统计后文各章列出的记录（{words}），与各章的数字一致；"
                     "「全部记录」统计符合材料范围条件的全部记录，包括已关闭、已完成的，用来看整体进展。"
                     f"下面的图表按全部记录绘制。逾期按编制日期 {today.isoformat()} 计算。",
                     f"\"In this pack\" counts only the records the sections below list ({words}), so it "
                     "agrees with them; \"All records\" counts every record matching the pack's conditions, closed "
                     "and done ones too, to show the overall progress. The charts below draw all records. Overdue as "
                     f"of the preparation date, {today.isoformat()}."))
        else:
            add_table(self.document, [Column(t("材料", "Artefact"), 1.1), Column(t("指标", "Figure"), 1.3),
                                      Column(t("数值", "Value"), 2.4)], [list(r) for r in [*whole, *since]])
            w.meta(t(f"数字统计后文各章列出的全部记录，与各章的数字一致。逾期按编制日期 {today.isoformat()} 计算。",
                     "The figures count every record the sections below list, so they agree with them. Overdue as "
                     f"of the preparation date, {today.isoformat()}."))
        charts = docx_figures.charts(figures, lang, self.department_label)
        if self.partial:
            charts = [dataclasses.replace(c, caption=c.caption + t("（全部记录，含已关闭）", " (all records, closed too)"))
                      for c in charts]
        for index, chart in enumerate(charts):
            w.picture(chart, 0.62 if index == 0 else 0.78)

    def since_last_review(self) -> None:
        """The chapter Since the last review, 自上次评审以来 in Chinese: what moved from the previous held meeting to this one,
        from the audit log."""
        start_section(self.document, landscape=False)
        self.w.chapter("自上次评审以来", "Since the last review")
        write_since(self.w, self.since)

    def artefact_sections(self) -> None:
        """One chapter per artefact, as its declaration lays it out."""
        for key in WORKBOOK_ARTEFACTS:
            art = artefact(key)
            start_section(self.document, landscape=art.section.landscape)
            self.w.chapter(art.zh, art.en)
            write_section(self.w, art, self.records[key], charts=False, every=self.figures if self.partial else None,
                          in_pack=True, drawn=self.drawn(art))

    def drawn(self, art) -> list[Mapping[str, Any]] | None:
        """What the artefact's attainment draws on when the pack lists fewer records by default than match its
        conditions (a reading's recent ones): every matching record, older ones too, read with the fields it uses."""
        blocks = [b for b in art.section.blocks if isinstance(b, Attainment)]
        if not blocks or self.scope.default(art.key) is None:
            return None
        return list(store.select_records(art.key, self.scope.for_artefact(art.key), fields=(blocks[0].via, *READS),
                                         lookups=self.lookups, lang=self.lang))

    def decisions(self) -> None:
        t, w, meeting, agenda = self.t, self.w, self.meeting, self.agenda
        start_section(self.document, landscape=False)
        self.w.chapter("决议与行动项", "Decisions and actions")
        held = meeting.get("status") in ("held", "archived")
        w.meta(t("会议召开后记录各议程项的决议；未召开时请在会上手填。", "Decisions per agenda item; fill them in by hand during the meeting.")
               if not held else t(f"会议已于 {meeting['date']} 召开。", f"The meeting was held on {meeting['date']}."))
        rows = [[str(i), a["item"], a.get("decision") or "", "", ""] for i, a in enumerate(agenda, 1)]
        rows += [[str(len(agenda) + i), "", "", "", ""] for i in range(1, 4)]
        w.caption("table", t("决议与行动项", "Decisions and actions"))
        add_table(self.document, [Column(t("序号", "No."), 0, 700), Column(t("议程项", "Item"), 1.6),
                                  Column(t("决议", "Decision"), 2.2), Column(t("责任部门 / 人", "Owner"), 1),
                                  Column(t("完成期限", "Due"), 0, 1500)], rows, row_height_twips=FILL_ROW)
        w.para("")
        page_break(self.document)

    def attendance(self) -> None:
        t, w = self.t, self.w
        self.w.chapter("参会签到与确认", "Attendance and sign-off")
        w.meta(t("各参会部门确认本材料包所列内容与会议决议。",
                 "Each attending department confirms the contents of this pack and the decisions."))
        rows = [[self.department_label(d), "", "", ""] for d in self.meeting.get("departments") or []]
        rows += [["", "", "", ""] for _ in range(3)]
        w.caption("table", t("参会签到", "Attendance"))
        add_table(self.document, [Column(t("部门", "Department"), 1.4), Column(t("参会人", "Attendee"), 1.4),
                                  Column(t("签字", "Signature"), 1.6), Column(t("日期", "Date"), 0, 1500)], rows,
                  row_height_twips=FILL_ROW)
        w.para("")
        add_form_xml(w, [[(t("会议组织者签字", "Organizer's signature"), "", 1), (t("日期", "Date"), "", 1)]])

    def fill_contents(self, anchor) -> None:
        for paragraph in toc_xml(self.w):
            anchor._p.addprevious(paragraph)
        anchor._p.getparent().remove(anchor._p)


__all__ = ["NAMES", "PackFile", "PackResult", "department_workbook", "meeting_records", "write_pack",
           "write_pack_document"]
