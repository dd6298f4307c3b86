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
from reviewdesk.templates import WORKBOOK_ARTEFACTS, Artefact, Field, Kind, ReviewDeskError, artefact, language
from reviewdesk.templates.marks import All, Mark, Past

from reviewdesk.exporters.word import figures as docx_figures
from reviewdesk.exporters.word.sections import write_section
from reviewdesk.exporters.word.styles import (FIGURE, META, add_bookmark, add_field, new_document, set_properties,
                                              start_section, text_width)
from reviewdesk.exporters.word.tables import Column, Row, add_table, code_column, field_column, save_document, table_fields
from reviewdesk.exporters.files import atomic_output
from reviewdesk.exporters.masking import mask
from reviewdesk.exporters.xlsx.export import describe_conditions, selections

Record = Mapping[str, Any]


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

    def chapter(self, zh: str, en: str) -> Paragraph:
        """A numbered chapter heading: 三、服务问题清单 / 3. Service issue list."""
        number = sum(1 for level, _, _ in self.headings if level == 1) + 1
        return self.heading(self.t(f"{language.chinese_numeral(number)}、{zh}", f"{number}. {en}"), 1)

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
        if kind != "table":  # below a figure it must not: kept with a new section's heading, it takes the figure along
            paragraph.paragraph_format.keep_with_next = False
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
        flag = overdue_mark(art, key)
        overdue = self.t("（逾期）", " (overdue)")  # a column marked so is widened for it (columns)
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
            if flag is not None and flag.holds(record, self.today):
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
        note = self.t("（逾期）", " (overdue)")
        return [code_column(art.code_label(self.lang))] + [field_column(f, self.lang, note if overdue_mark(art, f.key)
                                                                        else "") for f in fields]

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


def overdue_mark(art: Artefact, key: str) -> Mark | None:
    """The overdue mark whose passed date is this field: its cell reads "（逾期）" when the mark holds."""
    for mark in art.marks:
        if mark.style == "overdue" and _passed_dates(mark.when) & {key}:
            return mark
    return None


def _passed_dates(condition) -> set[str]:
    if isinstance(condition, All):
        return set().union(*(_passed_dates(p) for p in condition.parts))
    return {condition.field} if isinstance(condition, Past) else set()


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
    start_section(document, landscape=art.section.landscape and art.section.form is None)  # a form fits a portrait page
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
    write_section(w, art, records, charts=True, forms=True)
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
