"""The 申报主体责任声明: standalone (one per applying unit) and as the annex's last attachment."""

from __future__ import annotations

from pathlib import Path

from docx.document import Document
from docx.oxml.ns import qn

from ..edition import Edition
from ..formgrid import DECLARATION_DATE_FIELD, DECLARATION_UNIT_FIELD
from . import layout
from .controls import ControlFactory
from .document import add_paragraph, new_document
from .package import save_document
from .styles import ATTACHMENT_LABEL, CENTRED_HEADING, SIGNATURE, SINGLE_LINE

UNIT_NAME_ALIAS = "申报单位名称"
UNIT_NAME_PLACEHOLDER = "点击填写单位全称"
DATE_ALIAS = "声明日期"


BLOCK_GAP_TWIPS = 240  # 12 pt between signature blocks that follow each other (no empty line: they must fit a page)


def add_signature_block(doc: Document, lines: list[str], keep_next: bool = False, gap: bool = False,
                        compact: bool = False) -> None:
    """Signature and seal lines, then the date line, in the right half of the page, kept on one page
    (*keep_next*: and on the page of what follows; *gap*: some space above, after another block; *compact*:
    single line spacing, so that many blocks still fit on the page of the text they sign)."""
    paragraphs = [add_paragraph(doc, line, SIGNATURE, keep_next=True) for line in lines]
    paragraphs.append(add_paragraph(doc, layout.DATE_LINE, SIGNATURE, keep_next=keep_next))
    spacing = [p.get_or_add_pPr().get_or_add_spacing() for p in paragraphs]
    if gap:
        spacing[0].set(qn("w:before"), str(BLOCK_GAP_TWIPS))
    for each in spacing if compact else ():
        each.set(qn("w:line"), str(SINGLE_LINE))
        each.set(qn("w:lineRule"), "auto")


def add_declaration(doc: Document, edition: Edition, controls: ControlFactory, unit_name: str | None = None,
                    *, attached: bool = False) -> None:
    """The declaration's official text. The unit's name follows the last signature line (the seal line); the
    date line is three controls. Tags are shared with the fill-in PDF (kit.formgrid)."""
    d = edition.declaration
    if attached:
        add_paragraph(doc, edition.annex.appendix_label, ATTACHMENT_LABEL, new_page=True)
    add_paragraph(doc, d.title, CENTRED_HEADING)
    add_paragraph(doc, d.preamble)
    add_paragraph(doc, d.lead_in)
    for number, item in enumerate(d.items, 1):
        add_paragraph(doc, layout.numbered(number, item))
    add_paragraph(doc, d.closing, keep_next=True)  # the signature stays on the page of the text it signs
    add_paragraph(doc, keep_next=True)
    for line in d.signature[:-1]:
        add_paragraph(doc, line, SIGNATURE, keep_next=True)
    seal_line = add_paragraph(doc, d.signature[-1] + layout.GAP, SIGNATURE, keep_next=True)
    seal_line.extend(controls.text(DECLARATION_UNIT_FIELD, UNIT_NAME_ALIAS, UNIT_NAME_PLACEHOLDER, unit_name))
    date_line = add_paragraph(doc, layout.GAP * 2, SIGNATURE)
    date_line.extend(controls.date(DECLARATION_DATE_FIELD, DATE_ALIAS))


def declaration_document(edition: Edition, unit_name: str | None = None) -> Document:
    """One unit's declaration; with `unit_name` the name is filled in, otherwise a grey placeholder asks for it."""
    doc = new_document(edition, edition.declaration.title)
    add_declaration(doc, edition, ControlFactory(), unit_name)
    return doc


def write_declaration(edition: Edition, path: Path, unit_name: str | None = None) -> None:
    save_document(declaration_document(edition, unit_name), Path(path))
