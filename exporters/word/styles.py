"""The Word documents' styles, page setup, sections, fields and footers: defined once per document, on a base template."""
from __future__ import annotations

import os
from pathlib import Path
import docx
from docx.document import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from reviewdesk import __version__

from reviewdesk.templates import ReviewDeskError

TEMPLATE_ENV = "REVIEWDESK_WORD_TEMPLATE"

#: Fonts: SimSun/Microsoft YaHei exist on every Chinese Windows and are mapped by WPS; LibreOffice falls back to Noto CJK.
BODY_EAST_ASIA = "宋体"
HEADING_EAST_ASIA = "微软雅黑"
BODY_LATIN = "Times New Roman"
HEADING_LATIN = "Arial"

TABLE_STYLE = "ReviewDesk Table"  # the grid table every list uses; header row bold on grey
TABLE_TEXT = "ReviewDesk Table Text"  # paragraphs inside tables: small, no spacing
FORM_LABEL = "ReviewDesk Form Label"  # label cells of forms (collaboration request, cover): kept with the next row
FORM_TEXT = "ReviewDesk Form Text"  # value cells of forms: kept with the next row, so a form stays on one page
META = "ReviewDesk Meta"  # a small grey line under a title: what, when, for whom
FIGURE = "ReviewDesk Figure"  # the paragraph holding a chart: centred, kept with its caption
TABLE_DETAIL = "ReviewDesk Table Detail"  # a record's long texts, in a row spanning the table under it
TABLE_CENTER = "ReviewDesk Table Centered"  # numbers and short marks in tables
HEADING_STYLES = ("Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "TOC Heading", FORM_LABEL)

A4 = (Cm(21.0), Cm(29.7))
MARGIN = Cm(2.0)
PORTRAIT_WIDTH = A4[0] - 2 * MARGIN  # usable text width, portrait
LANDSCAPE_WIDTH = A4[1] - 2 * MARGIN


def template_path(explicit: str | os.PathLike | None = None) -> Path | None:
    """The base template: --template, else $REVIEWDESK_WORD_TEMPLATE, else none (the built-in look)."""
    chosen = explicit or os.environ.get(TEMPLATE_ENV) or None
    if chosen is None:
        return None
    path = Path(chosen).expanduser()
    if path.suffix.lower() != ".docx" or not path.is_file():
        raise ReviewDeskError(f"找不到 Word 模板文件（.docx）：{path}", f"No Word base template (.docx) at {path}")
    return path


def new_document(template: str | os.PathLike | None = None, *, lang: str = "zh") -> Document:
    """An empty document with ReviewDesk's styles: on the base template when one is configured.

    A base template keeps its letterhead (section headers and footers) and its own styles; only what is
    missing is added, and every style gets an East Asian font so Chinese text never falls back to a Latin one.
    """
    path = template_path(template)
    if path is None:
        document = docx.Document()
        _page_setup(document)
        _define_styles(document, lang, keep_existing=False)
    else:
        try:
            document = docx.Document(str(path))
        except Exception as exc:  # python-docx raises several kinds for a file that is not a Word document
            raise ReviewDeskError(f"无法读取 Word 模板 {path.name}：{exc}", f"Cannot read the Word template {path.name}: {exc}") \
                from exc
        _clear_body(document)
        _define_styles(document, lang, keep_existing=True)
    _east_asian_everywhere(document, lang)
    add_page_numbers(document, lang)
    settings = document.settings.element
    if settings.find(qn("w:updateFields")) is None:  # Word refreshes the table of contents and page references
        settings.append(parse_xml(f'<w:updateFields {nsdecls("w")} w:val="true"/>'))
    return document


def set_properties(document: Document, *, title: str, subject: str, lang: str) -> None:
    """The file's own properties (shown by Explorer and Word's Info pane), instead of python-docx's placeholders."""
    import datetime as dt

    props = document.core_properties
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)
    props.title, props.subject = title, subject
    props.author = props.last_modified_by = "ReviewDesk 评审台"
    props.created = props.modified = now
    props.revision = 1
    props.version = __version__
    props.language = "zh-CN" if lang == "zh" else "en-US"
    props.comments = props.category = ""
    props.keywords = f"ReviewDesk {__version__}"
    _name_the_application(document)


def _name_the_application(document: Document) -> None:
    """docProps/app.xml names the program that wrote the file: ReviewDesk, not python-docx's template's Word."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    package = document.part.package
    for rel in package.rels.values():
        if rel.reltype == RT.EXTENDED_PROPERTIES and hasattr(rel.target_part, "_blob"):
            major, minor = (__version__.split(".") + ["0"])[:2]
            rel.target_part._blob = APP_XML.format(major=int(major), minor=int(minor)).encode("utf-8")


APP_XML = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
           'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
           '<Application>ReviewDesk 评审台</Application><AppVersion>{major:02d}.{minor:04d}</AppVersion></Properties>')


def _clear_body(document: Document) -> None:
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def _page_setup(document: Document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = A4
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, MARGIN)
    section.header_distance = section.footer_distance = Cm(1.0)


def _fonts(style_element, latin: str, east_asia: str, *, force: bool) -> None:
    """Set the Latin and East Asian fonts of one style (theme fonts removed: they resolve to Latin fonts in WPS)."""
    rpr = style_element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = parse_xml(f"<w:rFonts {nsdecls('w')}/>")
        rpr.insert(0, rfonts)
    themed = any(rfonts.get(qn(f"w:{a}")) for a in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"))
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        rfonts.attrib.pop(qn(f"w:{attr}"), None)
    if force or themed or rfonts.get(qn("w:ascii")) is None:
        for attr in ("ascii", "hAnsi", "cs"):
            if force or rfonts.get(qn(f"w:{attr}")) is None:
                rfonts.set(qn(f"w:{attr}"), latin)
    if force or not rfonts.get(qn("w:eastAsia")):
        rfonts.set(qn("w:eastAsia"), east_asia)


def _east_asian_everywhere(document: Document, lang: str) -> None:
    """Every style, and the document defaults, name an East Asian font (and Chinese as the East Asian language)."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = parse_xml(f"<w:docDefaults {nsdecls('w')}><w:rPrDefault><w:rPr/></w:rPrDefault></w:docDefaults>")
        styles.insert(0, defaults)
    rpr = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
    if rpr is None:
        rpr_default = defaults.find(qn("w:rPrDefault"))
        if rpr_default is None:
            rpr_default = parse_xml(f"<w:rPrDefault {nsdecls('w')}/>")
            defaults.insert(0, rpr_default)
        rpr = parse_xml(f"<w:rPr {nsdecls('w')}/>")
        rpr_default.append(rpr)
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = parse_xml(f"<w:rFonts {nsdecls('w')}/>")
        rpr.insert(0, rfonts)
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        rfonts.attrib.pop(qn(f"w:{attr}"), None)
    for attr in ("ascii", "hAnsi", "cs"):
        if rfonts.get(qn(f"w:{attr}")) is None:
            rfonts.set(qn(f"w:{attr}"), BODY_LATIN)
    rfonts.set(qn("w:eastAsia"), rfonts.get(qn("w:eastAsia")) or BODY_EAST_ASIA)
    lang_el = rpr.find(qn("w:lang"))
    if lang_el is None:
        lang_el = parse_xml(f"<w:lang {nsdecls('w')}/>")
        rpr.append(lang_el)
    lang_el.set(qn("w:val"), "zh-CN" if lang == "zh" else "en-US")
    lang_el.set(qn("w:eastAsia"), "zh-CN")
    for style in document.styles:
        if style.type == WD_STYLE_TYPE.LIST:
            continue
        heading = style.name in HEADING_STYLES or style.name.startswith("Heading")
        _fonts(style.element, HEADING_LATIN if heading else BODY_LATIN,
               HEADING_EAST_ASIA if heading else BODY_EAST_ASIA, force=False)


def _style(document: Document, name: str, kind: WD_STYLE_TYPE, base: str | None, keep_existing: bool):
    """The named style, created when missing; (style, created)."""
    try:
        return document.styles[name], False
    except KeyError:
        style = document.styles.add_style(name, kind)
        if base:
            style.base_style = document.styles[base]
        return style, True


def _define_styles(document: Document, lang: str, *, keep_existing: bool) -> None:
    """The paragraph, table and caption styles the builders use; with a base template, its own ones are kept."""
    specs = [
        # name, base, size pt, bold, colour, space before/after pt, keep with next, align, latin, east asian
        ("Normal", None, 10.5, False, None, (0, 6), False, None, BODY_LATIN, BODY_EAST_ASIA),
        ("Title", "Normal", 24, True, "1F3864", (120, 18), True, WD_ALIGN_PARAGRAPH.CENTER, HEADING_LATIN, HEADING_EAST_ASIA),
        ("Subtitle", "Normal", 16, False, "404040", (0, 36), True, WD_ALIGN_PARAGRAPH.CENTER, HEADING_LATIN, HEADING_EAST_ASIA),
        ("Heading 1", "Normal", 16, True, "1F3864", (18, 10), True, None, HEADING_LATIN, HEADING_EAST_ASIA),
        ("Heading 2", "Normal", 13, True, "1F3864", (12, 6), True, None, HEADING_LATIN, HEADING_EAST_ASIA),
        ("Heading 3", "Normal", 11, True, "404040", (8, 4), True, None, HEADING_LATIN, HEADING_EAST_ASIA),
        ("TOC Heading", "Normal", 16, True, "1F3864", (0, 12), True, None, HEADING_LATIN, HEADING_EAST_ASIA),
        ("Caption", "Normal", 9, False, "404040", (6, 4), True, WD_ALIGN_PARAGRAPH.CENTER, BODY_LATIN, BODY_EAST_ASIA),
        (TABLE_TEXT, "Normal", 9, False, None, (0, 0), False, None, BODY_LATIN, BODY_EAST_ASIA),
        (FORM_LABEL, TABLE_TEXT, 9, True, "1F3864", (0, 0), True, None, HEADING_LATIN, HEADING_EAST_ASIA),
        (FORM_TEXT, TABLE_TEXT, 9, False, None, (0, 0), True, None, BODY_LATIN, BODY_EAST_ASIA),
        (META, "Normal", 9, False, "595959", (0, 12), False, None, BODY_LATIN, BODY_EAST_ASIA),
        (FIGURE, "Normal", 10.5, False, None, (6, 0), True, WD_ALIGN_PARAGRAPH.CENTER, BODY_LATIN, BODY_EAST_ASIA),
        (TABLE_DETAIL, TABLE_TEXT, 8.5, False, "404040", (0, 0), False, None, BODY_LATIN, BODY_EAST_ASIA),
        (TABLE_CENTER, TABLE_TEXT, 9, False, None, (0, 0), False, WD_ALIGN_PARAGRAPH.CENTER, BODY_LATIN, BODY_EAST_ASIA),
        ("TOC 1", "Normal", 11, False, None, (4, 2), False, None, BODY_LATIN, BODY_EAST_ASIA),
        ("TOC 2", "Normal", 10.5, False, None, (0, 2), False, None, BODY_LATIN, BODY_EAST_ASIA),
        ("Footer", "Normal", 9, False, "595959", (0, 0), False, WD_ALIGN_PARAGRAPH.CENTER, BODY_LATIN, BODY_EAST_ASIA),
    ]
    for name, base, size, bold, colour, (before, after), keep, align, latin, east in specs:
        style, created = _style(document, name, WD_STYLE_TYPE.PARAGRAPH, base, keep_existing)
        if keep_existing and not created:
            continue
        style.hidden = False
        style.quick_style = True
        font = style.font
        font.size, font.bold = Pt(size), bold
        font.italic = False
        font.color.rgb = RGBColor.from_string(colour) if colour else None
        fmt = style.paragraph_format
        fmt.space_before, fmt.space_after = Pt(before), Pt(after)
        fmt.keep_with_next = keep
        if name in (TABLE_TEXT, TABLE_DETAIL, TABLE_CENTER, FORM_LABEL, FORM_TEXT, "Footer", "Caption", "TOC 1", "TOC 2"):
            fmt.line_spacing = 1.0
        if align is not None:
            fmt.alignment = align
        if name.startswith("TOC "):
            fmt.left_indent = Cm(0 if name == "TOC 1" else 0.74)
            fmt.tab_stops.add_tab_stop(PORTRAIT_WIDTH, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
        _fonts(style.element, latin, east, force=True)
        if name.startswith("Heading "):
            level = int(name.split()[-1]) - 1
            ppr = style.element.get_or_add_pPr()
            if ppr.find(qn("w:outlineLvl")) is None:
                ppr.append(parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="{level}"/>'))
        if name == "Title":  # the default template draws a rule under the title; the cover does without
            ppr = style.element.get_or_add_pPr()
            for border in ppr.findall(qn("w:pBdr")):
                ppr.remove(border)
    _table_style(document, keep_existing)


def _table_style(document: Document, keep_existing: bool) -> None:
    """Thin grey grid, header row bold on light blue-grey and repeated on every page (the rows say so too)."""
    style, created = _style(document, TABLE_STYLE, WD_STYLE_TYPE.TABLE, "Normal Table", keep_existing)
    if keep_existing and not created:
        return
    element = style.element
    for child in list(element):
        if child.tag in (qn("w:pPr"), qn("w:rPr"), qn("w:tblPr"), qn("w:tblStylePr"), qn("w:tcPr"), qn("w:trPr")):
            element.remove(child)
    border = 'w:val="single" w:sz="4" w:space="0" w:color="8EA9C1"'
    element.append(parse_xml(
        f'<w:pPr {nsdecls("w")}><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'))
    element.append(parse_xml(f'<w:rPr {nsdecls("w")}><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr>'))
    element.append(parse_xml(
        f'<w:tblPr {nsdecls("w")}><w:tblBorders><w:top {border}/><w:left {border}/><w:bottom {border}/>'
        f'<w:right {border}/><w:insideH {border}/><w:insideV {border}/></w:tblBorders>'
        '<w:tblCellMar><w:top w:w="40" w:type="dxa"/><w:left w:w="80" w:type="dxa"/>'
        '<w:bottom w:w="40" w:type="dxa"/><w:right w:w="80" w:type="dxa"/></w:tblCellMar></w:tblPr>'))
    element.append(parse_xml(
        f'<w:tblStylePr {nsdecls("w")} w:type="firstRow"><w:rPr><w:b/><w:bCs/><w:color w:val="1F3864"/></w:rPr>'
        '<w:tblPr/><w:trPr><w:tblHeader/></w:trPr>'
        '<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="DCE6F0"/><w:vAlign w:val="center"/></w:tcPr>'
        '</w:tblStylePr>'))
    style.hidden = False
    style.quick_style = True


# --- sections, breaks, fields ---

def start_section(document: Document, *, landscape: bool) -> None:
    """A new page in a new section of the wanted orientation; headers and footers carry over from the previous one."""
    body = document.element.body
    if len(body) <= 1:  # nothing written yet: orient the first section instead of adding an empty page
        section = document.sections[-1]
    else:
        _end_section(document)
        section = document.sections[-1]
        section.start_type = WD_SECTION.NEW_PAGE
    width, height = (max(A4), min(A4)) if landscape else (min(A4), max(A4))
    if section.orientation != (WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT) or \
            section.page_width != width:
        old_w, old_h = section.page_width, section.page_height
        section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        if (old_w > old_h) != landscape:
            section.page_width, section.page_height = old_h, old_w


def _end_section(document: Document) -> None:
    """Close the current section in a paragraph one point high: the empty one under a table when there is one, else
    a new one. A full-size paragraph there (python-docx's add_section adds one after the spacer under a table) spills
    onto a page of its own whenever the table ends at the foot of a page: a blank page before the next section."""
    body = document.element.body
    sentinel = body.get_or_add_sectPr()
    last = sentinel.getprevious()
    reusable = (last is not None and last.tag == qn("w:p") and len(last) == len(last.findall(qn("w:pPr")))
                and (last.pPr is None or last.pPr.sectPr is None))
    paragraph = last if reusable else body.add_p()
    paragraph.set_sectPr(sentinel.clone())
    ppr = paragraph.pPr
    for child in ppr.findall(qn("w:spacing")) + ppr.findall(qn("w:rPr")):
        ppr.remove(child)
    ppr._insert_spacing(parse_xml(f'<w:spacing {nsdecls("w")} w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>'))
    ppr.sectPr.addprevious(parse_xml(f'<w:rPr {nsdecls("w")}><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr>'))
    for reference in sentinel.xpath("w:headerReference|w:footerReference"):  # the next section links to these
        sentinel.remove(reference)


def text_width(document: Document) -> int:
    """Usable width of the current (last) section, in EMU."""
    section = document.sections[-1]
    return section.page_width - section.left_margin - section.right_margin


def page_break(document: Document) -> None:
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def add_field(paragraph: Paragraph, instruction: str, shown: str = "") -> None:
    """A Word field (PAGE, NUMPAGES, TOC …) with the text shown until it is updated."""
    p = paragraph._p
    p.append(parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r>'))
    run = parse_xml(f'<w:r {nsdecls("w")}><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>')
    p.append(run)
    p.append(parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="separate"/></w:r>'))
    if shown:
        paragraph.add_run(shown)
    p.append(parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="end"/></w:r>'))


def add_page_numbers(document: Document, lang: str) -> None:
    """'第 N 页 / 共 M 页' in the footer, unless the base template's footer already numbers its pages."""
    for section in document.sections:
        footer = section.footer
        if any("PAGE" in (t.text or "") for t in footer._element.iter(qn("w:instrText"))) or \
                any(f.get(qn("w:instr"), "").strip().startswith("PAGE") for f in footer._element.iter(qn("w:fldSimple"))):
            continue
        paragraph = footer.paragraphs[0] if footer.paragraphs and not footer.paragraphs[0].text else footer.add_paragraph()
        paragraph.style = document.styles["Footer"]
        if lang == "zh":
            paragraph.add_run("第 ")
            add_field(paragraph, "PAGE", "1")
            paragraph.add_run(" 页 / 共 ")
            add_field(paragraph, "NUMPAGES", "1")
            paragraph.add_run(" 页")
        else:
            paragraph.add_run("Page ")
            add_field(paragraph, "PAGE", "1")
            paragraph.add_run(" of ")
            add_field(paragraph, "NUMPAGES", "1")


def add_bookmark(paragraph: Paragraph, name: str, ident: int) -> None:
    p = paragraph._p
    start = parse_xml(f'<w:bookmarkStart {nsdecls("w")} w:id="{ident}" w:name="{name}"/>')
    ppr = p.find(qn("w:pPr"))
    if ppr is not None:
        ppr.addnext(start)
    else:
        p.insert(0, start)
    p.append(parse_xml(f'<w:bookmarkEnd {nsdecls("w")} w:id="{ident}"/>'))
