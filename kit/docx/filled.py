"""A filled 工作方案 and per-unit 责任声明 as Word documents: the kit's templates with an application's values
(kit.filling)."""

from __future__ import annotations

from pathlib import Path

from ..edition import Edition
from ..filling import FilledApplication, FilledDeclaration, FilledPlan
from . import layout
from .annex import SERVICE_PLAN_FIELD, annex_document
from .declaration import declaration_document
from .document import add_paragraph
from .prose import prose_blocks
from .ooxml import W_NS, el, run
from .package import save_document
from .readback import _checkbox, _controls, _set_checkbox, _set_text
from .styles import HEADING_1

W = f"{{{W_NS}}}"
NOTICE_COLOUR = "C00000"
FICTIONAL_NOTICE = "【虚构示例】本文件中的单位、代码、人员和金额均为虚构，仅用于演示填写方法。"


def _fill(body, values: dict[str, str | bool], rich: dict[str, list]) -> None:
    """Fill blanks by field id; a long part's blank (in `rich`: field id → block elements) gives way to its blocks."""
    controls = dict(_controls(body))
    for key, value in values.items():
        blank = controls[key]
        if _checkbox(blank) is not None:
            _set_checkbox(blank, key, bool(value), Path(key))
        else:
            _set_text(blank, key, str(value), Path(key))
    for key, new_blocks in rich.items():
        paragraph = controls[key].separate.getparent()
        for block in new_blocks:
            paragraph.addprevious(block)
        paragraph.getparent().remove(paragraph)


def _plan_blocks(plans: tuple[FilledPlan, ...], texts: list[list]) -> list:
    """Each service plan: its heading line (layout.plan_heading, 一级标题), then its text; each further plan starts
    on a new page."""
    out = []
    for number, (plan, blocks) in enumerate(zip(plans, texts), 1):
        heading = el("w:p", None, el("w:pPr", None, el("w:pStyle", {"w:val": HEADING_1}),
                                      el("w:pageBreakBefore") if number > 1 else None),
                     run(layout.plan_heading(number, plan.title or "")))
        out += [heading, *blocks]
    return out


def _fictional_notice(doc) -> None:
    p = add_paragraph(doc, "")
    rpr = el("w:rPr", None, el("w:b"), el("w:color", {"w:val": NOTICE_COLOUR}))
    p.append(run(FICTIONAL_NOTICE, rpr))
    body = doc.element.body
    body.remove(p)
    body.insert(0, p)


def write_filled_annex(edition: Edition, filled: FilledApplication, path: Path) -> None:
    doc = annex_document(edition, joint_signature_blocks=filled.joint_units,
                         joint_rows=max(edition.limits.max_joint_applicants, filled.joint_units))
    prose = {key: text for key, text in filled.prose.items() if text}
    texts = prose_blocks(doc, edition, [*prose.values(), *(p.text for p in filled.plans)], filled.figures)
    rich = dict(zip(prose, texts))
    if filled.plans:
        rich[SERVICE_PLAN_FIELD] = _plan_blocks(filled.plans, texts[len(prose):])
    _fill(doc.element.body, filled.values, rich)
    if filled.fictional:
        _fictional_notice(doc)
    save_document(doc, path)


def write_filled_declaration(edition: Edition, declaration: FilledDeclaration, path: Path) -> None:
    doc = declaration_document(edition, declaration.unit_name)
    _fill(doc.element.body, declaration.dates, {})
    if declaration.fictional:
        _fictional_notice(doc)
    save_document(doc, path)
