"""A blank document set up for the kit: A4 page with GB/T 9704 margins, page numbers, the kit's styles, a font
table with fallbacks, Chinese proofing language and fixed metadata. Builders add content to it."""

from __future__ import annotations

import docx
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Mm
from lxml import etree

from ..edition import Edition
from ..fonts import WORD_ALT_NAMES, WORD_NAMES
from ..reproducible import build_datetime
from . import styles
from .controls import CHECKBOX_FONT
from .ooxml import W_NS, el, run, twips_from_mm

AUTHOR = "网络安全保险服务试点工具包"
HEADER_MM = 15
# GB/T 9704: the page number sits 7 mm below the text block; 5 mm is the height of its 四号 line.
PAGE_NUMBER_GAP_MM, PAGE_NUMBER_LINE_MM = 7, 5
PAGE_NUMBER_DASH = "—"  # 一字线 either side of the number
GB2312_CHARSET, ANSI_CHARSET = "86", "00"
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
# Parts of python-docx's default template that the templates do not need: a Mac Word thumbnail of a blank page,
# a bibliography stub, a Word 2010 copy of the styles that still uses theme fonts, and list definitions that
# only the pruned list styles used (Word adds numbering again when the user makes a list).
UNUSED_DOCUMENT_RELS = (RT.CUSTOM_XML, STYLES_WITH_EFFECTS, RT.NUMBERING)
UNUSED_PACKAGE_RELS = (RT.THUMBNAIL,)


def text_width_twips(edition: Edition) -> int:
    return twips_from_mm(edition.formatting.text_width_mm)


def new_document(edition: Edition, title: str, *, cover_page: bool = False) -> Document:
    """A blank document following the edition's formatting rules; `cover_page` hides the first page's number."""
    doc = docx.Document()
    _drop_unused_parts(doc)
    _set_up_page(doc, edition, cover_page)
    styles.apply_styles(doc.styles.element, edition.formatting, text_width_twips(edition))
    fmt = edition.formatting
    _write_font_table(doc, [fmt.body.font, fmt.heading1.font, fmt.heading2.font, styles.PAGE_NUMBER_FONT])
    _set_up_settings(doc)
    _set_core_properties(doc, edition, title)
    body = doc.element.body
    for paragraph in body.findall(qn("w:p")):  # the template's empty first paragraph
        body.remove(paragraph)
    return doc


def _drop_unused_parts(doc: Document) -> None:
    for rels, unused in ((doc.part.rels, UNUSED_DOCUMENT_RELS), (doc.part.package.rels, UNUSED_PACKAGE_RELS)):
        for rid in [rid for rid, rel in rels.items() if rel.reltype in unused]:
            del rels[rid]


def _set_up_page(doc: Document, edition: Edition, cover_page: bool) -> None:
    fmt = edition.formatting
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = map(Mm, fmt.page_mm)
    section.top_margin, section.bottom_margin = Mm(fmt.margins_mm.top), Mm(fmt.margins_mm.bottom)
    section.left_margin, section.right_margin = Mm(fmt.margins_mm.left), Mm(fmt.margins_mm.right)
    section.header_distance = Mm(HEADER_MM)
    section.footer_distance = Mm(fmt.margins_mm.bottom - PAGE_NUMBER_GAP_MM - PAGE_NUMBER_LINE_MM)
    if not fmt.page_numbers:
        return
    _page_number_paragraph(section.footer.paragraphs[0])
    if cover_page:  # the cover carries no number; numbering starts at 1 on the page after it
        section.different_first_page_header_footer = True
        section.first_page_footer.is_linked_to_previous = False
        sect_pr = section._sectPr
        sect_pr.find(qn("w:cols")).addprevious(el("w:pgNumType", {"w:start": 0}))


def _page_number_paragraph(paragraph) -> None:
    """Centred "— n —" with a PAGE field."""
    p = paragraph._p
    p.get_or_add_pPr().style = styles.PAGE_NUMBER
    p.append(run(f"{PAGE_NUMBER_DASH} "))
    p.append(el("w:r", None, el("w:fldChar", {"w:fldCharType": "begin"})))
    instr = el("w:instrText")
    instr.text = " PAGE "
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    p.append(el("w:r", None, instr))
    p.append(el("w:r", None, el("w:fldChar", {"w:fldCharType": "separate"})))
    p.append(run("1"))
    p.append(el("w:r", None, el("w:fldChar", {"w:fldCharType": "end"})))
    p.append(run(f" {PAGE_NUMBER_DASH}"))


def _write_font_table(doc: Document, chinese_fonts: list[str]) -> None:
    """List every font the document names: the Chinese ones with their current-Windows name as w:altName and
    the GB2312 charset, so that Word substitutes sensibly where the official font is not installed; then the
    check boxes' symbol font."""
    root = etree.Element(f"{{{W_NS}}}fonts", nsmap={"w": W_NS})

    def add(name: str, charset: str, family: str, pitch: str, alt: str | None = None) -> None:
        entry = etree.SubElement(root, qn("w:font"), {qn("w:name"): name})
        if alt:
            etree.SubElement(entry, qn("w:altName"), {qn("w:val"): alt})
        for key, value in (("w:charset", charset), ("w:family", family), ("w:pitch", pitch)):
            etree.SubElement(entry, qn(key), {qn("w:val"): value})

    for font in dict.fromkeys(chinese_fonts):
        add(WORD_NAMES.get(font, font), GB2312_CHARSET, "modern", "fixed", WORD_ALT_NAMES.get(font))
    add(CHECKBOX_FONT, ANSI_CHARSET, "swiss", "variable")
    part = doc.part.rels.part_with_reltype(RT.FONT_TABLE)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _set_up_settings(doc: Document) -> None:
    settings = doc.settings.element
    preview = settings.find(qn("w:savePreviewPicture"))
    if preview is not None:
        settings.remove(preview)
    spacing = settings.find(qn("w:characterSpacingControl"))
    if spacing is not None:
        spacing.set(qn("w:val"), "compressPunctuation")  # Word's default for Chinese documents
    theme_lang = settings.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:eastAsia"), "zh-CN")


def _set_core_properties(doc: Document, edition: Edition, title: str) -> None:
    stamp = build_datetime()
    props = doc.core_properties
    props.author = props.last_modified_by = AUTHOR
    props.title = title
    props.subject = edition.notice.number
    props.language = "zh-CN"
    props.comments = ""
    props.keywords = ""
    props.category = ""
    props.revision = 1
    props.created = props.modified = stamp


def add_paragraph(doc: Document, text: str = "", style: str = styles.NORMAL, *, new_page: bool = False,
                  keep_next: bool = False):
    """Append a paragraph in the style with id `style` (`keep_next`: on the same page as the next one); returns its
    w:p element."""
    paragraph = doc.add_paragraph()
    paragraph.paragraph_format.page_break_before = new_page or None
    paragraph.paragraph_format.keep_with_next = keep_next or None
    p = paragraph._p
    p.get_or_add_pPr().style = style
    if text:
        p.append(run(text))
    return p
