"""A filled application's documents as data for the Typst template (kit/templates/filled.typ): the edition's
text and formatting, the applicant's values, and their Markdown as a tree of nodes. The applicant's text travels
as JSON strings and is shown as text: nothing of it is ever read as markup.

The Markdown is read once, by kit.markup (the same HTML, column widths, figures and footnotes as the site and the
checker), and its HTML, parsed once, turned into nodes: a string is text, {"t": tag, "c": children, …} an element."""

from __future__ import annotations

import re
from pathlib import Path

from ..docx.layout import SPACIOUS_JOINT_BLOCKS, plan_heading
from ..edition import Edition
from ..errors import BuildError
from ..figures import Figures
from ..filling import FilledApplication, FilledDeclaration
from ..fonts import stack
from ..formgrid import (DECLARATION_DATE_FIELD, DECLARATION_UNIT_FIELD, LABEL_BREAKS, NATURE_NOTE_FIELD,
                        SEAL_BOXES, basic_info_grid, date_fields, nature_field)
from ..markup import TableMeasure, to_html
from ..reproducible import build_datetime

PROSE_TABLE = {"font_pt": 12, "padding_mm": 1.5, "border_pt": 0.6}  # applicants' tables, as the template draws them
MM_PER_PT = 25.4 / 72
FICTIONAL_NOTE = "虚构示例：文中所有单位、代码、人员和金额均为虚构，仅供参考"


def formatting(edition: Edition) -> dict:
    fmt = edition.formatting
    return {
        "page_mm": list(fmt.page_mm),
        "text_width_mm": fmt.text_width_mm,
        "margins_mm": fmt.margins_mm.model_dump(),
        "body_pt": fmt.body.size_pt,
        "heading1_pt": fmt.heading1.size_pt,
        "heading2_pt": fmt.heading2.size_pt,
        "line_height": fmt.line_height_em,
        "justify": fmt.alignment == "justify",
        "fonts": {
            "body": stack(fmt.body.font),
            "heading1": stack(fmt.heading1.font),
            "heading2_bold": stack(fmt.heading2.font, bold=True),
            "emphasis": stack(fmt.heading1.font),  # bold text: 黑体 at its regular weight, as in the HTML
        },
    }


def _document(edition: Edition, kind: str, title: str, fictional: bool) -> dict:
    now = build_datetime()
    return {"kind": kind, "title": title, "fictional": fictional, "fictional_note": FICTIONAL_NOTE,
            "date": [now.year, now.month, now.day, now.hour, now.minute, now.second],
            "fmt": formatting(edition), "prose_table": PROSE_TABLE}


def _date(values: dict, field_id: str) -> list[str]:
    return [str(values.get(part, "")) for part in date_fields(field_id)]


def _declaration(edition: Edition, values: dict) -> dict:
    decl = edition.declaration
    return {"title": decl.title, "preamble": decl.preamble, "lead_in": decl.lead_in, "items": decl.items,
            "closing": decl.closing, "signature": decl.signature, "seal": SEAL_BOXES["declaration"],
            "unit": str(values.get(DECLARATION_UNIT_FIELD, "")), "date": _date(values, DECLARATION_DATE_FIELD)}


def _form(edition: Edition, filled: FilledApplication) -> list[list[dict]]:
    values = filled.values
    rows = []
    for row in basic_info_grid(edition.form, joint_rows=max(filled.joint_units, 1)):
        cells = []
        for cell in row:
            item = {"role": cell.role, "segments": [p for p in LABEL_BREAKS.split(cell.text) if p],
                    "kind": cell.kind, "colspan": cell.colspan, "rowspan": cell.rowspan,
                    "value": str(values.get(cell.field, "")) if cell.field else ""}
            if cell.role == "value" and cell.kind == "choice":
                item["ticks"] = [{"label": o.label, "ticked": bool(values.get(nature_field(o.id))),
                                  **({"note": str(values.get(NATURE_NOTE_FIELD, ""))} if o.needs_note else {})}
                                 for o in edition.form.natures]
            cells.append(item)
        rows.append(cells)
    return rows


def annex_data(edition: Edition, filled: FilledApplication) -> tuple[dict, dict[str, bytes]]:
    """The 工作方案's data for the template, and the figure files it names ({file name: bytes})."""
    annex = edition.annex
    files: dict[str, bytes] = {}
    prose = ProseNodes(edition, filled.figures, files)
    data = _document(edition, "annex", filled.title, filled.fictional)
    data["annex"] = {
        "attachment_label": annex.attachment_label,
        "appendix_label": annex.appendix_label,
        "title_lines": annex.title_lines,
        "cover": [{"label": f.label, "date": _date(filled.values, f.id)} if f.kind == "date" else
                  {"label": f.label, "value": str(filled.values.get(f.id, "")), "suffix": f.suffix or ""}
                  for f in annex.cover],
        "instructions_title": annex.instructions_title,
        "instructions": annex.instructions,
        "basic_info_heading": annex.basic_info_heading,
        "basic_info_subheading": annex.basic_info_subheading,
        "form": _form(edition, filled),
        "pledge": {"title": annex.pledge.title, "text": annex.pledge.text,
                   "lead_signature": annex.pledge.lead_signature, "joint_signature": annex.pledge.joint_signature,
                   "lead_seal": SEAL_BOXES["lead"], "joint_seal": SEAL_BOXES["joint"],
                   "joint_blocks": filled.joint_units, "compact": filled.joint_units > SPACIOUS_JOINT_BLOCKS},
        "narrative_note": annex.narrative_note,
        "parts": [{"heading": part.heading, "body": prose(filled.prose.get(part.id, ""))} for part in annex.parts],
        "service_plan_title": annex.service_plan.title,
        "plans": [{"heading": plan_heading(n, plan.title or ""), "body": prose(plan.text)}
                  for n, plan in enumerate(filled.plans, 1)],
        "declaration": _declaration(edition, filled.values),
    }
    return data, files


def declaration_data(edition: Edition, declaration: FilledDeclaration) -> dict:
    title = f"{edition.declaration.title}（{declaration.unit_name}）"  # each unit's: the files are told apart by it
    data = _document(edition, "declaration", title, declaration.fictional)
    data["declaration"] = _declaration(edition, declaration.values)
    return data


# The applicant's Markdown as nodes ---------------------------------------------------------------------------

_SPACE = re.compile(r"\s+")
BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "table", "figure", "blockquote", "hr", "div"}
CELLS = {"td", "th"}
RENAMED = {"b": "strong", "i": "em"}
MAX_NESTING = 12  # lists and quotes nested deeper are shown as plain paragraphs (Typst's JSON and calls have limits)


def prose_table_measure(edition: Edition) -> TableMeasure:
    """The width of the page's text and of a cell's padding and borders, in em of a table's text."""
    em_mm = PROSE_TABLE["font_pt"] * MM_PER_PT
    extra_mm = 2 * PROSE_TABLE["padding_mm"] + PROSE_TABLE["border_pt"] * MM_PER_PT
    return TableMeasure(width_em=edition.formatting.text_width_mm / em_mm, cell_extra_em=extra_mm / em_mm)


class ProseNodes:
    """Markdown → nodes for the template; each figure is named fig-N.ext, its bytes put in *files*."""

    def __init__(self, edition: Edition, figures: Figures, files: dict[str, bytes]):
        self.edition = edition
        self.figures = figures
        self.files = files
        self.notes: dict[str, str] = {}  # footnote id → its text

    def __call__(self, markdown_text: str) -> list:
        import lxml.html

        if not markdown_text.strip():
            return []
        html = to_html(markdown_text, prose_table_measure(self.edition), images=self._image)
        root = lxml.html.fragment_fromstring(html, create_parent="div")
        self.notes = _footnotes(root)
        return self._children(root)

    def _image(self, src: str) -> dict[str, str]:
        figure = self.figures.get(src)
        if figure is None:
            raise BuildError(f"无法识别图片“{src[:120]}”的写法", hint="把图片单独写成一段：![图题](相对路径)")
        fmt = self.edition.formatting
        name = f"fig-{len(self.files) + 1}.{figure.media_type.rsplit('/', 1)[-1].split('+')[0]}"
        self.files[name] = figure.data
        width, height = figure.display_mm(fmt.text_width_mm, fmt.text_height_mm)
        return {"src": name, "width": f"{width:.2f}", "height": f"{height:.2f}"}  # mm

    def _children(self, element, depth: int = 0) -> list:
        nodes: list = [element.text] if element.text else []
        for child in element:
            if isinstance(child.tag, str):  # not a comment
                node = self._node(child, depth + 1)
                if node is not None:
                    nodes.append(node)
            if child.tail:
                nodes.append(child.tail)
        nodes = [_text(n) if isinstance(n, str) else n for n in nodes]
        if any(isinstance(n, dict) and n["t"] in BLOCKS for n in nodes):  # between blocks: no loose text
            nodes = [n for n in nodes if not isinstance(n, str) or n.strip()]
        if element.tag in BLOCKS | CELLS:
            if nodes and isinstance(nodes[0], str):
                nodes[0] = nodes[0].lstrip()
            if nodes and isinstance(nodes[-1], str):
                nodes[-1] = nodes[-1].rstrip()
        return [n for n in nodes if n != ""]

    def _node(self, element, depth: int) -> dict | str | None:
        tag = RENAMED.get(element.tag, element.tag)
        if depth > MAX_NESTING:
            text = _text(" ".join(element.itertext())).strip()
            return {"t": "p", "c": [text]} if tag in BLOCKS else text
        if tag == "sup" and (element.get("id") or "").startswith("fnref"):  # a footnote, where it is called
            link = element.find("a")
            note = self.notes.get((link.get("href") or "").lstrip("#")) if link is not None else None
            if note is not None:
                return {"t": "fn", "c": [note]}
        if tag == "table":
            return self._table(element, depth)
        if tag == "figure":
            img = element.find(".//img")
            caption = element.find("figcaption")
            if img is None:
                return None
            return {**_image(img), "t": "figure",
                    "caption": _text(caption.text_content()).strip() if caption is not None else ""}
        if tag == "img":
            return {**_image(element), "t": "img", "alt": element.get("alt") or ""}
        if tag == "code":
            return {"t": "code", "c": [element.text_content()]}
        node = {"t": tag, "c": self._children(element, depth)}  # the template shows an unknown tag's content
        if tag == "ol" and element.get("start"):
            node["start"] = int(element.get("start"))
        return node

    def _table(self, element, depth: int) -> dict:
        widths = [float(col.get("style", "").split(":")[1].strip().rstrip("%")) for col in element.iter("col")]
        head, rows = [], []
        for tr in element.iter("tr"):
            cells = [{"t": cell.tag, "colspan": int(cell.get("colspan") or 1), "c": self._children(cell, depth + 2)}
                     for cell in tr if cell.tag in CELLS]
            (head if tr.getparent().tag == "thead" else rows).append({"c": cells})
        if not widths:
            count = max((len(r["c"]) for r in head + rows), default=1)
            widths = [100 / count] * count
        return {"t": "table", "w": widths, "head": head, "rows": rows}


def _image(img) -> dict:
    """An <img> made by ProseNodes._image: its file and its size in mm."""
    return {"src": img.get("src"), "w": float(img.get("width")), "h": float(img.get("height"))}


def _footnotes(root) -> dict[str, str]:
    """Python-Markdown's footnotes (listed after the text) taken out of *root*: {id: the note's text}. Each is
    shown where it is called, as a Typst footnote at the foot of that page."""
    notes = {}
    for li in root.xpath(".//div[@class='footnote']/ol/li"):
        for back in li.find_class("footnote-backref"):
            back.drop_tree()
        notes[li.get("id")] = li.text_content().strip()
    for div in root.find_class("footnote"):
        div.drop_tree()
    return notes


def _text(text: str) -> str:
    """HTML's white space, as the Word document has it too (pandoc): a run of it, line breaks included, is one
    space."""
    return _SPACE.sub(" ", text)


# Jobs for kit.pdf.typeset ----------------------------------------------------------------------------------------

def filled_jobs(edition: Edition, filled: FilledApplication, annex_target: Path,
                declarations: list[tuple[FilledDeclaration, Path]]) -> list[tuple]:
    """The 工作方案 and every unit's 责任声明 as (data, files, target) for kit.pdf.typeset.typeset_all: made here,
    laid out wherever that runs (kit.assemble: in a process of its own)."""
    data, files = annex_data(edition, filled)
    return [(data, files, annex_target)] + [(declaration_data(edition, d), {}, target) for d, target in declarations]
