"""Figures, footnotes and nested numbered lists in an applicant's Markdown: kit build puts them into the .docx
(through pandoc) and the PDF, and we look at what the user's tools make of them — python-docx reading the file,
LibreOffice printing it, Poppler reading both PDFs. Every image is generated here from text; nothing is committed."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from lxml import etree
from PIL import Image, ImageDraw

from appfactory import ED, valid_application, write
from conftest import pdftotext, require_tool
from kit.application import load_application
from kit.assemble import build_application
from kit.check.rules import _plan_shown
from kit.check.run import load_any
from kit.check.wordcount import count
from kit.docx import prose
from kit.docx.styles import CAPTION
from kit.figures import collect

RED, GREEN, BLUE = (220, 40, 40), (40, 160, 60), (30, 64, 255)
SVG = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 120">'
       '<rect width="300" height="120" fill="#1e40ff"/>'
       '<text x="20" y="70" font-size="30" fill="#fff">理赔流程</text></svg>')
CAPTIONS = ["网络拓扑图（虚构示例）", "应急响应流程（虚构示例）", "理赔流程（虚构示例）"]
NOTE = "图中单位与系统均为虚构。"
NUMBERED = ["1.事前预防", "（1）风险评估", "（2）漏洞扫描", "①互联网出口", "2.事中防护", "3.事后补偿"]
FIGURES_MD = f"""

### 图与列表

下图为虚构示例的网络拓扑[^topo]。

![{CAPTIONS[0]}](figures/topo.png)

![{CAPTIONS[1]}](figures/flow.jpg)

![{CAPTIONS[2]}](figures/claims.svg)

1. 事前预防
    1. 风险评估
    2. 漏洞扫描
        1. 互联网出口
2. 事中防护
3. 事后补偿

[^topo]: {NOTE}
"""


def make_images(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    topo = Image.new("RGB", (800, 400), RED)
    ImageDraw.Draw(topo).rectangle([100, 100, 700, 300], fill=(255, 255, 255))
    topo.save(folder / "topo.png")
    Image.new("RGB", (600, 900), GREEN).save(folder / "flow.jpg", quality=90)
    (folder / "claims.svg").write_text(SVG, encoding="utf-8")


def application(root: Path, extra: str = FIGURES_MD) -> Path:
    make_images(root / "figures")
    data = valid_application()
    data["service_plans"][0]["text"] += extra
    return write(root, data)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("figures")
    loaded = load_application(application(root))
    build_application(loaded.app, ED, root / "out", progress=lambda m: None, figures=collect(loaded))
    return root, root / "out" / "工作方案.docx", root / "out" / "工作方案.pdf"


@pytest.fixture(scope="module")
def lo_pdf(built, tmp_path_factory) -> Path:
    """The built .docx as LibreOffice prints it."""
    _, docx_path, _ = built
    out, profile = tmp_path_factory.mktemp("lo"), tmp_path_factory.mktemp("lo-profile")
    command = [require_tool("soffice"), f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
               "--convert-to", "pdf", "--outdir", str(out), str(docx_path)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    return out / "工作方案.pdf"


def images_listed(pdf: Path) -> list[dict]:
    lines = subprocess.run([require_tool("pdfimages"), "-list", str(pdf)], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]
    keys = ("page", "num", "type", "width", "height", "color", "comp", "bpc", "enc")
    return [dict(zip(keys, line.split())) for line in lines if line.strip()]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_word_holds_the_figures_at_text_width(built):
    _, docx_path, _ = built
    document = docx.Document(str(docx_path))
    shapes = document.inline_shapes
    assert len(shapes) == 3
    text_width_emu = round(ED.formatting.text_width_mm * 36000)
    widths = sorted(shape.width for shape in shapes)
    assert widths[1] == widths[2] == text_width_emu  # the wide PNG and the SVG: exactly the text width
    tall = min(shapes, key=lambda s: s.width)  # the 600 × 900 JPEG: as tall as the page allows, aspect kept
    assert tall.height == pytest.approx(ED.formatting.text_height_mm * 0.8 * 36000, rel=0.01)
    assert tall.width / tall.height == pytest.approx(600 / 900, rel=0.01)
    captions = [p.text for p in document.paragraphs if p.style.style_id == CAPTION]
    assert captions == CAPTIONS
    media = {part.partname.ext for part in document.part.package.iter_parts() if "/media/" in part.partname}
    assert {"png", "jpg", "svg"} <= media  # the SVG itself, and the PNG pandoc draws for editors without SVG


def test_word_has_a_real_footnote_and_numbered_lists(built):
    _, docx_path, _ = built
    document = docx.Document(str(docx_path))
    notes = document.part.part_related_by("http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes")
    assert NOTE in "".join(t.text or "" for t in etree.fromstring(notes.blob).iter(qn("w:t")))
    body = document.element.body
    assert len(body.findall(".//" + qn("w:footnoteReference"))) == 1
    items = {p.text: p._p.find(".//" + qn("w:ilvl")) for p in document.paragraphs}
    levels = {text: int(ilvl.get(qn("w:val"))) for text, ilvl in items.items() if ilvl is not None}
    # each item's text is just its words: the numbers are Word numbering, not typed markers
    assert levels == {"事前预防": 0, "风险评估": 1, "漏洞扫描": 1, "互联网出口": 2, "事中防护": 0, "事后补偿": 0}


@pytest.mark.libreoffice
def test_libreoffice_prints_images_numbers_and_the_note(lo_pdf):
    images = images_listed(lo_pdf)
    sizes = {(int(i["width"]), int(i["height"])) for i in images}
    assert {(800, 400), (600, 900)} <= sizes  # the PNG and the JPEG, at their own resolution
    assert len(images) >= 3  # and the SVG (as its PNG copy or as a drawing of its own)
    text = squash(pdftotext(lo_pdf))
    for caption in CAPTIONS:
        assert caption in text
    assert NOTE in text
    layout = subprocess.run([require_tool("pdftotext"), "-layout", "-enc", "UTF-8", str(lo_pdf), "-"],
                            capture_output=True, text=True, check=True).stdout
    lines = [squash(line) for line in layout.splitlines() if line.strip()]
    start = lines.index("1.事前预防")
    assert lines[start:start + 6] == NUMBERED


def test_pdf_has_the_figures_and_the_footnote(built):
    _, _, pdf = built
    images = images_listed(pdf)
    assert {(int(i["width"]), int(i["height"])) for i in images} == {(800, 400), (600, 900)}
    pages = pdftotext(pdf).split("\f")
    text = squash("".join(pages))
    for caption in CAPTIONS:
        assert caption in text
    assert "".join(NUMBERED) in text
    note_page = next(i for i, page in enumerate(pages) if NOTE in squash(page))
    call_page = next(i for i, page in enumerate(pages) if "网络拓扑1" in squash(page))
    assert note_page == call_page  # at the foot of the page that calls it


def test_pdf_draws_the_svg(built, tmp_path):
    """The SVG stays a vector drawing in the PDF: no image to list, so look at the page's pixels."""
    _, _, pdf = built
    pages = pdftotext(pdf).split("\f")
    page = next(i for i, text in enumerate(pages, 1) if CAPTIONS[2] in squash(text))
    subprocess.run([require_tool("pdftoppm"), "-r", "30", "-f", str(page), "-l", str(page), "-png", str(pdf),
                    str(tmp_path / "p")], check=True)
    image = Image.open(next(tmp_path.glob("p*.png"))).convert("RGB")
    blue = sum(1 for px in image.get_flattened_data() if abs(px[0] - BLUE[0]) < 20 and abs(px[1] - BLUE[1]) < 20
               and abs(px[2] - BLUE[2]) < 20)
    assert blue > 0.1 * image.width * image.height


def test_figures_and_footnotes_do_not_count(tmp_path, monkeypatch):
    """字数 as Word's 字数统计 counts the body: a figure adds nothing but its caption, which is text; footnotes are
    not counted (the checker reads a .docx's body). The .yaml and the built .docx agree."""
    with_figures = load_application(application(tmp_path / "a"))
    plain = FIGURES_MD.replace(f"[^topo]: {NOTE}", "").replace("[^topo]", "")
    plain = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", plain)  # each figure replaced by its caption as a paragraph
    without = load_application(application(tmp_path / "b", plain))
    counts = [count(_plan_shown(la, 1, la.app.service_plans[0])) for la in (with_figures, without)]
    assert counts[0] == counts[1]
    runs = []
    real_run = prose.subprocess.run
    monkeypatch.setattr(prose.subprocess, "run", lambda *a, **k: runs.append(str(a[0][0])) or real_run(*a, **k))
    build_application(with_figures.app, ED, tmp_path / "out", progress=lambda m: None,
                      figures=collect(with_figures))
    assert len([r for r in runs if Path(r).name == "pandoc"]) == 1  # every text of the 工作方案 in one pandoc run; the declarations need none
    from_docx = load_any(tmp_path / "out" / "工作方案.docx", ED)
    assert count(_plan_shown(from_docx, 1, from_docx.app.service_plans[0])) == counts[0]
