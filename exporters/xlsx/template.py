"""Blank templates for typing new records offline, with an instruction sheet that explains every column."""
from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from reviewdesk import store
from reviewdesk.templates import Artefact, artefact, t

from reviewdesk.exporters.files import atomic_output
from reviewdesk.exporters.xlsx.export import close_workbook, new_workbook, resolve_artefacts
from reviewdesk.exporters.xlsx.help import allowed_text, example_value, format_text, meaning_text, required_text
from reviewdesk.exporters.xlsx.layout import Column, sheet_columns
from reviewdesk.exporters.xlsx.lists import LIST_SHEET, Lists, write_lists
from reviewdesk.exporters.xlsx.meta import META_SHEET, MetaWriter
from reviewdesk.exporters.xlsx.sheet import LINE_HEIGHT, column_points, line_count, print_setup, write_data_sheet
from reviewdesk.exporters.xlsx import properties
from reviewdesk.exporters.xlsx.styles import Styles

TEMPLATE_ROWS = 500  # empty rows that carry the drop-downs and validations
INSTRUCTION_WIDTHS = (16, 18, 34, 10, 30, 28, 26)


@dataclass
class TemplateSummary:
    path: Path
    export_id: str
    artefacts: list[str]


def instruction_notes(lang: str) -> list[str]:
    return [
        t(lang, "1. 每行填写一条记录；编号列留空，导入时由 ReviewDesk 自动编号。",
          "1. One record per row; leave the number column empty, ReviewDesk numbers new records on import."),
        t(lang, "2. 红色列名为必填项；灰色列为自动计算，无需填写。",
          "2. Red headers are required; grey columns are computed and need no input."),
        t(lang, "3. 选择类、部门和人员请从下拉列表选择；日期写成 2026-11-30；数字直接填写数字。",
          "3. Pick choices, departments and people from the drop-down lists; type dates as 2026-11-30 and numbers as numbers."),
        t(lang, "4. 请勿修改表头，也不要删除或重命名工作表；可以排序、筛选、调整列宽。",
          "4. Do not change the headers, nor delete or rename sheets; sorting, filtering and resizing are fine."),
        t(lang, "5. 填好后保存为 .xlsx，用 ReviewDesk 导入（reviewdesk import 文件名）。",
          "5. Save as .xlsx when done and import it into ReviewDesk (reviewdesk import FILE)."),
        t(lang, f"6. 工作表「{META_SHEET}」记录了这份工作簿的来历，导入时要用到；有的软件（如 Gnumeric）另存后会把它"
                "显示出来，请保持原样，不要修改、删除或重命名。",
          f"6. The sheet '{META_SHEET}' records where this workbook came from and is needed to import it; some "
          "programs (Gnumeric, say) show it after saving: leave it as it is, do not edit, delete or rename it."),
    ]


def _instructions(sheet, styles: Styles, lang: str, arts: list[Artefact], columns: dict[str, list[Column]],
                  lists: Lists) -> None:
    """The 填写说明 sheet: general notes, then one table per artefact and an example row."""
    for index, width in enumerate(INSTRUCTION_WIDTHS):
        sheet.set_column(index, index, width)
    row = 0
    sheet.write_string(row, 0, t(lang, "ReviewDesk 评审台 · 填写说明", "ReviewDesk · how to fill in this template"),
                       styles.text(bold=True, size=16))
    row += 2
    for note in instruction_notes(lang):
        sheet.write_string(row, 0, note)
        row += 1
    head = styles.text(bold=True, fill="#DDEBF7", border=True, wrap=True)
    cell = styles.text(border=True, wrap=True)
    locked_cell = styles.text(border=True, wrap=True, fill="#F2F2F2")
    headers = [t(lang, "列名", "Column"), t(lang, "英文列名", "Chinese header"), t(lang, "含义", "Meaning"),
               t(lang, "是否必填", "Required"), t(lang, "可选值", "Allowed values"), t(lang, "格式", "Format"),
               t(lang, "示例记录", "Example record")]
    for art in arts:
        row += 1
        sheet.write_string(row, 0, f"{art.sheet(lang)}({art.label(lang)})" if lang == "zh" else
                           f"{art.sheet(lang)} ({art.label(lang)})", styles.text(bold=True, size=12))
        row += 1
        for col, text in enumerate(headers):
            sheet.write_string(row, col, text, head)
        row += 1
        for column in columns[art.key]:
            field = column.field
            other = "en" if lang == "zh" else "zh"
            texts = [column.header, art.code_label(other) if field is None else field.label(other),
                     meaning_text(field, lang, art), required_text(field, lang),
                     allowed_text(field, lang, lists), format_text(field, lang, art) if field is None or not field.is_computed
                     else t(lang, "自动计算", "Computed"), example_value(field, lang, art, lists)]
            fmt = locked_cell if column.locked else cell
            lines = max(line_count(text, INSTRUCTION_WIDTHS[col] - 1) for col, text in enumerate(texts))
            if lines > 1:
                sheet.set_row(row, lines * LINE_HEIGHT)
            for col, text in enumerate(texts):
                if col == 0 and column.required:
                    sheet.write_string(row, col, text, styles.text(border=True, wrap=True, bold=True, color="#C00000"))
                else:
                    sheet.write_string(row, col, text, fmt)
            row += 1
    print_setup(sheet, lang, t(lang, "填写说明", "Instructions"), repeat_header=False, repeat_first_column=False,
                widths=[column_points(w) for w in INSTRUCTION_WIDTHS])
    sheet.activate()


def write_template(path: str | os.PathLike, artefacts: Iterable[str], *, lang: str = "zh",
                   password: str | None = None) -> TemplateSummary:
    """A blank workbook for typing new records: instructions first, then one empty sheet per artefact.

    Args:
        artefacts: artefact keys, or "all".
        lang: language of headers, lists and instructions.
    Returns:
        A TemplateSummary naming the file and its template id (the export id of its contract).
    """
    keys = resolve_artefacts(artefacts)
    arts = [artefact(k) for k in keys]
    lookups = store.Lookups()
    summary = TemplateSummary(Path(path), uuid.uuid4().hex, keys)
    with atomic_output(path) as temporary:
        workbook = new_workbook(temporary, streamed=False)
        try:
            styles = Styles(workbook, lang)
            properties.describe(workbook, title=t(lang, "ReviewDesk 空白模板", "ReviewDesk blank template"),
                                export_id=summary.export_id)
            instructions = workbook.add_worksheet(t(lang, "填写说明", "Instructions"))
            sheets = {a.key: workbook.add_worksheet(a.sheet(lang)) for a in arts}
            lists_sheet = workbook.add_worksheet(LIST_SHEET)
            meta = MetaWriter(workbook.add_worksheet(META_SHEET), styles)
            lists = write_lists(lists_sheet, styles, lang, lookups, arts, password)
            columns = {a.key: sheet_columns(a, lang, lists, lookups) for a in arts}
            meta.made(kind="template", export_id=summary.export_id, department="", language=lang, deadline="",
                      personal_data="included")
            meta.meta("filters", "{}")
            for a in arts:
                meta.columns(a.key, a.sheet(lang), columns[a.key])
                write_data_sheet(sheets[a.key], styles, a, columns[a.key], [], lang=lang, extra_rows=TEMPLATE_ROWS,
                                 password=password)
            meta.finish(password)
            _instructions(instructions, styles, lang, arts, columns, lists)
        finally:
            close_workbook(workbook)
    return summary


__all__ = ["TEMPLATE_ROWS", "TemplateSummary", "write_template"]
