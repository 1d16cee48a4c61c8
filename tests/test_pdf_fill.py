"""kit.pdf.fill and the field set-up: real values wrap and shrink to fit; what cannot fit is reported, not clipped."""

from __future__ import annotations

import warnings

import pikepdf
import pytest

from conftest import rendered_file
from kit.pdf.fieldfont import field_font_data
from kit.pdf.fields import MAX_SIZE, MIN_SIZE, MULTILINE, FitWarning, fit, wrap
from kit.pdf.fill import fill_pdf
from kit.pdf.render import render_annex_pdf, render_declaration_pdf

PLAN_NAME = "上海市虚构示例医院网络安全保险风险评估与应急响应及数据备份恢复服务的试点工作方案"  # 40, 虚构示例
UNIT_NAME = "上海市虚构示例区第一人民医院与社区卫生服务中心医疗联合体管理"  # 30


@pytest.fixture(scope="module")
def annex(tmp_path_factory):
    return rendered_file(tmp_path_factory, render_annex_pdf, "annex.pdf")


@pytest.fixture(scope="module")
def declaration(tmp_path_factory):
    return rendered_file(tmp_path_factory, render_declaration_pdf, "declaration.pdf")


class Spec(dict):
    __getattr__ = dict.get


def form_fields(path) -> dict:
    """Name → the field's keys as plain values (Rect, Ff, MaxLen, DA, FT)."""
    with pikepdf.open(path) as pdf:
        return {str(f.T): Spec(Rect=[float(v) for v in f.Rect], Ff=int(f.get("/Ff", 0)),
                               MaxLen=int(f.get("/MaxLen", 0)), DA=str(f.get("/DA", "")), FT=str(f.FT))
                for f in pdf.Root.AcroForm.Fields}


def size_of(field) -> tuple[float, float]:
    x0, y0, x1, y1 = field.Rect
    return abs(x1 - x0), abs(y1 - y0)


def test_every_field_has_an_appearance_and_the_form_needs_none(annex, declaration):
    for path in (annex, declaration):
        with pikepdf.open(path) as pdf:
            assert bool(pdf.Root.AcroForm.NeedAppearances) is False
            for field in pdf.Root.AcroForm.Fields:
                assert "/AP" in field and "/N" in field.AP, str(field.T)


@pytest.mark.parametrize(("name", "value", "min_size"), [
    ("plan_name", PLAN_NAME, 11), ("lead_unit", UNIT_NAME, 10), ("lead_name", UNIT_NAME, 10),
    ("joint_1_name", UNIT_NAME, 10), ("joint_1_nature", "国有控股企业", 10), ("address", UNIT_NAME, 10),
    ("org_code", "91310000MA1FL5X63Y", 9), ("joint_1_org_code", "91310000MA1FL5X63Y", 9), ("intro", "医" * 400, 10),
])
def test_real_values_fit_their_field_at_a_legible_size(annex, name, value, min_size):
    field = form_fields(annex)[name]
    width, height = size_of(field)
    got = fit(field_font_data(), value, width, height, field.Ff)
    assert got.fits and min_size <= got.size <= MAX_SIZE, (name, got.size)
    assert "".join(got.lines) == value  # nothing dropped


def test_declaration_unit_fits_beside_the_seal(declaration):
    field = form_fields(declaration)["decl_unit"]
    got = fit(field_font_data(), UNIT_NAME, *size_of(field), field.Ff)
    assert got.fits and got.size >= 9


def test_codes_take_one_line_of_18_and_long_values_wrap(annex):
    fields = form_fields(annex)
    for name in ("org_code", "joint_3_org_code"):
        assert not fields[name].Ff & MULTILINE and fields[name].MaxLen == 18
        assert " 0 Tf" not in fields[name].DA  # one line, a size at which 18 characters fit
    for name in ("plan_name", "lead_unit", "joint_1_name", "joint_1_nature", "address", "intro", "decl_unit"):
        assert fields[name].Ff & MULTILINE, name
        assert " 0 Tf" not in fields[name].DA  # a fixed size that holds the value (pdf.js's automatic size does not)


def test_wrapping_keeps_latin_runs_whole_and_loses_nothing():
    font = field_font_data()
    lines = wrap(font, "系统编号ABC123456与平台，共计二十项", 80, 12)
    assert "".join(lines) == "系统编号ABC123456与平台，共计二十项"
    assert any("ABC123456" in line for line in lines)
    assert all(font.width(line, 12) <= 80 for line in lines)


def test_no_line_starts_with_closing_or_ends_with_opening_punctuation():
    font = field_font_data()
    text = "医院现有职工二千余人，开放床位一千二百张。医院设有临床科室（含医技）四十个，信息系统覆盖诊疗全过程。" * 6
    for width in range(60, 400, 7):
        lines = wrap(font, text, width, 12)
        assert "".join(lines) == text
        assert not any(line[0] in "，。、）" for line in lines[1:]), width
        assert not any(line[-1] == "（" for line in lines), width
        assert all(font.width(line, 12) <= width for line in lines), width


def test_a_value_that_cannot_fit_is_reported_not_clipped_silently(declaration, tmp_path):
    with pytest.warns(FitWarning, match="decl_unit"):
        problems = fill_pdf(declaration, {"decl_unit": UNIT_NAME * 4}, tmp_path / "long.pdf")
    assert problems and "过长" in problems[0] and str(MIN_SIZE).rstrip("0").rstrip(".") in problems[0]


def test_characters_outside_the_field_font_are_reported(declaration, tmp_path):
    with pytest.warns(FitWarning, match="𠀀"):
        fill_pdf(declaration, {"decl_unit": "虚构𠀀医院"}, tmp_path / "rare.pdf")


def test_values_that_fit_give_no_warning(annex, tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("error", FitWarning)
        problems = fill_pdf(annex, {"plan_name": PLAN_NAME, "joint_1_name": UNIT_NAME, "intro": "医" * 400,
                                    "org_code": "91310000MA1FL5X63Y", "decl_unit": UNIT_NAME}, tmp_path / "ok.pdf")
    assert problems == []


def test_punctuation_as_windows_types_it_is_in_the_field_font(annex, tmp_path):
    """Word and Windows' input methods type GB 2312's 破折号 and 间隔号 as U+2014 and U+00B7, not as the
    standard's U+2015 and U+30FB: both forms have a glyph."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", FitWarning)
        problems = fill_pdf(annex, {"plan_name": "风险评估——应急响应·数据恢复―试点・方案"}, tmp_path / "dash.pdf")
    assert problems == []
