"""Print layout, judged on the pages a printer gets: every PDF download and every .docx download as LibreOffice
prints it, page by page as `pdftotext -layout` reads them (tests/printlayout.py finds the faults)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

import printlayout
from conftest import require_tool
from kit.edition import cn_date, default_edition
from kit.pdf import artifacts as pdf
from kit.pdf.render import declaration_html, html_to_pdf

pytestmark = [pytest.mark.site, pytest.mark.libreoffice]
ED = default_edition()
VOCABULARY = printlayout.signature_vocabulary(ED)
LABELS = printlayout.attachment_labels(ED)


@pytest.fixture(scope="module")
def downloads(site_dir, tmp_path_factory) -> list[printlayout.Download]:
    require_tool("soffice")
    require_tool("pdftotext")
    return printlayout.collect(site_dir, tmp_path_factory.mktemp("print"), printlayout.print_sources(site_dir))


def by_name(downloads, pattern: str) -> list[printlayout.Download]:
    found = [d for d in downloads if re.search(pattern, d.name)]
    assert found, f"没有名称匹配 {pattern} 的下载文件"
    return found


def test_every_document_download_is_checked(site_dir, downloads):
    names = {d.name for d in downloads}
    top = {p.name for p in (site_dir / "downloads").iterdir() if p.suffix in (".pdf", ".docx")}
    assert top <= names
    in_zips = set()
    for archive in (site_dir / "downloads").glob("*.zip"):
        if archive.name != "offline-site.zip":
            in_zips |= {f"{archive.name}/{m}" for m in zipfile.ZipFile(archive).namelist()
                        if m.endswith((".pdf", ".docx"))}
    # files identical to one already checked (an example's 工作方案 in its zip) are checked once
    assert len([n for n in in_zips if "责任声明" in n and n.endswith(".pdf")]) == \
        len([n for n in names if "责任声明" in n and n.endswith(".pdf")])
    assert all(d.layout_pages for d in downloads)


def test_no_page_holds_a_lone_signature_line_or_split_row(downloads):
    faults = [f"{d.name} 第{page}页：{fault}" for d in downloads
              for page, fault in printlayout.faults(d, VOCABULARY, LABELS)]
    assert not faults, "打印版式问题：\n" + "\n".join(faults)


# ---------------------------------------------------------------- the checks themselves can fail

def page(*lines: str) -> str:
    return "\n".join(["    虚构示例：文中所有单位均为虚构", *lines, "", "                    — 3 —"])


def fake(pages: list[str], rows=(), titles=()) -> printlayout.Download:
    return printlayout.Download("fake.pdf", Path("fake.pdf"), printlayout.Structure(list(rows), list(titles)),
                                layout_pages=pages, raw_pages=pages)


def kinds(download) -> list[tuple[int, str]]:
    return [(n, fault.split(":")[0]) for n, fault in printlayout.faults(download, VOCABULARY, LABELS)]


def test_a_page_of_signature_lines_only_is_a_fault():
    text = page("    5. 试点期内存在责任落实不到位……", "    我单位对违反上述声明导致的后果承担全部法律责任。")
    signature = page("              法定代表人：", "              单位（盖章）：", "              上海市示例区虚构医院",
                     "              公章处", "              2024 年 5 月 24 日")
    assert kinds(fake([text, signature])) == [(2, "SIGNATURE_ONLY")]
    assert kinds(fake([text + "\n" + signature])) == []


def test_a_signature_opening_a_page_after_text_is_a_fault():
    text = page("真实性承诺", "    我单位申报的所有材料，均真实、完整。")
    rest = page("法定代表人签章：", "牵头申报单位公章：", "年 月 日", "（根据联合申报单位数量自行调整）")
    assert kinds(fake([text, rest])) == [(2, "DETACHED_SIGNATURE")]


def test_a_page_with_one_line_is_a_fault():
    assert kinds(fake([page("第一行", "第二行"), page("2024年4月25日")])) == [(2, "SIGNATURE_ONLY")]
    assert kinds(fake([page("第一行", "第二行"), page("附")])) == [(2, "LONE_LINE")]
    assert kinds(fake([page("第一行", "第二行"), page("第三行", "第四行")])) == []


def test_an_attachment_label_at_the_foot_of_a_page_is_a_fault():
    assert kinds(fake([page("正文", "附"), page("网络安全保险服务方案", "正文")])) == [(1, "STRANDED_LABEL")]
    assert kinds(fake([page("正文", "正文"), page("附", "网络安全保险服务方案")])) == []


def test_a_row_across_two_pages_is_a_fault():
    row = ["组织机构代码/三证合一码", "91310000MA1K000000"]
    whole = fake([page("联系人", "组织机构代码/三证合一码 91310000MA1K000000"), page("其他", "其他")], rows=[row])
    split = fake([page("联系人", "组织机构代码/"), page("三证合一码 91310000MA1K000000", "其他")], rows=[row])
    assert kinds(whole) == []
    assert kinds(split) == [(1, "SPLIT_ROW")]


def test_a_title_with_a_stranded_word_is_a_fault():
    title = "关于组织开展 2024 本市卫生健康行业网络安全保险服务试点工作的通知"
    good = fake([page("关于组织开展 2024 本市", "卫生健康行业网络安全保险服务试点工作的通知", "正文")], titles=[title])
    bad = fake([page("关于组织开展 2024", "本市", "卫生健康行业网络安全保险服务试点工作的通知", "正文")], titles=[title])
    assert kinds(good) == []
    assert kinds(bad) == [(1, "TITLE_BREAK")]


def test_the_checks_see_a_signature_pushed_to_its_own_page(tmp_path):
    """Rendered, not made up: the declaration with its signature forced onto a new page is flagged."""
    html = declaration_html(ED).replace("</style>", ".signature { break-before: page; }</style>", 1)
    target = tmp_path / "pushed.pdf"
    html_to_pdf(html, target, "x", forms=False)
    download = fake(printlayout.pdf_pages(target, "-layout"))
    assert kinds(download) == [(2, "SIGNATURE_ONLY")]


# ---------------------------------------------------------------- what the prints hold

def text_of(download) -> str:
    """The printed text without page numbers and running headers."""
    return printlayout.squash("".join("".join(printlayout.content_lines(p)) for p in download.layout_pages))


def test_the_notice_print_is_the_official_text_only(downloads, site_dir):
    [notice] = by_name(downloads, rf"^{re.escape(pdf.NOTICE_PDF)}$")
    text = text_of(notice)
    page = printlayout.lxml_html.parse(str(printlayout.print_sources(site_dir)[pdf.NOTICE_PDF]))
    boxes = [printlayout.squash(box.text_content()) for box in page.iter("div")
             if "admonition" in box.get("class", "").split()]
    assert len(boxes) >= 2, "网页上应有说明和解读方框（本测试依据它们核对打印版）"
    for box in boxes:  # the web-only note and every 解读 box: none of their sentences is printed
        for sentence in filter(None, re.split(r"[。；]", box)):
            assert sentence not in text, f"通知全文打印版含有网页上的说明文字：{sentence}"
    assert printlayout.squash(ED.notice.number) in text
    assert text.endswith(printlayout.squash(cn_date(ED.issued))), "通知全文应以落款日期结束"


def test_the_annex_print_holds_the_declaration_and_sets_commentary_apart(downloads):
    [guide] = by_name(downloads, rf"^{re.escape(pdf.ANNEX_GUIDE_PDF)}$")
    pages = [printlayout.squash(p) for p in guide.layout_pages]
    closing = next(i for i, p in enumerate(pages) if printlayout.squash(ED.declaration.closing) in p)
    assert printlayout.squash(ED.declaration.title) in "".join(pages[:closing + 1])
    commentary = next(i for i, p in enumerate(pages) if printlayout.squash(pdf_commentary_heading()) in p)
    assert commentary > closing, "解读应在附件原文（含责任声明）之后另列"
    assert not any("解读" in p for p in pages[:commentary])


def pdf_commentary_heading() -> str:
    from kit.pdf.pages import COMMENTARY_HEADING

    return COMMENTARY_HEADING


def test_worked_examples_show_no_template_prompts(downloads):
    from kit.docx.formtable import JOINT_PLACEHOLDERS, KIND_PLACEHOLDERS, NOTE_PLACEHOLDER

    # the note's prompt follows the official label 其他（请注明） and its colon
    prompts = {*JOINT_PLACEHOLDERS.values(), f"：{NOTE_PLACEHOLDER}", KIND_PLACEHOLDERS["text"]}
    for download in by_name(downloads, r"^shili-.*gongzuo-fangan\.(docx|pdf)$"):
        text = text_of(download)
        shown = [p for p in prompts if printlayout.squash(p) in text]
        assert not shown, f"{download.name} 仍显示模板的提示文字：{shown}"


def page_numbers(download) -> list[str | None]:
    numbers = []
    for text in download.layout_pages:
        found = [line.strip() for line in text.splitlines() if printlayout.PAGE_NUMBER.match(line.strip())]
        numbers.append(re.sub(r"\D", "", found[-1]) if found else None)
    return numbers


def test_an_example_numbers_its_pages_alike_in_word_and_pdf(downloads):
    for word in by_name(downloads, r"^shili-.*gongzuo-fangan\.docx$"):
        [printed] = by_name(downloads, "^" + re.escape(word.name.replace(".docx", ".pdf")) + "$")
        for download in (word, printed):
            numbers = page_numbers(download)
            assert numbers[0] is None, f"{download.name}：封面不应有页码"
            assert numbers[1:] == [str(n) for n in range(1, len(numbers))], f"{download.name}：{numbers}"


@pytest.mark.browser
def test_printing_the_annex_page_from_the_browser_keeps_labels_and_signatures_with_their_text(page, site_url,
                                                                                            tmp_path):
    """The site's print stylesheet, as Chromium prints the annex page on A4."""
    page.goto(f"{site_url}/annex.html")
    page.emulate_media(media="print")
    target = tmp_path / "annex-print.pdf"
    page.pdf(path=str(target), format="A4")
    printed = fake(printlayout.pdf_pages(target, "-layout"))
    assert len(printed.layout_pages) > 1
    faults = printlayout.faults(printed, VOCABULARY, LABELS)
    assert not faults, faults


def test_the_pledge_signed_by_the_most_units_allowed_fits_its_page(tmp_path):
    """A lead and every joint unit the notice allows: their signature blocks stay on the pledge's page, in the
    PDF and in the .docx as LibreOffice prints it."""
    from kit.docx.filled import write_filled_annex as write_word
    from kit.filling import FilledApplication
    from kit.pdf.filled import filled_jobs
    from kit.pdf.typeset import typeset_all

    units = ED.limits.max_joint_applicants
    values = {"plan_name": "虚构示例方案", "lead_name": "上海市示例区虚构医院", "intro": "虚构示例简介。" * 50,
              **{f"joint_{i}_name": f"虚构示例单位{i}" for i in range(1, units + 1)}}
    filled = FilledApplication(title="虚构示例方案", values=values, joint_units=units,
                               prose={p.id: "虚构示例正文。" * 200 for p in ED.annex.parts})
    typeset_all(filled_jobs(ED, filled, tmp_path / "annex.pdf", []))
    write_word(ED, filled, tmp_path / "annex.docx")
    printed = printlayout.print_with_libreoffice([tmp_path / "annex.docx"], tmp_path / "lo")[tmp_path / "annex.docx"]
    for pdf_file in (tmp_path / "annex.pdf", printed):
        pages = printlayout.pdf_pages(pdf_file, "-layout")
        with_pledge = [n for n, text in enumerate(pages) if printlayout.squash(ED.annex.pledge.text) in
                       printlayout.squash(text)]
        assert with_pledge, pdf_file.name
        pledge_page = printlayout.squash(pages[with_pledge[0]])
        joint_line = printlayout.squash(ED.annex.pledge.joint_signature[-1])
        assert pledge_page.count(joint_line) == units, f"{pdf_file.name}：签章栏未全部与承诺同页"
        assert not printlayout.faults(fake(pages), VOCABULARY, LABELS)
