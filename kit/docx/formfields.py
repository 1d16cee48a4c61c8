"""Legacy Word text form fields (FORMTEXT): the fill-in blanks of the templates.

Why not content controls: LibreOffice 7.4 turns plain-text and rich-text content controls into input fields and,
saving back to .docx, drops their tags and placeholder flags and writes each control several times (a template
filled there grew from ~12,000 to 2.9 million characters). A FORMTEXT field keeps its name, its default text and
the typed value, once, through a LibreOffice fill-and-save; Word and WPS read and write it natively (ECMA-376
§17.16.17, w:ffData). Its default text is the placeholder: while the shown value equals it, the blank is empty.

A field is a run sequence  begin(ffData) · instrText " FORMTEXT " · separate · result runs · end,  wrapped in a
bookmark of the same name as Word does. Names are field ids (kit.formgrid), at most 20 characters (Word's limit).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from lxml import etree

from .ooxml import W_NS

W = f"{{{W_NS}}}"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
MAX_NAME = 20  # Word truncates longer form-field names
MAX_DEFAULT = 255  # w:default holds at most 255 characters


def _w(tag: str, attrs: dict | None = None, *children):
    element = etree.Element(f"{W}{tag}")
    for name, value in (attrs or {}).items():
        element.set(f"{W}{name}", str(value))
    element.extend(children)
    return element


def _fld_char(kind: str, ffdata=None):
    return _w("r", None, _w("fldChar", {"fldCharType": kind}, *([ffdata] if ffdata is not None else [])))


def text_runs(text: str, rpr=None) -> list:
    """Runs showing *text*: line breaks as w:br, tabs as w:tab, spaces kept."""
    r = _w("r")
    if rpr is not None:
        r.append(copy.deepcopy(rpr))
    for i, segment in enumerate(text.split("\n")):
        if i:
            r.append(_w("br"))
        for j, piece in enumerate(segment.split("\t")):
            if j:
                r.append(_w("tab"))
            if piece:
                t = _w("t")
                t.text = piece
                t.set(XML_SPACE, "preserve")
                r.append(t)
    return [r]


def form_text(name: str, default: str, bookmark_id: int, value: str | None = None, rpr=None,
              help_text: str = "") -> list:
    """The elements of one FORMTEXT field showing *value* (or its *default* placeholder) in formatting *rpr*."""
    if len(name) > MAX_NAME:
        raise ValueError(f"form-field name longer than {MAX_NAME} characters: {name}")
    if len(default) > MAX_DEFAULT:
        raise ValueError(f"form-field default longer than {MAX_DEFAULT} characters: {name}")
    data = _w("ffData", None, _w("name", {"val": name}), _w("enabled"), _w("calcOnExit", {"val": 0}))
    if help_text:
        data.append(_w("statusText", {"type": "text", "val": help_text[:MAX_DEFAULT // 2]}))
    data.append(_w("textInput", None, _w("default", {"val": default})))
    instruction = _w("r", None, *([copy.deepcopy(rpr)] if rpr is not None else []))
    instr = _w("instrText")
    instr.text = " FORMTEXT "
    instr.set(XML_SPACE, "preserve")
    instruction.append(instr)
    return [_w("bookmarkStart", {"id": bookmark_id, "name": name}),
            _fld_char("begin", data), instruction, _fld_char("separate"),
            *text_runs(default if value is None else value, rpr),
            _fld_char("end"), _w("bookmarkEnd", {"id": bookmark_id})]


@dataclass
class FormField:
    """One FORMTEXT field found in a document: its name, default (placeholder) and result runs."""

    name: str
    default: str
    separate: etree._Element  # the w:r holding fldChar separate; result runs follow it
    result: list = field(default_factory=list)  # the w:r elements between separate and end

    @property
    def shown(self) -> str:
        return "".join(run_text(r) for r in self.result)

    @property
    def value(self) -> str:
        """The typed value; "" while the placeholder shows."""
        shown = self.shown
        return "" if shown == self.default else shown

    def set(self, text: str) -> None:
        """Replace the shown text by *text*, keeping the first result run's formatting."""
        rpr = self.result[0].find(f"{W}rPr") if self.result else None
        for r in self.result:
            r.getparent().remove(r)
        anchor = self.separate
        self.result = text_runs(text, rpr)
        for r in self.result:
            anchor.addnext(r)
            anchor = r


def run_text(r) -> str:
    parts = []
    for node in r:
        if node.tag == f"{W}t":
            parts.append(node.text or "")
        elif node.tag == f"{W}tab":
            parts.append("\t")
        elif node.tag in (f"{W}br", f"{W}cr"):
            parts.append("\n")
    return "".join(parts)


def form_fields(root) -> list[FormField]:
    """Every FORMTEXT field of *root* in document order (fields nested in a result are not supported)."""
    found: list[FormField] = []
    current: FormField | None = None
    state = None  # None | "instruction" | "result"
    for r in root.iter(f"{W}r"):
        char = r.find(f"{W}fldChar")
        if char is None:
            if state == "result" and current is not None:
                current.result.append(r)
            continue
        kind = char.get(f"{W}fldCharType")
        if kind == "begin":
            data = char.find(f"{W}ffData")
            text_input = data.find(f"{W}textInput") if data is not None else None
            if text_input is not None:
                name = data.find(f"{W}name")
                default = text_input.find(f"{W}default")
                current = FormField(name.get(f"{W}val", "") if name is not None else "",
                                    default.get(f"{W}val", "") if default is not None else "", r)
            else:
                current = None
            state = "instruction"
        elif kind == "separate" and current is not None:
            current.separate, state = r, "result"
        elif kind == "end":
            if current is not None and state == "result":
                found.append(current)
            current, state = None, None
    return found
