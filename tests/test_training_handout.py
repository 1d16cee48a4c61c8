"""The training handout: exactly two A4 pages, title and language set, subset fonts, and text that copies out
with the code points of its source (no radicals or compatibility ideographs; see facts.md §7)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import RADICALS, pdftotext, rendered_file, require_tool
from pdffonts import twice_embedded
from kit.edition import default_edition
from kit.errors import KitError
from kit.edition import cn_date
from kit.training import HANDOUT, handout
from kit.training.handout import render_handout

A4_POINTS = (595.28, 841.89)


@pytest.fixture(scope="module")
def handout_path(tmp_path_factory) -> Path:
    return rendered_file(tmp_path_factory, render_handout, HANDOUT)


@pytest.fixture(scope="module")
def extracted_text(handout_path) -> str:
    return pdftotext(handout_path)


def test_handout_is_exactly_two_a4_pages(handout_path):
    pages = PdfReader(str(handout_path)).pages
    assert len(pages) == 2
    for page in pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(width - A4_POINTS[0]) < 1 and abs(height - A4_POINTS[1]) < 1, (width, height)


def test_handout_has_title_and_chinese_language(handout_path):
    reader = PdfReader(str(handout_path))
    assert reader.metadata.title == handout.TITLE
    assert reader.trailer["/Root"]["/Lang"] == "zh-CN"


def test_extracted_text_has_no_radicals_and_carries_the_facts(extracted_text):
    found = sorted({f"U+{ord(c):04X} {c}" for c in RADICALS.findall(extracted_text)})
    assert not found, f"复制出的文字含部首或兼容汉字：{found}"
    ed = default_edition()
    text = re.sub(r"\s+", "", extracted_text)
    facts = [ed.notice.number, *(c.phone for c in ed.contacts), *(c.person for c in ed.contacts),
             *ed.applicant_types, *(item.label for item in ed.coverage), *(cn_date(d.date) for d in ed.dates),
             *(p.heading for p in ed.annex.parts), "风险评估"]
    missing = [f for f in facts if re.sub(r"\s+", "", f) not in text]
    assert not missing, f"讲义中缺少：{missing}"


def test_fonts_are_embedded_as_subsets(handout_path):
    listing = subprocess.run([require_tool("pdffonts"), str(handout_path)], capture_output=True, text=True,
                             check=True).stdout.splitlines()[2:]
    assert listing, "讲义中没有字体"
    for line in listing:
        name, emb, sub = line.split()[0], line.split()[-5], line.split()[-4]
        assert (emb, sub) == ("yes", "yes"), line
        assert re.match(r"^[A-Z]{6}\+", name), line


def test_no_font_is_embedded_twice(handout_path):
    assert twice_embedded(handout_path) == []


def test_handout_bytes_are_reproducible(handout_path, tmp_path):
    again = tmp_path / "again.pdf"
    render_handout(default_edition(), again)
    assert again.read_bytes() == handout_path.read_bytes()


def test_a_layout_that_does_not_fit_fails_the_build(monkeypatch, tmp_path):
    monkeypatch.setattr(handout, "PAGES", 1)
    with pytest.raises(KitError, match="培训讲义应为 1 页"):
        render_handout(default_edition(), tmp_path / "one.pdf")
    assert not (tmp_path / "one.pdf").exists()
