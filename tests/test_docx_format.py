"""The Word templates obey the annex's formatting rules, checked in the XML the way Word resolves it:
effective run and paragraph properties through direct formatting, character style, paragraph style chain and
document defaults."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from kit.reproducible import source_date_epoch
from kit.edition import default_edition
from kit.fonts import WORD_ALT_NAMES
from kit.formgrid import basic_info_grid

ED = default_edition()
FMT = ED.formatting
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
THEME_ATTRIBUTE = re.compile(rb'\s(?:\w+:)?(?:asciiTheme|hAnsiTheme|eastAsiaTheme|cstheme)="')
DOCS = ["annex", "declaration"]


def part(path: Path, name: str):
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(name))


def mm_to_twips(mm: float) -> int:
    return round(mm / 25.4 * 1440)


class Styles:
    """Resolves effective properties the way Word does (first definition found wins; enough for these styles)."""

    def __init__(self, root):
        self.by_id = {s.get(f"{W}styleId"): s for s in root.findall(f"{W}style")}
        self.default_paragraph = next(s.get(f"{W}styleId") for s in root.findall(f"{W}style")
                                      if s.get(f"{W}type") == "paragraph" and s.get(f"{W}default") == "1")
        self.doc_rpr = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
        self.doc_ppr = root.find(f"{W}docDefaults/{W}pPrDefault/{W}pPr")

    def chain(self, style_id, kind):
        seen = []
        while style_id and style_id not in seen:
            seen.append(style_id)
            style = self.by_id[style_id]
            yield style.find(f"{W}{kind}")
            based = style.find(f"{W}basedOn")
            style_id = based.get(f"{W}val") if based is not None else None

    def paragraph_style(self, p):
        ps = p.find(f"{W}pPr/{W}pStyle")
        return ps.get(f"{W}val") if ps is not None else self.default_paragraph

    def _first(self, containers, tag, attr):
        for props in containers:
            if props is None:
                continue
            found = props.find(f"{W}{tag}")
            if found is not None and found.get(f"{W}{attr}") is not None:
                return found.get(f"{W}{attr}")
            if found is not None and attr == "val":  # toggle element present without w:val = on
                return "1"
        return None

    def run_value(self, p, r, tag, attr="val"):
        rstyle = r.find(f"{W}rPr/{W}rStyle")
        containers = [r.find(f"{W}rPr")]
        if rstyle is not None:
            containers += list(self.chain(rstyle.get(f"{W}val"), "rPr"))
        containers += list(self.chain(self.paragraph_style(p), "rPr")) + [self.doc_rpr]
        return self._first(containers, tag, attr)

    def paragraph_value(self, p, tag, attr):
        containers = [p.find(f"{W}pPr")] + list(self.chain(self.paragraph_style(p), "pPr")) + [self.doc_ppr]
        return self._first(containers, tag, attr)


@pytest.fixture(scope="module", params=DOCS)
def doc(request, word_templates):
    path = word_templates[request.param]
    return request.param, path, part(path, "word/document.xml"), Styles(part(path, "word/styles.xml"))


def body_paragraphs(document, style_ids, styles):
    """Paragraphs of the main text (not in tables) whose style is one of `style_ids`."""
    return [p for p in document.iter(f"{W}p")
            if styles.paragraph_style(p) in style_ids and not any(a.tag == f"{W}tbl" for a in p.iterancestors())]


RULES = {  # style id → (text style of the annex, expected bold)
    "Normal": FMT.body,
    "Heading1": FMT.heading1,
    "Heading2": FMT.heading2,
}


@pytest.mark.parametrize("style_id", RULES)
def test_fonts_sizes_spacing_and_alignment_of_body_and_headings(doc, style_id):
    name, _, document, styles = doc
    rule = RULES[style_id]
    paragraphs = body_paragraphs(document, {style_id}, styles)
    if name == "declaration" and style_id != "Normal":
        assert not paragraphs
        return
    assert paragraphs, f"no {style_id} paragraph in {name}"
    runs = 0
    for p in paragraphs:
        assert styles.paragraph_value(p, "spacing", "line") == str(round(240 * FMT.line_spacing))
        assert styles.paragraph_value(p, "spacing", "lineRule") == "auto"
        assert styles.paragraph_value(p, "jc", "val") == {"justify": "both", "left": "left"}[FMT.alignment]
        for r in p.iter(f"{W}r"):
            runs += 1
            assert styles.run_value(p, r, "rFonts", "eastAsia") == rule.font
            assert styles.run_value(p, r, "sz") == str(round(rule.size_pt * 2))
            assert (styles.run_value(p, r, "b") in ("1", "true", "on")) is rule.bold
    assert runs


def test_sizes_come_from_the_chinese_size_table():
    assert (FMT.body.size_pt, FMT.heading1.size_pt, FMT.heading2.size_pt) == (14, 16, 14)


def test_the_form_uses_the_body_font(doc):
    _, _, document, styles = doc
    for table in document.iter(f"{W}tbl"):
        for p in table.iter(f"{W}p"):
            for r in p.iter(f"{W}r"):
                if r.getparent().tag == f"{W}sdtContent" and r.find(f"{W}rPr/{W}rFonts") is not None:
                    continue  # a check box glyph in its symbol font
                assert styles.run_value(p, r, "rFonts", "eastAsia") == FMT.body.font


@pytest.mark.parametrize("name", DOCS)
def test_no_theme_fonts_anywhere(word_templates, name):
    with zipfile.ZipFile(word_templates[name]) as z:
        for entry in z.namelist():
            if entry.endswith(".xml"):
                assert not THEME_ATTRIBUTE.search(z.read(entry)), entry
        assert not any("stylesWithEffects" in n or "thumbnail" in n for n in z.namelist())


def test_font_table_lists_official_fonts_with_fallbacks(doc):
    _, path, document, _ = doc
    fonts = {f.get(f"{W}name"): f for f in part(path, "word/fontTable.xml").findall(f"{W}font")}
    for official in {FMT.body.font, FMT.heading1.font, FMT.heading2.font}:
        entry = fonts[official]
        assert entry.find(f"{W}altName").get(f"{W}val") == WORD_ALT_NAMES[official]
        assert entry.find(f"{W}charset").get(f"{W}val") == "86"
    named = {f.get(f"{W}{slot}") for root in (document, part(path, "word/styles.xml"))
             for f in root.iter(f"{W}rFonts") for slot in ("ascii", "eastAsia", "hAnsi", "cs")}
    assert named - {None} <= set(fonts), "every named font is in the font table"


def test_language_is_chinese(doc):
    _, path, _, styles = doc
    lang = styles.doc_rpr.find(f"{W}lang")
    assert lang.get(f"{W}eastAsia") == "zh-CN"
    settings = part(path, "word/settings.xml")
    assert settings.find(f"{W}themeFontLang").get(f"{W}eastAsia") == "zh-CN"
    core = part(path, "docProps/core.xml")
    assert core.findtext("{http://purl.org/dc/elements/1.1/}language") == "zh-CN"


def test_a4_portrait_with_gb9704_margins(doc):
    _, _, document, _ = doc
    sect = document.find(f"{W}body/{W}sectPr")
    size = sect.find(f"{W}pgSz")
    assert (size.get(f"{W}w"), size.get(f"{W}h")) == ("11906", "16838")
    assert size.get(f"{W}orient") in (None, "portrait")
    margins = sect.find(f"{W}pgMar")
    for side in ("top", "bottom", "left", "right"):
        assert int(margins.get(f"{W}{side}")) == mm_to_twips(getattr(FMT.margins_mm, side)), side


def test_centred_page_number_field_in_footer(doc):
    name, path, document, styles = doc
    sect = document.find(f"{W}body/{W}sectPr")
    rels = part(path, "word/_rels/document.xml.rels")
    targets = {r.get("Id"): r.get("Target") for r in rels}
    refs = {ref.get(f"{W}type"): targets[ref.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")]
            for ref in sect.findall(f"{W}footerReference")}
    footer = part(path, f"word/{refs['default']}")
    p = footer.find(f"{W}p")
    assert styles.paragraph_value(p, "jc", "val") == "center"
    assert "PAGE" in "".join(t.text for t in footer.iter(f"{W}instrText"))
    assert "".join(t.text for t in footer.iter(f"{W}t")).startswith("— ")
    if name == "annex":  # the cover has no number; the page after it is page 1
        assert sect.find(f"{W}titlePg") is not None
        assert not list(part(path, f"word/{refs['first']}").iter(f"{W}instrText"))
        assert sect.find(f"{W}pgNumType").get(f"{W}start") == "0"


def _form_table(document):
    for table in document.iter(f"{W}tbl"):
        if any(n.get(f"{W}val") == "lead_name" for n in table.iter(f"{W}name")):  # its form field's name
            return table
    raise AssertionError("basic-information table not found")


def test_form_table_shape_matches_the_grid(word_templates):
    document = part(word_templates["annex"], "word/document.xml")
    table = _form_table(document)
    grid = basic_info_grid(ED.form, joint_rows=ED.limits.max_joint_applicants)
    rows = table.findall(f"{W}tr")
    assert len(rows) == len(grid)
    assert len(table.findall(f"{W}tblGrid/{W}gridCol")) == 4
    joint_label_rows = []
    for tr, cells in zip(rows, grid):
        tcs = tr.findall(f"{W}tc")
        spans = [int(tc.find(f"{W}tcPr/{W}gridSpan").get(f"{W}val")) if tc.find(f"{W}tcPr/{W}gridSpan") is not None
                 else 1 for tc in tcs]
        assert sum(spans) == 4
        if len(cells) == 2:  # one field: label + value across three columns
            assert spans == [1, 3]
        merge = tcs[0].find(f"{W}tcPr/{W}vMerge")
        if merge is not None:
            joint_label_rows.append(merge.get(f"{W}val") or "continue")
    assert joint_label_rows == ["restart"] + ["continue"] * ED.limits.max_joint_applicants
    assert table.find(f"{W}tblPr/{W}tblLayout").get(f"{W}type") == "fixed"


def test_form_text_may_be_smaller_but_not_tiny(word_templates):
    styles = Styles(part(word_templates["annex"], "word/styles.xml"))
    table = _form_table(part(word_templates["annex"], "word/document.xml"))
    sizes = {styles.run_value(p, r, "sz") for p in table.iter(f"{W}p") for r in p.iter(f"{W}r")}
    assert sizes and all(21 <= int(s) <= 28 for s in sizes)  # 五号 … 四号


def test_metadata_is_fixed(doc):
    _, path, _, _ = doc
    stamp = dt.datetime.fromtimestamp(source_date_epoch(), dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    core = part(path, "docProps/core.xml")
    dc, dcterms = "{http://purl.org/dc/elements/1.1/}", "{http://purl.org/dc/terms/}"
    assert core.findtext(f"{dc}creator") == "网络安全保险服务试点工具包"
    assert core.findtext(f"{dc}title")
    assert core.findtext(f"{dcterms}created") == core.findtext(f"{dcterms}modified") == stamp


def test_tick_box_options_are_never_split_across_lines(word_templates):
    from kit.docx.document import text_width_twips
    from kit.docx.formtable import CELL_MARGIN_TWIPS, column_widths, nature_lines

    for capacity in (10, 20, 27, 60):
        lines = nature_lines(ED.form.natures, capacity)
        assert [o for line in lines for o in line] == list(ED.form.natures)
        assert all(line for line in lines)
    table = _form_table(part(word_templates["annex"], "word/document.xml"))
    cell = next(tc for tc in table.iter(f"{W}tc")
                if any(t.get(f"{W}val", "").startswith("nature_") for t in tc.iter(f"{W}tag")))
    capacity = (sum(column_widths(text_width_twips(ED))[1:]) - 2 * CELL_MARGIN_TWIPS) // 240  # 小四 = 240 twips
    breaks = len(list(cell.iter(f"{W}br")))
    assert breaks == len(nature_lines(ED.form.natures, capacity)) - 1 and breaks >= 1
