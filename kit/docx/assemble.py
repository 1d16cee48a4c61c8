"""A filled 工作方案 and per-unit 责任声明 as Word documents: the kit's templates with an application's values."""

from __future__ import annotations

import copy
from pathlib import Path

from ..edition import Edition
from .annex import SERVICE_PLAN_FIELD, annex_document
from .controls import control_id
from .declaration import declaration_document
from .document import add_paragraph, text_width_twips
from .markdown import blocks
from .ooxml import W_NS, el, run
from .package import save_document
from .readback import _checkbox, _controls, _set_checkbox, _set_text

W = f"{{{W_NS}}}"
NOTICE_COLOUR = "C00000"
FICTIONAL_NOTICE = "【虚构示例】本文件中的单位、代码、人员和金额均为虚构，仅用于演示填写方法。"


def _fill(body, values: dict[str, str | bool], rich: dict[str, str], text_width: int) -> None:
    controls = dict(_controls(body))
    for key, value in values.items():
        sdt = controls[key]
        if _checkbox(sdt) is not None:
            _set_checkbox(sdt, key, bool(value), Path(key))
        else:
            _set_text(sdt, key, str(value), Path(key))
    for key, markdown_text in rich.items():
        sdt = controls[key]
        flag = sdt.find(f"{W}sdtPr/{W}showingPlcHdr")
        if flag is not None:
            flag.getparent().remove(flag)
        content = sdt.find(f"{W}sdtContent")
        for child in list(content):
            content.remove(child)
        for block in blocks(markdown_text, text_width):
            content.append(block)


def _add_plans(body, plans: list[dict]) -> dict[str, str]:
    """One rich-text control per service plan (service_plan_1, _2 …), each opening with its title."""
    controls = dict(_controls(body))
    first = controls[SERVICE_PLAN_FIELD]
    rich = {}
    previous = first
    for number, plan in enumerate(plans, 1):
        tag = f"service_plan_{number}"
        sdt = first if number == 1 else copy.deepcopy(first)
        if number > 1:
            sdt.find(f"{W}sdtPr/{W}tag").set(f"{W}val", tag)
            sdt.find(f"{W}sdtPr/{W}id").set(f"{W}val", str(control_id(tag)))
            previous.addnext(sdt)
        previous = sdt
        rich[tag] = f"### {plan['title']}\n\n{plan['text']}" if plan["title"] else plan["text"]
    return rich


def _fictional_notice(doc) -> None:
    p = add_paragraph(doc, "")
    rpr = el("w:rPr", None, el("w:b"), el("w:color", {"w:val": NOTICE_COLOUR}))
    p.append(run(FICTIONAL_NOTICE, rpr))
    body = doc.element.body
    body.remove(p)
    body.insert(0, p)


def write_filled_annex(edition: Edition, values: dict, prose: dict[str, str], plans: list[dict], joint_units: int,
                       fictional: bool, path: Path) -> None:
    doc = annex_document(edition, joint_signature_blocks=joint_units)
    width = text_width_twips(edition)
    body = doc.element.body
    rich = dict(prose)
    if plans:
        rich.update(_add_plans(body, plans))
    _fill(body, values, rich, width)
    controls = dict(_controls(body))
    for number in range(2, len(plans) + 1):  # each further plan starts on a new page
        first = controls[f"service_plan_{number}"].find(f"{W}sdtContent/{W}p/{W}pPr")
        if first is not None:
            first.insert(1, el("w:pageBreakBefore"))
    if fictional:
        _fictional_notice(doc)
    save_document(doc, path)


def write_filled_declaration(edition: Edition, unit_name: str, date_values: dict, fictional: bool, path: Path) -> None:
    doc = declaration_document(edition, unit_name)
    _fill(doc.element.body, date_values, {}, text_width_twips(edition))
    if fictional:
        _fictional_notice(doc)
    save_document(doc, path)
