"""The formal Word document of each artefact, and the sections a review pack shares with them."""
from __future__ import annotations

import datetime as dt
import io
import os
from dataclasses import dataclass, field as dc_field
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Sequence

from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Emu
from docx.text.paragraph import Paragraph

from reviewdesk import store
from reviewdesk.templates import WORKBOOK_ARTEFACTS, Artefact, Field, Kind, ReviewDeskError, artefact, language, rules

from reviewdesk.exporters.word import figures as docx_figures
from reviewdesk.exporters.word.styles import (FIGURE, META, add_bookmark, add_field, new_document, set_properties,
                                              start_section, text_width)
from reviewdesk.exporters.word.tables import Column, Row, add_table, code_column, field_column, save_document
from reviewdesk.exporters.files import atomic_output
from reviewdesk.exporters.masking import mask
from reviewdesk.exporters.xlsx.export import describe_conditions, selections

Record = Mapping[str, Any]
SKIPPED_KINDS = (Kind.AGENDA, Kind.SCOPE)
FILL_ROW = 680  # twips (1.2 cm): room to write by hand in a sign-off or decision row


@dataclass
class Writer:
    """One document being written: its language, masking, counters for captions and the headings for the contents."""

    document: Document
    lang: str
    lookups: store.Lookups
    masked: bool = True
    today: dt.date = dc_field(default_factory=dt.date.today)
    tables: int = 0
    figures: int = 0
    headings: list[tuple[int, str, str]] = dc_field(default_factory=list)  # (level, text, bookmark)
    style_ids: dict[str, str | None] = dc_field(default_factory=dict)  # paragraph style name -> id (None: default)

    def t(self, zh: str, en: str) -> str:
        return language.t(self.lang, zh, en)

    # --- paragraphs ---
    def heading(self, text: str, level: int = 1) -> Paragraph:
        paragraph = self.add_paragraph(text, f"Heading {level}")
        name = f"_Toc{len(self.headings) + 1:05d}"
        add_bookmark(paragraph, name, len(self.headings) + 1)
        self.headings.append((level, text, name))
        return paragraph

    def para(self, text: str, style: str | None = None) -> Paragraph:
        return self.add_paragraph(text, style)

    def add_paragraph(self, text: str = "", style: str | None = None) -> Paragraph:
        """document.add_paragraph(text, style), with each style's id looked up once: python-docx looks through every
        style of the document for the default one on each paragraph, a few milliseconds each time."""
        paragraph = self.document.add_paragraph(text)
        if style is not None:
            if style not in self.style_ids:
                self.style_ids[style] = self.document.part.get_style_id(style, WD_STYLE_TYPE.PARAGRAPH)
            if self.style_ids[style] is not None:
                paragraph._p.style = self.style_ids[style]
        return paragraph

    def meta(self, text: str) -> Paragraph:
        return self.para(text, META)

    def caption(self, kind: str, text: str) -> Paragraph:
        """'表 3 …' above a table or '图 2 …' below a figure, numbered by a SEQ field Word keeps up to date."""
        if kind == "table":
            self.tables += 1
            number, label = self.tables, self.t("表", "Table")
        else:
            self.figures += 1
            number, label = self.figures, self.t("图", "Figure")
        paragraph = self.add_paragraph("", "Caption")  # above a table, the style keeps it with the table's page
        paragraph.add_run(f"{label} ")
        add_field(paragraph, f"SEQ {label} \\* ARABIC", str(number))
        paragraph.add_run(f"  {text}")
        return paragraph

    def picture(self, chart: docx_figures.Chart, share: float = 1.0) -> None:
        width = Emu(int(text_width(self.document) * share))
        height = int(width * chart.height_ratio)
        limit = int(text_width(self.document) * 0.62) if self.document.sections[-1].page_width > \
            self.document.sections[-1].page_height else None
        if limit and height > limit:  # landscape pages are short: keep a chart and its caption on one page
            width = Emu(int(width * limit / height))
        paragraph = self.add_paragraph("", FIGURE)
        paragraph.add_run().add_picture(io.BytesIO(chart.png), width=width)
        self.caption("figure", chart.caption)

    # --- values ---
    def value(self, art: Artefact, field: Field, record: Record) -> str:
        """A field of a record as the documents show it: labels, names, masked personal data, (overdue) marks."""
        return self.cell(art, field)(record)

    def cell(self, art: Artefact, field: Field) -> Callable[[Record], str]:
        """value() of one field as one cheap call per record: the text of each stored value is worked out once."""
        key, shown = field.key, self._shown(field)
        flag = None
        if key == "status":
            flag = art.flags.get("overdue")
        elif key == "follow_up_due":
            flag = art.flags.get("follow_up_overdue")
        overdue = self.t("（逾期）", " (overdue)")
        plain = field.kind in (Kind.TEXT, Kind.LONG_TEXT) and not (field.personal and self.masked)
        memo: dict[Any, str] = {}

        def read(record: Record) -> str:
            raw = record.get(key)
            if plain or isinstance(raw, list):
                text = shown(raw)
            else:
                text = memo.get(raw)
                if text is None:
                    text = memo[raw] = shown(raw)
            if flag is not None and flag(record, self.today):
                text += overdue
            return text
        return read

    def _shown(self, field: Field) -> Callable[[Any], str]:
        def shown(raw: Any) -> str:
            text = self.lookups.display(field, raw, self.lang)
            if field.personal and self.masked:
                text = mask(field, text)
            return text
        return shown

    def columns(self, art: Artefact, fields: Sequence[Field]) -> list[Column]:
        return [code_column(art.code_label(self.lang))] + [field_column(f, self.lang) for f in fields]

    def rows(self, art: Artefact, fields: Sequence[Field], records: Iterable[Record],
             details: Sequence[Field] = ()) -> Iterable[list[str]]:
        sep = ";" if self.lang == "zh" else "; "
        colon = ":" if self.lang == "zh" else ": "
        cells_of = [self.cell(art, f) for f in fields]
        details_of = [(f.label(self.lang), self.cell(art, f)) for f in details]
        for r in records:
            cells = [r["code"]] + [cell(r) for cell in cells_of]
            if not details_of:
                yield cells
                continue
            texts = [(label, cell(r)) for label, cell in details_of]
            yield Row(cells, sep.join(f"{label}{colon}{text}" for label, text in texts if text))

    def record_table(self, art: Artefact, records: Sequence[Record], caption: str,
                     fields: Sequence[Field] | None = None, detail_keys: Sequence[str] | None = None) -> None:
        """The records as a table: one column per field, optional long texts in a row under each record.

        A required long text (a plan step's action) is what the record is about: it keeps a column.
        detail_keys names the fields of the row underneath instead.
        """
        fields = list(fields if fields is not None else table_fields(art))
        if detail_keys is None:
            detail_keys = [f.key for f in fields if f.kind is Kind.LONG_TEXT and not f.required]
        columns = [f for f in fields if f.key not in detail_keys]
        details = [f for f in fields if f.key in detail_keys]
        self.caption("table", caption)
        if not records:
            self.para(self.t("（无记录）", "(no records)"))
            return
        add_table(self.document, self.columns(art, columns), self.rows(art, columns, records, details))
        self.para("")


def table_fields(art: Artefact) -> list[Field]:
    """Every field of the artefact a table shows (all but a meeting's agenda and scope)."""
    return [f for f in art.fields if f.kind not in SKIPPED_KINDS]


def blank_rows(count: int, width: int) -> list[list[str]]:
    return [[""] * width for _ in range(count)]


# --- one section per artefact ---

def issue_section(w: Writer, records: Sequence[Record], *, charts: bool) -> None:
    art = artefact("issue")
    figures = docx_figures.gather({"issue": records}, w.lookups, w.today)
    counts = figures.issue_priority
    w.meta(w.t(f"共 {len(records)} 项问题：P1 核心问题 {counts.get('P1', 0)} 项、P2 {counts.get('P2', 0)} 项、"
               f"P3 {counts.get('P3', 0)} 项。优先级由影响程度 × 发生频率得出。",
               f"{len(records)} issue(s): P1 core {counts.get('P1', 0)}, P2 {counts.get('P2', 0)}, "
               f"P3 {counts.get('P3', 0)}. Priority follows from impact × frequency."))
    w.heading(w.t("优先级矩阵", "Priority matrix"), 2)
    impact, frequency = art.field("impact"), art.field("frequency")
    levels = docx_figures.LEVELS
    columns = [Column(f"{impact.label(w.lang)} \\ {frequency.label(w.lang)}", 1.6)] + \
              [Column(frequency.choice(k).label(w.lang), 1) for k in levels]
    rows = [[impact.choice(i).label(w.lang)] +
            [f"{rules.priority({'impact': i, 'frequency': q})} · {figures.matrix.get((i, q), 0)}" for q in levels]
            for i in reversed(levels)]
    w.caption("table", w.t("优先级矩阵：各格的优先级与问题数", "Priority matrix: priority and number of issues per cell"))
    add_table(w.document, columns, rows, width_twips=7200)
    w.para("")
    if charts:
        w.picture(docx_figures.matrix(figures, w.lang), 0.42)
    w.heading(w.t("问题清单", "Issues"), 2)
    ordered = sorted(records, key=lambda r: (r.get("priority") or "P9", r["code"]))
    w.record_table(art, ordered, w.t("服务问题清单（按优先级排列）", "Service issues, by priority"))


def target_section(w: Writer, records: Sequence[Record], *, charts: bool) -> None:
    art = artefact("target")
    gaps = sum(1 for r in records if r.get("smart_gaps"))
    w.meta(w.t(f"共 {len(records)} 项目标，其中 {gaps} 项 SMART 要素不全（见「SMART 检查」列）。",
               f"{len(records)} target(s); {gaps} lack SMART parts (see the SMART check column)."))
    w.record_table(art, records, w.t("服务优化目标确认表", "Target confirmation table"))
    w.heading(w.t("责任部门确认签字", "Sign-off by the responsible departments"), 2)
    departments: list[str] = []
    for r in records:
        if r.get("department") and r["department"] not in departments:
            departments.append(r["department"])
    w.para(w.t("各责任部门确认上表中本部门的目标值与完成时间。", "Each responsible department confirms its target values and due dates above."))
    columns = [Column(w.t("责任部门", "Department"), 2), Column(w.t("目标数", "Targets"), 1),
               Column(w.t("确认意见", "Decision"), 3.2), Column(w.t("负责人签字", "Signature"), 2.4),
               Column(w.t("日期", "Date"), 1.8)]
    choice = w.t("□ 同意  □ 修改后同意  □ 不同意", "□ Agree  □ Agree with changes  □ Disagree")
    rows = [[w.lookups.department_label(d, w.lang), str(sum(r.get("department") == d for r in records)), choice, "", ""]
            for d in departments]
    w.caption("table", w.t("确认签字", "Sign-off"))
    add_table(w.document, columns, rows or blank_rows(3, 5), row_height_twips=FILL_ROW)
    w.para("")


def plan_section(w: Writer, records: Sequence[Record], *, charts: bool) -> None:
    art = artefact("plan_step")
    phase = art.field("phase")
    overdue = sum(1 for r in records if rules.plan_step_overdue(r, w.today))
    w.meta(w.t(f"共 {len(records)} 个实施步骤，{overdue} 个已逾期。", f"{len(records)} step(s), {overdue} overdue."))
    groups: list[tuple[str, list[Record]]] = []
    for c in phase.choices:
        members = [r for r in records if r.get("phase") == c.key]
        if members:
            groups.append((c.label(w.lang), members))
    unphased = [r for r in records if not r.get("phase")]
    if unphased:
        groups.append((w.t("未分阶段", "No phase"), unphased))
    w.heading(w.t("里程碑", "Milestones"), 2)
    columns = [Column(phase.label(w.lang), 2), Column(w.t("步骤数", "Steps"), 1), Column(w.t("已完成", "Done"), 1),
               Column(w.t("已逾期", "Overdue"), 1), Column(w.t("开始", "Start"), 1.6),
               Column(w.t("完成节点", "Milestone"), 1.6), Column(w.t("平均进度", "Average progress"), 1.3)]
    rows = []
    for label, members in groups:
        starts = [r["start_date"] for r in members if r.get("start_date")]
        ends = [r["end_date"] for r in members if r.get("end_date")]
        progress = [r["progress"] for r in members if r.get("progress") is not None]
        rows.append([label, str(len(members)), str(sum(r.get("status") == "done" for r in members)),
                     str(sum(rules.plan_step_overdue(r, w.today) for r in members)),
                     min(starts).isoformat() if starts else "", max(ends).isoformat() if ends else "",
                     f"{sum(progress) / len(progress):.0f}%" if progress else ""])
    w.caption("table", w.t("各阶段里程碑", "Milestones per phase"))
    add_table(w.document, columns, rows or blank_rows(1, len(columns)))
    w.para("")
    fields = [f for f in table_fields(art) if f.key != "phase"]
    for label, members in groups:
        w.heading(f"{phase.label(w.lang)}：{label}" if w.lang == "zh" else f"{phase.label(w.lang)}: {label}", 2)
        members = sorted(members, key=lambda r: (r.get("end_date") or dt.date.max, r["code"]))
        w.record_table(art, members, w.t(f"{label}阶段的实施步骤", f"Steps of the {label} phase"), fields)


COLLAB_FORM = (("requesting_department", "cooperating_department"), ("issue", "urgency"),
               ("due_date", "follow_up_owner"), ("status", "completed_on"))
COLLAB_WIDE = ("subject", "requirement", "deliverable", "response")


def collab_section(w: Writer, records: Sequence[Record], *, charts: bool, forms: bool = False) -> None:
    art = artefact("collab")
    overdue = sum(1 for r in records if rules.collab_overdue(r, w.today))
    w.meta(w.t(f"共 {len(records)} 份协作申请，{overdue} 份已逾期。响应时限：紧急 10 分钟内，一般 30 分钟内，复杂 2 小时内启动对接。",
               f"{len(records)} request(s), {overdue} overdue. Response: urgent within 10 min, normal 30 min, "
               "complex handed over within 2 h."))
    if not forms:
        w.record_table(art, records, w.t("跨部门协作申请", "Collaboration requests"))
        return
    for r in records:
        w.heading(f"{r['code']} {r.get('subject') or ''}", 2)
        form_table(w, art, r)


def form_table(w: Writer, art: Artefact, r: Record) -> None:
    """One request as the seed's template 3: label / value pairs, wide rows for the texts, then signatures."""
    label = lambda key: art.field(key).label(w.lang)  # noqa: E731
    rows: list[list[tuple[str, str, int]]] = [[(art.code_label(w.lang), r["code"], 1), (label("status"),
                                                w.value(art, art.field("status"), r), 1)]]
    for a, b in COLLAB_FORM[:-1]:
        rows.append([(label(a), w.value(art, art.field(a), r), 1), (label(b), w.value(art, art.field(b), r), 1)])
    for key in COLLAB_WIDE:
        rows.append([(label(key), w.value(art, art.field(key), r), 3)])
    rows.append([(label("completed_on"), w.value(art, art.field("completed_on"), r), 3)])
    rows.append([(w.t("申请部门负责人签字", "Requesting head's signature"), "", 1), (w.t("日期", "Date"), "", 1)])
    rows.append([(w.t("协作部门负责人签字", "Cooperating head's signature"), "", 1), (w.t("日期", "Date"), "", 1)])
    add_form_xml(w, rows)
    w.para("")


def add_form_xml(w: Writer, rows: Sequence[Sequence[tuple[str, str, int]]]) -> None:
    """A four-column form (label, value, label, value); a value spanning 3 columns fills the row."""
    from xml.sax.saxutils import escape

    from reviewdesk.exporters.word.styles import FORM_LABEL, FORM_TEXT, TABLE_STYLE

    total = int(text_width(w.document) / 635)
    grid = [int(total * x) for x in (0.18, 0.32, 0.18)]
    grid.append(total - sum(grid))
    label_id, text_id = (w.document.styles[n].style_id for n in (FORM_LABEL, FORM_TEXT))
    out = [f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblStyle w:val="{w.document.styles[TABLE_STYLE].style_id}"/>'
           f'<w:tblW w:w="{total}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
           '<w:tblLook w:val="0400" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" '
           'w:noVBand="1"/></w:tblPr><w:tblGrid>' + "".join(f'<w:gridCol w:w="{g}"/>' for g in grid) + "</w:tblGrid>"]

    def cell(text: str, style: str, width: int, span: int = 1) -> str:
        span_xml = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
        runs = "<w:r>" + "<w:br/>".join(f'<w:t xml:space="preserve">{escape(line)}</w:t>'
                                        for line in text.split("\n")) + "</w:r>" if text else ""
        return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{span_xml}</w:tcPr>'
                f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{runs}</w:p></w:tc>')

    for row in rows:
        signature = not any(value for _, value, _ in row) and len(row) == 2 and not row[0][1]
        height = f'<w:trHeight w:val="{FILL_ROW}"/>' if signature else ""
        out.append(f"<w:tr><w:trPr><w:cantSplit/>{height}</w:trPr>")
        col = 0
        for label, value, span in row:
            out.append(cell(label, label_id, grid[col]))
            out.append(cell(value, text_id, sum(grid[col + 1:col + 1 + span]), span))
            col += 1 + span
        out.append("</w:tr>")
    out.append("</w:tbl>")
    body = w.document.element.body
    body.sectPr.addprevious(parse_xml("".join(out)))


CALLBACK_FOLLOW_UP = ("ticket_no", "customer_name", "phone", "score", "resolved", "callback_date", "follow_up_owner",
                      "follow_up_due", "follow_up_result", "suggestion")


def callback_section(w: Writer, records: Sequence[Record], *, charts: bool,
                     all_figures: docx_figures.Figures | None = None) -> None:
    """The summary of the callbacks, then the follow-up list (scores under 8).

    `all_figures`: the figures of every callback the list is taken from (a pack's: those needing no or no more
    follow-up too), when the list holds fewer; else the summary counts the records listed."""
    art = artefact("callback")
    figures = all_figures or docx_figures.gather({"callback": records}, w.lookups, w.today)
    late = figures.callbacks_late
    average = f"{figures.average_score:.1f}" if figures.average_score is not None else "—"
    rows = [[w.t("回访次数", "Callbacks"), str(figures.callbacks)],
            [w.t("平均满意度评分", "Average score"), average],
            [w.t("评分 ≥ 8 占比", "Share scoring 8 or more"), figures.share(figures.satisfied)],
            [w.t("问题已解决占比", "Share resolved"), figures.share(figures.resolved.get("yes", 0))],
            [w.t("超过 24 小时才回访", "Called back after more than 24 h"), str(late)],
            [w.t("待二次沟通 / 已逾期", "Follow-ups pending / overdue"),
             f"{figures.follow_up_pending} / {figures.follow_up_overdue}"],
            [w.t("最常见的客户建议", "Most frequent suggestions"),
             "\n".join(f"{s}（{n}）" if w.lang == "zh" else f"{s} ({n})" for s, n in figures.suggestions.most_common(3)) or "—"]]
    w.heading(w.t("回访概况", "Summary"), 2)
    every = figures.rows["callback"] != len(records)  # a pack: the list below holds fewer
    w.caption("table", w.t("满意度回访概况" + ("（全部回访，含无需跟进和已跟进的）" if every else ""),
                           "Callback summary" + (" (every callback, also those needing no or no more follow-up)"
                                                 if every else "")))
    add_table(w.document, [Column(w.t("指标", "Figure"), 1.4), Column(w.t("数值", "Value"), 2.6)], rows,
              width_twips=9000)
    w.para("")
    if charts:
        w.picture(docx_figures.scores_chart(figures, w.lang), 0.7)
    w.heading(w.t("二次沟通跟进清单", "Follow-up list"), 2)
    follow = [r for r in records if r.get("follow_up_needed") == "yes"]
    follow.sort(key=lambda r: (bool(r.get("follow_up_result")), r.get("follow_up_due") or dt.date.max, r["code"]))
    w.meta(w.t(f"评分低于 8 分的回访 {len(follow)} 次：由主管在 48 小时内二次沟通。",
               f"{len(follow)} callback(s) scored under 8: a supervisor calls back within 48 hours."))
    w.record_table(art, follow, w.t("二次沟通跟进清单", "Follow-up list"),
                   [art.field(k) for k in CALLBACK_FOLLOW_UP], detail_keys=("suggestion",))


SECTIONS: dict[str, Callable[..., None]] = {"issue": issue_section, "target": target_section,
                                            "plan_step": plan_section, "collab": collab_section,
                                            "callback": callback_section}


# --- the formal document of one artefact ---

@dataclass
class DocumentSummary:
    path: Path
    artefact: str
    rows: int
    department: str | None
    personal_data: bool


def export_document(path: str | os.PathLike, artefact_key: str, *, lang: str = "zh", department: str | None = None,
                    filters: Mapping[str, Sequence[Any]] | None = None, search: str | None = None,
                    ranges: Mapping[str, tuple[Any, Any]] | None = None, include_personal_data: bool = False,
                    template: str | os.PathLike | None = None, today: dt.date | None = None) -> DocumentSummary:
    """Write the formal Word document of one artefact (all its records, or a department's) to `path`.

    Args:
        artefact_key: issue, target, plan_step, collab or callback.
        department: a department code or name: only its rows (ARTEFACTS.md's row rules).
        filters: {field: [values]} as `reviewdesk list --where`.
        search, ranges: as select_records takes them (with `filters`, what the window's table shows).
        template: a .docx base template (default: $REVIEWDESK_WORD_TEMPLATE, else the built-in look).
    """
    if artefact_key not in WORKBOOK_ARTEFACTS:
        shown = ", ".join(WORKBOOK_ARTEFACTS)
        raise ReviewDeskError(f"Word 文档只能导出一类材料：{shown}", f"A Word document holds one artefact: {shown}")
    art = artefact(artefact_key)
    lookups = store.Lookups()
    dept = lookups.department(None, department)
    conditions = selections([artefact_key], filters, {artefact_key: {"search": search, "ranges": ranges}})[artefact_key]
    records = [r for r in store.select_records(artefact_key, **conditions, lang=lang, lookups=lookups)
               if dept is None or lookups.owning_department(art, r) == dept]
    document = new_document(template, lang=lang)
    w = Writer(document, lang, lookups, masked=not include_personal_data, today=today or dt.date.today())
    start_section(document, landscape=artefact_key != "collab")  # forms fit a portrait page; lists need landscape
    w.para(art.label(lang), "Title").paragraph_format.space_before = None
    facts = [w.t("ReviewDesk 评审台", "ReviewDesk"), f"{w.t('导出日期', 'Exported on')} {w.today.isoformat()}",
             w.t(f"共 {len(records)} 条", f"{len(records)} record(s)")]
    if dept:
        facts.insert(1, f"{w.t('部门', 'Department')} {lookups.department_label(dept, lang)}")
    described = describe_conditions(art, conditions, lang, lookups)
    if described:
        facts.append(w.t("筛选条件：", "Conditions: ") + described)
    if any(f.personal for f in art.fields):
        facts.append(w.t("个人信息已隐藏", "personal data masked") if w.masked else w.t("含个人信息", "personal data included"))
    w.meta(" · ".join(facts))
    set_properties(document, title=art.label(lang), subject=" · ".join(facts), lang=lang)
    if artefact_key == "collab":
        collab_section(w, records, charts=True, forms=True)
    else:
        SECTIONS[artefact_key](w, records, charts=True)
    with atomic_output(path, ".docx") as temporary:
        save_document(document, temporary)
    return DocumentSummary(Path(path), artefact_key, len(records), dept, include_personal_data)


def toc_xml(w: Writer, levels: int = 2) -> list:
    """The table of contents: a TOC field Word rebuilds with page numbers on opening (settings say updateFields).

    Until then it shows the headings, each a link to its bookmark; no page numbers are guessed.
    """
    from xml.sax.saxutils import escape

    entries = [(lvl, text, name) for lvl, text, name in w.headings if lvl <= levels]
    paragraphs = []
    for index, (lvl, text, name) in enumerate(entries):
        style = w.document.styles[f"TOC {lvl}"].style_id
        begin = ('<w:r><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r><w:r><w:instrText xml:space="preserve">'
                 f' TOC \\o "1-{levels}" \\h \\z \\u </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
                 if index == 0 else "")
        end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>' if index == len(entries) - 1 else ""
        paragraphs.append(parse_xml(
            f'<w:p {nsdecls("w")}><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{begin}'
            f'<w:hyperlink w:anchor="{name}" w:history="1"><w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'
            f'</w:hyperlink>{end}</w:p>'))
    return paragraphs
