"""The Word templates' blanks: the right names in the right kinds (text form fields, check boxes), placeholders,
a fill/read round trip with hostile characters, untrusted input refused cleanly, official text present, byte-identical builds."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from kit.docx import fill_fields, read_fields, write_annex, write_declaration
from kit.edition import default_edition
from kit.errors import InputError
from kit.formgrid import (DECLARATION_DATE_FIELD, DECLARATION_UNIT_FIELD, NATURE_NOTE_FIELD, all_field_ids,
                          date_fields, nature_field)

ED = default_edition()
ROOT = Path(__file__).resolve().parent.parent
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"
DECLARATION_TAGS = [DECLARATION_UNIT_FIELD, *date_fields(DECLARATION_DATE_FIELD)]
RICH_TAGS = ["intro", *(p.id for p in ED.annex.parts), "service_plan_1"]
CHECKBOX_TAGS = [nature_field(o.id) for o in ED.form.natures]


def expected_annex_tags() -> list[str]:
    cover = []
    for f in ED.annex.cover:
        cover += date_fields(f.id) if f.kind == "date" else [f.id]
    form = all_field_ids(ED.form, ED.limits.max_joint_applicants)
    return cover + form + [p.id for p in ED.annex.parts] + ["service_plan_1"] + DECLARATION_TAGS


def document_xml(path: Path):
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read("word/document.xml"))


def blanks(path: Path) -> dict[str, etree._Element]:
    """Name → element of every blank in document order: the w:ffData of a text form field, the w:sdt of a tagged
    content control (the tick boxes). Read straight from the XML, independently of kit.docx.readback."""
    found = {}
    for element in document_xml(path).iter(f"{W}ffData", f"{W}sdt"):
        if element.tag == f"{W}ffData":
            found[element.find(f"{W}name").get(f"{W}val")] = element
        elif element.find(f"{W}sdtPr/{W}tag") is not None:
            found[element.find(f"{W}sdtPr/{W}tag").get(f"{W}val")] = element
    return found


def shown(ffdata) -> str:
    """The text a form field shows: the runs between its separate and end field characters."""
    begin = ffdata.getparent().getparent()
    texts, inside = [], False
    for r in begin.itersiblings(f"{W}r"):
        char = r.find(f"{W}fldChar")
        kind = char.get(f"{W}fldCharType") if char is not None else None
        if kind == "separate":
            inside = True
        elif kind == "end":
            return "".join(texts)
        elif inside:
            texts += [t.text or "" for t in r.iter(f"{W}t")]
    raise AssertionError("form field without end")


def paragraph_texts(path: Path) -> str:
    return "\n".join("".join(t.text or "" for t in p.iter(f"{W}t")) for p in document_xml(path).iter(f"{W}p"))


def test_annex_blanks_in_order(word_templates):
    names = list(blanks(word_templates["annex"]))
    assert names == expected_annex_tags()
    assert sum(t.startswith("joint_") for t in names) == 3 * ED.limits.max_joint_applicants


def test_declaration_blanks(word_templates):
    assert list(blanks(word_templates["declaration"])) == DECLARATION_TAGS


@pytest.mark.parametrize("name", ["annex", "declaration"])
def test_blank_kinds_and_placeholders(word_templates, name):
    """Text blanks are FORMTEXT fields (they survive LibreOffice) named within Word's 20 characters, showing their
    default text and wrapped in a bookmark of their name; tick boxes are unticked check-box controls showing ☐."""
    root = document_xml(word_templates[name])
    bookmarks = {b.get(f"{W}name") for b in root.iter(f"{W}bookmarkStart")}
    for tag, element in blanks(word_templates[name]).items():
        if tag in CHECKBOX_TAGS:
            props = element.find(f"{W}sdtPr")
            assert props.find(f"{W}lock") is None, "controls must stay editable"
            assert props.find(f"{W14}checkbox/{W14}checked").get(f"{W14}val") == "0"
            assert "".join(t.text for t in element.iter(f"{W}t")) == "☐"
            continue
        assert len(tag) <= 20 and tag in bookmarks, tag
        assert element.find(f"{W}enabled") is not None
        default = element.find(f"{W}textInput/{W}default").get(f"{W}val")
        assert default and shown(element) == default, tag
        begin = element.getparent().getparent()
        instruction = begin.getnext().find(f"{W}instrText").text
        assert instruction.strip() == "FORMTEXT"
    if name == "annex":
        assert [t for t in blanks(word_templates[name]) if t in CHECKBOX_TAGS] == CHECKBOX_TAGS


def test_limits_are_shown_where_the_applicant_writes(word_templates):
    found = blanks(word_templates["annex"])
    placeholder = {t: shown(e) for t, e in found.items() if t not in CHECKBOX_TAGS}
    assert re.search(rf"不超过\s*{ED.limits.intro_max_chars}\s*字", paragraph_of(found["intro"]))
    for part in ED.annex.parts:
        assert str(ED.limits.narrative_min_chars) in placeholder[part.id]
    assert str(ED.limits.service_plan_min_chars) in placeholder["service_plan_1"]


def paragraph_of(ffdata) -> str:
    """All the text of the paragraph that holds a form field: its fixed text and what the field shows."""
    paragraph = next(p for p in ffdata.iterancestors(f"{W}p"))
    return "".join(t.text or "" for t in paragraph.iter(f"{W}t"))


@pytest.mark.parametrize("field", [f for f in ED.form.fields if f.hint], ids=lambda f: f.id)
def test_official_hints_stay_visible_beside_the_blank(word_templates, field):
    """（全称）, （根据联合申报单位数量自行添加行）, （…不超过 400 字） are the form's own words: fixed text before the blank,
    not its placeholder, so typing into the blank does not remove them."""
    tag = {"table": "joint_1_name"}.get(field.kind, field.id)
    element = blanks(word_templates["annex"])[tag]
    assert field.hint in paragraph_of(element) and field.hint not in shown(element)


def test_official_text_is_complete(word_templates):
    annex, declaration = paragraph_texts(word_templates["annex"]), paragraph_texts(word_templates["declaration"])
    a = ED.annex
    official = [*a.title_lines, *a.instructions, a.basic_info_heading, a.basic_info_subheading, a.pledge.title,
                a.pledge.text, *a.pledge.lead_signature, *a.pledge.joint_signature, a.pledge.note, a.narrative_note,
                *(p.heading for p in a.parts), *(p.guidance for p in a.parts), a.service_plan.title,
                a.service_plan.guidance, *(p.text for p in a.service_plan.points),
                *(f.label for f in ED.form.fields), *(o.label for o in ED.form.natures),
                *(c.label for c in ED.form.joint_columns), *(f.label for f in a.cover), *(f.suffix for f in a.cover)]
    d = ED.declaration
    statement = [d.title, d.preamble, d.lead_in, *d.items, d.closing, *d.signature]
    for text in official + statement:
        assert text in annex, text
    for text in statement:
        assert text in declaration, text


def test_numbered_lists_keep_their_order(word_templates):
    text = paragraph_texts(word_templates["annex"])
    for n, item in enumerate(ED.annex.instructions, 1):
        assert f"{n}.{item}" in text


HOSTILE = "甲<乙>&丙\"丁'戊 ]]> &amp; <w:t>"


def fill_values(tags: list[str]) -> dict[str, str | bool]:
    values: dict[str, str | bool] = {}
    for i, tag in enumerate(tags):
        if tag in CHECKBOX_TAGS:
            values[tag] = i % 2 == 0
        elif tag in RICH_TAGS:
            values[tag] = f"第一段 {tag} {HOSTILE}\n第二段\t制表"
        else:
            values[tag] = f" {tag}：上海市某某医院 {HOSTILE} "  # edge spaces must survive Word (xml:space)
    return values


@pytest.mark.parametrize("name", ["annex", "declaration"])
def test_fill_and_read_back_every_blank(word_templates, tmp_path, name):
    tags = list(blanks(word_templates[name]))
    values = fill_values(tags)
    filled = tmp_path / f"{name}-filled.docx"
    fill_fields(word_templates[name], values, filled)
    assert read_fields(filled) == values
    docx.Document(str(filled))  # still a package python-docx opens
    for t in document_xml(filled).iter(f"{W}t"):
        if t.text and t.text != t.text.strip():
            assert t.get("{http://www.w3.org/XML/1998/namespace}space") == "preserve"
    for tag, element in blanks(filled).items():
        if tag in CHECKBOX_TAGS:
            assert "".join(t.text for t in element.iter(f"{W}t")) == ("☒" if values[tag] else "☐")
        else:
            assert shown(element) == values[tag].replace("\n", "").replace("\t", ""), tag


def test_template_reads_back_empty(word_templates):
    values = read_fields(word_templates["annex"])
    assert list(values) == expected_annex_tags()
    assert all(v is False if k in CHECKBOX_TAGS else v == "" for k, v in values.items())


def test_partial_fill_keeps_other_placeholders(word_templates, tmp_path):
    out = tmp_path / "partial.docx"
    fill_fields(word_templates["annex"], {"lead_name": "上海市第一示例医院", nature_field("other"): True,
                                          NATURE_NOTE_FIELD: "公立医院"}, out)
    values = read_fields(out)
    assert values["lead_name"] == "上海市第一示例医院" and values[nature_field("other")] is True
    assert values[NATURE_NOTE_FIELD] == "公立医院" and values["region"] == ""
    region = blanks(out)["region"]
    assert shown(region) == region.find(f"{W}textInput/{W}default").get(f"{W}val")


def test_copied_blanks_read_back_separately(word_templates, tmp_path):
    """An applicant copies the service-plan blank's paragraph for a second plan; both values come back."""
    with zipfile.ZipFile(word_templates["annex"]) as z:
        entries = {n: z.read(n) for n in z.namelist()}
    root = etree.fromstring(entries["word/document.xml"])
    plan = next(f for f in root.iter(f"{W}ffData") if f.find(f"{W}name").get(f"{W}val") == "service_plan_1")
    paragraph = next(plan.iterancestors(f"{W}p"))
    paragraph.addnext(etree.fromstring(etree.tostring(paragraph)))
    entries["word/document.xml"] = etree.tostring(root)
    copied = tmp_path / "copied.docx"
    with zipfile.ZipFile(copied, "w") as z:
        for n, data in entries.items():
            z.writestr(n, data)
    fill_fields(copied, {"service_plan_1": "方案一", "service_plan_1#2": "方案二"}, copied)
    values = read_fields(copied)
    assert (values["service_plan_1"], values["service_plan_1#2"]) == ("方案一", "方案二")


@pytest.mark.parametrize("values, message", [
    ({"no_such_field": "x"}, "没有这些填写域"),
    ({"lead_name": True}, "应为文字"),
    ({nature_field("private"): "是"}, "应为 True 或 False"),
    ({"lead_name": "控制字符\x01"}, "控制字符"),
])
def test_fill_refuses_bad_values(word_templates, tmp_path, values, message):
    with pytest.raises(InputError, match=message):
        fill_fields(word_templates["annex"], values, tmp_path / "out.docx")
    assert not (tmp_path / "out.docx").exists()


def _zip_with(path: Path, document: bytes) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", document)
    return path


def test_untrusted_input_is_refused_in_chinese(tmp_path, word_templates):
    text = tmp_path / "plain.docx"
    text.write_text("这不是 Word 文档", encoding="utf-8")
    truncated = tmp_path / "truncated.docx"
    truncated.write_bytes(word_templates["annex"].read_bytes()[:3000])
    no_document = tmp_path / "nodoc.docx"
    with zipfile.ZipFile(no_document, "w") as z:
        z.writestr("hello.txt", "hi")
    xxe = _zip_with(tmp_path / "xxe.docx", b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                              b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                              b'<w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>')
    broken_xml = _zip_with(tmp_path / "broken.docx", b"<w:document>")
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"<a>" + b" " * (65 * 1024 * 1024) + b"</a>")
    for path in (text, truncated, no_document, xxe, broken_xml, bomb, tmp_path / "missing.docx"):
        with pytest.raises(InputError) as info:
            read_fields(path)
        assert re.search(r"[\u4e00-\u9fff]", str(info.value)) and "root:" not in str(info.value)


def test_builds_are_byte_identical(tmp_path, word_templates, monkeypatch):
    write_annex(ED, tmp_path / "a.docx")
    write_declaration(ED, tmp_path / "d.docx")
    assert (tmp_path / "a.docx").read_bytes() == word_templates["annex"].read_bytes()
    assert (tmp_path / "d.docx").read_bytes() == word_templates["declaration"].read_bytes()
    with zipfile.ZipFile(tmp_path / "a.docx") as z:
        names = z.namelist()
        assert names[0] == "[Content_Types].xml" and names[1:] == sorted(names[1:])
        assert len({info.date_time for info in z.infolist()}) == 1
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1717171717")
    write_annex(ED, tmp_path / "later.docx")
    assert (tmp_path / "later.docx").read_bytes() != word_templates["annex"].read_bytes()


def test_registered_as_downloads():
    from kit.catalogue import registry

    names = {a.name: a for a in registry()}
    for name in ("gongzuo-fangan-muban.docx", "zeren-shengming-muban.docx"):
        assert names[name].format == "Word（.docx）" and names[name].group == "申报模板"


def test_readme_documents_every_tag(word_templates):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Word 模板的填写域", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"`([A-Za-z0-9_#]+)`", section))
    for tag in expected_annex_tags():
        generic = re.sub(r"joint_\d+_", "joint_N_", tag)
        assert tag in documented or generic in documented, tag


def test_declaration_for_a_named_unit(tmp_path):
    from kit.docx import declaration_document

    doc = declaration_document(ED, "上海市某某医院 <&>")
    buffer = io.BytesIO()
    doc.save(buffer)
    path = tmp_path / "named.docx"
    path.write_bytes(buffer.getvalue())
    assert read_fields(path)[DECLARATION_UNIT_FIELD] == "上海市某某医院 <&>"
