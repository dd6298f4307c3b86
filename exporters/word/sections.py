"""An artefact's Word section, drawn from the blocks its declaration lists (templates/documents.py)."""
from __future__ import annotations

import datetime as dt
from string import Formatter
from typing import Any, Mapping, Sequence

from reviewdesk.templates import Artefact
from reviewdesk.templates.documents import (Attainment, Form, Given, Heading, KeyFigures, Lead, MatrixTable,
                                            Milestones, Records, SignOff)
from reviewdesk.templates.figures import Figures, Measure
from reviewdesk.templates.marks import holds

from xml.sax.saxutils import escape

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from reviewdesk.exporters.word import figures as docx_figures
from reviewdesk.exporters.word.attainment import write_attainment
from reviewdesk.exporters.word.styles import FORM_LABEL, FORM_TEXT, TABLE_STYLE, text_width
from reviewdesk.exporters.word.tables import FILL_ROW, Column, add_table, table_fields

Record = Mapping[str, Any]
Group = tuple[str, list[Record]]


def write_section(w, art: Artefact, records: Sequence[Record], *, charts: bool, forms: bool = False,
                  every: Figures | None = None, in_pack: bool = False, drawn: Sequence[Record] | None = None) -> None:
    """The artefact's section: its declared blocks in order, or (`forms`, with a form declared) one form per record;
    `in_pack`: a review pack's chapter (record tables declared not for packs are left to its workbook).

    `every`: the figures of every record the section was chosen from, when it lists fewer (a pack's open records);
    key figures count those. `drawn`: the records the targets' attainment draws on, when more than those listed (a
    pack's readings, the older ones too). The lead sentences count the records listed, or with `drawn` those the
    chapter draws on (`every`)."""
    listed = docx_figures.gather({art.key: records}, w.lookups, w.today)
    told, rows = (every, every.rows[art.key]) if drawn is not None and every is not None else (listed, len(records))
    layout = art.section
    blocks = layout.blocks
    if forms and layout.form is not None:
        blocks = tuple(b for b in blocks if isinstance(b, Lead))
    listed_next = list(records)
    # in a pack, the word that a table is left to the workbook follows the lead before it, not the pages between
    left_out = [i for i, b in enumerate(blocks) if in_pack and isinstance(b, Records) and not b.in_pack]
    said_at = {max((i for i in range(at) if isinstance(blocks[i], Lead)), default=at) for at in left_out}
    for index, block in enumerate(blocks):
        nxt = next((b for b in blocks[index + 1:] if isinstance(b, Records)), None)
        listed_next = _chosen(nxt, records, w.today) if nxt else records
        if isinstance(block, Lead):
            w.meta(_lead(w.t(block.zh, block.en), told, art.key, rows, len(listed_next)))
        elif isinstance(block, Heading):
            w.heading(w.t(block.zh, block.en), 2)
        elif isinstance(block, MatrixTable):
            _matrix_table(w, art, block, listed, charts)
        elif isinstance(block, KeyFigures):
            _key_figures(w, art, block, every or listed, every is not None and every.rows[art.key] != len(records),
                         charts)
        elif isinstance(block, Records) and in_pack and not block.in_pack:
            pass  # left to the workbook, as said after the lead before it
        elif isinstance(block, Records):
            _records(w, art, block, records)
        elif isinstance(block, Attainment):
            write_attainment(w, block, records if drawn is None else drawn)
        elif isinstance(block, SignOff):
            _sign_off(w, art, block, records)
        if index in said_at:
            _left_to_workbook(w, art, records, drawn)
    if forms and layout.form is not None:
        for r in records:
            title = r.get(layout.form.title) if layout.form.title else None
            w.heading(f"{r['code']} {title or ''}".strip(), 2)
            form_table(w, art, layout.form, r)


def _left_to_workbook(w, art: Artefact, records: Sequence[Record], drawn: Sequence[Record] | None) -> None:
    """A pack's word that the records of a table declared not for packs are on its workbook's sheet."""
    if drawn is not None and len(drawn) != len(records):  # the chapter drew on more than the workbook lists
        w.meta(w.t(f"评审工作簿的「{art.sheet('zh')}」表列出其中 {len(records)} 条（如何选取见「材料范围」表）。",
                   f"The pack workbook's {art.sheet('en')} sheet lists {len(records)} of them (how they were "
                   "chosen: see What the pack holds)."))
    else:
        w.meta(w.t(f"各条{art.zh}（{len(records)} 条）列在评审工作簿的「{art.sheet('zh')}」表中。",
                   f"The {len(records)} {art.en.lower()}(s) are listed on the pack workbook's "
                   f"{art.sheet('en')} sheet."))


def _lead(text: str, f: Figures, art_key: str, rows: int, listed: int) -> str:
    """A lead sentence with its fields filled in: {rows}, {listed} and the figures by key."""
    names = {name for _, name, _, _ in Formatter().parse(text) if name}
    values: dict[str, Any] = {"rows": rows, "listed": listed}
    for name in names:
        key = name.split("[", 1)[0]
        if key not in values:
            values[key] = f.value(art_key, key)
    return text.format(**values)


def _chosen(block: Records, records: Sequence[Record], today: dt.date) -> list[Record]:
    """The records a table lists, in its order: `only` holds for them; by `order` (blanks last), then the code."""
    chosen = [r for r in records if block.only is None or holds(block.only, r, today)]

    def key(r: Record) -> tuple:
        parts = []
        for item in block.order:
            if isinstance(item, Given):
                parts.append(r.get(item.field) not in (None, ""))
            else:
                value = r.get(item)
                parts.append((value is None or value == "", value if value not in (None, "") else 0))
        return (*parts, r["code"])
    return sorted(chosen, key=key) if block.order else chosen


def _matrix_table(w, art: Artefact, block: MatrixTable, f: Figures, charts: bool) -> None:
    tally = f.tally(art.key, block.figure)
    rows_field, columns_field = (art.field(k) for k in tally.figure.fields)
    cell = art.field(tally.figure.cell).computed if tally.figure.cell else None
    levels = [c.key for c in reversed(columns_field.choices)]
    columns = [Column(f"{rows_field.label(w.lang)} \\ {columns_field.label(w.lang)}", 1.6)] + \
              [Column(columns_field.choice(k).label(w.lang), 1) for k in levels]
    rows = [[rows_field.choice(i).label(w.lang)] +
            [(f"{cell({rows_field.key: i, columns_field.key: q})} · " if cell else "") + str(tally.value.get((i, q), 0))
             for q in levels] for i in reversed(levels)]
    w.caption("table", w.t(block.zh, block.en))
    add_table(w.document, columns, rows, width_twips=7200)
    w.para("")
    if charts:
        w.picture(docx_figures.matrix(tally, art, w.lang), 0.42)


def _key_figures(w, art: Artefact, block: KeyFigures, f: Figures, every: bool, charts: bool) -> None:
    label = lambda d: w.lookups.department_label(d, w.lang)  # noqa: E731
    rows = []
    for key in block.figures:
        tally = f.tally(art.key, key)
        rows.append([tally.figure.label(w.lang), docx_figures.in_words(tally, art, w.lang, label)])
        if tally.figure.measure is Measure.AVERAGE:  # how many it averages, first
            rows.insert(len(rows) - 1, [w.t("记录数", "Records"), str(tally.given)])
    caption = w.t(block.zh, block.en) + (w.t("（全部记录，含无需跟进和已跟进的）",
                                             " (every record, also those needing no or no more follow-up)")
                                         if every else "")
    w.caption("table", caption)
    add_table(w.document, [Column(w.t("指标", "Figure"), 1.4), Column(w.t("数值", "Value"), 2.6)], rows,
              width_twips=9000)
    w.para("")
    if charts and block.chart:
        w.picture(docx_figures.chart(f.tally(art.key, block.chart), art, w.lang, label), 0.7)


def _records(w, art: Artefact, block: Records, records: Sequence[Record]) -> None:
    chosen = _chosen(block, records, w.today)
    fields = [art.field(k) for k in block.fields] if block.fields is not None else None
    if block.group_by is None:
        w.record_table(art, chosen, w.t(block.zh, block.en), fields, detail_keys=block.details)
        return
    groups = _groups(w, art, block.group_by, chosen)
    by = art.field(block.group_by)
    if block.milestones is not None:
        _milestones(w, art, block.milestones, by.label(w.lang), groups)
    shown = [f for f in (fields or table_fields(art)) if f.key != block.group_by]
    for label, members in groups:
        w.heading(f"{by.label(w.lang)}：{label}" if w.lang == "zh" else f"{by.label(w.lang)}: {label}", 2)
        w.record_table(art, members, w.t(block.zh, block.en).format(group=label), shown, detail_keys=block.details)


def _groups(w, art: Artefact, key: str, records: Sequence[Record]) -> list[Group]:
    """The records by the choices of one field, in the choices' order, then those without one."""
    field = art.field(key)
    groups: list[Group] = []
    for c in field.choices:
        members = [r for r in records if r.get(key) == c.key]
        if members:
            groups.append((c.label(w.lang), members))
    without = [r for r in records if not r.get(key)]
    if without:
        groups.append((w.t(f"未分{field.label('zh')}", f"No {field.label('en').lower()}"), without))
    return groups


def _milestones(w, art: Artefact, m: Milestones, by_label: str, groups: Sequence[Group]) -> None:
    w.heading(w.t("里程碑", "Milestones"), 2)
    columns = [Column(by_label, 2), Column(w.t("数量", "Count"), 1), Column(w.t("已完成", "Done"), 1),
               Column(w.t("已逾期", "Overdue"), 1),
               Column(art.field(m.start).label(w.lang), 1.6), Column(art.field(m.end).label(w.lang), 1.6),
               Column(w.t(f"平均{art.field(m.progress).label('zh')}", f"Average {art.field(m.progress).label('en').lower()}"),
                      1.3)]
    mark = art.mark(m.mark)
    rows = []
    for label, members in groups:
        starts = [r[m.start] for r in members if r.get(m.start)]
        ends = [r[m.end] for r in members if r.get(m.end)]
        progress = [r[m.progress] for r in members if r.get(m.progress) is not None]
        rows.append([label, str(len(members)), str(sum(holds(m.done, r, w.today) for r in members)),
                     str(sum(mark.holds(r, w.today) for r in members)),
                     min(starts).isoformat() if starts else "", max(ends).isoformat() if ends else "",
                     f"{sum(progress) / len(progress):.0f}%" if progress else ""])
    w.caption("table", w.t(f"各{by_label}里程碑", f"Milestones per {by_label.lower()}"))
    add_table(w.document, columns, rows or [[""] * len(columns)])
    w.para("")


def _sign_off(w, art: Artefact, block: SignOff, records: Sequence[Record]) -> None:
    departments = list(dict.fromkeys(r[block.by] for r in records if r.get(block.by)))
    w.para(w.t(block.zh, block.en))
    columns = [Column(art.field(block.by).label(w.lang), 2), Column(w.t("数量", "Count"), 1),
               Column(w.t("确认意见", "Decision"), 3.2), Column(w.t("负责人签字", "Signature"), 2.4),
               Column(w.t("日期", "Date"), 1.8)]
    choice = w.t("□ 同意  □ 修改后同意  □ 不同意", "□ Agree  □ Agree with changes  □ Disagree")
    rows = [[w.lookups.department_label(d, w.lang), str(sum(r.get(block.by) == d for r in records)), choice, "", ""]
            for d in departments]
    w.caption("table", w.t("确认签字", "Sign-off"))
    add_table(w.document, columns, rows or [[""] * 5 for _ in range(3)], row_height_twips=FILL_ROW)
    w.para("")


def form_table(w, art: Artefact, form: Form, r: Record) -> None:
    """One record as the seed's form: label / value pairs, wide rows for the texts, then the signature rows."""
    label = lambda key: art.field(key).label(w.lang)  # noqa: E731
    value = lambda key: w.value(art, art.field(key), r)  # noqa: E731
    status = "status" if art.has_field("status") else None
    rows: list[list[tuple[str, str, int]]] = [[(art.code_label(w.lang), r["code"], 1)] +
                                              ([(label(status), value(status), 1)] if status else [])]
    rows += [[(label(a), value(a), 1), (label(b), value(b), 1)] for a, b in form.pairs]
    rows += [[(label(key), value(key), 3)] for key in form.wide]
    for zh, en in form.signatures:
        rows.append([(w.t(zh, en), "", 1), (w.t("日期", "Date"), "", 1)])
    add_form_xml(w, rows)
    w.para("")


def add_form_xml(w, rows: Sequence[Sequence[tuple[str, str, int]]]) -> None:
    """A four-column form (label, value, label, value); a value spanning 3 columns fills the row."""
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


__all__ = ["add_form_xml", "form_table", "write_section"]
