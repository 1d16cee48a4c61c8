"""The 工作方案 template (the notice's annex), complete, with content controls wherever the applicant writes."""

from __future__ import annotations

from pathlib import Path

from docx.document import Document
from docx.shared import Twips

from ..edition import Edition
from . import layout
from .layout import SPACIOUS_JOINT_BLOCKS
from .controls import ControlFactory
from .declaration import add_declaration, add_signature_block
from .document import add_paragraph, new_document, text_width_twips
from .formtable import add_basic_info_table, set_table_properties
from .ooxml import el, run
from .package import save_document
from .styles import (ATTACHMENT_LABEL, CENTRED_HEADING, COVER_FIELD, COVER_LABEL, HEADING_1, HEADING_2, NORMAL,
                     TITLE)

COVER_PLACEHOLDER = "点击此处填写"
COVER_LABEL_SHARE = 0.25
COVER_BLANK_LINES_BEFORE_TITLE, COVER_BLANK_LINES_AFTER_TITLE = 2, 5
SERVICE_PLAN_FIELD = "service_plan_1"  # the first plan; copies of its control read back as service_plan_1#2 …
JOINT_SIGNATURE_BLOCKS = 2  # as many as the official template shows; applicants adjust (pledge.note)


def annex_document(edition: Edition, joint_signature_blocks: int = JOINT_SIGNATURE_BLOCKS,
                   joint_rows: int | None = None, filled: bool = False) -> Document:
    """The template; *joint_rows* joint-unit rows in the form (default: the edition's limit). *filled*: for a
    filled application, without the pledge's note asking to adjust the signature blocks (they are) and without the
    form's hints in its value cells (（全称）, （根据联合申报单位数量自行添加行）…: the values stand there, as in the
    filled PDF)."""
    annex = edition.annex
    doc = new_document(edition, annex.title, cover_page=True)
    controls = ControlFactory()
    width = text_width_twips(edition)
    _cover(doc, edition, controls, width)
    add_paragraph(doc, edition.annex.instructions_title, CENTRED_HEADING, new_page=True)
    for number, item in enumerate(annex.instructions, 1):
        add_paragraph(doc, layout.numbered(number, item))
    add_paragraph(doc, annex.basic_info_heading, HEADING_1, new_page=True)
    add_paragraph(doc, annex.basic_info_subheading, HEADING_2)
    add_basic_info_table(doc, edition, controls, width, joint_rows or edition.limits.max_joint_applicants,
                         hints=not filled)
    _pledge(doc, edition, joint_signature_blocks, note=not filled)
    _narrative(doc, edition, controls)
    _service_plan(doc, edition, controls)
    add_declaration(doc, edition, controls, attached=True)
    return doc


def write_annex(edition: Edition, path: Path) -> None:
    save_document(annex_document(edition), Path(path))


def _underlined():
    return el("w:rPr", None, el("w:u", {"w:val": "single"}))


def _cover(doc: Document, edition: Edition, controls: ControlFactory, width: int) -> None:
    annex = edition.annex
    add_paragraph(doc, edition.annex.attachment_label, ATTACHMENT_LABEL)
    for _ in range(COVER_BLANK_LINES_BEFORE_TITLE):
        add_paragraph(doc)
    for line in annex.title_lines:
        add_paragraph(doc, line, TITLE)
    for _ in range(COVER_BLANK_LINES_AFTER_TITLE):
        add_paragraph(doc)
    table = doc.add_table(rows=len(annex.cover), cols=2)
    label_width = round(width * COVER_LABEL_SHARE)
    set_table_properties(table._tbl.tblPr, width, borders=False)
    for row, field in zip(table.rows, annex.cover):
        label, value = row.cells
        label.width, value.width = Twips(label_width), Twips(width - label_width)
        label_p, value_p = label.paragraphs[0]._p, value.paragraphs[0]._p
        label_p.get_or_add_pPr().style = COVER_LABEL
        value_p.get_or_add_pPr().style = COVER_FIELD
        label_p.append(run(field.label))  # distributed over the cell; the colons line up in the next column
        value_p.append(run("："))
        if field.kind == "date":
            value_p.extend(controls.date(field.id, field.label, rpr=_underlined()))
        else:
            value_p.extend(controls.text(field.id, field.label, COVER_PLACEHOLDER, rpr=_underlined()))
            if field.suffix:
                value_p.append(run(field.suffix))
    table.columns[0].width, table.columns[1].width = Twips(label_width), Twips(width - label_width)


def _pledge(doc: Document, edition: Edition, joint_blocks: int, note: bool) -> None:
    """The pledge and its signature blocks, kept on one page as far as they fit (each paragraph keeps with the
    next), so that no page holds signature blocks alone."""
    pledge = edition.annex.pledge
    add_paragraph(doc)
    add_paragraph(doc, pledge.title, CENTRED_HEADING)
    add_paragraph(doc, pledge.text, keep_next=True)
    add_paragraph(doc, keep_next=True)
    compact = joint_blocks > SPACIOUS_JOINT_BLOCKS
    add_signature_block(doc, pledge.lead_signature, keep_next=bool(joint_blocks) or note, compact=compact)
    for n in range(joint_blocks):
        add_signature_block(doc, pledge.joint_signature, keep_next=n + 1 < joint_blocks or note, gap=True,
                            compact=compact)
    if note:
        add_paragraph(doc, keep_next=True)
        add_paragraph(doc, pledge.note)


def _narrative(doc: Document, edition: Edition, controls: ControlFactory) -> None:
    annex = edition.annex
    numbers = "、".join(part.number for part in annex.parts)
    add_paragraph(doc, annex.narrative_note, NORMAL, new_page=True)
    for part in annex.parts:
        add_paragraph(doc, part.heading, HEADING_1)
        add_paragraph(doc, part.guidance)
        placeholder = f"点击此处填写{part.title}。第{numbers}部分合计不少于 {edition.limits.narrative_min_chars} 字。"
        controls.block(add_paragraph(doc), part.id, part.title, placeholder)


def _service_plan(doc: Document, edition: Edition, controls: ControlFactory) -> None:
    plan = edition.annex.service_plan
    add_paragraph(doc, edition.annex.appendix_label, ATTACHMENT_LABEL, new_page=True)
    add_paragraph(doc, plan.title, CENTRED_HEADING)
    add_paragraph(doc, plan.guidance)
    for number, point in enumerate(plan.points, 1):
        add_paragraph(doc, layout.numbered(number, point.text))
    first, second = layout.plan_heading(1, "方案名称"), layout.plan_heading(2, "……")
    placeholder = (f"每个{plan.title}以一行“{first}”开头，不少于 {edition.limits.service_plan_min_chars} 字；"
                   f"有多个方案时，下一个以“{second}”开头。")
    controls.block(add_paragraph(doc), SERVICE_PLAN_FIELD, f"{plan.title}1", placeholder)
