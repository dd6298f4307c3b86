"""Reading Word documents back for the tests: styles' East Asian fonts, header rows, sections, all the text."""
from __future__ import annotations

import docx
from docx.oxml.ns import qn
from docx.enum.style import WD_STYLE_TYPE


def open_docx(path):
    return docx.Document(str(path))


def styles_without_east_asian_font(document) -> list[str]:
    """Paragraph, character and table styles whose fonts leave Chinese text to a Latin (or theme) font."""
    missing = []
    for style in document.styles:
        if style.type == WD_STYLE_TYPE.LIST:
            continue
        rpr = style.element.rPr
        fonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
        if fonts is None or not fonts.get(qn("w:eastAsia")) or fonts.get(qn("w:eastAsiaTheme")):
            missing.append(style.name)
    return missing


def default_east_asian_font(document) -> str | None:
    fonts = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:rFonts"))
    return fonts.get(qn("w:eastAsia"))


def repeats_header(table) -> bool:
    first = table._tbl.tr_lst[0]
    return first.trPr is not None and first.trPr.find(qn("w:tblHeader")) is not None


def all_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [c.text for c in row.cells]
    return "\n".join(parts)


def direct_run_formatting(document) -> list[str]:
    """Runs in the body carrying their own font, size, bold or colour instead of a style's."""
    found = []
    for r in document.element.body.iter(qn("w:r")):
        rpr = r.find(qn("w:rPr"))
        if rpr is not None and len(rpr):
            found.append("".join(t.text or "" for t in r.iter(qn("w:t"))))
    return found


def footer_fields(section) -> list[str]:
    return [t.text.strip() for t in section.footer._element.iter(qn("w:instrText"))]


def fits(table, section) -> bool:
    """The table's grid is no wider than the section's text width."""
    grid = table._tbl.tblGrid
    width_twips = sum(int(c.get(qn("w:w"))) for c in grid.findall(qn("w:gridCol")))
    text = (section.page_width - section.left_margin - section.right_margin) / 635
    return width_twips <= text + 1


def tables_by_section(document):
    """(table, section) pairs: each table with the section it is laid out in."""
    from docx.table import Table

    sections = list(document.sections)
    pairs, pending, index = [], [], 0
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:tbl"):
            pending.append(Table(child, document._body))
        elif child.tag == qn("w:p") and child.find(qn("w:pPr") + "/" + qn("w:sectPr")) is not None:
            pairs += [(t, sections[index]) for t in pending]
            pending, index = [], index + 1
    pairs += [(t, sections[-1]) for t in pending]
    return pairs


def tables_by_caption(document) -> dict[str, list[list[str]]]:
    """Each captioned table's cells by its caption's words (「表 16  各目标达成情况」 → 「各目标达成情况」)."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    found, caption = {}, None
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            paragraph = Paragraph(child, document._body)
            if paragraph.style is not None and paragraph.style.name == "Caption":
                caption = paragraph.text.split("  ", 1)[-1]
        elif child.tag == qn("w:tbl") and caption is not None:
            found[caption] = [[c.text for c in row.cells] for row in Table(child, document._body).rows]
            caption = None
    return found
