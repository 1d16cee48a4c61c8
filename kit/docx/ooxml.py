"""Small helpers for writing WordprocessingML elements that python-docx has no API for."""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14_NS = "http://schemas.microsoft.com/office/word/2010/wordml"
MM_PER_INCH = 25.4
TWIPS_PER_INCH = 1440


def el(tag: str, attrs: dict[str, object] | None = None, *children):
    """An element `tag` ("w:spacing") with prefixed attributes ({"w:line": 360}) and child elements."""
    element = OxmlElement(tag)
    for name, value in (attrs or {}).items():
        element.set(qn(name), str(value))
    for child in children:
        if child is not None:
            element.append(child)
    return element


def half_points(size_pt: float) -> int:
    """Word stores font sizes in half-points (w:sz)."""
    return round(size_pt * 2)


def twips_from_mm(mm: float) -> int:
    return round(mm / MM_PER_INCH * TWIPS_PER_INCH)


def run(text: str, rpr=None):
    """A w:r holding `text` literally (spaces kept), with an optional w:rPr."""
    r = el("w:r")
    if rpr is not None:
        r.append(rpr)
    t = el("w:t")
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    r.append(t)
    return r
