"""Read the values of a filled-in template's blanks by field id, and fill them programmatically.

Text blanks are FORMTEXT form fields (kit.docx.formfields), tick boxes are tagged check-box content controls.

Files are treated as untrusted: parts are read through kit.docx.package (size limits, no entity resolution, no
DTDs, no network), and anything that is not a .docx raises InputError with a Chinese message.
"""

from __future__ import annotations

import copy
from pathlib import Path

from lxml import etree

from ..errors import InputError, Location
from .controls import CHECKED_CHAR, UNCHECKED_CHAR
from .formfields import FormField, form_fields
from .ooxml import W14_NS, W_NS
from .package import DOCUMENT_PART, open_untrusted, parse_untrusted_xml, write_package

W = f"{{{W_NS}}}"
W14 = f"{{{W14_NS}}}"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _controls(root) -> list[tuple[str, object]]:
    """(key, blank) for every named blank in document order: a FormField for a text field, the w:sdt element for a
    tagged content control (tick boxes; text controls of templates from before the form-field change). A repeated
    name (a copied blank) gets "#2", "#3" … appended to its key."""
    seen: dict[str, int] = {}
    found = []
    blanks = [(f.separate, f.name, f) for f in form_fields(root) if f.name]
    for sdt in root.iter(f"{W}sdt"):
        tag = sdt.find(f"{W}sdtPr/{W}tag")
        if tag is not None and tag.get(f"{W}val"):
            blanks.append((sdt, tag.get(f"{W}val"), sdt))
    order = {element: i for i, element in enumerate(root.iter())}
    for _, name, blank in sorted(blanks, key=lambda b: order[b[0]]):
        seen[name] = seen.get(name, 0) + 1
        found.append((name if seen[name] == 1 else f"{name}#{seen[name]}", blank))
    return found


def _checkbox(sdt):
    return None if isinstance(sdt, FormField) else sdt.find(f"{W}sdtPr/{W14}checkbox")


def _text_of(element) -> str:
    parts = []
    for node in element.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}cr"):
        if node.tag == f"{W}t":
            parts.append(node.text or "")
        else:
            parts.append("\t" if node.tag == f"{W}tab" else "\n")
    return "".join(parts)


def _value(sdt) -> str | bool:
    if isinstance(sdt, FormField):
        return sdt.value
    box = _checkbox(sdt)
    if box is not None:
        checked = box.find(f"{W14}checked")
        return checked is not None and checked.get(f"{W14}val") in ("1", "true", "on")
    if sdt.find(f"{W}sdtPr/{W}showingPlcHdr") is not None:
        return ""
    content = sdt.find(f"{W}sdtContent")
    if content is None:
        return ""
    paragraphs = content.findall(f".//{W}p")
    if paragraphs:
        return "\n".join(_text_of(p) for p in paragraphs)
    return _text_of(content)


def _document_root(path: Path, entries: dict[str, bytes]):
    return parse_untrusted_xml(entries[DOCUMENT_PART], path, DOCUMENT_PART)


def read_fields(path: Path) -> dict[str, str | bool]:
    """Every named blank's value by field id: text ("" while the placeholder shows; paragraphs of a content
    control joined by newlines) or, for check boxes, whether they are ticked."""
    path = Path(path)
    root = _document_root(path, open_untrusted(path, only=DOCUMENT_PART))
    return {key: _value(sdt) for key, sdt in _controls(root)}


def fill_fields(path_in: Path, values: dict[str, str | bool], path_out: Path) -> None:
    """Write `values` (by tag) into the controls of `path_in` and save the result as `path_out`.
    Text is stored literally (XML special characters included); check boxes take True/False."""
    path_in = Path(path_in)
    entries = open_untrusted(path_in)
    root = _document_root(path_in, entries)
    controls = dict(_controls(root))
    unknown = sorted(set(values) - set(controls))
    if unknown:
        raise InputError(f"文档中没有这些填写域：{'、'.join(unknown)}", Location(str(path_in)),
                         "核对填写域名称（见 README“Word 模板的填写域”）")
    for key, value in values.items():
        sdt = controls[key]
        try:
            if _checkbox(sdt) is not None:
                _set_checkbox(sdt, key, value, path_in)
            else:
                _set_text(sdt, key, value, path_in)
        except ValueError:  # lxml refuses control characters that XML cannot hold
            raise InputError(f"字段 {key} 的内容含有无法写入 Word 文档的控制字符", Location(str(path_in), key=key),
                             "删除其中的不可见控制字符后重试") from None
    entries[DOCUMENT_PART] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    write_package(entries, Path(path_out))


def _set_checkbox(sdt, key: str, value, path: Path) -> None:
    if not isinstance(value, bool):
        raise InputError(f"勾选框 {key} 的值应为 True 或 False", Location(str(path), key=key))
    box = _checkbox(sdt)
    checked = box.find(f"{W14}checked")
    if checked is None:
        checked = etree.Element(f"{W14}checked")
        box.insert(0, checked)
    checked.set(f"{W14}val", "1" if value else "0")
    state = box.find(f"{W14}checkedState" if value else f"{W14}uncheckedState")
    glyph = state.get(f"{W14}val") if state is not None else (CHECKED_CHAR if value else UNCHECKED_CHAR)
    texts = list(sdt.iter(f"{W}t"))
    if texts:
        texts[0].text = chr(int(glyph, 16))


def _new_run(rpr, text: str):
    r = etree.Element(f"{W}r")
    if rpr is not None:
        r.append(copy.deepcopy(rpr))
    for i, segment in enumerate(text.split("\n")):
        if i:
            etree.SubElement(r, f"{W}br")
        for j, piece in enumerate(segment.split("\t")):
            if j:
                etree.SubElement(r, f"{W}tab")
            if piece:
                t = etree.SubElement(r, f"{W}t")
                t.text = piece
                t.set(XML_SPACE, "preserve")
    return r


def _set_text(sdt, key: str, value, path: Path) -> None:
    if not isinstance(value, str):
        raise InputError(f"字段 {key} 的值应为文字", Location(str(path), key=key))
    if isinstance(sdt, FormField):
        sdt.set(value)
        return
    properties = sdt.find(f"{W}sdtPr")
    placeholder_flag = properties.find(f"{W}showingPlcHdr")
    if placeholder_flag is not None:
        properties.remove(placeholder_flag)
    rpr = properties.find(f"{W}rPr")
    content = sdt.find(f"{W}sdtContent")
    paragraphs = content.findall(f"{W}p")
    if not paragraphs:  # inline control: one run
        for child in list(content):
            content.remove(child)
        content.append(_new_run(rpr, value))
        return
    template = paragraphs[0].find(f"{W}pPr")
    for child in list(content):
        content.remove(child)
    for line in value.split("\n"):  # block control: one paragraph per line
        p = etree.SubElement(content, f"{W}p")
        if template is not None:
            p.append(copy.deepcopy(template))
        if line:
            p.append(_new_run(rpr, line))
