"""What a person sees in a .docx, as plain structure: paragraphs (text and style) and tables (rows of cells on
the table grid), in reading order. Content controls and fields are transparent; what they show is the text.

The reader does not care which editor saved the file: Word, WPS and LibreOffice all write these elements. A text
form field still showing its default (the placeholder) reads as empty, as does a content control still showing
its placeholder; a check box reads as the glyph it shows (☐/☒), a legacy check-box field as ☐ or ☒.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .ooxml import W14_NS, W_NS

W = f"{{{W_NS}}}"
W14 = f"{{{W14_NS}}}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
CHECKED, UNCHECKED = "☒", "☐"
# Containers whose text is not part of the paragraph a person reads in line: text boxes (and their VML fallback
# copy), deleted text, footnote references' own bodies live elsewhere anyway.
SKIPPED = {f"{W}txbxContent", f"{MC}Fallback", f"{W}del", f"{W}moveFrom", f"{W}instrText", f"{W}delText"}


@dataclass
class Paragraph:
    text: str
    style: str = ""


@dataclass
class Cell:
    text: str
    column: int  # first grid column
    span: int = 1
    merged: bool = False  # a vertical-merge continuation: shows nothing of its own


@dataclass
class Table:
    rows: list[list[Cell]] = field(default_factory=list)

    def text(self) -> str:
        return "\n".join(c.text for row in self.rows for c in row if c.text and not c.merged)


Block = Paragraph | Table


class _TextWalker:
    """Collects the shown text of a paragraph's runs, following field state across runs."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.field_stack: list[dict] = []  # open fields: {"form": bool, "default": str, "result": [], "box": str}

    def _emit(self, text: str) -> None:
        for f in reversed(self.field_stack):
            if f["in_result"]:
                f["result"].append(text)
                return
        self.parts.append(text)

    def field_char(self, char) -> None:
        kind = char.get(f"{W}fldCharType")
        if kind == "begin":
            data = char.find(f"{W}ffData")
            entry = {"in_result": False, "result": [], "default": None, "box": None}
            if data is not None and data.find(f"{W}textInput") is not None:
                default = data.find(f"{W}textInput/{W}default")
                entry["default"] = default.get(f"{W}val", "") if default is not None else ""
            elif data is not None and data.find(f"{W}checkBox") is not None:
                box = data.find(f"{W}checkBox")
                state = box.find(f"{W}checked")
                if state is None:
                    state = box.find(f"{W}default")
                on = state is not None and state.get(f"{W}val", "1") not in ("0", "false", "off")
                entry["box"] = CHECKED if on else UNCHECKED
            self.field_stack.append(entry)
        elif kind == "separate" and self.field_stack:
            self.field_stack[-1]["in_result"] = True
        elif kind == "end" and self.field_stack:
            entry = self.field_stack.pop()
            shown = "".join(entry["result"])
            if entry["box"] is not None:
                shown = entry["box"]
            elif entry["default"] is not None and shown == entry["default"]:
                shown = ""  # the placeholder of a text form field
            self._emit(shown)

    def walk(self, element) -> None:
        for child in element:
            tag = child.tag
            if tag in SKIPPED or not isinstance(tag, str):
                continue
            if tag == f"{W}t":
                self._emit(child.text or "")
            elif tag == f"{W}tab":
                self._emit("\t")
            elif tag in (f"{W}br", f"{W}cr"):
                self._emit("\n")
            elif tag == f"{W}noBreakHyphen":
                self._emit("-")
            elif tag == f"{W}sym":
                self._emit(_symbol(child))
            elif tag == f"{W}fldChar":
                self.field_char(child)
            elif tag == f"{W}sdt":
                if child.find(f"{W}sdtPr/{W}showingPlcHdr") is None:
                    content = child.find(f"{W}sdtContent")
                    if content is not None:
                        self.walk(content)
            elif tag in (f"{W}pPr", f"{W}rPr", f"{W}sdtPr"):
                continue
            else:
                self.walk(child)

    def text(self) -> str:
        while self.field_stack:  # an unterminated field: show what it had
            self.field_char_end_unclosed()
        return "".join(self.parts)

    def field_char_end_unclosed(self) -> None:
        entry = self.field_stack.pop()
        self._emit("".join(entry["result"]))


def _symbol(sym) -> str:
    """A w:sym character (Wingdings ticks and boxes as Word's Insert Symbol writes them) as the glyph it shows."""
    code = sym.get(f"{W}char", "").upper()
    wingdings = {"F0FE": CHECKED, "F078": CHECKED, "F0FD": CHECKED, "F0A8": UNCHECKED, "F06F": UNCHECKED,
                 "F0FC": "√", "F0A1": UNCHECKED}
    if code in wingdings:
        return wingdings[code]
    try:
        return chr(int(code, 16))
    except ValueError:
        return ""


def paragraph_text(p) -> str:
    walker = _TextWalker()
    walker.walk(p)
    return walker.text()


def _style(p) -> str:
    style = p.find(f"{W}pPr/{W}pStyle")
    return style.get(f"{W}val", "") if style is not None else ""


def _cell(tc, column: int) -> Cell:
    pr = tc.find(f"{W}tcPr")
    span = 1
    merged = False
    if pr is not None:
        grid_span = pr.find(f"{W}gridSpan")
        if grid_span is not None and grid_span.get(f"{W}val", "1").isdigit():
            span = max(1, int(grid_span.get(f"{W}val")))
        v_merge = pr.find(f"{W}vMerge")
        merged = v_merge is not None and v_merge.get(f"{W}val", "continue") == "continue"
    texts = [b.text() if isinstance(b, Table) else b.text for b in _blocks(tc)]
    return Cell("\n".join(texts).strip("\n") if not merged else "", column, span, merged)


def _rows(tbl) -> list[list[Cell]]:
    rows = []
    for tr in _children(tbl, f"{W}tr"):
        column = 0
        skip = tr.find(f"{W}trPr/{W}gridBefore")
        if skip is not None and skip.get(f"{W}val", "0").isdigit():
            column = int(skip.get(f"{W}val"))
        row = []
        for tc in _children(tr, f"{W}tc"):
            cell = _cell(tc, column)
            row.append(cell)
            column += cell.span
        rows.append(row)
    return rows


def _children(element, tag: str):
    """Direct children with *tag*, looking through content controls and custom XML wrappers."""
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag == f"{W}sdt":
            content = child.find(f"{W}sdtContent")
            if content is not None:
                yield from _children(content, tag)
        elif child.tag == f"{W}customXml":
            yield from _children(child, tag)


def _blocks(container) -> list[Block]:
    out: list[Block] = []
    for child in container:
        if child.tag == f"{W}p":
            out.append(Paragraph(paragraph_text(child), _style(child)))
        elif child.tag == f"{W}tbl":
            out.append(Table(_rows(child)))
        elif child.tag in (f"{W}sdt", f"{W}customXml"):
            if child.tag == f"{W}sdt" and child.find(f"{W}sdtPr/{W}showingPlcHdr") is not None:
                continue  # a block content control still showing its placeholder
            content = child.find(f"{W}sdtContent") if child.tag == f"{W}sdt" else child
            if content is not None:
                out += _blocks(content)
    return out


def document_blocks(root) -> list[Block]:
    """The body of a parsed word/document.xml as paragraphs and tables, in reading order."""
    body = root.find(f"{W}body")
    return _blocks(body) if body is not None else []
