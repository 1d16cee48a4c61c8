"""The training slide deck: 16:9, titles and speaker notes on every slide, Chinese fonts in the East Asian slot,
facts from the edition, reproducible bytes, and it opens in LibreOffice."""

from __future__ import annotations

import re
import subprocess
import time
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pypdf import PdfReader

from conftest import rendered_file, require_tool
from pptxtext import deck_texts
from kit.reproducible import source_date_epoch
from kit.edition import default_edition
from kit.edition import cn_date
from kit.training import DECK
from kit.training.deck import render_deck
from kit.training.pptx_style import BODY_FONT, TITLE_FONT

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
CJK = re.compile(r"[\u3400-\u9fff]")


@pytest.fixture(scope="module")
def deck_path(tmp_path_factory) -> Path:
    return rendered_file(tmp_path_factory, render_deck, DECK)


@pytest.fixture(scope="module")
def deck(deck_path):
    return Presentation(str(deck_path))


def all_text(deck) -> str:
    return re.sub(r"\s+", "", "".join(deck_texts(deck)))


def test_deck_is_widescreen_16_9(deck):
    assert deck.slide_width * 9 == deck.slide_height * 16
    assert len(deck.slides) >= 12


def test_every_slide_has_a_title_and_speaker_notes(deck):
    for number, slide in enumerate(deck.slides, start=1):
        title = slide.shapes.title
        assert title is not None and title.text_frame.text.strip(), f"第 {number} 页没有标题"
        assert slide.has_notes_slide, f"第 {number} 页没有备注"
        assert slide.notes_slide.notes_text_frame.text.strip(), f"第 {number} 页的讲稿备注为空"


def test_chinese_text_names_fonts_in_the_east_asian_slot(deck):
    allowed = {TITLE_FONT.east_asian, BODY_FONT.east_asian}
    for number, slide in enumerate(deck.slides, start=1):
        runs = slide.shapes._spTree.iter(f"{A}r", f"{A}fld")
        checked = 0
        for run in runs:
            text = run.findtext(f"{A}t") or ""
            if not CJK.search(text):
                continue
            rpr = run.find(f"{A}rPr")
            assert rpr is not None, f"第 {number} 页“{text}”没有字体设置"
            ea, latin = rpr.find(f"{A}ea"), rpr.find(f"{A}latin")
            assert ea is not None and ea.get("typeface") in allowed, f"第 {number} 页“{text}”的 a:ea 不是中文字体"
            assert latin is not None and latin.get("typeface"), f"第 {number} 页“{text}”缺少 a:latin"
            assert rpr.get("lang") == "zh-CN"
            checked += 1
        assert checked, f"第 {number} 页没有中文文字"
    title_rpr = deck.slides[0].shapes.title.text_frame.paragraphs[0].runs[0]._r.find(f"{A}rPr")
    assert title_rpr.find(f"{A}ea").get("typeface") == TITLE_FONT.east_asian


def test_text_is_editable_and_carries_the_edition_facts(deck):
    ed = default_edition()
    text = all_text(deck)
    facts = [ed.notice.number, *ed.notice.issuers, *(c.phone for c in ed.contacts), *ed.applicant_types,
             *(item.label for item in ed.coverage), *(cn_date(d.date) for d in ed.dates),
             *(p.heading for p in ed.annex.parts), *(item for item in ed.declaration.items)]
    missing = [f for f in facts if re.sub(r"\s+", "", f) not in text]
    assert not missing, missing
    for limit in (ed.limits.max_projects_per_applicant, ed.limits.max_joint_applicants, ed.limits.narrative_min_chars,
                  ed.limits.service_plan_min_chars, ed.limits.intro_max_chars):
        assert str(limit) in text
    pictures = [s for slide in deck.slides for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert not pictures, "课件中的文字应为可编辑文本，不应是图片"


def test_every_content_slide_has_a_footer_with_number_and_slide_field(deck):
    number = default_edition().notice.number
    for index, slide in enumerate(deck.slides, start=1):
        if index == 1:
            continue  # the title slide
        xml = etree.tostring(slide.shapes._spTree, encoding="unicode")
        assert number in xml, f"第 {index} 页页脚没有文号"
        fields = list(slide.shapes._spTree.iter(f"{A}fld"))
        assert any(f.get("type") == "slidenum" and f.findtext(f"{A}t") == str(index) for f in fields), index


def test_deck_bytes_are_reproducible(deck_path, site_dir, tmp_path):
    again = tmp_path / "again.pptx"
    time.sleep(2.1)  # zip timestamps have a two-second resolution: a clock leak would show
    render_deck(default_edition(), again)
    assert again.read_bytes() == deck_path.read_bytes()
    assert (site_dir / "downloads" / DECK).read_bytes() == deck_path.read_bytes(), "网站中的课件与单独生成的不一致"
    stamp = time.gmtime(source_date_epoch())[:6]
    with zipfile.ZipFile(deck_path) as zf:
        infos = zf.infolist()
        assert infos[0].filename == "[Content_Types].xml"
        assert [i.filename for i in infos[1:]] == sorted(i.filename for i in infos[1:])
        assert {i.date_time for i in infos} == {stamp}


def test_source_date_epoch_sets_the_document_dates(monkeypatch, tmp_path):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735660800")  # 2024-12-31 16:00 UTC
    path = tmp_path / "later.pptx"
    render_deck(default_edition(), path)
    props = Presentation(str(path)).core_properties
    assert props.created.isoformat().startswith("2024-12-31T16:00") and props.modified == props.created
    with zipfile.ZipFile(path) as zf:
        assert {i.date_time for i in zf.infolist()} == {(2024, 12, 31, 16, 0, 0)}


@pytest.mark.libreoffice
def test_libreoffice_converts_every_slide(deck, deck_path, tmp_path):
    soffice = require_tool("soffice")
    profile = tmp_path / "lo-profile"
    result = subprocess.run(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(deck_path)],
        capture_output=True, text=True, timeout=120,
    )
    pdf = tmp_path / deck_path.with_suffix(".pdf").name
    assert pdf.exists(), f"LibreOffice 未能转换课件（是否安装了 libreoffice-impress？）：{result.stderr.strip()}"
    assert len(PdfReader(str(pdf)).pages) == len(deck.slides)


def test_theme_fonts_are_chinese_so_new_text_boxes_are_too(deck_path):
    import re
    import zipfile

    with zipfile.ZipFile(deck_path) as zf:
        theme = zf.read("ppt/theme/theme1.xml").decode("utf-8")
    major = re.search(r"<a:majorFont>(.*?)</a:majorFont>", theme, re.S).group(1)
    minor = re.search(r"<a:minorFont>(.*?)</a:minorFont>", theme, re.S).group(1)
    assert '<a:ea typeface="黑体"/>' in major and '<a:ea typeface="微软雅黑"/>' in minor
    assert "Calibri" not in major + minor.split("<a:font ")[0]
