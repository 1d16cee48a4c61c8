"""Markdown → WordprocessingML blocks (w:p, w:tbl) for the long parts of a filled application.

### headings become the annex's 二级标题 (Heading 2); #### and deeper become bold body paragraphs; lists keep their
markers as text; pipe tables become real, bordered Word tables; **bold** and *italic* survive.
"""

from __future__ import annotations

import lxml.html

from ..columns import column_shares
from ..edition import FONT_SIZES_PT
from ..markup import to_html
from .formtable import BORDER, CELL_MARGIN_TWIPS, set_table_properties
from .ooxml import el, run
from .styles import FORM_SIZE, FORM_TEXT, HEADING_2, NORMAL


def _runs(node, bold: bool = False, italic: bool = False) -> list:
    """Inline content of an HTML element as runs."""
    out = []

    def props():
        children = []
        if bold:
            children.append(el("w:b"))
        if italic:
            children.append(el("w:i"))
        return el("w:rPr", None, *children) if children else None

    if node.text:
        out.append(run(node.text, props()))
    for child in node:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == "br":
            out.append(el("w:r", None, el("w:br")))
        else:
            out += _runs(child, bold or tag in ("strong", "b"), italic or tag in ("em", "i"))
        if child.tail:
            out.append(run(child.tail, props()))
    return out


def _paragraph(style: str, runs: list, bold_all: bool = False):
    p = el("w:p", None, el("w:pPr", None, el("w:pStyle", {"w:val": style})))
    for r in runs:
        if bold_all:
            rpr = r.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}rPr")
            if rpr is None:
                rpr = el("w:rPr")
                r.insert(0, rpr)
            rpr.append(el("w:b"))
        p.append(r)
    return p


def _list_items(node, depth: int) -> list:
    blocks = []
    ordered = node.tag == "ol"
    for number, item in enumerate((c for c in node if c.tag == "li"), int(node.get("start", 1))):
        marker = f"{number}. " if ordered else "• "
        nested = [c for c in item if c.tag in ("ul", "ol")]
        for c in nested:
            item.remove(c)
        inline = item.find("p") if item.find("p") is not None else item
        blocks.append(_paragraph(NORMAL, [run("\u3000" * depth + marker)] + _runs(inline)))
        for c in nested:
            blocks += _list_items(c, depth + 1)
    return blocks


def _table(node, text_width: int):
    rows = node.findall(".//tr")
    texts = [[c.text_content() for c in r if c.tag in ("th", "td")] for r in rows]
    em = FONT_SIZES_PT[FORM_SIZE] * 20  # twips
    extra = 2 * CELL_MARGIN_TWIPS + BORDER["w:sz"] * 20 / 8  # w:sz is in eighths of a point
    widths = [round(text_width * share) for share in column_shares(texts, text_width / em, extra / em)] or [text_width]
    columns = len(widths)
    tbl_pr = el("w:tblPr")
    set_table_properties(tbl_pr, text_width)
    tbl = el("w:tbl", None, tbl_pr, el("w:tblGrid", None, *(el("w:gridCol", {"w:w": w}) for w in widths)))
    for r in rows:
        tr = el("w:tr")
        cells = [c for c in r if c.tag in ("th", "td")]
        for c, width in zip(cells + [None] * (columns - len(cells)), widths):
            tc = el("w:tc", None, el("w:tcPr", None, el("w:tcW", {"w:w": width, "w:type": "dxa"})))
            runs = _runs(c) if c is not None else []
            tc.append(_paragraph(FORM_TEXT, runs, bold_all=c is not None and c.tag == "th"))
            tr.append(tc)
        tbl.append(tr)
    return tbl


def blocks(markdown_text: str, text_width: int) -> list:
    """The Word block elements for *markdown_text*."""
    if not markdown_text.strip():
        return [_paragraph(NORMAL, [])]
    root = lxml.html.fragment_fromstring(to_html(markdown_text), create_parent="div")
    out = []
    for node in root:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in ("h1", "h2", "h3"):
            out.append(_paragraph(HEADING_2, _runs(node)))
        elif tag in ("h4", "h5", "h6"):
            out.append(_paragraph(NORMAL, _runs(node), bold_all=True))
        elif tag in ("ul", "ol"):
            out += _list_items(node, 0)
        elif tag == "table":
            out.append(_table(node, text_width))
            out.append(_paragraph(NORMAL, []))  # Word needs a paragraph between a table and what follows
        elif tag == "hr":
            continue
        else:
            out.append(_paragraph(NORMAL, _runs(node)))
    return out
