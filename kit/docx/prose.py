"""Applicants' Markdown → Word through pandoc, merged into a kit document with the annex's styles.

All the Markdown texts of one document go to pandoc in a single run, separated by marker paragraphs that no
applicant can type (they carry a hash of the whole input). Pandoc's .docx is then taken apart and its body
merged into the kit's document:

- styles: pandoc's are mapped onto the annex's (###-headings → 二级标题, text → 正文, tables → 表格文字 in the kit's
  bordered tables, figures and captions centred, footnotes 小五);
- lists: real Word numbering (1. → （1） → ①; bullets •), one restart per list, indented by characters;
- figures: the checked image bytes only (kit.figures) — a pandoc filter maps every image to a copy of them, so
  pandoc reads nothing else — sized to the text width; an SVG keeps its vector form, with a PNG for editors that
  need one (rsvg-convert);
- footnotes and links: their parts and relationships move along.
"""

from __future__ import annotations

import hashlib
import html
import re
import subprocess
import tempfile
import zipfile
from pathlib import Path

from docx.document import Document
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part, XmlPart
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from lxml import etree

from ..columns import column_shares
from ..edition import FONT_SIZES_PT, Edition
from ..errors import BuildError
from ..figures import Figures
from .formtable import BORDER, CELL_MARGIN_TWIPS, set_table_properties
from .ooxml import el, twips_from_mm
from .styles import (CAPTION, FIGURE, FOOTNOTE_REFERENCE, FOOTNOTE_TEXT, FORM_SIZE, FORM_TEXT, HEADING_2, NORMAL,
                     add_prose_styles)

# Pandoc's Markdown closest to Python-Markdown's (kit.markup, which the PDF and the checker use).
READER = "markdown_strict+pipe_tables+footnotes+implicit_figures"
EMU_PER_MM = 36000
SVG_FALLBACK_PX_PER_MM = 8  # the PNG pandoc draws beside an SVG: about 200 dpi
PANDOC_TIMEOUT_S = 120
NS = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
      "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
      "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
      "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
      "rel": "http://schemas.openxmlformats.org/package/2006/relationships"}
R_EMBED, R_ID = f"{{{NS['r']}}}embed", f"{{{NS['r']}}}id"
STYLE_MAP = {"Heading1": HEADING_2, "Heading2": HEADING_2, "Heading3": HEADING_2, "CaptionedFigure": FIGURE,
             "Figure": FIGURE, "ImageCaption": CAPTION, "TableCaption": CAPTION, "FootnoteText": FOOTNOTE_TEXT}
BOLD_HEADINGS = {"Heading4", "Heading5", "Heading6"}  # #### and deeper: bold 正文, as before
# Word numbering, in the way Chinese documents number: 1. → （1） → ① → 1. …; bullets • ◦ ▪.
ORDERED_LEVELS = [("decimal", "%1."), ("decimal", "（%2）"), ("decimalEnclosedCircle", "%3")]
BULLET_LEVELS = ["•", "◦", "▪"]
LIST_HANGING_CHARS = 2.5


def prose_blocks(doc: Document, edition: Edition, texts: list[str], figures: Figures) -> list[list]:
    """The Word blocks of each Markdown text, from one pandoc run; numbering, images, footnotes and links are
    added to *doc*'s package."""
    if not any(t.strip() for t in texts):
        return [[_empty()] for _ in texts]
    nonce = "KIT" + hashlib.sha256("\0".join(texts).encode()).hexdigest()[:24]
    package = _run_pandoc(_pandoc_input(texts, nonce), figures)
    merger = _Merger(doc, edition, package, figures)
    blocks = merger.body()
    merger.footnotes()
    return [part or [_empty()] for part in _split(blocks, nonce, len(texts))]


def _empty():
    return el("w:p", None, el("w:pPr", None, el("w:pStyle", {"w:val": NORMAL})))


def _pandoc_input(texts: list[str], nonce: str) -> str:
    """One Markdown document: each text escaped as kit.markup does (no raw HTML; '<', '&' literal), its footnote
    labels made its own, and a marker paragraph before it."""
    out = []
    for number, text in enumerate(texts):
        escaped = html.escape(text, quote=False)
        escaped = re.sub(r"\[\^([^\]\s]+)\]", lambda m: f"[^{number}-{m.group(1)}]", escaped)
        out += [f"{nonce}-{number}", escaped]
    return "\n\n".join(out) + "\n"


def _lua_string(text: str) -> str:
    return '"' + "".join(f"\\{b}" for b in text.encode()) + '"'


def _filter(names: dict[str, str]) -> str:
    """A pandoc Lua filter: every image to a copy of its checked bytes; any other image stops the run."""
    table = ",\n".join(f"  [{_lua_string(src)}] = {_lua_string(name)}" for src, name in names.items())
    return ("local figures = {\n" + table + "\n}\n"
            "function Image(img)\n"
            "  local name = figures[img.src]\n"
            "  if name == nil then error('kit-unchecked-image: ' .. img.src) end\n"
            "  img.src = name\n"
            "  return img\n"
            "end\n")


def _run_pandoc(markdown: str, figures: Figures) -> dict[str, bytes]:
    import pypandoc

    names = {src: f"figure-{i}.{fig.kind}" for i, (src, fig) in enumerate(sorted(figures.items()), 1)}
    with tempfile.TemporaryDirectory(prefix="kit-pandoc-") as tmp:
        folder = Path(tmp)
        for src, name in names.items():
            (folder / name).write_bytes(_sized(figures[src]))
        (folder / "figures.lua").write_text(_filter(names), encoding="utf-8")
        command = [pypandoc.get_pandoc_path(), "--from", READER, "--to", "docx", "--lua-filter", "figures.lua",
                   "--resource-path", ".", "--output", "out.docx"]
        try:
            done = subprocess.run(command, input=markdown.encode(), cwd=folder, capture_output=True,
                                  timeout=PANDOC_TIMEOUT_S, check=False)
        except subprocess.TimeoutExpired:
            raise BuildError("pandoc 转换申请文本超时", hint="检查是否有异常长的表格或列表") from None
        if done.returncode != 0:
            message = done.stderr.decode(errors="replace")
            unchecked = re.search(r"kit-unchecked-image: ([^\n]*)", message)
            if unchecked:
                raise BuildError(f"无法识别图片“{unchecked.group(1)[:120]}”的写法",
                                 hint="把图片单独写成一段：![图题](相对路径)")
            raise BuildError(f"pandoc 无法转换申请文本：{message.strip()[:300]}")
        with zipfile.ZipFile(folder / "out.docx") as archive:
            return {name: archive.read(name) for name in archive.namelist()}


def _sized(figure) -> bytes:
    """The bytes handed to pandoc; an SVG gets a pixel size, which sets the resolution of pandoc's PNG copy."""
    if figure.kind != "svg":
        return figure.data
    root = etree.fromstring(figure.data, etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False))
    width = 160 * SVG_FALLBACK_PX_PER_MM
    if root.get("viewBox") is None:
        root.set("viewBox", f"0 0 {figure.width:g} {figure.height:g}")
    root.set("width", f"{width}")
    root.set("height", f"{width * figure.height / figure.width:.0f}")
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")


def _split(blocks: list, nonce: str, count: int) -> list[list]:
    parts: list[list] = [[] for _ in range(count)]
    current = None
    markers = {f"{nonce}-{i}": i for i in range(count)}
    for block in blocks:
        text = _text(block) if block.tag == qn("w:p") else None
        if text in markers:
            current = markers[text]
        elif current is not None:
            parts[current].append(block)
            if block.tag == qn("w:tbl"):
                parts[current].append(_empty())  # Word needs a paragraph between a table and what follows
    return parts


class _Merger:
    """Moves pandoc's body, numbering, media, footnotes and links into *doc*."""

    def __init__(self, doc: Document, edition: Edition, package: dict[str, bytes], figures: Figures):
        self.doc, self.package = doc, package
        fmt = edition.formatting
        self.width = twips_from_mm(fmt.text_width_mm)
        self.text_mm = fmt.text_width_mm, fmt.text_height_mm
        self.body_pt = fmt.body.size_pt
        self.figures = {f"figure-{i}.{fig.kind}": fig for i, (_, fig) in enumerate(sorted(figures.items()), 1)}
        self.lists = _list_kinds(package.get("word/numbering.xml"))
        self.numbers: dict[str, str] = {}  # pandoc numId → ours
        self.drawing_ids = 1000
        add_prose_styles(doc.styles.element, fmt)

    def body(self) -> list:
        root = etree.fromstring(self.package["word/document.xml"])
        body = root.find("w:body", NS)
        blocks = [b for b in body if b.tag in (qn("w:p"), qn("w:tbl"))]
        self._rewrite(body, "word/_rels/document.xml.rels", self.doc.part)
        return [parse_xml(etree.tostring(b)) for b in blocks]

    def footnotes(self) -> None:
        data = self.package.get("word/footnotes.xml")
        if data is None or b"<w:footnoteRef" not in data:
            return
        root = etree.fromstring(data)
        part = XmlPart(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, parse_xml(b"<x/>"), self.doc.part.package)
        self._rewrite(root, "word/_rels/footnotes.xml.rels", part)
        part._element = parse_xml(etree.tostring(root))
        self.doc.part.relate_to(part, RT.FOOTNOTES)

    def _rewrite(self, root, rels_name: str, part) -> None:
        rels = _relationships(self.package.get(rels_name))
        for p in root.iter(qn("w:p")):
            self._paragraph(p)
        for tbl in root.iter(qn("w:tbl")):
            self._table(tbl)
        for r in root.iter(qn("w:r")):
            rstyle = r.find("w:rPr/w:rStyle", NS)
            if rstyle is not None and rstyle.get(qn("w:val")) != FOOTNOTE_REFERENCE:
                rstyle.getparent().remove(rstyle)
        for hyperlink in root.iter(qn("w:hyperlink")):
            target = rels.get(hyperlink.get(R_ID))
            if target is not None:
                hyperlink.set(R_ID, part.relate_to(target[0], RT.HYPERLINK, is_external=True))
        for drawing in root.iter(qn("w:drawing")):
            self._drawing(drawing, rels, part)

    def _paragraph(self, p) -> None:
        if any(a.tag == qn("w:footnote") and a.get(qn("w:type")) for a in p.iterancestors()):
            return  # a footnote separator line: Word's own layout
        ppr = p.find("w:pPr", NS)
        if ppr is None:
            ppr = etree.Element(qn("w:pPr"))
            p.insert(0, ppr)
        pstyle = ppr.find("w:pStyle", NS)
        old = pstyle.get(qn("w:val")) if pstyle is not None else ""
        if pstyle is None:
            pstyle = etree.Element(qn("w:pStyle"))
            ppr.insert(0, pstyle)
        in_table = any(a.tag == qn("w:tc") for a in p.iterancestors())
        pstyle.set(qn("w:val"), FORM_TEXT if in_table else STYLE_MAP.get(old, NORMAL))
        if old in BOLD_HEADINGS or (in_table and _in_header_row(p)):
            for r in p.iter(qn("w:r")):
                _bold(r)
        num = ppr.find("w:numPr", NS)
        if num is not None:
            self._list_item(ppr, num)

    def _list_item(self, ppr, num) -> None:
        level = int(num.find("w:ilvl", NS).get(qn("w:val")))
        num_id = num.find("w:numId", NS)
        theirs = num_id.get(qn("w:val"))
        if theirs not in self.numbers:
            self.numbers[theirs] = _add_list(self.doc, self.lists.get(theirs, "ordered"), self.body_pt)
        num_id.set(qn("w:val"), self.numbers[theirs])
        em = self.body_pt * 20
        hanging = round(em * LIST_HANGING_CHARS)
        ind = etree.SubElement(ppr, qn("w:ind"))
        ind.set(qn("w:left"), str(round(em * 2 * (level + 1)) + hanging))
        ind.set(qn("w:hanging"), str(hanging))
        ind.set(qn("w:firstLineChars"), "0")

    def _table(self, tbl) -> None:
        rows = tbl.findall("w:tr", NS)
        texts = [[_text(tc) for tc in tr.findall("w:tc", NS)] for tr in rows]
        em = FONT_SIZES_PT[FORM_SIZE] * 20
        extra = 2 * CELL_MARGIN_TWIPS + BORDER["w:sz"] * 20 / 8  # w:sz is in eighths of a point
        widths = [round(self.width * s) for s in column_shares(texts, self.width / em, extra / em)] or [self.width]
        set_table_properties(tbl.find("w:tblPr", NS), self.width)
        grid = tbl.find("w:tblGrid", NS)
        for col, width in zip(grid.findall("w:gridCol", NS), widths):
            col.set(qn("w:w"), str(width))
        for tr in rows:
            _keep_row_whole(tr)
            for tc, width in zip(tr.findall("w:tc", NS), widths):
                tcpr = tc.find("w:tcPr", NS)
                for old in list(tcpr):
                    tcpr.remove(old)
                tcw = etree.SubElement(tcpr, qn("w:tcW"))
                tcw.set(qn("w:w"), str(width))
                tcw.set(qn("w:type"), "dxa")

    def _drawing(self, drawing, rels: dict, part) -> None:
        for blip in drawing.iter(f"{{{NS['a']}}}blip", "{http://schemas.microsoft.com/office/drawing/2016/SVG/main}svgBlip"):
            target = rels.get(blip.get(R_EMBED))
            if target is not None:
                blip.set(R_EMBED, self._media(target[0], part))
        source = drawing.find(".//pic:cNvPr", NS)
        figure = self.figures.get(source.get("descr", "")) if source is not None else None
        doc_pr = drawing.find(".//wp:docPr", NS)
        if figure is not None:
            width, height = (round(v * EMU_PER_MM) for v in figure.display_mm(*self.text_mm))
            for extent in (drawing.find(".//wp:extent", NS), drawing.find(".//a:xfrm/a:ext", NS)):
                extent.set("cx", str(width))
                extent.set("cy", str(height))
        for pr in (doc_pr, source):
            if pr is not None:
                self.drawing_ids += 1
                pr.set("id", str(self.drawing_ids))
        if source is not None and doc_pr is not None:
            source.set("descr", doc_pr.get("descr", ""))

    def _media(self, target: str, part) -> str:
        name = "word/" + target if not target.startswith("/") else target[1:]
        ext = name.rsplit(".", 1)[-1].lower()
        media_type = {"png": CT.PNG, "jpg": CT.JPEG, "jpeg": CT.JPEG, "svg": "image/svg+xml"}[ext]
        package = self.doc.part.package
        image = Part(package.next_partname(f"/word/media/image%d.{ext}"), media_type, self.package[name], package)
        return part.relate_to(image, RT.IMAGE)


def _text(element) -> str:
    return "".join(t.text or "" for t in element.iter(qn("w:t")))


def _in_header_row(p) -> bool:
    tr = next((a for a in p.iterancestors() if a.tag == qn("w:tr")), None)
    return tr is not None and tr.find("w:trPr/w:tblHeader", NS) is not None


def _bold(r) -> None:
    rpr = r.find("w:rPr", NS)
    if rpr is None:
        rpr = etree.Element(qn("w:rPr"))
        r.insert(0, rpr)
    if rpr.find("w:b", NS) is None:
        rpr.append(etree.Element(qn("w:b")))


def _relationships(data: bytes | None) -> dict[str, tuple[str, str]]:
    """rId → (target, type) of a pandoc relationships part."""
    if not data:
        return {}
    return {rel.get("Id"): (rel.get("Target"), rel.get("Type"))
            for rel in etree.fromstring(data).findall("rel:Relationship", NS)}


def _list_kinds(data: bytes | None) -> dict[str, str]:
    """pandoc numId → "bullet" or "ordered"."""
    if not data:
        return {}
    root = etree.fromstring(data)
    abstract = {a.get(qn("w:abstractNumId")): a.find("w:lvl/w:numFmt", NS).get(qn("w:val"))
                for a in root.findall("w:abstractNum", NS)}
    return {n.get(qn("w:numId")): "bullet" if abstract.get(n.find("w:abstractNumId", NS).get(qn("w:val"))) == "bullet"
            else "ordered" for n in root.findall("w:num", NS)}


def _add_list(doc: Document, kind: str, body_pt: float) -> str:
    """A new list (w:num) over the kit's list definition of *kind*, restarting at 1; its numId."""
    numbering = _numbering(doc)
    abstract_id = {"ordered": "1", "bullet": "2"}[kind]
    if not numbering.xpath(f"w:abstractNum[@w:abstractNumId='{abstract_id}']"):
        first_num = numbering.find(qn("w:num"))
        definition = _abstract(abstract_id, kind)
        if first_num is not None:
            first_num.addprevious(definition)
        else:
            numbering.append(definition)
    num_id = str(len(numbering.findall(qn("w:num"))) + 1)
    numbering.append(el("w:num", {"w:numId": num_id}, el("w:abstractNumId", {"w:val": abstract_id})))
    return num_id


def _numbering(doc: Document):
    """The document's w:numbering, created on first use (the kit's templates carry none)."""
    try:
        return doc.part.part_related_by(RT.NUMBERING).element
    except KeyError:
        part = XmlPart(PackURI("/word/numbering.xml"), CT.WML_NUMBERING,
                       parse_xml(f'<w:numbering xmlns:w="{NS["w"]}"/>'), doc.part.package)
        doc.part.relate_to(part, RT.NUMBERING)
        return part.element


def _abstract(abstract_id: str, kind: str):
    definition = el("w:abstractNum", {"w:abstractNumId": abstract_id},
                    el("w:multiLevelType", {"w:val": "multilevel"}))
    for level in range(9):
        if kind == "ordered":
            fmt, text = ORDERED_LEVELS[level] if level < len(ORDERED_LEVELS) else ("decimal", f"%{level + 1}.")
        else:
            fmt, text = "bullet", BULLET_LEVELS[level % len(BULLET_LEVELS)]
        definition.append(el("w:lvl", {"w:ilvl": level}, el("w:start", {"w:val": 1}), el("w:numFmt", {"w:val": fmt}),
                             el("w:lvlText", {"w:val": text}), el("w:lvlJc", {"w:val": "left"})))
    return definition


def _keep_row_whole(tr) -> None:
    """w:cantSplit: a table row never splits across pages."""
    trpr = tr.find("w:trPr", NS)
    if trpr is None:
        trpr = etree.Element(qn("w:trPr"))
        before = tr.find("w:tblPrEx", NS)
        if before is not None:
            before.addnext(trpr)
        else:
            tr.insert(0, trpr)
    if trpr.find("w:cantSplit", NS) is None:
        trpr.insert(0, etree.Element(qn("w:cantSplit")))
