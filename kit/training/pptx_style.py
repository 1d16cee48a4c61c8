"""The slide design: 16:9, plain white, one accent colour, Chinese fonts in the East Asian slot, a footer with the
document number and a live slide number. Small drawing helpers on top of python-pptx."""

from __future__ import annotations

import math
from dataclasses import dataclass

from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

SLIDE_WIDTH = Emu(12192000)  # 13.333 in: PowerPoint's 16:9 "宽屏"
SLIDE_HEIGHT = Emu(6858000)  # 7.5 in
MARGIN = Inches(0.6)
CONTENT_TOP = Inches(1.4)
CONTENT_WIDTH = SLIDE_WIDTH - 2 * MARGIN
FOOTER_TOP = Inches(6.95)

ACCENT = RGBColor(0x1F, 0x4E, 0x79)
INK = RGBColor(0x22, 0x22, 0x22)
MUTED = RGBColor(0x59, 0x59, 0x59)
PANEL = RGBColor(0xF3, 0xF6, 0xFA)
RULE = RGBColor(0xD0, 0xD9, 0xE4)
WHITE = RGBColor(0xFF, 0xFF, 0xFF)

TITLE_LAYOUT = 5  # "Title Only" in python-pptx's default template
PLAIN_TABLE_STYLE = "{5940675A-B579-460E-94D1-54222C63F5DA}"  # "No Style, Table Grid"
SLIDE_NUMBER_FIELD_ID = "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}"  # fixed, for reproducible bytes


@dataclass(frozen=True)
class FontChoice:
    latin: str
    east_asian: str  # the a:ea typeface: what PowerPoint uses for Chinese characters


TITLE_FONT = FontChoice(latin="Arial", east_asian="黑体")
BODY_FONT = FontChoice(latin="Arial", east_asian="微软雅黑")


def _set_theme_fonts(prs) -> None:
    """Theme fonts name the same faces as the slides, East Asian slot included, so that a text box a trainer
    adds in PowerPoint or WPS gets Chinese fonts too (the default theme has Calibri and no East Asian face)."""
    theme = prs.slide_master.part.part_related_by(RT.THEME)
    root = etree.fromstring(theme.blob)
    for tag, font in (("a:majorFont", TITLE_FONT), ("a:minorFont", BODY_FONT)):
        scheme = root.find(f".//{qn(tag)}")
        scheme.find(qn("a:latin")).set("typeface", font.latin)
        scheme.find(qn("a:ea")).set("typeface", font.east_asian)
    theme._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def new_presentation():
    """A 16:9 presentation whose master and layouts are stretched from the template's 4:3."""
    prs = Presentation()
    _set_theme_fonts(prs)
    scale = SLIDE_WIDTH / prs.slide_width
    prs.slide_width, prs.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    for owner in [prs.slide_master, *prs.slide_layouts]:
        for shape in owner.shapes:
            shape.left, shape.width = Emu(round(shape.left * scale)), Emu(round(shape.width * scale))
    return prs


def style_run(run, size: float, *, bold: bool = False, color: RGBColor = INK, font: FontChoice = BODY_FONT) -> None:
    """Size, weight, colour, language and typefaces: latin and East Asian (a:ea) slots both named."""
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.color.rgb = color
    run.font.name = font.latin
    set_east_asian(run._r.get_or_add_rPr(), font)


def set_east_asian(rpr, font: FontChoice) -> None:
    rpr.set("lang", "zh-CN")
    rpr.set("altLang", "en-US")
    for old in rpr.findall(qn("a:ea")):
        rpr.remove(old)
    ea = etree.SubElement(rpr, qn("a:ea"))
    ea.set("typeface", font.east_asian)
    latin = rpr.find(qn("a:latin"))
    if latin is not None:
        latin.addnext(ea)  # schema order: latin, ea, cs


def write(frame, lines, size: float = 18, *, color: RGBColor = INK, font: FontChoice = BODY_FONT,
          bold: bool = False, align=PP_ALIGN.LEFT, bullet: bool = False, space_after: float = 6,
          label_color: RGBColor = ACCENT) -> None:
    """Fill a text frame. A line is a str, or (label, text): the label bold in the accent colour."""
    frame.word_wrap = True
    for i, line in enumerate(lines):
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        para.alignment = align
        para.space_after = Pt(space_after)
        para.line_spacing = 1.1
        if bullet:
            _bullet(para)
        if isinstance(line, tuple):
            label, text = line
            style_run(_run(para, label), size, bold=True, color=label_color, font=font)
            if text:
                style_run(_run(para, text), size, bold=bold, color=color, font=font)
        else:
            style_run(_run(para, line), size, bold=bold, color=color, font=font)


def _run(para, text: str):
    run = para.add_run()
    run.text = text
    return run


def _bullet(para) -> None:
    ppr = para._p.get_or_add_pPr()
    ppr.set("marL", str(Inches(0.3)))
    ppr.set("indent", str(-Inches(0.3)))
    etree.SubElement(ppr, qn("a:buFont")).set("typeface", "Arial")
    etree.SubElement(ppr, qn("a:buChar")).set("char", "•")


def text_box(slide, left, top, width, height, lines, size: float = 18, *, anchor=MSO_ANCHOR.TOP, **kwargs):
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.vertical_anchor = anchor
    frame.margin_left = frame.margin_right = Inches(0.08)
    write(frame, lines, size, **kwargs)
    return box


def panel(slide, left, top, width, height, *, fill: RGBColor = PANEL, line: RGBColor | None = RULE,
          shape=MSO_SHAPE.RECTANGLE):
    box = slide.shapes.add_shape(shape, left, top, width, height)
    box.fill.solid()
    box.fill.fore_color.rgb = fill
    if line is None:
        box.line.fill.background()
    else:
        box.line.color.rgb = line
        box.line.width = Pt(0.75)
    box.shadow.inherit = False
    frame = box.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = MSO_ANCHOR.TOP
    frame.margin_left = frame.margin_right = Inches(0.15)
    frame.margin_top = frame.margin_bottom = Inches(0.1)
    return box


def rule(slide, x1, y1, x2, y2, color: RGBColor = RULE, width: float = 1.0):
    line = slide.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, x1, y1, x2, y2)
    line.line.color.rgb = color
    line.line.width = Pt(width)
    return line


def estimated_lines(text: str, size: float, width) -> int:
    """How many lines *text* takes at *size* points in a box *width* EMU wide (CJK = 1 em, other = 0.55 em)."""
    em = sum(1 if ord(ch) > 0x2E7F else 0.55 for ch in text)
    per_line = max(1.0, (width / 12700) / size)  # 12700 EMU per point
    return max(1, math.ceil(em / per_line))


def table(slide, rows: list[list[str]], left, top, width, col_widths: list[float], size: float = 16,
          row_height=Inches(0.45)):
    """A plain table: accent header row, white body, thin grey borders; editable in PowerPoint and WPS.
    Rows are made tall enough for their text (LibreOffice does not grow imported rows)."""
    total = sum(col_widths)
    widths = [Emu(round(width * share / total)) for share in col_widths]
    heights = [
        max(row_height, Emu(max(estimated_lines(v, size, w - Inches(0.25)) for v, w in zip(values, widths))
                            * Pt(size * 1.7) + Inches(0.14)))
        for values in rows
    ]
    frame = slide.shapes.add_table(len(rows), len(rows[0]), left, top, width, Emu(sum(heights)))
    tbl = frame.table
    tbl._tbl.tblPr.find(qn("a:tableStyleId")).text = PLAIN_TABLE_STYLE
    for col, col_width in zip(tbl.columns, widths):
        col.width = col_width
    for r, values in enumerate(rows):
        tbl.rows[r].height = heights[r]
        for c, value in enumerate(values):
            cell = tbl.cell(r, c)
            cell.fill.solid()
            cell.fill.fore_color.rgb = ACCENT if r == 0 else WHITE
            cell.margin_left = cell.margin_right = Inches(0.1)
            cell.margin_top = cell.margin_bottom = Inches(0.05)
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE
            write(cell.text_frame, [value], size, color=WHITE if r == 0 else INK, bold=(r == 0), space_after=0)
            _cell_borders(cell)
    return frame


def _cell_borders(cell) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    fill = tcpr.find(qn("a:solidFill"))
    for side in ("a:lnL", "a:lnR", "a:lnT", "a:lnB"):
        ln = etree.Element(qn(side), w=str(Pt(0.75)), cap="flat", cmpd="sng", algn="ctr")
        solid = etree.SubElement(ln, qn("a:solidFill"))
        etree.SubElement(solid, qn("a:srgbClr")).set("val", str(RULE))
        fill.addprevious(ln)  # schema order: borders before the cell fill


def set_title(slide, text: str, *, top=Inches(0.35), size: float = 28, color: RGBColor = INK) -> None:
    title = slide.shapes.title
    title.left, title.top, title.width, title.height = MARGIN, top, CONTENT_WIDTH, Inches(0.8)
    frame = title.text_frame
    frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    frame.margin_left = Inches(0.08)
    write(frame, [text], size, color=color, font=TITLE_FONT, bold=False, space_after=0)


def footer(slide, left_text: str) -> None:
    rule(slide, MARGIN, FOOTER_TOP, SLIDE_WIDTH - MARGIN, FOOTER_TOP)
    text_box(slide, MARGIN, FOOTER_TOP + Inches(0.04), Inches(9), Inches(0.4), [left_text], 11, color=MUTED,
             space_after=0)
    number = text_box(slide, SLIDE_WIDTH - MARGIN - Inches(2), FOOTER_TOP + Inches(0.04), Inches(2), Inches(0.4),
                      [], 11, space_after=0)
    para = number.text_frame.paragraphs[0]
    para.alignment = PP_ALIGN.RIGHT
    _slide_number_field(para, slide_index(slide))


def slide_index(slide) -> int:
    return list(slide.part.package.presentation_part.presentation.slides).index(slide) + 1


def _slide_number_field(para, number: int) -> None:
    """A slidenum field, so the number stays right when slides are added or moved."""
    fld = etree.SubElement(para._p, qn("a:fld"), id=SLIDE_NUMBER_FIELD_ID, type="slidenum")
    rpr = etree.SubElement(fld, qn("a:rPr"), sz=str(11 * 100))
    solid = etree.SubElement(rpr, qn("a:solidFill"))
    etree.SubElement(solid, qn("a:srgbClr")).set("val", str(MUTED))
    etree.SubElement(rpr, qn("a:latin")).set("typeface", BODY_FONT.latin)
    set_east_asian(rpr, BODY_FONT)
    etree.SubElement(fld, qn("a:t")).text = str(number)


def notes(slide, text: str) -> None:
    frame = slide.notes_slide.notes_text_frame
    frame.text = ""
    write(frame, text.strip().split("\n"), 12, space_after=4)


def accent_bar(slide, top=Emu(0), height=Inches(0.08)) -> None:
    panel(slide, Emu(0), top, SLIDE_WIDTH, height, fill=ACCENT, line=None)
