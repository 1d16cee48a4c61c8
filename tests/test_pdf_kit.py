"""The PDF kit: A4, small, embedded subset fonts, exact text, tagged, fillable with Chinese, deterministic."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader

from pdffonts import embedded_programs, twice_embedded
from conftest import RADICALS, pdftotext, require_tool
from kit.edition import default_edition
from kit.formgrid import (DECLARATION_DATE_FIELD, DECLARATION_UNIT_FIELD, all_field_ids, date_fields)
from kit.pdf.artifacts import (ANNEX_FORM_PDF, ANNEX_GUIDE_PDF, DECLARATION_PDF, NOTICE_PDF, artifacts)
from kit.pdf.fieldfont import FIELD_FONT_KEY
from kit.pdf.fill import fields, fill_pdf

ED = default_edition()
FILL_IN = [ANNEX_FORM_PDF, DECLARATION_PDF]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("pdf")
    paths = {}
    for artifact in artifacts():
        artifact.render(ED, out / artifact.name)
        paths[artifact.name] = out / artifact.name
    return paths


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def expected_annex_fields() -> list[str]:
    cover = []
    for f in ED.annex.cover:
        cover += date_fields(f.id) if f.kind == "date" else [f.id]
    form = all_field_ids(ED.form, ED.limits.max_joint_applicants)
    return cover + form + [DECLARATION_UNIT_FIELD, *date_fields(DECLARATION_DATE_FIELD)]


@pytest.mark.parametrize("name", [ANNEX_FORM_PDF, DECLARATION_PDF, NOTICE_PDF, ANNEX_GUIDE_PDF])
def test_a4_tagged_titled_chinese_and_qpdf_clean(built, name):
    pdf = pikepdf.open(built[name])
    for page in pdf.pages:
        x0, y0, x1, y1 = (float(v) for v in page.MediaBox)
        assert abs((x1 - x0) - 595.28) < 1 and abs((y1 - y0) - 841.89) < 1
    assert str(pdf.Root.Lang) == "zh-CN"
    assert "/StructTreeRoot" in pdf.Root and pdf.Root.MarkInfo.Marked
    assert str(pdf.trailer.Info.Title)
    check = subprocess.run([require_tool("qpdf"), "--check", str(built[name])], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr


@pytest.mark.parametrize("name", [ANNEX_FORM_PDF, DECLARATION_PDF, NOTICE_PDF, ANNEX_GUIDE_PDF])
def test_fonts_are_embedded_subsets(built, name):
    listing = subprocess.run([require_tool("pdffonts"), str(built[name])], capture_output=True, text=True,
                             check=True).stdout.splitlines()[2:]
    assert listing
    for line in listing:
        if " Type 3 " in line:  # the check boxes' tick (kit/pdf/fields.py): glyphs drawn by the file's own paths
            assert re.search(r" yes no  yes ", line), f"Type 3 font without ToUnicode: {line}"
            continue
        assert re.match(r"[A-Z]{6}\+", line), f"not a subset: {line}"
        assert " yes yes yes " in line, f"not embedded with ToUnicode: {line}"


@pytest.mark.parametrize("name", [ANNEX_FORM_PDF, DECLARATION_PDF, NOTICE_PDF, ANNEX_GUIDE_PDF])
def test_no_font_is_embedded_twice(built, name):
    assert embedded_programs(built[name])
    assert twice_embedded(built[name]) == []


@pytest.mark.parametrize("name", FILL_IN)
def test_fill_in_pdf_stays_under_four_megabytes(built, name):
    """The field font (GB 2312 subset, see kit/pdf/fieldfont.py) is most of it; the issue's hard limit is 4 MB."""
    assert built[name].stat().st_size <= 4 * 1024 * 1024



@pytest.mark.parametrize("name", FILL_IN)
def test_field_font_hanzi_leave_room_between_lines_one_em_apart(built, name):
    """Poppler, redrawing a multi-line field for NeedAppearances (pypdf's default), sets its lines one font size
    apart: the embedded field font's hanzi span at most 0.9 em from the lowest to the highest, so such lines keep
    a tenth of an em between them (kit/pdf/fieldfont.py, shrink_full_width). Their advances stay one em (/DW), so
    every viewer breaks lines where its full-em text box does."""
    import io

    from fontTools.cffLib import CFFFontSet
    from fontTools.pens.boundsPen import BoundsPen

    with pikepdf.open(built[name]) as pdf:
        font = pdf.Root.AcroForm.DR.Font[FIELD_FONT_KEY]
        descendant = font.DescendantFonts[0]
        program = descendant.FontDescriptor.FontFile3.read_bytes()
        to_unicode = font.ToUnicode.read_bytes().decode("ascii")
        assert int(descendant.DW) == 1000
    cids = [int(cid, 16) for cid, code in re.findall(r"<([0-9A-F]{4})> <([0-9A-F]{4})>", to_unicode)
            if "\u4e00" <= chr(int(code, 16)) <= "\u9fff"]
    assert len(cids) >= 6763  # GB 2312's hanzi
    cff = CFFFontSet()
    cff.decompile(io.BytesIO(program), None)
    charstrings = cff[cff.fontNames[0]].CharStrings
    bottom, top = 0.0, 0.0
    for cid in cids:
        pen = BoundsPen(None)
        charstrings[f"cid{cid:05d}"].draw(pen)
        bottom, top = min(bottom, pen.bounds[1]), max(top, pen.bounds[3])
    assert top - bottom <= 900, (bottom, top)

def test_annex_fields_names_types_and_tooltips(built):
    found = fields(built[ANNEX_FORM_PDF])
    assert list(found) == expected_annex_fields()  # document order = tab order
    boxes = [n for n, t in found.items() if t == "/Btn"]
    assert len(boxes) == len(ED.form.natures) == 7
    reader = PdfReader(built[ANNEX_FORM_PDF])
    info = reader.get_fields()
    assert str(ED.limits.intro_max_chars) in info["intro"]["/TU"]
    assert info["intro"]["/Ff"] & 4096  # multi-line
    pdf = pikepdf.open(built[ANNEX_FORM_PDF])
    assert all(str(FIELD_FONT_KEY) in str(f.DA) for f in pdf.Root.AcroForm.Fields if f.FT == "/Tx")
    assert all(p.obj.Tabs == "/S" for p in pdf.pages)


def test_declaration_fields(built):
    assert list(fields(built[DECLARATION_PDF])) == [DECLARATION_UNIT_FIELD, *date_fields(DECLARATION_DATE_FIELD)]


def official_strings() -> list[str]:
    return ([ED.annex.pledge.text, ED.annex.service_plan.guidance, ED.declaration.preamble, ED.declaration.closing]
            + ED.annex.instructions + [p.guidance for p in ED.annex.parts] + [p.text for p in ED.annex.service_plan.points]
            + ED.declaration.items)


def test_extracted_text_equals_the_source_text(built):
    for extract in (pdftotext, lambda p: "".join(page.extract_text() for page in PdfReader(p).pages)):
        annex = squash(extract(built[ANNEX_FORM_PDF]))
        assert not RADICALS.findall(annex)
        for s in official_strings():
            assert squash(s) in annex, s
        decl = squash(extract(built[DECLARATION_PDF]))
        for s in ED.declaration.items:
            assert squash(s) in decl


def test_notice_print_pdf_text_is_exact(built):
    text = pdftotext(built[NOTICE_PDF])
    assert not RADICALS.findall(text)
    assert unicodedata.normalize("NFKC", text) == unicodedata.normalize("NFKC", text)  # no compatibility forms
    flat = squash(text)
    for phrase in ["主要保障因网络安全事件造成的勒索损失、营业中断、欺诈和社会工程学犯罪损失",
                   "《医疗卫生机构网络安全管理办法》", "申报主体申报试点项目不得超过2个，联合申报主体不得超过5家"]:
        assert phrase in flat


VALUES = {
    "lead_name": "上海市虚构第一人民医院（虚构示例）",
    "org_code": "123100000000000001",
    "intro": "本院为虚构示例。<脚本>&“引号”'单引号'——风险评估、应急处置。",
    "nature_public_institution": True,
    "plan_name": "网络安全保险服务试点方案（虚构示例）",
}


def render(path: Path, out: Path, page: int) -> bytes:
    subprocess.run([require_tool("pdftoppm"), "-r", "40", "-gray", "-f", str(page), "-l", str(page), str(path),
                    str(out)], check=True, capture_output=True)
    return next(out.parent.glob(out.name + "*")).read_bytes()


def test_filled_chinese_values_show_when_rendered(built, tmp_path):
    filled = tmp_path / "filled.pdf"
    fill_pdf(built[ANNEX_FORM_PDF], VALUES, filled)
    reader = PdfReader(filled)
    got = {k: v.get("/V") for k, v in reader.get_fields().items()}
    assert got["intro"] == VALUES["intro"] and got["lead_name"] == VALUES["lead_name"]  # literally, < & " ' included
    assert got["nature_public_institution"] not in (None, "/Off")
    for page in (1, 3):
        assert render(filled, tmp_path / f"f{page}", page) != render(built[ANNEX_FORM_PDF], tmp_path / f"b{page}", page)
    # the drawn values are real text, extractable as typed
    pdf = pikepdf.open(filled)
    field = next(f for f in pdf.Root.AcroForm.Fields if f.T == "lead_name")
    xobject_text = pdftotext(filled)
    assert "/AP" in field and xobject_text
    assert filled.stat().st_size - built[ANNEX_FORM_PDF].stat().st_size < 50_000  # the font is not embedded again


def test_unknown_field_is_a_clear_error(built, tmp_path):
    from kit.errors import InputError

    with pytest.raises(InputError) as err:
        fill_pdf(built[DECLARATION_PDF], {"no_such_field": "x"}, tmp_path / "x.pdf")
    assert "no_such_field" in str(err.value)


@pytest.mark.parametrize("name", [ANNEX_FORM_PDF, NOTICE_PDF])
def test_same_sources_give_identical_bytes(built, tmp_path, name):
    artifact = next(a for a in artifacts() if a.name == name)
    again = tmp_path / name
    artifact.render(ED, again)
    assert again.read_bytes() == built[name].read_bytes()


def test_declaration_fits_on_one_page(built):
    assert len(PdfReader(built[DECLARATION_PDF]).pages) == 1


def test_blanks_sit_on_the_line_of_their_label(built):
    """Cover and declaration blanks follow their label on the same line (not stacked below it)."""
    pdf = pikepdf.open(built[ANNEX_FORM_PDF])
    rects = {str(f.T): [float(v) for v in f.Rect] for f in pdf.Root.AcroForm.Fields}
    left_margin = ED.formatting.margins_mm.left / 25.4 * 72
    assert rects["plan_name"][0] > left_margin + 72  # after the label, not at the margin
    year, month, day = (rects[f"apply_date_{p}"] for p in ("year", "month", "day"))
    assert year[1] == month[1] == day[1] and year[0] < month[0] < day[0]
    with pikepdf.open(built[DECLARATION_PDF]) as declaration:
        decl = {str(f.T): [float(v) for v in f.Rect] for f in declaration.Root.AcroForm.Fields}
    assert decl["decl_date_year"][1] == decl["decl_date_month"][1] == decl["decl_date_day"][1]
