"""The Word styles of the kit's templates, built from the edition's formatting rules.

Every style names its font explicitly in all four font slots (w:eastAsia is the one Chinese text uses) and
carries no theme-font attribute: in Word a theme font (w:eastAsiaTheme …) overrides the named font, and
python-docx's default template uses theme fonts throughout, so they are stripped from every part.
"""

from __future__ import annotations

from dataclasses import dataclass

from docx.oxml.ns import qn

from ..edition import FONT_SIZES_PT, Formatting
from ..fonts import WORD_NAMES
from .ooxml import el, half_points

# Style ids used by the builders (custom styles get Chinese display names below).
NORMAL = "Normal"
HEADING_1 = "Heading1"
HEADING_2 = "Heading2"
TITLE = "Title"
CENTRED_HEADING = "CentredHeading"
ATTACHMENT_LABEL = "AttachmentLabel"
COVER_LABEL = "CoverLabel"
COVER_FIELD = "CoverField"
FORM_LABEL = "FormLabel"
FORM_TEXT = "FormText"
SIGNATURE = "Signature"
PAGE_NUMBER = "PageNumber"
# Applicants' prose (kit/docx/prose.py) adds these only to documents that use them.
FIGURE = "Figure"
CAPTION = "Caption"
FOOTNOTE_TEXT = "FootnoteText"
FOOTNOTE_REFERENCE = "FootnoteReference"
NOTE_SIZE = "小五"  # footnotes: the annex leaves their size open

HEADING_INDENT_CHARS = 2  # 一级标题 first-line indent, in characters
SIGNATURE_INDENT_SHARE = 0.4  # signature and seal lines start 40 % into the line
SINGLE_LINE = 240  # w:line for single spacing (lineRule auto)
# Sizes the annex leaves open: GB/T 9704 page numbers are 四号 宋体; the cover title and the form are our choice.
PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE = "宋体", "四号"
TITLE_SIZE, FORM_SIZE = "二号", "小四"
THEME_FONT_ATTRIBUTES = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
ALIGNMENTS = {"justify": "both", "left": "left"}


@dataclass(frozen=True)
class ParagraphStyle:
    style_id: str
    name: str
    font: str
    size_pt: float
    bold: bool
    align: str  # w:jc value
    line: int  # w:line, lineRule auto
    indent_chars: int = 0  # first-line indent in characters
    left_twips: int = 0
    outline_level: int | None = None
    keep_next: bool = False
    after_twips: int = 0
    based_on: str | None = NORMAL
    custom: bool = True


def style_specs(fmt: Formatting, text_width_twips: int) -> list[ParagraphStyle]:
    """The paragraph styles of the templates; the first three are the annex's 正文, 一级标题 and 二级标题."""
    body, h1, h2 = fmt.body, fmt.heading1, fmt.heading2
    jc = ALIGNMENTS[fmt.alignment]
    line = round(SINGLE_LINE * fmt.line_spacing)
    form_pt = FONT_SIZES_PT[FORM_SIZE]
    return [
        ParagraphStyle(NORMAL, "Normal", body.font, body.size_pt, body.bold, jc, line, 2, based_on=None, custom=False),
        ParagraphStyle(HEADING_1, "heading 1", h1.font, h1.size_pt, h1.bold, jc, line, HEADING_INDENT_CHARS,
                       outline_level=0, keep_next=True, custom=False),
        ParagraphStyle(HEADING_2, "heading 2", h2.font, h2.size_pt, h2.bold, jc, line, 2, outline_level=1,
                       keep_next=True, custom=False),
        ParagraphStyle(TITLE, "Title", h1.font, FONT_SIZES_PT[TITLE_SIZE], False, "center", line, custom=False),
        ParagraphStyle(CENTRED_HEADING, "居中标题", h1.font, h1.size_pt, h1.bold, "center", line,
                       outline_level=0, keep_next=True, after_twips=round(h1.size_pt * 20)),
        ParagraphStyle(ATTACHMENT_LABEL, "附件标识", h1.font, h1.size_pt, False, "left", line, keep_next=True),
        ParagraphStyle(COVER_LABEL, "封面标签", body.font, h1.size_pt, False, "distribute", line),
        ParagraphStyle(COVER_FIELD, "封面栏目", body.font, h1.size_pt, False, "left", line),
        ParagraphStyle(FORM_LABEL, "表格标签", body.font, form_pt, False, "center", SINGLE_LINE),
        ParagraphStyle(FORM_TEXT, "表格文字", body.font, form_pt, False, "left", SINGLE_LINE),
        ParagraphStyle(SIGNATURE, "签章栏", body.font, body.size_pt, False, "left", line,
                       left_twips=round(text_width_twips * SIGNATURE_INDENT_SHARE)),
        ParagraphStyle(PAGE_NUMBER, "页码", PAGE_NUMBER_FONT, FONT_SIZES_PT[PAGE_NUMBER_SIZE], False, "center",
                       SINGLE_LINE),
    ]


def prose_style_specs(fmt: Formatting) -> list[ParagraphStyle]:
    """Figures (centred, kept with their caption), captions and footnotes in an applicant's prose."""
    body, jc = fmt.body, ALIGNMENTS[fmt.alignment]
    line = round(SINGLE_LINE * fmt.line_spacing)
    return [
        ParagraphStyle(FIGURE, "图", body.font, body.size_pt, False, "center", SINGLE_LINE, keep_next=True,
                       custom=False),
        ParagraphStyle(CAPTION, "caption", body.font, FONT_SIZES_PT[FORM_SIZE], False, "center", line,
                       custom=False),
        ParagraphStyle(FOOTNOTE_TEXT, "footnote text", body.font, FONT_SIZES_PT[NOTE_SIZE], False, jc, SINGLE_LINE,
                       custom=False),
    ]


def add_prose_styles(styles, fmt: Formatting) -> None:
    """Define the prose styles (and the footnote mark's character style) in a w:styles element."""
    for spec in prose_style_specs(fmt):
        _replace_style(styles, _style_element(spec))
    mark = el("w:style", {"w:type": "character", "w:styleId": FOOTNOTE_REFERENCE},
              el("w:name", {"w:val": "footnote reference"}), el("w:rPr", None, el("w:vertAlign", {"w:val": "superscript"})))
    _replace_style(styles, mark)


def fonts_element(font: str):
    """w:rFonts naming `font` in every slot; the East Asian slot is what Chinese text uses."""
    name = WORD_NAMES.get(font, font)
    return el("w:rFonts", {"w:ascii": name, "w:hAnsi": name, "w:eastAsia": name, "w:cs": name, "w:hint": "eastAsia"})


def _run_properties(font: str, size_pt: float, bold: bool):
    off = {} if bold else {"w:val": "0"}
    size = half_points(size_pt)
    return el("w:rPr", None, fonts_element(font), el("w:b", off), el("w:bCs", off),
              el("w:sz", {"w:val": size}), el("w:szCs", {"w:val": size}))


def _paragraph_properties(spec: ParagraphStyle):
    ppr = el("w:pPr")
    if spec.keep_next:
        ppr.append(el("w:keepNext"))
    ppr.append(el("w:spacing", {"w:before": 0, "w:after": spec.after_twips, "w:line": spec.line,
                                "w:lineRule": "auto"}))
    first_line = round(spec.indent_chars * spec.size_pt * 20)
    ppr.append(el("w:ind", {"w:left": spec.left_twips, "w:firstLineChars": spec.indent_chars * 100,
                            "w:firstLine": first_line}))
    ppr.append(el("w:jc", {"w:val": spec.align}))
    if spec.outline_level is not None:
        ppr.append(el("w:outlineLvl", {"w:val": spec.outline_level}))
    return ppr


def _style_element(spec: ParagraphStyle):
    attrs = {"w:type": "paragraph", "w:styleId": spec.style_id}
    if spec.style_id == NORMAL:
        attrs["w:default"] = "1"
    if spec.custom:
        attrs["w:customStyle"] = "1"
    style = el("w:style", attrs, el("w:name", {"w:val": spec.name}))
    if spec.based_on:
        style.append(el("w:basedOn", {"w:val": spec.based_on}))
        style.append(el("w:next", {"w:val": NORMAL}))
    style.append(el("w:qFormat"))
    style.append(_paragraph_properties(spec))
    style.append(_run_properties(spec.font, spec.size_pt, spec.bold))
    return style


def _find_style(styles, style_id: str):
    for style in styles.findall(qn("w:style")):
        if style.get(qn("w:styleId")) == style_id:
            return style
    return None


def _replace_style(styles, new) -> None:
    """Put `new` in place of the style with the same id (dropping its linked character style), or append it."""
    old = _find_style(styles, new.get(qn("w:styleId")))
    if old is None:
        styles.append(new)
        return
    link = old.find(qn("w:link"))
    if link is not None and (linked := _find_style(styles, link.get(qn("w:val")))) is not None:
        styles.remove(linked)
    old.addprevious(new)
    styles.remove(old)


def _set_doc_defaults(styles, fmt: Formatting) -> None:
    defaults = styles.find(qn("w:docDefaults"))
    for child in list(defaults):
        defaults.remove(child)
    size = half_points(fmt.body.size_pt)
    rpr = el("w:rPr", None, fonts_element(fmt.body.font), el("w:sz", {"w:val": size}),
             el("w:szCs", {"w:val": size}),
             el("w:lang", {"w:val": "en-US", "w:eastAsia": "zh-CN", "w:bidi": "ar-SA"}))
    line = round(SINGLE_LINE * fmt.line_spacing)
    # widow control: no paragraph leaves its first or last line alone on a page
    ppr = el("w:pPr", None, el("w:widowControl"),
             el("w:spacing", {"w:after": 0, "w:line": line, "w:lineRule": "auto"}))
    defaults.append(el("w:rPrDefault", None, rpr))
    defaults.append(el("w:pPrDefault", None, ppr))


def strip_theme_fonts(element) -> None:
    """Remove theme-font attributes (they override named fonts in Word); drop w:rFonts left empty."""
    for fonts in list(element.iter(qn("w:rFonts"))):
        for name in THEME_FONT_ATTRIBUTES:
            fonts.attrib.pop(qn(name), None)
        if not fonts.attrib:
            fonts.getparent().remove(fonts)


def _prune(styles, keep: set[str]) -> None:
    """Drop every style that is not in `keep`, a default style, or reachable from those (basedOn, next, link):
    the template's other 150 styles only add fonts (Courier, theme fonts) and size."""
    by_id = {s.get(qn("w:styleId")): s for s in styles.findall(qn("w:style"))}
    todo = [i for i, s in by_id.items() if i in keep or s.get(qn("w:default")) == "1"]
    reachable: set[str] = set()
    while todo:
        style_id = todo.pop()
        if style_id in reachable or style_id not in by_id:
            continue
        reachable.add(style_id)
        for ref in ("w:basedOn", "w:next", "w:link"):
            found = by_id[style_id].find(qn(ref))
            if found is not None:
                todo.append(found.get(qn("w:val")))
    for style_id, style in by_id.items():
        if style_id not in reachable:
            styles.remove(style)


def apply_styles(styles, fmt: Formatting, text_width_twips: int) -> None:
    """Define the kit's styles in a styles part root element (w:styles) and keep only those."""
    _set_doc_defaults(styles, fmt)
    specs = style_specs(fmt, text_width_twips)
    for spec in specs:
        _replace_style(styles, _style_element(spec))
    _prune(styles, {spec.style_id for spec in specs})
    strip_theme_fonts(styles)
