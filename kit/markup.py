"""Applicants' Markdown → safe HTML. Raw HTML in the source is shown literally, never interpreted.

An image alone in its paragraph is a figure, its alt text the caption (`![网络拓扑图](figures/拓扑.png)`), as pandoc
reads it for Word; footnotes (`[^1]`) are Python-Markdown's.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from xml.etree import ElementTree

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from .columns import column_shares

EXTENSIONS = ["tables", "sane_lists", "footnotes"]
ImageAttributes = Callable[[str], dict[str, str]]  # an image's src → the attributes to give it (src, style, …)


@dataclass(frozen=True)
class TableMeasure:
    """How wide an applicant's tables are laid out, in em of their own text, and what each cell adds."""
    width_em: float
    cell_extra_em: float


def to_html(text: str, tables: TableMeasure | None = None, images: ImageAttributes | None = None) -> str:
    """Markdown (headings, paragraphs, lists, pipe tables, emphasis, figures, footnotes) to HTML; '<', '>' and '&'
    stay literal. With *tables*, every table starts with a <colgroup> giving its column widths (kit.columns);
    with *images*, every image gets the attributes it returns for its src."""
    escaped = html.escape(text, quote=False)  # no raw HTML, no entities of the applicant's own
    extensions = EXTENSIONS + [_Figures(images)] + ([_ColumnWidths(tables)] if tables else [])
    return markdown.markdown(escaped, extensions=extensions, output_format="html")


def image_sources(text: str) -> list[str]:
    """The src of every image in *text*, in order."""
    import lxml.html

    if "![" not in text:
        return []
    root = lxml.html.fragment_fromstring(to_html(text), create_parent="div")
    return [img.get("src") or "" for img in root.iter("img")]


class _Figures(Extension):
    def __init__(self, images: ImageAttributes | None):
        super().__init__()
        self.images = images

    def extendMarkdown(self, md):  # noqa: N802 (Python-Markdown's name)
        md.treeprocessors.register(_FiguresProcessor(md, self.images), "figures", 6)  # after inline


class _FiguresProcessor(Treeprocessor):
    """<p><img alt="图题"></p> → <figure><img><figcaption>图题</figcaption></figure>; images get their attributes."""

    def __init__(self, md, images: ImageAttributes | None):
        super().__init__(md)
        self.images = images

    def run(self, root):
        for p in list(root.iter("p")):
            children = list(p)
            if (len(children) == 1 and children[0].tag == "img" and not (p.text or "").strip()
                    and not (children[0].tail or "").strip()):
                p.tag = "figure"
                if children[0].get("alt"):
                    ElementTree.SubElement(p, "figcaption").text = children[0].get("alt")
        if self.images:
            for img in root.iter("img"):
                for name, value in self.images(img.get("src") or "").items():
                    img.set(name, value)


_STASHED = re.compile("\x02[^\x03]*\x03")  # an entity such as &lt; waits here as a placeholder: one character


class _ColumnWidths(Extension):
    def __init__(self, measure: TableMeasure):
        super().__init__()
        self.measure = measure

    def extendMarkdown(self, md):  # noqa: N802 (Python-Markdown's name)
        md.treeprocessors.register(_ColumnWidthsProcessor(md, self.measure), "column_widths", 5)  # after inline


class _ColumnWidthsProcessor(Treeprocessor):
    def __init__(self, md, measure: TableMeasure):
        super().__init__(md)
        self.measure = measure

    def run(self, root):
        for table in root.iter("table"):
            rows = [[_STASHED.sub("x", "".join(cell.itertext())) for cell in tr if cell.tag in ("th", "td")]
                    for tr in table.iter("tr")]
            shares = column_shares(rows, self.measure.width_em, self.measure.cell_extra_em)
            colgroup = ElementTree.Element("colgroup")
            for share in shares:
                ElementTree.SubElement(colgroup, "col", style=f"width: {share * 100:.2f}%")
            table.insert(0, colgroup)


def plain_text(text: str) -> str:
    """What a reader sees of *text* once rendered: Markdown syntax removed, blocks on their own lines.
    Lengths are counted on this, so that a .yaml and the .docx built from it give the same figures."""
    import lxml.html

    if not text.strip():
        return ""
    root = lxml.html.fragment_fromstring(to_html(text), create_parent="div")
    for note in [*root.find_class("footnote"), *root.xpath(".//sup[starts-with(@id, 'fnref')]")]:
        note.drop_tree()  # footnotes are not counted: the checker reads a .docx's body, where they are not
    for block in root.iter("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th", "tr", "figcaption"):
        block.tail = "\n" + (block.tail or "")
    return root.text_content().strip()
