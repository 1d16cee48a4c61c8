"""A filled application laid out by Typst (kit.pdf.typeset): what the viewers draw, the applicant's text printed as
text whatever it holds, characters no stack font has, and the process that lays out."""

from __future__ import annotations

import difflib
import subprocess
import sys
from pathlib import Path

import pytest

import viewers
from appfactory import valid_application, write
from conftest import require_tool

KIT = [sys.executable, "-m", "kit.cli"]
TYPST_MARKUP = ['#read("/etc/passwd")', "#set page(width: 1cm)", "$x^2$", "@ref", "<lab>", "\\u{41}", "]["]
DEEP = 40  # list levels: more than Typst's JSON reader and function calls allow
RARE = "𠀀"  # CJK extension B: in no font of the stacks
PLAN_NAME = "虚构示例医院网络安全保险服务试点方案"
LEAD = "上海市虚构示例第一医院（虚构示例）"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("typeset")
    data = valid_application()
    data["lead"]["contact"] = "示例" + RARE + "联系人"
    markup = "本段含 Typst 的写法：" + " ".join(f"`{m}`" if m.startswith("#") else m for m in TYPST_MARKUP)
    deep = "\n".join("    " * level + f"- 第{level + 1}层" for level in range(DEEP))
    data["parts"]["security_status"] += "\n\n" + markup.replace("`", "") + "\n\n" + deep + "\n"
    result = subprocess.run([*KIT, "build", "--quiet", str(write(root, data)), "-o", str(root / "out")],
                            capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    return root / "out" / "工作方案.pdf"


def text_of(pdf: Path) -> str:
    return subprocess.run([require_tool("pdftotext"), str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_typst_markup_in_the_applicants_text_is_printed_as_text(built):
    text = text_of(built)
    for markup in TYPST_MARKUP:
        assert markup in text, markup
    assert "root:" not in text  # nothing was read


def test_a_list_nested_deeper_than_typst_allows_is_printed(built):
    flat = "".join(text_of(built).split())
    for level in (1, 12, DEEP):
        assert f"第{level}层" in flat


def test_a_character_no_stack_font_has_comes_from_a_fallback_font(built):
    covering = subprocess.run(["fc-list", f":charset={ord(RARE):x}", "family"], capture_output=True, text=True)
    if not covering.stdout.strip():
        pytest.fail(f"本机没有字体含 {RARE}：请运行 make test（安装 fonts-hanazono）")
    fonts = subprocess.run([require_tool("pdffonts"), str(built)], capture_output=True, text=True, check=True).stdout
    assert "HanaMin" in fonts or any(f.split(",")[0].replace(" ", "") in fonts
                                     for f in covering.stdout.split("\n") if f)
    assert "示例" + RARE + "联系人" in text_of(built)


def test_every_document_has_one_title_in_its_information_and_its_metadata(built):
    """Viewers show the title from either place (pdf.js prefers the XMP's dc:title): each unit's 责任声明 is told
    apart by its unit there."""
    import pikepdf

    documents = sorted(built.parent.glob("*.pdf"))
    assert len(documents) == 3  # the 工作方案, the lead's and the joint unit's 责任声明
    for path in documents:
        with pikepdf.open(path) as pdf:
            title = str(pdf.trailer.Info.Title)
            assert pdf.open_metadata().get("dc:title") == title, path.name
            if path.name.startswith("责任声明"):
                assert title.endswith("）") and path.stem.split("-", 2)[2] in title, title


def lines_of(pdf: Path, page: int, wanted: list[str]) -> dict[str, tuple[str, list[float]]]:
    """The text and box (PDF points, origin at the foot) of the printed line that holds each of *wanted*."""
    from lxml import etree

    xml = subprocess.run([require_tool("pdftotext"), "-bbox-layout", "-f", str(page + 1), "-l", str(page + 1),
                          str(pdf), "-"], capture_output=True, check=True).stdout
    root = etree.fromstring(xml.replace(b'xmlns="http://www.w3.org/1999/xhtml"', b""))
    height = float(root.find(".//page").get("height"))
    found = {}
    for line in root.iter("line"):
        text = "".join(w.text or "" for w in line.iter("word"))
        for w in wanted:
            if w in text and w not in found:
                x0, y0, x1, y1 = (float(line.get(k)) for k in ("xMin", "yMin", "xMax", "yMax"))
                found[w] = (text, [x0, height - y1, x1, height - y0])
    assert set(found) == set(wanted), found
    return found


@pytest.mark.slow
def test_the_cover_reads_right_in_poppler_mupdf_and_pdfium(built, tmp_path):
    """Judged on pixels: the plan's name and the lead unit, cropped from the cover as each renderer draws it, read
    by OCR — after the OCR has read the same text drawn plainly."""
    require_tool("tesseract")
    require_tool("mutool")
    lines = list(lines_of(built, 0, [PLAN_NAME, LEAD]).values())  # each with its label: 方案名称：…
    texts = [viewers.normalise(text) for text, _ in lines]
    plain = viewers.ocr([viewers.plain(text, 400, 14) for text in texts], tmp_path / "plain")
    for got, text in zip(plain, texts):
        assert difflib.SequenceMatcher(None, got, text).ratio() >= 0.95, got
    height = viewers.page_height(built, 0)
    images = {"Poppler": viewers.render_poppler(built, 0), "MuPDF": viewers.render_mupdf(built, 0),
              "PDFium": viewers.render_pdfium(built, [0])[0]}
    for name, image in images.items():
        crops = [viewers.crop(image, box, height, pad=3) for _, box in lines]
        for got, text in zip(viewers.ocr(crops, tmp_path / name), texts):
            assert difflib.SequenceMatcher(None, got, text).ratio() >= 0.95, (name, got, text)


FORK_AFTER_TYPST = """
import sys
from pathlib import Path

from kit.assemble import pdf_helper
from kit.edition import default_edition
from kit.filling import FilledDeclaration
from kit.pdf.filled import declaration_data
from kit.pdf.typeset import typeset

data = declaration_data(default_edition(), FilledDeclaration("上海市示例区虚构医院"))
typeset(data, {}, Path(sys.argv[1]) / "first.pdf")  # Typst's thread pool now runs in this process
helper = pdf_helper()
helper.submit(typeset, data, {}, Path(sys.argv[1]) / "second.pdf").result(timeout=60)
helper.shutdown()
print("done")
"""


def test_a_process_that_has_laid_out_starts_its_helper_safely(tmp_path):
    """Forked from a process whose Typst pool runs, the helper would wait forever (kit.processes.start_method)."""
    done = subprocess.run([sys.executable, "-c", FORK_AFTER_TYPST, str(tmp_path)], capture_output=True, text=True,
                          timeout=120, cwd=Path(__file__).parents[1])
    assert done.returncode == 0 and done.stdout.strip() == "done", done.stderr
    assert (tmp_path / "second.pdf").stat().st_size > 10_000
