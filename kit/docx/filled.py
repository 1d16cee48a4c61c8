"""A filled 工作方案 and per-unit 责任声明 as Word documents: the kit's templates with an application's values
(kit.filling)."""

from __future__ import annotations

import math
from pathlib import Path

from ..edition import Edition
from ..filling import FilledApplication, FilledDeclaration, FilledPlan
from ..textwidth import text_em
from . import layout
from .annex import SERVICE_PLAN_FIELD, annex_document
from .declaration import declaration_document
from .document import add_paragraph, text_width_twips
from .prose import prose_blocks
from .ooxml import W_NS, el, run
from .package import save_document
from .formfields import FormField
from .readback import _checkbox, _controls, _set_checkbox, _set_text
from .styles import HEADING_1, HEADING_INDENT_CHARS

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
    for key, blank in controls.items():  # a filled document shows no prompt where the application has no value
        if key not in rich and isinstance(blank, FormField) and blank.default and blank.shown == blank.default:
            blank.set("")


HEADING_CONDENSE_MAX = 50  # twentieths of a point by which a heading's characters may be set closer (2.5 pt)
HEADING_SAFETY_EM = 1.5  # the width estimate is not the font's (digits, punctuation)


def _heading_runs(text: str, heading_pt: float, text_width: int) -> list:
    """A heading's runs. One that overflows its line by a few characters (which would stand alone on the next)
    is set a little closer so that it fits on one line; the text itself stays one line, as the checker reads it."""
    em = text_em(text) + HEADING_SAFETY_EM
    capacity = text_width / (heading_pt * 20) - HEADING_INDENT_CHARS
    over = em - capacity
    if over <= 0 or not text:
        return [run(text)]
    condense = math.ceil(over * heading_pt * 20 / len(text))
    if condense > HEADING_CONDENSE_MAX:
        return [run(text)]  # a long overflow: the second line is long too
    return [run(text, el("w:rPr", None, el("w:spacing", {"w:val": -condense})))]


def _plan_blocks(plans: tuple[FilledPlan, ...], texts: list[list], heading_pt: float, text_width: int) -> list:
    """Each service plan: its heading line (layout.plan_heading, 一级标题), then its text; each further plan starts
    on a new page."""
    out = []
    for number, (plan, blocks) in enumerate(zip(plans, texts), 1):
        heading = el("w:p", None, el("w:pPr", None, el("w:pStyle", {"w:val": HEADING_1}),
                                      el("w:pageBreakBefore") if number > 1 else None),
                     *_heading_runs(layout.plan_heading(number, plan.title or ""), heading_pt, text_width))
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
                         joint_rows=max(filled.joint_units, 1), filled=True)  # no rows for units not there
    prose = {key: text for key, text in filled.prose.items() if text}
    texts = prose_blocks(doc, edition, [*prose.values(), *(p.text for p in filled.plans)], filled.figures)
    rich = dict(zip(prose, texts))
    if filled.plans:
        rich[SERVICE_PLAN_FIELD] = _plan_blocks(filled.plans, texts[len(prose):],
                                                edition.formatting.heading1.size_pt, text_width_twips(edition))
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
