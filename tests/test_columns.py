"""Column widths of applicants' tables: estimated from the text as automatic table layout would, carried into
the PDF (fixed table layout) and into the .docx (grid columns)."""

from __future__ import annotations

import re
import subprocess

import docx
import pytest
from docx.oxml.ns import qn

from appfactory import ED, valid_application, write
from conftest import require_tool
from kit.application import load_application
from kit.assemble import build_application
from kit.columns import SLACK_EM, column_shares
from kit.textwidth import longest_unbreakable_em, text_em
from kit.markup import TableMeasure, to_html

LONG = "下一代防火墙、入侵防御、网闸、网页应用防火墙、抗拒绝服务服务，覆盖三个院区出口和互联网接入区"
TABLE = f"\n\n| 序号 | 已部署内容 |\n|---|---|\n| 1 | {LONG} |\n| 2 | 终端检测与响应（EDR） |\n"


def test_widths_of_text():
    assert text_em("防火墙") == 3
    assert text_em("EDR") == pytest.approx(3 * 0.55)
    assert longest_unbreakable_em("防火墙") == 1  # a line may break after any Chinese character
    assert longest_unbreakable_em("终端检测与响应（EDR） 7×24") == pytest.approx(4 * 0.55)  # "7×24"


def test_shares_follow_the_content():
    fits = column_shares([["序号", "内容"], ["1", "短"]], width_em=37, cell_extra_em=0.8)
    assert fits == pytest.approx([0.5, 0.5])  # both fit: in proportion to their text
    shares = column_shares([["序号", "已部署内容"], ["1", LONG]], width_em=37, cell_extra_em=0.8)
    assert sum(shares) == pytest.approx(1)
    assert shares[0] == pytest.approx((2 + 0.8 + SLACK_EM) / 37)  # the short column keeps its header on one line
    assert shares[1] > 0.9  # the long column takes the rest
    assert column_shares([["a", "b"], ["c"]], 37, 0.8) == pytest.approx([0.5, 0.5])  # short rows are padded
    assert column_shares([], 37, 0.8) == []


def test_html_tables_carry_a_colgroup_only_when_measured():
    measured = to_html(TABLE, TableMeasure(width_em=37, cell_extra_em=0.8))
    widths = [float(w) for w in re.findall(r'<col style="width: ([\d.]+)%">', measured)]
    assert len(widths) == 2 and sum(widths) == pytest.approx(100, abs=0.02) and widths[0] < 15
    assert "<colgroup>" not in to_html(TABLE)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("columns")
    data = valid_application()
    data["service_plans"][0]["text"] += TABLE
    loaded = load_application(write(root, data))
    return build_application(loaded.app, ED, root / "out", progress=lambda message: None), root / "out"


def test_pdf_lays_the_table_out_with_those_widths(built):
    _, out = built
    html = subprocess.run([require_tool("pdftotext"), "-bbox", str(out / "工作方案.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    pages = html.split("<page ")
    page = next(p for p in pages if ">序号<" in p)
    words = {m[3]: float(m[1]) for m in re.finditer(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>([^<]+)<', page)}
    fmt = ED.formatting
    text_width = float(re.search(r'width="([\d.]+)"', page)[1]) * fmt.text_width_mm / fmt.page_mm[0]
    gap = words["已部署内容"] - words["序号"]  # where the second column begins, from the first
    assert 0 < gap < 0.2 * text_width  # equal columns would put it half the text width away
    assert "序号" in words  # a short column is not wrapped


def test_docx_grid_columns_use_those_widths(built):
    _, out = built
    document = docx.Document(out / "工作方案.docx")
    tbl = next(t for t in document.element.body.iter(qn("w:tbl"))  # tables inside content controls included
               if "".join(t.find(qn("w:tr")).itertext()).startswith("序号"))
    grid = [int(c.get(qn("w:w"))) for c in tbl.find(qn("w:tblGrid")).findall(qn("w:gridCol"))]
    section = document.sections[0]
    text_width = (section.page_width - section.left_margin - section.right_margin) / 635  # EMU → twips
    assert sum(grid) == pytest.approx(text_width, abs=3)
    assert grid[0] < 0.15 * sum(grid)
    cells = [int(w.get(qn("w:w"))) for w in tbl.findall(f"{qn('w:tr')}/{qn('w:tc')}/{qn('w:tcPr')}/{qn('w:tcW')}")]
    assert cells == grid * 3  # every row
